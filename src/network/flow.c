/* Maximum flow (ISAP: shortest augmenting paths with distance labels and the
 * gap heuristic) on residual networks derived from an rf_graph:
 * amount flow, edge- and vertex-disjoint path counts, minimum-cost vertex
 * cut on the split-node graph; weak-component fragmentation. */
#include "redflag/network_flow.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct rf_i_arc {
  uint32_t to, rev;
  double res;  /* residual capacity of this arc */
  double rres; /* residual of the partner arc (to -> tail): read by the backward BFS
                  without a random access */
} rf_i_arc;

struct rf_network_flow {
  const rf_graph *g;
  rf_flow_kind kind;
  int split;         /* v_in = 2v, v_out = 2v+1 */
  uint32_t nn, S, T; /* flow nodes, super source / sink */
  uint64_t na;       /* arcs (forward + reverse) */
  uint64_t *off;     /* nn+1 */
  rf_i_arc *arc;     /* na: head, reverse arc, residual capacity (one cache line fetch) */
  double *cap;       /* na: original capacities (reverse arcs 0) */
  int32_t *level;
  uint64_t *cur;
  uint32_t *queue;
  uint64_t *stk; /* arcs on the current DFS path */
  uint32_t *cnt; /* nn+1: accounts per distance label (gap heuristic) */
  uint8_t *dead;
  double eps;
  double big; /* VERTEX_CUT: capacity of a link between two uncuttable accounts */
  int solved;
  double value; /* raw value (VERTEX_CUT: includes big per unavoidable link) */
};

/* ------------------------------------------------------ construction */

typedef struct rf_i_fbuild {
  rf_network_flow *f;
  uint64_t *pos; /* fill cursor per node; NULL while counting */
  uint64_t *cnt;
  double maxcap;
} rf_i_fbuild;

static void rf_i_emit(rf_i_fbuild *b, uint32_t u, uint32_t v, double c) {
  rf_network_flow *f = b->f;
  if (!b->pos) {
    b->cnt[u]++;
    b->cnt[v]++;
    if (isfinite(c) && c > b->maxcap) b->maxcap = c;
    return;
  }
  uint64_t a = b->pos[u]++, r = b->pos[v]++;
  f->arc[a] = (rf_i_arc){v, (uint32_t)r, c, 0};
  f->cap[a] = c;
  f->arc[r] = (rf_i_arc){u, (uint32_t)a, 0, c};
  f->cap[r] = 0;
}

static int rf_i_uncuttable(uint32_t v, const uint8_t *is_src, const uint8_t *is_snk,
                           const double *cost, int allow) {
  return ((is_src[v] || is_snk[v]) && !allow) || (cost && isinf(cost[v]));
}

static void rf_i_enumerate(rf_i_fbuild *b, const uint8_t *is_src, const uint8_t *is_snk,
                           const double *cost, int allow) {
  rf_network_flow *f = b->f;
  const rf_graph *g = f->g;
  for (uint32_t v = 0; v < g->n; v++) {
    int unc_v = rf_i_uncuttable(v, is_src, is_snk, cost, allow);
    if (f->split) {
      double c;
      int endpoint = is_src[v] || is_snk[v];
      if (endpoint && !allow)
        c = INFINITY;
      else if (f->kind == RF_FLOW_VERTEX_PATHS)
        c = 1;
      else
        c = cost ? cost[v] : 1;
      rf_i_emit(b, 2 * v, 2 * v + 1, c);
    }
    for (uint64_t a = g->out_off[v]; a < g->out_off[v + 1]; a++) {
      uint32_t w = g->out_dst[a];
      double amt = g->out_w[a];
      if (w == v || !(amt > 0) || !isfinite(amt)) continue;
      switch (f->kind) {
      case RF_FLOW_AMOUNT: rf_i_emit(b, v, w, amt); break;
      case RF_FLOW_EDGE_PATHS: rf_i_emit(b, v, w, 1); break;
      case RF_FLOW_VERTEX_PATHS: rf_i_emit(b, 2 * v + 1, 2 * w, 1); break;
      case RF_FLOW_VERTEX_CUT:
        /* a link no freeze can stop gets a large finite capacity, so the
         * cut stays finite and blocks everything else that can be blocked */
        rf_i_emit(b, 2 * v + 1, 2 * w,
                  unc_v && rf_i_uncuttable(w, is_src, is_snk, cost, allow) ? f->big : INFINITY);
        break;
      }
    }
    if (is_src[v]) rf_i_emit(b, f->S, f->split ? 2 * v : v, INFINITY);
    if (is_snk[v]) rf_i_emit(b, f->split ? 2 * v + 1 : v, f->T, INFINITY);
  }
}

