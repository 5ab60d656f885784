/* Evaluation against labels and JSON rendering of alerts. */
#include "monitor_i.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void rf_i_prf(rf_monitor_prf *p) {
  p->precision = p->tp + p->fp ? (double)p->tp / (double)(p->tp + p->fp) : 0;
  p->recall = p->tp + p->fn ? (double)p->tp / (double)(p->tp + p->fn) : 0;
  p->f1 =
      p->precision + p->recall > 0 ? 2 * p->precision * p->recall / (p->precision + p->recall) : 0;
}

/* transaction-level counts of the flagged lines in fl against the labels */
static void rf_i_prf_bits(rf_monitor_prf *p, const rf_monitor *m, const uint64_t *flagged) {
  for (size_t w = 0; w < m->lab_words; w++) {
    uint64_t seen = m->lab_seen[w], pos = m->lab_pos[w] & seen, fl = flagged[w] & seen;
    p->tp += (uint64_t)__builtin_popcountll(fl & pos);
    p->fp += (uint64_t)__builtin_popcountll(fl & ~pos);
    p->fn += (uint64_t)__builtin_popcountll(~fl & pos);
  }
  rf_i_prf(p);
}

void rf_i_evacc_free(rf_i_evacc *e) {
  free(e->flag);
  free(e->t);
  free(e->b);
  memset(e, 0, sizeof *e);
}

/* a zeroed or grown copy of n words (old holds on of them) */
static uint64_t *rf_i_words_grow(uint64_t *old, size_t on, size_t n) {
  uint64_t *p = realloc(old, n * sizeof *p);
  if (p) memset(p + on, 0, (n - on) * sizeof *p);
  return p;
}

/* grows e to nacc accounts and `words` line words (new parts zeroed) */
static int rf_i_evacc_reserve(rf_i_evacc *e, size_t nacc, size_t words) {
  if (nacc > e->nflag) {
    size_t n = e->nflag ? e->nflag : 1024;
    while (n < nacc) n *= 2;
    uint8_t *f = realloc(e->flag, n);
    if (!f) return -1;
    memset(f + e->nflag, 0, n - e->nflag);
    e->flag = f;
    e->nflag = n;
  }
  if (words > e->words) {
    size_t n = e->words ? e->words : 1024;
    while (n < words) n *= 2;
    uint64_t *t = rf_i_words_grow(e->t, e->words, n);
    if (!t) return -1;
    e->t = t;
    uint64_t *b = rf_i_words_grow(e->b, e->words, n);
    if (!b) return -1;
    e->b = b;
    e->words = n;
  }
  return 0;
}

int rf_i_evacc_add(const rf_monitor *m, rf_i_evacc *e, const rf_alert *a) {
  uint32_t hi = 0;
  for (size_t k = 0; k < a->naccounts; k++)
    if (a->accounts[k] >= hi) hi = a->accounts[k] + 1;
  if (rf_i_evacc_reserve(e, hi, m->lab_words)) return -1;
  for (size_t k = 0; k < a->naccounts; k++) e->flag[a->accounts[k]] = 1;
  int hit = 0;
  for (size_t k = 0; k < a->ntxns; k++) {
    uint64_t ln = a->txns[k].line;
    size_t w = (size_t)(ln >> 6);
    if (w >= m->lab_words) continue;
    uint64_t bit = 1ull << (ln & 63);
    if (m->lab_pos[w] & bit) hit = 1;
    e->t[w] |= bit;
    if (a->typology != RF_TYP_SANCTIONED) e->b[w] |= bit;
  }
  return hit;
}

int rf_i_is_pos(const rf_monitor *m, uint64_t line) {
  size_t w = (size_t)(line >> 6);
  return w < m->lab_words && (m->lab_pos[w] >> (line & 63) & 1);
}

/* marks (set) or clears (!set) the laundering evidence lines of the
 * alerts of one typology in seen; returns the lines newly marked */
static uint64_t rf_i_mark_typ(const rf_monitor *m, rf_typology typ, uint64_t *seen, int set) {
  uint64_t n = 0;
  for (size_t i = 0; i < m->nalerts; i++) {
    const rf_i_alert *a = rf_i_al_kept(m, i);
    if (!a || a->pub.typology != typ) continue;
    size_t k1 = a->state == RF_I_ALERT_RELEASED ? a->npos : a->pub.ntxns;
    for (size_t k = 0; k < k1; k++) {
      uint64_t ln = a->state == RF_I_ALERT_RELEASED ? a->pos[k] : a->pub.txns[k].line;
      if (!rf_i_is_pos(m, ln)) continue;
      uint64_t *wd = &seen[ln >> 6], bit = 1ull << (ln & 63);
      if (!set) {
        *wd = 0;
      } else if (!(*wd & bit)) {
        *wd |= bit;
        n++;
      }
    }
  }
  return n;
}

/* per typology: laundering transactions its alerts list as evidence, each
 * once (independent of the order alerts closed in) */
static int rf_i_covered(const rf_monitor *m, uint64_t covered[RF_TYP_COUNT]) {
  memset(covered, 0, RF_TYP_COUNT * sizeof *covered);
  if (!m->lab_words) return 0;
  uint64_t *seen = calloc(m->lab_words, sizeof *seen);
  if (!seen) return -1;
  for (int t = 0; t < RF_TYP_COUNT; t++) {
    covered[t] = rf_i_mark_typ(m, (rf_typology)t, seen, 1);
    rf_i_mark_typ(m, (rf_typology)t, seen, 0);
  }
  free(seen);
  return 0;
}

