/* libFuzzer target: redflag-format CSV through every detector. Settings are
 * loose (no materiality floor, short gaps, low counts) so that small inputs
 * reach the detectors; every alert must be well formed: accounts and
 * evidence lines that exist, scores in [0, 1], windows in order. A second
 * monitor streams its alerts to a sink (evidence released on half the
 * inputs): every alert must arrive exactly once, as rf_monitor_finish gives
 * it, and the evaluation must not change. */
#include "fuzz_ingest_common.h"
#include "redflag/monitor.h"

#include <string.h>

typedef struct rf_fuzz_sink {
  uint64_t *hash; /* by alert id - 1; 0 = not delivered */
  size_t n;
} rf_fuzz_sink;

static uint64_t rf_fuzz_mix(uint64_t h, const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 0x100000001b3ULL;
  return h;
}

/* everything an alert says (never 0) */
static uint64_t rf_fuzz_alert_hash(const rf_alert *a) {
  uint64_t h = 0xcbf29ce484222325ULL;
  h = rf_fuzz_mix(h, &a->typology, sizeof a->typology);
  h = rf_fuzz_mix(h, &a->window_start, sizeof a->window_start);
  h = rf_fuzz_mix(h, &a->window_end, sizeof a->window_end);
  h = rf_fuzz_mix(h, &a->score, sizeof a->score);
  h = rf_fuzz_mix(h, &a->value, sizeof a->value);
  h = rf_fuzz_mix(h, a->accounts, a->naccounts * sizeof *a->accounts);
  for (size_t k = 0; k < a->ntxns; k++)
    h = rf_fuzz_mix(h, &a->txns[k].line, sizeof a->txns[k].line);
  if (a->explanation) h = rf_fuzz_mix(h, a->explanation, strlen(a->explanation));
  return h ? h : 1;
}

static int rf_fuzz_on_alerts(void *ud, const rf_alert *const *a, size_t n) {
  rf_fuzz_sink *s = ud;
  for (size_t i = 0; i < n; i++) {
    uint64_t id = a[i]->id;
    if (!id) abort();
    if (id > s->n) {
      size_t cap = (size_t)id * 2;
      uint64_t *p = realloc(s->hash, cap * sizeof *p);
      if (!p) abort();
      memset(p + s->n, 0, (cap - s->n) * sizeof *p);
      s->hash = p;
      s->n = cap;
    }
    if (s->hash[id - 1]) abort(); /* delivered twice */
    s->hash[id - 1] = rf_fuzz_alert_hash(a[i]);
  }
  return 0;
}

static void rf_fuzz_same_eval(const rf_monitor_eval *x, const rf_monitor_eval *y) {
  if (x->txn.tp != y->txn.tp || x->txn.fp != y->txn.fp || x->txn.fn != y->txn.fn) abort();
  if (x->account.tp != y->account.tp || x->account.fp != y->account.fp) abort();
  if (x->account.fn != y->account.fn || x->txn_behaviour.tp != y->txn_behaviour.tp) abort();
  for (int i = 0; i < RF_TYP_COUNT; i++)
    if (x->alerts[i] != y->alerts[i] || x->alerts_true[i] != y->alerts_true[i] ||
        x->txns_covered[i] != y->txns_covered[i])
      abort();
}

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
  rf_monitor *m2 = NULL;
  if (rf_monitor_new(&m2, &c, &err) != RF_OK) abort();
  rf_monitor_set_text(m2, rf_fuzz_text, r);
  rf_fuzz_sink sk = {0};
  rf_monitor_sink sink = {
      .fn = rf_fuzz_on_alerts, .ud = &sk, .lateness = o.max_lateness, .release = (int)(size & 4)};
  rf_monitor_set_sink(m2, &sink);
  rf_txn t;
  rf_status st;
  uint64_t lines = 0;
  while ((st = rf_ingest_next(r, &t, &err)) != RF_EEMPTY) {
    if (st == RF_ENOMEM || st == RF_EIO) abort();
    if (st != RF_OK) continue;
    st = rf_monitor_push(m, &t);
    if (st != RF_OK && st != RF_ELIMIT) abort();
    if (rf_monitor_push(m2, &t) != st) abort();
    if (t.line > lines) lines = t.line;
  }
  rf_monitor_finish(m);
  if (rf_monitor_finish(m2) != RF_OK) abort();
  if (rf_monitor_nalerts(m2) != rf_monitor_nalerts(m) || sk.n < rf_monitor_nalerts(m)) abort();
  for (size_t i = 0; i < rf_monitor_nalerts(m); i++)
    if (sk.hash[i] != rf_fuzz_alert_hash(rf_monitor_alert(m, i))) abort();
  rf_monitor_eval e1, e2;
  if (rf_monitor_evaluate(m, NULL, NULL, 0, &e1, &err) != RF_OK ||
      rf_monitor_evaluate(m2, NULL, NULL, 0, &e2, &err) != RF_OK)
    abort();
  rf_fuzz_same_eval(&e1, &e2);
  free(sk.hash);
  rf_monitor_free(m2);
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
