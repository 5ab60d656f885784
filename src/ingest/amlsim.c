/* IBM AMLSim reader: transactions.csv (sourceNodeId,targetNodeId,value,time)
 * with per-account labels from nodes.csv (nodeid,isFraud,init_balance,fraudStep),
 * and the other layouts AMLSim writes (see rf_i_as_names). */
#include "ingest/ingest_i.h"

#include <stdlib.h>
#include <string.h>

/* Column roles and the names AMLSim's layouts give them: the 2019 sample
 * sets (sourceNodeId,targetNodeId,value,time), the schema-driven output of
 * convert_logs.py (tran_id,orig_acct,bene_acct,tx_type,base_amt,
 * tran_timestamp,is_sar|is_fraud,alert_id) and the older outputs/tx.csv
 * (TXN_ID,ACCOUNT_ID,COUNTER_PARTY_ACCOUNT_NUM,TXN_SOURCE_TYPE_CODE,
 * tx_count,TXN_AMOUNT_ORIG,start,end). */
enum {
  RF_I_AS_SRC,
  RF_I_AS_DST,
  RF_I_AS_VALUE,
  RF_I_AS_TIME,
  RF_I_AS_TXID,
  RF_I_AS_TYPE,
  RF_I_AS_LABEL,
  RF_I_AS_ROLES
};
static const char *const rf_i_as_names[RF_I_AS_ROLES][4] = {
    {"sourceNodeId", "orig_acct", "ACCOUNT_ID", NULL},
    {"targetNodeId", "bene_acct", "COUNTER_PARTY_ACCOUNT_NUM", NULL},
    {"value", "base_amt", "TXN_AMOUNT_ORIG", NULL},
    {"time", "tran_timestamp", "start", NULL},
    {"tran_id", "TXN_ID", NULL, NULL},
    {"tx_type", "TXN_SOURCE_TYPE_CODE", NULL, NULL},
    {"is_sar", "is_fraud", "isFraud", NULL}};
/* columns of those layouts that no detector reads */
static const char *const rf_i_as_ignored[] = {"alert_id", "is_frgn_trxn", "tx_count", "end"};
#define RF_I_AS_LAYOUTS                                                                            \
  "AMLSim transactions have sourceNodeId,targetNodeId,value,time or "                              \
  "orig_acct,bene_acct,base_amt,tran_timestamp or "                                                \
  "ACCOUNT_ID,COUNTER_PARTY_ACCOUNT_NUM,TXN_AMOUNT_ORIG,start"

static int rf_i_as_role(const char *name) {
  for (int k = 0; k < RF_I_AS_ROLES; k++)
    for (int j = 0; j < 4 && rf_i_as_names[k][j]; j++)
      if (rf_i_name_eq(name, rf_i_as_names[k][j])) return k;
  for (size_t j = 0; j < sizeof rf_i_as_ignored / sizeof *rf_i_as_ignored; j++)
    if (rf_i_name_eq(name, rf_i_as_ignored[j])) return RF_I_AS_ROLES;
  return -1;
}

rf_status rf_i_amlsim_header(rf_ingest *r, char **f, size_t n, rf_error *err) {
  for (int k = 0; k < RF_I_AS_ROLES; k++) r->amlsim_col[k] = -1;
  for (size_t i = 0; i < n; i++) {
    int k = rf_i_as_role(f[i]);
    if (k == RF_I_AS_ROLES) continue;
    if (k < 0) {
      if (r->o.allow_extra_columns) continue;
      return rf_error_set(err, RF_EPARSE, "%s:1: unknown column %zu '%.100s' (" RF_I_AS_LAYOUTS ")",
                          r->label, i + 1, f[i]);
    }
    if (r->amlsim_col[k] >= 0)
      return rf_error_set(err, RF_EPARSE, "%s:1: columns %d and %zu ('%.100s') both give the %s",
                          r->label, r->amlsim_col[k] + 1, i + 1, f[i],
                          k == RF_I_AS_SRC     ? "sender"
                          : k == RF_I_AS_DST   ? "receiver"
                          : k == RF_I_AS_VALUE ? "amount"
                          : k == RF_I_AS_TIME  ? "time"
                          : k == RF_I_AS_TXID  ? "transaction id"
                          : k == RF_I_AS_TYPE  ? "transaction type"
                                               : "label");
    r->amlsim_col[k] = (int)i;
  }
  r->amlsim_nodes = r->amlsim_col[RF_I_AS_SRC] >= 0 &&
                    rf_i_name_eq(f[r->amlsim_col[RF_I_AS_SRC]], rf_i_as_names[RF_I_AS_SRC][0]);
  r->has_label = r->amlsim_col[RF_I_AS_LABEL] >= 0; /* per transaction (is_sar) */
  r->acol[0] = r->amlsim_col[RF_I_AS_SRC];
  r->acol[1] = r->amlsim_col[RF_I_AS_DST];
  for (int k = 0; k <= RF_I_AS_TIME; k++)
    if (r->amlsim_col[k] < 0)
      return rf_error_set(err, RF_ENOTFOUND, "%s:1: missing column '%s' (" RF_I_AS_LAYOUTS ")",
                          r->label, rf_i_as_names[k][0]);
  return RF_OK;
}

