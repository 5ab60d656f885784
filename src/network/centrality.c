/* Centralities: exact Brandes betweenness (BFS / Dijkstra, pthreads over
 * sources), degree, Katz and collective influence. */
#include "network/network_i.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

unsigned rf_net_i_threads(unsigned want) {
  if (want) return want;
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (unsigned)(n > 64 ? 64 : n) : 1;
}

void rf_net_i_parallel(unsigned nt, void *(*fn)(void *), void *workers, size_t stride) {
  char *w = workers;
  pthread_t *tid = nt > 1 ? calloc(nt, sizeof *tid) : NULL;
  int *started = nt > 1 ? calloc(nt, sizeof *started) : NULL;
  if (tid && started)
    for (unsigned t = 1; t < nt; t++)
      started[t] = !pthread_create(&tid[t], NULL, fn, w + t * stride);
  fn(w);
  for (unsigned t = 1; t < nt; t++) {
    if (tid && started && started[t])
      pthread_join(tid[t], NULL);
    else
      fn(w + t * stride); /* could not start a thread: do its share here */
  }
  free(tid);
  free(started);
}

uint32_t rf_net_i_live(const rf_graph *g, const uint8_t *removed) {
  if (!removed) return g->n;
  uint32_t k = 0;
  for (uint32_t v = 0; v < g->n; v++) k += !removed[v];
  return k;
}

/* --------------------------------------------------------- binary heap */

void rf_net_i_heap_push(rf_net_i_heap *h, uint32_t v, double key) {
  size_t i = h->n++;
  while (i) {
    size_t p = (i - 1) / 2;
    if (h->key[p] <= key) break;
    h->key[i] = h->key[p];
    h->node[i] = h->node[p];
    i = p;
  }
  h->key[i] = key;
  h->node[i] = v;
}

uint32_t rf_net_i_heap_pop(rf_net_i_heap *h, double *key) {
  uint32_t top = h->node[0];
  *key = h->key[0];
  size_t n = --h->n;
  double k = h->key[n];
  uint32_t v = h->node[n];
  size_t i = 0;
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && h->key[c + 1] < h->key[c]) c++;
    if (h->key[c] >= k) break;
    h->key[i] = h->key[c];
    h->node[i] = h->node[c];
    i = c;
  }
  h->key[i] = k;
  h->node[i] = v;
  return top;
}

/* ---------------------------------------------------------- betweenness */

typedef struct rf_i_bc_shared {
  const rf_graph *g;
  const rf_net_opts *o;
  const uint32_t *sources; /* NULL: all live nodes */
  size_t nsources;
  int failed;
} rf_i_bc_shared;

/* Arcs to look ahead when prefetching neighbour records: the next arcs of
 * the same node, or of the next node in CSR order (a harmless miss when the
 * BFS goes elsewhere). */
#define RF_I_PF 12

typedef struct rf_i_bfs_node {
  int32_t hop; /* -1 = not reached */
  double a;
} rf_i_bfs_node;

/* Sources are dealt round-robin in chunks of 32 (worker t takes chunks t,
 * t + nt, ...) and the partial sums are added in worker order, so results are
 * bit-for-bit the same on every run with the same thread count. */
typedef struct rf_i_bc_worker {
  rf_i_bc_shared *sh;
  unsigned idx, nt;
  double *bc; /* this worker's partial sums */
  int ok;
} rf_i_bc_worker;

