/* The AMLworld one-pass reader (rf_i_aw_fast) against the general path: the
 * same input read with it and without it gives the same rows, the same
 * rejections with the same messages and rejects file, and the same counts.
 * Inputs: a generated file (rows across the splitter's 1 MiB buffer), and
 * the same rows with every kind of line the one-pass reader hands over to
 * the general path mixed in. */
#include "ingest/ingest_i.h"
#include "redflag/gen.h"
#include "rf_compress.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/* everything a reader returns, as text: one line per call */
static char *read_all(const char *path, int fast, const char *rej, size_t *n) {
  rf_ingest_opts o = {0};
  o.format = RF_FMT_AMLWORLD;
  o.skip = RF_INGEST_SKIP_BANKS;
  o.rejects_path = rej;
  rf_ingest *r = NULL;
  rf_error err;
  assert_int_equal(rf_ingest_open(&r, path, &o, &err), RF_OK);
  assert_int_equal(r->aw_fast, 1);
  r->aw_fast = fast;
  rf_buf b;
  rf_buf_init(&b);
  rf_txn t;
  rf_status st;
  while ((st = rf_ingest_next(r, &t, &err)) != RF_EEMPTY) {
    if (st) {
      rf_buf_printf(&b, "st %d %s\n", (int)st, err.msg);
      if (st == RF_ENOMEM || st == RF_EIO) break;
      continue;
    }
    rf_buf_printf(&b, "%llu %lld %.17g %.17g %s %s %s %s %d %d\n", (unsigned long long)t.line,
                  (long long)t.time, t.amount, t.amount_received, rf_ingest_account(r, t.src),
                  rf_ingest_account(r, t.dst), rf_ingest_text(r, t.currency),
                  rf_ingest_text(r, t.currency_received), t.channel, t.label);
  }
  /* the one-pass reader took most rows, or none when it was off */
  if (fast)
    assert_true(r->aw_fast_rows * 2 > rf_ingest_stats_get(r)->read);
  else
    assert_int_equal(r->aw_fast_rows, 0);
  const rf_ingest_stats *s = rf_ingest_stats_get(r);
  rf_buf_printf(&b, "read %llu processed %llu rejected %llu late %llu recoded %llu\n",
                (unsigned long long)s->read, (unsigned long long)s->processed,
                (unsigned long long)s->rejected, (unsigned long long)s->late,
                (unsigned long long)s->recoded);
  rf_ingest_close(r);
  *n = b.len;
  return b.data;
}

static void same_both_ways(const char *path, const char *expect_in_general) {
  char rej1[64], rej0[64];
  snprintf(rej1, sizeof rej1, "/tmp/rf_awf_%d_1.rej", (int)getpid());
  snprintf(rej0, sizeof rej0, "/tmp/rf_awf_%d_0.rej", (int)getpid());
  size_t n1, n0;
  char *a = read_all(path, 1, rej1, &n1), *b = read_all(path, 0, rej0, &n0);
  if (n1 != n0 || memcmp(a, b, n1)) {
    /* the first line that differs */
    size_t i = 0;
    while (i < n1 && i < n0 && a[i] == b[i]) i++;
    while (i && a[i - 1] != '\n') i--;
    fprintf(stderr, "fast:    %.200s\ngeneral: %.200s\n", a + i, b + i);
  }
  assert_int_equal(n1, n0);
  assert_memory_equal(a, b, n1);
  if (expect_in_general) assert_non_null(strstr(a, expect_in_general));
  blob x = blob_read(rej1), y = blob_read(rej0);
  assert_int_equal(x.n, y.n);
  assert_memory_equal(x.p, y.p, x.n);
  free(a);
  free(b);
  free(x.p);
  free(y.p);
  remove(rej1);
  remove(rej0);
}

static void test_generated(void **state) {
  (void)state;
  char path[64];
  snprintf(path, sizeof path, "/tmp/rf_awf_%d.csv", (int)getpid());
  rf_gen_opts g;
  rf_gen_opts_default(&g);
  g.transactions = 40000; /* ~4 MB: records across the 1 MiB buffer's refills */
  g.seed = 11;
  rf_error err;
  assert_int_equal(rf_gen_run(&g, path, NULL, NULL, NULL, &err), RF_OK);
  same_both_ways(path, "read 40000 processed 40000 rejected 0");
  remove(path);
}