void rf_network_flow_free(rf_network_flow *f) {
  if (!f) return;
  free(f->off);
  free(f->arc);
  free(f->cap);
  free(f->level);
  free(f->cur);
  free(f->queue);
  free(f->stk);
  free(f->cnt);
  free(f->dead);
  free(f);
}

rf_status rf_network_flow_new(rf_network_flow **out, const rf_graph *g, rf_flow_kind kind,
                              const uint32_t *sources, size_t nsources, const uint32_t *sinks,
                              size_t nsinks, const double *cost, int allow_endpoints,
                              rf_error *err) {
  *out = NULL;
  if (!g || (nsources && !sources) || (nsinks && !sinks))
    return rf_error_set(err, RF_EINVAL, "max-flow: missing graph or node set");
  if (g->n == 0) return rf_error_set(err, RF_EEMPTY, "max-flow: the graph has no accounts");
  if (!nsources || !nsinks)
    return rf_error_set(err, RF_EINVAL, "max-flow: %s set is empty", nsources ? "sink" : "source");
  if ((uint64_t)g->n * 2 + 2 >= INT32_MAX)
    return rf_error_set(err, RF_ELIMIT, "max-flow: too many accounts (%u)", g->n);
  uint8_t *is_src = calloc(g->n, 1), *is_snk = calloc(g->n, 1);
  rf_network_flow *f = calloc(1, sizeof *f);
  rf_status st = RF_OK;
  if (!is_src || !is_snk || !f) {
    st = rf_error_set(err, RF_ENOMEM, "max-flow: out of memory");
    goto done;
  }
  for (size_t i = 0; i < nsources; i++) {
    if (sources[i] >= g->n) {
      st = rf_error_set(err, RF_EINVAL, "max-flow: source id %u out of range", sources[i]);
      goto done;
    }
    is_src[sources[i]] = 1;
  }
  for (size_t i = 0; i < nsinks; i++) {
    uint32_t v = sinks[i];
    if (v >= g->n) {
      st = rf_error_set(err, RF_EINVAL, "max-flow: sink id %u out of range", v);
      goto done;
    }
    int split = kind == RF_FLOW_VERTEX_CUT || kind == RF_FLOW_VERTEX_PATHS;
    if (is_src[v] && (!allow_endpoints || !split)) {
      const char *lab = v < g->labels.n ? g->labels.keys[v] : "?";
      st = rf_error_set(err, RF_EINVAL, "max-flow: account '%s' is both a source and a sink%s", lab,
                        split ? " (pass allow_endpoints to let it be frozen)" : "");
      goto done;
    }
    is_snk[v] = 1;
  }
  if (cost && kind == RF_FLOW_VERTEX_CUT) {
    for (uint32_t v = 0; v < g->n; v++)
      if (!(cost[v] > 0)) {
        st = rf_error_set(err, RF_EINVAL, "max-flow: cost of account %u must be > 0 (got %g)", v,
                          cost[v]);
        goto done;
      }
  }
  f->g = g;
  f->kind = kind;
  f->big = 1;
  if (kind == RF_FLOW_VERTEX_CUT)
    for (uint32_t v = 0; v < g->n; v++)
      if (!rf_i_uncuttable(v, is_src, is_snk, cost, allow_endpoints)) f->big += cost ? cost[v] : 1;
  f->split = kind == RF_FLOW_VERTEX_CUT || kind == RF_FLOW_VERTEX_PATHS;
  f->nn = (f->split ? 2 * g->n : g->n) + 2;
  f->S = f->nn - 2;
  f->T = f->nn - 1;
  rf_i_fbuild b = {.f = f};
  b.cnt = calloc((size_t)f->nn + 1, sizeof *b.cnt);
  if (!b.cnt) {
    st = rf_error_set(err, RF_ENOMEM, "max-flow: out of memory");
    goto done;
  }
  rf_i_enumerate(&b, is_src, is_snk, cost, allow_endpoints);
  f->off = malloc(((size_t)f->nn + 1) * sizeof *f->off);
  if (!f->off) {
    free(b.cnt);
    st = rf_error_set(err, RF_ENOMEM, "max-flow: out of memory");
    goto done;
  }
  f->off[0] = 0;
  for (uint32_t v = 0; v < f->nn; v++) f->off[v + 1] = f->off[v] + b.cnt[v];
  f->na = f->off[f->nn];
  if (f->na >= (uint64_t)INT32_MAX * 2) {
    free(b.cnt);
    st = rf_error_set(err, RF_ELIMIT, "max-flow: too many arcs (%llu)", (unsigned long long)f->na);
    goto done;
  }
  size_t na = f->na ? (size_t)f->na : 1;
  f->arc = malloc(na * sizeof *f->arc);
  f->cap = malloc(na * sizeof *f->cap);
  f->level = malloc((size_t)f->nn * sizeof *f->level);
  f->cur = malloc((size_t)f->nn * sizeof *f->cur);
  f->queue = malloc((size_t)f->nn * sizeof *f->queue);
  f->stk = malloc((size_t)f->nn * sizeof *f->stk);
  f->cnt = malloc(((size_t)f->nn + 1) * sizeof *f->cnt);
  f->dead = calloc(f->nn, 1);
  if (!f->arc || !f->cap || !f->level || !f->cur || !f->queue || !f->stk || !f->cnt || !f->dead) {
    free(b.cnt);
    st = rf_error_set(err, RF_ENOMEM, "max-flow: out of memory (%llu arcs)",
                      (unsigned long long)f->na);
    goto done;
  }
  memcpy(b.cnt, f->off, (size_t)f->nn * sizeof *b.cnt);
  b.pos = b.cnt;
  rf_i_enumerate(&b, is_src, is_snk, cost, allow_endpoints);
  free(b.cnt);
  f->eps = (b.maxcap > 0 ? b.maxcap : 1) * 1e-12;
done:
  free(is_src);
  free(is_snk);
  if (st != RF_OK) {
    rf_network_flow_free(f);
    return st;
  }
  *out = f;
  return RF_OK;
}

