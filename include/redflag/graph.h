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
  uint32_t n;                   /* nodes */
  uint64_t m;                   /* arcs (after merging parallel edges) */
  int directed;                 /* 0: each undirected edge is stored as two arcs */
  uint64_t *out_off;            /* n+1 offsets into the out_* arrays */
  uint32_t *out_dst;            /* m arc heads, sorted within each node */
  double *out_w;                /* m arc weights (summed amounts / weights) */
  uint32_t *out_cnt;            /* m number of merged transactions */
  int64_t *out_tmin, *out_tmax; /* m first/last time (0 when untimed) */
  uint64_t *in_off;             /* n+1 offsets into in_src / in_arc */
  uint32_t *in_src;             /* m arc tails, grouped by head */
  uint64_t *in_arc;             /* m index of the arc in the out_* arrays */
  rf_strmap labels;             /* node id <-> label (account id, node name) */
  /* Added by the graph owner (extension, not part of the first contract): */
  uint64_t merged;        /* input edges merged into an existing arc (duplicates) */
  uint64_t dropped_loops; /* self loops dropped by rf_graph_builder_finish */
} rf_graph;

/* How parallel edges between the same pair are merged (weights only; counts
 * always add up and times take min/max). SUM is the default: a money graph
 * adds amounts. LAST mirrors networkx Graph.add_edge (a repeated edge
 * overwrites the weight), MAX suits symmetric adjacency matrices. */
typedef enum rf_graph_merge {
  RF_GRAPH_MERGE_SUM = 0,
  RF_GRAPH_MERGE_MAX,
  RF_GRAPH_MERGE_FIRST,
  RF_GRAPH_MERGE_LAST
} rf_graph_merge;

/* Accumulates edges, then freezes them into an rf_graph. */
typedef struct rf_graph_builder rf_graph_builder;

rf_status rf_graph_builder_new(rf_graph_builder **out, int directed);
/* Adds a node by label (so isolated nodes exist); returns its id or -1. */
int64_t rf_graph_builder_node(rf_graph_builder *b, const char *label);
rf_status rf_graph_builder_edge(rf_graph_builder *b, const char *from, const char *to,
                                double weight, int64_t time);
rf_status rf_graph_builder_edge_id(rf_graph_builder *b, uint32_t from, uint32_t to, double weight,
                                   int64_t time);
/* Builds the CSR graph and frees the builder. Self loops are kept only when
 * keep_self_loops. */
rf_status rf_graph_builder_finish(rf_graph_builder *b, rf_graph **out, int keep_self_loops,
                                  rf_error *err);
void rf_graph_builder_free(rf_graph_builder *b);
/* Sets the merge policy (before finish). */
void rf_graph_builder_set_merge(rf_graph_builder *b, rf_graph_merge m);
/* Edges added so far (before merging). */
uint64_t rf_graph_builder_nedges(const rf_graph_builder *b);

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
/* Node labels may be NULL for nodes created only through
 * rf_graph_builder_edge_id with an id beyond the labelled ones. */

/* Undirected view of g: one arc each way per connected pair, weights of u->v
 * and v->u summed, counts summed, times min/max. For an undirected g it is a
 * copy. Labels are copied. */
rf_status rf_graph_undirected(const rf_graph *g, rf_graph **out, rf_error *err);
/* Total degree (out + in for directed graphs, out for undirected). */
static inline uint64_t rf_graph_degree(const rf_graph *g, uint32_t v) {
  return g->directed ? rf_graph_outdeg(g, v) + rf_graph_indeg(g, v) : rf_graph_outdeg(g, v);
}

