/* IBM AMLworld CSV reader (HI/LI-Small/Medium/Large_Trans.csv layout). */
#include "ingest/ingest_i.h"

#include <string.h>

static const char *const rf_i_aw_cols[] = {
    "Timestamp",       "From Bank",          "Account",     "To Bank",          "Account",
    "Amount Received", "Receiving Currency", "Amount Paid", "Payment Currency", "Payment Format",
    "Is Laundering"};
#define RF_I_AW_REQ 10

rf_status rf_i_amlworld_header(rf_ingest *r, char **f, size_t n, rf_error *err) {
  for (size_t i = 0; i < RF_I_AW_REQ; i++) {
    if (i >= n)
      return rf_error_set(err, RF_ENOTFOUND,
                          "%s:1: missing column %zu '%s' (AMLworld header is Timestamp,From "
                          "Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount "
                          "Paid,Payment Currency,Payment Format[,Is Laundering])",
                          r->label, i + 1, rf_i_aw_cols[i]);
    /* pandas renames the second Account to Account.1 when it re-saves */
    if (!rf_i_name_eq(f[i], rf_i_aw_cols[i]) && !(i == 4 && rf_i_name_eq(f[i], "Account.1")))
      return rf_error_set(err, RF_ENOTFOUND,
                          "%s:1: column %zu: expected '%s', found '%.100s' (AMLworld header is "
                          "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving "
                          "Currency,Amount Paid,Payment Currency,Payment Format[,Is Laundering])",
                          r->label, i + 1, rf_i_aw_cols[i], f[i]);
  }
  r->acol[0] = 2;
  r->acol[1] = 4;
  if (!(r->o.skip & RF_INGEST_SKIP_BANKS)) { /* bank ids are interned: prefetch them */
    r->tcol[0] = 1;
    r->tcol[1] = 3;
  }
  size_t extra = RF_I_AW_REQ;
  if (n > RF_I_AW_REQ && rf_i_name_eq(f[RF_I_AW_REQ], rf_i_aw_cols[RF_I_AW_REQ])) {
    r->has_label = 1;
    extra++;
  }
  if (n > extra && !r->o.allow_extra_columns)
    return rf_error_set(err, RF_EPARSE, "%s:1: unknown column %zu '%.100s' in AMLworld header",
                        r->label, extra + 1, f[extra]);
  return RF_OK;
}

/* "2022/09/01 00:20" with a per-date cache; anything else via rf_time_parse. */
static int rf_i_aw_time(rf_ingest *r, const char *s, int64_t *out) {
  static const char pat[] = "dddd/dd/dd dd:dd";
  /* sorted input: most rows repeat the previous row's minute */
  if (r->last_ts_ok && strncmp(s, r->last_ts, sizeof r->last_ts) == 0) {
    *out = r->last_t;
    return 0;
  }
  int i = 0;
  for (; i < 16; i++) { /* in order, so a short string stops at its NUL */
    char c = s[i];
    if (pat[i] == 'd' ? (c < '0' || c > '9') : c != pat[i]) break;
  }
  if (i == 16 && s[16] == '\0') {
    int hh = (s[11] - '0') * 10 + (s[12] - '0'), mm = (s[14] - '0') * 10 + (s[15] - '0');
    if (hh < 24 && mm < 60) {
      if (rf_ingest_date_cached(r, s)) return -1;
      *out = r->date_days + hh * 3600 + mm * 60;
      memcpy(r->last_ts, s, 17);
      r->last_t = *out;
      r->last_ts_ok = 1;
      return 0;
    }
  }
  return rf_time_parse(s, out) ? -1 : 0;
}

/* The seven AMLworld spellings first, then any accepted spelling. */
static rf_channel rf_i_aw_channel(const char *s) {
  switch (s[0]) {
  case 'C':
    if (strcmp(s, "Cheque") == 0) return RF_CH_CHECK;
    if (strcmp(s, "Credit Card") == 0) return RF_CH_CARD;
    if (strcmp(s, "Cash") == 0) return RF_CH_CASH;
    break;
  case 'A':
    if (strcmp(s, "ACH") == 0) return RF_CH_ACH;
    break;
  case 'W':
    if (strcmp(s, "Wire") == 0) return RF_CH_WIRE;
    break;
  case 'R':
    if (strcmp(s, "Reinvestment") == 0) return RF_CH_REINVESTMENT;
    break;
  case 'B':
    if (strcmp(s, "Bitcoin") == 0) return RF_CH_CRYPTO;
    break;
  default: break;
  }
  return rf_channel_parse(s);
}

rf_status rf_i_amlworld_row(rf_ingest *r, char **f, size_t n, rf_txn *t, rf_error *err) {
  (void)n;
  size_t line = (size_t)t->line;
  if (rf_i_aw_time(r, f[0], &t->time))
    return rf_error_set(err, RF_EPARSE, "%s:%zu: field Timestamp: cannot parse time '%.60s'",
                        r->label, line, f[0]);
  static const int req[] = {1, 2, 3, 4, 6, 8};
  for (size_t k = 0; k < sizeof req / sizeof req[0]; k++)
    if (!f[req[k]][0])
      return rf_error_set(err, RF_EPARSE, "%s:%zu: field %s (column %d): empty", r->label, line,
                          req[k] == 1   ? "From Bank"
                          : req[k] == 2 ? "Account (from)"
                          : req[k] == 3 ? "To Bank"
                          : req[k] == 4 ? "Account (to)"
                          : req[k] == 6 ? "Receiving Currency"
                                        : "Payment Currency",
                          req[k] + 1);
  rf_status st;
  if ((st = rf_i_amount_field(r, f[5], "Amount Received", line, &t->amount_received, err)))
    return st;
  /* most payments are received in the currency they were paid in */
  if (strcmp(f[7], f[5]) == 0)
    t->amount = t->amount_received;
  else if ((st = rf_i_amount_field(r, f[7], "Amount Paid", line, &t->amount, err)))
    return st;
  rf_channel ch = rf_i_aw_channel(f[9]);
  if (ch == RF_CH_UNKNOWN)
    return rf_error_set(err, RF_EPARSE,
                        "%s:%zu: field Payment Format: unknown '%.60s' (expected Reinvestment, "
                        "Cheque, Credit Card, ACH, Cash, Wire or Bitcoin)",
                        r->label, line, f[9]);
  t->channel = (uint8_t)ch;
  if (r->has_label) {
    const char *l = f[10];
    if ((l[0] != '0' && l[0] != '1') || l[1])
      return rf_error_set(err, RF_EPARSE,
                          "%s:%zu: field Is Laundering: expected 0 or 1, got '%.60s'", r->label,
                          line, l);
    t->label = (int8_t)(l[0] - '0');
  }
  if ((st = rf_i_accept(r, t, NULL, err))) return st;
  int banks = !(r->o.skip & RF_INGEST_SKIP_BANKS);
  t->src_bank = banks ? rf_i_text(r, f[1]) : RF_NONE;
  t->src = rf_i_account(r, f[2]);
  t->dst_bank = banks ? rf_i_text(r, f[3]) : RF_NONE;
  t->dst = rf_i_account(r, f[4]);
  t->currency_received = rf_i_text(r, f[6]);
  t->currency = strcmp(f[8], f[6]) == 0 ? t->currency_received : rf_i_text(r, f[8]);
  if (t->src == RF_NONE || t->dst == RF_NONE ||
      (banks && (t->src_bank == RF_NONE || t->dst_bank == RF_NONE)) || t->currency == RF_NONE ||
      t->currency_received == RF_NONE)
    return rf_error_set(err, RF_ENOMEM, "out of memory");
  return RF_OK;
}
