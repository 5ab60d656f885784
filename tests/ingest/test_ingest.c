/* Transaction readers: each format, bad input, rejects accounting. */
#include "rf_test.h"
#include "redflag/ingest.h"
#include "ingest/ingest_i.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define AW_HDR                                                                                     \
  "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount "         \
  "Paid,Payment Currency,Payment Format,Is Laundering\n"

static rf_ingest *open_mem(const char *s, rf_txn_format fmt, const rf_ingest_opts *o0) {
  rf_ingest_opts o = {0};
  if (o0) o = *o0;
  o.format = fmt;
  if (!o0) o.jsonl = -1;
  rf_ingest *r = NULL;
  rf_error err;
  rf_status st = rf_ingest_open_mem(&r, s, strlen(s), "t.csv", &o, &err);
  if (st) fprintf(stderr, "open: %s\n", err.msg);
  assert_int_equal(st, RF_OK);
  return r;
}

/* a redflag-format file (CSV or JSON Lines, detected); o is left as used */
static rf_ingest *open_redflag_file(const char *path, rf_ingest_opts *o) {
  memset(o, 0, sizeof *o);
  o->format = RF_FMT_REDFLAG;
  o->jsonl = -1;
  rf_ingest *r = NULL;
  rf_error err;
  rf_status st = rf_ingest_open(&r, path, o, &err);
  if (st) fprintf(stderr, "open: %s\n", err.msg);
  assert_int_equal(st, RF_OK);
  return r;
}

static rf_status open_err(const char *s, rf_txn_format fmt, int jsonl, rf_error *err) {
  rf_ingest_opts o = {0};
  o.format = fmt;
  o.jsonl = jsonl;
  rf_ingest *r = NULL;
  rf_status st = rf_ingest_open_mem(&r, s, strlen(s), "t.csv", &o, err);
  rf_ingest_close(r);
  return st;
}

/* Reads everything; returns number of accepted rows; checks the invariant. */
static size_t drain(rf_ingest *r, size_t *rejected) {
  rf_txn t;
  rf_error err;
  rf_status st;
  size_t ok = 0, bad = 0;
  while ((st = rf_ingest_next(r, &t, &err)) != RF_EEMPTY) {
    assert_true(st != RF_EIO && st != RF_ENOMEM);
    if (st == RF_OK)
      ok++;
    else {
      bad++;
      assert_non_null(strstr(err.msg, "t.csv:"));
    }
  }
  const rf_ingest_stats *s = rf_ingest_stats_get(r);
  assert_int_equal(s->read, s->processed + s->rejected);
  assert_int_equal(s->processed, ok);
  assert_int_equal(s->rejected, bad);
  if (rejected) *rejected = bad;
  return ok;
}

static void test_amlworld_rows(void **state) {
  (void)state;
  rf_ingest *r = open_mem(AW_HDR "2022/09/01 00:20,010,8000EBD30,010,8000EBD30,3697.34,US "
                                 "Dollar,3697.34,US Dollar,Reinvestment,0\n"
                                 "2022/09/01 00:21,03208,8000F4580,001,8000F5340,0.01,Euro,0.012,"
                                 "Mexican Peso,Cheque,1\n",
                          RF_FMT_AMLWORLD, NULL);
  assert_int_equal(rf_ingest_has_labels(r), 1);
  rf_txn t;
  rf_error err;
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  int64_t e;
  assert_int_equal(rf_time_parse("2022-09-01T00:20:00Z", &e), RF_OK);
  assert_int_equal(t.time, e);
  assert_int_equal(t.line, 2);
  assert_string_equal(rf_ingest_account(r, t.src), "8000EBD30");
  assert_int_equal(t.src, t.dst);
  assert_string_equal(rf_ingest_text(r, t.src_bank), "010");
  assert_string_equal(rf_ingest_text(r, t.currency), "US Dollar");
  assert_true(t.amount == 3697.34);
  assert_int_equal(t.channel, RF_CH_REINVESTMENT);
  assert_int_equal(t.label, 0);
  assert_int_equal(t.txid, RF_NONE);
  char ref[32];
  assert_string_equal(rf_ingest_txn_ref(r, &t, ref, sizeof ref), "L2");
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_string_equal(rf_ingest_text(r, t.src_bank), "03208");
  assert_string_equal(rf_ingest_account(r, t.dst), "8000F5340");
  assert_string_equal(rf_ingest_text(r, t.currency), "Mexican Peso");
  assert_string_equal(rf_ingest_text(r, t.currency_received), "Euro");
  assert_true(t.amount == 0.012 && t.amount_received == 0.01);
  assert_int_equal(t.channel, RF_CH_CHECK);
  assert_int_equal(t.label, 1);
  assert_int_equal(t.time, e + 60);
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EEMPTY);
  assert_int_equal(rf_ingest_naccounts(r), 3);
  assert_null(rf_ingest_account(r, RF_NONE));
  assert_null(rf_ingest_text(r, RF_NONE));
  rf_ingest_close(r);
}

/* RF_INGEST_SKIP_BANKS: banks are checked but not interned */
static void test_skip_banks(void **state) {
  (void)state;
  rf_ingest_opts o = {.skip = RF_INGEST_SKIP_BANKS, .jsonl = -1};
  rf_ingest *r =
      open_mem(AW_HDR "2022/09/01 00:20,010,8000EBD30,020,8000EBD31,3697.34,US "
                      "Dollar,3697.34,US Dollar,Reinvestment,0\n"
                      "2022/09/01 00:21,,8000F4580,001,8000F5340,1,Euro,1,Euro,Cheque,1\n",
               RF_FMT_AMLWORLD, &o);
  rf_txn t;
  rf_error err;
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_int_equal(t.src_bank, RF_NONE);
  assert_int_equal(t.dst_bank, RF_NONE);
  assert_string_equal(rf_ingest_account(r, t.dst), "8000EBD31");
  assert_string_equal(rf_ingest_text(r, t.currency), "US Dollar");
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EPARSE); /* an empty bank is still an error */
  assert_non_null(strstr(err.msg, "From Bank"));
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EEMPTY);
  rf_ingest_close(r);
  r = open_mem("txn_id,time,channel,amount,currency,orig_account,orig_bank,bene_account,bene_bank\n"
               "T1,2024-03-01T14:05:00Z,wire,10,USD,A,Bank A,B,Bank B\n",
               RF_FMT_REDFLAG, &o);
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_int_equal(t.src_bank, RF_NONE);
  assert_int_equal(t.dst_bank, RF_NONE);
  assert_string_equal(rf_ingest_account(r, t.dst), "B");
  rf_ingest_close(r);
}

