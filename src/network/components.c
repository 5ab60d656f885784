/* Weak components and global efficiency. */
#include "network/network_i.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

rf_status rf_net_components(const rf_graph *g, const uint8_t *removed, uint32_t *comp,
                            uint32_t *ncomp, uint32_t *lcc, rf_error *err) {
  uint32_t n = g->n;
  uint32_t *c = comp ? comp : malloc(((size_t)n + 1) * sizeof *c);
  uint32_t *queue = malloc(((size_t)n + 1) * sizeof *queue);
  if (!c || !queue) {
    if (!comp) free(c);
    free(queue);
    return rf_error_set(err, RF_ENOMEM, "components: out of memory");
  }
  for (uint32_t v = 0; v < n; v++) c[v] = UINT32_MAX;
  uint32_t nc = 0, best = 0;
  for (uint32_t s = 0; s < n; s++) {
    if (c[s] != UINT32_MAX || (removed && removed[s])) continue;
    size_t qh = 0, qt = 0;
    queue[qt++] = s;
    c[s] = nc;
    while (qh < qt) {
      uint32_t v = queue[qh++];
      for (uint64_t a = g->out_off[v]; a < g->out_off[v + 1]; a++) {
        uint32_t w = g->out_dst[a];
        if (c[w] == UINT32_MAX && !(removed && removed[w])) c[w] = nc, queue[qt++] = w;
      }
      if (g->directed)
        for (uint64_t a = g->in_off[v]; a < g->in_off[v + 1]; a++) {
          uint32_t w = g->in_src[a];
          if (c[w] == UINT32_MAX && !(removed && removed[w])) c[w] = nc, queue[qt++] = w;
        }
    }
    if (qt > best) best = (uint32_t)qt;
    nc++;
  }
  if (ncomp) *ncomp = nc;
  if (lcc) *lcc = best;
  if (!comp) free(c);
  free(queue);
  return RF_OK;
}

/* ------------------------------------------------------------ efficiency */

typedef struct rf_i_eff_shared {
  const rf_graph *g;
  const uint8_t *rm;
  int weighted;
  const uint32_t *sources;
  size_t nsources;
  double *per; /* per[i]: sum of 1/d from sources[i]; reduced in order, so the
                  result does not depend on thread scheduling */
  _Atomic size_t next;
} rf_i_eff_shared;

typedef struct rf_i_eff_worker {
  rf_i_eff_shared *sh;
  double sum;
  int ok;
} rf_i_eff_worker;

static void *rf_i_eff_run(void *arg) {
  rf_i_eff_worker *wk = arg;
  rf_i_eff_shared *sh = wk->sh;
  const rf_graph *g = sh->g;
  const uint8_t *rm = sh->rm;
  uint32_t n = g->n;
  uint32_t *order = malloc(((size_t)n + 1) * sizeof *order);
  int32_t *hop = malloc(((size_t)n + 1) * sizeof *hop);
  double *dist = sh->weighted ? malloc(((size_t)n + 1) * sizeof *dist) : NULL;
  uint8_t *done = sh->weighted ? calloc((size_t)n + 1, 1) : NULL;
  rf_net_i_heap h = {0};
  if (sh->weighted) {
    h.key = malloc(((size_t)g->m + 1) * sizeof *h.key);
    h.node = malloc(((size_t)g->m + 1) * sizeof *h.node);
  }
  wk->ok = order && hop && (!sh->weighted || (dist && done && h.key && h.node));
  if (wk->ok) {
    for (uint32_t v = 0; v < n; v++) hop[v] = -1;
    if (dist)
      for (uint32_t v = 0; v < n; v++) dist[v] = INFINITY;
  }
  while (wk->ok) {
    size_t i0 = atomic_fetch_add(&sh->next, 16);
    if (i0 >= sh->nsources) break;
    size_t i1 = i0 + 16 < sh->nsources ? i0 + 16 : sh->nsources;
    for (size_t i = i0; i < i1; i++) {
      uint32_t s = sh->sources[i];
      size_t nord = 0;
      double sum = 0;
      if (!sh->weighted) {
        hop[s] = 0;
        order[nord++] = s;
        for (size_t q = 0; q < nord; q++) {
          uint32_t v = order[q];
          int32_t hv = hop[v] + 1;
          for (uint64_t a = g->out_off[v]; a < g->out_off[v + 1]; a++) {
            uint32_t w = g->out_dst[a];
            if (hop[w] >= 0 || (rm && rm[w])) continue;
            hop[w] = hv;
            order[nord++] = w;
            sum += 1.0 / hv;
          }
        }
        for (size_t q = 0; q < nord; q++) hop[order[q]] = -1;
      } else {
        h.n = 0;
        dist[s] = 0;
        rf_net_i_heap_push(&h, s, 0);
        while (h.n) {
          double dv;
          uint32_t v = rf_net_i_heap_pop(&h, &dv);
          if (done[v] || dv > dist[v]) continue;
          done[v] = 1;
          order[nord++] = v;
          if (v != s) sum += 1.0 / dv;
          for (uint64_t a = g->out_off[v]; a < g->out_off[v + 1]; a++) {
            uint32_t w = g->out_dst[a];
            if (rm && rm[w]) continue;
            double nd = dv + g->out_w[a];
            if (nd < dist[w]) dist[w] = nd, rf_net_i_heap_push(&h, w, nd);
          }
        }
        for (size_t q = 0; q < nord; q++) done[order[q]] = 0, dist[order[q]] = INFINITY;
      }
      sh->per[i] = sum;
    }
  }
  free(order);
  free(hop);
  free(dist);
  free(done);
  free(h.key);
  free(h.node);
  return NULL;
}

