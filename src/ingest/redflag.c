/* redflag schema reader (CSV and JSON Lines): work in progress. */
#include "ingest/ingest_i.h"

const char *const rf_i_redflag_cols[RF_C_COUNT] = {
    "txn_id",       "time",         "channel",      "amount",    "currency",
    "amount_received", "currency_received", "orig_account", "orig_name", "orig_bank",
    "orig_country", "bene_account", "bene_name",    "bene_bank", "bene_country",
    "branch",       "city",         "state",        "zip",       "conductor",
    "label"};

rf_status rf_i_redflag_header(rf_ingest *r, char **f, size_t n, rf_error *err) {
  (void)f;
  (void)n;
  return rf_error_set(err, RF_EINVAL, "%s: redflag format not implemented yet", r->label);
}
rf_status rf_i_redflag_row(rf_ingest *r, char **f, size_t n, rf_txn *t, rf_error *err) {
  (void)f;
  (void)n;
  (void)t;
  return rf_error_set(err, RF_EINVAL, "%s: redflag format not implemented yet", r->label);
}
rf_status rf_i_jsonl_row(rf_ingest *r, const char *line, size_t len, rf_txn *t, rf_error *err) {
  (void)line;
  (void)len;
  (void)t;
  return rf_error_set(err, RF_EINVAL, "%s: redflag format not implemented yet", r->label);
}
