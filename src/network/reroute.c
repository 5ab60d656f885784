/* Freeze planning (min vertex cut, budget-k) and re-routing ("power
 * vacuum") simulation: residual flow, alternative routes, fragmentation,
 * and strategy comparison curves. */
#include "redflag/network_flow.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *rf_freeze_strategy_str(rf_freeze_strategy s) {
  static const char *names[RF_FREEZE_COUNT] = {"degree", "betweenness", "mincut", "greedy",
                                               "random"};
  return (unsigned)s < RF_FREEZE_COUNT ? names[s] : "?";
}

/* The three networks a re-routing evaluation needs, built once. */
typedef struct rf_i_ctx {
  const rf_graph *g;
  rf_network_flow *amount, *edges, *verts;
  double flow0;
} rf_i_ctx;

static void rf_i_ctx_free(rf_i_ctx *c) {
  rf_network_flow_free(c->amount);
  rf_network_flow_free(c->edges);
  rf_network_flow_free(c->verts);
  memset(c, 0, sizeof *c);
}

static rf_status rf_i_ctx_init(rf_i_ctx *c, const rf_graph *g, const uint32_t *src, size_t ns,
                               const uint32_t *snk, size_t nt, int with_verts, rf_error *err) {
  memset(c, 0, sizeof *c);
  c->g = g;
  rf_status st = rf_network_flow_new(&c->amount, g, RF_FLOW_AMOUNT, src, ns, snk, nt, NULL, 0, err);
  if (st == RF_OK)
    st = rf_network_flow_new(&c->edges, g, RF_FLOW_EDGE_PATHS, src, ns, snk, nt, NULL, 0, err);
  if (st == RF_OK && with_verts)
    st = rf_network_flow_new(&c->verts, g, RF_FLOW_VERTEX_PATHS, src, ns, snk, nt, NULL, 0, err);
  if (st == RF_OK) st = rf_network_flow_solve(c->amount, NULL, &c->flow0, err);
  if (st != RF_OK) rf_i_ctx_free(c);
  return st;
}

static double rf_i_frac(double flow, double flow0) { return flow0 > 0 ? flow / flow0 : 1.0; }

static rf_status rf_i_eval(rf_i_ctx *c, const uint8_t *removed, rf_reroute *out, rf_error *err) {
  memset(out, 0, sizeof *out);
  double x = 0;
  rf_status st = rf_network_flow_solve(c->amount, removed, &out->flow, err);
  if (st == RF_OK) st = rf_network_flow_solve(c->edges, removed, &x, err);
  out->edge_paths = (uint64_t)llround(x);
  if (st == RF_OK && c->verts) {
    st = rf_network_flow_solve(c->verts, removed, &x, err);
    out->vertex_paths = (uint64_t)llround(x);
  }
  if (st == RF_OK) st = rf_network_fragmentation(c->g, removed, &out->frag, err);
  out->fraction = rf_i_frac(out->flow, c->flow0);
  return st;
}

rf_status rf_network_reroute(const rf_graph *g, const uint32_t *sources, size_t ns,
                             const uint32_t *sinks, size_t nt, const uint8_t *removed,
                             double flow_before, rf_reroute *out, rf_error *err) {
  rf_i_ctx c;
  memset(out, 0, sizeof *out);
  rf_status st = rf_i_ctx_init(&c, g, sources, ns, sinks, nt, 1, err);
  if (st != RF_OK) return st;
  if (flow_before >= 0) c.flow0 = flow_before;
  st = rf_i_eval(&c, removed, out, err);
  rf_i_ctx_free(&c);
  return st;
}

/* ------------------------------------------------------------ helpers */

static uint8_t *rf_i_cuttable(const rf_graph *g, const uint32_t *src, size_t ns,
                              const uint32_t *snk, size_t nt, const double *cost, int allow) {
  uint8_t *c = malloc(g->n ? g->n : 1);
  if (!c) return NULL;
  for (uint32_t v = 0; v < g->n; v++) c[v] = !cost || isfinite(cost[v]);
  if (!allow) {
    for (size_t i = 0; i < ns; i++) c[src[i]] = 0;
    for (size_t i = 0; i < nt; i++) c[snk[i]] = 0;
  }
  return c;
}

