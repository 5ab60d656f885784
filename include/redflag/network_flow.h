/*
 * redflag network (flow part): exposure to a seed set, communities and
 * roles, freeze planning (maximum flow, minimum-weight vertex cut, budget-k)
 * and re-routing ("power vacuum") simulation on an rf_graph.
 *
 * All functions work on the CSR rf_graph of redflag/graph.h and never
 * modify it. Node sets are arrays of node ids (0..g->n-1). A "removed"
 * mask is an array of g->n bytes, non-zero = account frozen / deleted.
 *
 * Definitions (docs/network.md has the long form):
 *  - amount flow: maximum flow from all sources to all sinks where each arc
 *    u->v carries at most its observed total amount (g->out_w); arcs with a
 *    zero, negative or non-finite amount carry nothing.
 *  - vertex cut: the minimum-total-cost set of accounts whose removal leaves
 *    no directed path from any source to any sink (max-flow on the
 *    split-node graph: v_in -> v_out has capacity cost(v), arcs infinite).
 *  - exposure: see rf_exposure below.
 */
#ifndef REDFLAG_NETWORK_FLOW_H
#define REDFLAG_NETWORK_FLOW_H

#include "redflag/graph.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------- graph input */

/* Reads the money graph for exposure / communities / freeze planning:
 * format NULL = rf_graph_format_sniff. Transaction formats are always
 * directed and amount-weighted; edge lists and matrices follow `directed`
 * and `weighted` (pass 1, 1 for payment edge lists). Rejected rows go to
 * on_reject (may be NULL) and are counted in *stats (may be NULL). */
rf_status rf_network_graph_load(rf_graph **out, const char *path, const char *format, int directed,
                                int weighted, void (*on_reject)(void *ctx, const rf_error *e),
                                void *ctx, rf_graph_read_stats *stats, rf_error *err);

/* ------------------------------------------------------------ node sets */

/* A set of accounts read from a file or a command-line list. */
typedef struct rf_nodeset {
  uint32_t *ids; /* distinct node ids, in file order */
  size_t n;
  uint64_t rows;       /* ids read (non-empty, non-comment rows) */
  uint64_t unknown;    /* ids not in the graph */
  uint64_t duplicates; /* ids listed twice */
  rf_buf report;       /* one "file:line: unknown account 'X'" line per unknown id */
} rf_nodeset;

/* Reads account ids: one per line ('#' comments and blank lines skipped), or
 * a CSV whose header has an `account` column (also accepted: account_id,
 * id, node); other columns are ignored. Unknown ids are counted and listed
 * in out->report with file and line; they are not fatal unless none match
 * (RF_ENOTFOUND). An empty file gives RF_EEMPTY. */
rf_status rf_network_nodeset_read(const rf_graph *g, const char *path, rf_nodeset *out,
                                  rf_error *err);
/* Same from a comma-separated list "A,B,C"; label names it in messages. */
rf_status rf_network_nodeset_parse(const rf_graph *g, const char *list, const char *label,
                                   rf_nodeset *out, rf_error *err);
void rf_network_nodeset_free(rf_nodeset *s);

/* Node costs: CSV or whitespace-free lines "account,cost" (header optional).
 * cost > 0, or "inf" = never freeze. Accounts not listed keep cost 1.
 * Unknown accounts are reported like rf_network_nodeset_read; a zero,
 * negative or unparsable cost is an error naming file and line.
 * *out receives g->n costs (caller frees). */
rf_status rf_network_costs_read(const rf_graph *g, const char *path, double **out, rf_buf *report,
                                rf_error *err);

/* ------------------------------------------------------------- exposure */

typedef struct rf_exposure_opts {
  int undirected;    /* 1: ignore arc direction for hops and exposure */
  uint32_t max_hops; /* 0 = unlimited; else hops and exposure paths <= max_hops */
  double damping;    /* factor per intermediate account, (0,1]; 0 = default 0.85 */
  double tol;        /* convergence (max change); 0 = 1e-9 */
  uint32_t max_iter; /* 0 = 1000 (unlimited hops only) */
} rf_exposure_opts;

#define RF_HOPS_NONE UINT32_MAX

/* For every account v:
 *  hops_from: fewest arcs on a path seed -> ... -> v (money of a seed can
 *             reach v); hops_to: fewest arcs v -> ... -> seed. RF_HOPS_NONE
 *             when unreachable (or beyond max_hops). Undirected: both equal.
 *  exposure_in(v)  = sum_{u->v} w(u,v)/W_in(v)  * (u seed ? 1 : d*exposure_in(u))
 *  exposure_out(v) = sum_{v->u} w(v,u)/W_out(v) * (u seed ? 1 : d*exposure_out(u))
 *             i.e. the share of v's inflow (outflow) that traces back to
 *             (forward to) seeds under proportional mixing, each
 *             intermediate account damping it by d. Computed by iterating
 *             from 0 (monotone, converges for d <= 1); with max_hops = K
 *             exactly K iterations = paths of at most K arcs. Seeds have 1.
 *             Undirected: both use all incident arcs, W = total strength. */
