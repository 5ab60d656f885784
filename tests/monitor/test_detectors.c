/* Each detector fires on a crafted positive and stays quiet on a crafted negative. */
#include "rf_test.h"

#include "monitor_test.h"

#include "redflag/monitor.h"

#include <stdio.h>
#include <stdlib.h>

#define T0 1700000000LL
#define H 3600LL
#define D 86400LL

static uint64_t g_line;

static rf_txn mk(uint32_t src, uint32_t dst, int64_t time, double amount, rf_channel ch) {
  return rf_test_txn(++g_line, src, dst, time, amount, ch);
}

/* The defaults, no warm-up (every crafted account counts as new). */
static rf_monitor_config defaults(void) {
  rf_monitor_config c;
  rf_monitor_config_defaults(&c);
  c.young_pass = 1;
  return c;
}

/* A monitor with those defaults. */
static rf_monitor *mon(rf_monitor_config *out) {
  g_line = 0;
  rf_monitor_config c = defaults();
  if (out) *out = c;
  rf_monitor *m = NULL;
  rf_error err;
  assert_int_equal(rf_monitor_new(&m, &c, &err), RF_OK);
  return m;
}

static void push(rf_monitor *m, rf_txn t) { assert_int_equal(rf_monitor_push(m, &t), RF_OK); }

static uint64_t count(rf_monitor *m, rf_typology typ) {
  uint64_t c[RF_TYP_COUNT];
  rf_monitor_counts(m, c);
  return c[typ];
}

/* alerts of a typology whose window starts at or after start and ends at
 * or after end (INT64_MIN: no bound) */
static uint64_t count_late(rf_monitor *m, rf_typology typ, int64_t start, int64_t end) {
  uint64_t n = 0;
  for (size_t i = 0; i < rf_monitor_nalerts(m); i++) {
    const rf_alert *a = rf_monitor_alert(m, i);
    n += a->typology == typ && a->window_start >= start && a->window_end >= end;
  }
  return n;
}

/* first alert of a typology */
static const rf_alert *find(rf_monitor *m, rf_typology typ) {
  for (size_t i = 0; i < rf_monitor_nalerts(m); i++)
    if (rf_monitor_alert(m, i)->typology == typ) return rf_monitor_alert(m, i);
  return NULL;
}

static int names(const rf_alert *a, uint32_t acct) {
  for (size_t i = 0; i < a->naccounts; i++)
    if (a->accounts[i] == acct) return 1;
  return 0;
}

static void check_alert_shape(const rf_alert *a) {
  assert_non_null(a);
  assert_true(a->score >= 0 && a->score <= 1);
  assert_true(a->ntxns > 0);
  assert_true(a->naccounts > 0);
  assert_non_null(a->explanation);
  assert_true(strlen(a->explanation) > 10);
  assert_true(a->window_start <= a->window_end);
}

static void test_structuring_cash(void **st) {
  (void)st;
  rf_monitor *m = mon(NULL);
  /* four cash deposits of 9,500-9,900 into account 1 by different depositors within 3 days */
  for (uint32_t i = 0; i < 4; i++) {
    rf_txn t = mk(10 + i, 1, T0 + i * 18 * H, 9500 + 100 * i, RF_CH_CASH_DEPOSIT);
    t.conductor = 100 + i;
    t.location = 200 + i;
    push(m, t);
  }
  rf_monitor_finish(m);
  const rf_alert *a = find(m, RF_TYP_STRUCTURING);
  check_alert_shape(a);
  assert_int_equal(a->accounts[0], 1);
  assert_int_equal(a->ntxns, 4);
  assert_non_null(strstr(a->explanation, "4 cash deposits"));
  assert_non_null(strstr(a->explanation, "4 conductors"));
  /* evidence carries the input's times, lines, places (kept outside the edges) */
  for (size_t k = 0; k < a->ntxns; k++) {
    assert_int_equal(a->txns[k].time, T0 + (int64_t)(a->txns[k].line - 1) * 18 * H);
    assert_int_equal(a->txns[k].amount, 9500 + 100 * (a->txns[k].line - 1));
  }
  assert_int_equal(a->window_start, T0);
  assert_int_equal(a->window_end, T0 + 3 * 18 * H);
  assert_non_null(strstr(a->explanation, "4 branches/locations"));
  rf_monitor_free(m);

  /* negative: the same deposits well under the threshold band, or spread over months */
  m = mon(NULL);
  for (uint32_t i = 0; i < 4; i++) push(m, mk(10 + i, 1, T0 + i * H, 4000, RF_CH_CASH_DEPOSIT));
  for (uint32_t i = 0; i < 4; i++)
    push(m, mk(10 + i, 2, T0 + 10 * D + i * 20 * D, 9600, RF_CH_CASH_DEPOSIT));
  /* and wires just under the threshold are not cash */
  for (uint32_t i = 0; i < 4; i++) push(m, mk(20 + i, 3, T0 + 200 * D + i * H, 9600, RF_CH_WIRE));
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_STRUCTURING), 0);
  rf_monitor_free(m);
}

/* Cash at a teller has one account: deposits without an originator and
 * withdrawals without a beneficiary (allowed by the redflag format) reach the
 * single-account detectors, and the graph detectors do not see a fake
 * counterparty. */
static void test_cash_one_sided(void **st) {
  (void)st;
  rf_monitor *m = mon(NULL);
  for (uint32_t i = 0; i < 4; i++) {
    rf_txn t = mk(RF_NONE, 1, T0 + i * 18 * H, 9500 + 100 * i, RF_CH_CASH_DEPOSIT);
    t.conductor = 100 + i;
    t.location = 200 + i;
    push(m, t);
  }
  /* ten more deposits: cash from ten conductors is no fan-in of accounts */
  for (uint32_t i = 0; i < 10; i++) {
    rf_txn t = mk(RF_NONE, 1, T0 + 3 * D + i * H, 2000, RF_CH_CASH_DEPOSIT);
    t.conductor = 110 + i;
    push(m, t);
  }
  /* a wire in, then a withdrawal with no beneficiary account: pass-through */
  push(m, mk(2, 3, T0 + 5 * D, 20000, RF_CH_WIRE));
  push(m, mk(3, RF_NONE, T0 + 5 * D + 2 * H, 19500, RF_CH_CASH_WITHDRAWAL));
  rf_monitor_finish(m);
  const rf_alert *a = find(m, RF_TYP_STRUCTURING);
  check_alert_shape(a);
  assert_int_equal(a->accounts[0], 1);
  assert_int_equal(a->naccounts, 1);
  assert_int_equal(a->ntxns, 4);
  assert_non_null(strstr(a->explanation, "0 counterparties"));
  assert_non_null(strstr(a->explanation, "4 conductors"));
  for (size_t k = 0; k < a->ntxns; k++) {
    assert_int_equal(a->txns[k].src, RF_NONE);
    assert_int_equal(a->txns[k].dst, 1);
  }
  assert_int_equal(count(m, RF_TYP_FAN_IN), 0);
  const rf_alert *p = find(m, RF_TYP_PASS_THROUGH);
  check_alert_shape(p);
  assert_int_equal(p->accounts[0], 3);
  assert_int_equal(p->ntxns, 2);
  assert_int_equal(p->txns[1].dst, RF_NONE);
  rf_monitor_free(m);
}

