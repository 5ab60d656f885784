/* Store: schema migration, round trip, filters, crash safety. */
#include "rf_test.h"

#include "redflag/store.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static char g_dir[256];

static void db_path(char *out, size_t n, const char *name) {
  snprintf(out, n, "%s/%s", g_dir, name);
}

static int setup(void **st) {
  (void)st;
  snprintf(g_dir, sizeof g_dir, "/tmp/rf_store_test_XXXXXX");
  return mkdtemp(g_dir) ? 0 : -1;
}

static int teardown(void **st) {
  (void)st;
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
  return system(cmd) == 0 ? 0 : -1;
}

static rf_store_alert mk_alert(int64_t run, int64_t id, const char *typ, double score,
                               const char *const *acc, size_t nacc, const char *const *tx,
                               size_t ntx) {
  rf_store_alert a = {.run_id = run,
                      .alert_id = id,
                      .typology = typ,
                      .score = score,
                      .window_start = "2022-09-01T00:00:00Z",
                      .window_end = "2022-09-02T00:00:00Z",
                      .explanation = "because",
                      .accounts = acc,
                      .naccounts = nacc,
                      .transactions = tx,
                      .ntransactions = ntx};
  return a;
}

typedef struct collected {
  int n;
  int64_t ids[64];
  char first_acc[64][32];
  size_t nacc[64], ntx[64];
  char typ[64][32];
  char status[64][8];
} collected;

static int collect(void *ud, const rf_store_alert *a) {
  collected *c = ud;
  c->ids[c->n] = a->alert_id;
  c->nacc[c->n] = a->naccounts;
  c->ntx[c->n] = a->ntransactions;
  snprintf(c->first_acc[c->n], 32, "%s", a->naccounts ? a->accounts[0] : "");
  snprintf(c->typ[c->n], 32, "%s", a->typology);
  snprintf(c->status[c->n], 8, "%s", a->status ? a->status : "(null)");
  c->n++;
  return 0;
}

typedef struct runs_seen {
  int n;
  uint64_t rows[8];
  int finished[8];
} runs_seen;

static int collect_run(void *ud, const rf_store_run *r) {
  runs_seen *rs = ud;
  rs->rows[rs->n] = r->rows_read;
  rs->finished[rs->n] = r->finished_at != NULL;
  rs->n++;
  return 0;
}

