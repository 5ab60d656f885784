/* rf_monitor_store_alerts: every alert reaches the store, in batches, with
 * the input's account names and evidence as transaction ids or line numbers. */
#include "rf_test.h"

#include "monitor_test.h"

#include "redflag/monitor.h"
#include "redflag/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define T0 1700000000LL

static char g_dir[64];

static int setup(void **st) {
  (void)st;
  snprintf(g_dir, sizeof g_dir, "/tmp/rf_persist_test_XXXXXX");
  return mkdtemp(g_dir) ? 0 : -1;
}

static int teardown(void **st) {
  (void)st;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
  return system(cmd) == 0 ? 0 : -1;
}

static const char *acct_name(void *ud, uint32_t id) {
  static char buf[4][32];
  static int k;
  (void)ud;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "ACC%u", id);
  return buf[k];
}

static const char *txn_name(void *ud, uint32_t id) {
  static char buf[32];
  (void)ud;
  snprintf(buf, sizeof buf, "T-%u", id);
  return buf;
}

/* npairs accounts 2i -> 2i+1, three transfers of 500 within an hour each:
 * one split-transfer alert per pair; every other pair carries transaction ids */
static rf_monitor *split_alerts(uint32_t npairs) {
  rf_monitor_config c;
  rf_monitor_config_defaults(&c);
  c.young_pass = 1;
  rf_monitor *m = NULL;
  rf_error err;
  assert_int_equal(rf_monitor_new(&m, &c, &err), RF_OK);
  uint64_t line = 1;
  for (int k = 0; k < 3; k++)
    for (uint32_t i = 0; i < npairs; i++) {
      rf_txn t = rf_test_txn(++line, 2 * i, 2 * i + 1, T0 + k * 600 + i / 1000, 500, RF_CH_WIRE);
      t.txid = i % 2 ? (uint32_t)line : RF_NONE;
      assert_int_equal(rf_monitor_push(m, &t), RF_OK);
    }
  rf_monitor_finish(m);
  return m;
}

typedef struct seen {
  size_t n, with_ids, with_lines;
  int names_ok;
} seen;

static int on_alert(void *ud, const rf_store_alert *a) {
  seen *s = ud;
  s->n++;
  if (a->naccounts != 2 || strncmp(a->accounts[0], "ACC", 3)) s->names_ok = 0;
  if (a->ntransactions != 3) s->names_ok = 0;
  for (size_t k = 0; k < a->ntransactions; k++) {
    if (!strncmp(a->transactions[k], "T-", 2))
      s->with_ids++;
    else if (!strncmp(a->transactions[k], "line:", 5))
      s->with_lines++;
    else
      s->names_ok = 0;
  }
  return 0;
}

static void test_store_batches(void **st) {
  (void)st;
  /* more alerts than one commit batch */
  uint32_t npairs = RF_MONITOR_STORE_BATCH + 321;
  rf_monitor *m = split_alerts(npairs);
  assert_int_equal(rf_monitor_nalerts(m), npairs);
  char path[128];
  snprintf(path, sizeof path, "%s/alerts.db", g_dir);
  rf_store *db;
  rf_error err;
  assert_int_equal(rf_store_open(&db, path, &err), RF_OK);
  rf_store_run run = {.command = "monitor", .input = "test", .format = "redflag"};
  int64_t rid;
  assert_int_equal(rf_store_run_begin(db, &run, &rid, &err), RF_OK);
  assert_int_equal(rf_monitor_store_alerts(m, db, rid, acct_name, txn_name, NULL, &err), RF_OK);
  uint64_t n = 0;
  assert_int_equal(rf_store_alerts_count(db, rid, &n, &err), RF_OK);
  assert_int_equal(n, npairs);
  seen s = {.names_ok = 1};
  rf_store_query q = {.run_id = rid};
  assert_int_equal(rf_store_alerts_query(db, &q, on_alert, &s, &err), RF_OK);
  assert_int_equal(s.n, npairs);
  assert_true(s.names_ok);
  /* half the pairs had transaction ids, the other half are named by line */
  assert_int_equal(s.with_ids, 3 * (npairs / 2));
  assert_int_equal(s.with_lines, 3 * (npairs - npairs / 2));
  /* without txn names every piece of evidence is a line */
  assert_int_equal(rf_store_run_begin(db, &run, &rid, &err), RF_OK);
  assert_int_equal(rf_monitor_store_alerts(m, db, rid, acct_name, NULL, NULL, &err), RF_OK);
  seen s2 = {.names_ok = 1};
  q.run_id = rid;
  assert_int_equal(rf_store_alerts_query(db, &q, on_alert, &s2, &err), RF_OK);
  assert_int_equal(s2.with_lines, 3 * (size_t)npairs);
  rf_store_close(db);
  rf_monitor_free(m);
}

static void test_store_bad_args(void **st) {
  (void)st;
  rf_error err;
  assert_int_equal(rf_monitor_store_alerts(NULL, NULL, 1, acct_name, NULL, NULL, &err), RF_EINVAL);
  assert_non_null(strstr(err.msg, "store_alerts"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_store_batches),
      cmocka_unit_test(test_store_bad_args),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
