/* Streaming alerts: a sink gets every alert exactly once, as soon as it is
 * final and mostly before the stream ends, with the same contents as the
 * alerts read after rf_monitor_finish; released alerts still count in the
 * evaluation; the order does not depend on threads; a failing sink stops
 * the run. */
#include "rf_test.h"

#include "redflag/gen.h"
#include "redflag/ingest.h"
#include "redflag/monitor.h"
#include "monitor/monitor_i.h" /* chunks of forgotten alerts */

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char g_path[64];

static int setup(void **st) {
  (void)st;
  snprintf(g_path, sizeof g_path, "/tmp/rf_sink_test_XXXXXX");
  int fd = mkstemp(g_path);
  if (fd < 0) return -1;
  close(fd);
  rf_gen_opts o;
  rf_gen_opts_default(&o);
  o.seed = 3;
  o.transactions = 60000;
  o.days = 20;
  o.laundering_rate = 0.01;
  rf_error err;
  return rf_gen_run(&o, g_path, NULL, NULL, NULL, &err) ? -1 : 0;
}

static int teardown(void **st) {
  (void)st;
  unlink(g_path);
  return 0;
}

/* what the sink saw: one text line per alert, in delivery order */
typedef struct got {
  char **lines;
  size_t n, cap;
  size_t batches;
  size_t fail_at; /* 1-based batch that fails; 0 = never */
  rf_monitor *m;
  size_t before_finish; /* alerts delivered while the stream ran */
  int finishing;
} got;

static char *describe(const rf_alert *a) {
  char *s = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&s, &len);
  assert_non_null(fp);
  if (a->open) fputs("open ", fp); /* an early copy (sink.early) */
  fprintf(fp, "%llu %d %lld %lld %.4f %g %g |", (unsigned long long)a->id, (int)a->typology,
          (long long)a->window_start, (long long)a->window_end, a->score, a->value, a->threshold);
  for (size_t i = 0; i < a->naccounts; i++) fprintf(fp, " %u", a->accounts[i]);
  fputs(" |", fp);
  for (size_t i = 0; i < a->ntxns; i++) fprintf(fp, " %llu", (unsigned long long)a->txns[i].line);
  fprintf(fp, " | %s", a->explanation ? a->explanation : "");
  fclose(fp);
  return s;
}

static int on_alerts(void *ud, const rf_alert *const *a, size_t n) {
  got *g = ud;
  if (g->fail_at && ++g->batches == g->fail_at) return -1;
  for (size_t i = 0; i < n; i++) {
    assert_true(a[i]->naccounts > 0 && a[i]->ntxns > 0); /* not yet released */
    if (g->n == g->cap) {
      g->cap = g->cap ? 2 * g->cap : 256;
      g->lines = realloc(g->lines, g->cap * sizeof *g->lines);
      assert_non_null(g->lines);
    }
    g->lines[g->n++] = describe(a[i]);
    if (!g->finishing) g->before_finish++;
  }
  return 0;
}

static void got_free(got *g) {
  for (size_t i = 0; i < g->n; i++) free(g->lines[i]);
  free(g->lines);
}

static int cmp_id(const void *x, const void *y) {
  unsigned long long a = strtoull(*(char *const *)x, NULL, 10),
                     b = strtoull(*(char *const *)y, NULL, 10);
  return a < b ? -1 : a > b;
}

/* a reader of the generated file and a monitor, with a sink when g != NULL */
static int g_early; /* start() asks for early copies */

static rf_monitor *start(got *g, int64_t lateness, int release, rf_ingest **r) {
  rf_ingest_opts io;
  memset(&io, 0, sizeof io);
  io.format = RF_FMT_AMLWORLD;
  io.jsonl = -1;
  rf_error err;
  assert_int_equal(rf_ingest_open(r, g_path, &io, &err), RF_OK);
  rf_monitor *m = NULL;
  assert_int_equal(rf_monitor_new(&m, NULL, &err), RF_OK);
  if (g) {
    g->m = m;
    rf_monitor_sink s = {
        .fn = on_alerts, .ud = g, .lateness = lateness, .release = release, .early = g_early};
    rf_monitor_set_sink(m, &s);
  }
  return m;
}

/* runs the generated file through a monitor; with a sink when g != NULL */
static rf_monitor *run(got *g, int threads, int64_t lateness, int release, rf_status expect,
                       rf_monitor_eval *ev) {
  rf_ingest *r = NULL;
  rf_error err;
  rf_monitor *m = start(g, lateness, release, &r);
  rf_monitor_run_opts ro = {.threads = threads};
  rf_status st = rf_monitor_run(m, r, &ro, &err);
  assert_int_equal(st, expect);
  if (st) {
    assert_non_null(strstr(err.msg, "sink"));
    rf_ingest_close(r);
    return m;
  }
  if (g) g->finishing = 1;
  assert_int_equal(rf_monitor_finish(m), RF_OK);
  if (ev) assert_int_equal(rf_monitor_evaluate(m, NULL, NULL, 0, ev, &err), RF_OK);
  rf_ingest_close(r);
  return m;
}

