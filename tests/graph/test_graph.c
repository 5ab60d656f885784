/* Graph module: builder merging, edge-list and matrix readers, bad input. */
#include "rf_test.h"
#include "redflag/graph.h"

#include <stdio.h>
#include <stdlib.h>

#define NET RF_SHARED_DATA "/networks/"

static int64_t find_arc(const rf_graph *g, const char *u, const char *v) {
  int64_t a = rf_graph_find(g, u), b = rf_graph_find(g, v);
  if (a < 0 || b < 0) return -1;
  for (uint64_t k = g->out_off[a]; k < g->out_off[a + 1]; k++)
    if (g->out_dst[k] == (uint32_t)b) return (int64_t)k;
  return -1;
}

static void check_csr(const rf_graph *g) {
  assert_int_equal(g->out_off[g->n], g->m);
  assert_int_equal(g->in_off[g->n], g->m);
  for (uint32_t v = 0; v < g->n; v++) {
    for (uint64_t a = g->out_off[v]; a < g->out_off[v + 1]; a++) {
      assert_true(g->out_dst[a] < g->n);
      if (a > g->out_off[v]) assert_true(g->out_dst[a] > g->out_dst[a - 1]);
    }
    for (uint64_t a = g->in_off[v]; a < g->in_off[v + 1]; a++) {
      uint64_t arc = g->in_arc[a];
      assert_int_equal(g->out_dst[arc], v);
      assert_true(arc >= g->out_off[g->in_src[a]] && arc < g->out_off[g->in_src[a] + 1]);
    }
  }
}

static void test_builder_merge(void **state) {
  (void)state;
  rf_graph_builder *b;
  assert_int_equal(rf_graph_builder_new(&b, 1), RF_OK);
  assert_int_equal(rf_graph_builder_node(b, "iso"), 0);
  assert_int_equal(rf_graph_builder_edge(b, "a", "b", 10, 100), RF_OK);
  assert_int_equal(rf_graph_builder_edge(b, "a", "b", 5, 50), RF_OK);
  assert_int_equal(rf_graph_builder_edge(b, "b", "a", 1, 70), RF_OK);
  assert_int_equal(rf_graph_builder_edge(b, "a", "a", 1, 70), RF_OK);
  assert_int_equal(rf_graph_builder_edge(b, "a", "c", 2, 0), RF_OK);
  rf_graph *g;
  rf_error err;
  assert_int_equal(rf_graph_builder_finish(b, &g, 0, &err), RF_OK);
  assert_int_equal(g->n, 4);
  assert_int_equal(g->m, 3);
  assert_int_equal(g->merged, 1);
  assert_int_equal(g->dropped_loops, 1);
  check_csr(g);
  int64_t a = find_arc(g, "a", "b");
  assert_true(a >= 0);
  assert_true(g->out_w[a] == 15.0);
  assert_int_equal(g->out_cnt[a], 2);
  assert_int_equal(g->out_tmin[a], 50);
  assert_int_equal(g->out_tmax[a], 100);
  assert_int_equal(rf_graph_outdeg(g, (uint32_t)rf_graph_find(g, "iso")), 0);
  assert_int_equal(rf_graph_indeg(g, (uint32_t)rf_graph_find(g, "a")), 1);
  assert_string_equal(rf_graph_label(g, 0), "iso");
  assert_int_equal(rf_graph_find(g, "zz"), -1);
  rf_graph *u;
  assert_int_equal(rf_graph_undirected(g, &u, &err), RF_OK);
  assert_int_equal(u->m, 4);
  check_csr(u);
  a = find_arc(u, "b", "a");
  assert_true(a >= 0 && u->out_w[a] == 16.0 && u->out_cnt[a] == 3);
  rf_graph_free(u);
  rf_graph_free(g);
}

