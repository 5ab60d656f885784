/* Graph builder: accumulates edges, then sorts them into CSR form with
 * parallel edges merged (two stable counting-sort passes, O(n + m)). */
#include "graph/graph_i.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct rf_graph_builder {
  int directed;
  rf_graph_merge merge;
  uint32_t *src, *dst;
  double *w;
  int64_t *t;
  size_t n, cap;
  uint32_t max_id; /* largest node id seen + 1 */
  int timed;
  rf_strmap labels;
};

rf_status rf_graph_builder_new(rf_graph_builder **out, int directed) {
  rf_graph_builder *b = calloc(1, sizeof *b);
  if (!b) return RF_ENOMEM;
  b->directed = directed != 0;
  rf_strmap_init(&b->labels);
  *out = b;
  return RF_OK;
}

void rf_graph_builder_set_merge(rf_graph_builder *b, rf_graph_merge m) { b->merge = m; }
uint64_t rf_graph_builder_nedges(const rf_graph_builder *b) { return b->n; }

void rf_graph_builder_free(rf_graph_builder *b) {
  if (!b) return;
  free(b->src);
  free(b->dst);
  free(b->w);
  free(b->t);
  rf_strmap_destroy(&b->labels);
  free(b);
}

int64_t rf_graph_builder_node(rf_graph_builder *b, const char *label) {
  int64_t id = rf_strmap_intern(&b->labels, label, strlen(label), NULL);
  if (id >= 0 && (uint32_t)id + 1 > b->max_id) b->max_id = (uint32_t)id + 1;
  return id;
}

static int rf_i_grow(rf_graph_builder *b) {
  if (b->n < b->cap) return 0;
  size_t nc = b->cap ? b->cap * 2 : 1024;
  uint32_t *s = realloc(b->src, nc * sizeof *s);
  if (!s) return -1;
  b->src = s;
  uint32_t *d = realloc(b->dst, nc * sizeof *d);
  if (!d) return -1;
  b->dst = d;
  double *w = realloc(b->w, nc * sizeof *w);
  if (!w) return -1;
  b->w = w;
  int64_t *t = realloc(b->t, nc * sizeof *t);
  if (!t) return -1;
  b->t = t;
  b->cap = nc;
  return 0;
}

rf_status rf_graph_builder_edge_id(rf_graph_builder *b, uint32_t from, uint32_t to, double weight,
                                   int64_t time) {
  if (from == UINT32_MAX || to == UINT32_MAX) return RF_EINVAL;
  if (b->n >= (size_t)UINT32_MAX / 2 - 1) return RF_ELIMIT;
  if (rf_i_grow(b)) return RF_ENOMEM;
  b->src[b->n] = from;
  b->dst[b->n] = to;
  b->w[b->n] = weight;
  b->t[b->n] = time;
  if (time) b->timed = 1;
  b->n++;
  uint32_t mx = (from > to ? from : to) + 1;
  if (mx > b->max_id) b->max_id = mx;
  return RF_OK;
}

rf_status rf_graph_builder_edge(rf_graph_builder *b, const char *from, const char *to,
                                double weight, int64_t time) {
  int64_t u = rf_graph_builder_node(b, from);
  int64_t v = rf_graph_builder_node(b, to);
  if (u < 0 || v < 0) return RF_ENOMEM;
  return rf_graph_builder_edge_id(b, (uint32_t)u, (uint32_t)v, weight, time);
}

void rf_graph_free(rf_graph *g) {
  if (!g) return;
  free(g->out_off);
  free(g->out_dst);
  free(g->out_w);
  free(g->out_cnt);
  free(g->out_tmin);
  free(g->out_tmax);
  free(g->in_off);
  free(g->in_src);
  free(g->in_arc);
  rf_strmap_destroy(&g->labels);
  free(g);
}

const char *rf_graph_label(const rf_graph *g, uint32_t v) {
  if (v >= g->n || v >= g->labels.n) return NULL;
  return g->labels.keys[v];
}

int64_t rf_graph_find(const rf_graph *g, const char *label) {
  int64_t id = rf_strmap_get(&g->labels, label, strlen(label));
  return id >= 0 && (uint64_t)id < g->n ? id : -1;
}

