/* Transaction files compressed with gzip, xz or bzip2 read as the plain
 * file (rf_fopen_read under the CSV reader); concatenated gzip members read
 * through; a truncated compressed file ends in RF_EIO naming the file, with
 * rows read = processed + rejected up to there. */
#include "rf_test.h"
#include "redflag/ingest.h"

#include "rf_compress.h"

#include <unistd.h>

#define AW_HDR                                                                                     \
  "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount "         \
  "Paid,Payment Currency,Payment Format,Is Laundering\n"
#define NROWS 6000

static char *aw_text(size_t *len) {
  size_t cap = 200 + NROWS * 120, n = 0;
  char *s = malloc(cap);
  assert_non_null(s);
  n += (size_t)snprintf(s, cap, "%s", AW_HDR);
  for (int i = 0; i < NROWS; i++)
    n += (size_t)snprintf(s + n, cap - n,
                          "2022/09/%02d %02d:%02d,0011,8%08X,0022,9%08X,%d.%02d,US Dollar,%d.%02d,"
                          "US Dollar,%s,%d\n",
                          1 + i / 1440, (i / 60) % 24, i % 60, (unsigned)(i * 7919 % 997),
                          (unsigned)(i * 104729 % 1009), 100 + i % 900, i % 100, 100 + i % 900,
                          i % 100, i % 3 ? "Wire" : "ACH", i % 50 == 0);
  *len = n;
  return s;
}

typedef struct tally {
  size_t ok, rejected;
  double sum;
  rf_status end;
  char msg[1100];
} tally;

static tally read_all(const char *path) {
  rf_ingest_opts o = {0};
  o.format = RF_FMT_AMLWORLD;
  o.jsonl = -1;
  rf_ingest *r = NULL;
  rf_error err = {0};
  tally t = {0};
  rf_status st = rf_ingest_open(&r, path, &o, &err);
  if (st) { /* a compressed header that cannot be read fails at the open */
    t.end = st;
    snprintf(t.msg, sizeof t.msg, "%s", err.msg);
    return t;
  }
  rf_txn x;
  while ((st = rf_ingest_next(r, &x, &err)) != RF_EEMPTY) {
    if (st == RF_OK) {
      t.ok++;
      t.sum += x.amount;
    } else if (st == RF_EIO || st == RF_ENOMEM) {
      t.end = st;
      snprintf(t.msg, sizeof t.msg, "%s", err.msg);
      break;
    } else {
      t.rejected++;
    }
  }
  const rf_ingest_stats *s = rf_ingest_stats_get(r);
  assert_int_equal(s->read, s->processed + s->rejected);
  rf_ingest_close(r);
  return t;
}

static void test_compressed_amlworld(void **state) {
  (void)state;
  size_t len;
  char *text = aw_text(&len);
  char plain[64], path[160];
  snprintf(plain, sizeof plain, "/tmp/rf_tci_%d.csv", (int)getpid());
  blob_write(plain, text, len);
  tally want = read_all(plain);
  assert_int_equal(want.ok, NROWS);
  assert_int_equal(want.rejected, 0);
  blob packed[3] = {blob_gz(text, len), blob_xz(text, len), blob_bz(text, len)};
  const char *ext[3] = {"gz", "xz", "bz2"};
  for (int k = 0; k < 3; k++) {
    snprintf(path, sizeof path, "%s.%s", plain, ext[k]);
    blob_write(path, packed[k].p, packed[k].n);
    tally got = read_all(path);
    assert_int_equal(got.end, RF_OK);
    assert_int_equal(got.ok, want.ok);
    assert_true(got.sum == want.sum);
    /* cut in half: the rows before the cut (none when the cut falls inside the
     * first bzip2 block), then a read error naming the file */
    blob_write(path, packed[k].p, packed[k].n / 2);
    got = read_all(path);
    assert_int_equal(got.end, RF_EIO);
    assert_non_null(strstr(got.msg, path));
    assert_non_null(strstr(got.msg, "corrupt or truncated compressed data"));
    assert_true(got.ok < want.ok);
    if (k < 2) assert_true(got.ok > 0);
    remove(path);
    free(packed[k].p);
  }
  /* two gzip members, as `cat a.gz b.gz` makes: both halves are read */
  size_t cut = (size_t)(strchr(text + len / 2, '\n') - text) + 1;
  blob a = blob_gz(text, cut), b = blob_gz(text + cut, len - cut);
  unsigned char *both = malloc(a.n + b.n);
  memcpy(both, a.p, a.n);
  memcpy(both + a.n, b.p, b.n);
  snprintf(path, sizeof path, "%s.gz", plain);
  blob_write(path, both, a.n + b.n);
  tally got = read_all(path);
  assert_int_equal(got.end, RF_OK);
  assert_int_equal(got.ok, want.ok);
  remove(path);
  free(both);
  free(a.p);
  free(b.p);
  remove(plain);
  free(text);
}

static void test_fopen_read_plain(void **state) {
  (void)state;
  char path[128];
  snprintf(path, sizeof path, "/tmp/rf_tci_plain_%d.txt", (int)getpid());
  blob_write(path, "BZ but not bzip2\n", 17); /* starts like nothing compressed enough */
  int kind = -1;
  FILE *fp = rf_fopen_read(path, &kind);
  assert_non_null(fp);
  assert_int_equal(kind, 0);
  char buf[64];
  assert_int_equal(fread(buf, 1, sizeof buf, fp), 17);
  assert_memory_equal(buf, "BZ but not bzip2\n", 17);
  fclose(fp);
  remove(path);
  assert_null(rf_fopen_read("/nonexistent/rf_tci", &kind));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_compressed_amlworld),
      cmocka_unit_test(test_fopen_read_plain),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
