/* Transaction graphs: any format rf_ingest reads (AMLworld, AMLSim, redflag)
 * becomes a directed graph account -> account, weight = amount, with
 * parallel transactions merged (total amount, count, first/last time). */
#include "graph/graph_i.h"
#include "redflag/ingest.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

rf_status rf_graph_i_read_ingest(rf_graph **out, const char *path, const rf_graph_read_opts *o,
                                 rf_graph_read_stats *stats, rf_error *err) {
  rf_graph_read_stats dummy;
  rf_graph_read_stats *st = stats ? stats : &dummy;
  memset(st, 0, sizeof *st);
  rf_ingest_opts io = {0};
  io.format = o->format == RF_GRAPH_AMLWORLD ? RF_FMT_AMLWORLD
              : o->format == RF_GRAPH_AMLSIM ? RF_FMT_AMLSIM
                                             : RF_FMT_REDFLAG;
  io.jsonl = -1;
  io.max_lateness = INT64_MAX / 4; /* a graph does not care about arrival order */
  io.max_jump = -1;
  io.skip = RF_INGEST_SKIP_BANKS; /* nodes are accounts */
  rf_ingest *r = NULL;
  rf_status s = rf_ingest_open(&r, path, &io, err);
  if (s != RF_OK) return s;
  rf_graph_builder *b = NULL;
  if (rf_graph_builder_new(&b, 1) != RF_OK) {
    rf_ingest_close(r);
    return rf_error_set(err, RF_ENOMEM, "%s: out of memory", path);
  }
  rf_graph_builder_set_merge(b, o->merge);
  rf_txn t;
  rf_error e;
  for (;;) {
    rf_error_clear(&e);
    s = rf_ingest_next(r, &t, &e);
    if (s == RF_EEMPTY) break;
    if (s == RF_EIO) {
      rf_error_set(err, RF_EIO, "%s", e.msg);
      goto fail;
    }
    st->rows++;
    if (s != RF_OK) {
      st->rejected++;
      if (o->on_reject) o->on_reject(o->ctx, &e);
      continue;
    }
    double w = o->weighted ? t.amount : 1.0;
    if (!isfinite(w) || w <= 0) {
      st->rejected++;
      st->nonpositive++;
      rf_graph_i_reject(o, st, RF_EPARSE, "%s:%llu: field amount: %g is not positive (skipped)",
                        path, (unsigned long long)t.line, w);
      continue;
    }
    if (t.src == RF_NONE || t.dst == RF_NONE) {
      st->skipped++; /* cash in or out: no counterparty account, no edge */
      continue;
    }
    if (t.src == t.dst) st->self_loops++;
    if (rf_graph_builder_edge_id(b, t.src, t.dst, w, t.time) != RF_OK) {
      rf_error_set(err, RF_ENOMEM, "%s:%llu: out of memory", path, (unsigned long long)t.line);
      goto fail;
    }
    st->edges++;
  }
  /* labels: ingest account ids are dense, so node id == account id */
  size_t na = rf_ingest_naccounts(r);
  for (size_t i = 0; i < na; i++) {
    const char *lab = rf_ingest_account(r, (uint32_t)i);
    char tmp[32];
    if (!lab) snprintf(tmp, sizeof tmp, "#%zu", i), lab = tmp;
    int64_t id = rf_graph_builder_node(b, lab);
    if (id != (int64_t)i) {
      rf_error_set(err, RF_EINVAL, "%s: account labels are not unique (account %zu)", path, i);
      goto fail;
    }
  }
  rf_ingest_close(r);
  rf_graph *g = NULL;
  if ((s = rf_graph_builder_finish(b, &g, o->keep_self_loops, err)) != RF_OK) return s;
  st->duplicates = g->merged;
  *out = g;
  return RF_OK;
fail:
  rf_ingest_close(r);
  rf_graph_builder_free(b);
  return err ? err->code : RF_EIO;
}