static void test_roundtrip(void **st) {
  (void)st;
  char path[300];
  db_path(path, sizeof path, "rt.db");
  rf_store *s;
  rf_error err;
  assert_int_equal(rf_store_open(&s, path, &err), RF_OK);
  assert_int_equal(rf_store_schema_version(s), RF_STORE_SCHEMA_VERSION);
  rf_store_run run = {.command = "monitor", .input = "x.csv", .format = "amlworld"};
  int64_t rid;
  assert_int_equal(rf_store_run_begin(s, &run, &rid, &err), RF_OK);
  assert_int_equal(rid, 1);
  const char *acc1[] = {"8000EBD30", "80A2B9C41"}, *acc2[] = {"100428660"};
  const char *tx1[] = {"line:2", "line:7", "line:9"}, *tx2[] = {"T-1"};
  assert_int_equal(rf_store_begin(s, &err), RF_OK);
  rf_store_alert a = mk_alert(rid, 1, "fan_in", 0.7, acc1, 2, tx1, 3);
  assert_int_equal(rf_store_alert_insert(s, &a, &err), RF_OK);
  /* an early copy of alert 2 (another typology, more evidence), then the
   * final alert replaces it whole */
  a = mk_alert(rid, 2, "stack", 0.6, acc1, 2, tx1, 3);
  a.status = "open";
  assert_int_equal(rf_store_alert_insert(s, &a, &err), RF_OK);
  a = mk_alert(rid, 2, "cycle", 0.9, acc2, 1, tx2, 1);
  assert_int_equal(rf_store_alert_insert(s, &a, &err), RF_OK);
  assert_int_equal(rf_store_commit(s, &err), RF_OK);
  run.rows_read = 10;
  run.processed = 9;
  run.rejected = 1;
  run.alerts = 2;
  run.seconds = 0.5;
  run.summary_json = "{}";
  assert_int_equal(rf_store_run_finish(s, &run, &err), RF_OK);
  /* an alert of no run is an error with a message */
  a.run_id = 99;
  assert_int_equal(rf_store_alert_insert(s, &a, &err), RF_EDB);
  assert_non_null(strstr(err.msg, path));
  rf_store_close(s);

  /* reopen: migration is idempotent, data is there */
  assert_int_equal(rf_store_open(&s, path, &err), RF_OK);
  collected c;
  memset(&c, 0, sizeof c);
  assert_int_equal(rf_store_alerts_query(s, NULL, collect, &c, &err), RF_OK);
  assert_int_equal(c.n, 2);
  assert_int_equal(c.ids[0], 1);
  assert_int_equal(c.nacc[0], 2);
  assert_int_equal(c.ntx[0], 3);
  assert_string_equal(c.first_acc[0], "8000EBD30");
  assert_string_equal(c.typ[1], "cycle");
  assert_int_equal(c.nacc[1], 1);
  assert_int_equal(c.ntx[1], 1);
  assert_string_equal(c.status[0], "final");
  assert_string_equal(c.status[1], "final");
  /* filters */
  memset(&c, 0, sizeof c);
  rf_store_query q = {.account = "80A2B9C41"};
  assert_int_equal(rf_store_alerts_query(s, &q, collect, &c, &err), RF_OK);
  assert_int_equal(c.n, 1);
  assert_int_equal(c.ids[0], 1);
  memset(&c, 0, sizeof c);
  rf_store_query q2 = {.typology = "cycle", .min_score = 0.8};
  assert_int_equal(rf_store_alerts_query(s, &q2, collect, &c, &err), RF_OK);
  assert_int_equal(c.n, 1);
  assert_int_equal(c.ids[0], 2);
  memset(&c, 0, sizeof c);
  rf_store_query q3 = {.min_score = 0.95};
  assert_int_equal(rf_store_alerts_query(s, &q3, collect, &c, &err), RF_OK);
  assert_int_equal(c.n, 0);
  uint64_t n = 0;
  assert_int_equal(rf_store_alerts_count(s, 1, &n, &err), RF_OK);
  assert_int_equal(n, 2);
  /* second run gets the next id */
  rf_store_run run2 = {.command = "monitor"};
  assert_int_equal(rf_store_run_begin(s, &run2, &rid, &err), RF_OK);
  assert_int_equal(rid, 2);
  rf_store_close(s);

  /* read-only: the same alerts and both runs (the second unfinished); no
   * writes */
  assert_int_equal(rf_store_open_readonly(&s, path, &err), RF_OK);
  memset(&c, 0, sizeof c);
  assert_int_equal(rf_store_alerts_query(s, NULL, collect, &c, &err), RF_OK);
  assert_int_equal(c.n, 2);
  runs_seen rs = {0};
  assert_int_equal(rf_store_runs_query(s, 0, collect_run, &rs, &err), RF_OK);
  assert_int_equal(rs.n, 2);
  assert_int_equal(rs.rows[0], 10);
  assert_int_equal(rs.finished[0], 1);
  assert_int_equal(rs.finished[1], 0);
  memset(&rs, 0, sizeof rs);
  assert_int_equal(rf_store_runs_query(s, 2, collect_run, &rs, &err), RF_OK);
  assert_int_equal(rs.n, 1);
  a.run_id = 1;
  assert_int_equal(rf_store_alert_insert(s, &a, &err), RF_EINVAL);
  assert_non_null(strstr(err.msg, "read-only"));
  rf_store_close(s);
  /* not a redflag database, and no file at all */
  char other[300];
  db_path(other, sizeof other, "other.db");
  FILE *fp = fopen(other, "w");
  assert_non_null(fp);
  fputs("plain text", fp);
  fclose(fp);
  assert_int_equal(rf_store_open_readonly(&s, other, &err), RF_EDB);
  assert_null(s);
  db_path(other, sizeof other, "none.db");
  assert_int_equal(rf_store_open_readonly(&s, other, &err), RF_EDB);
  assert_non_null(strstr(err.msg, "none.db"));
}