static void *rf_i_bc_run(void *arg) {
  rf_i_bc_worker *wk = arg;
  rf_i_bc_shared *sh = wk->sh;
  const rf_graph *g = sh->g;
  const uint8_t *rm = sh->o->removed;
  int weighted = sh->o->weighted;
  uint32_t n = g->n;
  double *sigma = malloc((size_t)n * sizeof *sigma);
  double *delta = malloc((size_t)n * sizeof *delta);
  uint32_t *order = malloc((size_t)n * sizeof *order);
  rf_i_bfs_node *st = weighted ? NULL : malloc((size_t)n * sizeof *st);
  double *dist = weighted ? malloc((size_t)n * sizeof *dist) : NULL;
  uint8_t *done = weighted ? calloc(n, 1) : NULL;
  rf_net_i_heap h = {0};
  if (weighted) {
    h.key = malloc(((size_t)g->m + 1) * sizeof *h.key);
    h.node = malloc(((size_t)g->m + 1) * sizeof *h.node);
  }
  if (!sigma || !delta || !order || (!weighted && !st) ||
      (weighted && (!dist || !done || !h.key || !h.node))) {
    wk->ok = 0;
    goto out;
  }
  if (st)
    for (uint32_t v = 0; v < n; v++) st[v].hop = -1;
  if (dist)
    for (uint32_t v = 0; v < n; v++) dist[v] = INFINITY;
  const uint64_t *off = g->out_off;
  const uint32_t *dst = g->out_dst;
  const double *wt = g->out_w;
  size_t total = sh->sources ? sh->nsources : n;
  for (size_t c = wk->idx;; c += wk->nt) {
    size_t i0 = c * 32;
    if (i0 >= total) break;
    size_t i1 = i0 + 32 < total ? i0 + 32 : total;
    for (size_t i = i0; i < i1; i++) {
      uint32_t s = sh->sources ? sh->sources[i] : (uint32_t)i;
      if (s >= n || (rm && rm[s])) continue;
      size_t nord = 0;
      if (!weighted) {
        /* BFS; order doubles as the queue. st[v].a holds sigma(v) in the
         * forward pass and (1 + delta(v)) / sigma(v) once v is done in the
         * backward pass: one 16-byte record per neighbour visit, no division
         * per arc. */
        st[s].hop = 0;
        st[s].a = 1;
        order[nord++] = s;
        for (size_t q = 0; q < nord; q++) {
          uint32_t v = order[q];
          if (q + 8 < nord) __builtin_prefetch(&off[order[q + 8]]);
          if (q + 4 < nord) __builtin_prefetch(&dst[off[order[q + 4]]]);
          int32_t hv = st[v].hop + 1;
          double sv = st[v].a;
          for (uint64_t a = off[v]; a < off[v + 1]; a++) {
            uint32_t w = dst[a];
            rf_i_bfs_node *x = &st[w];
            if (x->hop < 0) {
              if (rm && rm[w]) continue;
              x->hop = hv;
              x->a = sv;
              order[nord++] = w;
            } else if (x->hop == hv) {
              x->a += sv;
            }
          }
        }
        for (size_t q = nord; q-- > 0;) {
          uint32_t v = order[q];
          if (q >= 8) __builtin_prefetch(&off[order[q - 8]]);
          if (q >= 4) __builtin_prefetch(&dst[off[order[q - 4]]]);
          int32_t hv = st[v].hop + 1;
          double sum = 0, sv = st[v].a;
          for (uint64_t a = off[v]; a < off[v + 1]; a++) {
            const rf_i_bfs_node *x = &st[dst[a]];
            if (x->hop == hv) sum += x->a;
          }
          double d = sv * sum;
          st[v].a = (1 + d) / sv;
          if (v != s) wk->bc[v] += d;
        }
        for (size_t q = 0; q < nord; q++) st[order[q]].hop = -1;
      } else {
        /* Dijkstra; sigma accumulated at relaxation as networkx does */
        h.n = 0;
        dist[s] = 0;
        sigma[s] = 1;
        rf_net_i_heap_push(&h, s, 0);
        while (h.n) {
          double dv;
          uint32_t v = rf_net_i_heap_pop(&h, &dv);
          if (done[v] || dv > dist[v]) continue;
          done[v] = 1;
          order[nord++] = v;
          double sv = sigma[v];
          for (uint64_t a = off[v]; a < off[v + 1]; a++) {
            uint32_t w = dst[a];
            if (rm && rm[w]) continue;
            double nd = dv + wt[a];
            if (nd < dist[w]) {
              dist[w] = nd;
              sigma[w] = sv;
              rf_net_i_heap_push(&h, w, nd);
            } else if (nd == dist[w] && !done[w]) {
              sigma[w] += sv;
            }
          }
        }
        for (size_t q = nord; q-- > 0;) {
          uint32_t v = order[q];
          double d = 0, sv = sigma[v], dv = dist[v];
          for (uint64_t a = off[v]; a < off[v + 1]; a++) {
            uint32_t w = dst[a];
            if (done[w] && w != v && dv + wt[a] == dist[w]) d += sv / sigma[w] * (1 + delta[w]);
          }
          delta[v] = d;
          if (v != s) wk->bc[v] += d;
        }
        for (size_t q = 0; q < nord; q++) {
          uint32_t v = order[q];
          done[v] = 0;
          dist[v] = INFINITY; /* every touched node was popped */
        }
      }
    }
  }
  wk->ok = 1;
out:
  free(sigma);
  free(delta);
  free(order);
  free(st);
  free(dist);
  free(done);
  free(h.key);
  free(h.node);
  return NULL;
}

