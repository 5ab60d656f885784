/* Graph module: igraph objects saved by R (.rda / .rds), on the small
 * fixtures tests/graph/make_rda.R wrote with R 4.2 and igraph 1.3. The
 * expected counts are what R printed for them (vertices, edges, sum of
 * weights): meetings 7 5 11, phone 3 2 6, the directed graph 4 4 11, the
 * 2-mode graph 6 6 6. */
#include "rf_test.h"
#include "redflag/graph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIX RF_SOURCE_DIR "/tests/graph/data/"

typedef struct notes {
  int n;
  char last[1100];
} notes;

static void on_note(void *ctx, const rf_error *e) {
  notes *s = ctx;
  s->n++;
  snprintf(s->last, sizeof s->last, "%s", e->msg);
}

static rf_status read_rda(const char *path, const char *object, rf_graph **g,
                          rf_graph_read_stats *st, notes *nt, rf_error *err) {
  rf_graph_read_opts o = {0};
  o.format = RF_GRAPH_RDA;
  o.weighted = 1;
  o.object = object;
  o.on_reject = on_note;
  o.ctx = nt;
  return rf_graph_read(g, path, &o, st, err);
}

static double weight_sum(const rf_graph *g) {
  double s = 0;
  for (uint64_t a = 0; a < g->m; a++) s += g->out_w[a];
  return g->directed ? s : s / 2; /* an undirected graph stores both arcs */
}

static int64_t arc(const rf_graph *g, const char *u, const char *v) {
  int64_t a = rf_graph_find(g, u), b = rf_graph_find(g, v);
  if (a < 0 || b < 0) return -1;
  for (uint64_t k = g->out_off[a]; k < g->out_off[a + 1]; k++)
    if (g->out_dst[k] == (uint32_t)b) return (int64_t)k;
  return -1;
}

static void expect(const char *file, const char *object, uint32_t n, uint64_t edges, double w,
                   int directed) {
  rf_graph *g = NULL;
  rf_graph_read_stats st;
  notes nt = {0};
  rf_error err = {0};
  assert_int_equal(read_rda(file, object, &g, &st, &nt, &err), RF_OK);
  assert_int_equal(g->n, n);
  assert_int_equal(g->directed, directed);
  assert_int_equal(g->directed ? g->m : g->m / 2, edges);
  assert_true(weight_sum(g) == w);
  assert_int_equal(st.rows, st.edges + st.rejected);
  rf_graph_free(g);
}

static void test_rda_named_list(void **state) {
  (void)state;
  /* one element of a named list, by name, by full name and by position */
  expect(FIX "two_named.rda", "meetings", 7, 5, 11, 0);
  expect(FIX "two_named.rda", "Mafia_like$meetings", 7, 5, 11, 0);
  expect(FIX "two_named.rda", "2", 3, 2, 6, 0);
  expect(FIX "two_named.rda", "phone", 3, 2, 6, 0);
  /* labels and weights come from the vertex "name" and edge "weight" attributes */
  rf_graph *g = NULL;
  rf_graph_read_stats st;
  notes nt = {0};
  rf_error err = {0};
  assert_int_equal(read_rda(FIX "two_named.rda", "meetings", &g, &st, &nt, &err), RF_OK);
  int64_t a = arc(g, "N2", "N3");
  assert_true(a >= 0);
  assert_true(g->out_w[a] == 3.0);
  assert_true(rf_graph_find(g, "N7") >= 0); /* an isolated vertex is kept */
  assert_int_equal(nt.n, 0);
  rf_graph_free(g);
  /* no selection: both graphs as one, and a note naming them */
  nt.n = 0;
  assert_int_equal(read_rda(FIX "two_named.rda", NULL, &g, &st, &nt, &err), RF_OK);
  assert_int_equal(g->n, 7);
  assert_int_equal(g->m / 2, 7);
  assert_true(weight_sum(g) == 17.0);
  assert_int_equal(nt.n, 1);
  assert_non_null(strstr(nt.last, "Mafia_like$meetings, Mafia_like$phone"));
  rf_graph_free(g);
}

static void test_rda_compressions(void **state) {
  (void)state;
  expect(FIX "single_gzip.rda", NULL, 4, 4, 11, 1); /* gzip, directed, no vertex names */
  expect(FIX "plain.rda", NULL, 7, 5, 11, 0);       /* uncompressed */
  expect(FIX "one.rds", NULL, 7, 5, 11, 0);         /* saveRDS: no RDX header */
  expect(FIX "version2.rda", NULL, 7, 5, 11, 0);    /* serialisation version 2 */
  /* a workspace: compiled functions, a namespace, a data frame, an environment */
  expect(FIX "workspace.rda", NULL, 6, 5, 5, 0);
  expect(FIX "phases_bzip2.rda", "3", 3, 1, 1, 0); /* bzip2, unnamed list */
  expect(FIX "phases_bzip2.rda", "phases[[1]]", 4, 4, 4, 0);
  rf_graph *g = NULL;
  rf_graph_read_stats st;
  notes nt = {0};
  rf_error err = {0};
  assert_int_equal(read_rda(FIX "single_gzip.rda", NULL, &g, &st, &nt, &err), RF_OK);
  /* R numbers vertices from 1 */
  int64_t a = arc(g, "3", "4");
  assert_true(a >= 0);
  assert_true(g->out_w[a] == 7.0);
  rf_graph_free(g);
  /* numeric vertex names are written as numbers */
  assert_int_equal(read_rda(FIX "numeric_names.rda", "g", &g, &st, &nt, &err), RF_OK);
  assert_true(arc(g, "101", "303") >= 0);
  rf_graph_free(g);
}

