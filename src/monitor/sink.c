/* Streaming delivery of final alerts: the alerts not yet final (pending),
 * the periodic check that closes those whose account has been quiet long
 * enough, and delivery of closed alerts to the sink, which may release
 * their evidence. */
#include "monitor_i.h"

#include <stdlib.h>
#include <string.h>

/* stream seconds between two checks for final alerts */
#define RF_I_CLOSE_EVERY 3600

void rf_monitor_set_sink(rf_monitor *m, const rf_monitor_sink *s) {
  if (s) {
    m->sink = *s;
    if (m->sink.lateness < 0) m->sink.lateness = 0;
  } else {
    memset(&m->sink, 0, sizeof m->sink);
  }
  m->next_close = INT64_MIN;
}

/* appends v to the growable array *a of *n (capacity *cap); -1 out of memory */
static int rf_i_idx_push(uint32_t **a, size_t *n, size_t *cap, uint32_t v) {
  uint32_t *p = rf_grow(*a, cap, *n + 1, sizeof *p, 256);
  if (!p) return -1;
  *a = p;
  p[(*n)++] = v;
  return 0;
}

int rf_i_pending_add(rf_monitor *m, uint32_t idx) {
  return m->sink.fn ? rf_i_idx_push(&m->pending, &m->npending, &m->pending_cap, idx) : 0;
}

int rf_i_opened_add(rf_monitor *m, uint32_t idx) {
  return m->sink.fn && m->sink.early ? rf_i_idx_push(&m->opened, &m->nopened, &m->opened_cap, idx)
                                     : 0;
}

static int rf_i_cmp_txn(const void *x, const void *y) {
  const rf_alert_txn *a = x, *b = y;
  return a->line < b->line ? -1 : a->line > b->line;
}

/* evidence in input order without repeats, the window spanning it, the
 * score within [0,1] */
void rf_i_alert_finalize(rf_alert *a) {
  if (a->ntxns > 1) {
    qsort(a->txns, a->ntxns, sizeof *a->txns, rf_i_cmp_txn);
    size_t k = 1;
    for (size_t j = 1; j < a->ntxns; j++)
      if (a->txns[j].line != a->txns[k - 1].line) a->txns[k++] = a->txns[j];
    a->ntxns = k;
  }
  if (a->ntxns) {
    a->window_start = a->txns[0].time;
    a->window_end = a->txns[0].time;
    for (size_t j = 1; j < a->ntxns; j++) {
      if (a->txns[j].time < a->window_start) a->window_start = a->txns[j].time;
      if (a->txns[j].time > a->window_end) a->window_end = a->txns[j].time;
    }
  }
  if (!(a->score >= 0)) a->score = 0; /* also NaN */
  if (a->score > 1) a->score = 1;
}

/* final: no later row can extend it; queued for the sink */
static int rf_i_alert_close(rf_monitor *m, uint32_t idx) {
  rf_i_alert *a = rf_i_al(m, idx);
  rf_i_acct *ac = a->anchor < m->nacct ? &m->acct[a->anchor] : NULL;
  if (ac && ac->open_id) {
    uint32_t *slot = &m->open_tab[(size_t)(ac->open_id - 1) * RF_TYP_COUNT + a->pub.typology];
    if (*slot == idx + 1) *slot = 0;
  }
  rf_i_alert_finalize(&a->pub);
  a->state = RF_I_ALERT_CLOSED;
  return rf_i_idx_push(&m->closed, &m->nclosed, &m->closed_cap, idx);
}

/* seconds an account must stay quiet before its alert is final */
static int64_t rf_i_quiet(const rf_monitor *m) {
  int64_t cd = m->cfg.cooldown > 0 ? m->cfg.cooldown : 0;
  return m->sink.lateness > INT64_MAX / 2 - cd ? INT64_MAX / 2 : cd + m->sink.lateness;
}

rf_status rf_i_close_due(rf_monitor *m) {
  if (m->now < m->next_close) return m->nopened && !m->in_run ? rf_i_deliver(m) : RF_OK;
  m->next_close = m->now > INT64_MAX - RF_I_CLOSE_EVERY ? INT64_MAX : m->now + RF_I_CLOSE_EVERY;
  int64_t quiet = rf_i_quiet(m);
  size_t k = 0;
  for (size_t i = 0; i < m->npending; i++) {
    uint32_t idx = m->pending[i];
    int64_t end = rf_i_al(m, idx)->pub.window_end;
    if (end < m->now - quiet) {
      if (rf_i_alert_close(m, idx)) {
        m->pending[k++] = idx; /* stays pending; finish delivers it */
        m->oom = 1;
      }
    } else {
      m->pending[k++] = idx;
    }
  }
  m->npending = k;
  if (m->oom) return RF_ENOMEM;
  return m->in_run ? RF_OK : rf_i_deliver(m);
}

static void rf_i_alert_release(rf_monitor *m, rf_i_alert *a) {
  uint32_t npos = 0;
  for (size_t k = 0; k < a->pub.ntxns; k++) npos += (uint32_t)rf_i_is_pos(m, a->pub.txns[k].line);
  uint64_t *pos = npos ? malloc(npos * sizeof *pos) : NULL;
  int hit = npos && !pos ? -1 : rf_i_evacc_add(m, &m->evacc, &a->pub);
  if (hit < 0) { /* no memory to count it: keep the evidence instead */
    free(pos);
    a->state = RF_I_ALERT_DELIVERED;
    return;
  }
  for (size_t k = 0, j = 0; k < a->pub.ntxns; k++)
    if (rf_i_is_pos(m, a->pub.txns[k].line)) pos[j++] = a->pub.txns[k].line;
  a->pos = pos;
  a->npos = npos;
  a->hit = (uint8_t)hit;
  free(a->pub.accounts);
  free(a->pub.txns);
  free(a->pub.explanation);
  a->pub.accounts = NULL;
  a->pub.txns = NULL;
  a->pub.explanation = NULL;
  a->pub.naccounts = a->pub.ntxns = 0;
  a->acap = a->tcap = 0;
  a->state = RF_I_ALERT_RELEASED;
}