static rf_status rf_i_betweenness(const rf_graph *g, const rf_net_opts *o, const uint32_t *sources,
                                  size_t nsources, double *out, rf_error *err) {
  rf_net_opts dflt = {0};
  if (!o) o = &dflt;
  uint32_t n = g->n;
  memset(out, 0, (size_t)n * sizeof *out);
  if (o->weighted)
    for (uint64_t a = 0; a < g->m; a++)
      if (!(g->out_w[a] > 0) || !isfinite(g->out_w[a]))
        return rf_error_set(err, RF_EINVAL,
                            "betweenness: arc %llu has weight %g; weighted shortest paths need "
                            "positive weights",
                            (unsigned long long)a, g->out_w[a]);
  if (n == 0) return RF_OK;
  unsigned nt = rf_net_i_threads(o->threads);
  size_t total = sources ? nsources : n;
  if (total < 64) nt = 1;
  if (nt > total) nt = (unsigned)total;
  rf_i_bc_shared sh = {g, o, sources, nsources, 0};
  rf_i_bc_worker *wk = calloc(nt, sizeof *wk);
  if (!wk) return rf_error_set(err, RF_ENOMEM, "betweenness: out of memory");
  rf_status st = RF_OK;
  for (unsigned t = 0; t < nt; t++) {
    wk[t].sh = &sh;
    wk[t].idx = t;
    wk[t].nt = nt;
    wk[t].bc = t == 0 ? out : calloc(n, sizeof(double));
    if (!wk[t].bc) st = RF_ENOMEM;
  }
  if (st == RF_OK) {
    rf_net_i_parallel(nt, rf_i_bc_run, wk, sizeof *wk);
    for (unsigned t = 0; t < nt; t++)
      if (wk[t].ok == 0) st = RF_ENOMEM;
    for (unsigned t = 1; t < nt; t++)
      for (uint32_t v = 0; v < n; v++) out[v] += wk[t].bc[v];
  }
  for (unsigned t = 1; t < nt; t++) free(wk[t].bc);
  free(wk);
  if (st != RF_OK) return rf_error_set(err, st, "betweenness: out of memory");
  /* networkx rescaling */
  uint32_t live = rf_net_i_live(g, o->removed);
  double scale = 1;
  if (o->normalized)
    scale = live > 2 ? 1.0 / ((double)(live - 1) * (double)(live - 2)) : 1;
  else if (!g->directed)
    scale = 0.5;
  if (sources && nsources) scale *= (double)live / (double)nsources;
  if (scale != 1)
    for (uint32_t v = 0; v < n; v++) out[v] *= scale;
  if (o->removed)
    for (uint32_t v = 0; v < n; v++)
      if (o->removed[v]) out[v] = 0;
  return RF_OK;
}

rf_status rf_net_betweenness(const rf_graph *g, const rf_net_opts *o, double *out, rf_error *err) {
  return rf_i_betweenness(g, o, NULL, 0, out, err);
}

