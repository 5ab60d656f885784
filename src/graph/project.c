/* 2-mode projection, shared by the matrix reader and the R reader: two
 * nodes tied to one event are linked, weight = the number of events they
 * share (a tie listed twice counts once). */
#include "graph/graph_i.h"

#include <stdlib.h>

static int rf_i_tie_cmp(const void *a, const void *b) {
  const rf_graph_i_tie *x = a, *y = b;
  if (x->event != y->event) return x->event < y->event ? -1 : 1;
  return x->node < y->node ? -1 : x->node > y->node;
}

rf_status rf_graph_i_project(rf_graph_builder *b, rf_graph_i_tie *t, size_t n, const char *what,
                             rf_error *err) {
  qsort(t, n, sizeof *t, rf_i_tie_cmp);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (!k || t[i].event != t[k - 1].event || t[i].node != t[k - 1].node) t[k++] = t[i];
  uint64_t pairs = 0;
  for (size_t i = 0, j; i < k; i = j) {
    for (j = i; j < k && t[j].event == t[i].event; j++) {
    }
    pairs += (uint64_t)(j - i) * (j - i - 1) / 2;
  }
  if (pairs > RF_GRAPH_PROJECT_MAX_PAIRS)
    return rf_error_set(err, RF_ELIMIT,
                        "%s would create %llu pairs (limit %llu); read it with bipartite "
                        "(--bipartite) instead",
                        what, (unsigned long long)pairs,
                        (unsigned long long)RF_GRAPH_PROJECT_MAX_PAIRS);
  rf_graph_builder_set_merge(b, RF_GRAPH_MERGE_SUM);
  rf_graph_i_builder_set_directed(b, 0);
  for (size_t i = 0, j; i < k; i = j) {
    for (j = i; j < k && t[j].event == t[i].event; j++) {
    }
    for (size_t x = i; x < j; x++)
      for (size_t y = x + 1; y < j; y++)
        if (rf_graph_builder_edge_id(b, t[x].node, t[y].node, 1.0, 0) != RF_OK)
          return rf_error_set(err, RF_ENOMEM, "out of memory");
  }
  return RF_OK;
}
