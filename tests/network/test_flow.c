/* Max-flow, min vertex cut, disjoint paths, fragmentation, node-set and
 * cost files: against hand-computed answers, an independent Edmonds-Karp
 * and brute-force cut enumeration on random graphs, and bad input. */
#include "rf_test.h"
#include "redflag/network_flow.h"
#include "test_flow_fixture.h"

#include <math.h>
#include <unistd.h>

/* ------------------------------------------------- independent references */

#define REF_N 16
/* Edmonds-Karp on a dense matrix; node n = super source, n+1 = super sink. */
static double ref_maxflow(const rf_graph *g, const uint8_t *src, const uint8_t *snk,
                          const uint8_t *removed) {
  uint32_t n = g->n, N = n + 2;
  double c[REF_N + 2][REF_N + 2] = {{0}};
  for (uint32_t u = 0; u < n; u++)
    for (uint64_t a = g->out_off[u]; a < g->out_off[u + 1]; a++)
      if (g->out_dst[a] != u && g->out_w[a] > 0) c[u][g->out_dst[a]] += g->out_w[a];
  for (uint32_t v = 0; v < n; v++) {
    if (src[v]) c[n][v] = 1e18;
    if (snk[v]) c[v][n + 1] = 1e18;
    if (removed && removed[v])
      for (uint32_t w = 0; w < N; w++) c[v][w] = c[w][v] = 0;
  }
  double total = 0;
  for (;;) {
    int prev[REF_N + 2];
    for (uint32_t i = 0; i < REF_N + 2; i++)
      prev[i] = -1; /* all of it: gcc -O2 sees no bound on N */
    int q[REF_N + 2], qh = 0, qt = 0;
    q[qt++] = (int)n;
    prev[n] = (int)n;
    while (qh < qt && prev[n + 1] < 0) {
      int x = q[qh++];
      for (uint32_t y = 0; y < N; y++)
        if (prev[y] < 0 && c[x][y] > 1e-12) {
          prev[y] = x;
          q[qt++] = (int)y;
        }
    }
    if (prev[n + 1] < 0) break;
    double b = 1e300;
    for (int y = (int)n + 1; y != (int)n; y = prev[y])
      if (c[prev[y]][y] < b) b = c[prev[y]][y];
    for (int y = (int)n + 1; y != (int)n; y = prev[y]) {
      c[prev[y]][y] -= b;
      c[y][prev[y]] += b;
    }
    total += b;
  }
  return total;
}

static int ref_connected(const rf_graph *g, const uint8_t *src, const uint8_t *snk,
                         const uint8_t *removed) {
  uint8_t seen[REF_N] = {0};
  uint32_t q[REF_N], qh = 0, qt = 0;
  for (uint32_t v = 0; v < g->n; v++)
    if (src[v] && !removed[v]) {
      seen[v] = 1;
      q[qt++] = v;
    }
  while (qh < qt) {
    uint32_t v = q[qh++];
    if (snk[v]) return 1;
    for (uint64_t a = g->out_off[v]; a < g->out_off[v + 1]; a++) {
      uint32_t w = g->out_dst[a];
      if (!seen[w] && !removed[w] && g->out_w[a] > 0) {
        seen[w] = 1;
        q[qt++] = w;
      }
    }
  }
  return 0;
}

/* minimum-cost set of non-endpoint accounts disconnecting src from snk */
static double ref_mincut(const rf_graph *g, const uint8_t *src, const uint8_t *snk,
                         const double *cost, uint32_t *best_size) {
  double best = INFINITY;
  for (uint32_t mask = 0; mask < (1u << g->n); mask++) {
    uint8_t rm[REF_N] = {0};
    double c = 0;
    uint32_t k = 0, ok = 1;
    for (uint32_t v = 0; v < g->n; v++)
      if (mask >> v & 1) {
        if (src[v] || snk[v]) ok = 0;
        rm[v] = 1;
        c += cost ? cost[v] : 1;
        k++;
      }
    if (!ok || c >= best) continue;
    if (!ref_connected(g, src, snk, rm)) {
      best = c;
      *best_size = k;
    }
  }
  return best;
}

