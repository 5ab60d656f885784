/*
 * redflag graph: a compact directed, time-stamped, amount-weighted graph in
 * CSR form, built from transactions (any rf_ingest format), from researchers'
 * edge lists and adjacency matrices, and from the sanctions lists' "Linked
 * To:" relations.
 *
 * Parallel transactions between the same ordered pair are merged into one
 * arc carrying their total weight, count and first/last time.
 */
#ifndef REDFLAG_GRAPH_H
#define REDFLAG_GRAPH_H

#include "redflag/core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rf_graph {
  uint32_t n;          /* nodes */
  uint64_t m;          /* arcs (after merging parallel edges) */
  int directed;        /* 0: each undirected edge is stored as two arcs */
  uint64_t *out_off;   /* n+1 offsets into the out_* arrays */
  uint32_t *out_dst;   /* m arc heads, sorted within each node */
  double *out_w;       /* m arc weights (summed amounts / weights) */
  uint32_t *out_cnt;   /* m number of merged transactions */
  int64_t *out_tmin, *out_tmax; /* m first/last time (0 when untimed) */
  uint64_t *in_off;    /* n+1 offsets into in_src / in_arc */
  uint32_t *in_src;    /* m arc tails, grouped by head */
  uint64_t *in_arc;    /* m index of the arc in the out_* arrays */
  rf_strmap labels;    /* node id <-> label (account id, node name) */
} rf_graph;

/* Accumulates edges, then freezes them into an rf_graph. */
typedef struct rf_graph_builder rf_graph_builder;

rf_status rf_graph_builder_new(rf_graph_builder **out, int directed);
/* Adds a node by label (so isolated nodes exist); returns its id or -1. */
int64_t rf_graph_builder_node(rf_graph_builder *b, const char *label);
rf_status rf_graph_builder_edge(rf_graph_builder *b, const char *from, const char *to,
                                double weight, int64_t time);
rf_status rf_graph_builder_edge_id(rf_graph_builder *b, uint32_t from, uint32_t to,
                                   double weight, int64_t time);
/* Builds the CSR graph and frees the builder. Self loops are kept only when
 * keep_self_loops. */
rf_status rf_graph_builder_finish(rf_graph_builder *b, rf_graph **out, int keep_self_loops,
                                  rf_error *err);
void rf_graph_builder_free(rf_graph_builder *b);

void rf_graph_free(rf_graph *g);
const char *rf_graph_label(const rf_graph *g, uint32_t v);
int64_t rf_graph_find(const rf_graph *g, const char *label); /* -1 if absent */
static inline uint64_t rf_graph_outdeg(const rf_graph *g, uint32_t v) {
  return g->out_off[v + 1] - g->out_off[v];
}
static inline uint64_t rf_graph_indeg(const rf_graph *g, uint32_t v) {
  return g->in_off[v + 1] - g->in_off[v];
}
size_t rf_graph_bytes(const rf_graph *g); /* memory held */

/* Readers. */
typedef enum rf_graph_format {
  RF_GRAPH_EDGELIST, /* "u v [w]" lines: tabs, spaces or commas; optional header; BOM ok */
  RF_GRAPH_MATRIX,   /* square adjacency matrix with header row + label column */
  RF_GRAPH_AMLWORLD,
  RF_GRAPH_AMLSIM,
  RF_GRAPH_REDFLAG
} rf_graph_format;
rf_status rf_graph_format_parse(const char *s, rf_graph_format *out);

typedef struct rf_graph_read_opts {
  rf_graph_format format;
  int directed;   /* edge lists / matrices: 1 directed, 0 undirected */
  int weighted;   /* 0: every edge weight 1 */
  int keep_self_loops;
} rf_graph_read_opts;

typedef struct rf_graph_read_stats {
  uint64_t rows, edges, rejected, self_loops, duplicates, nonpositive;
} rf_graph_read_stats;

rf_status rf_graph_read(rf_graph **out, const char *path, const rf_graph_read_opts *opts,
                        rf_graph_read_stats *stats, rf_error *err);

#ifdef __cplusplus
}
#endif
#endif
