/* Shared driver of the ingest fuzz targets: read everything, check the
 * accounting invariant and the dictionary accessors. */
#ifndef RF_FUZZ_INGEST_COMMON_H
#define RF_FUZZ_INGEST_COMMON_H
#include "redflag/core.h"
#include "redflag/ingest.h"

#include <stdlib.h>
#include <string.h>

static inline void rf_fuzz_drain(rf_ingest *r) {
  rf_txn t;
  rf_error err;
  rf_status st;
  uint64_t ok = 0, last_line = 0;
  char ref[64];
  while ((st = rf_ingest_next(r, &t, &err)) != RF_EEMPTY) {
    if (st == RF_ENOMEM || st == RF_EIO) abort();
    if (st != RF_OK) {
      if (!strchr(err.msg, ':')) abort(); /* messages name input and line */
      continue;
    }
    ok++;
    if (t.line <= last_line) abort(); /* rows come back in input order */
    last_line = t.line;
    /* every id handed out resolves */
    if (t.src != RF_NONE && !rf_ingest_account(r, t.src)) abort();
    if (t.dst != RF_NONE && !rf_ingest_account(r, t.dst)) abort();
    if (t.currency != RF_NONE && !rf_ingest_text(r, t.currency)) abort();
    if (t.txid != RF_NONE && !rf_ingest_txid(r, t.txid)) abort();
    if (t.amount < 0 || t.amount != t.amount) abort();
    /* texts handed out are UTF-8 (other encodings are recoded) */
    const uint32_t texts[] = {t.src_name, t.dst_name, t.currency, t.location, t.conductor};
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
      const char *x = rf_ingest_text(r, texts[k]);
      if (x && !rf_utf8_valid(x, strlen(x))) abort();
    }
    const char *sa = rf_ingest_account(r, t.src);
    if (sa && !rf_utf8_valid(sa, strlen(sa))) abort();
    rf_ingest_txn_ref(r, &t, ref, sizeof ref);
  }
  const rf_ingest_stats *s = rf_ingest_stats_get(r);
  if (s->read != s->processed + s->rejected || s->processed != ok) abort();
  for (uint32_t i = 0; i < rf_ingest_naccounts(r); i++) rf_ingest_account_label(r, i);
}

static inline void rf_fuzz_one(const uint8_t *data, size_t size, rf_txn_format fmt, int jsonl) {
  rf_ingest_opts o = {0};
  o.format = fmt;
  o.jsonl = jsonl;
  o.max_lateness = (size & 1) ? 3600 : -1;
  o.max_jump = (size & 2) ? 3 * 86400 : 0; /* a tight jump limit, or the default */
  o.dedupe_window = (size & 4) ? 3600 : 0; /* ids forgotten after an hour, or 30 days */
  rf_ingest *r = NULL;
  rf_error err;
  if (rf_ingest_open_mem(&r, (const char *)data, size, "fuzz", &o, &err) == RF_OK) {
    rf_fuzz_drain(r);
    rf_ingest_close(r);
  }
}
#endif