static void test_structuring_split(void **st) {
  (void)st;
  rf_monitor *m = mon(NULL);
  for (int i = 0; i < 3; i++) push(m, mk(1, 2, T0 + i * 2 * H, 300 + i, RF_CH_ACH));
  rf_monitor_finish(m);
  const rf_alert *a = find(m, RF_TYP_STRUCTURING);
  check_alert_shape(a);
  assert_true(names(a, 1) && names(a, 2));
  assert_int_equal(a->ntxns, 3);
  rf_monitor_free(m);

  m = mon(NULL);
  /* two transfers only, and three spread over three days */
  push(m, mk(1, 2, T0, 300, RF_CH_ACH));
  push(m, mk(1, 2, T0 + H, 300, RF_CH_ACH));
  for (int i = 0; i < 3; i++) push(m, mk(3, 4, T0 + 5 * D + i * 2 * D, 300, RF_CH_ACH));
  /* three card purchases at one merchant within hours are shopping */
  for (int i = 0; i < 3; i++) push(m, mk(5, 6, T0 + 20 * D + i * H, 300, RF_CH_CARD));
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_STRUCTURING), 0);
  rf_monitor_free(m);
}

/* a new monitor with config c, input lines counted from 1 again */
static rf_monitor *fresh(rf_monitor_config *c) {
  g_line = 0;
  rf_monitor *m = NULL;
  rf_error err;
  assert_int_equal(rf_monitor_new(&m, c, &err), RF_OK);
  return m;
}

/* a split payment 1 -> 2 of pieces 12.25 + step * i; later other parties pay 2 */
static rf_monitor *split_then(rf_monitor_config *c, double step) {
  rf_monitor *m = fresh(c);
  for (int i = 0; i < 3; i++) push(m, mk(1, 2, T0 + i * H, 12.25 + i * step, RF_CH_ACH));
  return m;
}

/* 1c: after a split payment, another party paying the same account pieces
 * in the band of its pieces (two within the split window) is named too */
static void test_structuring_linked(void **st) {
  (void)st;
  rf_monitor_config c = defaults();
  rf_monitor *m;
  m = split_then(&c, 0.5);
  push(m, mk(3, 2, T0 + 40 * D, 11.5, RF_CH_ACH)); /* two pieces from 3, 40 days later */
  push(m, mk(3, 2, T0 + 40 * D + H, 13.9, RF_CH_ACH));
  push(m, mk(2, 4, T0 + 50 * D, 12.2, RF_CH_ACH)); /* two pieces from 2 to 4 */
  push(m, mk(2, 4, T0 + 50 * D + 2 * H, 12.6, RF_CH_ACH));
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_STRUCTURING), 3);
  const rf_alert *a = rf_monitor_alert(m, 1);
  check_alert_shape(a);
  assert_int_equal(a->accounts[0], 2);
  assert_true(names(a, 3) && !names(a, 1));
  assert_int_equal(a->ntxns, 2);
  assert_int_equal(a->txns[0].src, 3);
  assert_int_equal(a->window_start, T0 + 40 * D);
  assert_non_null(strstr(a->explanation, "2 receipts from another party"));
  assert_non_null(strstr(a->explanation, "split payment"));
  a = rf_monitor_alert(m, 2);
  assert_true(names(a, 2) && names(a, 4));
  assert_non_null(strstr(a->explanation, "2 transfers to another party"));
  rf_monitor_free(m);

  /* one piece of exactly a piece's odd amount is enough */
  m = split_then(&c, 0.5);
  push(m, mk(3, 2, T0 + 10 * D, 13.25, RF_CH_ACH));
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_STRUCTURING), 2);
  assert_non_null(strstr(rf_monitor_alert(m, 1)->explanation, "1 receipt from another party"));
  rf_monitor_free(m);

  /* negatives: one piece only (in the band, or exactly a whole-number piece);
   * two outside the band (x1.25 of 12.25..13.25); two by another method; two
   * after the link window (90 days) */
  m = split_then(&c, 0.5);
  push(m, mk(3, 2, T0 + 10 * D, 12, RF_CH_ACH));
  push(m, mk(5, 2, T0 + 11 * D, 17, RF_CH_ACH));
  push(m, mk(5, 2, T0 + 11 * D + H, 9.4, RF_CH_ACH));
  push(m, mk(6, 2, T0 + 12 * D, 12, RF_CH_WIRE));
  push(m, mk(6, 2, T0 + 12 * D + H, 12, RF_CH_WIRE));
  push(m, mk(7, 2, T0 + 91 * D, 12, RF_CH_ACH));
  push(m, mk(7, 2, T0 + 91 * D + H, 12, RF_CH_ACH));
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_STRUCTURING), 1);
  rf_monitor_free(m);
  m = split_then(&c, 0);
  push(m, mk(3, 2, T0 + 10 * D, 12.25, RF_CH_ACH)); /* exact and odd: linked */
  push(m, mk(8, 2, T0 + 20 * D, 100, RF_CH_ACH));
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_STRUCTURING), 2);
  rf_monitor_free(m);
  g_line = 0;
  rf_monitor *w = NULL;
  rf_error err;
  assert_int_equal(rf_monitor_new(&w, &c, &err), RF_OK);
  for (int i = 0; i < 3; i++) push(w, mk(1, 2, T0 + i * H, 300, RF_CH_ACH));
  push(w, mk(3, 2, T0 + 10 * D, 300, RF_CH_ACH)); /* exact but whole: not linked */
  rf_monitor_finish(w);
  assert_int_equal(count(w, RF_TYP_STRUCTURING), 1);
  rf_monitor_free(w);

  /* off: link_window = 0 */
  c.link_window = 0;
  m = split_then(&c, 0.5);
  push(m, mk(3, 2, T0 + 40 * D, 12, RF_CH_ACH));
  push(m, mk(3, 2, T0 + 40 * D + H, 12, RF_CH_ACH));
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_STRUCTURING), 1);
  rf_monitor_free(m);
}

/* n pieces from `from` to `to`, one an hour from t, of amount v, v + step, ... */
static void pieces(rf_monitor *m, uint32_t from, uint32_t to, int64_t t, int n, double v,
                   double step, uint8_t ch) {
  for (int i = 0; i < n; i++) push(m, mk(from, to, t + i * H, v + i * step, ch));
}

/* 1c backwards: two pieces from one party into an account, too few for a
 * split payment; the account's split payment later names that party too */
