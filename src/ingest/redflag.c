/* redflag schema reader: CSV with a header naming the columns, or JSON Lines
 * with the same field names as keys (see docs/ingest.md). */
#include "ingest/ingest_i.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

const char *const rf_i_redflag_cols[RF_C_COUNT] = {"txn_id",
                                                   "time",
                                                   "channel",
                                                   "amount",
                                                   "currency",
                                                   "amount_received",
                                                   "currency_received",
                                                   "orig_account",
                                                   "orig_name",
                                                   "orig_bank",
                                                   "orig_country",
                                                   "bene_account",
                                                   "bene_name",
                                                   "bene_bank",
                                                   "bene_country",
                                                   "branch",
                                                   "city",
                                                   "state",
                                                   "zip",
                                                   "conductor",
                                                   "label"};

/* Columns every redflag CSV header must carry (values of the two account
 * columns may be empty for cash, see rf_i_redflag_fields). */
static const int rf_i_required[] = {RF_C_TXN_ID,   RF_C_TIME,         RF_C_CHANNEL,     RF_C_AMOUNT,
                                    RF_C_CURRENCY, RF_C_ORIG_ACCOUNT, RF_C_BENE_ACCOUNT};
#define RF_I_NREQ (sizeof rf_i_required / sizeof rf_i_required[0])

static int rf_i_col_index(const char *name) {
  for (int k = 0; k < RF_C_COUNT; k++) /* exact spelling first (JSON keys) */
    if (strcmp(name, rf_i_redflag_cols[k]) == 0) return k;
  for (int k = 0; k < RF_C_COUNT; k++)
    if (rf_i_name_eq(name, rf_i_redflag_cols[k])) return k;
  return -1;
}

rf_status rf_i_redflag_header(rf_ingest *r, char **f, size_t n, rf_error *err) {
  for (size_t i = 0; i < n; i++) {
    int k = rf_i_col_index(f[i]);
    if (k < 0) {
      if (r->o.allow_extra_columns) continue;
      return rf_error_set(err, RF_EPARSE,
                          "%s:1: unknown column %zu '%.100s' (see docs/ingest.md for the redflag "
                          "schema)",
                          r->label, i + 1, f[i]);
    }
    if (r->col[k] >= 0)
      return rf_error_set(err, RF_EPARSE, "%s:1: column '%s' appears twice", r->label,
                          rf_i_redflag_cols[k]);
    r->col[k] = (int)i;
  }
  for (size_t q = 0; q < RF_I_NREQ; q++)
    if (r->col[rf_i_required[q]] < 0)
      return rf_error_set(err, RF_ENOTFOUND, "%s:1: missing required column '%s'", r->label,
                          rf_i_redflag_cols[rf_i_required[q]]);
  r->has_label = r->col[RF_C_LABEL] >= 0;
  r->acol[0] = r->col[RF_C_ORIG_ACCOUNT];
  r->acol[1] = r->col[RF_C_BENE_ACCOUNT];
  r->xcol = r->col[RF_C_TXN_ID];
  return RF_OK;
}

rf_status rf_i_redflag_row(rf_ingest *r, char **f, size_t n, rf_txn *t, rf_error *err) {
  const char *vals[RF_C_COUNT];
  for (int k = 0; k < RF_C_COUNT; k++)
    vals[k] = r->col[k] >= 0 && (size_t)r->col[k] < n ? f[r->col[k]] : NULL;
  return rf_i_redflag_fields(r, vals, (size_t)t->line, t, err);
}

static int rf_i_empty(const char *s) { return !s || !*s; }

/* "2024-03-01T14:05:00Z" with a per-date cache; anything else through
 * rf_time_parse (offsets, fractions, dates only ...). */
