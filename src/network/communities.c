/* Communities (Louvain / Leiden via igraph) on the undirected weighted
 * projection, betweenness, and money roles per account. */
#include "redflag/network_flow.h"
#include "redflag/network.h"

#include <igraph.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *rf_role_str(rf_role r) {
  static const char *names[RF_ROLE_COUNT] = {"isolated", "collector", "distributor", "intermediary",
                                             "bridge",   "mixed",     "member"};
  return (unsigned)r < RF_ROLE_COUNT ? names[r] : "?";
}

static int rf_i_okw(double w) { return w > 0 && isfinite(w); }

/* Undirected simple projection: one edge per unordered pair (self loops
 * dropped), weight = sum of both directions' positive amounts. */
static rf_status rf_i_project(const rf_graph *g, igraph_t *ig, igraph_vector_t *wv, int weighted,
                              rf_error *err) {
  double *acc = calloc(g->n ? g->n : 1, sizeof *acc);
  uint32_t *mark = malloc((g->n ? g->n : 1) * sizeof *mark);
  uint32_t *touched = malloc((g->n ? g->n : 1) * sizeof *touched);
  igraph_vector_int_t ev;
  int ok = acc && mark && touched && igraph_vector_int_init(&ev, 0) == IGRAPH_SUCCESS;
  if (ok && igraph_vector_init(wv, 0) != IGRAPH_SUCCESS) {
    igraph_vector_int_destroy(&ev);
    ok = 0;
  }
  if (!ok) {
    free(acc);
    free(mark);
    free(touched);
    return rf_error_set(err, RF_ENOMEM, "communities: out of memory");
  }
  for (uint32_t v = 0; v < g->n; v++) mark[v] = UINT32_MAX;
  rf_status st = RF_OK;
  for (uint32_t u = 0; u < g->n && st == RF_OK; u++) {
    uint32_t nt = 0;
    for (int pass = 0; pass < 2; pass++) {
      uint64_t b = pass ? g->in_off[u] : g->out_off[u],
               e = pass ? g->in_off[u + 1] : g->out_off[u + 1];
      for (uint64_t a = b; a < e; a++) {
        uint32_t v = pass ? g->in_src[a] : g->out_dst[a];
        double w = pass ? g->out_w[g->in_arc[a]] : g->out_w[a];
        if (v <= u) continue;
        if (mark[v] != u) {
          mark[v] = u;
          acc[v] = 0;
          touched[nt++] = v;
        }
        if (rf_i_okw(w)) acc[v] += w;
      }
    }
    for (uint32_t i = 0; i < nt; i++) {
      uint32_t v = touched[i];
      double w = weighted ? acc[v] : 1.0;
      if (weighted && !(w > 0)) continue; /* only zero / negative amounts: no tie */
      if (igraph_vector_int_push_back(&ev, u) || igraph_vector_int_push_back(&ev, v) ||
          igraph_vector_push_back(wv, w))
        st = rf_error_set(err, RF_ENOMEM, "communities: out of memory");
    }
  }
  free(acc);
  free(mark);
  free(touched);
  if (st == RF_OK && igraph_create(ig, &ev, g->n, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS)
    st = rf_error_set(err, RF_ENOMEM, "communities: cannot build the igraph graph");
  igraph_vector_int_destroy(&ev);
  if (st != RF_OK) igraph_vector_destroy(wv);
  return st;
}

static uint64_t rf_i_mix(uint64_t *s) { /* splitmix64 */
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

rf_status rf_network_betweenness_undirected(const rf_graph *g, int64_t samples, uint64_t seed,
                                            double *out, uint32_t *used, rf_error *err) {
  if (!g || !out) return rf_error_set(err, RF_EINVAL, "betweenness: missing argument");
  if (used) *used = g->n;
  if (g->n == 0) return RF_OK;
  uint32_t k = g->n;
  if (samples > 0 && (uint64_t)samples < g->n)
    k = (uint32_t)samples;
  else if (samples == 0 && (double)g->n * (double)g->m > 2e8)
    k = g->n < 256 ? g->n : 256;
  rf_graph *u = NULL;
  rf_status st = rf_graph_undirected(g, &u, err);
  if (st != RF_OK) return st;
  rf_net_opts no = {.normalized = 1};
  if (k == g->n) {
    st = rf_net_betweenness(u, &no, out, err);
  } else {
    uint32_t *perm = malloc((size_t)g->n * sizeof *perm);
    if (!perm) {
      rf_graph_free(u);
      return rf_error_set(err, RF_ENOMEM, "betweenness: out of memory");
    }
    for (uint32_t v = 0; v < g->n; v++) perm[v] = v;
    uint64_t s = seed;
    for (uint32_t i = 0; i < k; i++) {
      uint32_t j = i + (uint32_t)(rf_i_mix(&s) % (g->n - i));
      uint32_t x = perm[i];
      perm[i] = perm[j];
      perm[j] = x;
    }
    st = rf_net_betweenness_sources(u, &no, perm, k, out, err);
    free(perm);
  }
  rf_graph_free(u);
  if (used) *used = k;
  return st;
}

void rf_network_communities_free(rf_communities *c) {
  if (!c) return;
  free(c->membership);
  free(c->in_flow);
  free(c->out_flow);
  free(c->betweenness);
  free(c->score);
  free(c->role);
  free(c->comm_off);
  free(c->comm_members);
  memset(c, 0, sizeof *c);
}

typedef struct rf_i_ckey {
  uint32_t comm, v;
  double vol, bet;
} rf_i_ckey;

static int rf_i_cmp_rank(const void *a, const void *b) {
  const rf_i_ckey *x = a, *y = b;
  if (x->comm != y->comm) return x->comm < y->comm ? -1 : 1;
  if (x->vol != y->vol) return x->vol > y->vol ? -1 : 1;
  if (x->bet != y->bet) return x->bet > y->bet ? -1 : 1;
  return x->v < y->v ? -1 : x->v > y->v;
}

typedef struct rf_i_csz {
  uint32_t old, size, first;
} rf_i_csz;

static int rf_i_cmp_size(const void *a, const void *b) {
  const rf_i_csz *x = a, *y = b;
  if (x->size != y->size) return x->size > y->size ? -1 : 1;
  return x->first < y->first ? -1 : x->first > y->first;
}

static int rf_i_cmp_dbl_desc(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x > y ? -1 : x < y;
}

rf_status rf_network_communities_compute(const rf_graph *g, const rf_communities_opts *opts,
                                         rf_communities *out, rf_error *err) {
  memset(out, 0, sizeof *out);
  rf_communities_opts o = {0};
  if (opts) o = *opts;
  if (!g) return rf_error_set(err, RF_EINVAL, "communities: missing graph");
  if (g->n == 0) return rf_error_set(err, RF_EEMPTY, "communities: the graph has no accounts");
  double resolution = o.resolution > 0 ? o.resolution : 1.0;
  double ratio = o.ratio > 0 ? o.ratio : 2.0;
  double pass = o.passthrough > 0 ? o.passthrough : 0.8;
  double bq = o.bridge_quantile > 0 ? o.bridge_quantile : 0.05;
  size_t n = g->n;
  out->n = g->n;
  out->membership = malloc(n * sizeof *out->membership);
  out->in_flow = calloc(n, sizeof(double));
  out->out_flow = calloc(n, sizeof(double));
  out->betweenness = calloc(n, sizeof(double));
  out->score = calloc(n, sizeof(double));
  out->role = calloc(n, 1);
  if (!out->membership || !out->in_flow || !out->out_flow || !out->betweenness || !out->score ||
      !out->role) {
    rf_network_communities_free(out);
    return rf_error_set(err, RF_ENOMEM, "communities: out of memory");
  }
  igraph_error_handler_t *old = igraph_set_error_handler(igraph_error_handler_ignore);
  igraph_t ig;
  igraph_vector_t wv;
  rf_status st = rf_i_project(g, &ig, &wv, 1, err);
  if (st != RF_OK) {
    igraph_set_error_handler(old);
    rf_network_communities_free(out);
    return st;
  }
  igraph_vector_int_t memb;
  igraph_vector_t mods, strength;
  igraph_vector_int_init(&memb, 0);
  igraph_vector_init(&mods, 0);
  igraph_vector_init(&strength, 0);
  igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)o.seed);
  igraph_error_t e;
  if (o.method == RF_COMM_LEIDEN) {
    double total = 0;
    for (igraph_integer_t i = 0; i < igraph_vector_size(&wv); i++) total += VECTOR(wv)[i];
    e = igraph_strength(&ig, &strength, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, &wv);
    igraph_integer_t nb = 0;
    igraph_real_t quality = 0;
    if (e == IGRAPH_SUCCESS)
      e = igraph_community_leiden(&ig, &wv, &strength, resolution / (total > 0 ? 2 * total : 1),
                                  0.01, 0, -1, &memb, &nb, &quality);
    if (e == IGRAPH_SUCCESS)
      e = igraph_modularity(&ig, &memb, &wv, resolution, IGRAPH_UNDIRECTED, &out->modularity);
  } else {
    e = igraph_community_multilevel(&ig, &wv, resolution, &memb, NULL, &mods);
    out->modularity = igraph_vector_size(&mods) ? igraph_vector_max(&mods) : 0;
  }
  if (e != IGRAPH_SUCCESS)
    st = rf_error_set(err, RF_ENOMEM, "communities: igraph failed (%s)", igraph_strerror(e));
  if (st == RF_OK)
    st = rf_network_betweenness_undirected(g, o.betweenness_samples, o.seed, out->betweenness,
                                           &out->betweenness_sources, err);
  out->betweenness_exact = out->betweenness_sources == g->n;
  if (isnan(out->modularity)) out->modularity = 0;
  uint32_t ncomm = 0;
  if (st == RF_OK) {
    for (uint32_t v = 0; v < g->n; v++) {
      out->membership[v] = (uint32_t)VECTOR(memb)[v];
      if (out->membership[v] + 1 > ncomm) ncomm = out->membership[v] + 1;
    }
  }
  igraph_vector_int_destroy(&memb);
  igraph_vector_destroy(&mods);
  igraph_vector_destroy(&strength);
  igraph_destroy(&ig);
  igraph_vector_destroy(&wv);
  igraph_set_error_handler(old);
  if (st != RF_OK) {
    rf_network_communities_free(out);
    return st;
  }
  /* renumber: largest first, ties by smallest member id */
  rf_i_csz *cs = calloc(ncomm ? ncomm : 1, sizeof *cs);
  uint32_t *map = malloc((ncomm ? ncomm : 1) * sizeof *map);
  rf_i_ckey *keys = malloc(n * sizeof *keys);
  double *bs = malloc(n * sizeof *bs);
  out->comm_off = calloc((size_t)ncomm + 1, sizeof *out->comm_off);
  out->comm_members = malloc(n * sizeof *out->comm_members);
  if (!cs || !map || !keys || !bs || !out->comm_off || !out->comm_members) {
    free(cs);
    free(map);
    free(keys);
    free(bs);
    rf_network_communities_free(out);
    return rf_error_set(err, RF_ENOMEM, "communities: out of memory");
  }
  for (uint32_t c = 0; c < ncomm; c++) {
    cs[c].old = c;
    cs[c].first = UINT32_MAX;
  }
  for (uint32_t v = 0; v < g->n; v++) {
    rf_i_csz *x = &cs[out->membership[v]];
    if (x->size++ == 0) x->first = v;
  }
  qsort(cs, ncomm, sizeof *cs, rf_i_cmp_size);
  uint32_t used = 0;
  for (uint32_t c = 0; c < ncomm; c++)
    if (cs[c].size) map[cs[c].old] = used++;
  ncomm = used;
  out->ncomm = ncomm;
  for (uint32_t v = 0; v < g->n; v++) out->membership[v] = map[out->membership[v]];
  /* flows */
  for (uint32_t v = 0; v < g->n; v++)
    for (uint64_t a = g->out_off[v]; a < g->out_off[v + 1]; a++) {
      uint32_t w = g->out_dst[a];
      double x = g->out_w[a];
      if (w == v || !rf_i_okw(x)) continue;
      out->out_flow[v] += x;
      out->in_flow[w] += x;
    }
  /* bridge threshold: betweenness of the ceil(bq*n)-th account */
  memcpy(bs, out->betweenness, n * sizeof *bs);
  qsort(bs, n, sizeof *bs, rf_i_cmp_dbl_desc);
  size_t k = (size_t)ceil(bq * (double)n);
  if (k < 1) k = 1;
  if (k > n) k = n;
  double thr = bs[k - 1];
  for (uint32_t v = 0; v < g->n; v++) {
    double in = out->in_flow[v], ou = out->out_flow[v], bt = out->betweenness[v];
    int cross = 0;
    if (bt > 0 && bt >= thr) {
      uint32_t cv = out->membership[v];
      for (uint64_t a = g->out_off[v]; a < g->out_off[v + 1] && !cross; a++)
        cross = out->membership[g->out_dst[a]] != cv;
      for (uint64_t a = g->in_off[v]; a < g->in_off[v + 1] && !cross; a++)
        cross = out->membership[g->in_src[a]] != cv;
    }
    rf_role r;
    double s;
    double mx = in > ou ? in : ou, mn = in < ou ? in : ou;
    if (cross) {
      r = RF_ROLE_BRIDGE;
      s = bt;
    } else if (mx <= 0) {
      r = RF_ROLE_ISOLATED;
      s = 0;
    } else if (!g->directed) { /* no direction: in = out for everyone */
      r = RF_ROLE_MEMBER;
      s = in;
    } else if (mn / mx >= pass) {
      r = RF_ROLE_INTERMEDIARY;
      s = mn;
    } else if (in >= ratio * ou) {
      r = RF_ROLE_COLLECTOR;
      s = in - ou;
    } else if (ou >= ratio * in) {
      r = RF_ROLE_DISTRIBUTOR;
      s = ou - in;
    } else {
      r = RF_ROLE_MIXED;
      s = in + ou;
    }
    out->role[v] = (uint8_t)r;
    out->score[v] = s;
    keys[v] = (rf_i_ckey){.comm = out->membership[v], .v = v, .vol = in + ou, .bet = bt};
    out->comm_off[out->membership[v] + 1]++;
  }
  for (uint32_t c = 0; c < ncomm; c++) out->comm_off[c + 1] += out->comm_off[c];
  qsort(keys, n, sizeof *keys, rf_i_cmp_rank);
  for (size_t i = 0; i < n; i++) out->comm_members[i] = keys[i].v;
  free(cs);
  free(map);
  free(keys);
  free(bs);
  return RF_OK;
}