static void test_builder_undirected_last(void **state) {
  (void)state;
  rf_graph_builder *b;
  assert_int_equal(rf_graph_builder_new(&b, 0), RF_OK);
  rf_graph_builder_set_merge(b, RF_GRAPH_MERGE_LAST);
  rf_graph_builder_edge(b, "x", "y", 3, 0);
  rf_graph_builder_edge(b, "y", "x", 7, 0);
  rf_graph_builder_edge(b, "x", "z", 2, 0);
  rf_graph *g;
  assert_int_equal(rf_graph_builder_finish(b, &g, 0, NULL), RF_OK);
  assert_int_equal(g->m, 4);
  assert_int_equal(g->merged, 1);
  assert_true(g->out_w[find_arc(g, "x", "y")] == 7.0);
  assert_true(g->out_w[find_arc(g, "y", "x")] == 7.0);
  check_csr(g);
  rf_graph_free(g);
}

static void test_empty(void **state) {
  (void)state;
  rf_graph_builder *b;
  assert_int_equal(rf_graph_builder_new(&b, 0), RF_OK);
  rf_graph *g;
  assert_int_equal(rf_graph_builder_finish(b, &g, 0, NULL), RF_OK);
  assert_int_equal(g->n, 0);
  assert_int_equal(g->m, 0);
  rf_graph_free(g);
  rf_graph_read_opts o = {0};
  rf_graph_read_stats st;
  assert_int_equal(rf_graph_read_mem(&g, "", 0, "empty", &o, &st, NULL), RF_OK);
  assert_int_equal(g->n, 0);
  rf_graph_free(g);
  o.format = RF_GRAPH_MATRIX;
  assert_int_equal(rf_graph_read_mem(&g, "\xEF\xBB\xBF", 3, "bom", &o, &st, NULL), RF_OK);
  assert_int_equal(g->n, 0);
  rf_graph_free(g);
}

static void test_montagna(void **state) {
  (void)state;
  rf_graph_read_opts o = {0};
  o.weighted = 1;
  rf_graph_read_stats st;
  rf_graph *g;
  rf_error err;
  assert_int_equal(
      rf_graph_read(&g, NET "cavallaro_montagna/Montagna_meetings_edgelist.csv", &o, &st, &err),
      RF_OK);
  assert_int_equal(g->n, 101);
  assert_int_equal(g->m, 2 * 256);
  assert_int_equal(st.rows, 289);
  assert_int_equal(st.edges, 289);
  assert_int_equal(st.duplicates, 289 - 256);
  assert_int_equal(st.rejected, 0);
  check_csr(g);
  rf_graph_free(g);
  /* same graph with a header, BOM and N-prefixed labels */
  assert_int_equal(
      rf_graph_read(&g, NET "macdonald_r2ergm_montagna/montagna_meetings.csv", &o, &st, &err),
      RF_OK);
  assert_int_equal(g->n, 101);
  assert_true(rf_graph_find(g, "N0") >= 0);
  assert_int_equal(rf_graph_find(g, "source"), -1);
  rf_graph_free(g);
  /* CR line ends */
  assert_int_equal(
      rf_graph_read(&g, NET "macdonald_r2ergm_montagna/montagna_sightings.csv", &o, &st, &err),
      RF_OK);
  assert_true(st.rows > 30);
  assert_int_equal(st.rejected, 0);
  assert_true(rf_graph_find(g, "N94") >= 0);
  rf_graph_free(g);
}

typedef struct msgs {
  int n;
  char last[1024];
} msgs;
static void on_reject(void *ctx, const rf_error *e) {
  msgs *m = ctx;
  m->n++;
  snprintf(m->last, sizeof m->last, "%s", e->msg);
}