static void test_sink_matches_finish(void **st) {
  (void)st;
  rf_monitor_eval e0, e1;
  rf_monitor *m0 = run(NULL, 2, 0, 0, RF_OK, &e0);
  size_t n = rf_monitor_nalerts(m0);
  assert_true(n > 50);
  got g = {0};
  rf_monitor *m1 = run(&g, 2, 86400, 1, RF_OK, &e1);
  /* every alert once, with the same contents */
  assert_int_equal(g.n, n);
  assert_int_equal(rf_monitor_nalerts(m1), n);
  char **sorted = malloc(n * sizeof *sorted);
  memcpy(sorted, g.lines, n * sizeof *sorted);
  qsort(sorted, n, sizeof *sorted, cmp_id);
  for (size_t i = 0; i < n; i++) {
    char *want = describe(rf_monitor_alert(m0, i));
    assert_string_equal(sorted[i], want);
    free(want);
    /* released: the summary stays, the evidence is gone */
    const rf_alert *a = rf_monitor_alert(m1, i);
    assert_int_equal(a->id, i + 1);
    assert_int_equal(a->naccounts, 0);
    assert_int_equal(a->ntxns, 0);
    assert_null(a->explanation);
  }
  free(sorted);
  /* streaming: most alerts came out while the stream ran */
  assert_true(g.before_finish > n / 2);
  assert_true(g.before_finish < n);
  /* the evaluation counts released alerts as before */
  assert_true(e0.have_txn_labels && e1.have_txn_labels);
  assert_int_equal(e0.txn.tp, e1.txn.tp);
  assert_int_equal(e0.txn.fp, e1.txn.fp);
  assert_int_equal(e0.txn.fn, e1.txn.fn);
  assert_true(e0.txn.tp > 0);
  assert_int_equal(e0.txn_behaviour.tp, e1.txn_behaviour.tp);
  assert_int_equal(e0.account.tp, e1.account.tp);
  assert_int_equal(e0.account.fp, e1.account.fp);
  assert_int_equal(e0.account.fn, e1.account.fn);
  for (int t = 0; t < RF_TYP_COUNT; t++) {
    assert_int_equal(e0.alerts[t], e1.alerts[t]);
    assert_int_equal(e0.alerts_true[t], e1.alerts_true[t]);
    assert_int_equal(e0.txns_covered[t], e1.txns_covered[t]);
  }
  rf_monitor_free(m0);
  rf_monitor_free(m1);
  got_free(&g);
}

static void test_sink_order_threads(void **st) {
  (void)st;
  got g1 = {0}, g2 = {0};
  rf_monitor *m1 = run(&g1, 1, 3600, 0, RF_OK, NULL);
  rf_monitor *m2 = run(&g2, 2, 3600, 0, RF_OK, NULL);
  assert_int_equal(g1.n, g2.n);
  for (size_t i = 0; i < g1.n; i++) assert_string_equal(g1.lines[i], g2.lines[i]);
  /* without release the alerts keep their evidence */
  assert_true(rf_monitor_nalerts(m1) > 0);
  assert_true(rf_monitor_alert(m1, 0)->ntxns > 0);
  rf_monitor_free(m1);
  rf_monitor_free(m2);
  got_free(&g1);
  got_free(&g2);
}

static void test_sink_lateness(void **st) {
  (void)st;
  /* a lateness longer than the stream: nothing is final before the end */
  got g = {0};
  rf_monitor *m = run(&g, 2, 365 * 86400LL, 1, RF_OK, NULL);
  assert_int_equal(g.before_finish, 0);
  assert_int_equal(g.n, rf_monitor_nalerts(m));
  rf_monitor_free(m);
  got_free(&g);
}

static void test_sink_fails(void **st) {
  (void)st;
  for (int threads = 1; threads <= 2; threads++) {
    /* the first delivery fails: alerts close while the stream runs, so the
     * run itself reports it */
    got g = {.fail_at = 1};
    rf_monitor *m = run(&g, threads, 0, 1, RF_EIO, NULL);
    rf_monitor_free(m);
    got_free(&g);
    /* a later delivery fails: from the run, or (when the reader thread kept
     * delivery to one batch during the run, as under load) from finish,
     * never silently */
    got g2 = {.fail_at = 2};
    rf_ingest *r = NULL;
    rf_error err;
    m = start(&g2, 0, 1, &r);
    rf_monitor_run_opts ro = {.threads = threads};
    rf_status rs = rf_monitor_run(m, r, &ro, &err);
    if (rs == RF_OK) {
      assert_true(g2.batches == 1);
      assert_int_equal(rf_monitor_finish(m), RF_EIO);
    } else {
      assert_int_equal(rs, RF_EIO);
      assert_non_null(strstr(err.msg, "sink"));
    }
    assert_true(g2.batches == 2);
    rf_ingest_close(r);
    rf_monitor_free(m);
    got_free(&g2);
  }
}