/* ------------------------------------------------------------------ tests */

static void test_diamond(void **state) {
  (void)state;
  /* 0 -> 1 -> 3, 0 -> 2 -> 3, 1 -> 2 */
  tf_edge e[] = {{0, 1, 5}, {0, 2, 4}, {1, 3, 3}, {2, 3, 6}, {1, 2, 1}};
  rf_graph *g = tf_graph(4, e, 5, NULL);
  uint32_t s = 0, t = 3;
  rf_error err;
  double f;
  assert_int_equal(rf_network_maxflow(g, &s, 1, &t, 1, NULL, &f, &err), RF_OK);
  assert_true(fabs(f - 8) < 1e-9); /* 3 via 1, 4 + 1 via 2 */
  uint32_t *cut;
  size_t nc;
  double cc;
  assert_int_equal(rf_network_min_vertex_cut(g, &s, 1, &t, 1, NULL, 0, &cut, &nc, &cc, &err),
                   RF_OK);
  assert_int_equal(nc, 2);
  assert_true(fabs(cc - 2) < 1e-12);
  assert_int_equal(cut[0], 1);
  assert_int_equal(cut[1], 2);
  free(cut);
  /* costs: make 2 expensive -> cut {1,2} still needed (both paths) */
  double cost[4] = {1, 1, 10, 1};
  assert_int_equal(rf_network_min_vertex_cut(g, &s, 1, &t, 1, cost, 0, &cut, &nc, &cc, &err),
                   RF_OK);
  assert_true(fabs(cc - 11) < 1e-12);
  free(cut);
  /* removing 1 leaves 4 via 2 */
  uint8_t rm[4] = {0, 1, 0, 0};
  assert_int_equal(rf_network_maxflow(g, &s, 1, &t, 1, rm, &f, &err), RF_OK);
  assert_true(fabs(f - 4) < 1e-9);
  /* throughput */
  rf_network_flow *fl;
  assert_int_equal(rf_network_flow_new(&fl, g, RF_FLOW_AMOUNT, &s, 1, &t, 1, NULL, 0, &err), RF_OK);
  assert_int_equal(rf_network_flow_solve(fl, NULL, &f, &err), RF_OK);
  double thr[4];
  rf_network_flow_throughput(fl, thr);
  assert_true(fabs(thr[0] - 8) < 1e-9);
  assert_true(fabs(thr[3] - 8) < 1e-9);
  assert_true(fabs(thr[1] - 4) < 1e-9); /* 3 to the sink, 1 on to account 2 */
  assert_true(fabs(thr[2] - 5) < 1e-9);
  rf_network_flow_free(fl);
  /* disjoint paths */
  assert_int_equal(rf_network_flow_new(&fl, g, RF_FLOW_EDGE_PATHS, &s, 1, &t, 1, NULL, 0, &err),
                   RF_OK);
  assert_int_equal(rf_network_flow_solve(fl, NULL, &f, &err), RF_OK);
  assert_true(fabs(f - 2) < 1e-12);
  rf_network_flow_free(fl);
  assert_int_equal(rf_network_flow_new(&fl, g, RF_FLOW_VERTEX_PATHS, &s, 1, &t, 1, NULL, 0, &err),
                   RF_OK);
  assert_int_equal(rf_network_flow_solve(fl, NULL, &f, &err), RF_OK);
  assert_true(fabs(f - 2) < 1e-12);
  rf_network_flow_free(fl);
  tf_graph_free(g);
}

