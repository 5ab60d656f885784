/* Exposure of every account to a seed set: hop distances (BFS) and
 * flow-weighted exposure (damped proportional tracing). */
#include "redflag/network_flow.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void rf_network_exposure_free(rf_exposure *e) {
  if (!e) return;
  free(e->hops_from);
  free(e->hops_to);
  free(e->exposure_in);
  free(e->exposure_out);
  free(e->is_seed);
  memset(e, 0, sizeof *e);
}

static int rf_i_ok_w(double w) { return w > 0 && isfinite(w); }

/* Multi-source BFS from the seeds; forward: along out arcs, backward: along
 * in arcs, both when undirected. */
static void rf_i_bfs(const rf_graph *g, const uint8_t *seed, int fwd, int bwd, uint32_t max_hops,
                     uint32_t *dist, uint32_t *queue) {
  uint32_t qh = 0, qt = 0;
  for (uint32_t v = 0; v < g->n; v++) {
    dist[v] = seed[v] ? 0 : RF_HOPS_NONE;
    if (seed[v]) queue[qt++] = v;
  }
  while (qh < qt) {
    uint32_t v = queue[qh++];
    uint32_t d = dist[v] + 1;
    if (max_hops && d > max_hops) continue;
    if (fwd)
      for (uint64_t a = g->out_off[v]; a < g->out_off[v + 1]; a++) {
        uint32_t w = g->out_dst[a];
        if (dist[w] == RF_HOPS_NONE) {
          dist[w] = d;
          queue[qt++] = w;
        }
      }
    if (bwd)
      for (uint64_t a = g->in_off[v]; a < g->in_off[v + 1]; a++) {
        uint32_t w = g->in_src[a];
        if (dist[w] == RF_HOPS_NONE) {
          dist[w] = d;
          queue[qt++] = w;
        }
      }
  }
}

/* One direction of the propagation. in_dir: x(v) from arcs u->v (inflow);
 * otherwise from arcs v->u (outflow); undirected: both. */
static void rf_i_propagate(const rf_graph *g, const uint8_t *seed, int use_in, int use_out,
                           const rf_exposure_opts *o, double d, double *x, double *nx,
                           const double *W, uint32_t *iters, int *conv) {
  uint32_t rounds = o->max_hops ? o->max_hops : (o->max_iter ? o->max_iter : 1000);
  double tol = o->tol > 0 ? o->tol : 1e-9;
  for (uint32_t v = 0; v < g->n; v++) x[v] = seed[v] ? 1.0 : 0.0;
  *conv = 0;
  uint32_t it = 0;
  for (; it < rounds; it++) {
    double delta = 0;
    for (uint32_t v = 0; v < g->n; v++) {
      if (seed[v]) {
        nx[v] = 1.0;
        continue;
      }
      if (!(W[v] > 0)) {
        nx[v] = 0;
        continue;
      }
      double s = 0;
      if (use_in)
        for (uint64_t a = g->in_off[v]; a < g->in_off[v + 1]; a++) {
          uint64_t arc = g->in_arc[a];
          uint32_t u = g->in_src[a];
          double w = g->out_w[arc];
          if (u == v || !rf_i_ok_w(w)) continue;
          s += w * (seed[u] ? 1.0 : d * x[u]);
        }
      if (use_out)
        for (uint64_t a = g->out_off[v]; a < g->out_off[v + 1]; a++) {
          uint32_t u = g->out_dst[a];
          double w = g->out_w[a];
          if (u == v || !rf_i_ok_w(w)) continue;
          s += w * (seed[u] ? 1.0 : d * x[u]);
        }
      nx[v] = s / W[v];
      double dd = fabs(nx[v] - x[v]);
      if (dd > delta) delta = dd;
    }
    memcpy(x, nx, (size_t)g->n * sizeof *x);
    if (!o->max_hops && delta <= tol) {
      it++;
      *conv = 1;
      break;
    }
  }
  if (o->max_hops) *conv = 1; /* exact for paths of <= max_hops arcs */
  if (it > *iters) *iters = it;
}