typedef struct rf_exposure {
  uint32_t n;
  uint32_t *hops_from, *hops_to;
  double *exposure_in, *exposure_out;
  uint8_t *is_seed;
  uint32_t iterations; /* propagation rounds run */
  int converged;
} rf_exposure;

rf_status rf_network_exposure_compute(const rf_graph *g, const uint32_t *seeds, size_t nseeds,
                                      const rf_exposure_opts *opts, rf_exposure *out,
                                      rf_error *err);
void rf_network_exposure_free(rf_exposure *e);
/* Writes CSV (account,is_seed,hops_from_seed,hops_to_seed,exposure_in,
 * exposure_out; unreachable hops empty) or JSON when json != 0.
 * path "-" = stdout. Rows are sorted by max(exposure) descending, then id. */
rf_status rf_network_exposure_write(const rf_graph *g, const rf_exposure *e, const char *path,
                                    int json, rf_error *err);

/* ---------------------------------------------------- communities, roles */

typedef enum rf_role {
  RF_ROLE_ISOLATED = 0, /* no flow */
  RF_ROLE_COLLECTOR,    /* sink: in-flow >= ratio * out-flow */
  RF_ROLE_DISTRIBUTOR,  /* out-flow >= ratio * in-flow */
  RF_ROLE_INTERMEDIARY, /* layering pass-through: min/max(in,out) >= passthrough */
  RF_ROLE_BRIDGE,       /* top betweenness and links >= 2 communities */
  RF_ROLE_MIXED,        /* none of the above */
  RF_ROLE_MEMBER,       /* undirected graphs: any non-bridge account with ties (strength) */
  RF_ROLE_COUNT
} rf_role;
const char *rf_role_str(rf_role r);

typedef enum rf_community_method { RF_COMM_LOUVAIN = 0, RF_COMM_LEIDEN } rf_community_method;

typedef struct rf_communities_opts {
  rf_community_method method;
  double resolution;           /* 0 = 1.0 */
  uint64_t seed;               /* RNG seed (igraph's default RNG is reseeded) */
  double ratio;                /* collector/distributor ratio; 0 = 2.0 */
  double passthrough;          /* intermediary min/max ratio; 0 = 0.8 */
  double bridge_quantile;      /* top share by betweenness eligible as bridge; 0 = 0.05 */
  int64_t betweenness_samples; /* Brandes sources: 0 = exact if n*m <= 2e8, else 256
                                  sampled (estimate); > 0 = that many; -1 = exact */
} rf_communities_opts;

typedef struct rf_communities {
  uint32_t n, ncomm;
  uint32_t *membership; /* n: community of each account (0 = largest) */
  double modularity;
  double *in_flow, *out_flow, *betweenness, *score; /* n each */
  uint8_t *role;                                    /* n rf_role */
  uint32_t *comm_off;                               /* ncomm+1 offsets into comm_members */
  uint32_t *comm_members;       /* members per community, ranked by volume (in+out flow)
                                   desc, then betweenness desc, then id */
  int betweenness_exact;        /* 0 when estimated from sampled sources */
  uint32_t betweenness_sources; /* Brandes sources used */
} rf_communities;

rf_status rf_network_communities_compute(const rf_graph *g, const rf_communities_opts *opts,
                                         rf_communities *out, rf_error *err);
void rf_network_communities_free(rf_communities *c);
/* JSON: {"modularity":..,"communities":[{"id","size","members":[ranked]}]};
 * CSV: community,rank,account,role,score,in_flow,out_flow,betweenness.
 * top: members listed per community (0 = all). */
rf_status rf_network_communities_write(const rf_graph *g, const rf_communities *c, const char *path,
                                       int json, uint32_t top, rf_error *err);

/* ------------------------------------------------------------- max-flow */

typedef enum rf_flow_kind {
  RF_FLOW_AMOUNT = 0,   /* arc capacity = observed amount */
  RF_FLOW_EDGE_PATHS,   /* arc capacity 1: edge-disjoint path count */
  RF_FLOW_VERTEX_PATHS, /* account capacity 1 (not endpoints): vertex-disjoint paths */
  RF_FLOW_VERTEX_CUT    /* account capacity = cost, arcs infinite: min vertex cut */
} rf_flow_kind;