static void test_header_detection(void **state) {
  (void)state;
  rf_graph_read_opts o = {0};
  rf_graph_read_stats st;
  rf_graph *g;
  const char *t1 = "a b\nb c\n"; /* single letters: data, not a header */
  assert_int_equal(rf_graph_read_mem(&g, t1, strlen(t1), "t1", &o, &st, NULL), RF_OK);
  assert_int_equal(st.rows, 2);
  assert_int_equal(g->n, 3);
  rf_graph_free(g);
  const char *t2 = "Source;Target\nx;y\n"; /* semicolons, named header */
  assert_int_equal(rf_graph_read_mem(&g, t2, strlen(t2), "t2", &o, &st, NULL), RF_OK);
  assert_int_equal(st.rows, 1);
  assert_int_equal(rf_graph_find(g, "Source"), -1);
  rf_graph_free(g);
  const char *t3 = "\"Smith, J\",\"Doe, A\",3\n"; /* quoted labels with commas */
  o.weighted = 1;
  assert_int_equal(rf_graph_read_mem(&g, t3, strlen(t3), "t3", &o, &st, NULL), RF_OK);
  assert_true(rf_graph_find(g, "Smith, J") >= 0);
  assert_true(g->out_w[0] == 3);
  rf_graph_free(g);
}

static void test_bad_edgelist(void **state) {
  (void)state;
  const char *txt = "\xEF\xBB\xBF"
                    "from\tto\tweight\r\n"
                    "a\tb\t2\r\n"
                    "a\ta\t1\r\n"
                    "b\tc\t0\r\n"
                    "c\td\t-3\r\n"
                    "c\td\tabc\r\n"
                    "lonely\r\n"
                    "\r\n"
                    "# comment\r\n"
                    "b\ta\t5\r";
  msgs m = {0};
  rf_graph_read_opts o = {0};
  o.weighted = 1;
  o.on_reject = on_reject;
  o.ctx = &m;
  rf_graph_read_stats st;
  rf_graph *g;
  rf_error err;
  assert_int_equal(rf_graph_read_mem(&g, txt, strlen(txt), "bad.tsv", &o, &st, &err), RF_OK);
  assert_int_equal(st.rows, 7);
  assert_int_equal(st.rejected, 4);
  assert_int_equal(st.edges + st.rejected, st.rows);
  assert_int_equal(st.nonpositive, 2);
  assert_int_equal(st.self_loops, 1);
  assert_int_equal(st.duplicates, 1);
  assert_int_equal(m.n, 4);
  assert_non_null(strstr(m.last, "bad.tsv:7:"));
  assert_int_equal(g->m, 2); /* a--b both ways; self loop dropped */
  assert_true(g->out_w[find_arc(g, "a", "b")] == 7.0);
  rf_graph_free(g);
  /* unweighted ignores the weight column */
  o.weighted = 0;
  m.n = 0;
  assert_int_equal(rf_graph_read_mem(&g, txt, strlen(txt), "bad.tsv", &o, &st, &err), RF_OK);
  assert_int_equal(st.rejected, 1);
  assert_int_equal(g->n, 4); /* a b c d; "lonely" is not a node */
  rf_graph_free(g);
}

static void test_matrix(void **state) {
  (void)state;
  rf_graph_read_opts o = {0};
  o.format = RF_GRAPH_MATRIX;
  o.directed = 1;
  o.weighted = 1;
  rf_graph_read_stats st;
  rf_graph *g;
  rf_error err;
  assert_int_equal(
      rf_graph_read(&g, NET "macdonald_criminal_networks/morselli_caviar.csv", &o, &st, &err),
      RF_OK);
  assert_int_equal(g->n, 110);
  assert_int_equal(g->m, 295);
  assert_int_equal(st.rejected, 0);
  check_csr(g);
  rf_graph_free(g);
  /* 2-mode: projected onto the 156 people */
  o.directed = 0;
  assert_int_equal(
      rf_graph_read(&g, NET "macdonald_criminal_networks/NDRANGHETAMAFIA_2M.csv", &o, &st, &err),
      RF_OK);
  assert_int_equal(g->n, 156);
  assert_true(g->m > 0);
  check_csr(g);
  rf_graph_free(g);
  o.bipartite = 1;
  assert_int_equal(
      rf_graph_read(&g, NET "macdonald_criminal_networks/NDRANGHETAMAFIA_2M.csv", &o, &st, &err),
      RF_OK);
  assert_int_equal(g->n, 156 + 47);
  rf_graph_free(g);
}

