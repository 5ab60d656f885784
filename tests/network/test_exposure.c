/* Exposure: hop distances and damped flow tracing against hand-computed
 * values; max-hops truncation; undirected mode; bad input; writers. */
#include "rf_test.h"
#include "redflag/network_flow.h"
#include "test_flow_fixture.h"

#include <math.h>
#include <unistd.h>

/* S seed; S->A 100, X->A 100, A->B 50, B->C 10, C->S 5; D isolated */
enum { S, X, A, B, C, D, NN };
static const char *labels[] = {"S", "X", "A", "B", "C", "D"};

static rf_graph *mk(void) {
  tf_edge e[] = {{S, A, 100}, {X, A, 100}, {A, B, 50}, {B, C, 10}, {C, S, 5}};
  return tf_graph(NN, e, 5, labels);
}

static void test_directed(void **state) {
  (void)state;
  rf_graph *g = mk();
  uint32_t seed = S;
  rf_exposure e;
  rf_error err;
  rf_exposure_opts o = {.damping = 0.85};
  assert_int_equal(rf_network_exposure_compute(g, &seed, 1, &o, &e, &err), RF_OK);
  assert_true(e.converged);
  const double d = 0.85;
  assert_true(fabs(e.exposure_in[A] - 0.5) < 1e-12);
  assert_true(fabs(e.exposure_in[B] - d * 0.5) < 1e-12);
  assert_true(fabs(e.exposure_in[C] - d * d * 0.5) < 1e-12);
  assert_true(e.exposure_in[X] == 0 && e.exposure_in[D] == 0);
  assert_true(e.exposure_in[S] == 1 && e.is_seed[S]);
  assert_true(fabs(e.exposure_out[C] - 1) < 1e-12);
  assert_true(fabs(e.exposure_out[B] - d) < 1e-12);
  assert_true(fabs(e.exposure_out[A] - d * d) < 1e-12);
  assert_true(fabs(e.exposure_out[X] - d * d * d) < 1e-12);
  assert_int_equal(e.hops_from[A], 1);
  assert_int_equal(e.hops_from[B], 2);
  assert_int_equal(e.hops_from[C], 3);
  assert_int_equal(e.hops_from[X], RF_HOPS_NONE);
  assert_int_equal(e.hops_to[C], 1);
  assert_int_equal(e.hops_to[X], 4);
  assert_int_equal(e.hops_to[D], RF_HOPS_NONE);
  assert_int_equal(e.hops_from[S], 0);
  rf_network_exposure_free(&e);
  /* within 2 hops: paths of at most 2 arcs */
  o.max_hops = 2;
  assert_int_equal(rf_network_exposure_compute(g, &seed, 1, &o, &e, &err), RF_OK);
  assert_int_equal(e.hops_from[C], RF_HOPS_NONE);
  assert_int_equal(e.hops_from[B], 2);
  assert_true(e.exposure_in[C] == 0);
  assert_true(fabs(e.exposure_in[B] - d * 0.5) < 1e-12);
  assert_true(fabs(e.exposure_out[B] - d) < 1e-12);
  assert_true(e.exposure_out[X] == 0); /* X->A->B->C->S has 4 arcs */
  rf_network_exposure_free(&e);
  /* default damping is 0.85 */
  assert_int_equal(rf_network_exposure_compute(g, &seed, 1, NULL, &e, &err), RF_OK);
  assert_true(fabs(e.exposure_in[B] - 0.425) < 1e-12);
  rf_network_exposure_free(&e);
  tf_graph_free(g);
}

static void test_undirected(void **state) {
  (void)state;
  rf_graph *g = mk();
  uint32_t seed = S;
  rf_exposure e;
  rf_error err;
  rf_exposure_opts o = {.undirected = 1, .damping = 0.5};
  assert_int_equal(rf_network_exposure_compute(g, &seed, 1, &o, &e, &err), RF_OK);
  assert_int_equal(e.hops_from[X], 2);
  assert_int_equal(e.hops_from[C], 1);
  assert_int_equal(e.hops_from[B], 2);
  assert_int_equal(e.hops_to[X], 2);
  assert_int_equal(e.hops_from[D], RF_HOPS_NONE);
  assert_true(e.converged);
  /* fixed point: x(v) = sum w (seed ? 1 : d x(u)) / W(v) */
  double W[NN] = {0}, s[NN] = {0};
  for (uint32_t v = 0; v < NN; v++)
    for (uint64_t a = g->out_off[v]; a < g->out_off[v + 1]; a++) {
      uint32_t u = g->out_dst[a];
      double w = g->out_w[a];
      W[v] += w;
      W[u] += w;
      s[v] += w * (e.is_seed[u] ? 1 : 0.5 * e.exposure_in[u]);
      s[u] += w * (e.is_seed[v] ? 1 : 0.5 * e.exposure_in[v]);
    }
  for (uint32_t v = 0; v < NN; v++)
    if (!e.is_seed[v] && W[v] > 0) assert_true(fabs(e.exposure_in[v] - s[v] / W[v]) < 1e-8);
  assert_true(e.exposure_in[A] > 0.4 && e.exposure_in[A] < 0.6);
  assert_true(e.exposure_in[D] == 0);
  assert_true(e.exposure_in[C] == e.exposure_out[C]);
  rf_network_exposure_free(&e);
  tf_graph_free(g);
}