static rf_status rf_i_flush(rf_buf *b, FILE *fp, const char *path, rf_error *err) {
  if (b->len && fwrite(b->data, 1, b->len, fp) != b->len)
    return rf_error_set(err, RF_EIO, "%s: write failed", path);
  rf_buf_reset(b);
  return RF_OK;
}

rf_status rf_network_communities_write(const rf_graph *g, const rf_communities *c, const char *path,
                                       int json, uint32_t top, rf_error *err) {
  if (!g || !c || !path) return rf_error_set(err, RF_EINVAL, "communities: missing argument");
  FILE *fp = strcmp(path, "-") ? fopen(path, "w") : stdout;
  if (!fp) return rf_error_set(err, RF_EIO, "%s: cannot open for writing", path);
  rf_buf b;
  rf_buf_init(&b);
  rf_status st = RF_OK;
  if (json) {
    rf_buf_printf(&b,
                  "{\"accounts\":%u,\"communities_count\":%u,\"modularity\":%.6f,"
                  "\"betweenness\":\"%s\",\"roles\":{",
                  c->n, c->ncomm, c->modularity, c->betweenness_exact ? "exact" : "sampled");
    uint64_t rc[RF_ROLE_COUNT] = {0};
    for (uint32_t v = 0; v < c->n; v++) rc[c->role[v]]++;
    for (int r = 0; r < RF_ROLE_COUNT; r++)
      rf_buf_printf(&b, "%s\"%s\":%llu", r ? "," : "", rf_role_str((rf_role)r),
                    (unsigned long long)rc[r]);
    rf_buf_puts(&b, "},\"communities\":[\n");
  } else {
    rf_buf_puts(&b, "community,rank,account,role,score,in_flow,out_flow,betweenness\n");
  }
  for (uint32_t k = 0; k < c->ncomm && st == RF_OK; k++) {
    uint32_t lo = c->comm_off[k], hi = c->comm_off[k + 1];
    if (json) {
      double vol = 0;
      for (uint32_t i = lo; i < hi; i++)
        vol += c->in_flow[c->comm_members[i]] + c->out_flow[c->comm_members[i]];
      rf_buf_printf(&b, "%s{\"id\":%u,\"size\":%u,\"volume\":%.2f,\"members\":[", k ? ",\n" : "", k,
                    hi - lo, vol);
    }
    for (uint32_t i = lo; i < hi && (!top || i - lo < top); i++) {
      uint32_t v = c->comm_members[i];
      const char *lab = v < g->labels.n ? g->labels.keys[v] : "";
      if (json) {
        rf_buf_puts(&b, i > lo ? ",{\"account\":" : "{\"account\":");
        rf_buf_json_str(&b, lab);
        rf_buf_printf(&b,
                      ",\"rank\":%u,\"role\":\"%s\",\"score\":%.10g,\"in_flow\":%.2f,"
                      "\"out_flow\":%.2f,\"betweenness\":%.6g}",
                      i - lo + 1, rf_role_str((rf_role)c->role[v]), c->score[v], c->in_flow[v],
                      c->out_flow[v], c->betweenness[v]);
      } else {
        rf_buf_printf(&b, "%u,%u,", k, i - lo + 1);
        rf_buf_csv_field(&b, lab);
        rf_buf_printf(&b, ",%s,%.10g,%.2f,%.2f,%.6g\n", rf_role_str((rf_role)c->role[v]),
                      c->score[v], c->in_flow[v], c->out_flow[v], c->betweenness[v]);
      }
      if (b.len > (1u << 16)) st = rf_i_flush(&b, fp, path, err);
    }
    if (json) rf_buf_puts(&b, "]}");
  }
  if (json) rf_buf_puts(&b, "\n]}\n");
  if (st == RF_OK) st = rf_i_flush(&b, fp, path, err);
  rf_buf_free(&b);
  if (fp != stdout) {
    if (fclose(fp) && st == RF_OK) st = rf_error_set(err, RF_EIO, "%s: write failed", path);
  } else {
    fflush(fp);
  }
  return st;
}