static void test_amlworld_no_label(void **state) {
  (void)state;
  rf_ingest *r = open_mem("Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving "
                          "Currency,Amount Paid,Payment Currency,Payment Format\r\n"
                          "2022/09/01 00:20,1,A,2,B,1,Yuan,1,Yuan,Bitcoin\r\n"
                          "2022-09-01T01:00:00Z,1,A,2,B,1e3,Yuan,1000,Yuan,Credit Card",
                          RF_FMT_AMLWORLD, NULL);
  assert_int_equal(rf_ingest_has_labels(r), 0);
  rf_txn t;
  rf_error err;
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_int_equal(t.label, -1);
  assert_int_equal(t.channel, RF_CH_CRYPTO);
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_true(t.amount_received == 1000.0);
  assert_int_equal(t.channel, RF_CH_CARD);
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EEMPTY);
  rf_ingest_close(r);
}

static void test_amlworld_header_errors(void **state) {
  (void)state;
  rf_error err;
  assert_int_equal(open_err("", RF_FMT_AMLWORLD, 0, &err), RF_EEMPTY);
  assert_non_null(strstr(err.msg, "empty"));
  assert_int_equal(open_err("Timestamp,From Bank,Account,To Bank\n", RF_FMT_AMLWORLD, 0, &err),
                   RF_ENOTFOUND);
  assert_non_null(strstr(err.msg, "t.csv:1"));
  assert_non_null(strstr(err.msg, "Amount Received"));
  assert_int_equal(open_err("Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving "
                            "Currency,Amount Paid,Payment Currency,Payment Format,Is "
                            "Laundering,Extra\n",
                            RF_FMT_AMLWORLD, 0, &err),
                   RF_EPARSE);
  assert_non_null(strstr(err.msg, "unknown column 12 'Extra'"));
  /* allowed when asked */
  rf_ingest_opts o = {0};
  o.allow_extra_columns = 1;
  rf_ingest *r = open_mem("Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving "
                          "Currency,Amount Paid,Payment Currency,Payment Format,Is "
                          "Laundering,Extra\n",
                          RF_FMT_AMLWORLD, &o);
  rf_ingest_close(r);
  /* a file re-saved by pandas names the second Account "Account.1" */
  r = open_mem("Timestamp,From Bank,Account,To Bank,Account.1,Amount Received,Receiving Currency,"
               "Amount Paid,Payment Currency,Payment Format\n",
               RF_FMT_AMLWORLD, NULL);
  rf_ingest_close(r);
  /* header only: no rows, no error */
  r = open_mem(AW_HDR, RF_FMT_AMLWORLD, NULL);
  assert_int_equal(drain(r, NULL), 0);
  rf_ingest_close(r);
}

static void test_amlworld_bad_rows(void **state) {
  (void)state;
  char path[64];
  snprintf(path, sizeof path, "/tmp/rf_test_rejects_%d.csv", (int)getpid());
  rf_ingest_opts o = {0};
  o.rejects_path = path;
  const char *in = AW_HDR "2022/09/01 00:20,1,A,2,B,-5,Euro,5,Euro,Wire,0\n"    /* negative */
                          "2022/09/01 00:20,1,A,2,B,5,Euro,abc,Euro,Wire,0\n"   /* non-numeric */
                          "2022/13/01 00:20,1,A,2,B,5,Euro,5,Euro,Wire,0\n"     /* bad month */
                          "yesterday,1,A,2,B,5,Euro,5,Euro,Wire,0\n"            /* bad time */
                          "2022/09/01 00:20,1,A,2,B,5,Euro,5,Euro,Pigeon,0\n"   /* format */
                          "2022/09/01 00:20,1,A,2,B,5,Euro,5,Euro,Wire,2\n"     /* label */
                          "2022/09/01 00:20,1,,2,B,5,Euro,5,Euro,Wire,0\n"      /* empty acct */
                          "2022/09/01 00:20,1,A,2,B,5,Euro,5,Euro,Wire,0,9\n"   /* extra field */
                          "2022/09/01 00:21,1,A,2,B,5,Euro,5,Euro,Wire,0\n"     /* good */
                          "\n"                                                  /* blank */
                          "2022/09/01 00:22,1,A,2,B,5,Euro,5,\"Eu\"ro,Wire,0\n" /* bad quote */
                          "2022/09/01 00:23,1,A,2,B,5,Eu";                      /* truncated */
  rf_ingest *r = open_mem(in, RF_FMT_AMLWORLD, &o);
  rf_txn t;
  rf_error err;
  const char *want[] = {"t.csv:2: field Amount Received: negative",
                        "t.csv:3: field Amount Paid: 'abc' is not a number",
                        "t.csv:4: field Timestamp",
                        "t.csv:5: field Timestamp",
                        "t.csv:6: field Payment Format: unknown 'Pigeon'",
                        "t.csv:7: field Is Laundering",
                        "t.csv:8: field Account (from) (column 3): empty",
                        "t.csv:9: expected 11 fields, got 12"};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    assert_int_equal(rf_ingest_next(r, &t, &err), RF_EPARSE);
    if (!strstr(err.msg, want[i])) fprintf(stderr, "got: %s\nwant: %s\n", err.msg, want[i]);
    assert_non_null(strstr(err.msg, want[i]));
  }
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_int_equal(t.line, 10);
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "t.csv:12"));
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "t.csv:13: expected 11 fields, got 7 (truncated line?)"));
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EEMPTY);
  const rf_ingest_stats *s = rf_ingest_stats_get(r);
  assert_int_equal(s->read, 11);
  assert_int_equal(s->processed, 1);
  assert_int_equal(s->rejected, 10);
  rf_ingest_close(r);
  /* rejects file: header + one line per rejected row, each with reason */
  FILE *fp = fopen(path, "r");
  assert_non_null(fp);
  char line[2048];
  int n = 0, negative = 0;
  while (fgets(line, sizeof line, fp)) {
    n++;
    if (strstr(line, "negative amount") && strstr(line, "-5,Euro")) negative = 1;
  }
  fclose(fp);
  unlink(path);
  assert_int_equal(n, 11);
  assert_int_equal(negative, 1);
}

static void test_lateness(void **state) {
  (void)state;
  const char *in = AW_HDR "2022/09/02 00:00,1,A,2,B,5,Euro,5,Euro,Wire,0\n"
                          "2022/09/01 23:00,1,A,2,B,5,Euro,5,Euro,Wire,0\n" /* 1 h late */
                          "2022/09/01 00:00,1,A,2,B,5,Euro,5,Euro,Wire,0\n" /* 24 h late: ok */
                          "2022/08/31 23:59,1,A,2,B,5,Euro,5,Euro,Wire,0\n" /* too late */
                          "2022/09/03 00:00,1,A,2,B,5,Euro,5,Euro,Wire,0\n";
  rf_ingest *r = open_mem(in, RF_FMT_AMLWORLD, NULL);
  rf_txn t;
  rf_error err;
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "t.csv:5: field time"));
  assert_non_null(strstr(err.msg, "max lateness is 86400 s"));
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_int_equal(rf_ingest_stats_get(r)->late, 2);
  rf_ingest_close(r);
  /* strict (1 s) and unlimited (-1) */
  rf_ingest_opts o = {0};
  o.max_lateness = 1;
  r = open_mem(in, RF_FMT_AMLWORLD, &o);
  size_t bad;
  assert_int_equal(drain(r, &bad), 2);
  rf_ingest_close(r);
  o.max_lateness = -1;
  r = open_mem(in, RF_FMT_AMLWORLD, &o);
  assert_int_equal(drain(r, &bad), 5);
  assert_int_equal(rf_ingest_stats_get(r)->late, 3);
  rf_ingest_close(r);
}