static void test_structuring_linked_back(void **st) {
  (void)st;
  rf_monitor_config c = defaults();
  rf_monitor *m;
  /* 3 sends 2 pieces into 2 on day 0; 1 splits into 2 on day 37 */
  m = fresh(&c);
  pieces(m, 3, 2, T0, 2, 12.5, 0.4, RF_CH_ACH);
  pieces(m, 6, 2, T0 + 2 * D, 2, 250, 10, RF_CH_ACH); /* an ordinary pair in between */
  pieces(m, 1, 2, T0 + 37 * D, 3, 12.25, 0.5, RF_CH_ACH);
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_STRUCTURING), 2);
  const rf_alert *a = rf_monitor_alert(m, 1);
  check_alert_shape(a);
  assert_int_equal(a->accounts[0], 2);
  assert_true(names(a, 3) && !names(a, 1) && !names(a, 6));
  assert_int_equal(a->ntxns, 2);
  assert_int_equal(a->txns[0].src, 3);
  assert_int_equal(a->txns[0].line, 1);
  assert_int_equal(a->window_start, T0);
  assert_non_null(strstr(a->explanation, "2 receipts from another party"));
  assert_non_null(strstr(a->explanation, "37.0 days before"));
  rf_monitor_free(m);

  /* and on the sending side: 1 sent two pieces to 4 before its split */
  m = fresh(&c);
  pieces(m, 1, 4, T0, 2, 12.5, 0.4, RF_CH_ACH);
  pieces(m, 1, 2, T0 + 5 * D, 3, 12.25, 0.5, RF_CH_ACH);
  rf_monitor_finish(m);
  /* 1's open split alert takes them in: one alert, 4 named, 5 pieces */
  assert_int_equal(count(m, RF_TYP_STRUCTURING), 1);
  assert_true(names(rf_monitor_alert(m, 0), 4));
  assert_int_equal(rf_monitor_alert(m, 0)->ntxns, 5);
  rf_monitor_free(m);

  /* negatives: one piece; two out of the band; two by another method; two
   * before the link window (90 days) */
  const struct {
    int n;
    double v;
    uint8_t ch;
    int64_t days_before;
  } neg[] = {{1, 12.5, RF_CH_ACH, 30},
             {2, 30, RF_CH_ACH, 30},
             {2, 12.5, RF_CH_WIRE, 30},
             {2, 12.5, RF_CH_ACH, 91}};
  for (size_t k = 0; k < sizeof neg / sizeof *neg; k++) {
    m = fresh(&c);
    pieces(m, 3, 2, T0, neg[k].n, neg[k].v, 0.3, neg[k].ch);
    pieces(m, 1, 2, T0 + neg[k].days_before * D, 3, 12.25, 0.5, RF_CH_ACH);
    rf_monitor_finish(m);
    assert_int_equal(count(m, RF_TYP_STRUCTURING), 1);
    rf_monitor_free(m);
  }

  /* a near split is named once, not again by the next split payment */
  m = fresh(&c);
  pieces(m, 3, 2, T0, 2, 12.5, 0.4, RF_CH_ACH);
  pieces(m, 1, 2, T0 + 10 * D, 3, 12.25, 0.5, RF_CH_ACH);
  pieces(m, 5, 2, T0 + 20 * D, 3, 12.25, 0.5, RF_CH_ACH);
  rf_monitor_finish(m);
  size_t named = 0;
  for (size_t i = 0; i < rf_monitor_nalerts(m); i++) named += names(rf_monitor_alert(m, i), 3);
  assert_int_equal(named, 1);
  rf_monitor_free(m);

  /* off with the link window */
  c.link_window = 0;
  m = fresh(&c);
  pieces(m, 3, 2, T0, 2, 12.5, 0.4, RF_CH_ACH);
  pieces(m, 1, 2, T0 + 37 * D, 3, 12.25, 0.5, RF_CH_ACH);
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_STRUCTURING), 1);
  rf_monitor_free(m);
}

/* 1b twin: two transfers of one odd amount between one pair within the split
 * window are a split payment; a whole amount, less than one unit, two
 * amounts, a day apart, a card, or the rule off are not */
static void test_structuring_twin(void **st) {
  (void)st;
  rf_monitor_config c = defaults();
  rf_monitor *m = fresh(&c);
  pieces(m, 1, 2, T0, 2, 10.47, 0, RF_CH_ACH);
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_STRUCTURING), 1);
  const rf_alert *a = rf_monitor_alert(m, 0);
  check_alert_shape(a);
  assert_true(names(a, 1) && names(a, 2));
  assert_int_equal(a->ntxns, 2);
  assert_non_null(strstr(a->explanation, "exactly 10.47"));
  rf_monitor_free(m);
  const struct {
    double v, step;
    int64_t gap;
    uint8_t ch;
  } neg[] = {{300, 0, H, RF_CH_ACH},
             {0.37, 0, H, RF_CH_ACH}, /* below one unit: conversions round to such cents */
             {10.47, 0.01, H, RF_CH_ACH},
             {10.47, 0, D + H, RF_CH_ACH},
             {10.47, 0, H, RF_CH_CARD}};
  for (size_t k = 0; k < sizeof neg / sizeof *neg; k++) {
    m = fresh(&c);
    push(m, mk(1, 2, T0, neg[k].v, neg[k].ch));
    push(m, mk(1, 2, T0 + neg[k].gap, neg[k].v + neg[k].step, neg[k].ch));
    rf_monitor_finish(m);
    assert_int_equal(count(m, RF_TYP_STRUCTURING), 0);
    rf_monitor_free(m);
  }
  c.split_twin = 0;
  m = fresh(&c);
  pieces(m, 1, 2, T0, 2, 10.47, 0, RF_CH_ACH);
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_STRUCTURING), 0);
  rf_monitor_free(m);
}

/* 1c collector: once two parties have made split payments into an account in
 * overlapping bands, one piece in the band from a third party names it */
static void test_structuring_collector(void **st) {
  (void)st;
  rf_monitor_config c = defaults();
  rf_monitor *m;
  m = fresh(&c);
  pieces(m, 1, 2, T0, 3, 12.25, 0.5, RF_CH_ACH);
  pieces(m, 3, 2, T0 + 37 * D, 4, 11.5, 0.75, RF_CH_ACH);
  pieces(m, 4, 2, T0 + 74 * D, 1, 15.2, 0, RF_CH_ACH); /* one piece, not of a piece's amount */
  rf_monitor_finish(m);
  const rf_alert *a = rf_monitor_alert(m, rf_monitor_nalerts(m) - 1);
  check_alert_shape(a);
  assert_true(names(a, 2) && names(a, 4));
  assert_int_equal(a->ntxns, 1);
  assert_int_equal(a->txns[0].src, 4);
  assert_non_null(strstr(a->explanation, "band of 2 split payments with different parties"));
  rf_monitor_free(m);

  /* the band is the union of the two payments' pieces, widened by link_band:
   * 11.5 .. 13.75 -> 9.2 .. 17.19 */
  const struct {
    uint32_t second; /* the second split payment's sender */
    double v;        /* the third party's piece */
    uint8_t ch;
    int64_t day; /* of the third party's piece */
    int named;
  } cases[] = {{3, 9.3, RF_CH_ACH, 74, 1},   {3, 17.1, RF_CH_ACH, 74, 1},
               {3, 9.1, RF_CH_ACH, 74, 0},   {3, 17.3, RF_CH_ACH, 74, 0},
               {3, 12.1, RF_CH_WIRE, 74, 0}, {3, 12.1, RF_CH_ACH, 37 + 91, 0},
               {1, 12.1, RF_CH_ACH, 74, 0}}; /* the same sender twice: no collector */
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    m = fresh(&c);
    pieces(m, 1, 2, T0, 3, 12.25, 0.5, RF_CH_ACH);
    pieces(m, cases[k].second, 2, T0 + 37 * D, 4, 11.5, 0.75, RF_CH_ACH);
    pieces(m, 4, 2, T0 + cases[k].day * D, 1, cases[k].v, 0, cases[k].ch);
    rf_monitor_finish(m);
    int found = 0;
    for (size_t i = 0; i < rf_monitor_nalerts(m); i++) found |= names(rf_monitor_alert(m, i), 4);
    assert_int_equal(found, cases[k].named);
    rf_monitor_free(m);
  }

  /* off: link_collector = 0 */
  c.link_collector = 0;
  m = fresh(&c);
  pieces(m, 1, 2, T0, 3, 12.25, 0.5, RF_CH_ACH);
  pieces(m, 3, 2, T0 + 37 * D, 4, 11.5, 0.75, RF_CH_ACH);
  pieces(m, 4, 2, T0 + 74 * D, 1, 15.2, 0, RF_CH_ACH);
  rf_monitor_finish(m);
  for (size_t i = 0; i < rf_monitor_nalerts(m); i++) assert_false(names(rf_monitor_alert(m, i), 4));
  rf_monitor_free(m);
}