rf_status rf_net_betweenness_sources(const rf_graph *g, const rf_net_opts *o,
                                     const uint32_t *sources, size_t nsources, double *out,
                                     rf_error *err) {
  if (!sources || !nsources) return rf_error_set(err, RF_EINVAL, "betweenness: no sources");
  return rf_i_betweenness(g, o, sources, nsources, out, err);
}

/* --------------------------------------------------------------- degree */

rf_status rf_net_degree(const rf_graph *g, const rf_net_opts *o, double *out, rf_error *err) {
  (void)err;
  const uint8_t *rm = o ? o->removed : NULL;
  int weighted = o && o->weighted;
  for (uint32_t v = 0; v < g->n; v++) {
    double d = 0;
    if (!rm || !rm[v]) {
      for (uint64_t a = g->out_off[v]; a < g->out_off[v + 1]; a++)
        if (!rm || !rm[g->out_dst[a]]) d += weighted ? g->out_w[a] : 1;
      if (g->directed)
        for (uint64_t a = g->in_off[v]; a < g->in_off[v + 1]; a++)
          if (!rm || !rm[g->in_src[a]]) d += weighted ? g->out_w[g->in_arc[a]] : 1;
    }
    out[v] = d;
  }
  return RF_OK;
}

/* ----------------------------------------------------------------- Katz */

static rf_status rf_i_katz_dense(const rf_graph *g, const uint8_t *rm, int weighted, double alpha,
                                 double beta, const uint32_t *live, uint32_t k, double *x,
                                 rf_error *err) {
  /* M = I - alpha * A^T over the live nodes, in live order; solve M x = beta */
  int32_t *pos = malloc((size_t)g->n * sizeof *pos);
  double *M = calloc((size_t)k * k, sizeof *M);
  if (!pos || !M) {
    free(pos);
    free(M);
    return rf_error_set(err, RF_ENOMEM, "katz: out of memory");
  }
  for (uint32_t v = 0; v < g->n; v++) pos[v] = -1;
  for (uint32_t i = 0; i < k; i++) pos[live[i]] = (int32_t)i;
  for (uint32_t i = 0; i < k; i++) {
    M[(size_t)i * k + i] = 1;
    x[i] = beta;
  }
  for (uint32_t i = 0; i < k; i++) {
    uint32_t u = live[i];
    for (uint64_t a = g->out_off[u]; a < g->out_off[u + 1]; a++) {
      uint32_t w = g->out_dst[a];
      if (rm && rm[w]) continue;
      /* row of w, column of u: x_w = alpha * sum_u A[u][w] x_u + beta */
      M[(size_t)pos[w] * k + i] -= alpha * (weighted ? g->out_w[a] : 1.0);
    }
  }
  free(pos);
  /* LU with partial pivoting (row interchanges), forward/back substitution */
  for (uint32_t c = 0; c < k; c++) {
    uint32_t p = c;
    double best = fabs(M[(size_t)c * k + c]);
    for (uint32_t r = c + 1; r < k; r++)
      if (fabs(M[(size_t)r * k + c]) > best) best = fabs(M[(size_t)r * k + c]), p = r;
    if (best == 0) {
      free(M);
      return rf_error_set(err, RF_EINVAL,
                          "katz: I - alpha*A is singular (alpha %g is an eigenvalue reciprocal)",
                          alpha);
    }
    if (p != c) {
      for (uint32_t j = 0; j < k; j++) {
        double t = M[(size_t)c * k + j];
        M[(size_t)c * k + j] = M[(size_t)p * k + j];
        M[(size_t)p * k + j] = t;
      }
      double t = x[c];
      x[c] = x[p];
      x[p] = t;
    }
    double piv = M[(size_t)c * k + c];
    for (uint32_t r = c + 1; r < k; r++) {
      double f = M[(size_t)r * k + c] / piv;
      if (f == 0) continue;
      double *rr = M + (size_t)r * k, *rc = M + (size_t)c * k;
      for (uint32_t j = c + 1; j < k; j++) rr[j] -= f * rc[j];
      x[r] -= f * x[c];
    }
  }
  for (uint32_t c = k; c-- > 0;) {
    double s = x[c];
    for (uint32_t j = c + 1; j < k; j++) s -= M[(size_t)c * k + j] * x[j];
    x[c] = s / M[(size_t)c * k + c];
  }
  free(M);
  return RF_OK;
}

