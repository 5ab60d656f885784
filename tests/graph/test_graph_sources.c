/* Graphs from transactions (rf_ingest formats) and from the sanctions lists'
 * "Linked To:" relations. */
#include "rf_test.h"
#include "redflag/graph.h"
#include "redflag/lists.h"

#include <stdio.h>
#include <stdlib.h>

static void test_amlsim(void **state) {
  (void)state;
  rf_graph_read_opts o = {0};
  o.format = RF_GRAPH_AMLSIM;
  o.directed = 1;
  o.weighted = 1;
  rf_graph_read_stats st;
  rf_graph *g;
  rf_error err;
  rf_status s = rf_graph_read(&g, RF_SHARED_DATA "/aml/amlsim/20K_cycle200", &o, &st, &err);
  if (s != RF_OK) fprintf(stderr, "%s\n", err.msg);
  assert_int_equal(s, RF_OK);
  assert_int_equal(g->directed, 1);
  assert_int_equal(st.rows, st.edges + st.rejected + st.skipped);
  assert_true(st.edges > 100000);
  /* every transaction is in exactly one merged arc */
  uint64_t cnt = 0;
  double w = 0;
  for (uint64_t a = 0; a < g->m; a++) {
    cnt += g->out_cnt[a];
    w += g->out_w[a];
    assert_true(g->out_tmin[a] <= g->out_tmax[a]);
    assert_true(g->out_w[a] > 0);
  }
  assert_int_equal(cnt + st.self_loops, st.edges);
  assert_int_equal(g->m + st.duplicates, st.edges - st.self_loops);
  assert_true(w > 0);
  assert_true(rf_graph_bytes(g) < 100u * g->m + 1000000);
  rf_graph_format f;
  assert_int_equal(rf_graph_format_sniff(RF_SHARED_DATA "/aml/amlsim/20K_cycle200", &f, NULL),
                   RF_OK);
  assert_int_equal(f, RF_GRAPH_AMLSIM);
  rf_graph_free(g);
}

static void test_sniff(void **state) {
  (void)state;
  rf_graph_format f;
  assert_int_equal(
      rf_graph_format_sniff(
          RF_SHARED_DATA "/networks/macdonald_criminal_networks/morselli_caviar.csv", &f, NULL),
      RF_OK);
  assert_int_equal(f, RF_GRAPH_MATRIX);
  assert_int_equal(
      rf_graph_format_sniff(
          RF_SHARED_DATA "/networks/cavallaro_montagna/Montagna_meetings_edgelist.csv", &f, NULL),
      RF_OK);
  assert_int_equal(f, RF_GRAPH_EDGELIST);
  rf_error err;
  assert_int_equal(rf_graph_format_sniff("/nonexistent/x.csv", &f, &err), RF_EIO);
  assert_non_null(strstr(err.msg, "/nonexistent/x.csv"));
  rf_graph *g;
  rf_graph_read_opts o = {0};
  assert_int_equal(rf_graph_read(&g, "/nonexistent/x.csv", &o, NULL, &err), RF_EIO);
}

static void test_lists(void **state) {
  (void)state;
  rf_lists *l;
  rf_error err;
  assert_int_equal(rf_lists_new(&l), RF_OK);
  rf_status s = rf_lists_load_dir(l, RF_SHARED_DATA "/ofac/watchman/sdn_2021-07", &err);
  if (s != RF_OK) fprintf(stderr, "%s\n", err.msg);
  assert_int_equal(s, RF_OK);
  rf_graph *g;
  size_t unresolved = 99;
  assert_int_equal(rf_graph_from_lists(&g, l, &unresolved, &err), RF_OK);
  assert_int_equal(g->directed, 0);
  assert_true(g->n >= rf_lists_count(l));
  assert_true(g->n <= rf_lists_count(l) + unresolved); /* repeated unknown names share a node */
  /* every entity with a resolvable "Linked To:" has an edge; count them */
  size_t linked = 0;
  for (size_t i = 0; i < rf_lists_count(l); i++) linked += rf_lists_get(l, i)->nlinked > 0;
  assert_true(linked > 0);
  assert_true(g->m > 0);
  /* node i is entity i */
  const rf_entity *e = rf_lists_get(l, 0);
  char lab[128];
  snprintf(lab, sizeof lab, "%s:%s", e->list, e->uid);
  assert_int_equal(rf_graph_find(g, lab), 0);
  rf_graph_free(g);
  rf_lists_free(l);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_amlsim),
      cmocka_unit_test(test_sniff),
      cmocka_unit_test(test_lists),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