size_t rf_graph_bytes(const rf_graph *g) {
  size_t n = g->n, m = g->m;
  size_t b = sizeof *g + 2 * (n + 1) * sizeof(uint64_t);
  b += m * (sizeof(uint32_t) * 3 + sizeof(double) + 2 * sizeof(int64_t) + sizeof(uint64_t));
  b += g->labels.nslots * sizeof(uint32_t) + g->labels.cap * (sizeof(char *) + sizeof(uint32_t));
  b += g->labels.arena.total;
  return b;
}

/* Allocates the arrays of g for n nodes and m arcs. */
static rf_status rf_i_alloc(rf_graph *g, uint32_t n, uint64_t m) {
  g->n = n;
  g->m = m;
  size_t mm = m ? m : 1;
  g->out_off = calloc((size_t)n + 1, sizeof *g->out_off);
  g->in_off = calloc((size_t)n + 1, sizeof *g->in_off);
  g->out_dst = malloc(mm * sizeof *g->out_dst);
  g->out_w = malloc(mm * sizeof *g->out_w);
  g->out_cnt = malloc(mm * sizeof *g->out_cnt);
  g->out_tmin = calloc(mm, sizeof *g->out_tmin); /* untouched pages cost no RSS */
  g->out_tmax = calloc(mm, sizeof *g->out_tmax);
  g->in_src = malloc(mm * sizeof *g->in_src);
  g->in_arc = malloc(mm * sizeof *g->in_arc);
  if (!g->out_off || !g->in_off || !g->out_dst || !g->out_w || !g->out_cnt || !g->out_tmin ||
      !g->out_tmax || !g->in_src || !g->in_arc)
    return RF_ENOMEM;
  return RF_OK;
}

/* Builds in_off / in_src / in_arc from the out arrays. */
static rf_status rf_i_build_in(rf_graph *g) {
  uint32_t n = g->n;
  memset(g->in_off, 0, ((size_t)n + 1) * sizeof *g->in_off);
  for (uint64_t a = 0; a < g->m; a++) g->in_off[g->out_dst[a] + 1]++;
  for (uint32_t v = 0; v < n; v++) g->in_off[v + 1] += g->in_off[v];
  uint64_t *pos = malloc(((size_t)n + 1) * sizeof *pos);
  if (!pos) return RF_ENOMEM;
  memcpy(pos, g->in_off, ((size_t)n + 1) * sizeof *pos);
  for (uint32_t u = 0; u < n; u++)
    for (uint64_t a = g->out_off[u]; a < g->out_off[u + 1]; a++) {
      uint64_t p = pos[g->out_dst[a]]++;
      g->in_src[p] = u;
      g->in_arc[p] = a;
    }
  free(pos);
  return RF_OK;
}

/* Moves the builder's label map into g. */
static void rf_i_take_labels(rf_graph *g, rf_graph_builder *b) {
  g->labels = b->labels;
  rf_strmap_init(&b->labels);
}