/* Largest eigenvalue (in modulus) of A over the live nodes, by power
 * iteration on A^T A's square root proxy: iterate x <- A^T x, normalise, and
 * return the growth ratio after convergence (an upper estimate is safe:
 * alpha only needs to stay below 1/lambda). */
static double rf_i_spectral_radius(const rf_graph *g, const uint8_t *rm, int weighted) {
  uint32_t n = g->n;
  double *x = malloc(((size_t)n + 1) * sizeof *x), *y = malloc(((size_t)n + 1) * sizeof *y);
  double lam = 0;
  if (!x || !y) goto out;
  for (uint32_t v = 0; v < n; v++) x[v] = (!rm || !rm[v]) ? 1.0 + (v % 7) * 0.01 : 0;
  for (int it = 0; it < 100; it++) {
    double nrm = 0, prev = lam;
    for (uint32_t v = 0; v < n; v++) {
      double s = 0;
      if (!rm || !rm[v])
        for (uint64_t a = g->in_off[v]; a < g->in_off[v + 1]; a++) {
          uint32_t u = g->in_src[a];
          if (!rm || !rm[u]) s += (weighted ? g->out_w[g->in_arc[a]] : 1.0) * x[u];
        }
      y[v] = s;
      nrm += s * s;
    }
    double xn = 0;
    for (uint32_t v = 0; v < n; v++) xn += x[v] * x[v];
    if (!(nrm > 0) || !(xn > 0)) break;
    lam = sqrt(nrm / xn);
    double inv = 1 / sqrt(nrm);
    for (uint32_t v = 0; v < n; v++) x[v] = y[v] * inv;
    if (it > 10 && fabs(lam - prev) <= 1e-6 * lam) break;
  }
out:
  free(x);
  free(y);
  return lam * 1.05; /* margin for an unconverged estimate */
}

