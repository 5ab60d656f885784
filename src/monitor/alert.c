/* Alerts: the open-alert table, growth of an alert's evidence, the evidence a
 * detector assembles (rf_i_ev_*) and rf_i_fire, which files it as a new alert
 * or extends the account's open one. */
#include "monitor_i.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------- open-alert table */

static int rf_i_open_set(rf_monitor *m, rf_i_acct *ac, rf_typology typ, uint32_t v) {
  if (!ac->open_id) {
    uint32_t *n = rf_grow(m->open_tab, &m->open_cap, m->nopen + 1, RF_TYP_COUNT * sizeof *n, 256);
    if (!n) return -1;
    m->open_tab = n;
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
  uint32_t *n = rf_grow(a->pub.accounts, &a->acap, a->pub.naccounts + 1, sizeof *n, 4);
  if (!n) return -1;
  a->pub.accounts = n;
  a->pub.accounts[a->pub.naccounts++] = acct;
  return 0;
}

int rf_i_alert_add_txn(rf_i_alert *a, const rf_alert_txn *t) {
  rf_alert_txn *n = rf_grow(a->pub.txns, &a->tcap, a->pub.ntxns + 1, sizeof *n, 8);
  if (!n) return -1;
  a->pub.txns = n;
  a->pub.txns[a->pub.ntxns++] = *t;
  if (t->time < a->pub.window_start) a->pub.window_start = t->time;
  if (t->time > a->pub.window_end) a->pub.window_end = t->time;
  return 0;
}

/* ------------------------------------------------------------ evidence */

int rf_i_ev_txn(const rf_monitor *m, rf_i_ev *e, const rf_i_edge *ed, uint32_t self, int outgoing) {
  rf_alert_txn *n = rf_grow(e->t, &e->cap, e->n + 1, sizeof *n, 64);
  if (!n) return -1;
  e->t = n;
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
  uint32_t *n = rf_grow(e->acc, &e->acc_cap, e->nacc + 1, sizeof *n, 16);
  if (!n) return -1;
  e->acc = n;
  e->acc[e->nacc++] = a;
  return 0;
}

void rf_i_achunk_drop(rf_monitor *m, size_t c) {
  free(m->achunk[c]);
  m->achunk[c] = NULL;
}

/* a zeroed alert at index m->nalerts, in a new chunk when the last is full
 * (the full one is freed when every alert of it was forgotten) */
static rf_i_alert *rf_i_alert_slot(rf_monitor *m) {
  size_t idx = m->nalerts, c = idx >> RF_I_ACHUNK_BITS;
  if (c == m->nachunk) {
    size_t cap = m->achunk_cap;
    rf_i_alert **nc = rf_grow(m->achunk, &cap, c + 1, sizeof *nc, 16);
    if (!nc) return NULL;
    m->achunk = nc;
    uint32_t *na = rf_grow(m->alive, &m->achunk_cap, c + 1, sizeof *na, 16);
    if (!na) return NULL;
    m->alive = na;
    rf_i_alert *ch = malloc(RF_I_ACHUNK * sizeof *ch);
    if (!ch) return NULL;
    m->achunk[c] = ch;
    m->alive[c] = 0;
    m->nachunk++;
    if (c && !m->alive[c - 1] && m->achunk[c - 1]) rf_i_achunk_drop(m, c - 1);
  }
  m->alive[c]++;
  m->nalerts++;
  rf_i_alert *a = &m->achunk[c][idx & (RF_I_ACHUNK - 1)];
  memset(a, 0, sizeof *a);
  return a;
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
    rf_i_alert *o = rf_i_al(m, open - 1);
    if (now - o->pub.window_end <= m->cfg.cooldown) a = o;
  }
  if (!a) {
    a = rf_i_alert_slot(m);
    if (!a) {
      m->oom = 1;
      return;
    }
    m->typ_alerts[typ]++;
    a->pub.id = m->nalerts;
    a->pub.typology = typ;
    a->pub.window_start = INT64_MAX;
    a->pub.window_end = INT64_MIN;
    a->anchor = anchor;
    if (rf_i_open_set(m, ac, typ, (uint32_t)m->nalerts)) m->oom = 1;
    if (rf_i_pending_add(m, (uint32_t)(m->nalerts - 1)) ||
        rf_i_opened_add(m, (uint32_t)(m->nalerts - 1)))
      m->oom = 1;
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