/* a row far ahead (a mistyped year) is rejected instead of moving the clock:
 * the rows after it are not late */
static void test_max_jump(void **state) {
  (void)state;
  const char *in = AW_HDR "2022/09/01 00:00,1,A,2,B,5,Euro,5,Euro,Wire,0\n"
                          "2202/09/01 01:00,1,A,2,B,5,Euro,5,Euro,Wire,0\n" /* year typo */
                          "2022/09/01 02:00,1,A,2,B,5,Euro,5,Euro,Wire,0\n"
                          "2023/06/01 02:00,1,A,2,B,5,Euro,5,Euro,Wire,0\n"; /* 273 days: ok */
  rf_ingest *r = open_mem(in, RF_FMT_AMLWORLD, NULL);
  rf_txn t;
  rf_error err;
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "t.csv:3: field time: 2202-09-01T01:00:00Z is"));
  assert_non_null(strstr(err.msg, "ahead of the newest row (2022-09-01T00:00:00Z)"));
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EEMPTY);
  const rf_ingest_stats *st = rf_ingest_stats_get(r);
  assert_int_equal(st->read, 4);
  assert_int_equal(st->processed, 3);
  assert_int_equal(st->rejected, 1);
  assert_int_equal(st->late, 0);
  rf_ingest_close(r);
  /* a tight jump limit, and none */
  rf_ingest_opts o = {0};
  size_t bad;
  o.max_jump = 3600; /* rows 2 h and 9 months ahead are rejected too */
  r = open_mem(in, RF_FMT_AMLWORLD, &o);
  assert_int_equal(drain(r, &bad), 1);
  rf_ingest_close(r);
  o.max_jump = -1; /* no limit: the two rows after the typo outvote it */
  r = open_mem(in, RF_FMT_AMLWORLD, &o);
  assert_int_equal(drain(r, &bad), 3);
  assert_int_equal(bad, 1);
  rf_ingest_close(r);
}

/* lines of the next results: >0 returned row, <0 rejected row, 0 the end */
static void expect_lines(rf_ingest *r, const long *want, size_t n,
                         const char *msg_of_first_reject) {
  rf_txn t;
  rf_error err;
  int seen_reject = 0;
  for (size_t i = 0; i < n; i++) {
    rf_status st = rf_ingest_next(r, &t, &err);
    if (want[i] == 0) {
      assert_int_equal(st, RF_EEMPTY);
      continue;
    }
    if (want[i] > 0) {
      assert_int_equal(st, RF_OK);
      assert_int_equal(t.line, want[i]);
      continue;
    }
    assert_int_equal(st, RF_EPARSE);
    char at[32];
    snprintf(at, sizeof at, "t.csv:%ld:", -want[i]);
    if (!strstr(err.msg, at)) fprintf(stderr, "got: %s\nwant: %s\n", err.msg, at);
    assert_non_null(strstr(err.msg, at));
    if (!seen_reject++ && msg_of_first_reject) {
      if (!strstr(err.msg, msg_of_first_reject)) fprintf(stderr, "got: %s\n", err.msg);
      assert_non_null(strstr(err.msg, msg_of_first_reject));
    }
  }
  const rf_ingest_stats *s = rf_ingest_stats_get(r);
  assert_int_equal(s->read, s->processed + s->rejected);
}

#define AW_ROW(ts) ts ",1,A,2,B,5,Euro,5,Euro,Wire,0\n"

/* a mistyped date on the first row, or one that would move the clock less
 * than the jump limit, is outvoted by the rows after it instead of making
 * them all "too late"; a real gap is kept; results stay in input order */
static void test_clock_outliers(void **state) {
  (void)state;
  /* first row a year ahead (within the 366-day jump limit) */
  rf_ingest *r = open_mem(AW_HDR AW_ROW("2023/09/01 00:00") AW_ROW("2022/09/01 00:05")
                              AW_ROW("2022/09/01 00:10") AW_ROW("2022/09/01 00:20"),
                          RF_FMT_AMLWORLD, NULL);
  long w1[] = {-2, 3, 4, 5, 0};
  expect_lines(r, w1, 5, "2023-09-01T00:00:00Z is 365.0 days ahead of the rows after it");
  assert_int_equal(rf_ingest_stats_get(r)->late, 0);
  rf_ingest_close(r);
  /* first row ten years back: the later rows are not "too far ahead" */
  r = open_mem(AW_HDR AW_ROW("2012/09/01 00:00") AW_ROW("2022/09/01 00:05")
                   AW_ROW("2022/09/01 00:10"),
               RF_FMT_AMLWORLD, NULL);
  long w2[] = {-2, 3, 4, 0};
  expect_lines(r, w2, 4, "days before the rows after it");
  rf_ingest_close(r);
  /* mid-stream: a month typo 184 days ahead, then the stream goes on */
  r = open_mem(AW_HDR AW_ROW("2022/03/01 00:00") AW_ROW("2022/03/01 01:00")
                   AW_ROW("2022/09/01 02:00") AW_ROW("2022/03/01 03:00") AW_ROW("2022/03/01 04:00")
                       AW_ROW("2022/03/02 00:00"),
               RF_FMT_AMLWORLD, NULL);
  long w3[] = {2, 3, -4, 5, 6, 7, 0};
  expect_lines(r, w3, 7, "t.csv:4: field time: 2022-09-01T02:00:00Z is 184.0 days ahead");
  rf_ingest_close(r);
  /* a real gap of three days is confirmed by the next row */
  r = open_mem(AW_HDR AW_ROW("2022/03/01 00:00") AW_ROW("2022/03/04 00:00")
                   AW_ROW("2022/03/04 00:10"),
               RF_FMT_AMLWORLD, NULL);
  long w4[] = {2, 3, 4, 0};
  expect_lines(r, w4, 4, NULL);
  rf_ingest_close(r);
  /* a held row and a bad row after it come back in input order */
  r = open_mem(
      AW_HDR AW_ROW("2022/03/01 00:00") "2022/03/01 00:01,1,A,2,B,x,Euro,5,Euro,Wire,0\n" AW_ROW(
          "2022/03/01 00:02"),
      RF_FMT_AMLWORLD, NULL);
  long w5[] = {2, -3, 4, 0};
  expect_lines(r, w5, 4, "is not a number");
  rf_ingest_close(r);
  /* one row against one at the end of input: the first keeps the clock */
  r = open_mem(AW_HDR AW_ROW("2023/09/01 00:00") AW_ROW("2022/09/01 00:05"), RF_FMT_AMLWORLD, NULL);
  long w6[] = {2, -3, 0};
  expect_lines(r, w6, 3, "older than the newest row");
  rf_ingest_close(r);
  /* two rows that disagree with each other too: the first keeps the clock */
  r = open_mem(AW_HDR AW_ROW("2023/09/01 00:00") AW_ROW("2022/09/01 00:05")
                   AW_ROW("2022/05/01 00:00") AW_ROW("2023/09/01 00:30"),
               RF_FMT_AMLWORLD, NULL);
  long w7[] = {2, -3, -4, 5, 0};
  expect_lines(r, w7, 5, "older than the newest row");
  rf_ingest_close(r);
}

