/* Centralities, components, efficiency, disruption and plots on small
 * graphs whose answers are known in closed form. */
#include "rf_test.h"
#include "redflag/network.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static rf_graph *mk(int directed, const char *edges, int weighted) {
  rf_graph_read_opts o = {0};
  o.directed = directed;
  o.weighted = weighted;
  rf_graph *g = NULL;
  rf_graph_read_stats st;
  rf_error err;
  assert_int_equal(rf_graph_read_mem(&g, edges, strlen(edges), "t", &o, &st, &err), RF_OK);
  return g;
}

static double at(const rf_graph *g, const double *x, const char *label) {
  int64_t v = rf_graph_find(g, label);
  assert_true(v >= 0);
  return x[v];
}

static void test_betweenness_path_star(void **state) {
  (void)state;
  /* path a-b-c-d-e: bc(c) = 4 pairs (a-d,a-e,b-d,b-e) through c */
  rf_graph *g = mk(0, "a b\nb c\nc d\nd e\n", 0);
  double bc[5];
  rf_net_opts o = {0};
  assert_int_equal(rf_net_betweenness(g, &o, bc, NULL), RF_OK);
  assert_true(fabs(at(g, bc, "a")) < 1e-12);
  assert_true(fabs(at(g, bc, "b") - 3) < 1e-12);
  assert_true(fabs(at(g, bc, "c") - 4) < 1e-12);
  o.normalized = 1;
  assert_true(rf_net_betweenness(g, &o, bc, NULL) == RF_OK);
  assert_true(fabs(at(g, bc, "c") - 4.0 * 2 / (4 * 3)) < 1e-12);
  /* removing c leaves two paths of two nodes: no betweenness */
  uint8_t rm[5] = {0};
  rm[rf_graph_find(g, "c")] = 1;
  o.normalized = 0;
  o.removed = rm;
  assert_true(rf_net_betweenness(g, &o, bc, NULL) == RF_OK);
  for (int i = 0; i < 5; i++) assert_true(fabs(bc[i]) < 1e-12);
  rf_graph_free(g);
  /* two equal shortest paths s-x-t and s-y-t: x and y get 1/2 each */
  g = mk(0, "s x\ns y\nx t\ny t\n", 0);
  o.removed = NULL;
  assert_true(rf_net_betweenness(g, &o, bc, NULL) == RF_OK);
  assert_true(fabs(at(g, bc, "x") - 0.5) < 1e-12); /* only the pair s-t, half its paths */
  rf_graph_free(g);
}

static void test_betweenness_weighted_directed(void **state) {
  (void)state;
  /* weights as lengths: a->c direct costs 10, a->b->c costs 2 */
  rf_graph *g = mk(1, "a c 10\na b 1\nb c 1\n", 1);
  double bc[3];
  rf_net_opts o = {0};
  o.weighted = 1;
  assert_int_equal(rf_net_betweenness(g, &o, bc, NULL), RF_OK);
  assert_true(fabs(at(g, bc, "b") - 1) < 1e-12);
  o.weighted = 0; /* unweighted: a->c is direct, b lies on no shortest path */
  assert_int_equal(rf_net_betweenness(g, &o, bc, NULL), RF_OK);
  assert_true(fabs(at(g, bc, "b")) < 1e-12);
  rf_graph_free(g);
}

/* threads do not change the answer; sampled sources scale honestly */
static void test_betweenness_threads(void **state) {
  (void)state;
  rf_graph_builder *b;
  rf_graph_builder_new(&b, 0);
  uint64_t s = 42;
  for (int i = 0; i < 600; i++) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    uint32_t u = (uint32_t)(s >> 33) % 300;
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    uint32_t v = (uint32_t)(s >> 33) % 300;
    rf_graph_builder_edge_id(b, u, v, 1 + (double)(i % 3), 0);
  }
  rf_graph *g;
  assert_int_equal(rf_graph_builder_finish(b, &g, 0, NULL), RF_OK);
  double *b1 = calloc(g->n, sizeof *b1), *b4 = calloc(g->n, sizeof *b4);
  for (int w = 0; w < 2; w++) {
    rf_net_opts o = {0};
    o.weighted = w;
    o.threads = 1;
    assert_int_equal(rf_net_betweenness(g, &o, b1, NULL), RF_OK);
    o.threads = 4;
    assert_int_equal(rf_net_betweenness(g, &o, b4, NULL), RF_OK);
    for (uint32_t v = 0; v < g->n; v++) assert_true(fabs(b1[v] - b4[v]) <= 1e-9 * (1 + b1[v]));
    uint32_t *all = malloc(g->n * sizeof *all);
    for (uint32_t v = 0; v < g->n; v++) all[v] = v;
    assert_int_equal(rf_net_betweenness_sources(g, &o, all, g->n, b4, NULL), RF_OK);
    for (uint32_t v = 0; v < g->n; v++) assert_true(fabs(b1[v] - b4[v]) <= 1e-9 * (1 + b1[v]));
    free(all);
  }
  free(b1);
  free(b4);
  rf_graph_free(g);
}