static void test_funnel(void **st) {
  (void)st;
  rf_monitor *m = mon(NULL);
  /* six depositors in six states put 6 x 5,000 into account 1; it wires 28,000 away */
  for (uint32_t i = 0; i < 6; i++) {
    rf_txn t = mk(10 + i, 1, T0 + i * 6 * H, 5000, RF_CH_CASH_DEPOSIT);
    t.state = 300 + i;
    push(m, t);
  }
  push(m, mk(1, 50, T0 + 2 * D, 28000, RF_CH_WIRE));
  rf_monitor_finish(m);
  const rf_alert *a = find(m, RF_TYP_FUNNEL);
  check_alert_shape(a);
  assert_int_equal(a->accounts[0], 1);
  assert_int_equal(a->ntxns, 7);
  assert_non_null(strstr(a->explanation, "6 depositors"));
  rf_monitor_free(m);

  /* the evidence names the payments that emptied the account, not the
   * account's everyday card payments in between */
  m = mon(NULL);
  for (uint32_t i = 0; i < 6; i++) {
    rf_txn t = mk(10 + i, 1, T0 + i * 6 * H, 5000, RF_CH_CASH_DEPOSIT);
    t.state = 300 + i;
    push(m, t);
    push(m, mk(1, 70 + i, T0 + i * 6 * H + H, 40, RF_CH_CARD));
  }
  push(m, mk(1, 50, T0 + 2 * D, 18000, RF_CH_WIRE));
  push(m, mk(1, 51, T0 + 2 * D + H, 10000, RF_CH_WIRE));
  rf_monitor_finish(m);
  a = find(m, RF_TYP_FUNNEL);
  check_alert_shape(a);
  assert_int_equal(a->ntxns, 8); /* six deposits, two wires */
  for (size_t k = 0; k < a->ntxns; k++) assert_true(a->txns[k].amount >= 5000);
  rf_monitor_free(m);

  /* negative: same deposits but the money stays */
  m = mon(NULL);
  for (uint32_t i = 0; i < 6; i++) {
    rf_txn t = mk(10 + i, 1, T0 + i * 6 * H, 5000, RF_CH_CASH_DEPOSIT);
    t.state = 300 + i;
    push(m, t);
  }
  push(m, mk(1, 50, T0 + 2 * D, 2000, RF_CH_WIRE));
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_FUNNEL), 0);
  rf_monitor_free(m);

  /* the gate looks at the account's cash history only: a busy account that
   * never saw cash (three checks a day for 20 days) is a funnel when fed by
   * six depositors in six states; a shop that banks cash from six places
   * every day is not */
  for (int shop = 0; shop < 2; shop++) {
    m = mon(NULL);
    for (int d = 0; d < 20; d++)
      for (uint32_t k = 0; k < 3; k++) {
        push(m, mk(60 + k, 1, T0 + d * D + k * H, 900, RF_CH_CHECK));
        for (uint32_t i = 0; shop && i < 2; i++) {
          rf_txn t = mk(10 + i + 2 * k, 1, T0 + d * D + k * H + 60, 1000, RF_CH_CASH_DEPOSIT);
          t.state = 300 + i + 2 * k;
          push(m, t);
        }
      }
    for (uint32_t i = 0; i < 6; i++) {
      rf_txn t = mk(10 + i, 1, T0 + 20 * D + i * H, 5000, RF_CH_CASH_DEPOSIT);
      t.state = 300 + i;
      push(m, t);
    }
    push(m, mk(1, 50, T0 + 20 * D + 8 * H, 28000, RF_CH_WIRE));
    rf_monitor_finish(m);
    assert_int_equal(count(m, RF_TYP_FUNNEL), shop ? 0 : 1);
    rf_monitor_free(m);
  }
}

static void test_pass_through(void **st) {
  (void)st;
  rf_monitor *m = mon(NULL);
  push(m, mk(1, 2, T0, 20000, RF_CH_WIRE));
  push(m, mk(2, 3, T0 + 3 * H, 19000, RF_CH_WIRE));
  rf_monitor_finish(m);
  const rf_alert *a = find(m, RF_TYP_PASS_THROUGH);
  check_alert_shape(a);
  assert_int_equal(a->accounts[0], 2);
  assert_int_equal(a->ntxns, 2);
  assert_true(a->value >= 0.9 && a->value <= 1.0);
  rf_monitor_free(m);

  m = mon(NULL);
  push(m, mk(1, 2, T0, 20000, RF_CH_WIRE));
  push(m, mk(2, 3, T0 + 3 * H, 5000, RF_CH_WIRE));  /* only a quarter leaves */
  push(m, mk(4, 5, T0 + 4 * H, 20000, RF_CH_WIRE)); /* leaves, but a week later */
  push(m, mk(5, 6, T0 + 8 * D, 19500, RF_CH_WIRE));
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_PASS_THROUGH), 0);
  rf_monitor_free(m);

  /* money sent on must have come in first: with the 10,000 paid out before
   * the 10,000 came in, the payment spends an older balance (95 % of the
   * inflow left in total, only 1,500 after it arrived); the other way round
   * the account forwards the money */
  for (int forwards = 0; forwards < 2; forwards++) {
    m = mon(NULL);
    push(m, mk(1, 2, T0, 1000, RF_CH_WIRE));
    push(m, mk(forwards ? 4 : 2, forwards ? 2 : 3, T0 + 10 * 60, 10000, RF_CH_WIRE));
    push(m, mk(forwards ? 2 : 4, forwards ? 3 : 2, T0 + 20 * 60, 10000, RF_CH_WIRE));
    push(m, mk(2, 5, T0 + 30 * 60, 500, RF_CH_WIRE));
    rf_monitor_finish(m);
    assert_int_equal(count(m, RF_TYP_PASS_THROUGH), forwards);
    rf_monitor_free(m);
  }

  /* an account that has forwarded what it receives every day for a month
   * (a treasury sweep) is doing what it always does; the same flow through a
   * quiet account with the same history length is unusual. Background traffic
   * between other accounts keeps the market's daily volume steady. */
  for (int sweep = 1; sweep >= 0; sweep--) {
    m = mon(NULL);
    for (int d = 0; d <= 30; d++) {
      for (uint32_t k = 0; k < 20; k++)
        push(m, mk(100 + k, 200 + k, T0 + d * D + k * 60, 50, RF_CH_CARD));
      if (d == 30) break;
      if (sweep) {
        push(m, mk(1, 2, T0 + d * D + 9 * H, 20000, RF_CH_WIRE));
        push(m, mk(2, 3, T0 + d * D + 11 * H, 19800, RF_CH_WIRE));
      } else if (d == 0) {
        push(m, mk(7, 2, T0 + 9 * H, 120, RF_CH_WIRE)); /* opened a month ago */
      }
    }
    push(m, mk(1, 2, T0 + 30 * D + 9 * H, 20000, RF_CH_WIRE));
    push(m, mk(2, 3, T0 + 30 * D + 11 * H, 19800, RF_CH_WIRE));
    rf_monitor_finish(m);
    assert_int_equal(count_late(m, RF_TYP_PASS_THROUGH, T0 + 30 * D, INT64_MIN), sweep ? 0 : 1);
    rf_monitor_free(m);
  }
}