static void test_random_vs_reference(void **state) {
  (void)state;
  uint64_t seed = 0x9e3779b97f4a7c15ull;
  int positive = 0, finite_cuts = 0, no_cut = 0;
  for (int trial = 0; trial < 300; trial++) {
    uint32_t n = 4 + (uint32_t)(tf_rand(&seed) % 9); /* 4..12 */
    size_t m = (size_t)(tf_rand(&seed) % (n * 3)) + 1;
    tf_edge e[64];
    for (size_t i = 0; i < m; i++) {
      e[i].u = (uint32_t)(tf_rand(&seed) % n);
      e[i].v = (uint32_t)(tf_rand(&seed) % n);
      e[i].w = (double)(tf_rand(&seed) % 100) / 4.0 - 2.0; /* some zero / negative */
    }
    rf_graph *g = tf_graph(n, e, m, NULL);
    uint8_t src[REF_N] = {0}, snk[REF_N] = {0};
    uint32_t S[3], T[3], ns = 1 + (uint32_t)(tf_rand(&seed) % 2),
                         nt = 1 + (uint32_t)(tf_rand(&seed) % 2);
    /* sources from the first half, sinks from the second: never both */
    for (uint32_t i = 0; i < ns; i++) {
      S[i] = (uint32_t)(tf_rand(&seed) % (n / 2));
      src[S[i]] = 1;
    }
    for (uint32_t i = 0; i < nt; i++) {
      T[i] = n / 2 + (uint32_t)(tf_rand(&seed) % (n - n / 2));
      snk[T[i]] = 1;
    }
    double cost[REF_N];
    for (uint32_t v = 0; v < n; v++) cost[v] = 1 + (double)(tf_rand(&seed) % 3);
    rf_error err;
    double f;
    assert_int_equal(rf_network_maxflow(g, S, ns, T, nt, NULL, &f, &err), RF_OK);
    double rf = ref_maxflow(g, src, snk, NULL);
    assert_true(fabs(f - rf) <= 1e-9 * (1 + rf));
    positive += rf > 0;
    /* with a random account removed */
    uint8_t rm[REF_N] = {0};
    rm[tf_rand(&seed) % n] = 1;
    assert_int_equal(rf_network_maxflow(g, S, ns, T, nt, rm, &f, &err), RF_OK);
    rf = ref_maxflow(g, src, snk, rm);
    assert_true(fabs(f - rf) <= 1e-9 * (1 + rf));
    /* min vertex cut, unit and weighted */
    for (int w = 0; w < 2; w++) {
      uint32_t bsz = 0;
      double rc = ref_mincut(g, src, snk, w ? cost : NULL, &bsz);
      uint32_t *cut = NULL;
      size_t nc = 0;
      double cc;
      rf_status st =
          rf_network_min_vertex_cut(g, S, ns, T, nt, w ? cost : NULL, 0, &cut, &nc, &cc, &err);
      if (isinf(rc)) {
        no_cut++;
        assert_int_equal(st, RF_EINVAL);
        assert_non_null(strstr(err.msg, "no finite cut"));
      } else {
        assert_int_equal(st, RF_OK);
        finite_cuts += nc > 0;
        assert_true(fabs(cc - rc) < 1e-9);
        double sum = 0;
        uint8_t rm2[REF_N] = {0};
        for (size_t i = 0; i < nc; i++) {
          sum += w ? cost[cut[i]] : 1;
          rm2[cut[i]] = 1;
          assert_false(src[cut[i]] || snk[cut[i]]);
        }
        assert_true(fabs(sum - cc) < 1e-9);
        assert_false(ref_connected(g, src, snk, rm2)); /* the cut really cuts */
        double f2;
        assert_int_equal(rf_network_maxflow(g, S, ns, T, nt, rm2, &f2, &err), RF_OK);
        assert_true(f2 == 0);
      }
      free(cut);
    }
    tf_graph_free(g);
  }
  /* the random cases exercise every branch, not just empty answers */
  assert_true(positive > 60);
  assert_true(finite_cuts > 60);
  assert_true(no_cut > 10);
}