/* ------------------------------------------------------------- solving */

/* BFS levels from S over arcs with residual > eps (only infinite arcs when
 * inf_only). Returns 1 when T is reached. */
static int rf_i_bfs(rf_network_flow *f, int inf_only) {
  /* -1 = unvisited, -2 = removed account (never entered) */
  for (uint32_t v = 0; v < f->nn; v++) f->level[v] = f->dead[v] ? -2 : -1;
  uint32_t qh = 0, qt = 0;
  f->level[f->S] = 0;
  f->queue[qt++] = f->S;
  while (qh < qt) {
    uint32_t v = f->queue[qh++];
    int32_t lv = f->level[v] + 1;
    for (uint64_t a = f->off[v]; a < f->off[v + 1]; a++) {
      const rf_i_arc *x = &f->arc[a];
      if (f->level[x->to] != -1) continue;
      if (inf_only ? !isinf(x->res) : !(x->res > f->eps)) continue;
      f->level[x->to] = lv;
      if (x->to == f->T) return 1; /* levels beyond T are never needed */
      f->queue[qt++] = x->to;
    }
  }
  return 0;
}

/* Distance labels: residual distance to T, by BFS backwards from T
 * (arc w->v usable when its residual > eps). Stops once S is labelled:
 * the DFS only walks arcs that decrease the distance, so nothing farther
 * matters. Late phases touch only the shrinking part of the graph that can
 * still reach the sinks, instead of everything reachable from the sources.
 * Returns 1 when S can reach T. */
