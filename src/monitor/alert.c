/* Alerts: the open-alert table, growth of an alert's evidence, the evidence a
 * detector assembles (rf_i_ev_*) and rf_i_fire, which files it as a new alert
 * or extends the account's open one. */
#include "monitor_i.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------- open-alert table */

static int rf_i_open_set(rf_monitor *m, rf_i_acct *ac, rf_typology typ, uint32_t v) {
  if (!ac->open_id) {
    if (m->nopen == m->open_cap) {
      size_t cap = m->open_cap ? m->open_cap * 2 : 256;
      uint32_t *n = realloc(m->open_tab, cap * RF_TYP_COUNT * sizeof *n);
      if (!n) return -1;
      m->open_tab = n;
      m->open_cap = cap;
    }
    memset(m->open_tab + m->nopen * RF_TYP_COUNT, 0, RF_TYP_COUNT * sizeof *m->open_tab);
    ac->open_id = (uint32_t)++m->nopen;
  }
  m->open_tab[(size_t)(ac->open_id - 1) * RF_TYP_COUNT + typ] = v;
  return 0;
}

/* -------------------------------------------------------------- alerts */

static int rf_i_alert_add_acct(rf_i_alert *a, uint32_t acct) {
  for (size_t i = 0; i < a->pub.naccounts; i++)
    if (a->pub.accounts[i] == acct) return 0;
  if (a->pub.naccounts == a->acap) {
    size_t cap = a->acap ? a->acap * 2 : 4;
    uint32_t *n = realloc(a->pub.accounts, cap * sizeof *n);
    if (!n) return -1;
    a->pub.accounts = n;
    a->acap = cap;
  }
  a->pub.accounts[a->pub.naccounts++] = acct;
  return 0;
}

int rf_i_alert_add_txn(rf_i_alert *a, const rf_alert_txn *t) {
  if (a->pub.ntxns == a->tcap) {
    size_t cap = a->tcap ? a->tcap * 2 : 8;
    rf_alert_txn *n = realloc(a->pub.txns, cap * sizeof *n);
    if (!n) return -1;
    a->pub.txns = n;
    a->tcap = cap;
  }
  a->pub.txns[a->pub.ntxns++] = *t;
  if (t->time < a->pub.window_start) a->pub.window_start = t->time;
  if (t->time > a->pub.window_end) a->pub.window_end = t->time;
  return 0;
}

/* ------------------------------------------------------------ evidence */

int rf_i_ev_txn(const rf_monitor *m, rf_i_ev *e, const rf_i_edge *ed, uint32_t self, int outgoing) {
  if (e->n == e->cap) {
    size_t cap = e->cap ? e->cap * 2 : 64;
    rf_alert_txn *n = realloc(e->t, cap * sizeof *n);
    if (!n) return -1;
    e->t = n;
    e->cap = cap;
  }
  rf_alert_txn *t = &e->t[e->n++];
  t->line = ed->line;
  t->txid = rf_i_edge_txid(m, ed);
  uint32_t other = (ed->flags & RF_I_EF_NOACCT) ? RF_NONE : ed->peer; /* cash at a teller */
  t->src = outgoing ? self : other;
  t->dst = outgoing ? other : self;
  t->time = rf_i_abs(m, ed->t);
  t->amount = ed->amount;
  return 0;
}

int rf_i_ev_acc(rf_i_ev *e, uint32_t a) {
  for (size_t i = 0; i < e->nacc; i++)
    if (e->acc[i] == a) return 0;
  if (e->nacc == e->acc_cap) {
    size_t cap = e->acc_cap ? e->acc_cap * 2 : 16;
    uint32_t *n = realloc(e->acc, cap * sizeof *n);
    if (!n) return -1;
    e->acc = n;
    e->acc_cap = cap;
  }
  e->acc[e->nacc++] = a;
  return 0;
}

/* Files an alert for anchor (ev->acc[0]) or extends its open one. */
void rf_i_fire(rf_monitor *m, rf_typology typ, rf_i_ev *ev, int64_t now, double value,
               double threshold, double score, const char *expl, int window_evidence) {
  if (!ev->nacc) return;
  uint32_t anchor = ev->acc[0];
  rf_i_acct *ac = &m->acct[anchor];
  rf_i_alert *a = NULL;
  uint32_t open = rf_i_open_get(m, ac, typ);
  if (open) {
    rf_i_alert *o = &m->alerts[open - 1];
    if (now - o->pub.window_end <= m->cfg.cooldown) a = o;
  }
  if (!a) {
    if (m->nalerts == m->alerts_cap) {
      size_t cap = m->alerts_cap ? m->alerts_cap * 2 : 256;
      rf_i_alert *n = realloc(m->alerts, cap * sizeof *n);
      if (!n) {
        m->oom = 1;
        return;
      }
      m->alerts = n;
      m->alerts_cap = cap;
    }
    a = &m->alerts[m->nalerts++];
    memset(a, 0, sizeof *a);
    a->pub.id = m->nalerts;
    a->pub.typology = typ;
    a->pub.window_start = INT64_MAX;
    a->pub.window_end = INT64_MIN;
    if (rf_i_open_set(m, ac, typ, (uint32_t)m->nalerts)) m->oom = 1;
  }
  for (size_t i = 0; i < ev->nacc; i++)
    if (rf_i_alert_add_acct(a, ev->acc[i])) m->oom = 1;
  uint64_t hw = a->max_line;
  for (size_t i = 0; i < ev->n; i++) {
    if (window_evidence && ev->t[i].line <= hw && a->pub.ntxns) continue;
    if (a->pub.ntxns >= RF_I_MAX_EVIDENCE) break;
    if (rf_i_alert_add_txn(a, &ev->t[i])) m->oom = 1;
    if (ev->t[i].line > a->max_line) a->max_line = ev->t[i].line;
  }
  if (now > a->pub.window_end) a->pub.window_end = now;
  if (a->pub.window_start == INT64_MAX) a->pub.window_start = now;
  if (!a->pub.explanation || value >= a->pub.value) {
    char *x = rf_xstrdup(expl);
    free(a->pub.explanation);
    a->pub.explanation = x;
    a->pub.value = value;
    a->pub.threshold = threshold;
  }
  if (score > a->pub.score) a->pub.score = score;
}
