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

static int rf_i_bit(const uint64_t *bits, size_t words, uint64_t line) {
  size_t w = (size_t)(line >> 6);
  return w < words && (bits[w] >> (line & 63)) & 1;
}

rf_status rf_monitor_evaluate(const rf_monitor *m, rf_monitor_label_fn account_label, void *ud,
                              size_t naccounts, rf_monitor_eval *out, rf_error *err) {
  memset(out, 0, sizeof *out);
  size_t nacc = naccounts > m->nacct ? naccounts : m->nacct;
  uint8_t *flag = calloc(nacc ? nacc : 1, 1);
  uint64_t *tflag = calloc(m->lab_words ? m->lab_words : 1, sizeof *tflag);
  uint64_t *bflag = calloc(m->lab_words ? m->lab_words : 1, sizeof *bflag);
  if (!flag || !tflag || !bflag) {
    free(flag);
    free(tflag);
    free(bflag);
    return rf_error_set(err, RF_ENOMEM, "evaluation: out of memory");
  }
  for (size_t i = 0; i < m->nalerts; i++) {
    const rf_alert *a = &m->alerts[i].pub;
    for (size_t k = 0; k < a->naccounts; k++) flag[a->accounts[k]] = 1;
    int hit = 0;
    uint64_t covered = 0;
    for (size_t k = 0; k < a->ntxns; k++) {
      uint64_t ln = a->txns[k].line;
      size_t w = (size_t)(ln >> 6);
      if (w < m->lab_words) {
        int pos = (m->lab_pos[w] >> (ln & 63)) & 1;
        if (pos) {
          hit = 1;
          if (!((tflag[w] >> (ln & 63)) & 1)) covered++;
        }
        tflag[w] |= 1ull << (ln & 63);
        if (a->typology != RF_TYP_SANCTIONED) bflag[w] |= 1ull << (ln & 63);
      }
    }
    out->alerts[a->typology]++;
    if (m->have_txn_labels) {
      if (hit) out->alerts_true[a->typology]++;
    } else if (account_label && a->naccounts && account_label(ud, a->accounts[0]) == 1) {
      out->alerts_true[a->typology]++;
    }
    out->txns_covered[a->typology] += covered;
  }
  if (m->have_txn_labels) {
    out->have_txn_labels = 1;
    rf_i_prf_bits(&out->txn, m, tflag);
    rf_i_prf_bits(&out->txn_behaviour, m, bflag);
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
      if (flag[i] && lab == 1)
        out->account.tp++;
      else if (flag[i])
        out->account.fp++;
      else if (lab == 1)
        out->account.fn++;
    }
    rf_i_prf(&out->account);
  }
  (void)rf_i_bit;
  free(flag);
  free(tflag);
  free(bflag);
  return RF_OK;
}

int rf_alert_to_json(const rf_alert *a, rf_buf *b, rf_monitor_name_fn account_name,
                     rf_monitor_name_fn txn_name, void *ud) {
  char ts[32], te[32];
  rf_time_format(a->window_start, ts, sizeof ts);
  rf_time_format(a->window_end, te, sizeof te);
  int r = 0;
  r |= rf_buf_printf(b, "{\"alert_id\":%llu,\"typology\":\"%s\",\"accounts\":[",
                     (unsigned long long)a->id, rf_typology_str(a->typology));
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