rf_status rf_monitor_evaluate(const rf_monitor *m, rf_monitor_label_fn account_label, void *ud,
                              size_t naccounts, rf_monitor_eval *out, rf_error *err) {
  memset(out, 0, sizeof *out);
  if (m->nforgotten && (account_label || m->have_txn_labels))
    return rf_error_set(err, RF_EINVAL,
                        "evaluation: %llu delivered alerts were forgotten (sink.forget)",
                        (unsigned long long)m->nforgotten);
  size_t nacc = naccounts > m->nacct ? naccounts : m->nacct;
  /* the released alerts' tallies, then every alert still holding evidence */
  rf_i_evacc e = {0};
  const rf_i_evacc *r = &m->evacc;
  if (rf_i_evacc_reserve(&e, nacc > r->nflag ? nacc : r->nflag,
                         m->lab_words > r->words ? m->lab_words : r->words)) {
    rf_i_evacc_free(&e);
    return rf_error_set(err, RF_ENOMEM, "evaluation: out of memory");
  }
  if (r->nflag) memcpy(e.flag, r->flag, r->nflag);
  if (r->words) {
    memcpy(e.t, r->t, r->words * sizeof *e.t);
    memcpy(e.b, r->b, r->words * sizeof *e.b);
  }

  for (int t = 0; t < RF_TYP_COUNT; t++) out->alerts[t] = m->typ_alerts[t];
  for (size_t i = 0; i < m->nalerts; i++) {
    const rf_i_alert *ia = rf_i_al_kept(m, i);
    if (!ia) continue;
    const rf_alert *a = &ia->pub;
    int hit = ia->state == RF_I_ALERT_RELEASED ? ia->hit : rf_i_evacc_add(m, &e, a);
    if (hit < 0) {
      rf_i_evacc_free(&e);
      return rf_error_set(err, RF_ENOMEM, "evaluation: out of memory");
    }
    if (m->have_txn_labels) {
      if (hit) out->alerts_true[a->typology]++;
    } else if (account_label && account_label(ud, ia->anchor) == 1) {
      out->alerts_true[a->typology]++;
    }
  }
  if (rf_i_covered(m, out->txns_covered)) {
    rf_i_evacc_free(&e);
    return rf_error_set(err, RF_ENOMEM, "evaluation: out of memory");
  }
  if (m->have_txn_labels) {
    out->have_txn_labels = 1;
    rf_i_prf_bits(&out->txn, m, e.t);
    rf_i_prf_bits(&out->txn_behaviour, m, e.b);
  }
  /* account level: explicit labels, else derived from laundering txns */
  if (account_label || m->have_txn_labels) {
    out->have_account_labels = 1;
    for (size_t i = 0; i < nacc; i++) {
      int lab;
      if (account_label)
        lab = account_label(ud, (uint32_t)i);
      else
        lab = i < m->nacct ? m->acct_lab[i] : 0;
      if (lab < 0) continue;
      int fl = i < e.nflag && e.flag[i];
      if (fl && lab == 1)
        out->account.tp++;
      else if (fl)
        out->account.fp++;
      else if (lab == 1)
        out->account.fn++;
    }
    rf_i_prf(&out->account);
  }
  rf_i_evacc_free(&e);
  return RF_OK;
}

int rf_alert_to_json(const rf_alert *a, rf_buf *b, rf_monitor_name_fn account_name,
                     rf_monitor_name_fn txn_name, void *ud) {
  char ts[32], te[32];
  rf_time_format(a->window_start, ts, sizeof ts);
  rf_time_format(a->window_end, te, sizeof te);
  int r = 0;
  /* an early copy says so; a final alert has no status (as before early
   * delivery existed) */
  r |= rf_buf_printf(b, "{\"alert_id\":%llu,%s\"typology\":\"%s\",\"accounts\":[",
                     (unsigned long long)a->id, a->open ? "\"status\":\"open\"," : "",
                     rf_typology_str(a->typology));
  for (size_t i = 0; i < a->naccounts; i++) {
    if (i) r |= rf_buf_putc(b, ',');
    const char *nm = account_name ? account_name(ud, a->accounts[i]) : NULL;
    if (nm)
      r |= rf_buf_json_str(b, nm);
    else
      r |= rf_buf_printf(b, "\"%u\"", a->accounts[i]);
  }
  r |= rf_buf_puts(b, "],\"transactions\":[");
  for (size_t i = 0; i < a->ntxns; i++) {
    if (i) r |= rf_buf_putc(b, ',');
    const char *id = txn_name && a->txns[i].txid != RF_NONE ? txn_name(ud, a->txns[i].txid) : NULL;
    if (id)
      r |= rf_buf_json_str(b, id);
    else
      r |= rf_buf_printf(b, "%llu", (unsigned long long)a->txns[i].line);
  }
  r |= rf_buf_puts(b, "],\"lines\":[");
  for (size_t i = 0; i < a->ntxns; i++)
    r |= rf_buf_printf(b, "%s%llu", i ? "," : "", (unsigned long long)a->txns[i].line);
  r |= rf_buf_printf(b, "],\"window\":{\"start\":\"%s\",\"end\":\"%s\"},\"score\":%.4f,", ts, te,
                     isfinite(a->score) ? a->score : 0.0);
  /* JSON has no NaN or infinity */
  if (isfinite(a->value))
    r |= rf_buf_printf(b, "\"value\":%.6g,", a->value);
  else
    r |= rf_buf_puts(b, "\"value\":null,");
  if (isfinite(a->threshold))
    r |= rf_buf_printf(b, "\"threshold\":%.6g,", a->threshold);
  else
    r |= rf_buf_puts(b, "\"threshold\":null,");
  r |= rf_buf_puts(b, "\"explanation\":");
  r |= rf_buf_json_str(b, a->explanation ? a->explanation : "");
  r |= rf_buf_putc(b, '}');
  return r ? -1 : 0;
}