/* a monitor with young_pass and the sink s */
static rf_monitor *young_monitor(const rf_monitor_sink *s) {
  rf_monitor *m = NULL;
  rf_error err;
  rf_monitor_config c;
  rf_monitor_config_defaults(&c);
  c.young_pass = 1;
  assert_int_equal(rf_monitor_new(&m, &c, &err), RF_OK);
  rf_monitor_set_sink(m, s);
  return m;
}

/* ... with a releasing sink into g (no failure unless g asks) */
static rf_monitor *push_monitor(got *g, int early) {
  rf_monitor_sink s = {.fn = on_alerts, .ud = g, .lateness = 0, .release = 1, .early = early};
  return young_monitor(&s);
}

/* row i of a small stream: nsplit transfers 1 -> 2 ten minutes apart (one
 * split-payment alert), then quiet traffic elsewhere every 6 hours */
static void push_row(rf_txn *t, int i, int nsplit) {
  memset(t, 0, sizeof *t);
  t->txid = t->currency = t->currency_received = RF_NONE;
  t->src_bank = t->dst_bank = t->src_name = t->dst_name = RF_NONE;
  t->src_country = t->dst_country = t->location = t->state = t->conductor = RF_NONE;
  t->channel = RF_CH_WIRE;
  t->label = -1;
  t->line = (uint64_t)i + 2;
  t->time = 1700000000LL + (i < nsplit ? i * 600 : (int64_t)i * 6 * 3600);
  t->src = i < nsplit ? 1 : 10 + (uint32_t)i;
  t->dst = i < nsplit ? 2 : 100 + (uint32_t)i;
  t->amount = t->amount_received = i < nsplit ? 500 : 20;
}

/* push without rf_monitor_run: delivery inside push, and a failing sink
 * makes push return RF_EIO */
static void test_sink_push(void **st) {
  (void)st;
  got g = {.fail_at = 1};
  rf_monitor *m = push_monitor(&g, 0);
  rf_txn t;
  rf_status last = RF_OK;
  for (int i = 0; i < 40 && last == RF_OK; i++) {
    push_row(&t, i, 3);
    last = rf_monitor_push(m, &t);
  }
  assert_int_equal(rf_monitor_nalerts(m), 1);
  assert_int_equal(last, RF_EIO); /* the alert closed after 3 quiet days and the sink failed */
  rf_monitor_free(m);
  got_free(&g);
}

/* early: the push that opens an alert hands over a copy at once (open, the
 * evidence so far, not released); more evidence sends nothing; the final
 * alert follows after the quiet days, with the same id and all evidence */
static void test_sink_early_push(void **st) {
  (void)st;
  got g = {0};
  rf_monitor *m = push_monitor(&g, 1);
  rf_txn t;
  for (int i = 0; i < 40; i++) {
    push_row(&t, i, 4);
    assert_int_equal(rf_monitor_push(m, &t), RF_OK);
    if (i == 2) { /* the third split transfer opened the alert */
      assert_int_equal(g.n, 1);
      assert_non_null(strstr(g.lines[0], "open 1 "));
      assert_non_null(strstr(g.lines[0], "| 2 3 4 |"));
      assert_int_equal(rf_monitor_alert(m, 0)->ntxns, 3); /* the alert itself is kept */
      assert_int_equal(rf_monitor_alert(m, 0)->open, 0);
    }
    if (i == 3) assert_int_equal(g.n, 1); /* its fourth piece: no new copy */
  }
  assert_int_equal(rf_monitor_nalerts(m), 1);
  assert_int_equal(g.n, 2);
  assert_true(!strncmp(g.lines[1], "1 ", 2));
  assert_non_null(strstr(g.lines[1], "| 2 3 4 5 |"));
  assert_int_equal(rf_monitor_finish(m), RF_OK);
  assert_int_equal(g.n, 2);
  rf_monitor_free(m);
  got_free(&g);
}

/* early under rf_monitor_run: the final alerts are those of a run without
 * early copies, in the same order; each copy comes before its final alert
 * and at most once */