static int rf_i_iso_time(rf_ingest *r, const char *s, int64_t *out) {
  static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
  int i = 0;
  for (; i < 20; i++) { /* in order, so a short string stops at its NUL */
    char c = s[i];
    if (pat[i] == 'd' ? (c < '0' || c > '9') : c != pat[i]) break;
  }
  if (i == 20 && s[20] == '\0') {
    int hh = (s[11] - '0') * 10 + (s[12] - '0'), mm = (s[14] - '0') * 10 + (s[15] - '0'),
        ss = (s[17] - '0') * 10 + (s[18] - '0');
    if (hh < 24 && mm < 60 && ss < 61) {
      if (rf_ingest_date_cached(r, s)) return -1;
      *out = r->date_days + hh * 3600 + mm * 60 + ss;
      return 0;
    }
  }
  return rf_time_parse(s, out) ? -1 : 0;
}

rf_status rf_i_redflag_fields(rf_ingest *r, const char *const *v, size_t line, rf_txn *t,
                              rf_error *err) {
  static const int must[] = {RF_C_TXN_ID, RF_C_TIME, RF_C_CHANNEL, RF_C_AMOUNT, RF_C_CURRENCY};
  for (size_t q = 0; q < sizeof must / sizeof must[0]; q++)
    if (rf_i_empty(v[must[q]]))
      return rf_error_set(err, RF_EPARSE, "%s:%zu: field %s: missing or empty", r->label, line,
                          rf_i_redflag_cols[must[q]]);
  if (rf_i_iso_time(r, v[RF_C_TIME], &t->time))
    return rf_error_set(err, RF_EPARSE,
                        "%s:%zu: field time: cannot parse '%.60s' (ISO 8601 expected, e.g. "
                        "2024-03-01T14:05:00Z)",
                        r->label, line, v[RF_C_TIME]);
  rf_channel ch = rf_channel_parse(v[RF_C_CHANNEL]);
  if (ch == RF_CH_UNKNOWN)
    return rf_error_set(err, RF_EPARSE,
                        "%s:%zu: field channel: unknown '%.60s' (expected cash_deposit, "
                        "cash_withdrawal, wire, ach, check, card, p2p or crypto)",
                        r->label, line, v[RF_C_CHANNEL]);
  t->channel = (uint8_t)ch;
  rf_status st;
  if ((st = rf_i_amount_field(r, v[RF_C_AMOUNT], "amount", line, &t->amount, err))) return st;
  t->amount_received = t->amount;
  if (!rf_i_empty(v[RF_C_AMOUNT_RECEIVED]) &&
      (st = rf_i_amount_field(r, v[RF_C_AMOUNT_RECEIVED], "amount_received", line,
                              &t->amount_received, err)))
    return st;
  int cash_in = ch == RF_CH_CASH_DEPOSIT || ch == RF_CH_CASH;
  int cash_out = ch == RF_CH_CASH_WITHDRAWAL || ch == RF_CH_CASH;
  if (rf_i_empty(v[RF_C_ORIG_ACCOUNT]) && !cash_in)
    return rf_error_set(err, RF_EPARSE,
                        "%s:%zu: field orig_account: missing or empty (only cash deposits may "
                        "omit it)",
                        r->label, line);
  if (rf_i_empty(v[RF_C_BENE_ACCOUNT]) && !cash_out)
    return rf_error_set(err, RF_EPARSE,
                        "%s:%zu: field bene_account: missing or empty (only cash withdrawals may "
                        "omit it)",
                        r->label, line);
  if (rf_i_empty(v[RF_C_ORIG_ACCOUNT]) && rf_i_empty(v[RF_C_BENE_ACCOUNT]))
    return rf_error_set(err, RF_EPARSE, "%s:%zu: fields orig_account and bene_account: both empty",
                        r->label, line);
  const char *lab = v[RF_C_LABEL];
  if (!rf_i_empty(lab)) {
    if (rf_i_name_eq(lab, "1") || rf_i_name_eq(lab, "true"))
      t->label = 1;
    else if (rf_i_name_eq(lab, "0") || rf_i_name_eq(lab, "false"))
      t->label = 0;
    else
      return rf_error_set(err, RF_EPARSE, "%s:%zu: field label: expected 0 or 1, got '%.60s'",
                          r->label, line, lab);
  }
  if ((st = rf_i_accept(r, t, v[RF_C_TXN_ID], err))) return st;
  t->src = rf_i_account(r, v[RF_C_ORIG_ACCOUNT]);
  t->dst = rf_i_account(r, v[RF_C_BENE_ACCOUNT]);
  t->currency = rf_i_text(r, v[RF_C_CURRENCY]);
  t->currency_received =
      rf_i_empty(v[RF_C_CURRENCY_RECEIVED]) ? t->currency : rf_i_text(r, v[RF_C_CURRENCY_RECEIVED]);
  t->src_name = rf_i_text(r, v[RF_C_ORIG_NAME]);
  int banks = !(r->o.skip & RF_INGEST_SKIP_BANKS);
  t->src_bank = banks ? rf_i_text(r, v[RF_C_ORIG_BANK]) : RF_NONE;
  t->src_country = rf_i_text(r, v[RF_C_ORIG_COUNTRY]);
  t->dst_name = rf_i_text(r, v[RF_C_BENE_NAME]);
  t->dst_bank = banks ? rf_i_text(r, v[RF_C_BENE_BANK]) : RF_NONE;
  t->dst_country = rf_i_text(r, v[RF_C_BENE_COUNTRY]);
  t->city = rf_i_text(r, v[RF_C_CITY]);
  t->zip = rf_i_text(r, v[RF_C_ZIP]);
  t->location = rf_i_empty(v[RF_C_BRANCH]) ? t->city : rf_i_text(r, v[RF_C_BRANCH]);
  t->state = rf_i_text(r, v[RF_C_STATE]);
  t->conductor = rf_i_text(r, v[RF_C_CONDUCTOR]);
  if (t->currency == RF_NONE) return rf_error_set(err, RF_ENOMEM, "out of memory");
  return RF_OK;
}