static void test_bad_input(void **state) {
  (void)state;
  rf_graph *g = mk();
  rf_exposure e;
  rf_error err;
  uint32_t seed = S, bad = 77;
  assert_int_equal(rf_network_exposure_compute(g, &seed, 0, NULL, &e, &err), RF_EINVAL);
  assert_int_equal(rf_network_exposure_compute(g, &bad, 1, NULL, &e, &err), RF_EINVAL);
  rf_exposure_opts o = {.damping = 1.5};
  assert_int_equal(rf_network_exposure_compute(g, &seed, 1, &o, &e, &err), RF_EINVAL);
  assert_non_null(strstr(err.msg, "damping"));
  rf_graph *empty = tf_graph(0, NULL, 0, NULL);
  assert_int_equal(rf_network_exposure_compute(empty, &seed, 1, NULL, &e, &err), RF_EEMPTY);
  tf_graph_free(empty);
  /* zero / negative amounts do not count toward exposure */
  tf_edge e2[] = {{0, 1, 10}, {2, 1, -10}, {3, 1, 0}};
  rf_graph *g2 = tf_graph(4, e2, 3, NULL);
  assert_int_equal(rf_network_exposure_compute(g2, &seed, 1, NULL, &e, &err), RF_OK);
  assert_true(fabs(e.exposure_in[1] - 1) < 1e-12);
  assert_int_equal(e.hops_from[1], 1);
  rf_network_exposure_free(&e);
  tf_graph_free(g2);
  /* damping 1 on a cycle still converges (monotone from 0) */
  tf_edge e3[] = {{0, 1, 1}, {1, 2, 1}, {2, 1, 1}, {3, 2, 1}};
  rf_graph *g3 = tf_graph(4, e3, 4, NULL);
  o.damping = 1;
  o.max_iter = 100000;
  assert_int_equal(rf_network_exposure_compute(g3, &seed, 1, &o, &e, &err), RF_OK);
  assert_true(e.converged);
  assert_true(e.exposure_in[1] > 0.5 && e.exposure_in[1] <= 1 + 1e-9);
  rf_network_exposure_free(&e);
  tf_graph_free(g3);
  tf_graph_free(g);
}

static char *slurp(const char *p) {
  FILE *fp = fopen(p, "r");
  assert_non_null(fp);
  static char buf[8192];
  size_t n = fread(buf, 1, sizeof buf - 1, fp);
  buf[n] = 0;
  fclose(fp);
  return buf;
}

static void test_write(void **state) {
  (void)state;
  rf_graph *g = mk();
  uint32_t seed = S;
  rf_exposure e;
  rf_error err;
  assert_int_equal(rf_network_exposure_compute(g, &seed, 1, NULL, &e, &err), RF_OK);
  char *p = tf_tmpfile("");
  assert_int_equal(rf_network_exposure_write(g, &e, p, 0, &err), RF_OK);
  char *s = slurp(p);
  assert_true(!strncmp(s,
                       "account,is_seed,hops_from_seed,hops_to_seed,exposure_in,exposure_out\n"
                       "S,1,0,0,1,1\n",
                       strlen("account,is_seed,hops_from_seed,hops_to_seed,exposure_in,exposure_out"
                              "\nS,1,0,0,1,1\n")));
  assert_non_null(strstr(s, "\nD,0,,,0,0\n")); /* unreachable: empty hops, listed last */
  assert_int_equal(rf_network_exposure_write(g, &e, p, 1, &err), RF_OK);
  s = slurp(p);
  assert_non_null(strstr(s, "{\"account\":\"D\",\"seed\":false,\"hops_from_seed\":null"));
  assert_int_equal(rf_network_exposure_write(g, &e, "/nonexistent/dir/x.csv", 0, &err), RF_EIO);
  unlink(p);
  free(p);
  rf_network_exposure_free(&e);
  tf_graph_free(g);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_directed),
      cmocka_unit_test(test_undirected),
      cmocka_unit_test(test_bad_input),
      cmocka_unit_test(test_write),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