static int rf_i_bfs_rev(rf_network_flow *f, int full) {
  for (uint32_t v = 0; v < f->nn; v++) f->level[v] = f->dead[v] ? -2 : -1;
  uint32_t qh = 0, qt = 0;
  f->level[f->T] = 0;
  f->queue[qt++] = f->T;
  while (qh < qt) {
    uint32_t v = f->queue[qh++];
    int32_t lv = f->level[v] + 1;
    for (uint64_t a = f->off[v]; a < f->off[v + 1]; a++) {
      const rf_i_arc *x = &f->arc[a];
      if (!(x->rres > f->eps) || f->level[x->to] != -1) continue;
      f->level[x->to] = lv;
      if (x->to == f->S && !full) return 1;
      f->queue[qt++] = x->to;
    }
  }
  return f->level[f->S] >= 0;
}

/* Augments along the path in f->stk[0..depth) (S to T); returns the amount
 * and sets *depth to the index of the first saturated arc. */
static double rf_i_augment(rf_network_flow *f, uint32_t *depth) {
  double b = INFINITY;
  for (uint32_t i = 0; i < *depth; i++)
    if (f->arc[f->stk[i]].res < b) b = f->arc[f->stk[i]].res;
  uint32_t first = *depth;
  for (uint32_t i = 0; i < *depth; i++) {
    rf_i_arc *x = &f->arc[f->stk[i]], *y = &f->arc[x->rev];
    x->res -= b;
    x->rres += b;
    y->res += b;
    y->rres -= b;
    if (first == *depth && !(x->res > f->eps)) first = i;
  }
  *depth = first;
  return b;
}

/* ISAP (improved shortest augmenting path): exact distance labels from one
 * backward BFS, then augment along admissible arcs (d(v) = d(w) + 1),
 * relabelling dead ends locally (exact labels again by a global backward BFS
 * after every nn local relabels), with the gap heuristic as the stopping
 * rule. Unlike Dinic it never rescans the whole graph per phase. */
static double rf_i_isap(rf_network_flow *f) {
  const int32_t nn = (int32_t)f->nn;
  double total = 0;
  uint32_t depth = 0, v = f->S;
  uint64_t relabels = 0;
global_relabel:
  if (!rf_i_bfs_rev(f, 1)) return total;
  memset(f->cnt, 0, ((size_t)f->nn + 1) * sizeof *f->cnt);
  for (uint32_t x = 0; x < f->nn; x++) {
    if (f->level[x] < 0)
      f->level[x] = nn; /* unreachable or removed */
    else
      f->cnt[f->level[x]]++;
    f->cur[x] = f->off[x];
  }
  depth = 0;
  v = f->S;
  relabels = 0;
  while (f->level[f->S] < nn) {
    if (v == f->T) {
      total += rf_i_augment(f, &depth);
      v = depth ? f->arc[f->stk[depth - 1]].to : f->S;
      continue;
    }
    uint64_t end = f->off[v + 1], a = f->cur[v];
    int32_t want = f->level[v] - 1;
    for (; a < end; a++)
      if (f->arc[a].res > f->eps && f->level[f->arc[a].to] == want)
        break; /* res first: no
                  random access */
    if (a < end) {
      f->cur[v] = a;
      f->stk[depth++] = a;
      v = f->arc[a].to;
      continue;
    }
    /* relabel: one more than the lowest residual neighbour */
    int32_t m = nn - 1;
    for (a = f->off[v]; a < end; a++)
      if (f->arc[a].res > f->eps && f->level[f->arc[a].to] < m) m = f->level[f->arc[a].to];
    int32_t old = f->level[v];
    if (--f->cnt[old] == 0) break; /* gap: nothing above `old` reaches T */
    f->level[v] = m + 1;
    if (m + 1 < nn) f->cnt[m + 1]++;
    f->cur[v] = f->off[v];
    /* global relabel: exact labels again after as many local relabels as
     * there are nodes (local ones only creep up one level at a time) */
    if (++relabels > f->nn) goto global_relabel;
    if (v != f->S) {
      depth--;
      v = depth ? f->arc[f->stk[depth - 1]].to : f->S;
    }
  }
  return total;
}

