/* IBM AMLworld CSV reader (HI/LI-Small/Medium/Large_Trans.csv layout). */
#include "ingest/ingest_i.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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
  /* the one-pass reader: the published columns only, banks not interned */
  r->aw_fast = n == extra && (r->o.skip & RF_INGEST_SKIP_BANKS);
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

/* The seven AMLworld payment formats, spelt as published; RF_CH_UNKNOWN for
 * anything else (the general path then tries every accepted spelling). */
static rf_channel rf_i_aw_channel_n(const char *s, size_t n) {
  static const struct {
    const char *s;
    rf_channel c;
  } k[] = {{"Cheque", RF_CH_CHECK},  {"Credit Card", RF_CH_CARD},
           {"Cash", RF_CH_CASH},     {"ACH", RF_CH_ACH},
           {"Wire", RF_CH_WIRE},     {"Reinvestment", RF_CH_REINVESTMENT},
           {"Bitcoin", RF_CH_CRYPTO}};
  for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
    if (strlen(k[i].s) == n && !memcmp(s, k[i].s, n)) return k[i].c;
  return RF_CH_UNKNOWN;
}

/* The seven AMLworld spellings first, then any accepted spelling. */
static rf_channel rf_i_aw_channel(const char *s) {
  rf_channel c = rf_i_aw_channel_n(s, strlen(s));
  return c != RF_CH_UNKNOWN ? c : rf_channel_parse(s);
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

/* ------------------------------------------------ the one-pass reader */

/* One pass from s to the line end within [s, lim): the commas before it
 * into cm (at most max; cm has room for max + 16), the line end ('\n') into
 * *nl. -1 when the record holds a quote, a NUL (the general path's fields
 * end there) or a byte >= 0x80, has more commas, or does not end within
 * lim. */
static int rf_i_aw_scan(const char *s, const char *lim, const char **cm, int max, const char **nl) {
  int nc = 0;
  const char *p = s;
#ifdef __SSE2__
  const __m128i vc = _mm_set1_epi8(','), vq = _mm_set1_epi8('"'), vn = _mm_set1_epi8('\n');
  for (; lim - p >= 16; p += 16) {
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    unsigned mn = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vn));
    unsigned before = mn ? (mn & -mn) - 1 : 0xFFFFu; /* the bytes before the line end */
    unsigned bad = (unsigned)(_mm_movemask_epi8(x) | _mm_movemask_epi8(_mm_cmpeq_epi8(x, vq)) |
                              _mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_setzero_si128())));
    if (bad & before) return -1;
    unsigned mc = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vc)) & before;
    for (; mc; mc &= mc - 1) cm[nc++] = p + __builtin_ctz(mc); /* at most 16 */
    if (nc > max) return -1;
    if (mn) {
      *nl = p + __builtin_ctz(mn);
      return nc;
    }
  }
#endif
  for (; p < lim; p++) {
    unsigned char ch = (unsigned char)*p;
    if (ch == '\n') {
      *nl = p;
      return nc;
    }
    if (ch >= 0x80 || ch == '"' || !ch) return -1;
    if (ch == ',') {
      if (nc == max) return -1;
      cm[nc++] = p;
    }
  }
  return -1; /* not complete in the buffer: the general path reads on */
}

int rf_i_aw_fast(rf_ingest *r, rf_i_brow *row) {
  rf_i_csv *c = &r->csv;
  if (c->pos >= c->len) return 0;
  char *s = c->buf + c->pos;
  const char *cm[RF_I_AW_REQ + 17], *nlc = NULL;
  int nc = rf_i_aw_scan(s, c->buf + c->len, cm, RF_I_AW_REQ, &nlc);
  if (nc < 0 || (size_t)nc + 1 != r->ncols) return 0;
  char *nl = s + (nlc - s);
  char *e = nl > s && nl[-1] == '\r' ? nl - 1 : nl;
  cm[nc] = e; /* field k is [FB(k), cm[k]) */
#define RF_I_FB(k) ((k) ? cm[(k)-1] + 1 : s)
#define RF_I_FE(k) (cm[k])
  /* banks, accounts and currencies may not be empty */
  if (cm[1] == cm[0] + 1 || cm[2] == cm[1] + 1 || cm[3] == cm[2] + 1 || cm[4] == cm[3] + 1 ||
      cm[6] == cm[5] + 1 || cm[8] == cm[7] + 1)
    return 0;
  /* time: the row before's minute, else the pattern (rf_i_aw_time) */
  if (cm[0] - s != 16) return 0;
  if (r->last_ts_ok && !memcmp(s, r->last_ts, 16)) {
    row->time = r->last_t;
  } else {
    char ts[17];
    memcpy(ts, s, 16);
    ts[16] = '\0';
    if (rf_i_aw_time(r, ts, &row->time)) return 0;
  }
  /* amounts: plain decimals that end at their field's comma */
  if (rf_i_plain_decimal(RF_I_FB(5), &row->amount_received) != RF_I_FE(5)) return 0;
  size_t l5 = (size_t)(RF_I_FE(5) - RF_I_FB(5)), l7 = (size_t)(RF_I_FE(7) - RF_I_FB(7));
  if (l7 == l5 && !memcmp(RF_I_FB(7), RF_I_FB(5), l5))
    row->amount = row->amount_received;
  else if (rf_i_plain_decimal(RF_I_FB(7), &row->amount) != RF_I_FE(7))
    return 0;
  rf_channel ch = rf_i_aw_channel_n(RF_I_FB(9), (size_t)(RF_I_FE(9) - RF_I_FB(9)));
  if (ch == RF_CH_UNKNOWN) return 0;
  row->channel = (uint8_t)ch;
  row->label = -1;
  if (r->has_label) {
    const char *l = RF_I_FB(10);
    if (RF_I_FE(10) - l != 1 || (*l != '0' && *l != '1')) return 0;
    row->label = (int8_t)(*l - '0');
  }
  for (int k = 0; k < 2; k++) {
    const char *a = RF_I_FB(2 + 2 * k), *ccy = RF_I_FB(6 + 2 * k);
    row->ak[k] = a;
    row->al[k] = (uint32_t)(RF_I_FE(2 + 2 * k) - a);
    row->ah[k] = rf_i_dict_hash(a, row->al[k]);
    rf_i_dict_prefetch_h(&r->accounts, row->ah[k]);
    row->ck[k] = ccy;
    row->cl[k] = (uint32_t)(RF_I_FE(6 + 2 * k) - ccy);
  }
#undef RF_I_FB
#undef RF_I_FE
  /* consumed: the record is a string for the rejects file */
  *e = '\0';
  c->rec_line = c->line++;
  c->pos = (size_t)(nl - c->buf) + 1;
  row->fast = 1;
  r->aw_fast_rows++;
  row->raw = s;
  row->line = c->rec_line;
  row->st = RF_OK;
  row->nf = 0;
  row->hi = 0;
  return 1;
}