/* A residual flow network built once from a graph and solved many times.
 * Hand-written ISAP (shortest augmenting paths): exact distance labels by a
 * backward BFS from the sink, augmentation along admissible arcs with
 * current-arc pointers, local relabel of dead ends, a global relabel after
 * every n local ones, and the gap heuristic as the stopping rule. A
 * multi-source / multi-sink problem is reduced to one super-source and
 * super-sink with infinite arcs. */
typedef struct rf_network_flow rf_network_flow;

/* cost: g->n costs for RF_FLOW_VERTEX_CUT (NULL = all 1; INFINITY = never
 * cut). allow_endpoints: sources and sinks may be cut / counted as inner
 * accounts. Errors: RF_EINVAL when a set is empty or an account is both a
 * source and a sink (unless allow_endpoints), RF_ELIMIT above 2^31 arcs. */
rf_status rf_network_flow_new(rf_network_flow **out, const rf_graph *g, rf_flow_kind kind,
                              const uint32_t *sources, size_t nsources, const uint32_t *sinks,
                              size_t nsinks, const double *cost, int allow_endpoints,
                              rf_error *err);
/* Computes the maximum flow with the accounts in removed (g->n bytes, may be
 * NULL) deleted. RF_FLOW_VERTEX_CUT: *value = INFINITY when some source
 * reaches a sink through links no freeze can stop (a direct payment between
 * endpoints, or accounts of infinite cost); such links get a large finite
 * capacity internally, so a partial cut is still computed. */
rf_status rf_network_flow_solve(rf_network_flow *f, const uint8_t *removed, double *value,
                                rf_error *err);
/* After a solve: flow through each account (sum of outflow; sinks: inflow
 * passed to the super-sink included) into thr (g->n doubles). */
void rf_network_flow_throughput(const rf_network_flow *f, double *thr);
/* After an RF_FLOW_VERTEX_CUT solve: the minimum-cost accounts (source side
 * of the residual graph), sorted by id. When the value was INFINITY this is
 * the partial cut: it blocks every path that does not use an unstoppable
 * link. Caller frees *ids. */
rf_status rf_network_flow_cut(const rf_network_flow *f, uint32_t **ids, size_t *n, rf_error *err);
/* After an RF_FLOW_VERTEX_CUT solve: unstoppable links the cut had to
 * cross (0 when the cut is complete). */
uint64_t rf_network_flow_unavoidable(const rf_network_flow *f);
void rf_network_flow_free(rf_network_flow *f);

/* One-shot helpers. */
rf_status rf_network_maxflow(const rf_graph *g, const uint32_t *sources, size_t ns,
                             const uint32_t *sinks, size_t nt, const uint8_t *removed,
                             double *value, rf_error *err);
rf_status rf_network_min_vertex_cut(const rf_graph *g, const uint32_t *sources, size_t ns,
                                    const uint32_t *sinks, size_t nt, const double *cost,
                                    int allow_endpoints, uint32_t **cut, size_t *ncut,
                                    double *cut_cost, rf_error *err);

/* Weak components of the graph without the removed accounts. */
typedef struct rf_fragmentation {
  uint32_t alive;      /* accounts left */
  uint32_t components; /* weakly connected components among them */
  uint32_t lcc;        /* size of the largest */
  double lcc_fraction; /* lcc / g->n (original size) */
} rf_fragmentation;
rf_status rf_network_fragmentation(const rf_graph *g, const uint8_t *removed, rf_fragmentation *out,
                                   rf_error *err);

/* --------------------------------------------- freeze plans, re-routing */

typedef struct rf_reroute {
  double flow;           /* amount flow still reaching the sinks */
  double fraction;       /* flow / flow before any freezing (1 if that was 0) */
  uint64_t edge_paths;   /* edge-disjoint source->sink routes */
  uint64_t vertex_paths; /* account-disjoint routes */
  rf_fragmentation frag;
} rf_reroute;

/* State of the network with `removed` frozen. flow_before < 0: the max flow
 * without any removal is computed and used for `fraction`. */
rf_status rf_network_reroute(const rf_graph *g, const uint32_t *sources, size_t ns,
                             const uint32_t *sinks, size_t nt, const uint8_t *removed,
                             double flow_before, rf_reroute *out, rf_error *err);

