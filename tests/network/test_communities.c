/* Communities and roles: two cliques joined through a bridge account;
 * collector / distributor / intermediary on a small money graph; ranking;
 * bad input; writers. */
#include "rf_test.h"
#include "redflag/network_flow.h"
#include "test_flow_fixture.h"

#include <math.h>
#include <unistd.h>

/* clique 0..4, clique 5..9 (both directions, weight 10), 10 joins 0 and 5 */
static rf_graph *two_cliques(void) {
  tf_edge e[64];
  size_t m = 0;
  for (uint32_t base = 0; base <= 5; base += 5)
    for (uint32_t i = 0; i < 5; i++)
      for (uint32_t j = 0; j < 5; j++)
        if (i != j) e[m++] = (tf_edge){base + i, base + j, 10};
  e[m++] = (tf_edge){0, 10, 1};
  e[m++] = (tf_edge){10, 5, 1};
  return tf_graph(11, e, m, NULL);
}

static void check_cliques(rf_community_method method) {
  rf_graph *g = two_cliques();
  rf_communities c;
  rf_error err;
  rf_communities_opts o = {.method = method, .seed = 7};
  assert_int_equal(rf_network_communities_compute(g, &o, &c, &err), RF_OK);
  assert_true(c.ncomm >= 2);
  for (uint32_t i = 1; i < 5; i++) {
    assert_int_equal(c.membership[i], c.membership[0]);
    assert_int_equal(c.membership[5 + i], c.membership[5]);
  }
  assert_int_not_equal(c.membership[0], c.membership[5]);
  assert_true(c.modularity > 0.3);
  assert_int_equal(c.role[10], RF_ROLE_BRIDGE);
  assert_true(c.betweenness_exact);
  /* betweenness normalised: 10 sits on all 25 cross pairs of 45 */
  assert_true(fabs(c.betweenness[10] - 25.0 / 45.0) < 1e-9);
  /* offsets partition the accounts; sizes non-increasing */
  assert_int_equal(c.comm_off[c.ncomm], 11);
  for (uint32_t k = 0; k + 1 < c.ncomm; k++)
    assert_true(c.comm_off[k + 1] - c.comm_off[k] >= c.comm_off[k + 2] - c.comm_off[k + 1]);
  for (uint32_t k = 0; k < c.ncomm; k++)
    for (uint32_t i = c.comm_off[k]; i < c.comm_off[k + 1]; i++)
      assert_int_equal(c.membership[c.comm_members[i]], k);
  rf_network_communities_free(&c);
  tf_graph_free(g);
}

static void test_cliques_louvain(void **state) {
  (void)state;
  check_cliques(RF_COMM_LOUVAIN);
}

static void test_betweenness_sampled(void **state) {
  (void)state;
  rf_graph *g = two_cliques();
  double ex[11], est[11];
  uint32_t used;
  rf_error err;
  assert_int_equal(rf_network_betweenness_undirected(g, -1, 0, ex, &used, &err), RF_OK);
  assert_int_equal(used, 11);
  assert_true(fabs(ex[10] - 25.0 / 45.0) < 1e-9);
  assert_true(fabs(ex[1]) < 1e-12); /* inside a clique: on no shortest path */
  /* all sources "sampled" = exact */
  assert_int_equal(rf_network_betweenness_undirected(g, 11, 3, est, &used, &err), RF_OK);
  for (int v = 0; v < 11; v++) assert_true(fabs(est[v] - ex[v]) < 1e-9);
  assert_int_equal(rf_network_betweenness_undirected(g, 4, 3, est, &used, &err), RF_OK);
  assert_int_equal(used, 4);
  for (int v = 0; v < 11; v++) assert_true(est[v] >= 0 && isfinite(est[v]));
  assert_true(fabs(est[1]) < 1e-12);
  tf_graph_free(g);
}

static void test_cliques_leiden(void **state) {
  (void)state;
  check_cliques(RF_COMM_LEIDEN);
}