static void test_bad_matrix(void **state) {
  (void)state;
  const char *txt = ",a,b,c\na,0,1,1\nb,1,0\nc,1,x,0\nc,1,1,1\nd,1,0,0,\n";
  msgs m = {0};
  rf_graph_read_opts o = {0};
  o.format = RF_GRAPH_MATRIX;
  o.on_reject = on_reject;
  o.ctx = &m;
  rf_graph_read_stats st;
  rf_graph *g;
  assert_int_equal(rf_graph_read_mem(&g, txt, strlen(txt), "m.csv", &o, &st, NULL), RF_OK);
  assert_int_equal(st.rows, 5);
  assert_int_equal(st.rejected, 3); /* ragged b, non-numeric c, ragged d */
  assert_int_equal(st.self_loops, 1);
  assert_true(m.n >= 3);
  assert_int_equal(g->n, 3);
  assert_int_equal(g->m, 6); /* a-b a-c c-b, undirected */
  rf_graph_free(g);
}

/* labels that are not UTF-8 (Latin-1 exports) are read as Windows-1252,
 * counted, and reported once per file with line and field */
static void test_latin1_labels(void **state) {
  (void)state;
  rf_graph_read_opts o = {0};
  msgs mm = {0};
  o.on_reject = on_reject;
  o.ctx = &mm;
  rf_graph_read_stats st;
  rf_graph *g;
  const char *el = "Jos\xe9 Pe\xf1"
                   "a,Mar\xed"
                   "a\nMar\xed"
                   "a,Ana\nAna,Jos\xe9 Pe\xf1"
                   "a\n";
  assert_int_equal(rf_graph_read_mem(&g, el, strlen(el), "el", &o, &st, NULL), RF_OK);
  assert_int_equal(st.rows, 3);
  assert_int_equal(st.edges, 3);
  assert_int_equal(st.recoded, 4);
  assert_int_equal(g->n, 3);
  assert_true(rf_graph_find(g, "Jos\xc3\xa9 Pe\xc3\xb1"
                               "a") >= 0);
  assert_true(rf_graph_find(g, "Mar\xc3\xad"
                               "a") >= 0);
  assert_int_equal(mm.n, 1);
  assert_non_null(strstr(mm.last, "el:1: field source"));
  assert_non_null(strstr(mm.last, "Windows-1252"));
  for (uint32_t v = 0; v < g->n; v++) {
    const char *l = rf_graph_label(g, v);
    assert_true(rf_utf8_valid(l, strlen(l)));
  }
  rf_graph_free(g);
  /* matrix: column and row labels */
  o.format = RF_GRAPH_MATRIX;
  mm.n = 0;
  const char *mx = ",Jos\xe9,Ana\nJos\xe9,0,1\nAna,1,0\n";
  assert_int_equal(rf_graph_read_mem(&g, mx, strlen(mx), "mx", &o, &st, NULL), RF_OK);
  assert_int_equal(g->n, 2);
  assert_true(rf_graph_find(g, "Jos\xc3\xa9") >= 0);
  assert_int_equal(st.recoded, 2);
  assert_int_equal(mm.n, 1);
  assert_non_null(strstr(mm.last, "mx:1: field column label"));
  rf_graph_free(g);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_builder_merge), cmocka_unit_test(test_builder_undirected_last),
      cmocka_unit_test(test_empty),         cmocka_unit_test(test_montagna),
      cmocka_unit_test(test_bad_edgelist),  cmocka_unit_test(test_header_detection),
      cmocka_unit_test(test_matrix),        cmocka_unit_test(test_bad_matrix),
      cmocka_unit_test(test_latin1_labels),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