typedef struct rf_freeze_opts {
  const double *cost;      /* g->n costs or NULL (all 1) */
  int allow_endpoints;     /* sources / sinks may be frozen */
  uint32_t budget;         /* k > 0: also plan the best k accounts */
  uint32_t max_candidates; /* greedy: accounts tried per step (by flow); 0 = 64 */
  uint64_t exact_limit;    /* exact budget-k search if it needs <= this many max-flows;
                              0 = 5000 and at most 2e9 arcs+nodes scanned in total
                              (so only on small graphs); UINT64_MAX = always */
} rf_freeze_opts;

typedef struct rf_freeze_plan {
  double max_flow;      /* amount flow before freezing */
  int cut_finite;       /* 0: sources reach sinks through links no freeze can stop */
  uint64_t unavoidable; /* such links on the cut (0 when cut_finite) */
  uint32_t *cut;        /* minimum-cost vertex cut (partial when !cut_finite: it blocks
                           every path that can be blocked), sorted by throughput desc */
  size_t ncut;
  double cut_cost;      /* cost of `cut` */
  uint32_t *budget_set; /* budget-k accounts in pick order (greedy) */
  size_t nbudget;
  int budget_exact;      /* 1 when found by exhaustive search */
  uint64_t budget_flows; /* max-flow computations spent on budget-k */
  rf_reroute before, after_cut, after_budget;
  double *throughput; /* g->n: amount flow through each account before freezing */
  size_t nsources, nsinks;
} rf_freeze_plan;

rf_status rf_network_freeze_plan(const rf_graph *g, const uint32_t *sources, size_t ns,
                                 const uint32_t *sinks, size_t nt, const rf_freeze_opts *opts,
                                 rf_freeze_plan *out, rf_error *err);
void rf_network_freeze_plan_free(rf_freeze_plan *p);
rf_status rf_network_freeze_plan_write(const rf_graph *g, const rf_freeze_plan *p, const char *path,
                                       rf_error *err); /* JSON */

/* Strategy comparison: residual flow fraction vs accounts removed. */
typedef enum rf_freeze_strategy {
  RF_FREEZE_DEGREE = 0,  /* kingpin-first by total degree (static ranking) */
  RF_FREEZE_BETWEENNESS, /* kingpin-first by betweenness (static ranking) */
  RF_FREEZE_MINCUT,      /* recompute the min vertex cut, freeze its busiest account */
  RF_FREEZE_GREEDY,      /* freeze the account whose removal cuts the most flow */
  RF_FREEZE_RANDOM,      /* uniform random order, mean of `trials` runs */
  RF_FREEZE_COUNT
} rf_freeze_strategy;
const char *rf_freeze_strategy_str(rf_freeze_strategy s);

typedef struct rf_freeze_curve {
  rf_freeze_strategy strategy;
  uint32_t steps;    /* points = steps + 1 (0 removed .. steps removed) */
  uint32_t *removed; /* steps account ids in removal order (random: first trial) */
  double *flow, *fraction, *lcc_fraction, *components; /* steps+1 each (random: means) */
  double *edge_paths;                                  /* steps+1 */
} rf_freeze_curve;

typedef struct rf_compare_opts {
  const double *cost; /* only used for cuttability (INFINITY = never) */
  int allow_endpoints;
  uint32_t steps;              /* accounts removed per strategy; 0 = 20 */
  uint32_t random_trials;      /* 0 = 10 */
  uint64_t seed;               /* random strategy seed */
  uint32_t max_candidates;     /* greedy: accounts tried per step; 0 = 16 */
  int64_t betweenness_samples; /* as rf_communities_opts */
} rf_compare_opts;

/* Fills curves[RF_FREEZE_COUNT]. */
rf_status rf_network_freeze_compare(const rf_graph *g, const uint32_t *sources, size_t ns,
                                    const uint32_t *sinks, size_t nt, const rf_compare_opts *opts,
                                    rf_freeze_curve *curves, rf_error *err);
void rf_network_freeze_curve_free(rf_freeze_curve *c);
/* CSV header: strategy,removed,account,residual_flow,residual_fraction,
 * lcc_fraction,components,edge_paths (account empty at removed = 0). */
rf_status rf_network_freeze_curves_write(const rf_graph *g, const rf_freeze_curve *curves,
                                         size_t ncurves, const char *path, rf_error *err);

/* Betweenness of the undirected unweighted view (Brandes, rf_net_betweenness
 * of redflag/network.h), normalised to [0,1] as networkx. samples as
 * rf_communities_opts.betweenness_samples; sampled sources are drawn with
 * seed and the sum scaled by n / samples. *used (optional) = sources used. */
rf_status rf_network_betweenness_undirected(const rf_graph *g, int64_t samples, uint64_t seed,
                                            double *out, uint32_t *used, rf_error *err);

#ifdef __cplusplus
}
#endif
#endif