/* ------------------------------------------------------------ JSON Lines */

rf_status rf_i_jsonl_row(rf_ingest *r, const char *line, size_t len, rf_txn *t, rf_error *err) {
  size_t ln = (size_t)t->line;
  json_error_t je;
  json_t *o = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
  if (!o)
    return rf_error_set(err, RF_EPARSE, "%s:%zu: invalid JSON at column %d: %.200s", r->label, ln,
                        je.column, je.text);
  if (!json_is_object(o)) {
    json_decref(o);
    return rf_error_set(err, RF_EPARSE, "%s:%zu: expected a JSON object", r->label, ln);
  }
  const char *vals[RF_C_COUNT] = {0};
  char num[RF_C_COUNT][40];
  rf_status st = RF_OK;
  const char *key;
  json_t *val;
  json_object_foreach(o, key, val) {
    int k = rf_i_col_index(key);
    if (k < 0) {
      if (r->o.allow_extra_columns) continue;
      st = rf_error_set(err, RF_EPARSE, "%s:%zu: unknown field '%.100s'", r->label, ln, key);
      break;
    }
    if (json_is_null(val)) continue;
    if (json_is_string(val)) {
      const char *s = json_string_value(val);
      if (strlen(s) != json_string_length(val)) {
        st = rf_error_set(err, RF_EPARSE, "%s:%zu: field %s: contains a NUL character", r->label,
                          ln, rf_i_redflag_cols[k]);
        break;
      }
      vals[k] = s;
    } else if (json_is_integer(val) &&
               (k == RF_C_AMOUNT || k == RF_C_AMOUNT_RECEIVED || k == RF_C_LABEL)) {
      snprintf(num[k], sizeof num[k], "%" JSON_INTEGER_FORMAT, json_integer_value(val));
      vals[k] = num[k];
    } else if (json_is_real(val) && (k == RF_C_AMOUNT || k == RF_C_AMOUNT_RECEIVED)) {
      snprintf(num[k], sizeof num[k], "%.17g", json_real_value(val));
      vals[k] = num[k];
    } else if (json_is_boolean(val) && k == RF_C_LABEL) {
      vals[k] = json_is_true(val) ? "1" : "0";
    } else {
      st = rf_error_set(err, RF_EPARSE, "%s:%zu: field %s: wrong JSON type", r->label, ln,
                        rf_i_redflag_cols[k]);
      break;
    }
  }
  if (!st) {
    r->has_label |= vals[RF_C_LABEL] != NULL;
    st = rf_i_redflag_fields(r, vals, ln, t, err);
  }
  json_decref(o);
  return st;
}