/* every line the one-pass reader must hand over, between ordinary rows */
static void test_handed_over(void **state) {
  (void)state;
  static const char *odd[] = {
      "", /* blank line */
      "2022/09/01 00:22,020,\"8000EBD30\",020,8000EBD31,10.00,US Dollar,10.00,US Dollar,ACH,0",
      "2022/09/01 00:22,020,8000EBD30,020,8000EBD31,10.00,US Doll\xe1r,10.00,US Dollar,ACH,0",
      "2022/09/01 00:22,020,8000EBD30,020,8000EBD31,10.00,US Dollar,10.00,US Dollar,ACH,0,x",
      "2022/09/01 00:22,020,8000EBD30,020,8000EBD31,10.00,US Dollar,10.00,US Dollar,ACH",
      "2022/09/01 00:22,,8000EBD30,020,8000EBD31,10.00,US Dollar,10.00,US Dollar,ACH,0",
      "2022/09/01 00:22,020,,020,8000EBD31,10.00,US Dollar,10.00,US Dollar,ACH,0",
      "2022/09/01 00:22,020,8000EBD30,020,8000EBD31,10.00,,10.00,US Dollar,ACH,0",
      "2022/09/01 00:22,020,8000EBD30,020,8000EBD31,1e3,US Dollar,1e3,US Dollar,ACH,0",
      "2022/09/01 00:22,020,8000EBD30,020,8000EBD31,-5.00,US Dollar,5.00,US Dollar,ACH,0",
      "2022/09/01 00:22,020,8000EBD30,020,8000EBD31,.5,US Dollar,.5,US Dollar,ACH,0",
      "2022/09/01 00:22,020,8000EBD30,020,8000EBD31,5.,Euro,7.25,US Dollar,ACH,0",
      "2022/09/01 00:22,020,8000EBD30,020,8000EBD31,1234567890123456.5,Euro,7,Euro,Wire,1",
      "2022/09/01 00:22,020,8000EBD30,020,8000EBD31,123456789012345,Euro,7,Euro,Wire,1",
      "2022/09/01 00:22,020,8000EBD30,020,8000EBD31,10.00,US Dollar,10.00,US Dollar,wire,0",
      "2022/09/01 00:22,020,8000EBD30,020,8000EBD31,10.00,US Dollar,10.00,US Dollar,Teleport,0",
      "2022/09/01 00:22,020,8000EBD30,020,8000EBD31,10.00,US Dollar,10.00,US Dollar,ACH,2",
      "2022/09/01 00:22,020,8000EBD30,020,8000EBD31,10.00,US Dollar,10.00,US Dollar,ACH,",
      "2022-09-01T00:23:00Z,020,8000EBD30,020,8000EBD31,10.00,US Dollar,10.00,US Dollar,ACH,0",
      "2022/09/01 24:00,020,8000EBD30,020,8000EBD31,10.00,US Dollar,10.00,US Dollar,ACH,0",
      "2022/02/30 00:22,020,8000EBD30,020,8000EBD31,10.00,US Dollar,10.00,US Dollar,ACH,0",
      "2023/09/01 00:22,020,8000EBD30,020,8000EBD31,10.00,US Dollar,10.00,US Dollar,ACH,0",
      "2021/09/01 00:22,020,8000EBD30,020,8000EBD31,10.00,US Dollar,10.00,US Dollar,ACH,0",
      "2022/09/01 00:22,020,8000EBD30,020,8000EBD31,10.00,US Dollar,10.00,US Dollar,ACH,0\r",
      "2022/09/01 00:22,020,8000EBD30,020,8000EBD31,10.00,US Dollar,10.00,US Dollar,ACH,0\r\r",
      "2022/09/01 00:22,020,8000EBD30,020,8000EBD31,10.00,Yuan,12.5,Euro,Credit Card,1",
      "2022/09/01 00:22,020,8000EBD30,020,8000EBD30,0.01,Bitcoin,0.01,Bitcoin,Bitcoin,0",
      "2022/09/01 00:22,020,AN-ACCOUNT-ID-LONGER-THAN-16,020,x,3.5,Euro,3.50,Euro,Cheque,0",
      ",,,,,,,,,,",
      "2022/09/01 00:22",
  };
  char path[64];
  snprintf(path, sizeof path, "/tmp/rf_awf_odd_%d.csv", (int)getpid());
  FILE *fp = fopen(path, "wb");
  assert_non_null(fp);
  fputs("Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount "
        "Paid,Payment Currency,Payment Format,Is Laundering\n",
        fp);
  for (int rep = 0; rep < 40; rep++)
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
      fprintf(fp,
              "2022/09/01 00:%02d,001,800%06zX,002,900%06zX,%zu.%02d,US Dollar,%zu.%02d,Euro,"
              "Reinvestment,0\n",
              20 + rep % 3, i, (size_t)rep, i * 7 + 1, rep, i * 7 + 1, rep);
      fprintf(fp, "%s\n", odd[i]);
    }
  fputs("2022/09/01 00:59,020,8000EBD30,020,8000EBD31,10.00,US Dollar,10.00,US Dollar,ACH,0",
        fp); /* no line end at the end of the file */
  fclose(fp);
  same_both_ways(path, "unknown '");
  remove(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_generated),
      cmocka_unit_test(test_handed_over),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