static void test_degree_katz_ci(void **state) {
  (void)state;
  /* star: hub h with leaves 1..4 */
  rf_graph *g = mk(0, "h 1 2\nh 2 1\nh 3 1\nh 4 1\n", 1);
  double d[5], k[5], ci[8];
  rf_net_opts o = {0};
  assert_int_equal(rf_net_degree(g, &o, d, NULL), RF_OK);
  assert_true(at(g, d, "h") == 4 && at(g, d, "1") == 1);
  o.weighted = 1;
  assert_int_equal(rf_net_degree(g, &o, d, NULL), RF_OK);
  assert_true(at(g, d, "h") == 5 && at(g, d, "1") == 2);
  o.weighted = 0;
  /* Katz on a star, alpha a: leaf = 1 + a*hub, hub = 1 + 4a*leaf */
  double a = 0.1;
  assert_int_equal(rf_net_katz(g, &o, a, 1.0, k, NULL), RF_OK);
  double leaf = (1 + a) / (1 - 4 * a * a), hub = 1 + 4 * a * leaf;
  double nrm = sqrt(hub * hub + 4 * leaf * leaf);
  assert_true(fabs(at(g, k, "h") - hub / nrm) < 1e-12);
  assert_true(fabs(at(g, k, "3") - leaf / nrm) < 1e-12);
  /* CI radius 1: hub (4-1)*4*(1-1) = 0; leaf (1-1)*.. = 0. Radius 2 on a path. */
  assert_int_equal(rf_net_ci(g, &o, 1, ci, NULL), RF_OK);
  assert_true(at(g, ci, "h") == 0 && at(g, ci, "1") == 0);
  rf_graph_free(g);
  g = mk(0, "a b\nb c\nc d\nd e\ne f\n", 0);
  assert_int_equal(rf_net_ci(g, &o, 2, ci, NULL), RF_OK);
  /* c: k=2, ball boundary at distance 2 = {a, e}: (2-1)*((1-1)+(2-1)) = 1 */
  assert_true(at(g, ci, "c") == 1);
  assert_true(at(g, ci, "a") == 0);
  assert_int_equal(rf_net_ci(g, &o, 1, ci, NULL), RF_OK);
  assert_true(at(g, ci, "c") == 2);
  rf_graph_free(g);
}

/* above RF_NET_KATZ_DENSE_MAX nodes: Jacobi iteration, automatic alpha */
static void test_katz_iterative(void **state) {
  (void)state;
  const uint32_t L = 1500;
  rf_graph_builder *b;
  rf_graph_builder_new(&b, 0);
  for (uint32_t i = 1; i <= L; i++) rf_graph_builder_edge_id(b, 0, i, 1, 0);
  rf_graph *g;
  assert_int_equal(rf_graph_builder_finish(b, &g, 0, NULL), RF_OK);
  double *k = calloc(g->n, sizeof *k);
  rf_net_opts o = {0};
  double a = 0.01; /* below 1/sqrt(1500) */
  assert_int_equal(rf_net_katz(g, &o, a, 1.0, k, NULL), RF_OK);
  double leaf = (1 + a) / (1 - L * a * a), hub = 1 + L * a * leaf;
  double nrm = sqrt(hub * hub + L * leaf * leaf);
  assert_true(fabs(k[0] - hub / nrm) < 1e-9);
  assert_true(fabs(k[7] - leaf / nrm) < 1e-9);
  rf_error err;
  assert_int_equal(rf_net_katz(g, &o, 0.1, 1.0, k, &err), RF_EINVAL); /* diverges */
  assert_non_null(strstr(err.msg, "alpha"));
  assert_int_equal(rf_net_katz(g, &o, -1, 1.0, k, &err), RF_OK); /* automatic */
  assert_true(k[0] > k[1] && k[1] > 0);
  free(k);
  rf_graph_free(g);
}