static void test_fan(void **st) {
  (void)st;
  rf_monitor *m = mon(NULL);
  for (uint32_t i = 0; i < 10; i++) push(m, mk(10 + i, 1, T0 + i * 4 * H, 1700, RF_CH_WIRE));
  for (uint32_t i = 0; i < 10; i++)
    push(m, mk(2, 30 + i, T0 + 3 * D + i * 4 * H, 1700, RF_CH_WIRE));
  rf_monitor_finish(m);
  const rf_alert *fi = find(m, RF_TYP_FAN_IN), *fo = find(m, RF_TYP_FAN_OUT);
  check_alert_shape(fi);
  check_alert_shape(fo);
  assert_int_equal(fi->accounts[0], 1);
  assert_int_equal(fo->accounts[0], 2);
  assert_int_equal(fi->ntxns, 10);
  assert_int_equal(fo->ntxns, 10);
  assert_true(fi->value >= 8);
  rf_monitor_free(m);

  /* the alert holds the burst; the collector's everyday receipts afterwards
   * (one a day, each within the cooldown of the last) do not join it */
  m = mon(NULL);
  for (uint32_t i = 0; i < 10; i++) push(m, mk(10 + i, 1, T0 + i * 4 * H, 1700, RF_CH_WIRE));
  for (uint32_t d = 3; d < 9; d++) push(m, mk(60 + d, 1, T0 + d * D, 1700, RF_CH_WIRE));
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_FAN_IN), 1);
  fi = find(m, RF_TYP_FAN_IN);
  assert_int_equal(fi->ntxns, 10);
  for (size_t k = 0; k < fi->ntxns; k++) assert_true(fi->txns[k].time < T0 + 2 * D);
  rf_monitor_free(m);

  /* an account that, after a first burst, takes ten payers a day for weeks
   * is a busy collector: once its history shows that, its receipts no longer
   * join the alert (the profile gate that fired it no longer holds) */
  m = mon(NULL);
  uint32_t payer = 100;
  for (uint32_t d = 0; d < 30; d++) {
    /* the market: 40 payments a day between other accounts */
    for (uint32_t i = 0; i < 40; i++)
      push(m, mk(5000 + i, 6000 + (d * 7 + i) % 40, T0 + d * D + i * 30 * 60, 800, RF_CH_ACH));
    if (d < 4)
      push(m, mk(5, 1, T0 + d * D + 20 * H, 1700, RF_CH_WIRE));
    else
      for (uint32_t i = 0; i < 10; i++)
        push(m, mk(payer++, 1, T0 + d * D + 20 * H + i * 60, 1700, RF_CH_WIRE));
  }
  rf_monitor_finish(m);
  uint64_t ev_fan = 0;
  for (size_t k = 0; k < rf_monitor_nalerts(m); k++)
    if (rf_monitor_alert(m, k)->typology == RF_TYP_FAN_IN) ev_fan += rf_monitor_alert(m, k)->ntxns;
  print_message("busy collector: %llu fan-in alerts, %llu evidence transactions\n",
                (unsigned long long)count(m, RF_TYP_FAN_IN), (unsigned long long)ev_fan);
  assert_true(count(m, RF_TYP_FAN_IN) >= 1);
  assert_true(ev_fan <= 60);
  rf_monitor_free(m);

  /* negative: five counterparties, ten spread over ten weeks, or ten below the
   * materiality floor ([general] min_amount) */
  m = mon(NULL);
  for (uint32_t i = 0; i < 5; i++) push(m, mk(10 + i, 1, T0 + i * H, 1700, RF_CH_WIRE));
  for (uint32_t i = 0; i < 10; i++) push(m, mk(2, 30 + i, T0 + i * 7 * D, 1700, RF_CH_WIRE));
  for (uint32_t i = 0; i < 10; i++) push(m, mk(50 + i, 3, T0 + 80 * D + i * H, 700, RF_CH_WIRE));
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_FAN_IN), 0);
  assert_int_equal(count(m, RF_TYP_FAN_OUT), 0);
  rf_monitor_free(m);
}

/* The profile gate over a long stream (150 days; test_days.c checks the
 * market's day sums themselves): an account that took ten payers
 * a day for 150 days is quiet when it takes ten more; one that took a
 * payment a week is not. */
static void test_fan_profile_long(void **st) {
  (void)st;
  for (int busy = 0; busy < 2; busy++) {
    rf_monitor *m = mon(NULL);
    uint32_t payer = 100000;
    for (uint32_t d = 0; d <= 150; d++) {
      for (uint32_t i = 0; i < 20; i++)
        push(m, mk(5000 + i, 6000 + (d * 7 + i) % 20, T0 + d * D + i * H, 800, RF_CH_ACH));
      uint32_t n = d == 150 ? 10 : busy ? 10 : d % 7 == 0;
      for (uint32_t i = 0; i < n; i++)
        push(m, mk(payer++, 1, T0 + d * D + 20 * H + i * 60, 1700, RF_CH_WIRE));
    }
    rf_monitor_finish(m);
    assert_int_equal(count_late(m, RF_TYP_FAN_IN, INT64_MIN, T0 + 150 * D), busy ? 0 : 1);
    rf_monitor_free(m);
  }
}

static void test_fan_profile_gate(void **st) {
  (void)st;
  /* a busy merchant: five new customers a day for a month is its normal, so
   * the default profile gate keeps it quiet; a quiet account with history
   * that suddenly collects from ten payers in a day alerts; a brand-new
   * account waits for history unless young_pass is on */
  rf_monitor_config c;
  rf_monitor_config_defaults(&c);
  rf_monitor *m = NULL;
  rf_error err;
  assert_int_equal(rf_monitor_new(&m, &c, &err), RF_OK);
  uint32_t cust = 1000;
  push(m, mk(900, 2, T0, 1200, RF_CH_WIRE)); /* account 2: some history */
  for (int d = 0; d < 30; d++) {
    for (int i = 0; i < 5; i++)
      push(m, mk(cust++, 1, T0 + d * D + i * 4 * H + 60, 1500, RF_CH_CARD));
    if (d == 10) push(m, mk(901, 2, T0 + d * D + 7, 1300, RF_CH_WIRE));
  }
  for (uint32_t i = 0; i < 10; i++) push(m, mk(10 + i, 2, T0 + 31 * D + i * H, 1900, RF_CH_WIRE));
  for (uint32_t i = 0; i < 10; i++) push(m, mk(30 + i, 3, T0 + 31 * D + i * H, 1900, RF_CH_WIRE));
  rf_monitor_finish(m);
  const rf_alert *a = find(m, RF_TYP_FAN_IN);
  check_alert_shape(a);
  for (size_t i = 0; i < rf_monitor_nalerts(m); i++)
    if (rf_monitor_alert(m, i)->typology == RF_TYP_FAN_IN)
      assert_int_equal(rf_monitor_alert(m, i)->accounts[0], 2);
  rf_monitor_free(m);

  c.young_pass = 1; /* now the brand-new collector (3) alerts too */
  g_line = 0;
  assert_int_equal(rf_monitor_new(&m, &c, &err), RF_OK);
  for (uint32_t i = 0; i < 10; i++) push(m, mk(30 + i, 3, T0 + i * H, 1900, RF_CH_WIRE));
  rf_monitor_finish(m);
  a = find(m, RF_TYP_FAN_IN);
  check_alert_shape(a);
  assert_int_equal(a->accounts[0], 3);
  rf_monitor_free(m);
}

