/*
 * redflag network: analysis on an rf_graph — centralities (exact Brandes
 * betweenness, degree, Katz, collective influence), weak components, global
 * efficiency, node-removal disruption curves, and an SVG line-chart writer.
 *
 * Every analysis follows the graph's out arcs. For an undirected reading of
 * a directed graph pass its rf_graph_undirected() view. A node mask
 * (`removed`, nonzero = absent) lets the disruption code delete nodes
 * without rebuilding the graph.
 */
#ifndef REDFLAG_NETWORK_H
#define REDFLAG_NETWORK_H

#include "redflag/core.h"
#include "redflag/graph.h"
#include "redflag/network_flow.h" /* exposure, communities, freeze plans, re-routing */

#ifdef __cplusplus
extern "C" {
#endif

/* Options shared by the centralities. Zero-initialised = unweighted,
 * unnormalised, all cores, no node removed. */
typedef struct rf_net_opts {
  int weighted;           /* betweenness/efficiency: arc weight is a distance (networkx
                             weight=); degree/Katz/CI: weights are strengths */
  int normalized;         /* betweenness: networkx normalisation */
  unsigned threads;       /* 0 = number of online CPUs */
  const uint8_t *removed; /* optional node mask: nonzero = node absent */
} rf_net_opts;

/* Exact betweenness (Brandes 2001): BFS when unweighted, Dijkstra with arc
 * weights as lengths when weighted (weights must be > 0). Same values as
 * networkx.betweenness_centrality(G, normalized=..., weight=...): for an
 * undirected graph each unordered pair counts once. out[n]. Parallel over
 * sources with pthreads. */
rf_status rf_net_betweenness(const rf_graph *g, const rf_net_opts *o, double *out, rf_error *err);
/* Same, but accumulating only over the given sources (sampling); the raw sum
 * is scaled by n / nsources so it estimates the exact value. */
rf_status rf_net_betweenness_sources(const rf_graph *g, const rf_net_opts *o,
                                     const uint32_t *sources, size_t nsources, double *out,
                                     rf_error *err);

/* Degree: number of live neighbours (directed graphs: in + out), or the sum
 * of their arc weights (strength) when weighted. out[n]. */
rf_status rf_net_degree(const rf_graph *g, const rf_net_opts *o, double *out, rf_error *err);

/* Katz centrality x = alpha * A^T x + beta, normalised to unit Euclidean
 * norm with the sign of its sum (networkx katz_centrality_numpy). Solved
 * exactly (dense LU, partial pivoting) for up to RF_NET_KATZ_DENSE_MAX live
 * nodes — exactly what networkx does, even when alpha >= 1/lambda_max —
 * and by Jacobi iteration above that (alpha must then be < 1/lambda_max,
 * otherwise RF_EINVAL). alpha == 0 means 0.1 (networkx's default); alpha < 0
 * means "automatic": 0.1 on the dense path, else min(0.1, 0.9 / lambda_max)
 * with lambda_max estimated by power iteration on the live graph. */
#define RF_NET_KATZ_DENSE_MAX 1000
rf_status rf_net_katz(const rf_graph *g, const rf_net_opts *o, double alpha, double beta,
                      double *out, rf_error *err);

/* Collective influence (Morone & Makse, Nature 2015):
 * CI_l(i) = (k_i - 1) * sum over j at distance exactly l of (k_j - 1).
 * radius 0 means the default 2. With weighted, k is the strength. out[n]. */
rf_status rf_net_ci(const rf_graph *g, const rf_net_opts *o, unsigned radius, double *out,
                    rf_error *err);

/* Weak components of the live nodes (arcs followed both ways). comp[n]
 * (optional) receives component ids 0..ncomp-1, UINT32_MAX for removed
 * nodes; *ncomp and *lcc (size of the largest) are optional. */
rf_status rf_net_components(const rf_graph *g, const uint8_t *removed, uint32_t *comp,
                            uint32_t *ncomp, uint32_t *lcc, rf_error *err);

/* Global efficiency: average over ordered pairs of live nodes of 1/d(u,v)
 * (0 when unreachable), as networkx.global_efficiency (which is unweighted;
 * o->weighted uses weights as lengths). With nsamples > 0 and fewer live
 * nodes than that, exact; otherwise estimated from nsamples BFS sources
 * chosen with seed (0 = exact always). */
rf_status rf_net_efficiency(const rf_graph *g, const rf_net_opts *o, uint32_t nsamples,
                            uint64_t seed, double *out, rf_error *err);

/* ------------------------------------------------------------ disruption */

typedef enum rf_disrupt_strategy {
  RF_DISRUPT_DEGREE = 0,
  RF_DISRUPT_BETWEENNESS,
  RF_DISRUPT_KATZ,
  RF_DISRUPT_CI,
  RF_DISRUPT_RANDOM,
  RF_DISRUPT_NSTRATEGIES
} rf_disrupt_strategy;
const char *rf_disrupt_strategy_str(rf_disrupt_strategy s); /* "degree", ... */
rf_status rf_disrupt_strategy_parse(const char *s, rf_disrupt_strategy *out);

/* Ties in a ranking (scores equal to 1e-10 relative) go to: */
typedef enum rf_disrupt_tie {
  RF_DISRUPT_TIE_ADDED = 0, /* the node added to the graph last (networkx: stable sort of the
                               node order, take the last) */
  RF_DISRUPT_TIE_LABEL      /* the largest label, numbers compared as numbers (numpy sort of
                               (id, score) records, take the last) */
} rf_disrupt_tie;

typedef struct rf_disrupt_opts {
  rf_disrupt_strategy strategy;
  int block;             /* 0 sequential (recompute after every removal), 1 blocks */
  double block_fraction; /* block size = max(1, round(fraction * n)); 0 = 0.05 */
  uint32_t block_size;   /* if nonzero, overrides block_fraction */
  int weighted;          /* rankings use weights (see rf_net_opts.weighted) */
  uint64_t seed;         /* random strategy */
  unsigned threads;
  double katz_alpha;    /* 0 = 0.1 (networkx default) */
  unsigned ci_radius;   /* 0 = 2 (Morone & Makse); Cavallaro et al. used 1 */
  uint32_t stop_at;     /* stop once this many or fewer nodes are left (Cavallaro: 5); 0 = run
                           until the graph is empty */
  uint32_t max_removed; /* 0 = no limit */
  int no_efficiency;    /* skip the efficiency metric (reported as NAN) */
  int inverse_weights;  /* weighted betweenness uses 1/weight as the length (a large amount or
                           many meetings = a short, strong tie); default: weight = length, as
                           networkx and Cavallaro et al. */
  uint32_t efficiency_samples;  /* rf_net_efficiency nsamples; 0 = exact */
  uint32_t betweenness_samples; /* rank by betweenness from this many evenly spread sources
                                   (approximate, for big graphs); 0 = exact */
  rf_disrupt_tie tie;           /* who wins a tie in the ranking */
  int tie_label_ci_only;        /* apply RF_DISRUPT_TIE_LABEL to the CI strategy only */
} rf_disrupt_opts;

typedef struct rf_disrupt_step {
  uint32_t removed;    /* nodes removed so far */
  double lcc_fraction; /* LCC size / initial LCC size */
  uint32_t components; /* weak components among the live nodes */
  double efficiency;   /* global efficiency of the live graph */
} rf_disrupt_step;

typedef struct rf_disrupt_curve {
  rf_disrupt_strategy strategy;
  rf_disrupt_step *steps;
  size_t nsteps;
  uint32_t *order; /* nodes in removal order */
  size_t norder;
  uint32_t lcc0; /* initial LCC size */
} rf_disrupt_curve;

/* Runs one strategy on g (a directed g is analysed through its undirected
 * view). Ties in a ranking go to the node added to the graph last (the
 * order networkx's stable sort + "take the last" gives; see docs/network.md).
 * Steps: one row before any removal (removed 0, lcc_fraction 1), then one
 * after each removal (sequential) or each block. */
rf_status rf_disrupt_run(const rf_graph *g, const rf_disrupt_opts *o, rf_disrupt_curve *out,
                         rf_error *err);
void rf_disrupt_curve_free(rf_disrupt_curve *c);
/* CSV "removed,lcc_fraction,components,efficiency". */
rf_status rf_disrupt_write_csv(const rf_disrupt_curve *c, const char *path, rf_error *err);

/* ------------------------------------------------------------ SVG plots */

typedef struct rf_plot_series {
  const char *name; /* legend text */
  const double *x, *y;
  size_t n;
} rf_plot_series;

typedef struct rf_plot_opts {
  const char *title, *xlabel, *ylabel;
  int width, height; /* pixels; 0 = 720 x 450 */
  int fix_y;         /* use ymin/ymax instead of the data range */
  double ymin, ymax;
  int fix_x;
  double xmin, xmax;
  int markers; /* draw a dot at every point */
} rf_plot_opts;

/* A line chart: axes, "nice" ticks, labels, legend, one line per series.
 * NAN points break a line. Appends the SVG document to out. */
rf_status rf_plot_svg_buf(rf_buf *out, const rf_plot_opts *o, const rf_plot_series *s, size_t ns,
                          rf_error *err);
rf_status rf_plot_svg(const char *path, const rf_plot_opts *o, const rf_plot_series *s, size_t ns,
                      rf_error *err);

#ifdef __cplusplus
}
#endif
#endif