static void test_bad_input(void **state) {
  (void)state;
  rf_error err;
  double f;
  /* empty graph */
  rf_graph *g = tf_graph(0, NULL, 0, NULL);
  uint32_t s = 0, t = 1;
  assert_int_equal(rf_network_maxflow(g, &s, 1, &t, 1, NULL, &f, &err), RF_EEMPTY);
  rf_fragmentation fr;
  assert_int_equal(rf_network_fragmentation(g, NULL, &fr, &err), RF_OK);
  assert_int_equal(fr.components, 0);
  tf_graph_free(g);
  /* sources == sinks */
  tf_edge e[] = {{0, 1, 1}, {1, 2, 1}, {3, 4, 2}, {4, 5, -3}, {5, 5, 7}};
  g = tf_graph(6, e, 5, NULL);
  assert_int_equal(rf_network_maxflow(g, &s, 1, &s, 1, NULL, &f, &err), RF_EINVAL);
  assert_non_null(strstr(err.msg, "both a source and a sink"));
  uint32_t *cut;
  size_t nc;
  double cc;
  assert_int_equal(rf_network_min_vertex_cut(g, &s, 1, &s, 1, NULL, 0, &cut, &nc, &cc, &err),
                   RF_EINVAL);
  /* allowed: the shared account itself is the cut */
  assert_int_equal(rf_network_min_vertex_cut(g, &s, 1, &s, 1, NULL, 1, &cut, &nc, &cc, &err),
                   RF_OK);
  assert_int_equal(nc, 1);
  assert_int_equal(cut[0], 0);
  free(cut);
  /* empty sets, out of range */
  assert_int_equal(rf_network_maxflow(g, &s, 0, &t, 1, NULL, &f, &err), RF_EINVAL);
  uint32_t big = 99;
  assert_int_equal(rf_network_maxflow(g, &big, 1, &t, 1, NULL, &f, &err), RF_EINVAL);
  /* disconnected: 0 -> 5 has no path; flow 0, empty cut */
  uint32_t t5 = 5;
  assert_int_equal(rf_network_maxflow(g, &s, 1, &t5, 1, NULL, &f, &err), RF_OK);
  assert_true(f == 0);
  assert_int_equal(rf_network_min_vertex_cut(g, &s, 1, &t5, 1, NULL, 0, &cut, &nc, &cc, &err),
                   RF_OK);
  assert_int_equal(nc, 0);
  assert_true(cc == 0);
  free(cut);
  /* negative-weight arc 4 -> 5 carries nothing; self loop ignored */
  uint32_t s3 = 3;
  assert_int_equal(rf_network_maxflow(g, &s3, 1, &t5, 1, NULL, &f, &err), RF_OK);
  assert_true(f == 0);
  /* direct payment source -> sink: no finite vertex cut */
  assert_int_equal(rf_network_min_vertex_cut(g, &s, 1, &t, 1, NULL, 0, &cut, &nc, &cc, &err),
                   RF_EINVAL);
  /* bad costs */
  double cost[6] = {1, 0, 1, 1, 1, 1};
  assert_int_equal(rf_network_min_vertex_cut(g, &s, 1, &t, 1, cost, 0, &cut, &nc, &cc, &err),
                   RF_EINVAL);
  assert_non_null(strstr(err.msg, "must be > 0"));
  /* fragmentation: {0,1,2}, {3,4,5} */
  assert_int_equal(rf_network_fragmentation(g, NULL, &fr, &err), RF_OK);
  assert_int_equal(fr.components, 2);
  assert_int_equal(fr.lcc, 3);
  uint8_t rm[6] = {0, 1, 0, 0, 0, 0};
  assert_int_equal(rf_network_fragmentation(g, rm, &fr, &err), RF_OK);
  assert_int_equal(fr.components, 3);
  assert_int_equal(fr.alive, 5);
  assert_true(fabs(fr.lcc_fraction - 0.5) < 1e-12);
  tf_graph_free(g);
}