/* Cuttable accounts ranked by key descending (ties: lower id first). */
static rf_status rf_i_ranking(const rf_graph *g, const uint8_t *cuttable, const double *key,
                              uint32_t **out, uint32_t *nout, rf_error *err) {
  rf_ranked *r = malloc((g->n ? g->n : 1) * sizeof *r);
  if (!r) return rf_error_set(err, RF_ENOMEM, "freeze plan: out of memory");
  uint32_t k = 0;
  for (uint32_t v = 0; v < g->n; v++)
    if (cuttable[v]) r[k++] = (rf_ranked){key ? key[v] : 0, v};
  qsort(r, k, sizeof *r, rf_ranked_desc);
  uint32_t *o = malloc((k ? k : 1) * sizeof *o);
  if (!o) {
    free(r);
    return rf_error_set(err, RF_ENOMEM, "freeze plan: out of memory");
  }
  for (uint32_t i = 0; i < k; i++) o[i] = r[i].i;
  free(r);
  *out = o;
  *nout = k;
  return RF_OK;
}

/* Greedy step: among alive cuttable accounts with throughput > 0 (top
 * maxc by throughput), the one whose removal leaves the least flow.
 * Returns UINT32_MAX when there is none. */
static rf_status rf_i_greedy_pick(rf_network_flow *A, const rf_graph *g, double cur_flow,
                                  const uint8_t *cuttable, uint8_t *removed, const double *thr,
                                  uint32_t maxc, uint32_t *pick, double *best_flow, uint64_t *flows,
                                  rf_error *err) {
  *pick = UINT32_MAX;
  rf_ranked *r = malloc((g->n ? g->n : 1) * sizeof *r);
  if (!r) return rf_error_set(err, RF_ENOMEM, "freeze plan: out of memory");
  uint32_t k = 0;
  for (uint32_t v = 0; v < g->n; v++)
    if (cuttable[v] && !removed[v] && thr[v] > 0) r[k++] = (rf_ranked){thr[v], v};
  qsort(r, k, sizeof *r, rf_ranked_desc);
  if (k > maxc) k = maxc;
  rf_status st = RF_OK;
  double best = INFINITY;
  for (uint32_t i = 0; i < k && st == RF_OK; i++) {
    /* removing v lowers the flow by at most the flow through v: once that
     * bound cannot beat the best found, no later (smaller) candidate can */
    if (cur_flow - r[i].key >= best) break;
    double f;
    removed[r[i].i] = 1;
    st = rf_network_flow_solve(A, removed, &f, err);
    removed[r[i].i] = 0;
    (*flows)++;
    if (st == RF_OK && f < best) {
      best = f;
      *pick = r[i].i;
    }
  }
  free(r);
  *best_flow = best;
  return st;
}

/* ------------------------------------------------------------ the plan */

void rf_network_freeze_plan_free(rf_freeze_plan *p) {
  if (!p) return;
  free(p->cut);
  free(p->budget_set);
  free(p->throughput);
  memset(p, 0, sizeof *p);
}

static double rf_i_binom(uint64_t n, uint64_t k) {
  if (k > n) return 0;
  double r = 1;
  for (uint64_t i = 0; i < k; i++) r = r * (double)(n - i) / (double)(i + 1);
  return r;
}