static void test_numbers(void **state) {
  (void)state;
  const char *ok[] = {"0",
                      "0.1",
                      "12.34",
                      "1234567.89",
                      "-3.5",
                      "+7",
                      ".5",
                      "5.",
                      "123456789012345678901",
                      "0.000000000000000000000001",
                      "1e3",
                      "2.5E-2",
                      "9007199254740993",
                      "3697.34"};
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    double a, b = strtod(ok[i], NULL);
    assert_int_equal(rf_i_number(ok[i], &a), 0);
    if (a != b) fprintf(stderr, "%s: %.17g vs %.17g\n", ok[i], a, b);
    assert_true(a == b);
  }
  /* random decimals agree with strtod bit for bit, through rf_i_number and
   * through the amount reader's one-pass path for plain decimals */
  static rf_ingest dummy; /* only its label is read, for errors */
  snprintf(dummy.label, sizeof dummy.label, "t.csv");
  srand(7);
  for (int i = 0; i < 40000; i++) {
    char s[40];
    if (i % 2)
      snprintf(s, sizeof s, "%d.%0*d", rand() % 10000000, 1 + rand() % 6, rand() % 100000);
    else /* up to 16 digits: both sides of the one-pass path's 15 */
      snprintf(s, sizeof s, "%lld.%0*d", (long long)rand() * rand() % 100000000000LL, rand() % 6,
               rand() % 100000);
    double a, b = strtod(s, NULL), c = -1;
    assert_int_equal(rf_i_number(s, &a), 0);
    assert_true(a == b);
    assert_int_equal(rf_i_amount_field(&dummy, s, "amount", 2, &c, NULL), RF_OK);
    if (c != b) fprintf(stderr, "%s: %.17g vs %.17g\n", s, c, b);
    assert_true(c == b);
  }
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    double a = -1, b = strtod(ok[i], NULL);
    rf_error e = {0};
    rf_status st = rf_i_amount_field(&dummy, ok[i], "amount", 2, &a, &e);
    if (b < 0)
      assert_non_null(strstr(e.msg, "t.csv:2: field amount: negative amount"));
    else
      assert_true(st == RF_OK && a == b);
  }
  const char *bad[] = {"", "-", ".", "abc", "1.2.3", "1,5", "nan", "inf", "1e999", "12a"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    double a;
    if (!rf_i_number(bad[i], &a)) fprintf(stderr, "accepted '%s'\n", bad[i]);
    assert_int_not_equal(rf_i_number(bad[i], &a), 0);
  }
}

static void test_channels(void **state) {
  (void)state;
  for (int c = 1; c < RF_CH_COUNT; c++)
    assert_int_equal(rf_channel_parse(rf_channel_str((rf_channel)c)), c);
  assert_int_equal(rf_channel_parse("Credit Card"), RF_CH_CARD);
  assert_int_equal(rf_channel_parse("Cheque"), RF_CH_CHECK);
  assert_int_equal(rf_channel_parse("Bitcoin"), RF_CH_CRYPTO);
  assert_int_equal(rf_channel_parse("ACH"), RF_CH_ACH);
  assert_int_equal(rf_channel_parse("Cash Deposit"), RF_CH_CASH_DEPOSIT);
  assert_int_equal(rf_channel_parse("telegraph"), RF_CH_UNKNOWN);
  assert_int_equal(rf_channel_parse(""), RF_CH_UNKNOWN);
  rf_txn_format f;
  assert_int_equal(rf_txn_format_parse("AMLworld", &f), RF_OK);
  assert_int_equal(f, RF_FMT_AMLWORLD);
  assert_int_equal(rf_txn_format_parse("xml", &f), RF_EINVAL);
}

/* ------------------------------------------------------------------ amlsim */

static void test_amlsim_mem(void **state) {
  (void)state;
  const char *tx = "sourceNodeId,targetNodeId,value,time\n"
                   "0,1,10.5,0\n"
                   "1,2,abc,1\n"
                   "1,2,-1,1\n"
                   "x,2,1,1\n"
                   "1,2,1,1.5\n"
                   "2,9,7,2\n";
  const char *nodes = "nodeid,isFraud,init_balance,fraudStep\n0,0,1.0,-1\n1,1,2,3\n2,true,3,4\n";
  rf_ingest *r = NULL;
  rf_error err;
  assert_int_equal(
      rf_ingest_open_amlsim_mem(&r, tx, strlen(tx), nodes, strlen(nodes), "t.csv", NULL, &err),
      RF_OK);
  rf_txn t;
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_int_equal(t.time, rf_days_from_civil(2020, 1, 1) * 86400);
  assert_true(t.amount == 10.5);
  assert_string_equal(rf_ingest_account(r, t.dst), "1");
  assert_int_equal(rf_ingest_account_label(r, t.src), 0);
  assert_int_equal(rf_ingest_account_label(r, t.dst), 1);
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "t.csv:3: field value"));
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "negative"));
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "sourceNodeId"));
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "field time"));
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_int_equal(t.time, rf_days_from_civil(2020, 1, 3) * 86400);
  assert_int_equal(rf_ingest_account_label(r, t.src), 1);
  assert_int_equal(rf_ingest_account_label(r, t.dst), -1); /* 9 not in nodes.csv */
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EEMPTY);
  rf_ingest_close(r);
  /* missing column is fatal */
  const char *bad = "sourceNodeId,targetNodeId,time\n0,1,0\n";
  assert_int_equal(rf_ingest_open_amlsim_mem(&r, bad, strlen(bad), NULL, 0, "t.csv", NULL, &err),
                   RF_ENOTFOUND);
  assert_non_null(strstr(err.msg, "t.csv:1: missing column 'value'"));
}

