/* CSV reader: quoting, line tracking, errors with line numbers, resync. */
#include "rf_test.h"
#include "redflag/core.h"

#include "rf_compress.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

static rf_csv *open_str(const char *s) {
  rf_csv *c = NULL;
  rf_error err;
  assert_int_equal(rf_csv_open_mem(&c, s, strlen(s), "t.csv", NULL, &err), RF_OK);
  return c;
}

static void test_quotes_and_newlines(void **state) {
  (void)state;
  rf_csv *c = open_str("\xEF\xBB\xBFid,name\r\n1,\"a, \"\"b\"\"\nc\"\r\n2,-0- \n");
  char **f;
  size_t n;
  rf_error err;
  assert_int_equal(rf_csv_next(c, &f, &n, &err), RF_OK);
  assert_int_equal(n, 2);
  assert_string_equal(f[0], "id");
  assert_int_equal(rf_csv_col(f, n, "NAME"), 1);
  assert_int_equal(rf_csv_next(c, &f, &n, &err), RF_OK);
  assert_string_equal(f[1], "a, \"b\"\nc");
  assert_int_equal(rf_csv_line(c), 2);
  assert_int_equal(rf_csv_next(c, &f, &n, &err), RF_OK);
  assert_int_equal(rf_csv_line(c), 4);
  assert_string_equal(f[1], "-0- ");
  assert_int_equal(rf_csv_next(c, &f, &n, &err), RF_EEMPTY);
  rf_csv_close(c);
}

static void test_errors_resync(void **state) {
  (void)state;
  rf_csv *c = open_str("a,b\n\"x\"y,2\n3,4\n5,\"unterminated\n");
  char **f;
  size_t n;
  rf_error err;
  assert_int_equal(rf_csv_next(c, &f, &n, &err), RF_OK);
  assert_int_equal(rf_csv_next(c, &f, &n, &err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "t.csv:2"));
  assert_int_equal(rf_csv_next(c, &f, &n, &err), RF_OK);
  assert_string_equal(f[0], "3");
  assert_int_equal(rf_csv_next(c, &f, &n, &err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "t.csv:4"));
  assert_non_null(strstr(err.msg, "unterminated"));
  assert_int_equal(rf_csv_next(c, &f, &n, &err), RF_EEMPTY);
  rf_csv_close(c);
}

static void test_limits(void **state) {
  (void)state;
  rf_csv_opts o = {.max_field = 4};
  rf_csv *c = NULL;
  rf_error err;
  const char *s = "abcdefgh,1\nok,2\n";
  assert_int_equal(rf_csv_open_mem(&c, s, strlen(s), "t.csv", &o, &err), RF_OK);
  char **f;
  size_t n;
  assert_int_equal(rf_csv_next(c, &f, &n, &err), RF_ELIMIT);
  assert_int_equal(rf_csv_next(c, &f, &n, &err), RF_OK);
  assert_string_equal(f[0], "ok");
  rf_csv_close(c);
}

static void test_empty(void **state) {
  (void)state;
  rf_csv *c = open_str("");
  char **f;
  size_t n;
  rf_error err;
  assert_int_equal(rf_csv_next(c, &f, &n, &err), RF_EEMPTY);
  rf_csv_close(c);
}

static void test_time(void **state) {
  (void)state;
  int64_t t;
  assert_int_equal(rf_time_parse("2022/09/01 00:20", &t), RF_OK);
  assert_int_equal(t, 1661991600);
  assert_int_equal(rf_time_parse("2022-09-01T02:20:00+02:00", &t), RF_OK);
  assert_int_equal(t, 1661991600);
  assert_int_equal(rf_time_parse("1970-01-01", &t), RF_OK);
  assert_int_equal(t, 0);
  assert_int_not_equal(rf_time_parse("2022-02-30", &t), RF_OK);
  assert_int_not_equal(rf_time_parse("yesterday", &t), RF_OK);
  char buf[32];
  rf_time_format(1661991600, buf, sizeof buf);
  assert_string_equal(buf, "2022-09-01T00:20:00Z");
}