static void test_components_efficiency(void **state) {
  (void)state;
  rf_graph *g = mk(1, "a b\nb c\nx y\n", 0);
  uint32_t comp[5], nc, lcc;
  assert_int_equal(rf_net_components(g, NULL, comp, &nc, &lcc, NULL), RF_OK);
  assert_int_equal(nc, 2);
  assert_int_equal(lcc, 3);
  assert_int_equal(comp[rf_graph_find(g, "a")], comp[rf_graph_find(g, "c")]);
  rf_graph_free(g);
  /* triangle + pendant, undirected: pairs at distance 1: 4 edges, distance 2: 2 pairs */
  g = mk(0, "a b\nb c\nc a\nc d\n", 0);
  double e;
  rf_net_opts o = {0};
  assert_int_equal(rf_net_efficiency(g, &o, 0, 0, &e, NULL), RF_OK);
  assert_true(fabs(e - (2 * (4 * 1.0 + 2 * 0.5)) / 12.0) < 1e-12);
  rf_graph_free(g);
  /* empty graph */
  g = mk(0, "", 0);
  assert_int_equal(rf_net_components(g, NULL, NULL, &nc, &lcc, NULL), RF_OK);
  assert_int_equal(nc, 0);
  assert_int_equal(rf_net_efficiency(g, &o, 0, 0, &e, NULL), RF_OK);
  assert_true(e == 0);
  rf_graph_free(g);
}

static void test_disrupt(void **state) {
  (void)state;
  /* two stars joined through a bridge node z */
  rf_graph *g = mk(0,
                   "h1 a\nh1 b\nh1 c\nh1 d\nh1 z\nz h2\nh2 e\nh2 f\nh2 g\nh2 i\n"
                   "q r\n",
                   0);
  rf_disrupt_opts o = {0};
  o.strategy = RF_DISRUPT_BETWEENNESS;
  rf_disrupt_curve c;
  rf_error err;
  assert_int_equal(rf_disrupt_run(g, &o, &c, &err), RF_OK);
  assert_int_equal(c.lcc0, 11);
  assert_int_equal(c.steps[0].removed, 0);
  assert_true(c.steps[0].lcc_fraction == 1.0);
  assert_int_equal(c.steps[0].components, 2);
  assert_int_equal(c.nsteps, g->n + 1);
  assert_int_equal(c.norder, g->n);
  /* the hubs tie (30 pairs each; the bridge z has 25): the later-added h2
   * goes first, leaving h1's star plus z, then h1 */
  assert_string_equal(rf_graph_label(g, c.order[0]), "h2");
  assert_true(fabs(c.steps[1].lcc_fraction - 6.0 / 11) < 1e-12);
  assert_int_equal(c.steps[1].components, 6);
  assert_string_equal(rf_graph_label(g, c.order[1]), "h1");
  assert_true(c.steps[c.nsteps - 1].lcc_fraction == 0);
  for (size_t i = 1; i < c.nsteps; i++)
    assert_true(c.steps[i].lcc_fraction <= c.steps[i - 1].lcc_fraction + 1e-12);
  rf_disrupt_curve_free(&c);
  /* block mode: 20% of 13 = 3 per step; random is reproducible per seed */
  o.block = 1;
  o.block_fraction = 0.2;
  o.strategy = RF_DISRUPT_RANDOM;
  o.seed = 7;
  rf_disrupt_curve c2, c3;
  assert_int_equal(rf_disrupt_run(g, &o, &c2, &err), RF_OK);
  assert_int_equal(rf_disrupt_run(g, &o, &c3, &err), RF_OK);
  assert_int_equal(c2.steps[1].removed, 3);
  assert_int_equal(c2.nsteps, 1 + 5);
  assert_memory_equal(c2.order, c3.order, c2.norder * sizeof *c2.order);
  rf_disrupt_curve_free(&c2);
  rf_disrupt_curve_free(&c3);
  /* every strategy runs; stop_at and max_removed bound the run */
  for (int s = 0; s < RF_DISRUPT_NSTRATEGIES; s++) {
    rf_disrupt_opts p = {0};
    p.strategy = (rf_disrupt_strategy)s;
    p.stop_at = 3;
    assert_int_equal(rf_disrupt_run(g, &p, &c, &err), RF_OK);
    assert_int_equal(c.norder, g->n - 3);
    rf_disrupt_curve_free(&c);
    p.max_removed = 2;
    assert_int_equal(rf_disrupt_run(g, &p, &c, &err), RF_OK);
    assert_int_equal(c.norder, 2);
    rf_disrupt_curve_free(&c);
  }
  rf_graph_free(g);
  /* weights as lengths vs 1/weight: a--b heavy (10), b--c light (1), plus
   * a--x--c light detour. Lengths w: a-c shortest via b (10+1=11)? no: via x
   * (1+1=2), so x carries the a-c path; with 1/w lengths a-b-c costs
   * 0.1+1 = 1.1 < 2 and b carries it. */
  {
    rf_graph *w = mk(0, "a b 10\nb c 1\na x 1\nx c 1\n", 1);
    rf_disrupt_opts p = {0};
    p.strategy = RF_DISRUPT_BETWEENNESS;
    p.weighted = 1;
    p.max_removed = 1;
    assert_int_equal(rf_disrupt_run(w, &p, &c, &err), RF_OK);
    assert_string_equal(rf_graph_label(w, c.order[0]), "x");
    rf_disrupt_curve_free(&c);
    p.inverse_weights = 1;
    assert_int_equal(rf_disrupt_run(w, &p, &c, &err), RF_OK);
    assert_string_equal(rf_graph_label(w, c.order[0]), "b");
    rf_disrupt_curve_free(&c);
    rf_graph_free(w);
  }
  /* empty graph: one row */
  g = mk(0, "", 0);
  o = (rf_disrupt_opts){0};
  assert_int_equal(rf_disrupt_run(g, &o, &c, &err), RF_OK);
  assert_int_equal(c.nsteps, 1);
  assert_true(c.steps[0].lcc_fraction == 1.0);
  rf_disrupt_curve_free(&c);
  rf_graph_free(g);
  rf_disrupt_strategy s;
  assert_int_equal(rf_disrupt_strategy_parse("Katz", &s), RF_OK);
  assert_int_equal(s, RF_DISRUPT_KATZ);
  assert_int_not_equal(rf_disrupt_strategy_parse("pagerank", &s), RF_OK);
}