rf_status rf_network_flow_solve(rf_network_flow *f, const uint8_t *removed, double *value,
                                rf_error *err) {
  if (!f || !value) return rf_error_set(err, RF_EINVAL, "max-flow: missing argument");
  for (uint64_t a = 0; a < f->na; a++) {
    f->arc[a].res = f->cap[a];
    f->arc[a].rres = f->cap[f->arc[a].rev];
  }
  memset(f->dead, 0, f->nn);
  if (removed) {
    for (uint32_t v = 0; v < f->g->n; v++)
      if (removed[v]) {
        if (f->split)
          f->dead[2 * v] = f->dead[2 * v + 1] = 1;
        else
          f->dead[v] = 1;
      }
  }
  f->solved = 1;
  if (rf_i_bfs(f, 1)) {
    f->value = *value = INFINITY;
    return RF_OK;
  }
  double total = 0;
  total = rf_i_isap(f);
  f->value = *value = total;
  if (f->kind == RF_FLOW_VERTEX_CUT && total >= f->big) *value = INFINITY;
  return RF_OK;
}

void rf_network_flow_throughput(const rf_network_flow *f, double *thr) {
  const rf_graph *g = f->g;
  for (uint32_t v = 0; v < g->n; v++) {
    double s = 0;
    uint32_t x = f->split ? 2 * v : v;
    for (uint64_t a = f->off[x]; a < f->off[x + 1]; a++)
      if (f->cap[a] > 0 && (!f->split || f->arc[a].to == 2 * v + 1)) {
        double fl = f->cap[a] - f->arc[a].res;
        if (isinf(f->cap[a])) fl = f->solved ? f->arc[f->arc[a].rev].res : 0;
        s += fl;
      }
    thr[v] = f->solved && !isinf(f->value) ? s : 0;
  }
}

rf_status rf_network_flow_cut(const rf_network_flow *f, uint32_t **ids, size_t *n, rf_error *err) {
  *ids = NULL;
  *n = 0;
  if (f->kind != RF_FLOW_VERTEX_CUT || !f->solved || isinf(f->value))
    return rf_error_set(err, RF_EINVAL, "max-flow: no vertex cut has been computed");
  rf_network_flow *m = (rf_network_flow *)f; /* level/queue are scratch */
  rf_i_bfs(m, 0);
  size_t k = 0;
  for (uint32_t v = 0; v < f->g->n; v++)
    if (m->level[2 * v] >= 0 && m->level[2 * v + 1] < 0) k++;
  uint32_t *out = malloc((k ? k : 1) * sizeof *out);
  if (!out) return rf_error_set(err, RF_ENOMEM, "max-flow: out of memory");
  k = 0;
  for (uint32_t v = 0; v < f->g->n; v++)
    if (m->level[2 * v] >= 0 && m->level[2 * v + 1] < 0) out[k++] = v;
  *ids = out;
  *n = k;
  return RF_OK;
}