rf_status rf_graph_builder_finish(rf_graph_builder *b, rf_graph **out, int keep_self_loops,
                                  rf_error *err) {
  *out = NULL;
  rf_status st = RF_ENOMEM;
  uint32_t n = b->max_id;
  if (b->labels.n > n) n = (uint32_t)b->labels.n;
  rf_graph *g = calloc(1, sizeof *g);
  uint32_t *cnt = NULL, *tmp = NULL, *perm = NULL;
  if (!g) goto fail;
  g->directed = b->directed;
  /* arcs: edge e gives arc 2e (u->v) and, when undirected and u != v, 2e+1 (v->u) */
  uint64_t narcs_max = b->directed ? b->n : 2 * (uint64_t)b->n;
  if (narcs_max >= UINT32_MAX) {
    st = rf_error_set(err, RF_ELIMIT, "graph: %llu arcs exceed the limit of %u",
                      (unsigned long long)narcs_max, UINT32_MAX - 1);
    goto fail;
  }
  size_t na = 0;
  perm = malloc((narcs_max ? narcs_max : 1) * sizeof *perm);
  tmp = malloc((narcs_max ? narcs_max : 1) * sizeof *tmp);
  cnt = calloc((size_t)n + 1, sizeof *cnt);
  if (!perm || !tmp || !cnt) goto fail;
  for (size_t e = 0; e < b->n; e++) {
    if (b->src[e] == b->dst[e]) {
      if (!keep_self_loops) {
        g->dropped_loops++;
        continue;
      }
      perm[na++] = (uint32_t)(2 * e);
      continue;
    }
    perm[na++] = (uint32_t)(2 * e);
    if (!b->directed) perm[na++] = (uint32_t)(2 * e + 1);
  }
#define RF_I_SRC(a) ((a)&1 ? b->dst[(a) >> 1] : b->src[(a) >> 1])
#define RF_I_DST(a) ((a)&1 ? b->src[(a) >> 1] : b->dst[(a) >> 1])
  /* stable counting sort by dst, then by src: order (src, dst, input) */
  for (int pass = 0; pass < 2; pass++) {
    memset(cnt, 0, ((size_t)n + 1) * sizeof *cnt);
    for (size_t i = 0; i < na; i++) {
      uint32_t a = perm[i];
      cnt[(pass ? RF_I_SRC(a) : RF_I_DST(a)) + 1]++;
    }
    for (uint32_t v = 0; v < n; v++) cnt[v + 1] += cnt[v];
    for (size_t i = 0; i < na; i++) {
      uint32_t a = perm[i];
      tmp[cnt[pass ? RF_I_SRC(a) : RF_I_DST(a)]++] = a;
    }
    uint32_t *x = perm;
    perm = tmp;
    tmp = x;
  }
  /* count distinct arcs */
  uint64_t m = 0;
  for (size_t i = 0; i < na; i++)
    if (i == 0 || RF_I_SRC(perm[i]) != RF_I_SRC(perm[i - 1]) ||
        RF_I_DST(perm[i]) != RF_I_DST(perm[i - 1]))
      m++;
  free(tmp);
  tmp = NULL;
  free(cnt);
  cnt = NULL;
  if ((st = rf_i_alloc(g, n, m)) != RF_OK) goto fail;
  uint64_t k = 0;
  for (size_t i = 0; i < na;) {
    uint32_t a = perm[i], u = RF_I_SRC(a), v = RF_I_DST(a);
    size_t j = i;
    double w = 0;
    uint32_t c = 0;
    int64_t tmn = 0, tmx = 0;
    for (; j < na && RF_I_SRC(perm[j]) == u && RF_I_DST(perm[j]) == v; j++) {
      size_t e = perm[j] >> 1;
      double x = b->w[e];
      if (j == i)
        w = x;
      else if (b->merge == RF_GRAPH_MERGE_SUM)
        w += x;
      else if (b->merge == RF_GRAPH_MERGE_MAX)
        w = x > w ? x : w;
      else if (b->merge == RF_GRAPH_MERGE_LAST)
        w = x;
      if (c < UINT32_MAX) c++;
      if (b->timed) {
        int64_t t = b->t[e];
        if (j == i || t < tmn) tmn = t;
        if (j == i || t > tmx) tmx = t;
      }
    }
    /* duplicates: count each undirected pair once (on its u <= v arc) */
    if (b->directed || u <= v) g->merged += j - i - 1;
    g->out_off[u + 1]++;
    g->out_dst[k] = v;
    g->out_w[k] = w;
    g->out_cnt[k] = c;
    if (b->timed) {
      g->out_tmin[k] = tmn;
      g->out_tmax[k] = tmx;
    }
    k++;
    i = j;
  }
#undef RF_I_SRC
#undef RF_I_DST
  for (uint32_t v = 0; v < n; v++) g->out_off[v + 1] += g->out_off[v];
  free(perm);
  perm = NULL;
  if ((st = rf_i_build_in(g)) != RF_OK) goto fail;
  rf_i_take_labels(g, b);
  rf_graph_builder_free(b);
  *out = g;
  return RF_OK;
fail:
  if (st == RF_ENOMEM) rf_error_set(err, RF_ENOMEM, "graph: out of memory building the graph");
  free(perm);
  free(tmp);
  free(cnt);
  rf_graph_free(g);
  rf_graph_builder_free(b);
  return st;
}

static rf_status rf_i_copy_labels(rf_graph *dst, const rf_graph *src) {
  rf_strmap_init(&dst->labels);
  for (size_t i = 0; i < src->labels.n; i++)
    if (rf_strmap_intern(&dst->labels, src->labels.keys[i], src->labels.lens[i], NULL) < 0)
      return RF_ENOMEM;
  return RF_OK;
}