static void test_infinite_costs(void **state) {
  (void)state;
  /* 0 -> 1 -> 2 -> 4, 0 -> 3 -> 4; 1 cannot be frozen */
  tf_edge e[] = {{0, 1, 1}, {1, 2, 1}, {2, 4, 1}, {0, 3, 1}, {3, 4, 1}};
  rf_graph *g = tf_graph(5, e, 5, NULL);
  double cost[5] = {1, INFINITY, 1, 1, 1};
  uint32_t s = 0, t = 4, *cut;
  size_t nc;
  double cc;
  rf_error err;
  assert_int_equal(rf_network_min_vertex_cut(g, &s, 1, &t, 1, cost, 0, &cut, &nc, &cc, &err),
                   RF_OK);
  assert_int_equal(nc, 2);
  assert_int_equal(cut[0], 2);
  assert_int_equal(cut[1], 3);
  free(cut);
  cost[2] = INFINITY;
  assert_int_equal(rf_network_min_vertex_cut(g, &s, 1, &t, 1, cost, 0, &cut, &nc, &cc, &err),
                   RF_EINVAL);
  /* the partial cut still blocks the path that can be blocked (via 3) */
  rf_network_flow *fl;
  assert_int_equal(rf_network_flow_new(&fl, g, RF_FLOW_VERTEX_CUT, &s, 1, &t, 1, cost, 0, &err),
                   RF_OK);
  assert_int_equal(rf_network_flow_solve(fl, NULL, &cc, &err), RF_OK);
  assert_true(isinf(cc));
  assert_int_equal(rf_network_flow_cut(fl, &cut, &nc, &err), RF_OK);
  assert_int_equal(nc, 1);
  assert_int_equal(cut[0], 3);
  assert_int_equal(rf_network_flow_unavoidable(fl), 1);
  free(cut);
  rf_network_flow_free(fl);
  tf_graph_free(g);
}

static void test_nodeset_and_costs(void **state) {
  (void)state;
  const char *labels[] = {"ACC-1", "ACC-2", "ACC-3"};
  tf_edge e[] = {{0, 1, 1}, {1, 2, 1}};
  rf_graph *g = tf_graph(3, e, 2, labels);
  rf_error err;
  rf_nodeset s;
  char *p = tf_tmpfile("# seeds\nACC-1\n\nNOPE\nACC-3\nACC-1\n");
  assert_int_equal(rf_network_nodeset_read(g, p, &s, &err), RF_OK);
  assert_int_equal(s.n, 2);
  assert_int_equal(s.ids[0], 0);
  assert_int_equal(s.ids[1], 2);
  assert_int_equal(s.unknown, 1);
  assert_int_equal(s.duplicates, 1);
  assert_int_equal(s.rows, 4);
  char want[128];
  snprintf(want, sizeof want, "%s:4: unknown account 'NOPE'", p);
  assert_non_null(strstr(s.report.data, want));
  rf_network_nodeset_free(&s);
  unlink(p);
  free(p);
  /* CSV with an account column */
  p = tf_tmpfile("name,account\nx,ACC-2\ny,\"ACC-3\"\n");
  assert_int_equal(rf_network_nodeset_read(g, p, &s, &err), RF_OK);
  assert_int_equal(s.n, 2);
  assert_int_equal(s.ids[0], 1);
  rf_network_nodeset_free(&s);
  unlink(p);
  free(p);
  /* none match: fatal, names the first unknown with its line */
  p = tf_tmpfile("X1\nX2\n");
  assert_int_equal(rf_network_nodeset_read(g, p, &s, &err), RF_ENOTFOUND);
  assert_non_null(strstr(err.msg, ":1: 'X1'"));
  rf_network_nodeset_free(&s);
  unlink(p);
  free(p);
  p = tf_tmpfile("");
  assert_int_equal(rf_network_nodeset_read(g, p, &s, &err), RF_EEMPTY);
  rf_network_nodeset_free(&s);
  unlink(p);
  free(p);
  assert_int_equal(rf_network_nodeset_read(g, "/nonexistent/x", &s, &err), RF_EIO);
  rf_network_nodeset_free(&s);
  /* comma list */
  assert_int_equal(rf_network_nodeset_parse(g, "ACC-2, ACC-9,ACC-1", "--sources", &s, &err), RF_OK);
  assert_int_equal(s.n, 2);
  assert_non_null(strstr(s.report.data, "--sources:2: unknown account 'ACC-9'"));
  rf_network_nodeset_free(&s);
  /* costs */
  double *cost;
  rf_buf rep;
  rf_buf_init(&rep);
  p = tf_tmpfile("account,cost\nACC-2,2.5\nZZ,3\nACC-3,inf\n");
  assert_int_equal(rf_network_costs_read(g, p, &cost, &rep, &err), RF_OK);
  assert_true(cost[0] == 1 && cost[1] == 2.5 && isinf(cost[2]));
  assert_non_null(strstr(rep.data, ":3: unknown account 'ZZ'"));
  free(cost);
  unlink(p);
  free(p);
  p = tf_tmpfile("ACC-1,1\nACC-2,-4\n");
  assert_int_equal(rf_network_costs_read(g, p, &cost, NULL, &err), RF_EINVAL);
  snprintf(want, sizeof want, "%s:2: field cost", p);
  assert_non_null(strstr(err.msg, want));
  unlink(p);
  free(p);
  p = tf_tmpfile("ACC-1,abc\n");
  assert_int_equal(rf_network_costs_read(g, p, &cost, NULL, &err), RF_EPARSE);
  unlink(p);
  free(p);
  rf_buf_free(&rep);
  tf_graph_free(g);
}