static void test_rda_two_mode(void **state) {
  (void)state;
  /* people P1-P4 at events E1 (P1, P2, P3; P1 listed twice) and E2 (P3, P4):
   * projected onto the people, a tie per shared event, the double counted
   * once (R's bipartite_projection gives P1--P2 weight 2 for it) */
  rf_graph *g = NULL;
  rf_graph_read_stats st;
  notes nt = {0};
  rf_error err = {0};
  assert_int_equal(read_rda(FIX "two_mode.rda", NULL, &g, &st, &nt, &err), RF_OK);
  assert_int_equal(g->n, 4);
  assert_int_equal(g->m / 2, 4);
  assert_true(weight_sum(g) == 4.0);
  assert_true(arc(g, "P1", "P3") >= 0 && arc(g, "P3", "P4") >= 0 && arc(g, "P1", "P4") < 0);
  assert_int_equal(rf_graph_find(g, "E1"), -1);
  assert_int_equal(st.rows, 6);
  assert_int_equal(st.rows, st.edges + st.rejected + st.skipped);
  assert_non_null(strstr(nt.last, "2-mode"));
  rf_graph_free(g);
  /* both modes kept */
  rf_graph_read_opts o = {0};
  o.format = RF_GRAPH_RDA;
  o.bipartite = 1;
  assert_int_equal(rf_graph_read(&g, FIX "two_mode.rda", &o, &st, &err), RF_OK);
  assert_int_equal(g->n, 6);
  assert_int_equal(g->m / 2, 5);
  assert_true(arc(g, "P1", "E1") >= 0);
  rf_graph_free(g);
}

static void test_rda_path_and_sniff(void **state) {
  (void)state;
  rf_graph_format f = RF_GRAPH_EDGELIST;
  rf_error err = {0};
  assert_int_equal(rf_graph_format_sniff(FIX "two_named.rda", &f, &err), RF_OK);
  assert_int_equal(f, RF_GRAPH_RDA);
  assert_int_equal(rf_graph_format_sniff(FIX "two_named.rda:phone", &f, &err), RF_OK);
  assert_int_equal(f, RF_GRAPH_RDA);
  assert_int_equal(rf_graph_format_sniff(FIX "one.rds", &f, &err), RF_OK);
  assert_int_equal(f, RF_GRAPH_RDA);
  assert_int_equal(rf_graph_format_parse("rda", &f), RF_OK);
  assert_int_equal(f, RF_GRAPH_RDA);
  /* FILE:NAME picks the graph */
  expect(FIX "two_named.rda:phone", NULL, 3, 2, 6, 0);
  expect(FIX "two_named.rda:1", NULL, 7, 5, 11, 0);
}

static void test_rda_bad_input(void **state) {
  (void)state;
  rf_graph *g = NULL;
  rf_graph_read_stats st;
  notes nt = {0};
  rf_error err = {0};
  assert_int_equal(read_rda(FIX "no_graph.rda", NULL, &g, &st, &nt, &err), RF_ENOTFOUND);
  assert_non_null(strstr(err.msg, "no igraph object"));
  assert_int_equal(read_rda(FIX "two_named.rda", "nope", &g, &st, &nt, &err), RF_ENOTFOUND);
  assert_non_null(strstr(err.msg, "1=Mafia_like$meetings, 2=Mafia_like$phone"));
  /* every truncation of each file (uncompressed, gzip, xz, bzip2): an error, never a crash */
  const char *files[] = {FIX "plain.rda", FIX "single_gzip.rda", FIX "two_named.rda",
                         FIX "phases_bzip2.rda", FIX "workspace.rda"};
  for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
    FILE *fp = fopen(files[k], "rb");
    assert_non_null(fp);
    char buf[4096];
    size_t len = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    rf_graph_read_opts o = {0};
    o.format = RF_GRAPH_RDA;
    for (size_t cut = 0; cut < len; cut++) {
      rf_status s = rf_graph_read_mem(&g, buf, cut, "cut", &o, &st, &err);
      assert_int_not_equal(s, RF_OK);
      assert_non_null(strstr(err.msg, "cut"));
    }
    /* flipped bytes: an error or a graph, never a crash */
    for (size_t i = 0; i < len; i += 3) {
      buf[i] ^= 0x5a;
      if (rf_graph_read_mem(&g, buf, len, "flip", &o, &st, &err) == RF_OK) rf_graph_free(g);
      buf[i] ^= 0x5a;
    }
  }
  /* not R data at all */
  rf_graph_read_opts o = {0};
  o.format = RF_GRAPH_RDA;
  assert_int_equal(rf_graph_read_mem(&g, "a,b\n", 4, "text", &o, &st, &err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "not R data"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rda_named_list), cmocka_unit_test(test_rda_compressions),
      cmocka_unit_test(test_rda_two_mode),   cmocka_unit_test(test_rda_path_and_sniff),
      cmocka_unit_test(test_rda_bad_input),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
