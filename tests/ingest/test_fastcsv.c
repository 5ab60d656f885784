/* The readers' fast CSV splitter against the core rf_csv reader: same records
 * and line numbers on random valid CSV (quotes, embedded newlines, CRLF,
 * buffer boundaries), plus its error paths. */
#include "rf_test.h"
#include "ingest/ingest_i.h"

#include <stdlib.h>
#include <unistd.h>

static uint64_t rng = 88172645463325252ULL;
static unsigned rnd(unsigned n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng % n);
}

/* Random CSV text: records of random fields, quoted when needed. */
static void make_csv(rf_buf *b, int nrec, int maxlen) {
  static const char alpha[] = "ab,\" \n\r\t9.";
  for (int r = 0; r < nrec; r++) {
    int nf = 1 + (int)rnd(6);
    for (int f = 0; f < nf; f++) {
      char field[512];
      int len = (int)rnd((unsigned)maxlen);
      for (int i = 0; i < len; i++) field[i] = alpha[rnd(sizeof alpha - 1)];
      field[len] = '\0';
      if (f) rf_buf_putc(b, ',');
      /* quote everything that needs it, and sometimes plain fields too */
      if (strpbrk(field, ",\"\r\n") || (len && field[0] == ' ') || rnd(5) == 0) {
        rf_buf_putc(b, '"');
        for (int i = 0; i < len; i++) {
          if (field[i] == '"') rf_buf_putc(b, '"');
          rf_buf_putc(b, field[i]);
        }
        rf_buf_putc(b, '"');
      } else {
        rf_buf_puts(b, field);
      }
    }
    if (nf == 1 && b->len && b->data[b->len - 1] == '\n') rf_buf_puts(b, "x");
    rf_buf_puts(b, rnd(3) == 0 ? "\r\n" : "\n");
  }
}

static void compare(const char *data, size_t len) {
  rf_csv *ref;
  rf_i_csv fast;
  rf_error e1, e2;
  assert_int_equal(rf_csv_open_mem(&ref, data, len, "t", NULL, &e1), RF_OK);
  assert_int_equal(rf_i_csv_open_mem(&fast, data, len, "t", &e2), RF_OK);
  for (size_t rec = 0;; rec++) {
    char **f1, **f2;
    size_t n1, n2;
    rf_status s1 = rf_csv_next(ref, &f1, &n1, &e1);
    rf_status s2 = rf_i_csv_next(&fast, &f2, &n2, &e2);
    assert_int_equal(s1, s2);
    if (s1 == RF_EEMPTY) break;
    assert_int_equal(s1, RF_OK);
    assert_int_equal(rf_csv_line(ref), fast.rec_line);
    assert_int_equal(n1, n2);
    for (size_t i = 0; i < n1; i++) assert_string_equal(f1[i], f2[i]);
  }
  rf_csv_close(ref);
  rf_i_csv_close(&fast);
}

static void test_differential(void **state) {
  (void)state;
  for (int round = 0; round < 300; round++) {
    rf_buf b;
    rf_buf_init(&b);
    if (round % 7 == 0) rf_buf_puts(&b, "\xEF\xBB\xBF");
    make_csv(&b, 1 + (int)rnd(40), 1 + (int)rnd(round % 3 ? 12 : 300));
    compare(b.data, b.len);
    /* without the final line end */
    while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\r')) b.len--;
    if (b.len && b.data[b.len - 1] != '"') compare(b.data, b.len);
    rf_buf_free(&b);
  }
}

static void test_buffer_boundaries(void **state) {
  (void)state;
  /* > 2 MiB so records straddle the 1 MiB read chunks of a file */
  rf_buf b;
  rf_buf_init(&b);
  while (b.len < (5u << 19)) make_csv(&b, 100, 60);
  compare(b.data, b.len);
  char path[64];
  snprintf(path, sizeof path, "/tmp/rf_test_fastcsv_%d.csv", (int)getpid());
  FILE *fp = fopen(path, "wb");
  fwrite(b.data, 1, b.len, fp);
  fclose(fp);
  rf_csv *ref;
  rf_i_csv fast;
  rf_error e;
  assert_int_equal(rf_csv_open(&ref, path, NULL, &e), RF_OK);
  assert_int_equal(rf_i_csv_open(&fast, path, &e), RF_OK);
  size_t recs = 0;
  for (;;) {
    char **f1, **f2;
    size_t n1, n2;
    rf_status s1 = rf_csv_next(ref, &f1, &n1, &e), s2 = rf_i_csv_next(&fast, &f2, &n2, &e);
    assert_int_equal(s1, s2);
    if (s1) break;
    assert_int_equal(n1, n2);
    for (size_t i = 0; i < n1; i++) assert_string_equal(f1[i], f2[i]);
    assert_int_equal(rf_csv_line(ref), fast.rec_line);
    recs++;
  }
  assert_true(recs > 10000);
  rf_csv_close(ref);
  rf_i_csv_close(&fast);
  unlink(path);
  rf_buf_free(&b);
}

static void test_errors(void **state) {
  (void)state;
  rf_i_csv c;
  rf_error e;
  char **f;
  size_t n;
  const char *s = "a,b\n\"x\"y,2\n3,4\n5,\"unterminated\n6,7\n";
  assert_int_equal(rf_i_csv_open_mem(&c, s, strlen(s), "t.csv", &e), RF_OK);
  assert_int_equal(rf_i_csv_next(&c, &f, &n, &e), RF_OK);
  assert_int_equal(rf_i_csv_next(&c, &f, &n, &e), RF_EPARSE);
  assert_non_null(strstr(e.msg, "t.csv:2"));
  assert_int_equal(rf_i_csv_next(&c, &f, &n, &e), RF_OK);
  assert_string_equal(f[0], "3");
  assert_int_equal(c.rec_line, 3);
  assert_int_equal(rf_i_csv_next(&c, &f, &n, &e), RF_EPARSE);
  assert_non_null(strstr(e.msg, "t.csv:4: unterminated quoted field"));
  assert_int_equal(rf_i_csv_next(&c, &f, &n, &e), RF_EEMPTY);
  rf_i_csv_close(&c);
  /* over-long record is skipped with a message, reading goes on */
  rf_buf b;
  rf_buf_init(&b);
  rf_buf_puts(&b, "h\n");
  for (int i = 0; i < 20000; i++) rf_buf_putc(&b, 'x');
  rf_buf_puts(&b, "\nnext\n");
  assert_int_equal(rf_i_csv_open_mem(&c, b.data, b.len, "t.csv", &e), RF_OK);
  c.max_record = 8192;
  assert_int_equal(rf_i_csv_next(&c, &f, &n, &e), RF_OK);
  assert_int_equal(rf_i_csv_next(&c, &f, &n, &e), RF_ELIMIT);
  assert_non_null(strstr(e.msg, "t.csv:2: record longer than 8192 bytes"));
  assert_int_equal(rf_i_csv_next(&c, &f, &n, &e), RF_OK);
  assert_string_equal(f[0], "next");
  assert_int_equal(c.rec_line, 3);
  rf_i_csv_close(&c);
  rf_buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_differential),
      cmocka_unit_test(test_buffer_boundaries),
      cmocka_unit_test(test_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