static void test_scatter_gather(void **st) {
  (void)st;
  rf_monitor *m = mon(NULL);
  for (uint32_t i = 0; i < 4; i++) push(m, mk(1, 10 + i, T0 + i * H, 2500, RF_CH_WIRE));
  for (uint32_t i = 0; i < 4; i++) push(m, mk(10 + i, 2, T0 + D + i * H, 2400, RF_CH_WIRE));
  rf_monitor_finish(m);
  const rf_alert *a = find(m, RF_TYP_SCATTER_GATHER);
  check_alert_shape(a);
  assert_true(names(a, 1) && names(a, 2) && names(a, 10) && names(a, 13));
  assert_true(a->ntxns >= 6);
  rf_monitor_free(m);

  m = mon(NULL);
  for (uint32_t i = 0; i < 4; i++) push(m, mk(1, 10 + i, T0 + i * H, 2500, RF_CH_WIRE));
  for (uint32_t i = 0; i < 4; i++) push(m, mk(10 + i, 20 + i, T0 + D + i * H, 2400, RF_CH_WIRE));
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_SCATTER_GATHER), 0);
  rf_monitor_free(m);
}

static void test_gather_scatter(void **st) {
  (void)st;
  rf_monitor *m = mon(NULL);
  for (uint32_t i = 0; i < 5; i++) push(m, mk(10 + i, 1, T0 + i * H, 2000, RF_CH_WIRE));
  for (uint32_t i = 0; i < 5; i++) push(m, mk(1, 20 + i, T0 + D + i * H, 1900, RF_CH_WIRE));
  rf_monitor_finish(m);
  const rf_alert *a = find(m, RF_TYP_GATHER_SCATTER);
  check_alert_shape(a);
  assert_int_equal(a->accounts[0], 1);
  assert_int_equal(a->ntxns, 10);
  rf_monitor_free(m);

  /* the hub's everyday payment in the same window is not evidence: 5 in,
   * 5 out as before */
  m = mon(NULL);
  for (uint32_t i = 0; i < 5; i++) push(m, mk(10 + i, 1, T0 + i * H, 6000, RF_CH_WIRE));
  push(m, mk(1, 40, T0 + 6 * H, 1100, RF_CH_WIRE)); /* a bill */
  for (uint32_t i = 0; i < 5; i++) push(m, mk(1, 20 + i, T0 + D + i * H, 5700, RF_CH_WIRE));
  rf_monitor_finish(m);
  a = find(m, RF_TYP_GATHER_SCATTER);
  check_alert_shape(a);
  assert_int_equal(a->ntxns, 10);
  for (size_t k = 0; k < a->ntxns; k++) assert_true(a->txns[k].amount >= 5700);
  rf_monitor_free(m);

  m = mon(NULL);
  for (uint32_t i = 0; i < 5; i++) push(m, mk(10 + i, 1, T0 + i * H, 2000, RF_CH_WIRE));
  push(m, mk(1, 20, T0 + D, 9500, RF_CH_WIRE));
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_GATHER_SCATTER), 0);
  rf_monitor_free(m);
}

static void test_cycle(void **st) {
  (void)st;
  rf_monitor *m = mon(NULL);
  push(m, mk(1, 2, T0, 5000, RF_CH_WIRE));
  push(m, mk(2, 3, T0 + D, 4800, RF_CH_WIRE));
  push(m, mk(3, 4, T0 + 2 * D, 4650, RF_CH_WIRE));
  push(m, mk(4, 1, T0 + 3 * D, 4500, RF_CH_WIRE));
  rf_monitor_finish(m);
  const rf_alert *a = find(m, RF_TYP_CYCLE);
  check_alert_shape(a);
  assert_int_equal(a->naccounts, 4);
  assert_int_equal(a->ntxns, 4);
  assert_true(a->value == 4);
  assert_non_null(strstr(a->explanation, "4 hops"));
  rf_monitor_free(m);

  /* long loops: 8 hops are found by default, 9 are beyond max_hops */
  for (uint32_t hops = 8; hops <= 9; hops++) {
    m = mon(NULL);
    double amt = 5000;
    for (uint32_t i = 0; i < hops; i++, amt *= 0.97)
      push(m, mk(31 + i, 31 + (i + 1) % hops, T0 + i * H * 6, amt, RF_CH_WIRE));
    rf_monitor_finish(m);
    assert_int_equal(count(m, RF_TYP_CYCLE), hops == 8 ? 1 : 0);
    rf_monitor_free(m);
  }

  /* negatives: times not increasing along the loop; inconsistent amounts; too slow */
  m = mon(NULL);
  push(m, mk(2, 3, T0, 4800, RF_CH_WIRE));
  push(m, mk(1, 2, T0 + D, 5000, RF_CH_WIRE));
  push(m, mk(3, 4, T0 + 2 * D, 4650, RF_CH_WIRE));
  push(m, mk(4, 1, T0 + 3 * D, 4500, RF_CH_WIRE));
  push(m, mk(11, 12, T0 + 10 * D, 5000, RF_CH_WIRE));
  push(m, mk(12, 13, T0 + 11 * D, 4800, RF_CH_WIRE));
  push(m, mk(13, 11, T0 + 12 * D, 1500, RF_CH_WIRE));
  push(m, mk(21, 22, T0 + 30 * D, 5000, RF_CH_WIRE));
  push(m, mk(22, 23, T0 + 40 * D, 4800, RF_CH_WIRE));
  push(m, mk(23, 21, T0 + 50 * D, 4700, RF_CH_WIRE));
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_CYCLE), 0);
  rf_monitor_free(m);
}