static void test_amlsim_shared(void **state) {
  (void)state;
  const char *sets[] = {RF_SHARED_DATA "/aml/amlsim/20K_cycle200",
                        RF_SHARED_DATA "/aml/amlsim/20K_fanin200"};
  for (int k = 0; k < 2; k++) {
    if (access(sets[k], R_OK)) {
      fprintf(stderr, "skip: %s missing\n", sets[k]);
      continue;
    }
    rf_ingest_opts o = {0};
    o.format = RF_FMT_AMLSIM;
    rf_ingest *r;
    rf_error err;
    assert_int_equal(rf_ingest_open(&r, sets[k], &o, &err), RF_OK);
    rf_txn t;
    rf_status st;
    size_t n = 0;
    while ((st = rf_ingest_next(r, &t, &err)) != RF_EEMPTY) {
      assert_int_equal(st, RF_OK);
      n++;
    }
    /* counts from metadata.txt: 117,805 / 118,250 transactions, 20,000 nodes */
    assert_int_equal(n, k == 0 ? 117805 : 118250);
    assert_int_equal(rf_ingest_naccounts(r), 20000);
    size_t fraud = 0;
    for (uint32_t i = 0; i < rf_ingest_naccounts(r); i++)
      fraud += rf_ingest_account_label(r, i) == 1;
    assert_int_equal(fraud, k == 0 ? 945 : 954);
    rf_ingest_close(r);
  }
}

/* AMLSim's other layouts: convert_logs.py's schema-driven transactions.csv
 * (tran_id, ISO dates, is_sar per transaction, CASH-IN/CASH-OUT types) with
 * accounts.csv (acct_id, prior_sar_count), and the shared outputs/ sample
 * (tx.csv with TXN_ID,ACCOUNT_ID,COUNTER_PARTY_ACCOUNT_NUM,... and
 * accounts.csv with ACCOUNT_ID,isFraud). */
static void test_amlsim_layouts(void **state) {
  (void)state;
  const char *tx = "tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,is_sar,alert_id,"
                   "is_frgn_trxn\n"
                   "1,A7,B2,TRANSFER,120.5,2017-01-03T00:00:00Z,false,-1,false\n"
                   "2,B2,C9,CASH-OUT,99.0,2017-01-04T00:00:00Z,True,12,false\n"
                   "2,B2,C9,WIRE,99.0,2017-01-04T00:00:00Z,false,-1,false\n"
                   "3,C9,A7,CHECK,80,yesterday,false,-1,false\n"
                   "4,C9,A7,CHECK,80,5,maybe,-1,false\n";
  const char *acc = "acct_id,dsply_nm,prior_sar_count,initial_deposit\n"
                    "A7,Account7,false,10\nB2,Account2,true,20\nC9,Account9,0,5\n";
  rf_ingest *r = NULL;
  rf_error err;
  assert_int_equal(
      rf_ingest_open_amlsim_mem(&r, tx, strlen(tx), acc, strlen(acc), "t.csv", NULL, &err), RF_OK);
  rf_txn t;
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_int_equal(t.time, rf_days_from_civil(2017, 1, 3) * 86400);
  assert_string_equal(rf_ingest_txid(r, t.txid), "1");
  assert_int_equal(t.label, 0);
  assert_int_equal(t.channel, RF_CH_WIRE);
  assert_int_equal(rf_ingest_account_label(r, t.src), 0); /* A7 */
  assert_int_equal(rf_ingest_account_label(r, t.dst), 1); /* B2: prior_sar_count true */
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_int_equal(t.label, 1);
  assert_int_equal(t.channel, RF_CH_CASH_WITHDRAWAL);
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EPARSE); /* transaction id 2 again */
  assert_non_null(strstr(err.msg, "t.csv:4"));
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "t.csv:5: field time"));
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "t.csv:6: field is_sar"));
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EEMPTY);
  const rf_ingest_stats *st = rf_ingest_stats_get(r);
  assert_int_equal(st->read, st->processed + st->rejected);
  assert_int_equal(st->rejected, 3);
  assert_true(rf_ingest_has_labels(r));
  rf_ingest_close(r);
  /* an unknown column names the layouts */
  const char *bad = "orig_acct,bene_acct,base_amt,tran_timestamp,colour\nA,B,1,0,red\n";
  assert_int_equal(rf_ingest_open_amlsim_mem(&r, bad, strlen(bad), NULL, 0, "t.csv", NULL, &err),
                   RF_EPARSE);
  assert_non_null(strstr(err.msg, "t.csv:1: unknown column 5 'colour'"));
  assert_non_null(strstr(err.msg, "orig_acct,bene_acct,base_amt,tran_timestamp"));
  /* two columns for one role */
  const char *two = "sourceNodeId,orig_acct,bene_acct,base_amt,time\n1,2,3,4,5\n";
  assert_int_equal(rf_ingest_open_amlsim_mem(&r, two, strlen(two), NULL, 0, "t.csv", NULL, &err),
                   RF_EPARSE);
  assert_non_null(strstr(err.msg, "both give the sender"));
  /* the shared outputs/ sample: tx.csv and accounts.csv in a folder */
  const char *dir = RF_SHARED_DATA "/aml/amlsim/sample_outputs";
  if (access(dir, R_OK)) {
    fprintf(stderr, "skip: %s missing\n", dir);
    return;
  }
  rf_ingest_opts o = {0};
  o.format = RF_FMT_AMLSIM;
  assert_int_equal(rf_ingest_open(&r, dir, &o, &err), RF_OK);
  size_t n = 0;
  rf_status s2;
  while ((s2 = rf_ingest_next(r, &t, &err)) != RF_EEMPTY) {
    assert_int_equal(s2, RF_OK);
    n++;
  }
  assert_int_equal(n, 45); /* tx.csv: 45 transfers */
  size_t fraud = 0;
  for (uint32_t i = 0; i < rf_ingest_naccounts(r); i++) fraud += rf_ingest_account_label(r, i) == 1;
  assert_int_equal(fraud, 4); /* accounts.csv: isFraud true */
  rf_ingest_close(r);
}

/* ----------------------------------------------------------------- redflag */

#define RF_HDR                                                                                     \
  "txn_id,time,channel,amount,currency,orig_account,orig_name,orig_bank,orig_country,bene_"        \
  "account,bene_name,bene_bank,bene_country,branch,city,state,zip,conductor,label\n"