/* Exhaustive budget-k: every k-subset of the cuttable accounts. */
static rf_status rf_i_budget_exact(rf_network_flow *A, const rf_graph *g, const uint8_t *cuttable,
                                   uint32_t k, uint32_t **set, size_t *nset, uint64_t *flows,
                                   rf_error *err) {
  uint32_t nc = 0;
  for (uint32_t v = 0; v < g->n; v++) nc += cuttable[v];
  if (k > nc) k = nc;
  uint32_t *cand = malloc((nc ? nc : 1) * sizeof *cand);
  uint32_t *idx = malloc((k ? k : 1) * sizeof *idx), *best = malloc((k ? k : 1) * sizeof *best);
  uint8_t *rm = calloc(g->n ? g->n : 1, 1);
  if (!cand || !idx || !best || !rm) {
    free(cand);
    free(idx);
    free(best);
    free(rm);
    return rf_error_set(err, RF_ENOMEM, "freeze plan: out of memory");
  }
  nc = 0;
  for (uint32_t v = 0; v < g->n; v++)
    if (cuttable[v]) cand[nc++] = v;
  for (uint32_t i = 0; i < k; i++) idx[i] = best[i] = i;
  double bestf = INFINITY;
  rf_status st = RF_OK;
  if (k > 0) {
    for (;;) {
      for (uint32_t i = 0; i < k; i++) rm[cand[idx[i]]] = 1;
      double f;
      st = rf_network_flow_solve(A, rm, &f, err);
      (*flows)++;
      for (uint32_t i = 0; i < k; i++) rm[cand[idx[i]]] = 0;
      if (st != RF_OK) break;
      if (f < bestf) {
        bestf = f;
        memcpy(best, idx, k * sizeof *idx);
      }
      int i = (int)k - 1;
      while (i >= 0 && idx[i] == nc - k + (uint32_t)i) i--;
      if (i < 0) break;
      idx[i]++;
      for (uint32_t j = (uint32_t)i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
    }
  }
  if (st == RF_OK) {
    for (uint32_t i = 0; i < k; i++) best[i] = cand[best[i]];
    *set = best;
    *nset = k;
    best = NULL;
  }
  free(cand);
  free(idx);
  free(best);
  free(rm);
  return st;
}

static void rf_i_sort_by_thr(uint32_t *ids, size_t n, const double *thr) {
  /* insertion sort: cut sets are small */
  for (size_t i = 1; i < n; i++) {
    uint32_t x = ids[i];
    size_t j = i;
    while (j > 0 && (thr[ids[j - 1]] < thr[x] || (thr[ids[j - 1]] == thr[x] && ids[j - 1] > x))) {
      ids[j] = ids[j - 1];
      j--;
    }
    ids[j] = x;
  }
}

rf_status rf_network_freeze_plan(const rf_graph *g, const uint32_t *sources, size_t ns,
                                 const uint32_t *sinks, size_t nt, const rf_freeze_opts *opts,
                                 rf_freeze_plan *out, rf_error *err) {
  memset(out, 0, sizeof *out);
  rf_freeze_opts o = {0};
  if (opts) o = *opts;
  uint32_t maxc = o.max_candidates ? o.max_candidates : 64;
  uint64_t exact_limit = o.exact_limit ? o.exact_limit : 5000;
  if (!g) return rf_error_set(err, RF_EINVAL, "freeze plan: missing graph");
  out->nsources = ns;
  out->nsinks = nt;
  rf_i_ctx c;
  rf_status st = rf_i_ctx_init(&c, g, sources, ns, sinks, nt, 1, err);
  if (st != RF_OK) return st;
  rf_network_flow *C = NULL;
  uint8_t *rm = calloc(g->n, 1);
  uint8_t *cuttable = rf_i_cuttable(g, sources, ns, sinks, nt, o.cost, o.allow_endpoints);
  out->throughput = malloc(g->n * sizeof(double));
  if (!rm || !cuttable || !out->throughput) {
    st = rf_error_set(err, RF_ENOMEM, "freeze plan: out of memory");
    goto done;
  }
  out->max_flow = c.flow0;
  rf_network_flow_throughput(c.amount, out->throughput);
  st = rf_network_flow_new(&C, g, RF_FLOW_VERTEX_CUT, sources, ns, sinks, nt, o.cost,
                           o.allow_endpoints, err);
  if (st != RF_OK) goto done;
  st = rf_network_flow_solve(C, NULL, &out->cut_cost, err);
  if (st != RF_OK) goto done;
  out->cut_finite = !isinf(out->cut_cost);
  st = rf_network_flow_cut(C, &out->cut, &out->ncut, err);
  if (st != RF_OK) goto done;
  out->unavoidable = rf_network_flow_unavoidable(C);
  if (!out->cut_finite) { /* cost of the partial cut */
    out->cut_cost = 0;
    for (size_t i = 0; i < out->ncut; i++) out->cut_cost += o.cost ? o.cost[out->cut[i]] : 1;
  }
  rf_i_sort_by_thr(out->cut, out->ncut, out->throughput);
  st = rf_i_eval(&c, NULL, &out->before, err);
  if (st != RF_OK) goto done;
  for (size_t i = 0; i < out->ncut; i++) rm[out->cut[i]] = 1;
  st = rf_i_eval(&c, rm, &out->after_cut, err);
  memset(rm, 0, g->n);
  if (st != RF_OK) goto done;
  if (o.budget > 0) {
    uint32_t k = o.budget;
    uint32_t nc = 0;
    for (uint32_t v = 0; v < g->n; v++) nc += cuttable[v];
    if (out->max_flow <= 0) {
      out->budget_exact = 1; /* nothing flows: nothing to cut */
    } else if (out->cut_finite && out->ncut <= k && out->after_cut.flow <= 0) {
      out->budget_set = malloc((out->ncut ? out->ncut : 1) * sizeof(uint32_t));
      if (!out->budget_set) {
        st = rf_error_set(err, RF_ENOMEM, "freeze plan: out of memory");
        goto done;
      }
      memcpy(out->budget_set, out->cut, out->ncut * sizeof(uint32_t));
      out->nbudget = out->ncut;
      out->budget_exact = 1; /* residual flow 0 is optimal */
    } else if (rf_i_binom(nc, k < nc ? k : nc) <= (double)exact_limit &&
               (o.exact_limit || rf_i_binom(nc, k < nc ? k : nc) * (double)(g->m + g->n) <= 2e9)) {
      st = rf_i_budget_exact(c.amount, g, cuttable, k, &out->budget_set, &out->nbudget,
                             &out->budget_flows, err);
      out->budget_exact = 1;
    } else {
      out->budget_set = malloc(k * sizeof(uint32_t));
      double *thr = malloc(g->n * sizeof *thr);
      if (!out->budget_set || !thr) {
        free(thr);
        st = rf_error_set(err, RF_ENOMEM, "freeze plan: out of memory");
        goto done;
      }
      memcpy(thr, out->throughput, g->n * sizeof *thr);
      double f = out->max_flow;
      while (out->nbudget < k && f > 0 && st == RF_OK) {
        uint32_t pick;
        st = rf_i_greedy_pick(c.amount, g, f, cuttable, rm, thr, maxc, &pick, &f,
                              &out->budget_flows, err);
        if (st != RF_OK || pick == UINT32_MAX) break;
        rm[pick] = 1;
        out->budget_set[out->nbudget++] = pick;
        st = rf_network_flow_solve(c.amount, rm, &f, err);
        out->budget_flows++;
        rf_network_flow_throughput(c.amount, thr);
      }
      free(thr);
      memset(rm, 0, g->n);
    }
    if (st != RF_OK) goto done;
    for (size_t i = 0; i < out->nbudget; i++) rm[out->budget_set[i]] = 1;
    st = rf_i_eval(&c, rm, &out->after_budget, err);
    memset(rm, 0, g->n);
  } else {
    out->after_budget = out->before;
  }
done:
  free(rm);
  free(cuttable);
  rf_network_flow_free(C);
  rf_i_ctx_free(&c);
  if (st != RF_OK) rf_network_freeze_plan_free(out);
  return st;
}

/* ----------------------------------------------------------- comparison */

void rf_network_freeze_curve_free(rf_freeze_curve *c) {
  if (!c) return;
  free(c->removed);
  free(c->flow);
  free(c->fraction);
  free(c->lcc_fraction);
  free(c->components);
  free(c->edge_paths);
  memset(c, 0, sizeof *c);
}

static rf_status rf_i_curve_alloc(rf_freeze_curve *c, rf_freeze_strategy s, uint32_t steps,
                                  rf_error *err) {
  memset(c, 0, sizeof *c);
  c->strategy = s;
  c->steps = steps;
  size_t p = (size_t)steps + 1;
  c->removed = calloc(steps ? steps : 1, sizeof *c->removed);
  c->flow = calloc(p, sizeof(double));
  c->fraction = calloc(p, sizeof(double));
  c->lcc_fraction = calloc(p, sizeof(double));
  c->components = calloc(p, sizeof(double));
  c->edge_paths = calloc(p, sizeof(double));
  if (!c->removed || !c->flow || !c->fraction || !c->lcc_fraction || !c->components ||
      !c->edge_paths) {
    rf_network_freeze_curve_free(c);
    return rf_error_set(err, RF_ENOMEM, "freeze compare: out of memory");
  }
  return RF_OK;
}

static rf_status rf_i_point(rf_i_ctx *c, const uint8_t *rm, rf_freeze_curve *cv, uint32_t i,
                            double w, rf_error *err) {
  rf_reroute r;
  rf_status st = rf_i_eval(c, rm, &r, err);
  if (st != RF_OK) return st;
  cv->flow[i] += w * r.flow;
  cv->fraction[i] += w * r.fraction;
  cv->lcc_fraction[i] += w * r.frag.lcc_fraction;
  cv->components[i] += w * r.frag.components;
  cv->edge_paths[i] += w * (double)r.edge_paths;
  return RF_OK;
}

static uint32_t rf_i_next_alive(const uint32_t *rank, uint32_t nrank, uint32_t *pos,
                                const uint8_t *rm) {
  while (*pos < nrank && rm[rank[*pos]]) (*pos)++;
  return *pos < nrank ? rank[(*pos)++] : UINT32_MAX;
}

static uint64_t rf_i_rng(uint64_t *s) { /* splitmix64 */
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

rf_status rf_network_freeze_compare(const rf_graph *g, const uint32_t *sources, size_t ns,
                                    const uint32_t *sinks, size_t nt, const rf_compare_opts *opts,
                                    rf_freeze_curve *curves, rf_error *err) {
  memset(curves, 0, RF_FREEZE_COUNT * sizeof *curves);
  rf_compare_opts o = {0};
  if (opts) o = *opts;
  if (!g) return rf_error_set(err, RF_EINVAL, "freeze compare: missing graph");
  uint32_t trials = o.random_trials ? o.random_trials : 10;
  uint32_t maxc = o.max_candidates ? o.max_candidates : 16;
  rf_i_ctx c;
  rf_status st = rf_i_ctx_init(&c, g, sources, ns, sinks, nt, 0, err);
  if (st != RF_OK) return st;
  rf_network_flow *C = NULL;
  uint8_t *rm = calloc(g->n, 1);
  uint8_t *cuttable = rf_i_cuttable(g, sources, ns, sinks, nt, o.cost, o.allow_endpoints);
  double *key = malloc(g->n * sizeof *key), *thr = malloc(g->n * sizeof *thr);
  uint32_t *deg_rank = NULL, *bet_rank = NULL, *rnd = NULL, ncut = 0;
  if (!rm || !cuttable || !key || !thr) {
    st = rf_error_set(err, RF_ENOMEM, "freeze compare: out of memory");
    goto done;
  }
  for (uint32_t v = 0; v < g->n; v++)
    key[v] = (double)(rf_graph_outdeg(g, v) + rf_graph_indeg(g, v));
  st = rf_i_ranking(g, cuttable, key, &deg_rank, &ncut, err);
  if (st != RF_OK) goto done;
  st = rf_network_betweenness_undirected(g, o.betweenness_samples, o.seed, key, NULL, err);
  if (st != RF_OK) goto done;
  st = rf_i_ranking(g, cuttable, key, &bet_rank, &ncut, err);
  if (st != RF_OK) goto done;
  st = rf_network_flow_new(&C, g, RF_FLOW_VERTEX_CUT, sources, ns, sinks, nt, o.cost,
                           o.allow_endpoints, err);
  if (st != RF_OK) goto done;
  uint32_t steps = o.steps ? o.steps : 20;
  if (steps > ncut) steps = ncut;
  for (int s = 0; s < RF_FREEZE_COUNT && st == RF_OK; s++) {
    rf_freeze_curve *cv = &curves[s];
    st = rf_i_curve_alloc(cv, (rf_freeze_strategy)s, steps, err);
    if (st != RF_OK) break;
    memset(rm, 0, g->n);
    if (s == RF_FREEZE_RANDOM) {
      rnd = malloc((ncut ? ncut : 1) * sizeof *rnd);
      if (!rnd) {
        st = rf_error_set(err, RF_ENOMEM, "freeze compare: out of memory");
        break;
      }
      uint64_t seed = o.seed ? o.seed : 42;
      for (uint32_t t = 0; t < trials && st == RF_OK; t++) {
        memcpy(rnd, deg_rank, ncut * sizeof *rnd);
        /* partial Fisher-Yates: only the first `steps` positions matter */
        for (uint32_t i = 0; i < steps; i++) {
          uint32_t j = i + (uint32_t)(rf_i_rng(&seed) % (ncut - i));
          uint32_t x = rnd[i];
          rnd[i] = rnd[j];
          rnd[j] = x;
        }
        if (t == 0) memcpy(cv->removed, rnd, steps * sizeof *rnd);
        memset(rm, 0, g->n);
        for (uint32_t i = 0; i <= steps && st == RF_OK; i++) {
          st = rf_i_point(&c, rm, cv, i, 1.0 / trials, err);
          if (i < steps) rm[rnd[i]] = 1;
        }
      }
      continue;
    }
    uint32_t fpos = 0;
    for (uint32_t i = 0; i <= steps && st == RF_OK; i++) {
      st = rf_i_point(&c, rm, cv, i, 1.0, err);
      if (st != RF_OK || i == steps) break;
      uint32_t pick = UINT32_MAX;
      if (s == RF_FREEZE_DEGREE) {
        pick = deg_rank[i];
      } else if (s == RF_FREEZE_BETWEENNESS) {
        pick = bet_rank[i];
      } else if (cv->flow[i] > 0) {
        /* the amount network was just solved with rm by rf_i_point */
        rf_network_flow_throughput(c.amount, thr);
        if (s == RF_FREEZE_MINCUT) {
          double cv_cost;
          st = rf_network_flow_solve(C, rm, &cv_cost, err);
          if (st == RF_OK && cv_cost > 0) { /* partial cut when infinite */
            uint32_t *ids;
            size_t n;
            st = rf_network_flow_cut(C, &ids, &n, err);
            for (size_t j = 0; st == RF_OK && j < n; j++)
              if (cuttable[ids[j]] && (pick == UINT32_MAX || thr[ids[j]] > thr[pick] ||
                                       (thr[ids[j]] == thr[pick] && ids[j] < pick)))
                pick = ids[j];
            if (st == RF_OK) free(ids);
          }
        } else {
          double bf;
          uint64_t flows = 0;
          st = rf_i_greedy_pick(c.amount, g, cv->flow[i], cuttable, rm, thr, maxc, &pick, &bf,
                                &flows, err);
        }
      }
      if (st != RF_OK) break;
      if (pick == UINT32_MAX) pick = rf_i_next_alive(deg_rank, ncut, &fpos, rm);
      if (pick == UINT32_MAX) { /* cannot happen: steps <= cuttable accounts */
        st = rf_error_set(err, RF_EINVAL, "freeze compare: ran out of accounts");
        break;
      }
      cv->removed[i] = pick;
      rm[pick] = 1;
    }
  }
done:
  free(rm);
  free(cuttable);
  free(key);
  free(thr);
  free(deg_rank);
  free(bet_rank);
  free(rnd);
  rf_network_flow_free(C);
  rf_i_ctx_free(&c);
  if (st != RF_OK)
    for (int s = 0; s < RF_FREEZE_COUNT; s++) rf_network_freeze_curve_free(&curves[s]);
  return st;
}

/* --------------------------------------------------------------- output */

static const char *rf_i_lab(const rf_graph *g, uint32_t v) {
  return v < g->labels.n ? g->labels.keys[v] : "";
}

static rf_status rf_i_write_buf(const rf_buf *b, const char *path, rf_error *err) {
  FILE *fp = strcmp(path, "-") ? fopen(path, "w") : stdout;
  if (!fp) return rf_error_set(err, RF_EIO, "%s: cannot open for writing", path);
  int bad = b->len && fwrite(b->data, 1, b->len, fp) != b->len;
  if (fp != stdout)
    bad |= fclose(fp) != 0;
  else
    fflush(fp);
  return bad ? rf_error_set(err, RF_EIO, "%s: write failed", path) : RF_OK;
}

static void rf_i_json_num(rf_buf *b, double x) {
  if (isinf(x))
    rf_buf_puts(b, "null");
  else
    rf_buf_printf(b, "%.10g", x);
}

static void rf_i_json_reroute(rf_buf *b, const char *name, const rf_reroute *r) {
  rf_buf_printf(b, "\"%s\":{\"flow\":", name);
  rf_i_json_num(b, r->flow);
  rf_buf_printf(b,
                ",\"fraction\":%.6f,\"edge_disjoint_paths\":%llu,\"vertex_disjoint_paths\":%llu,"
                "\"accounts_left\":%u,\"components\":%u,\"lcc\":%u,\"lcc_fraction\":%.6f}",
                r->fraction, (unsigned long long)r->edge_paths, (unsigned long long)r->vertex_paths,
                r->frag.alive, r->frag.components, r->frag.lcc, r->frag.lcc_fraction);
}

static void rf_i_json_accounts(rf_buf *b, const rf_graph *g, const rf_freeze_plan *p,
                               const uint32_t *ids, size_t n) {
  rf_buf_putc(b, '[');
  for (size_t i = 0; i < n; i++) {
    rf_buf_puts(b, i ? ",{\"account\":" : "{\"account\":");
    rf_buf_json_str(b, rf_i_lab(g, ids[i]));
    rf_buf_printf(b, ",\"throughput\":%.10g}", p->throughput ? p->throughput[ids[i]] : 0.0);
  }
  rf_buf_putc(b, ']');
}

rf_status rf_network_freeze_plan_write(const rf_graph *g, const rf_freeze_plan *p, const char *path,
                                       rf_error *err) {
  if (!g || !p || !path) return rf_error_set(err, RF_EINVAL, "freeze plan: missing argument");
  rf_buf b;
  rf_buf_init(&b);
  rf_buf_printf(&b, "{\"accounts\":%u,\"sources\":%zu,\"sinks\":%zu,\"max_flow\":", g->n,
                p->nsources, p->nsinks);
  rf_i_json_num(&b, p->max_flow);
  rf_buf_printf(&b, ",\n\"min_cut\":{\"finite\":%s,\"cost\":", p->cut_finite ? "true" : "false");
  rf_i_json_num(&b, p->cut_cost);
  rf_buf_printf(&b, ",\"unavoidable_links\":%llu,\"size\":%zu,\"accounts\":",
                (unsigned long long)p->unavoidable, p->ncut);
  rf_i_json_accounts(&b, g, p, p->cut, p->ncut);
  rf_buf_puts(&b, "},\n\"budget\":");
  if (p->budget_set || p->nbudget || p->budget_exact || p->budget_flows) {
    rf_buf_printf(&b, "{\"size\":%zu,\"exact\":%s,\"max_flow_runs\":%llu,\"accounts\":", p->nbudget,
                  p->budget_exact ? "true" : "false", (unsigned long long)p->budget_flows);
    rf_i_json_accounts(&b, g, p, p->budget_set, p->nbudget);
    rf_buf_putc(&b, '}');
  } else {
    rf_buf_puts(&b, "null");
  }
  rf_buf_puts(&b, ",\n\"reroute\":{");
  rf_i_json_reroute(&b, "before", &p->before);
  rf_buf_puts(&b, ",\n");
  rf_i_json_reroute(&b, "after_min_cut", &p->after_cut);
  rf_buf_puts(&b, ",\n");
  rf_i_json_reroute(&b, "after_budget", &p->after_budget);
  rf_buf_puts(&b, "}}\n");
  rf_status st = rf_i_write_buf(&b, path, err);
  rf_buf_free(&b);
  return st;
}

rf_status rf_network_freeze_curves_write(const rf_graph *g, const rf_freeze_curve *curves,
                                         size_t ncurves, const char *path, rf_error *err) {
  if (!g || !curves || !path) return rf_error_set(err, RF_EINVAL, "curves: missing argument");
  rf_buf b;
  rf_buf_init(&b);
  rf_buf_puts(&b, "strategy,removed,account,residual_flow,residual_fraction,lcc_fraction,"
                  "components,edge_paths\n");
  for (size_t s = 0; s < ncurves; s++) {
    const rf_freeze_curve *c = &curves[s];
    if (!c->flow) continue;
    for (uint32_t i = 0; i <= c->steps; i++) {
      rf_buf_printf(&b, "%s,%u,", rf_freeze_strategy_str(c->strategy), i);
      if (i > 0 && c->strategy != RF_FREEZE_RANDOM)
        rf_buf_csv_field(&b, rf_i_lab(g, c->removed[i - 1]));
      rf_buf_printf(&b, ",%.10g,%.6f,%.6f,%.4g,%.4g\n", c->flow[i], c->fraction[i],
                    c->lcc_fraction[i], c->components[i], c->edge_paths[i]);
    }
  }
  rf_status st = rf_i_write_buf(&b, path, err);
  rf_buf_free(&b);
  return st;
}
