/* libFuzzer target: redflag-format CSV through every detector. Settings are
 * loose (no materiality floor, short gaps, low counts) so that small inputs
 * reach the detectors; every alert must be well formed: accounts and
 * evidence lines that exist, scores in [0, 1], windows in order. */
#include "fuzz_ingest_common.h"
#include "redflag/monitor.h"

static const char *rf_fuzz_text(void *ud, uint32_t id) { return rf_ingest_text(ud, id); }

static void rf_fuzz_config(rf_monitor_config *c, size_t size) {
  rf_monitor_config_defaults(c);
  c->min_amount = 0;
  c->struct_threshold = 100;
  c->fan_min_degree = 2;
  c->sg_min_paths = 2;
  c->gs_min_degree = 2;
  c->funnel_min_sources = 2;
  c->funnel_min_places = 2;
  c->funnel_min_amount = 1;
  c->pass_min_amount = 1;
  c->corridor_min_amount = 0;
  c->dormant_gap = 60;
  c->dormant_min_amount = 0;
  c->spike_min_history = 60;
  c->spike_min_days = 1;
  c->spike_min_amount = 0;
  c->max_edges = 8; /* exercises the ring drop */
  c->history_factor = size & 2 ? 0 : 5;
  c->young_pass = (int)(size & 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  rf_ingest_opts o = {0};
  o.format = RF_FMT_REDFLAG;
  o.max_lateness = 3600;
  rf_ingest *r = NULL;
  rf_error err;
  if (rf_ingest_open_mem(&r, (const char *)data, size, "fuzz", &o, &err) != RF_OK) return 0;
  rf_monitor_config c;
  rf_fuzz_config(&c, size);
  rf_monitor *m = NULL;
  if (rf_monitor_new(&m, &c, &err) != RF_OK) abort();
  rf_monitor_set_text(m, rf_fuzz_text, r);
  rf_txn t;
  rf_status st;
  uint64_t lines = 0;
  while ((st = rf_ingest_next(r, &t, &err)) != RF_EEMPTY) {
    if (st == RF_ENOMEM || st == RF_EIO) abort();
    if (st != RF_OK) continue;
    st = rf_monitor_push(m, &t);
    if (st != RF_OK && st != RF_ELIMIT) abort();
    if (t.line > lines) lines = t.line;
  }
  rf_monitor_finish(m);
  size_t na = rf_ingest_naccounts(r);
  for (size_t i = 0; i < rf_monitor_nalerts(m); i++) {
    const rf_alert *a = rf_monitor_alert(m, i);
    if (!a->naccounts || !a->ntxns || !a->explanation) abort();
    if (!(a->score >= 0 && a->score <= 1) || a->window_start > a->window_end) abort();
    for (size_t k = 0; k < a->naccounts; k++)
      if (a->accounts[k] >= na) abort();
    for (size_t k = 0; k < a->ntxns; k++) {
      const rf_alert_txn *x = &a->txns[k];
      if (!x->line || x->line > lines) abort();
      if ((x->src != RF_NONE && x->src >= na) || (x->dst != RF_NONE && x->dst >= na)) abort();
      if (x->src == RF_NONE && x->dst == RF_NONE) abort();
    }
  }
  rf_monitor_free(m);
  rf_ingest_close(r);
  return 0;
}