static void test_redflag_csv(void **state) {
  (void)state;
  rf_ingest *r = open_mem(
      RF_HDR
      "T1,2024-03-01T14:05:00Z,cash_deposit,9500.00,USD,,,,,ACC-1,Juan Perez,Bank A,US,BR-"
      "12,El Paso,TX,79901,Maria Lopez,1\n"
      "T2,2024-03-01T15:00:00-06:00,wire,9000,USD,ACC-1,Juan Perez,Bank A,US,MX-77,Comercial "
      "SA,Banco B,MX,,,,,,0\n"
      "T1,2024-03-01T16:00:00Z,wire,1,USD,A,,,,B,,,,,,,,,0\n"
      "T3,2024-03-01T16:00:00Z,cash_withdrawal,1,USD,A,,,,,,,,,,,,,\n",
      RF_FMT_REDFLAG, NULL);
  rf_txn t;
  rf_error err;
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_string_equal(rf_ingest_txid(r, t.txid), "T1");
  int64_t e1;
  assert_int_equal(rf_time_parse("2024-03-01T14:05:00Z", &e1), RF_OK);
  assert_int_equal(t.time, e1);
  assert_int_equal(t.src, RF_NONE);
  assert_string_equal(rf_ingest_account(r, t.dst), "ACC-1");
  assert_int_equal(t.channel, RF_CH_CASH_DEPOSIT);
  assert_string_equal(rf_ingest_text(r, t.location), "BR-12");
  assert_string_equal(rf_ingest_text(r, t.city), "El Paso");
  assert_string_equal(rf_ingest_text(r, t.state), "TX");
  assert_string_equal(rf_ingest_text(r, t.zip), "79901");
  assert_string_equal(rf_ingest_text(r, t.conductor), "Maria Lopez");
  assert_string_equal(rf_ingest_text(r, t.dst_name), "Juan Perez");
  assert_int_equal(t.label, 1);
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_string_equal(rf_ingest_text(r, t.dst_country), "MX");
  assert_int_equal(t.location, RF_NONE);
  int64_t e;
  assert_int_equal(rf_time_parse("2024-03-01T21:00:00Z", &e), RF_OK);
  assert_int_equal(t.time, e);
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "t.csv:4: field txn_id: duplicate transaction id 'T1' (first at "
                                  "line 2)"));
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_int_equal(t.dst, RF_NONE);
  assert_int_equal(t.label, -1);
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EEMPTY);
  assert_int_equal(rf_ingest_stats_get(r)->duplicates, 1);
  rf_ingest_close(r);
}

/* a redflag CSV of n rows, one an hour from 2024-01-01, ids T<k>; row k
 * (0-based) uses the id of row dup_of[k] when dup_of[k] >= 0 */
static char *hourly_csv(size_t n, const long *dup_of) {
  rf_buf b;
  rf_buf_init(&b);
  rf_buf_puts(&b, RF_HDR);
  for (size_t k = 0; k < n; k++) {
    int64_t t = 1704067200 + (int64_t)k * 3600;
    char ts[32];
    rf_time_format(t, ts, sizeof ts);
    long id = dup_of && dup_of[k] >= 0 ? dup_of[k] : (long)k;
    rf_buf_printf(&b, "T%ld,%s,wire,100,USD,A,,,,B,,,,,,,,,\n", id, ts);
  }
  return b.data;
}

/* transaction ids are remembered for one to two dedupe windows: a live feed
 * keeps a bounded set, a repeat inside the window is still rejected, and a
 * forgotten id no longer names anything */
static void test_dedupe_window(void **state) {
  (void)state;
  enum { N = 24 * 100 }; /* 100 days */
  long *dup = malloc(N * sizeof *dup);
  for (size_t k = 0; k < N; k++) dup[k] = -1;
  dup[1000] = 990;  /* 10 hours later: a duplicate */
  dup[2000] = 1900; /* 100 hours later: past a one-day window, a new transaction */
  char *csv = hourly_csv(N, dup);
  rf_ingest_opts o = {.format = RF_FMT_REDFLAG, .jsonl = 0, .dedupe_window = 86400};
  rf_ingest *r = open_mem(csv, RF_FMT_REDFLAG, &o);
  rf_txn t;
  rf_error err;
  rf_status st;
  size_t ok = 0, bad = 0, peak = 0;
  uint32_t first_id = RF_NONE;
  while ((st = rf_ingest_next(r, &t, &err)) != RF_EEMPTY) {
    if (st == RF_OK) {
      ok++;
      if (first_id == RF_NONE) first_id = t.txid;
      const char *nm = rf_ingest_txid(r, t.txid);
      assert_non_null(nm); /* the row just read is always nameable */
    } else {
      bad++;
      assert_int_equal(st, RF_EPARSE);
      assert_non_null(strstr(err.msg, "t.csv:1002: field txn_id: duplicate transaction id 'T990' "
                                      "(first at line 992)"));
    }
    size_t live = rf_i_txids_live(&r->txids);
    if (live > peak) peak = live;
  }
  assert_int_equal(ok, N - 1);
  assert_int_equal(bad, 1);
  assert_int_equal(rf_ingest_stats_get(r)->duplicates, 1);
  /* one row an hour, a one-day window: at most two days of ids (plus the
   * row that rotates), never all 2400 */
  assert_true(peak <= 2 * 24 + 1);
  assert_true(r->txids.rotations >= 98);
  assert_null(rf_ingest_txid(r, first_id)); /* forgotten */
  rf_ingest_close(r);

  /* negative: the whole input is remembered */
  o.dedupe_window = -1;
  r = open_mem(csv, RF_FMT_REDFLAG, &o);
  size_t rej = 0;
  assert_int_equal(drain(r, &rej), N - 2);
  assert_int_equal(rej, 2);
  assert_string_equal(rf_ingest_txid(r, first_id), "T0");
  assert_int_equal(rf_i_txids_live(&r->txids), N - 2);
  rf_ingest_close(r);

  /* the default is 30 days: the 100-hour repeat is caught */
  o.dedupe_window = 0;
  r = open_mem(csv, RF_FMT_REDFLAG, &o);
  assert_int_equal(drain(r, &rej), N - 2);
  assert_true(rf_i_txids_live(&r->txids) <= 2 * 30 * 24 + 1);
  rf_ingest_close(r);
  free(csv);
  free(dup);
}

/* names exported in Latin-1 (Windows-1252) are recoded, not rejected or
 * passed on as invalid UTF-8; UTF-8 rows are left alone */