static void test_strmap_and_text(void **state) {
  (void)state;
  rf_strmap m;
  rf_strmap_init(&m);
  char key[32];
  for (int i = 0; i < 5000; i++) {
    int n = snprintf(key, sizeof key, "k%d", i);
    assert_int_equal(rf_strmap_intern(&m, key, (size_t)n, NULL), i);
  }
  assert_int_equal(rf_strmap_get(&m, "k1234", 5), 1234);
  assert_int_equal(rf_strmap_get(&m, "nope", 4), -1);
  rf_strmap_destroy(&m);
  rf_arena a;
  rf_arena_init(&a, 0);
  assert_string_equal(rf_latin1_to_utf8(&a, "Jos\xe9", 4), "Jos\xc3\xa9");
  assert_string_equal(rf_latin1_to_utf8(&a, "Jos\xc3\xa9", 5), "Jos\xc3\xa9");
  rf_arena_destroy(&a);
  rf_buf b;
  rf_buf_init(&b);
  rf_buf_json_str(&b, "a\"\n\x01\xff");
  assert_string_equal(b.data, "\"a\\\"\\n\\u0001\xEF\xBF\xBD\"");
  rf_buf_free(&b);
}

/* rf_grow: doubling from the minimum, in place when there is room, and a
 * refused size leaves the array and its capacity as they were */
static void test_grow(void **state) {
  (void)state;
  size_t cap = 0, n = 0;
  int *v = NULL;
  for (int i = 0; i < 1000; i++) {
    int *g = rf_grow(v, &cap, n + 1, sizeof *g, 4);
    assert_non_null(g);
    v = g;
    v[n++] = i;
  }
  assert_int_equal(cap, 1024);
  assert_true(rf_grow(v, &cap, 1024, sizeof *v, 4) == v);
  for (int i = 0; i < 1000; i++) assert_int_equal(v[i], i);
  assert_null(rf_grow(v, &cap, SIZE_MAX / 2, sizeof *v, 4));
  assert_int_equal(cap, 1024);
  assert_int_equal(v[999], 999);
  free(v);
}

/* a compressed CSV file reads as the plain one; a truncated one ends in
 * RF_EIO once, naming the file, then the end */
/* rows of path read up to its end or a read error (whose status it
 * returns; the record cut by the end may be a parse error first, and after a
 * read error the reader is at its end) */
static rf_status count_rows(const char *path, size_t *rows, rf_error *err) {
  rf_csv *c = NULL;
  assert_int_equal(rf_csv_open(&c, path, NULL, err), RF_OK);
  char **f;
  size_t nf;
  rf_status st;
  *rows = 0;
  while ((st = rf_csv_next(c, &f, &nf, err)) == RF_OK || st == RF_EPARSE) *rows += st == RF_OK;
  rf_error e2;
  if (st == RF_EIO) assert_int_equal(rf_csv_next(c, &f, &nf, &e2), RF_EEMPTY);
  rf_csv_close(c);
  return st;
}

static void test_compressed_file(void **state) {
  (void)state;
  char text[20000];
  size_t n = (size_t)snprintf(text, sizeof text, "id,name\n");
  for (int i = 0; i < 800; i++)
    n += (size_t)snprintf(text + n, sizeof text - n, "%d,\"Name %d, Jr\"\n", i, i);
  char path[64];
  snprintf(path, sizeof path, "/tmp/rf_tcsv_%d.csv.gz", (int)getpid());
  blob gz = blob_gz(text, n);
  blob_write(path, gz.p, gz.n);
  rf_error err = {0};
  size_t rows = 0;
  assert_int_equal(count_rows(path, &rows, &err), RF_EEMPTY);
  assert_int_equal(rows, 801);
  blob_write(path, gz.p, gz.n / 2);
  assert_int_equal(count_rows(path, &rows, &err), RF_EIO);
  assert_non_null(strstr(err.msg, path));
  assert_non_null(strstr(err.msg, "corrupt or truncated compressed data"));
  assert_true(rows > 0 && rows < 801);
  remove(path);
  free(gz.p);
}