rf_status rf_network_exposure_compute(const rf_graph *g, const uint32_t *seeds, size_t nseeds,
                                      const rf_exposure_opts *opts, rf_exposure *out,
                                      rf_error *err) {
  memset(out, 0, sizeof *out);
  rf_exposure_opts o = {0};
  if (opts) o = *opts;
  if (!g) return rf_error_set(err, RF_EINVAL, "exposure: missing graph");
  if (g->n == 0) return rf_error_set(err, RF_EEMPTY, "exposure: the graph has no accounts");
  if (!nseeds || !seeds) return rf_error_set(err, RF_EINVAL, "exposure: the seed set is empty");
  double d = o.damping == 0 ? 0.85 : o.damping;
  if (!(d > 0 && d <= 1))
    return rf_error_set(err, RF_EINVAL, "exposure: damping must be in (0,1], got %g", d);
  size_t n = g->n;
  out->n = g->n;
  out->hops_from = malloc(n * sizeof *out->hops_from);
  out->hops_to = malloc(n * sizeof *out->hops_to);
  out->exposure_in = malloc(n * sizeof(double));
  out->exposure_out = malloc(n * sizeof(double));
  out->is_seed = calloc(n, 1);
  uint32_t *queue = malloc(n * sizeof *queue);
  double *tmp = malloc(n * sizeof *tmp), *W = malloc(n * sizeof *W);
  if (!out->hops_from || !out->hops_to || !out->exposure_in || !out->exposure_out ||
      !out->is_seed || !queue || !tmp || !W) {
    free(queue);
    free(tmp);
    free(W);
    rf_network_exposure_free(out);
    return rf_error_set(err, RF_ENOMEM, "exposure: out of memory");
  }
  for (size_t i = 0; i < nseeds; i++) {
    if (seeds[i] >= g->n) {
      free(queue);
      free(tmp);
      free(W);
      rf_network_exposure_free(out);
      return rf_error_set(err, RF_EINVAL, "exposure: seed id %u out of range", seeds[i]);
    }
    out->is_seed[seeds[i]] = 1;
  }
  const uint8_t *seed = out->is_seed;
  if (o.undirected) {
    rf_i_bfs(g, seed, 1, 1, o.max_hops, out->hops_from, queue);
    memcpy(out->hops_to, out->hops_from, n * sizeof *out->hops_to);
  } else {
    rf_i_bfs(g, seed, 1, 0, o.max_hops, out->hops_from, queue);
    rf_i_bfs(g, seed, 0, 1, o.max_hops, out->hops_to, queue);
  }
  /* strengths, ignoring self loops and non-positive amounts */
  int conv1 = 0, conv2 = 0;
  for (int dir = 0; dir < (o.undirected ? 1 : 2); dir++) {
    int use_in = o.undirected || dir == 0, use_out = o.undirected || dir == 1;
    for (uint32_t v = 0; v < g->n; v++) {
      double s = 0;
      if (use_in)
        for (uint64_t a = g->in_off[v]; a < g->in_off[v + 1]; a++) {
          double w = g->out_w[g->in_arc[a]];
          if (g->in_src[a] != v && rf_i_ok_w(w)) s += w;
        }
      if (use_out)
        for (uint64_t a = g->out_off[v]; a < g->out_off[v + 1]; a++) {
          double w = g->out_w[a];
          if (g->out_dst[a] != v && rf_i_ok_w(w)) s += w;
        }
      W[v] = s;
    }
    double *x = dir == 0 ? out->exposure_in : out->exposure_out;
    rf_i_propagate(g, seed, use_in, use_out, &o, d, x, tmp, W, &out->iterations,
                   dir == 0 ? &conv1 : &conv2);
  }
  if (o.undirected) {
    memcpy(out->exposure_out, out->exposure_in, n * sizeof(double));
    conv2 = conv1;
  }
  out->converged = conv1 && conv2;
  free(queue);
  free(tmp);
  free(W);
  return RF_OK;
}

/* ----------------------------------------------------------------- output */

typedef struct rf_i_exp_key {
  double e;
  uint32_t h, v;
} rf_i_exp_key;