static void test_bipartite_stack(void **st) {
  (void)st;
  rf_monitor *m = mon(NULL);
  /* layer 1: senders 1,2,3 each pay receivers 10,11,12 */
  int64_t t = T0;
  for (uint32_t s = 1; s <= 3; s++)
    for (uint32_t r = 10; r <= 12; r++) push(m, mk(s, r, t += H, 1800, RF_CH_WIRE));
  rf_monitor_finish(m);
  const rf_alert *a = find(m, RF_TYP_BIPARTITE);
  check_alert_shape(a);
  assert_true(names(a, 1) && names(a, 2) && names(a, 3) && names(a, 10));
  rf_monitor_free(m);

  /* a payment of one sender to a receiver none of the others paid is not
   * part of the layer: sender 3 also pays its landlord 40 */
  m = mon(NULL);
  t = T0;
  push(m, mk(3, 40, t, 1500, RF_CH_WIRE));
  for (uint32_t s = 1; s <= 3; s++)
    for (uint32_t r = 10; r <= 12; r++) push(m, mk(s, r, t += H, 1800, RF_CH_WIRE));
  rf_monitor_finish(m);
  a = find(m, RF_TYP_BIPARTITE);
  check_alert_shape(a);
  assert_true(names(a, 1) && names(a, 10) && !names(a, 40));
  for (size_t k = 0; k < a->ntxns; k++) assert_true(a->txns[k].dst != 40);
  rf_monitor_free(m);

  m = mon(NULL);
  t = T0;
  for (uint32_t s = 1; s <= 3; s++)
    for (uint32_t r = 10; r <= 12; r++) push(m, mk(s, r, t += H, 1800, RF_CH_WIRE));
  /* layer 2: the receivers pass it on to 20, 21 */
  for (uint32_t s = 10; s <= 12; s++)
    for (uint32_t r = 20; r <= 21; r++) push(m, mk(s, r, t += H, 1790, RF_CH_WIRE));
  rf_monitor_finish(m);
  const rf_alert *sk = find(m, RF_TYP_STACK);
  check_alert_shape(sk);
  assert_true(names(sk, 10) && names(sk, 20));
  rf_monitor_free(m);

  /* negative: the senders are payer hubs (30 other payments each within
   * the window): big payers share receivers without layering */
  m = mon(NULL);
  t = T0;
  for (uint32_t s = 1; s <= 3; s++)
    for (uint32_t k = 0; k < 30; k++)
      push(m, mk(s, 100 + 40 * s + k, T0 + k * 60, 1500, RF_CH_ACH));
  for (uint32_t s = 1; s <= 3; s++)
    for (uint32_t r = 10; r <= 12; r++) push(m, mk(s, r, t += H, 1800, RF_CH_WIRE));
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_BIPARTITE) + count(m, RF_TYP_STACK), 0);
  rf_monitor_free(m);

  /* negative: each sender pays its own receiver */
  m = mon(NULL);
  for (uint32_t s = 1; s <= 4; s++) push(m, mk(s, 10 + s, T0 + s * H, 1800, RF_CH_WIRE));
  for (uint32_t s = 1; s <= 4; s++) push(m, mk(s, 20 + s, T0 + 10 * H + s * H, 1800, RF_CH_WIRE));
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_BIPARTITE) + count(m, RF_TYP_STACK), 0);
  rf_monitor_free(m);

  /* negative: the shared receivers are busy payees (most of their payers are
   * outside the three senders), e.g. a utility and a landlord; with the share
   * rule off the same traffic makes a group */
  for (int off = 0; off < 2; off++) {
    rf_monitor_config c;
    m = mon(&c);
    if (off) {
      rf_monitor_free(m);
      c.bip_min_share = 0;
      rf_error err;
      assert_int_equal(rf_monitor_new(&m, &c, &err), RF_OK);
    }
    t = T0;
    for (uint32_t p = 100; p < 130; p++) push(m, mk(p, 10 + p % 3, t += 60, 1500, RF_CH_ACH));
    for (uint32_t s = 1; s <= 3; s++)
      for (uint32_t r = 10; r <= 12; r++) push(m, mk(s, r, t += H, 1800, RF_CH_WIRE));
    rf_monitor_finish(m);
    uint64_t groups = count(m, RF_TYP_BIPARTITE) + count(m, RF_TYP_STACK);
    if (off)
      assert_true(groups > 0);
    else
      assert_int_equal(groups, 0);
    rf_monitor_free(m);
  }
}

static const char *text(void *ud, uint32_t id) {
  (void)ud;
  switch (id) {
  case 5: return "IR";
  case 9: return "MX";
  case 6: return "US";
  case 7: return "Ovidio Guzman Lopez";
  case 8: return "Maria Perez";
  default: return NULL;
  }
}

static double screen(void *ud, const char *name, char *hit, size_t hitsz) {
  (void)ud;
  if (!strcmp(name, "Ovidio Guzman Lopez")) {
    snprintf(hit, hitsz, "SDN GUZMAN LOPEZ, Ovidio [SDNTK]");
    return 0.97;
  }
  return 0.1;
}

static void test_corridor_sanctioned(void **st) {
  (void)st;
  rf_monitor *m = mon(NULL);
  rf_monitor_set_text(m, text, NULL);
  rf_monitor_set_screen(m, screen, NULL);
  rf_txn t = mk(1, 2, T0, 5000, RF_CH_WIRE);
  t.dst_country = 5;
  push(m, t);
  t = mk(3, 4, T0 + H, 800, RF_CH_WIRE);
  t.dst_name = 7;
  push(m, t);
  /* a second payer of the same listed party: the same alert (one hit) */
  t = mk(5, 4, T0 + 2 * H, 900, RF_CH_WIRE);
  t.dst_name = 7;
  push(m, t);
  rf_monitor_finish(m);
  const rf_alert *c = find(m, RF_TYP_CORRIDOR), *s = find(m, RF_TYP_SANCTIONED);
  check_alert_shape(c);
  check_alert_shape(s);
  assert_int_equal(c->accounts[0], 1);
  assert_non_null(strstr(c->explanation, "IR"));
  assert_int_equal(count(m, RF_TYP_SANCTIONED), 1);
  assert_int_equal(s->accounts[0], 4); /* the listed party's account first */
  assert_true(names(s, 3) && names(s, 5));
  assert_int_equal(s->ntxns, 2);
  assert_int_equal(s->txns[0].dst, 4);
  assert_non_null(strstr(s->explanation, "GUZMAN"));
  rf_monitor_free(m);

  m = mon(NULL);
  rf_monitor_set_text(m, text, NULL);
  rf_monitor_set_screen(m, screen, NULL);
  t = mk(1, 2, T0, 5000, RF_CH_WIRE);
  t.dst_country = 6;
  push(m, t);
  t = mk(1, 2, T0 + 1, 5000, RF_CH_WIRE); /* a corridor country aggravates, never alerts alone */
  t.dst_country = 9;
  push(m, t);
  t = mk(1, 2, T0 + H, 500, RF_CH_WIRE); /* high-risk but small */
  t.dst_country = 5;
  push(m, t);
  t = mk(3, 4, T0 + H, 800, RF_CH_WIRE);
  t.dst_name = 8;
  push(m, t);
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_CORRIDOR) + count(m, RF_TYP_SANCTIONED), 0);
  rf_monitor_free(m);
}

/* The corridor window (30 days) is longer than any ring window: payments to
 * a high-risk country 12 days apart still add up, ones older than the
 * window do not, and the evidence names every payment that counted. */
static void test_corridor_long_window(void **st) {
  (void)st;
  rf_monitor *m = mon(NULL);
  rf_monitor_set_text(m, text, NULL);
  rf_txn t = mk(1, 2, T0, 1200, RF_CH_WIRE); /* leaves the 30-day window below */
  t.dst_country = 5;
  push(m, t);
  int64_t days[] = {40, 52, 64};
  for (size_t i = 0; i < 3; i++) {
    t = mk(1, 10 + (uint32_t)i, T0 + days[i] * D, 1200, RF_CH_WIRE);
    t.dst_country = 5;
    push(m, t);
    for (uint32_t k = 0; k < 3; k++) push(m, mk(1, 20 + k, T0 + days[i] * D + H, 50, RF_CH_ACH));
  }
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_CORRIDOR), 1);
  const rf_alert *c = find(m, RF_TYP_CORRIDOR);
  check_alert_shape(c);
  assert_int_equal(c->ntxns, 3); /* days 40, 52 and 64: 3,600; day 0 is out */
  assert_int_equal(c->txns[0].line, 2);
  assert_int_equal(c->txns[1].line, 6);
  assert_int_equal(c->txns[2].line, 10);
  rf_monitor_free(m);
}

static void test_profile(void **st) {
  (void)st;
  rf_monitor *m = mon(NULL);
  /* dormant: active once, silent 120 days, then moves 5,000 */
  push(m, mk(1, 2, T0, 100, RF_CH_ACH));
  push(m, mk(1, 3, T0 + 120 * D, 5000, RF_CH_WIRE));
  /* spike: 40 days of ~100/day, then 60,000 in a day */
  for (int d = 0; d < 40; d++) push(m, mk(10, 11 + (d % 3), T0 + d * D + 1, 100, RF_CH_CARD));
  push(m, mk(10, 20, T0 + 40 * D + 5, 60000, RF_CH_WIRE));
  rf_monitor_finish(m);
  const rf_alert *d = find(m, RF_TYP_DORMANT), *s = find(m, RF_TYP_VOLUME_SPIKE);
  check_alert_shape(d);
  check_alert_shape(s);
  assert_int_equal(d->accounts[0], 1);
  assert_int_equal(s->accounts[0], 10);
  assert_true(s->value >= 10);
  rf_monitor_free(m);

  m = mon(NULL);
  push(m, mk(1, 2, T0, 100, RF_CH_ACH));
  push(m, mk(1, 3, T0 + 30 * D, 5000, RF_CH_WIRE));
  for (int d = 0; d < 41; d++) push(m, mk(10, 11 + (d % 3), T0 + d * D + 1, 100 + d, RF_CH_CARD));
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_DORMANT) + count(m, RF_TYP_VOLUME_SPIKE), 0);
  rf_monitor_free(m);
}