/* A larger random graph: Dinic must agree with itself under removal and
 * the cut must disconnect (no reference: too big for brute force). */
static void test_medium_consistency(void **state) {
  (void)state;
  uint64_t seed = 12345;
  uint32_t n = 3000;
  size_t m = 15000;
  tf_edge *e = malloc(m * sizeof *e);
  for (size_t i = 0; i < m; i++) {
    e[i].u = (uint32_t)(tf_rand(&seed) % n);
    e[i].v = (uint32_t)(tf_rand(&seed) % n);
    e[i].w = 1 + (double)(tf_rand(&seed) % 1000);
  }
  rf_graph *g = tf_graph(n, e, m, NULL);
  free(e);
  uint32_t S[20], T[20];
  for (int i = 0; i < 20; i++) {
    S[i] = (uint32_t)i;
    T[i] = n - 1 - (uint32_t)i;
  }
  rf_error err;
  uint32_t *cut;
  size_t nc;
  double cc, f;
  assert_int_equal(rf_network_min_vertex_cut(g, S, 20, T, 20, NULL, 0, &cut, &nc, &cc, &err),
                   RF_OK);
  assert_true(nc > 0 && fabs((double)nc - cc) < 1e-9);
  uint8_t *rm = calloc(n, 1);
  for (size_t i = 0; i < nc; i++) rm[cut[i]] = 1;
  assert_int_equal(rf_network_maxflow(g, S, 20, T, 20, rm, &f, &err), RF_OK);
  assert_true(f == 0);
  /* vertex-disjoint paths = unit min cut (Menger) */
  rf_network_flow *fl;
  assert_int_equal(rf_network_flow_new(&fl, g, RF_FLOW_VERTEX_PATHS, S, 20, T, 20, NULL, 0, &err),
                   RF_OK);
  assert_int_equal(rf_network_flow_solve(fl, NULL, &f, &err), RF_OK);
  rf_network_flow_free(fl);
  /* Menger: account-disjoint routes = unit minimum vertex cut */
  assert_true(fabs(f - cc) < 1e-9);
  free(rm);
  free(cut);
  tf_graph_free(g);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_diamond),           cmocka_unit_test(test_random_vs_reference),
      cmocka_unit_test(test_bad_input),         cmocka_unit_test(test_infinite_costs),
      cmocka_unit_test(test_nodeset_and_costs), cmocka_unit_test(test_medium_consistency),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