static int rf_i_cmp_exp(const void *a, const void *b) {
  const rf_i_exp_key *x = a, *y = b;
  if (x->e != y->e) return x->e > y->e ? -1 : 1;
  if (x->h != y->h) return x->h < y->h ? -1 : 1;
  return x->v < y->v ? -1 : x->v > y->v;
}

static const char *rf_i_label(const rf_graph *g, uint32_t v) {
  return v < g->labels.n ? g->labels.keys[v] : "";
}

static void rf_i_hops(rf_buf *b, uint32_t h, int json) {
  if (h == RF_HOPS_NONE)
    rf_buf_puts(b, json ? "null" : "");
  else
    rf_buf_printf(b, "%u", h);
}

static rf_status rf_i_flush(rf_buf *b, FILE *fp, const char *path, rf_error *err) {
  if (b->len && fwrite(b->data, 1, b->len, fp) != b->len)
    return rf_error_set(err, RF_EIO, "%s: write failed", path);
  rf_buf_reset(b);
  return RF_OK;
}

rf_status rf_network_exposure_write(const rf_graph *g, const rf_exposure *e, const char *path,
                                    int json, rf_error *err) {
  if (!g || !e || !path) return rf_error_set(err, RF_EINVAL, "exposure: missing argument");
  rf_i_exp_key *ord = malloc((e->n ? e->n : 1) * sizeof *ord);
  if (!ord) return rf_error_set(err, RF_ENOMEM, "exposure: out of memory");
  for (uint32_t v = 0; v < e->n; v++) {
    ord[v].v = v;
    ord[v].e = fmax(e->exposure_in[v], e->exposure_out[v]);
    ord[v].h = e->hops_from[v] < e->hops_to[v] ? e->hops_from[v] : e->hops_to[v];
  }
  qsort(ord, e->n, sizeof *ord, rf_i_cmp_exp);
  FILE *fp = strcmp(path, "-") ? fopen(path, "w") : stdout;
  if (!fp) {
    free(ord);
    return rf_error_set(err, RF_EIO, "%s: cannot open for writing", path);
  }
  rf_buf b;
  rf_buf_init(&b);
  rf_status st = RF_OK;
  if (json)
    rf_buf_printf(&b, "{\"converged\":%s,\"iterations\":%u,\"accounts\":[\n",
                  e->converged ? "true" : "false", e->iterations);
  else
    rf_buf_puts(&b, "account,is_seed,hops_from_seed,hops_to_seed,exposure_in,exposure_out\n");
  for (uint32_t i = 0; i < e->n && st == RF_OK; i++) {
    uint32_t v = ord[i].v;
    const char *lab = rf_i_label(g, v);
    if (json) {
      rf_buf_puts(&b, i ? ",\n{\"account\":" : "{\"account\":");
      rf_buf_json_str(&b, lab ? lab : "");
      rf_buf_printf(&b, ",\"seed\":%s,\"hops_from_seed\":", e->is_seed[v] ? "true" : "false");
      rf_i_hops(&b, e->hops_from[v], 1);
      rf_buf_puts(&b, ",\"hops_to_seed\":");
      rf_i_hops(&b, e->hops_to[v], 1);
      rf_buf_printf(&b, ",\"exposure_in\":%.10g,\"exposure_out\":%.10g}", e->exposure_in[v],
                    e->exposure_out[v]);
    } else {
      rf_buf_csv_field(&b, lab ? lab : "");
      rf_buf_printf(&b, ",%d,", e->is_seed[v] ? 1 : 0);
      rf_i_hops(&b, e->hops_from[v], 0);
      rf_buf_putc(&b, ',');
      rf_i_hops(&b, e->hops_to[v], 0);
      rf_buf_printf(&b, ",%.10g,%.10g\n", e->exposure_in[v], e->exposure_out[v]);
    }
    if (b.len > (1u << 16)) st = rf_i_flush(&b, fp, path, err);
  }
  if (json) rf_buf_puts(&b, "\n]}\n");
  if (st == RF_OK) st = rf_i_flush(&b, fp, path, err);
  rf_buf_free(&b);
  free(ord);
  if (fp != stdout) {
    if (fclose(fp) && st == RF_OK) st = rf_error_set(err, RF_EIO, "%s: write failed", path);
  } else {
    fflush(fp);
  }
  return st;
}