static void test_wrong_encoding(void **state) {
  (void)state;
  rf_ingest *r = open_mem(RF_HDR "T1,2024-03-01T14:05:00Z,wire,9500.00,USD,A1,Jos\xe9 P\xe9rez,,MX,"
                                 "B1,Se\xf1or Mu\xf1oz \x80,,US,,,,,,0\n"
                                 "T2,2024-03-01T15:00:00Z,wire,9500.00,USD,A1,Jos\xc3\xa9,,MX,B1,"
                                 "Ana,,US,,,,,,0\n",
                          RF_FMT_REDFLAG, NULL);
  rf_txn t;
  rf_error err;
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_string_equal(rf_ingest_text(r, t.src_name), "Jos\xc3\xa9 P\xc3\xa9rez");
  assert_string_equal(rf_ingest_text(r, t.dst_name), "Se\xc3\xb1or Mu\xc3\xb1oz \xe2\x82\xac");
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_string_equal(rf_ingest_text(r, t.src_name), "Jos\xc3\xa9");
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EEMPTY);
  assert_int_equal(rf_ingest_stats_get(r)->recoded, 1);
  rf_ingest_close(r);
  /* JSON Lines: a raw Latin-1 byte would be invalid JSON */
  r = open_mem("{\"txn_id\":\"j1\",\"time\":\"2024-03-01T10:00:00Z\",\"channel\":\"wire\","
               "\"amount\":5,\"currency\":\"USD\",\"orig_account\":\"X\",\"orig_name\":"
               "\"Pe\xf1"
               "a\",\"bene_account\":\"Y\"}\n",
               RF_FMT_REDFLAG, NULL);
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_string_equal(rf_ingest_text(r, t.src_name), "Pe\xc3\xb1"
                                                     "a");
  assert_int_equal(rf_ingest_stats_get(r)->recoded, 1);
  rf_ingest_close(r);
  /* plain ASCII AMLworld rows are not counted */
  r = open_mem(AW_HDR AW_ROW("2022/09/01 00:00"), RF_FMT_AMLWORLD, NULL);
  assert_int_equal(drain(r, NULL), 1);
  assert_int_equal(rf_ingest_stats_get(r)->recoded, 0);
  rf_ingest_close(r);
}

static void test_redflag_csv_errors(void **state) {
  (void)state;
  rf_error err;
  assert_int_equal(
      open_err("txn_id,time,channel,amount,currency,orig_account\n", RF_FMT_REDFLAG, 0, &err),
      RF_ENOTFOUND);
  assert_non_null(strstr(err.msg, "missing required column 'bene_account'"));
  assert_int_equal(open_err("txn_id,time,channel,amount,currency,orig_account,bene_account,"
                            "ammount\n",
                            RF_FMT_REDFLAG, 0, &err),
                   RF_EPARSE);
  assert_non_null(strstr(err.msg, "unknown column 8 'ammount'"));
  rf_ingest *r = open_mem("txn_id,time,channel,amount,currency,orig_account,bene_account\n"
                          "1,2024-03-01,wire,10,USD,A,B\n"
                          "2,2024-03-01,telepathy,10,USD,A,B\n"
                          "3,2024-03-01,wire,,USD,A,B\n"
                          "4,2024-03-01,wire,10,USD,A,\n"
                          "5,2024-03-01,wire,10,USD,,B\n"
                          "6,not a date,wire,10,USD,A,B\n"
                          "7,2024-03-01,wire,1O,USD,A,B\n"
                          ",2024-03-01,wire,10,USD,A,B\n"
                          "9,2024-03-01,cash_deposit,10,USD,,\n",
                          RF_FMT_REDFLAG, NULL);
  size_t bad;
  assert_int_equal(drain(r, &bad), 1);
  assert_int_equal(bad, 8);
  rf_ingest_close(r);
}

static void test_redflag_jsonl(void **state) {
  (void)state;
  const char *in =
      "{\"txn_id\":\"a1\",\"time\":\"2024-03-01T10:00:00Z\",\"channel\":\"wire\",\"amount\":1250."
      "5,\"currency\":\"USD\",\"orig_account\":\"X\",\"bene_account\":\"Y\",\"bene_country\":"
      "\"CN\",\"label\":true}\n"
      "\n"
      "{\"txn_id\":\"a2\",\"time\":\"2024-03-01T11:00:00Z\",\"channel\":\"p2p\",\"amount\":\"7\","
      "\"currency\":\"MXN\",\"orig_account\":\"X\",\"bene_account\":\"Z\",\"state\":null}\n"
      "{not json\n"
      "[1,2]\n"
      "{\"txn_id\":\"a3\",\"time\":\"2024-03-01T11:00:00Z\",\"channel\":\"p2p\",\"amount\":[7],"
      "\"currency\":\"MXN\",\"orig_account\":\"X\",\"bene_account\":\"Z\"}\n"
      "{\"txn_id\":\"a4\",\"time\":\"2024-03-01T11:00:00Z\",\"channel\":\"p2p\",\"amount\":7,"
      "\"currency\":\"MXN\",\"orig_account\":\"X\",\"bene_account\":\"Z\",\"colour\":\"red\"}\n"
      "{\"txn_id\":\"a1\",\"time\":\"2024-03-01T11:00:00Z\",\"channel\":\"p2p\",\"amount\":7,"
      "\"currency\":\"MXN\",\"orig_account\":\"X\",\"bene_account\":\"Z\"}\n"
      "{\"txn_id\":\"a5\",\"time\":\"2024-03-01T11:00:00Z\",\"channel\":\"p2p\",\"amount\":-7,"
      "\"currency\":\"MXN\",\"orig_account\":\"X\",\"bene_account\":\"Z\"}\n"
      "{\"txn_id\":\"a6\",\"time\":\"2024-03-01T11:00:00Z\",\"channel\":\"p2p\",\"amount\":7,"
      "\"currency\":\"MXN\",\"orig_account\":\"X\",\"bene_account\":\"Z\"";
  rf_ingest *r = open_mem(in, RF_FMT_REDFLAG, NULL);
  rf_txn t;
  rf_error err;
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_true(t.amount == 1250.5);
  assert_int_equal(t.label, 1);
  assert_string_equal(rf_ingest_text(r, t.dst_country), "CN");
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_int_equal(t.line, 3);
  assert_int_equal(t.channel, RF_CH_P2P);
  assert_int_equal(t.state, RF_NONE);
  const char *want[] = {"t.csv:4: invalid JSON",
                        "t.csv:5: expected a JSON object",
                        "t.csv:6: field amount: wrong JSON type",
                        "t.csv:7: unknown field 'colour'",
                        "t.csv:8: field txn_id: duplicate",
                        "t.csv:9: field amount: negative",
                        "t.csv:10: invalid JSON"};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    assert_int_not_equal(rf_ingest_next(r, &t, &err), RF_OK);
    if (!strstr(err.msg, want[i])) fprintf(stderr, "got: %s\nwant: %s\n", err.msg, want[i]);
    assert_non_null(strstr(err.msg, want[i]));
  }
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EEMPTY);
  const rf_ingest_stats *s = rf_ingest_stats_get(r);
  assert_int_equal(s->read, 9);
  assert_int_equal(s->processed + s->rejected, s->read);
  rf_ingest_close(r);
  assert_int_equal(open_err("  \n\n", RF_FMT_REDFLAG, 1, &err), RF_EEMPTY);
}