/* Non-negative decimal integer, no sign or spaces. */
static int rf_i_uint(const char *s, int64_t *out) {
  if (!*s) return -1;
  int64_t v = 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10) return -1;
    v = v * 10 + (*s - '0');
  }
  *out = v;
  return 0;
}

/* 1/0, true/false (any case), or a count (prior_sar_count: > 0 is 1); -1 if none */
static int rf_i_as_flag(const char *s) {
  int64_t v;
  if (rf_i_name_eq(s, "true") || rf_i_name_eq(s, "yes")) return 1;
  if (rf_i_name_eq(s, "false") || rf_i_name_eq(s, "no")) return 0;
  return rf_i_uint(s, &v) ? -1 : v > 0;
}

/* AMLSim transaction types: its cash models write CASH-IN / CASH-OUT (and
 * DEPOSIT); transfers are TRANSFER, WIRE, CHECK, CREDIT, PAYMENT */
static rf_channel rf_i_as_channel(const char *s) {
  if (rf_i_name_eq(s, "CASH-IN") || rf_i_name_eq(s, "DEPOSIT")) return RF_CH_CASH_DEPOSIT;
  if (rf_i_name_eq(s, "CASH-OUT")) return RF_CH_CASH_WITHDRAWAL;
  if (rf_i_name_eq(s, "CREDIT")) return RF_CH_CARD;
  rf_channel c = rf_channel_parse(s);
  return c == RF_CH_UNKNOWN ? RF_CH_WIRE : c; /* TRANSFER, PAYMENT: account to account */
}

rf_status rf_i_amlsim_row(rf_ingest *r, char **f, size_t n, rf_txn *t, rf_error *err) {
  (void)n;
  size_t line = (size_t)t->line;
  const int *col = r->amlsim_col;
  const char *src = f[col[RF_I_AS_SRC]], *dst = f[col[RF_I_AS_DST]];
  const char *val = f[col[RF_I_AS_VALUE]], *tm = f[col[RF_I_AS_TIME]];
  int64_t v;
  if (r->amlsim_nodes && rf_i_uint(src, &v))
    return rf_error_set(err, RF_EPARSE, "%s:%zu: field sourceNodeId: '%.60s' is not a node id",
                        r->label, line, src);
  if (r->amlsim_nodes && rf_i_uint(dst, &v))
    return rf_error_set(err, RF_EPARSE, "%s:%zu: field targetNodeId: '%.60s' is not a node id",
                        r->label, line, dst);
  if (!*src || !*dst)
    return rf_error_set(err, RF_EPARSE, "%s:%zu: field %s: empty account id", r->label, line,
                        *src ? "receiver" : "sender");
  rf_status ast = rf_i_amount_field(r, val, "value", line, &t->amount, err);
  if (ast) return ast;
  int64_t step;
  if (!rf_i_uint(tm, &step)) { /* a simulation step */
    if (step > ((int64_t)1 << 40) / r->o.amlsim_step)
      return rf_error_set(err, RF_EPARSE, "%s:%zu: field time: step '%.60s' is out of range",
                          r->label, line, tm);
    t->time = r->o.amlsim_epoch + step * r->o.amlsim_step;
  } else if (rf_time_parse(tm, &t->time)) { /* convert_logs.py writes ISO 8601 dates */
    return rf_error_set(err, RF_EPARSE,
                        "%s:%zu: field time: '%.60s' is neither a simulation step (integer >= 0) "
                        "nor a date",
                        r->label, line, tm);
  }
  t->amount_received = t->amount;
  if (col[RF_I_AS_TYPE] >= 0) t->channel = (uint8_t)rf_i_as_channel(f[col[RF_I_AS_TYPE]]);
  if (col[RF_I_AS_LABEL] >= 0 && f[col[RF_I_AS_LABEL]][0]) {
    int lab = rf_i_as_flag(f[col[RF_I_AS_LABEL]]);
    if (lab < 0)
      return rf_error_set(err, RF_EPARSE,
                          "%s:%zu: field is_sar: expected true/false or 0/1, got "
                          "'%.60s'",
                          r->label, line, f[col[RF_I_AS_LABEL]]);
    t->label = (int8_t)lab;
  }
  rf_status st = rf_i_accept(r, t, col[RF_I_AS_TXID] >= 0 ? f[col[RF_I_AS_TXID]] : NULL, err);
  if (st) return st;
  t->src = rf_i_account(r, src);
  t->dst = rf_i_account(r, dst);
  if (t->src == RF_NONE || t->dst == RF_NONE) return rf_error_set(err, RF_ENOMEM, "out of memory");
  return RF_OK;
}