/* arc a's weight, count and time span, added to one undirected edge */
static void rf_i_arc_acc(const rf_graph *g, uint64_t a, double *w, uint64_t *c, int64_t *tmn,
                         int64_t *tmx) {
  *w += g->out_w[a];
  *c += g->out_cnt[a];
  if (g->out_tmin[a] < *tmn) *tmn = g->out_tmin[a];
  if (g->out_tmax[a] > *tmx) *tmx = g->out_tmax[a];
}

/* The undirected view of directed g: the neighbours of v merge its sorted
 * out list and its in list (sorted by tail because arcs are laid out by
 * tail); both directions of a pair make one edge, self loops are dropped.
 * Returns the number of edges; with u, also writes them (u allocated for
 * that many). */
static uint64_t rf_i_undirected_merge(const rf_graph *g, rf_graph *u) {
  uint64_t k = 0;
  for (uint32_t v = 0; v < g->n; v++) {
    uint64_t a = g->out_off[v], ae = g->out_off[v + 1], b = g->in_off[v], be = g->in_off[v + 1];
    while (a < ae || b < be) {
      uint32_t x = a < ae ? g->out_dst[a] : UINT32_MAX, y = b < be ? g->in_src[b] : UINT32_MAX;
      if (x == v && a < ae) {
        a++;
        continue;
      }
      if (y == v && b < be) {
        b++;
        continue;
      }
      double w = 0;
      uint64_t c = 0;
      int64_t tmn = INT64_MAX, tmx = INT64_MIN;
      uint32_t nb = x < y ? x : y;
      if (x == nb) {
        if (u) rf_i_arc_acc(g, a, &w, &c, &tmn, &tmx);
        a++;
      }
      if (y == nb) {
        if (u) rf_i_arc_acc(g, g->in_arc[b], &w, &c, &tmn, &tmx);
        b++;
      }
      if (u) {
        u->out_dst[k] = nb;
        u->out_w[k] = w;
        u->out_cnt[k] = c > UINT32_MAX ? UINT32_MAX : (uint32_t)c;
        u->out_tmin[k] = tmn;
        u->out_tmax[k] = tmx;
      }
      k++;
    }
    if (u) u->out_off[v + 1] = k;
  }
  return k;
}

rf_status rf_graph_undirected(const rf_graph *g, rf_graph **out, rf_error *err) {
  *out = NULL;
  rf_graph *u = calloc(1, sizeof *u);
  if (!u) return rf_error_set(err, RF_ENOMEM, "graph: out of memory");
  uint32_t n = g->n;
  rf_status st;
  if (!g->directed) {
    if ((st = rf_i_alloc(u, n, g->m)) != RF_OK) goto fail;
    memcpy(u->out_off, g->out_off, ((size_t)n + 1) * sizeof *u->out_off);
    memcpy(u->in_off, g->in_off, ((size_t)n + 1) * sizeof *u->in_off);
    size_t m = g->m;
    memcpy(u->out_dst, g->out_dst, m * sizeof *u->out_dst);
    memcpy(u->out_w, g->out_w, m * sizeof *u->out_w);
    memcpy(u->out_cnt, g->out_cnt, m * sizeof *u->out_cnt);
    memcpy(u->out_tmin, g->out_tmin, m * sizeof *u->out_tmin);
    memcpy(u->out_tmax, g->out_tmax, m * sizeof *u->out_tmax);
    memcpy(u->in_src, g->in_src, m * sizeof *u->in_src);
    memcpy(u->in_arc, g->in_arc, m * sizeof *u->in_arc);
  } else {
    uint64_t m = rf_i_undirected_merge(g, NULL);
    if ((st = rf_i_alloc(u, n, m)) != RF_OK) goto fail;
    rf_i_undirected_merge(g, u);
    if ((st = rf_i_build_in(u)) != RF_OK) goto fail;
  }
  u->directed = 0;
  if ((st = rf_i_copy_labels(u, g)) != RF_OK) goto fail;
  *out = u;
  return RF_OK;
fail:
  rf_graph_free(u);
  return rf_error_set(err, st, "graph: out of memory building the undirected view");
}

void rf_graph_i_builder_set_directed(rf_graph_builder *b, int directed) {
  b->directed = directed != 0;
}