/* Readers. */
typedef enum rf_graph_format {
  RF_GRAPH_EDGELIST, /* "u v [w]" lines: tabs, spaces or commas; optional header; BOM ok */
  RF_GRAPH_MATRIX,   /* square adjacency matrix with header row + label column */
  RF_GRAPH_AMLWORLD,
  RF_GRAPH_AMLSIM,
  RF_GRAPH_REDFLAG,
  RF_GRAPH_RDA /* igraph objects saved by R: .rda/.RData (save) or .rds (saveRDS), gzip, xz,
                  bzip2 or uncompressed; see rf_graph_read_opts.object */
} rf_graph_format;
rf_status rf_graph_format_parse(const char *s, rf_graph_format *out);
const char *rf_graph_format_str(rf_graph_format f);
/* Guesses the format of path: a folder is AMLSim; R data (by its compression
 * or serialisation magic bytes) is RDA; a header naming AMLworld,
 * AMLSim or redflag columns (or a JSON Lines file) is that format; a first
 * line starting with an empty corner cell is a matrix; anything else is an
 * edge list. A path "FILE:NAME" that does not exist names graph NAME of the
 * R file FILE (rf_graph_read splits it). */
rf_status rf_graph_format_sniff(const char *path, rf_graph_format *out, rf_error *err);

#define RF_GRAPH_PROJECT_MAX_PAIRS 4000000ull

typedef struct rf_graph_read_opts {
  rf_graph_format format;
  int directed; /* edge lists / matrices: 1 directed, 0 undirected */
  int weighted; /* 0: every edge weight 1 */
  int keep_self_loops;
  /* Added by the graph owner (zero = defaults): */
  rf_graph_merge merge; /* parallel edges; default SUM (matrices: MAX when undirected) */
  int bipartite;        /* 2-mode matrix (no row label is a column label): 0 = project onto the row
                           entities, weight = number of shared columns (at most
                           RF_GRAPH_PROJECT_MAX_PAIRS co-occurrences, else RF_ELIMIT), 1 = keep both
                           modes as nodes (row -> column edges, cell weights) */
  /* Called for every rejected row / warning (message names file:line). */
  void (*on_reject)(void *ctx, const rf_error *e);
  void *ctx;
  /* RDA: which igraph object of the file: its name ("Caviar$phase3", or just
   * "phase3" for an element of a named list) or its 1-based position among
   * the file's graphs. NULL reads every graph in the file as one graph
   * (parallel edges merged; a note through on_reject lists them). */
  const char *object;
} rf_graph_read_opts;

typedef struct rf_graph_read_stats {
  uint64_t rows, edges, rejected, self_loops, duplicates, nonpositive;
  uint64_t recoded; /* labels that were not UTF-8, read as Windows-1252 */
  uint64_t skipped; /* (extension) accepted rows that make no edge: redflag-format cash
                       deposits / withdrawals without a counterparty account */
} rf_graph_read_stats;

/* Row accounting: rows = edges + rejected + skipped (matrix: rows = matrix rows, edges
 * = non-zero cells of accepted rows). self_loops, duplicates and nonpositive
 * are sub-counts: self loops are accepted and then dropped unless
 * keep_self_loops; duplicates are accepted and merged; rows whose weight is
 * zero, negative or not finite are rejected (weighted mode) and counted in
 * both nonpositive and rejected. Unweighted mode ignores weight columns. */
rf_status rf_graph_read(rf_graph **out, const char *path, const rf_graph_read_opts *opts,
                        rf_graph_read_stats *stats, rf_error *err);
/* Same for an in-memory edge list / matrix (label is used in messages). */
rf_status rf_graph_read_mem(rf_graph **out, const char *data, size_t len, const char *label,
                            const rf_graph_read_opts *opts, rf_graph_read_stats *stats,
                            rf_error *err);

/* Entity graph from the sanctions lists' "Linked To:" relations: one node per
 * entity (label "<list>:<uid>"), an undirected edge entity -- linked entity.
 * A linked name is resolved against every entity name and alias
 * (case/punctuation-insensitive); unresolved names become their own node
 * labelled "?:<name>" and are counted in *unresolved (may be NULL). */
struct rf_lists;
rf_status rf_graph_from_lists(rf_graph **out, const struct rf_lists *l, size_t *unresolved,
                              rf_error *err);

#ifdef __cplusplus
}
#endif
#endif
