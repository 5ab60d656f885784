/* Tiny local CSR builder for the flow / exposure / communities tests, so
 * they do not depend on the graph module's readers. Labels are "n<id>"
 * unless given. */
#ifndef RF_TEST_FLOW_FIXTURE_H
#define RF_TEST_FLOW_FIXTURE_H
#include "redflag/graph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tf_edge {
  uint32_t u, v;
  double w;
} tf_edge;

static inline int tf_cmp_edge(const void *a, const void *b) {
  const tf_edge *x = a, *y = b;
  if (x->u != y->u) return x->u < y->u ? -1 : 1;
  return x->v < y->v ? -1 : x->v > y->v;
}

/* Builds a directed graph; parallel edges are merged (weights summed). */
static inline rf_graph *tf_graph(uint32_t n, const tf_edge *edges, size_t m, const char **labels) {
  rf_graph *g = calloc(1, sizeof *g);
  g->n = n;
  g->directed = 1;
  rf_strmap_init(&g->labels);
  char buf[32];
  for (uint32_t v = 0; v < n; v++) {
    const char *s = labels ? labels[v] : buf;
    if (!labels) snprintf(buf, sizeof buf, "n%u", v);
    rf_strmap_intern(&g->labels, s, strlen(s), NULL);
  }
  tf_edge *e = malloc((m ? m : 1) * sizeof *e);
  if (m) memcpy(e, edges, m * sizeof *e);
  qsort(e, m, sizeof *e, tf_cmp_edge);
  size_t k = 0;
  for (size_t i = 0; i < m; i++) {
    if (k && e[k - 1].u == e[i].u && e[k - 1].v == e[i].v)
      e[k - 1].w += e[i].w;
    else
      e[k++] = e[i];
  }
  g->m = k;
  size_t mm = k ? k : 1;
  g->out_off = calloc(n + 1, sizeof *g->out_off);
  g->in_off = calloc(n + 1, sizeof *g->in_off);
  g->out_dst = malloc(mm * sizeof *g->out_dst);
  g->out_w = malloc(mm * sizeof *g->out_w);
  g->out_cnt = malloc(mm * sizeof *g->out_cnt);
  g->out_tmin = calloc(mm, sizeof *g->out_tmin);
  g->out_tmax = calloc(mm, sizeof *g->out_tmax);
  g->in_src = malloc(mm * sizeof *g->in_src);
  g->in_arc = malloc(mm * sizeof *g->in_arc);
  for (size_t i = 0; i < k; i++) {
    g->out_off[e[i].u + 1]++;
    g->in_off[e[i].v + 1]++;
    g->out_dst[i] = e[i].v;
    g->out_w[i] = e[i].w;
    g->out_cnt[i] = 1;
  }
  for (uint32_t v = 0; v < n; v++) {
    g->out_off[v + 1] += g->out_off[v];
    g->in_off[v + 1] += g->in_off[v];
  }
  uint64_t *pos = malloc((n + 1) * sizeof *pos);
  memcpy(pos, g->in_off, (n + 1) * sizeof *pos);
  for (size_t i = 0; i < k; i++) {
    uint64_t p = pos[e[i].v]++;
    g->in_src[p] = e[i].u;
    g->in_arc[p] = i;
  }
  free(pos);
  free(e);
  return g;
}

static inline void tf_graph_free(rf_graph *g) {
  if (!g) return;
  free(g->out_off);
  free(g->in_off);
  free(g->out_dst);
  free(g->out_w);
  free(g->out_cnt);
  free(g->out_tmin);
  free(g->out_tmax);
  free(g->in_src);
  free(g->in_arc);
  rf_strmap_destroy(&g->labels);
  free(g);
}

/* xorshift for reproducible random graphs */
static inline uint64_t tf_rand(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

static inline char *tf_tmpfile(const char *content) {
  char *path = malloc(64);
  snprintf(path, 64, "/tmp/rf_flow_test_XXXXXX");
  int fd = mkstemp(path);
  FILE *fp = fdopen(fd, "w");
  fputs(content, fp);
  fclose(fp);
  return path;
}
#endif