uint64_t rf_network_flow_unavoidable(const rf_network_flow *f) {
  if (f->kind != RF_FLOW_VERTEX_CUT || !f->solved || isinf(f->value) || f->value < f->big) return 0;
  rf_network_flow *m = (rf_network_flow *)f;
  rf_i_bfs(m, 0);
  uint64_t k = 0;
  for (uint32_t v = 0; v < f->g->n; v++) {
    uint32_t x = 2 * v + 1;
    if (m->level[x] < 0) continue;
    for (uint64_t a = f->off[x]; a < f->off[x + 1]; a++)
      if (f->cap[a] == f->big && m->level[f->arc[a].to] < 0) k++;
  }
  return k;
}

/* ------------------------------------------------------ one-shot helpers */

rf_status rf_network_maxflow(const rf_graph *g, const uint32_t *sources, size_t ns,
                             const uint32_t *sinks, size_t nt, const uint8_t *removed,
                             double *value, rf_error *err) {
  rf_network_flow *f;
  rf_status st = rf_network_flow_new(&f, g, RF_FLOW_AMOUNT, sources, ns, sinks, nt, NULL, 0, err);
  if (st != RF_OK) return st;
  st = rf_network_flow_solve(f, removed, value, err);
  rf_network_flow_free(f);
  return st;
}

rf_status rf_network_min_vertex_cut(const rf_graph *g, const uint32_t *sources, size_t ns,
                                    const uint32_t *sinks, size_t nt, const double *cost,
                                    int allow_endpoints, uint32_t **cut, size_t *ncut,
                                    double *cut_cost, rf_error *err) {
  *cut = NULL;
  *ncut = 0;
  rf_network_flow *f;
  rf_status st = rf_network_flow_new(&f, g, RF_FLOW_VERTEX_CUT, sources, ns, sinks, nt, cost,
                                     allow_endpoints, err);
  if (st != RF_OK) return st;
  st = rf_network_flow_solve(f, NULL, cut_cost, err);
  if (st == RF_OK && isinf(*cut_cost))
    st = rf_error_set(err, RF_EINVAL,
                      "min vertex cut: a source reaches a sink through accounts that cannot be "
                      "frozen (direct payment or infinite cost); no finite cut exists");
  if (st == RF_OK) st = rf_network_flow_cut(f, cut, ncut, err);
  rf_network_flow_free(f);
  return st;
}

/* --------------------------------------------------------- fragmentation */

static uint32_t rf_i_find(uint32_t *p, uint32_t x) {
  while (p[x] != x) {
    p[x] = p[p[x]];
    x = p[x];
  }
  return x;
}

rf_status rf_network_fragmentation(const rf_graph *g, const uint8_t *removed, rf_fragmentation *out,
                                   rf_error *err) {
  memset(out, 0, sizeof *out);
  if (!g) return rf_error_set(err, RF_EINVAL, "fragmentation: missing graph");
  if (g->n == 0) return RF_OK;
  uint32_t *p = malloc((size_t)g->n * sizeof *p), *sz = calloc(g->n, sizeof *sz);
  if (!p || !sz) {
    free(p);
    free(sz);
    return rf_error_set(err, RF_ENOMEM, "fragmentation: out of memory");
  }
  for (uint32_t v = 0; v < g->n; v++) p[v] = v;
  for (uint32_t v = 0; v < g->n; v++) {
    if (removed && removed[v]) continue;
    for (uint64_t a = g->out_off[v]; a < g->out_off[v + 1]; a++) {
      uint32_t w = g->out_dst[a];
      if (removed && removed[w]) continue;
      uint32_t x = rf_i_find(p, v), y = rf_i_find(p, w);
      if (x != y) p[x < y ? y : x] = x < y ? x : y;
    }
  }
  for (uint32_t v = 0; v < g->n; v++) {
    if (removed && removed[v]) continue;
    out->alive++;
    uint32_t r = rf_i_find(p, v);
    if (sz[r]++ == 0) out->components++;
    if (sz[r] > out->lcc) out->lcc = sz[r];
  }
  out->lcc_fraction = (double)out->lcc / g->n;
  free(p);
  free(sz);
  return RF_OK;
}
