/* Shared body of the graph-reader fuzz targets (fuzz_edgelist, fuzz_matrix, fuzz_rda):
 * the first byte picks the options (directed, weighted, self loops, merge
 * policy, bipartite); the graph must come out consistent and the row
 * accounting must balance. */
#ifndef RF_FUZZ_GRAPH_COMMON_H
#define RF_FUZZ_GRAPH_COMMON_H
#include "redflag/graph.h"
#include "redflag/network.h"

#include <stdlib.h>
#include <string.h>

static void rf_i_ignore(void *ctx, const rf_error *e) {
  (void)ctx;
  (void)e;
}

static int rf_i_fuzz_graph(rf_graph_format format, const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  uint8_t flags = data[0];
  rf_graph_read_opts o = {0};
  o.format = format;
  o.directed = flags & 1;
  o.weighted = (flags >> 1) & 1;
  o.keep_self_loops = (flags >> 2) & 1;
  o.merge = (rf_graph_merge)((flags >> 3) & 3);
  o.bipartite = (flags >> 5) & 1;
  o.on_reject = rf_i_ignore;
  rf_graph *g = NULL;
  rf_graph_read_stats st;
  rf_error err;
  if (rf_graph_read_mem(&g, (const char *)data + 1, size - 1, "fuzz", &o, &st, &err) != RF_OK)
    return 0;
  if ((o.format == RF_GRAPH_EDGELIST || o.format == RF_GRAPH_RDA) &&
      st.rows != st.edges + st.rejected + st.skipped)
    abort();
  if (g->out_off[g->n] != g->m || g->in_off[g->n] != g->m) abort();
  for (uint32_t v = 0; v < g->n; v++)
    for (uint64_t a = g->out_off[v]; a < g->out_off[v + 1]; a++) {
      if (g->out_dst[a] >= g->n) abort();
      if (!o.keep_self_loops && g->out_dst[a] == v) abort();
    }
  uint32_t nc = 0, lcc = 0;
  rf_net_components(g, NULL, NULL, &nc, &lcc, &err);
  if (lcc > g->n) abort();
  rf_graph_free(g);
  return 0;
}
#endif