static void test_disabled_and_evaluation(void **st) {
  (void)st;
  rf_monitor_config c;
  rf_monitor_config_defaults(&c);
  c.young_pass = 1;
  c.enabled[RF_TYP_CYCLE] = 0;
  rf_monitor *m = NULL;
  rf_error err;
  assert_int_equal(rf_monitor_new(&m, &c, &err), RF_OK);
  rf_txn t[6] = {
      mk(1, 2, T0, 1000, RF_CH_WIRE),           mk(2, 3, T0 + D, 960, RF_CH_WIRE),
      mk(3, 1, T0 + 2 * D, 930, RF_CH_WIRE),    mk(7, 8, T0 + 3 * D, 50, RF_CH_WIRE),
      mk(7, 8, T0 + 3 * D + 1, 50, RF_CH_WIRE), mk(7, 8, T0 + 3 * D + 2, 50, RF_CH_WIRE)};
  /* labels: the cycle is laundering (undetected: detector off), the split
   * payments are not */
  for (int i = 0; i < 6; i++) {
    t[i].label = i < 3;
    push(m, t[i]);
  }
  rf_monitor_finish(m);
  assert_int_equal(count(m, RF_TYP_CYCLE), 0);
  assert_int_equal(count(m, RF_TYP_STRUCTURING), 1);
  rf_monitor_eval ev;
  assert_int_equal(rf_monitor_evaluate(m, NULL, NULL, 0, &ev, &err), RF_OK);
  assert_true(ev.have_txn_labels);
  assert_int_equal(ev.txn.tp, 0);
  assert_int_equal(ev.txn.fp, 3);
  assert_int_equal(ev.txn.fn, 3);
  assert_int_equal(ev.account.fp, 2); /* 7 and 8 */
  assert_int_equal(ev.account.fn, 3);
  rf_monitor_free(m);
}

static void test_json(void **st) {
  (void)st;
  rf_monitor *m = mon(NULL);
  for (int i = 0; i < 3; i++) push(m, mk(1, 2, T0 + i, 300, RF_CH_ACH));
  rf_monitor_finish(m);
  rf_buf b;
  rf_buf_init(&b);
  assert_int_equal(rf_alert_to_json(rf_monitor_alert(m, 0), &b, NULL, NULL, NULL), 0);
  assert_non_null(strstr(b.data, "\"alert_id\":1"));
  assert_non_null(strstr(b.data, "\"typology\":\"structuring\""));
  assert_non_null(strstr(b.data, "\"accounts\":[\"1\",\"2\"]"));
  assert_non_null(strstr(b.data, "\"transactions\":[1,2,3]"));
  assert_non_null(strstr(b.data, "\"window\":{\"start\":\"2023-11-14T22:13:20Z\""));
  assert_non_null(strstr(b.data, "\"score\":"));
  assert_non_null(strstr(b.data, "\"explanation\":\""));
  rf_buf_free(&b);
  rf_monitor_free(m);
}

/* a random stream (any ids, times out of order within the lateness, odd
 * amounts) never crashes and every alert is well formed */
static void test_random_stream(void **st) {
  (void)st;
  rf_monitor *m = mon(NULL);
  uint64_t x = 88172645463325252ull;
  int64_t t = T0;
  for (int i = 0; i < 30000; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    t += (int64_t)(x % 600);
    uint32_t a = (uint32_t)(x >> 20) % 300, b = (uint32_t)(x >> 40) % 300;
    double amt = (double)(x % 2000000) / 100.0;
    if (i % 997 == 0) amt = 0;
    if (i % 1999 == 0) amt = 1e300;
    rf_txn tx = mk(a, b, t - (int64_t)(x % 3600), amt, (rf_channel)(x % RF_CH_COUNT));
    tx.conductor = (x & 1) ? RF_NONE : (uint32_t)(x % 7);
    tx.state = (x & 2) ? RF_NONE : (uint32_t)(x % 5);
    push(m, tx);
  }
  rf_monitor_finish(m);
  assert_true(rf_monitor_nalerts(m) > 0);
  rf_buf b;
  rf_buf_init(&b);
  for (size_t i = 0; i < rf_monitor_nalerts(m); i++) {
    const rf_alert *al = rf_monitor_alert(m, i);
    assert_true(al->score >= 0 && al->score <= 1);
    assert_true(al->naccounts > 0 && al->ntxns > 0);
    assert_true(al->window_start <= al->window_end);
    rf_buf_reset(&b);
    assert_int_equal(rf_alert_to_json(al, &b, NULL, NULL, NULL), 0);
    assert_null(strstr(b.data, "nan"));
    assert_null(strstr(b.data, "inf"));
  }
  rf_buf_free(&b);
  rf_monitor_free(m);
}

/* Edge times are 32-bit offsets from the first transaction: a row more than
 * 68 years away is refused with RF_ELIMIT (nothing is stored), rows within
 * that range, before or after the first one, are fine. */
static void test_time_range(void **st) {
  (void)st;
  rf_monitor *m = mon(NULL);
  push(m, mk(1, 2, T0, 500, RF_CH_WIRE));
  push(m, mk(1, 2, T0 - 30 * 365 * D, 500, RF_CH_WIRE));
  push(m, mk(1, 2, T0 + 60 * 365 * D, 500, RF_CH_WIRE));
  rf_txn far = mk(1, 2, T0 + 70 * 365 * D, 500, RF_CH_WIRE);
  assert_int_equal(rf_monitor_push(m, &far), RF_ELIMIT);
  far = mk(1, 2, T0 - 70 * 365 * D, 500, RF_CH_WIRE);
  assert_int_equal(rf_monitor_push(m, &far), RF_ELIMIT);
  assert_int_equal(rf_monitor_ntxns(m), 3);
  rf_monitor_free(m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_structuring_cash),
      cmocka_unit_test(test_structuring_split),
      cmocka_unit_test(test_structuring_linked),
      cmocka_unit_test(test_structuring_linked_back),
      cmocka_unit_test(test_structuring_collector),
      cmocka_unit_test(test_structuring_twin),
      cmocka_unit_test(test_funnel),
      cmocka_unit_test(test_pass_through),
      cmocka_unit_test(test_cash_one_sided),
      cmocka_unit_test(test_fan),
      cmocka_unit_test(test_fan_profile_gate),
      cmocka_unit_test(test_fan_profile_long),
      cmocka_unit_test(test_scatter_gather),
      cmocka_unit_test(test_gather_scatter),
      cmocka_unit_test(test_cycle),
      cmocka_unit_test(test_bipartite_stack),
      cmocka_unit_test(test_corridor_sanctioned),
      cmocka_unit_test(test_corridor_long_window),
      cmocka_unit_test(test_profile),
      cmocka_unit_test(test_disabled_and_evaluation),
      cmocka_unit_test(test_json),
      cmocka_unit_test(test_random_stream),
      cmocka_unit_test(test_time_range),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