rf_status rf_i_amlsim_nodes(rf_ingest *r, rf_csv *c, rf_error *err) {
  char **f;
  size_t n;
  const char *label = rf_csv_label(c);
  rf_status st = rf_csv_next(c, &f, &n, err);
  if (st == RF_EEMPTY) return rf_error_set(err, RF_EEMPTY, "%s: empty file (no header)", label);
  if (st) return st;
  /* nodes.csv (nodeid,isFraud), or accounts.csv: acct_id with is_sar or
   * prior_sar_count (convert_logs.py), ACCOUNT_ID with isFraud (outputs/) */
  static const char *const ids[] = {"nodeid", "acct_id", "ACCOUNT_ID"};
  static const char *const labs[] = {"isFraud", "is_sar", "is_fraud", "prior_sar_count"};
  int cid = -1, cfr = -1;
  for (size_t k = 0; k < 3 && cid < 0; k++) cid = rf_csv_col(f, n, ids[k]);
  for (size_t k = 0; k < 4 && cfr < 0; k++) cfr = rf_csv_col(f, n, labs[k]);
  if (cid < 0 || cfr < 0)
    return rf_error_set(err, RF_ENOTFOUND,
                        "%s:1: missing column '%s' (expected nodeid,isFraud,... or "
                        "acct_id,...,is_sar|prior_sar_count)",
                        label, cid < 0 ? "nodeid" : "isFraud");
  char idname[32], labname[32];
  snprintf(idname, sizeof idname, "%s", f[cid]);
  snprintf(labname, sizeof labname, "%s", f[cfr]);
  size_t ncols = n;
  while ((st = rf_csv_next(c, &f, &n, err)) != RF_EEMPTY) {
    if (st) return st;
    size_t line = rf_csv_line(c);
    if (n == 1 && !f[0][0]) continue;
    if (n != ncols)
      return rf_error_set(err, RF_EPARSE, "%s:%zu: expected %zu fields, got %zu", label, line,
                          ncols, n);
    if (!f[cid][0])
      return rf_error_set(err, RF_EPARSE, "%s:%zu: field %s: empty account id", label, line,
                          idname);
    const char *fr = f[cfr];
    int lab = rf_i_as_flag(fr);
    if (lab < 0)
      return rf_error_set(err, RF_EPARSE,
                          "%s:%zu: field %s: expected 0/1 or true/false, got '%.60s'", label, line,
                          labname, fr);
    uint32_t id = rf_i_account(r, f[cid]);
    if (id == RF_NONE) return rf_error_set(err, RF_ENOMEM, "out of memory");
    if (id >= r->acct_label_n) {
      size_t cap = r->acct_label_n ? r->acct_label_n : 1024;
      while (cap <= id) cap *= 2;
      int8_t *p = realloc(r->acct_label, cap);
      if (!p) return rf_error_set(err, RF_ENOMEM, "out of memory");
      memset(p + r->acct_label_n, -1, cap - r->acct_label_n);
      r->acct_label = p;
      r->acct_label_n = cap;
    }
    r->acct_label[id] = (int8_t)lab;
  }
  return RF_OK;
}