static void test_file_and_detect(void **state) {
  (void)state;
  char path[64];
  snprintf(path, sizeof path, "/tmp/rf_test_in_%d.jsonl", (int)getpid());
  FILE *fp = fopen(path, "w");
  fputs("{\"txn_id\":\"a\",\"time\":\"2024-03-01\",\"channel\":\"ach\",\"amount\":1,\"currency\":"
        "\"USD\",\"orig_account\":\"X\",\"bene_account\":\"Y\"}\n",
        fp);
  fclose(fp);
  rf_ingest_opts o;
  rf_ingest *r = open_redflag_file(path, &o);
  rf_error err;
  rf_txn t;
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_int_equal(t.channel, RF_CH_ACH);
  rf_ingest_close(r);
  unlink(path);
  assert_int_equal(rf_ingest_open(&r, "/nonexistent/x.csv", &o, &err), RF_EIO);
  assert_non_null(strstr(err.msg, "/nonexistent/x.csv"));
  /* a directory opens but cannot be read: an i/o error, not an empty file */
  o.format = RF_FMT_AMLWORLD;
  assert_int_equal(rf_ingest_open(&r, "/tmp", &o, &err), RF_EIO);
  assert_non_null(strstr(err.msg, "/tmp: read error"));
}

static void test_jsonl_lines(void **state) {
  (void)state;
  /* CRLF, an over-long line (skipped, counted), lines across read chunks */
  char path[64];
  snprintf(path, sizeof path, "/tmp/rf_test_lines_%d.jsonl", (int)getpid());
  FILE *fp = fopen(path, "wb");
  const char *row = "{\"txn_id\":\"%d\",\"time\":\"2024-03-01T10:00:00Z\",\"channel\":\"wire\","
                    "\"amount\":%d.5,\"currency\":\"USD\",\"orig_account\":\"X%d\","
                    "\"bene_account\":\"Y\"}\r\n";
  for (int i = 0; i < 3000; i++) {
    if (i == 1500) {
      fputs("{\"txn_id\":\"", fp);
      for (int k = 0; k < (1 << 20) + 10; k++) fputc('z', fp);
      fputs("\"}\n", fp);
    }
    fprintf(fp, row, i, i, i % 7);
  }
  fclose(fp);
  rf_ingest_opts o;
  rf_ingest *r = open_redflag_file(path, &o);
  rf_error err;
  rf_txn t;
  rf_status st;
  int ok = 0, limit = 0;
  double sum = 0;
  while ((st = rf_ingest_next(r, &t, &err)) != RF_EEMPTY) {
    if (st == RF_OK) {
      ok++;
      sum += t.amount;
      assert_string_equal(rf_ingest_text(r, t.currency), "USD");
    } else {
      assert_int_equal(st, RF_ELIMIT);
      assert_non_null(strstr(err.msg, ":1501: line longer than"));
      limit++;
    }
  }
  assert_int_equal(ok, 3000);
  assert_int_equal(limit, 1);
  assert_true(sum == 3000.0 * 2999 / 2 + 1500);
  assert_int_equal(t.line, 3001);
  rf_ingest_close(r);
  unlink(path);
}

/* A pipe that stays open (a live feed): rows come out as their lines are
 * complete, rf_ingest_pending says when the next one would wait, and the
 * end comes when the writer closes. For CSV and JSON Lines. */
static void stream_case(const char *head, const char *part, const char *rest, int jsonl) {
  int fd[2];
  assert_int_equal(pipe(fd), 0);
  assert_true(write(fd[1], head, strlen(head)) == (ssize_t)strlen(head));
  assert_true(write(fd[1], part, strlen(part)) == (ssize_t)strlen(part));
  char path[64];
  snprintf(path, sizeof path, "/dev/fd/%d", fd[0]);
  rf_ingest_opts o = {0};
  o.format = jsonl ? RF_FMT_REDFLAG : RF_FMT_AMLWORLD;
  o.jsonl = jsonl;
  rf_ingest *r = NULL;
  rf_error err;
  assert_int_equal(rf_ingest_open(&r, path, &o, &err), RF_OK);
  rf_txn t;
  assert_int_equal(rf_ingest_pending(r), 1);
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  /* the third line is half written: the next row would wait */
  assert_int_equal(rf_ingest_pending(r), 0);
  assert_int_equal(rf_ingest_wait(r, 20), 0);
  assert_true(write(fd[1], rest, strlen(rest)) == (ssize_t)strlen(rest));
  assert_int_equal(rf_ingest_wait(r, 1000), 1);
  assert_int_equal(rf_ingest_pending(r), 1);
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_OK);
  assert_true(t.amount == 7.5);
  close(fd[1]);
  assert_int_equal(rf_ingest_pending(r), 1); /* the end is there */
  assert_int_equal(rf_ingest_next(r, &t, &err), RF_EEMPTY);
  const rf_ingest_stats *st = rf_ingest_stats_get(r);
  assert_int_equal(st->read, 3);
  assert_int_equal(st->processed, 3);
  rf_ingest_close(r);
  close(fd[0]);
}

static void test_stream_pipe(void **state) {
  (void)state;
  stream_case(AW_HDR "2022/09/01 00:20,1,A,2,B,5,Euro,5,Euro,Wire,0\n"
                     "2022/09/01 00:21,1,A,2,C,6,Euro,6,Euro,Wire,0\n",
              "2022/09/01 00:22,1,A,2,", "D,7.5,Euro,7.5,Euro,Wire,0\n", 0);
  stream_case(
      "{\"txn_id\":\"s1\",\"channel\":\"wire\",\"time\":\"2024-03-01T10:00:00Z\",\"amount\":5,"
      "\"currency\":\"USD\","
      "\"orig_account\":\"X\",\"bene_account\":\"Y\"}\n"
      "{\"txn_id\":\"s2\",\"channel\":\"wire\",\"time\":\"2024-03-01T10:01:00Z\",\"amount\":6,"
      "\"currency\":\"USD\","
      "\"orig_account\":\"X\",\"bene_account\":\"Y\"}\n",
      "{\"txn_id\":\"s3\",\"channel\":\"wire\",\"time\":\"2024-03-01T10:02:00Z\",\"amount\":7.5,",
      "\"currency\":\"USD\",\"orig_account\":\"X\",\"bene_account\":\"Z\"}\n", 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_amlworld_rows),     cmocka_unit_test(test_amlworld_no_label),
      cmocka_unit_test(test_skip_banks),        cmocka_unit_test(test_amlworld_header_errors),
      cmocka_unit_test(test_amlworld_bad_rows), cmocka_unit_test(test_lateness),
      cmocka_unit_test(test_max_jump),          cmocka_unit_test(test_clock_outliers),
      cmocka_unit_test(test_numbers),           cmocka_unit_test(test_channels),
      cmocka_unit_test(test_amlsim_mem),        cmocka_unit_test(test_amlsim_shared),
      cmocka_unit_test(test_redflag_csv),       cmocka_unit_test(test_redflag_csv_errors),
      cmocka_unit_test(test_redflag_jsonl),     cmocka_unit_test(test_file_and_detect),
      cmocka_unit_test(test_jsonl_lines),       cmocka_unit_test(test_wrong_encoding),
      cmocka_unit_test(test_stream_pipe),       cmocka_unit_test(test_amlsim_layouts),
      cmocka_unit_test(test_dedupe_window),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