rf_status rf_net_efficiency(const rf_graph *g, const rf_net_opts *o, uint32_t nsamples,
                            uint64_t seed, double *out, rf_error *err) {
  const uint8_t *rm = o ? o->removed : NULL;
  int weighted = o && o->weighted;
  *out = 0;
  if (weighted)
    for (uint64_t a = 0; a < g->m; a++)
      if (!(g->out_w[a] > 0) || !isfinite(g->out_w[a]))
        return rf_error_set(err, RF_EINVAL, "efficiency: weighted lengths must be positive");
  uint32_t n = g->n, live = 0;
  uint32_t *src = malloc(((size_t)n + 1) * sizeof *src);
  if (!src) return rf_error_set(err, RF_ENOMEM, "efficiency: out of memory");
  for (uint32_t v = 0; v < n; v++)
    if (!rm || !rm[v]) src[live++] = v;
  if (live < 2) {
    free(src);
    return RF_OK;
  }
  size_t ns = live;
  if (nsamples && nsamples < live) {
    /* partial Fisher-Yates: the first nsamples entries are a uniform sample */
    uint64_t st = seed ^ 0x5EEDull;
    for (uint32_t i = 0; i < nsamples; i++) {
      uint32_t j = i + (uint32_t)(rf_net_i_rand(&st) % (live - i));
      uint32_t t = src[i];
      src[i] = src[j];
      src[j] = t;
    }
    ns = nsamples;
  }
  unsigned nt = rf_net_i_threads(o ? o->threads : 0);
  if (ns < 64) nt = 1;
  double *per = calloc(ns, sizeof *per);
  rf_i_eff_shared sh = {g, rm, weighted, src, ns, per, 0};
  rf_i_eff_worker *wk = calloc(nt, sizeof *wk);
  if (!wk || !per) {
    free(wk);
    free(per);
    free(src);
    return rf_error_set(err, RF_ENOMEM, "efficiency: out of memory");
  }
  for (unsigned t = 0; t < nt; t++) wk[t].sh = &sh;
  rf_net_i_parallel(nt, rf_i_eff_run, wk, sizeof *wk);
  double sum = 0;
  int ok = 1;
  for (unsigned t = 0; t < nt; t++)
    if (wk[t].ok == 0) ok = 0;
  for (size_t i = 0; i < ns; i++) sum += per[i];
  free(per);
  free(wk);
  free(src);
  if (!ok) return rf_error_set(err, RF_ENOMEM, "efficiency: out of memory");
  /* each source contributes sum_t 1/d(s,t) over (live - 1) targets */
  *out = sum / ((double)ns * (double)(live - 1));
  return RF_OK;
}
