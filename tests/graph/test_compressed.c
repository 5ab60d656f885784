/* Graph module: edge lists and matrices compressed with gzip, xz or bzip2
 * read as the text they hold; corrupt or truncated compressed data is an
 * error naming the file. */
#include "rf_test.h"
#include "redflag/graph.h"

#include "rf_compress.h"

#include <unistd.h>

#define NET RF_SHARED_DATA "/networks/"

/* the graph read from path, as nodes / edges / total weight */
static void shape(const char *path, rf_graph_format f, uint32_t *n, uint64_t *m, double *w) {
  rf_graph_read_opts o = {0};
  o.format = f;
  o.weighted = 1;
  rf_graph *g = NULL;
  rf_graph_read_stats st;
  rf_error err = {0};
  assert_int_equal(rf_graph_read(&g, path, &o, &st, &err), RF_OK);
  *n = g->n;
  *m = g->m;
  *w = 0;
  for (uint64_t a = 0; a < g->m; a++) *w += g->out_w[a];
  rf_graph_free(g);
}

static void check_same(const char *plain, rf_graph_format f) {
  uint32_t n0, n1;
  uint64_t m0, m1;
  double w0, w1;
  shape(plain, f, &n0, &m0, &w0);
  assert_true(m0 > 0);
  blob raw = blob_read(plain);
  blob packed[3] = {blob_gz(raw.p, raw.n), blob_xz(raw.p, raw.n), blob_bz(raw.p, raw.n)};
  const char *ext[3] = {".gz", ".xz", ".bz2"};
  for (int k = 0; k < 3; k++) {
    char path[256];
    snprintf(path, sizeof path, "/tmp/rf_test_compressed_%d%s", (int)getpid(), ext[k]);
    blob_write(path, packed[k].p, packed[k].n);
    /* the format is found through the compression too */
    rf_graph_format sniffed = RF_GRAPH_RDA;
    rf_error err = {0};
    assert_int_equal(rf_graph_format_sniff(path, &sniffed, &err), RF_OK);
    assert_int_equal(sniffed, f);
    shape(path, f, &n1, &m1, &w1);
    assert_int_equal(n1, n0);
    assert_int_equal(m1, m0);
    assert_true(w1 == w0);
    /* truncated: an error naming the file, never a crash */
    rf_graph_read_opts o = {0};
    o.format = f;
    rf_graph *g = NULL;
    rf_graph_read_stats st;
    assert_int_equal(
        rf_graph_read_mem(&g, (const char *)packed[k].p, packed[k].n / 2, "half", &o, &st, &err),
        RF_EPARSE);
    assert_non_null(strstr(err.msg, "half: "));
    assert_non_null(strstr(err.msg, "corrupt or truncated"));
    remove(path);
    free(packed[k].p);
  }
  free(raw.p);
}

static void test_compressed_edgelist(void **state) {
  (void)state;
  check_same(NET "cavallaro_montagna/Montagna_meetings_edgelist.csv", RF_GRAPH_EDGELIST);
}

static void test_compressed_matrix(void **state) {
  (void)state;
  check_same(NET "macdonald_criminal_networks/NDRANGHETAMAFIA_2M.csv", RF_GRAPH_MATRIX);
  check_same(NET "macdonald_criminal_networks/morselli_caviar.csv", RF_GRAPH_MATRIX);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_compressed_edgelist),
      cmocka_unit_test(test_compressed_matrix),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