/* UTF-8 text as UTF-16 (LE or BE, with or without a byte-order mark) */
static size_t to_utf16(const char *u8, unsigned char *out, int be, int bom) {
  size_t n = 0;
  if (bom) {
    out[n++] = be ? 0xFE : 0xFF;
    out[n++] = be ? 0xFF : 0xFE;
  }
  const unsigned char *p = (const unsigned char *)u8;
  while (*p) {
    uint32_t c;
    int k = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
    c = k == 1 ? *p : (uint32_t)(*p & (0x7F >> k));
    for (int i = 1; i < k; i++) c = (c << 6) | (p[i] & 0x3F);
    p += k;
    uint16_t w[2];
    int nw = 1;
    if (c >= 0x10000) {
      w[0] = (uint16_t)(0xD800 + ((c - 0x10000) >> 10));
      w[1] = (uint16_t)(0xDC00 + ((c - 0x10000) & 0x3FF));
      nw = 2;
    } else {
      w[0] = (uint16_t)c;
    }
    for (int i = 0; i < nw; i++) {
      out[n++] = (unsigned char)(be ? w[i] >> 8 : w[i] & 0xFF);
      out[n++] = (unsigned char)(be ? w[i] & 0xFF : w[i] >> 8);
    }
  }
  return n;
}

/* every row of path joined as "f1|f2\n" */
static size_t read_all(const char *path, char *out, size_t cap) {
  rf_csv *c = NULL;
  rf_error err = {0};
  assert_int_equal(rf_csv_open(&c, path, NULL, &err), RF_OK);
  char **f;
  size_t nf, n = 0;
  rf_status st;
  while ((st = rf_csv_next(c, &f, &nf, &err)) == RF_OK) {
    for (size_t i = 0; i < nf; i++) n += (size_t)snprintf(out + n, cap - n, "%s|", f[i]);
    n += (size_t)snprintf(out + n, cap - n, "\n");
    assert_true(n < cap);
  }
  assert_int_equal(st, RF_EEMPTY);
  rf_csv_close(c);
  return n;
}

/* UTF-16 files (Excel's "Unicode" CSV, PowerShell 5's `>`) read as UTF-8:
 * both byte orders, with or without a mark, plain or gzipped, across the
 * converter's 64 KiB input buffer, with a character outside the BMP */
static void test_utf16_file(void **state) {
  (void)state;
  size_t cap = 1 << 20;
  char *text = malloc(cap), *want = malloc(cap), *got = malloc(cap);
  unsigned char *u16 = malloc(2 * cap);
  size_t n = (size_t)snprintf(text, cap, "id,name\n");
  for (int i = 0; i < 3000; i++)
    n += (size_t)snprintf(text + n, cap - n,
                          "%d,\"Jos\xc3\xa9 Pe\xc3\xb1"
                          "a %d, \xe5\xbe\x90 \xf0\x9d\x94\x98\"\n",
                          i, i);
  char path[64];
  snprintf(path, sizeof path, "/tmp/rf_tu16_%d.csv", (int)getpid());
  blob_write(path, text, n);
  size_t wn = read_all(path, want, cap);
  assert_non_null(strstr(want, "2999|Jos\xc3\xa9 Pe\xc3\xb1"
                               "a 2999, \xe5\xbe\x90 \xf0\x9d\x94\x98|"));
  for (int v = 0; v < 5; v++) {
    int be = v == 1 || v == 3, bom = v < 2 || v == 4;
    size_t un = to_utf16(text, u16, be, bom);
    if (v == 4) {
      blob gz = blob_gz(u16, un);
      blob_write(path, gz.p, gz.n);
      free(gz.p);
    } else {
      blob_write(path, u16, un);
    }
    size_t gn = read_all(path, got, cap);
    assert_int_equal(gn, wn);
    assert_memory_equal(got, want, wn);
  }
  /* a UTF-16 file cut inside a character: the rows before it are read */
  size_t un = to_utf16(text, u16, 0, 1), rows = 0;
  blob_write(path, u16, un - 1);
  rf_error err = {0};
  assert_int_equal(count_rows(path, &rows, &err), RF_EEMPTY);
  assert_true(rows >= 3000);
  remove(path);
  free(text);
  free(want);
  free(got);
  free(u16);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_quotes_and_newlines),
      cmocka_unit_test(test_errors_resync),
      cmocka_unit_test(test_limits),
      cmocka_unit_test(test_empty),
      cmocka_unit_test(test_time),
      cmocka_unit_test(test_strmap_and_text),
      cmocka_unit_test(test_grow),
      cmocka_unit_test(test_compressed_file),
      cmocka_unit_test(test_utf16_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