static void test_sink_early_run(void **st) {
  (void)st;
  got g0 = {0};
  rf_monitor *m0 = run(&g0, 2, 86400, 1, RF_OK, NULL);
  for (int threads = 1; threads <= 2; threads++) {
    got g = {0};
    g_early = 1;
    rf_monitor *m = run(&g, threads, 86400, 1, RF_OK, NULL);
    g_early = 0;
    size_t nfinal = 0, nopen = 0;
    for (size_t i = 0; i < g.n; i++) {
      if (strncmp(g.lines[i], "open ", 5)) {
        assert_true(nfinal < g0.n);
        assert_string_equal(g.lines[i], g0.lines[nfinal]);
        nfinal++;
        continue;
      }
      nopen++;
      unsigned long long id = strtoull(g.lines[i] + 5, NULL, 10);
      for (size_t j = 0; j < i; j++) /* its final alert is not out yet */
        assert_true(strtoull(g.lines[j] + (strncmp(g.lines[j], "open ", 5) ? 0 : 5), NULL, 10) !=
                    id);
    }
    assert_int_equal(nfinal, g0.n);
    assert_true(nopen > 0);
    rf_monitor_free(m);
    got_free(&g);
  }
  rf_monitor_free(m0);
  got_free(&g0);
}

/* forget: on an unlabelled stream a delivered alert is gone for good; memory
 * holds the open alerts and at most two chunks of 1,024; the counts stay.
 * A labelled stream keeps them. */
static int on_count(void *ud, const rf_alert *const *a, size_t n) {
  uint8_t *seen = ud;
  for (size_t i = 0; i < n; i++) {
    assert_true(a[i]->id >= 1 && a[i]->id <= 3000);
    assert_int_equal(seen[a[i]->id - 1], 0); /* exactly once */
    seen[a[i]->id - 1] = 1;
  }
  return 0;
}

static int any_label(void *ud, uint32_t acct) {
  (void)ud;
  (void)acct;
  return 0;
}

static void test_sink_forget(void **st) {
  (void)st;
  for (int labelled = 0; labelled <= 1; labelled++) {
    uint8_t *seen = calloc(3000, 1);
    rf_monitor_sink s = {.fn = on_count, .ud = seen, .release = 1, .forget = 1};
    rf_monitor *m = young_monitor(&s);
    rf_error err;
    size_t most_kept = 0, most_chunks = 0;
    for (uint32_t j = 0; j < 3000; j++) { /* pair j splits a payment in three, hour j */
      for (int k = 0; k < 3; k++) {
        rf_txn t;
        push_row(&t, 0, 1);
        t.line = 2 + 3 * (uint64_t)j + (uint64_t)k;
        t.time = 1700000000LL + (int64_t)j * 3600 + k * 60;
        t.src = 2 * j;
        t.dst = 2 * j + 1;
        t.label = labelled ? 0 : -1;
        assert_int_equal(rf_monitor_push(m, &t), RF_OK);
      }
      if (j % 100 == 99) {
        size_t kept = 0, chunks = 0;
        for (size_t i = 0; i < rf_monitor_nalerts(m); i++) kept += rf_monitor_alert(m, i) != NULL;
        for (size_t k = 0; k < m->nachunk; k++) chunks += m->achunk[k] != NULL;
        if (kept > most_kept) most_kept = kept;
        if (chunks > most_chunks) most_chunks = chunks;
      }
    }
    assert_int_equal(rf_monitor_finish(m), RF_OK);
    assert_int_equal(rf_monitor_nalerts(m), 3000);
    for (size_t i = 0; i < 3000; i++) assert_int_equal(seen[i], 1);
    uint64_t counts[RF_TYP_COUNT];
    rf_monitor_counts(m, counts);
    assert_int_equal(counts[RF_TYP_STRUCTURING], 3000);
    rf_monitor_eval ev;
    if (!labelled) {
      assert_true(most_kept <= 80); /* about three days of hourly alerts stay open */
      assert_true(most_chunks <= 2);
      for (size_t i = 0; i < 3000; i++) assert_null(rf_monitor_alert(m, i));
      assert_int_equal(rf_monitor_evaluate(m, any_label, NULL, 6000, &ev, &err), RF_EINVAL);
      assert_non_null(strstr(err.msg, "forgotten"));
    } else {
      assert_true(most_kept >= 2900); /* labelled: kept for the evaluation */
      for (size_t i = 0; i < 3000; i++) assert_non_null(rf_monitor_alert(m, i));
      assert_int_equal(rf_monitor_evaluate(m, NULL, NULL, 0, &ev, &err), RF_OK);
      assert_int_equal(ev.alerts[RF_TYP_STRUCTURING], 3000);
    }
    free(seen);
    rf_monitor_free(m);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sink_matches_finish), cmocka_unit_test(test_sink_order_threads),
      cmocka_unit_test(test_sink_lateness),       cmocka_unit_test(test_sink_fails),
      cmocka_unit_test(test_sink_push),           cmocka_unit_test(test_sink_early_push),
      cmocka_unit_test(test_sink_early_run),      cmocka_unit_test(test_sink_forget),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