static void test_roles(void **state) {
  (void)state;
  /* 1,2,3 -> 0 (collector); 4 -> 5,6,7 (distributor); 8 -> 9 -> 10 with 9
   * passing on 95 of 100 (intermediary); 11 receives 60, sends 40 (mixed);
   * 12 isolated */
  tf_edge e[] = {{1, 0, 100}, {2, 0, 80},  {3, 0, 90},  {4, 5, 50},  {4, 6, 50},
                 {4, 7, 50},  {8, 9, 100}, {9, 10, 95}, {5, 11, 60}, {11, 6, 40}};
  rf_graph *g = tf_graph(13, e, 10, NULL);
  rf_communities c;
  rf_error err;
  rf_communities_opts o = {.bridge_quantile = 0.0001}; /* at most 1 bridge */
  assert_int_equal(rf_network_communities_compute(g, &o, &c, &err), RF_OK);
  assert_int_equal(c.role[0], RF_ROLE_COLLECTOR);
  assert_true(fabs(c.in_flow[0] - 270) < 1e-9);
  assert_true(fabs(c.score[0] - 270) < 1e-9);
  assert_int_equal(c.role[4], RF_ROLE_DISTRIBUTOR);
  assert_int_equal(c.role[9], RF_ROLE_INTERMEDIARY);
  assert_true(fabs(c.score[9] - 95) < 1e-9);
  assert_int_equal(c.role[12], RF_ROLE_ISOLATED);
  assert_int_equal(c.role[1], RF_ROLE_DISTRIBUTOR); /* pays out only */
  assert_int_equal(c.role[10], RF_ROLE_COLLECTOR);
  int mixed_or_bridge = c.role[11] == RF_ROLE_MIXED || c.role[11] == RF_ROLE_BRIDGE;
  assert_true(mixed_or_bridge);
  /* the collector heads its community's ranking (largest volume) */
  uint32_t k = c.membership[0];
  assert_int_equal(c.comm_members[c.comm_off[k]], 0);
  assert_string_equal(rf_role_str(RF_ROLE_INTERMEDIARY), "intermediary");
  /* writers */
  char *p = tf_tmpfile("");
  assert_int_equal(rf_network_communities_write(g, &c, p, 0, 0, &err), RF_OK);
  FILE *fp = fopen(p, "r");
  char line[256];
  assert_non_null(fgets(line, sizeof line, fp));
  assert_string_equal(line, "community,rank,account,role,score,in_flow,out_flow,betweenness\n");
  int rows = 0;
  while (fgets(line, sizeof line, fp)) rows++;
  fclose(fp);
  assert_int_equal(rows, 13);
  assert_int_equal(rf_network_communities_write(g, &c, p, 1, 2, &err), RF_OK);
  fp = fopen(p, "r");
  char buf[8192];
  size_t n = fread(buf, 1, sizeof buf - 1, fp);
  buf[n] = 0;
  fclose(fp);
  assert_non_null(strstr(buf, "\"role\":\"collector\""));
  assert_non_null(strstr(buf, "\"modularity\":"));
  unlink(p);
  free(p);
  rf_network_communities_free(&c);
  tf_graph_free(g);
}

static void test_undirected_roles(void **state) {
  (void)state;
  rf_graph *g = two_cliques();
  g->directed = 0; /* every tie already stored both ways except the bridge's */
  rf_communities c;
  rf_error err;
  assert_int_equal(rf_network_communities_compute(g, NULL, &c, &err), RF_OK);
  assert_int_equal(c.role[10], RF_ROLE_BRIDGE);
  assert_int_equal(c.role[1], RF_ROLE_MEMBER);
  assert_string_equal(rf_role_str(RF_ROLE_MEMBER), "member");
  rf_network_communities_free(&c);
  tf_graph_free(g);
}

static void test_bad_input(void **state) {
  (void)state;
  rf_communities c;
  rf_error err;
  rf_graph *g = tf_graph(0, NULL, 0, NULL);
  assert_int_equal(rf_network_communities_compute(g, NULL, &c, &err), RF_EEMPTY);
  tf_graph_free(g);
  /* no arcs at all: every account its own community, all isolated */
  g = tf_graph(3, NULL, 0, NULL);
  assert_int_equal(rf_network_communities_compute(g, NULL, &c, &err), RF_OK);
  assert_int_equal(c.ncomm, 3);
  for (int v = 0; v < 3; v++) assert_int_equal(c.role[v], RF_ROLE_ISOLATED);
  rf_network_communities_free(&c);
  tf_graph_free(g);
  /* self loops and non-positive amounts only */
  tf_edge e[] = {{0, 0, 5}, {0, 1, -3}, {1, 2, 0}};
  g = tf_graph(3, e, 3, NULL);
  assert_int_equal(rf_network_communities_compute(g, NULL, &c, &err), RF_OK);
  for (int v = 0; v < 3; v++) assert_true(c.in_flow[v] == 0 && c.out_flow[v] == 0);
  rf_network_communities_free(&c);
  tf_graph_free(g);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cliques_louvain),     cmocka_unit_test(test_cliques_leiden),
      cmocka_unit_test(test_betweenness_sampled), cmocka_unit_test(test_roles),
      cmocka_unit_test(test_undirected_roles),    cmocka_unit_test(test_bad_input),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