static void test_plot(void **state) {
  (void)state;
  double x[] = {0, 1, 2, 3}, y1[] = {1, 0.5, NAN, 0.1}, y2[] = {1, 0.9, 0.8, 0.7};
  rf_plot_series s[2] = {{"betweenness <&>", x, y1, 4}, {"degree", x, y2, 4}};
  rf_plot_opts o = {0};
  o.title = "t";
  o.xlabel = "nodes removed";
  o.ylabel = "LCC";
  rf_buf b;
  rf_buf_init(&b);
  assert_int_equal(rf_plot_svg_buf(&b, &o, s, 2, NULL), RF_OK);
  assert_non_null(strstr(b.data, "<svg"));
  assert_non_null(strstr(b.data, "</svg>"));
  assert_non_null(strstr(b.data, "betweenness &lt;&amp;&gt;"));
  assert_non_null(strstr(b.data, "nodes removed"));
  /* two series, the NAN point splits the first line into two pieces */
  size_t paths = 0;
  for (const char *p = b.data; (p = strstr(p, "<path")); p++) paths++;
  assert_int_equal(paths, 2);
  rf_buf_reset(&b);
  assert_int_equal(rf_plot_svg_buf(&b, &o, NULL, 0, NULL), RF_OK); /* no data: still a chart */
  assert_non_null(strstr(b.data, "</svg>"));
  rf_buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_betweenness_path_star),
      cmocka_unit_test(test_betweenness_weighted_directed),
      cmocka_unit_test(test_betweenness_threads),
      cmocka_unit_test(test_degree_katz_ci),
      cmocka_unit_test(test_katz_iterative),
      cmocka_unit_test(test_components_efficiency),
      cmocka_unit_test(test_disrupt),
      cmocka_unit_test(test_plot),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