static void test_rollback_and_uncommitted(void **st) {
  (void)st;
  char path[300];
  db_path(path, sizeof path, "rb.db");
  rf_store *s;
  rf_error err;
  assert_int_equal(rf_store_open(&s, path, &err), RF_OK);
  rf_store_run run = {.command = "monitor"};
  int64_t rid;
  assert_int_equal(rf_store_run_begin(s, &run, &rid, &err), RF_OK);
  const char *acc[] = {"A"};
  assert_int_equal(rf_store_begin(s, &err), RF_OK);
  rf_store_alert a = mk_alert(rid, 1, "fan_in", 0.7, acc, 1, NULL, 0);
  assert_int_equal(rf_store_alert_insert(s, &a, &err), RF_OK);
  assert_int_equal(rf_store_commit(s, &err), RF_OK);
  assert_int_equal(rf_store_begin(s, &err), RF_OK);
  a.alert_id = 2;
  assert_int_equal(rf_store_alert_insert(s, &a, &err), RF_OK);
  assert_int_equal(rf_store_rollback(s, &err), RF_OK);
  assert_int_equal(rf_store_begin(s, &err), RF_OK);
  a.alert_id = 3;
  assert_int_equal(rf_store_alert_insert(s, &a, &err), RF_OK);
  rf_store_close(s); /* closed without commit */
  assert_int_equal(rf_store_open(&s, path, &err), RF_OK);
  uint64_t n = 0;
  assert_int_equal(rf_store_alerts_count(s, rid, &n, &err), RF_OK);
  assert_int_equal(n, 1);
  rf_store_close(s);
}

static void test_crash_kill9(void **st) {
  (void)st;
  char path[300];
  db_path(path, sizeof path, "crash.db");
  int pfd[2];
  assert_int_equal(pipe(pfd), 0);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    /* child: commit 3 batches of 100 alerts, start a 4th, then die hard */
    close(pfd[0]);
    rf_store *s;
    rf_error err;
    if (rf_store_open(&s, path, &err)) _exit(3);
    rf_store_run run = {.command = "monitor"};
    int64_t rid;
    if (rf_store_run_begin(s, &run, &rid, &err)) _exit(4);
    const char *acc[] = {"A", "B"};
    const char *tx[] = {"line:1"};
    int64_t id = 0;
    for (int b = 0; b < 4; b++) {
      if (rf_store_begin(s, &err)) _exit(5);
      for (int i = 0; i < 100; i++) {
        rf_store_alert a = mk_alert(rid, ++id, "structuring", 0.6, acc, 2, tx, 1);
        if (rf_store_alert_insert(s, &a, &err)) _exit(6);
      }
      if (b < 3 && rf_store_commit(s, &err)) _exit(7);
    }
    char ok = 'k';
    if (write(pfd[1], &ok, 1) != 1) _exit(8);
    for (;;) pause(); /* parent kills us mid-transaction */
  }
  close(pfd[1]);
  char ch = 0;
  assert_int_equal(read(pfd[0], &ch, 1), 1);
  close(pfd[0]);
  assert_int_equal(ch, 'k');
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  rf_store *s;
  rf_error err;
  assert_int_equal(rf_store_open(&s, path, &err), RF_OK);
  uint64_t n = 0;
  assert_int_equal(rf_store_alerts_count(s, 0, &n, &err), RF_OK);
  assert_int_equal(n, 300);
  collected c;
  memset(&c, 0, sizeof c);
  rf_store_query q = {.limit = 2};
  assert_int_equal(rf_store_alerts_query(s, &q, collect, &c, &err), RF_OK);
  assert_int_equal(c.n, 2);
  assert_int_equal(c.nacc[1], 2);
  rf_store_close(s);
}

static void test_bad_path(void **st) {
  (void)st;
  rf_store *s = NULL;
  rf_error err;
  assert_int_equal(rf_store_open(&s, "/nonexistent-dir/x.db", &err), RF_EDB);
  assert_null(s);
  assert_non_null(strstr(err.msg, "/nonexistent-dir/x.db"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_roundtrip),
      cmocka_unit_test(test_rollback_and_uncommitted),
      cmocka_unit_test(test_crash_kill9),
      cmocka_unit_test(test_bad_path),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