/* Hands over the alerts opened since the last delivery that are still open,
 * each as a copy with its evidence so far in input order (the open alert
 * itself is not touched: its evidence keeps growing unsorted). */
static rf_status rf_i_deliver_opened(rf_monitor *m) {
  size_t n = 0;
  rf_alert *cp = rf_grow(m->early, &m->early_cap, m->nopened, sizeof *cp, 16);
  const rf_alert **b = cp ? rf_grow(m->batch, &m->batch_cap, m->nopened, sizeof *b, 64) : NULL;
  if (!b) return RF_ENOMEM;
  m->early = cp;
  m->batch = b;
  rf_status st = RF_OK;
  for (size_t i = 0; i < m->nopened && !st; i++) {
    const rf_i_alert *a = rf_i_al(m, m->opened[i]);
    if (!a || a->state != RF_I_ALERT_OPEN) continue; /* final already: sent once, as final */
    cp[n] = a->pub;
    cp[n].open = 1;
    cp[n].txns = a->pub.ntxns ? malloc(a->pub.ntxns * sizeof *cp[n].txns) : NULL;
    if (a->pub.ntxns && !cp[n].txns) {
      st = RF_ENOMEM;
      break;
    }
    if (a->pub.ntxns) memcpy(cp[n].txns, a->pub.txns, a->pub.ntxns * sizeof *cp[n].txns);
    rf_i_alert_finalize(&cp[n]);
    b[n] = &cp[n];
    n++;
  }
  int rc = !st && n ? m->sink.fn(m->sink.ud, b, n) : 0;
  for (size_t i = 0; i < n; i++) free(cp[i].txns);
  if (st) return st;
  m->nopened = 0;
  if (rc) {
    m->sink_failed = 1;
    return RF_EIO;
  }
  return RF_OK;
}

/* a released alert is dropped for good (sink.forget, unlabelled streams):
 * only rf_monitor.typ_alerts remembers it; its chunk goes once every alert
 * of it is gone */
static void rf_i_alert_forget(rf_monitor *m, uint32_t idx) {
  rf_i_alert *a = rf_i_al(m, idx);
  free(a->pos);
  a->pos = NULL;
  a->npos = 0;
  a->state = RF_I_ALERT_FORGOTTEN;
  m->nforgotten++;
  size_t c = idx >> RF_I_ACHUNK_BITS;
  if (!--m->alive[c] && (c + 1) * RF_I_ACHUNK <= m->nalerts) rf_i_achunk_drop(m, c);
}

rf_status rf_i_deliver(rf_monitor *m) {
  if (m->sink_failed) return RF_EIO;
  if (!m->sink.fn) return RF_OK;
  if (m->nopened) {
    rf_status st = rf_i_deliver_opened(m);
    if (st) return st;
  }
  if (!m->nclosed) return RF_OK;
  const rf_alert **b = rf_grow(m->batch, &m->batch_cap, m->nclosed, sizeof *b, 64);
  if (!b) return RF_ENOMEM;
  m->batch = b;
  for (size_t i = 0; i < m->nclosed; i++) b[i] = &rf_i_al(m, m->closed[i])->pub;
  int rc = m->sink.fn(m->sink.ud, b, m->nclosed);
  for (size_t i = 0; i < m->nclosed; i++) {
    rf_i_alert *a = rf_i_al(m, m->closed[i]);
    a->state = RF_I_ALERT_DELIVERED;
    if (m->sink.release) rf_i_alert_release(m, a);
    if (a->state == RF_I_ALERT_RELEASED && m->sink.forget && !m->have_txn_labels)
      rf_i_alert_forget(m, m->closed[i]);
  }
  m->nclosed = 0;
  if (rc) {
    m->sink_failed = 1;
    return RF_EIO;
  }
  return RF_OK;
}

rf_status rf_monitor_finish(rf_monitor *m) {
  for (size_t i = 0; i < m->nalerts; i++) {
    rf_i_alert *a = rf_i_al(m, i);
    if (a && a->state == RF_I_ALERT_OPEN) rf_i_alert_finalize(&a->pub);
  }
  if (m->nopen) memset(m->open_tab, 0, m->nopen * RF_TYP_COUNT * sizeof *m->open_tab);
  if (!m->sink.fn) return RF_OK;
  for (size_t i = 0; i < m->npending; i++) {
    uint32_t idx = m->pending[i];
    if (rf_i_idx_push(&m->closed, &m->nclosed, &m->closed_cap, idx)) return RF_ENOMEM;
    rf_i_al(m, idx)->state = RF_I_ALERT_CLOSED;
  }
  m->npending = 0;
  return rf_i_deliver(m);
}

void rf_i_sink_free(rf_monitor *m) {
  free(m->pending);
  free(m->closed);
  free(m->batch);
  free(m->opened);
  free(m->early);
  rf_i_evacc_free(&m->evacc);
}
