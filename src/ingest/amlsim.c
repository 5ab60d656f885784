/* IBM AMLSim reader: transactions.csv (sourceNodeId,targetNodeId,value,time)
 * with per-account labels from nodes.csv (nodeid,isFraud,init_balance,fraudStep). */
#include "ingest/ingest_i.h"

#include <stdlib.h>
#include <string.h>

static const char *const rf_i_as_cols[4] = {"sourceNodeId", "targetNodeId", "value", "time"};

rf_status rf_i_amlsim_header(rf_ingest *r, char **f, size_t n, rf_error *err) {
  for (int k = 0; k < 4; k++) r->amlsim_col[k] = -1;
  for (size_t i = 0; i < n; i++) {
    int k = 0;
    while (k < 4 && !rf_i_name_eq(f[i], rf_i_as_cols[k])) k++;
    if (k < 4) {
      if (r->amlsim_col[k] >= 0)
        return rf_error_set(err, RF_EPARSE, "%s:1: column '%s' appears twice", r->label,
                            rf_i_as_cols[k]);
      r->amlsim_col[k] = (int)i;
    } else if (!r->o.allow_extra_columns) {
      return rf_error_set(err, RF_EPARSE,
                          "%s:1: unknown column %zu '%.100s' (AMLSim transactions.csv has "
                          "sourceNodeId,targetNodeId,value,time)",
                          r->label, i + 1, f[i]);
    }
  }
  r->acol[0] = r->amlsim_col[0];
  r->acol[1] = r->amlsim_col[1];
  for (int k = 0; k < 4; k++)
    if (r->amlsim_col[k] < 0)
      return rf_error_set(err, RF_ENOTFOUND,
                          "%s:1: missing column '%s' (AMLSim transactions.csv has "
                          "sourceNodeId,targetNodeId,value,time)",
                          r->label, rf_i_as_cols[k]);
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

rf_status rf_i_amlsim_row(rf_ingest *r, char **f, size_t n, rf_txn *t, rf_error *err) {
  (void)n;
  size_t line = (size_t)t->line;
  const char *src = f[r->amlsim_col[0]], *dst = f[r->amlsim_col[1]];
  const char *val = f[r->amlsim_col[2]], *tm = f[r->amlsim_col[3]];
  int64_t v;
  if (rf_i_uint(src, &v))
    return rf_error_set(err, RF_EPARSE, "%s:%zu: field sourceNodeId: '%.60s' is not a node id",
                        r->label, line, src);
  if (rf_i_uint(dst, &v))
    return rf_error_set(err, RF_EPARSE, "%s:%zu: field targetNodeId: '%.60s' is not a node id",
                        r->label, line, dst);
  rf_status ast = rf_i_amount_field(r, val, "value", line, &t->amount, err);
  if (ast) return ast;
  int64_t step;
  if (rf_i_uint(tm, &step) || step > ((int64_t)1 << 40) / r->o.amlsim_step)
    return rf_error_set(err, RF_EPARSE,
                        "%s:%zu: field time: '%.60s' is not a simulation step (integer >= 0)",
                        r->label, line, tm);
  t->time = r->o.amlsim_epoch + step * r->o.amlsim_step;
  t->amount_received = t->amount;
  rf_status st = rf_i_accept(r, t, NULL, err);
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
  int cid = rf_csv_col(f, n, "nodeid"), cfr = rf_csv_col(f, n, "isFraud");
  if (cid < 0 || cfr < 0)
    return rf_error_set(err, RF_ENOTFOUND,
                        "%s:1: missing column '%s' (expected nodeid,isFraud,...)", label,
                        cid < 0 ? "nodeid" : "isFraud");
  size_t ncols = n;
  while ((st = rf_csv_next(c, &f, &n, err)) != RF_EEMPTY) {
    if (st) return st;
    size_t line = rf_csv_line(c);
    if (n == 1 && !f[0][0]) continue;
    if (n != ncols)
      return rf_error_set(err, RF_EPARSE, "%s:%zu: expected %zu fields, got %zu", label, line,
                          ncols, n);
    int64_t v;
    if (rf_i_uint(f[cid], &v))
      return rf_error_set(err, RF_EPARSE, "%s:%zu: field nodeid: '%.60s' is not a node id", label,
                          line, f[cid]);
    const char *fr = f[cfr];
    int lab;
    if (rf_i_name_eq(fr, "1") || rf_i_name_eq(fr, "true"))
      lab = 1;
    else if (rf_i_name_eq(fr, "0") || rf_i_name_eq(fr, "false"))
      lab = 0;
    else
      return rf_error_set(err, RF_EPARSE, "%s:%zu: field isFraud: expected 0/1, got '%.60s'", label,
                          line, fr);
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