rf_status rf_net_katz(const rf_graph *g, const rf_net_opts *o, double alpha, double beta,
                      double *out, rf_error *err) {
  const uint8_t *rm = o ? o->removed : NULL;
  int weighted = o && o->weighted;
  int auto_alpha = alpha < 0;
  if (alpha <= 0) alpha = 0.1;
  uint32_t n = g->n, k = 0;
  uint32_t *live = malloc(((size_t)n + 1) * sizeof *live);
  double *x = malloc(((size_t)n + 1) * sizeof *x);
  if (!live || !x) {
    free(live);
    free(x);
    return rf_error_set(err, RF_ENOMEM, "katz: out of memory");
  }
  for (uint32_t v = 0; v < n; v++)
    if (!rm || !rm[v]) live[k++] = v;
  rf_status st = RF_OK;
  if (k <= RF_NET_KATZ_DENSE_MAX) {
    st = rf_i_katz_dense(g, rm, weighted, alpha, beta, live, k, x, err);
  } else {
    if (auto_alpha) {
      double lam = rf_i_spectral_radius(g, rm, weighted);
      if (lam > 0 && 0.9 / lam < alpha) alpha = 0.9 / lam;
    }
    /* Jacobi iteration x <- alpha A^T x + beta, on the CSR */
    double *y = malloc((size_t)n * sizeof *y), *xx = malloc((size_t)n * sizeof *xx);
    if (!y || !xx) {
      free(y);
      free(xx);
      st = rf_error_set(err, RF_ENOMEM, "katz: out of memory");
    } else {
      for (uint32_t v = 0; v < n; v++) xx[v] = (!rm || !rm[v]) ? beta : 0;
      int conv = 0;
      for (int it = 0; it < 1000 && !conv; it++) {
        for (uint32_t v = 0; v < n; v++) {
          double s = 0;
          if (!rm || !rm[v])
            for (uint64_t a = g->in_off[v]; a < g->in_off[v + 1]; a++) {
              uint32_t u = g->in_src[a];
              if (!rm || !rm[u]) s += (weighted ? g->out_w[g->in_arc[a]] : 1.0) * xx[u];
            }
          y[v] = (!rm || !rm[v]) ? alpha * s + beta : 0;
        }
        double diff = 0, nrm = 0;
        for (uint32_t v = 0; v < n; v++) diff += fabs(y[v] - xx[v]), nrm += fabs(y[v]);
        if (!isfinite(nrm) || nrm > 1e300) break;
        conv = diff <= 1e-12 * nrm;
        double *t = xx;
        xx = y;
        y = t;
      }
      if (!conv)
        st = rf_error_set(err, RF_EINVAL,
                          "katz: no convergence with alpha %g on %u nodes; alpha must be below "
                          "1/lambda_max (try --katz-alpha 0.001)",
                          alpha, k);
      for (uint32_t i = 0; i < k; i++) x[i] = xx[live[i]];
      free(y);
      free(xx);
    }
  }
  if (st == RF_OK) {
    double sum = 0, nrm = 0;
    for (uint32_t i = 0; i < k; i++) sum += x[i], nrm += x[i] * x[i];
    nrm = sqrt(nrm);
    double scale = nrm > 0 ? (sum < 0 ? -1 : sum > 0 ? 1 : 0) / nrm : 0;
    for (uint32_t v = 0; v < n; v++) out[v] = 0;
    for (uint32_t i = 0; i < k; i++) out[live[i]] = x[i] * scale;
  }
  free(live);
  free(x);
  return st;
}

/* ------------------------------------------------- collective influence */

rf_status rf_net_ci(const rf_graph *g, const rf_net_opts *o, unsigned radius, double *out,
                    rf_error *err) {
  const uint8_t *rm = o ? o->removed : NULL;
  if (radius == 0) radius = 2;
  uint32_t n = g->n;
  double *k = malloc(((size_t)n + 1) * sizeof *k);
  uint32_t *hop = malloc(((size_t)n + 1) * sizeof *hop);
  uint32_t *queue = malloc(((size_t)n + 1) * sizeof *queue);
  if (!k || !hop || !queue) {
    free(k);
    free(hop);
    free(queue);
    return rf_error_set(err, RF_ENOMEM, "ci: out of memory");
  }
  rf_net_degree(g, o, k, err);
  for (uint32_t v = 0; v < n; v++) hop[v] = UINT32_MAX;
  for (uint32_t s = 0; s < n; s++) {
    if (rm && rm[s]) {
      out[s] = 0;
      continue;
    }
    /* BFS to depth radius over the neighbourhood (out and, if directed, in arcs) */
    size_t qh = 0, qt = 0;
    queue[qt++] = s;
    hop[s] = 0;
    double sum = 0;
    while (qh < qt) {
      uint32_t v = queue[qh++];
      if (hop[v] == radius) {
        sum += k[v] - 1;
        continue;
      }
      for (int dir = 0; dir < (g->directed ? 2 : 1); dir++) {
        uint64_t a0 = dir ? g->in_off[v] : g->out_off[v],
                 a1 = dir ? g->in_off[v + 1] : g->out_off[v + 1];
        for (uint64_t a = a0; a < a1; a++) {
          uint32_t w = dir ? g->in_src[a] : g->out_dst[a];
          if (hop[w] != UINT32_MAX || (rm && rm[w])) continue;
          hop[w] = hop[v] + 1;
          queue[qt++] = w;
        }
      }
    }
    for (size_t i = 0; i < qt; i++) hop[queue[i]] = UINT32_MAX;
    out[s] = (k[s] - 1) * sum;
  }
  free(k);
  free(hop);
  free(queue);
  return RF_OK;
}
