/* libFuzzer target: AMLworld CSV reader. Besides the common checks, the
 * same input is read as `redflag monitor` reads it (bank columns skipped),
 * once with the one-pass reader of plain rows (rf_i_aw_fast) and once
 * through the general path only: rows, rejections and counts must agree. */
#include "fuzz_ingest_common.h"
#include "ingest/ingest_i.h"

#include <stdio.h>

/* a digest of everything a reader returns */
static uint64_t rf_i_digest(const uint8_t *data, size_t size, int fast, uint64_t *rows) {
  rf_ingest_opts o = {0};
  o.format = RF_FMT_AMLWORLD;
  o.skip = RF_INGEST_SKIP_BANKS;
  o.max_lateness = (size & 1) ? 3600 : -1;
  rf_ingest *r = NULL;
  rf_error err;
  if (rf_ingest_open_mem(&r, (const char *)data, size, "fuzz", &o, &err) != RF_OK) return 0;
  if (!fast) r->aw_fast = 0;
  uint64_t h = 1469598103934665603ULL;
  char line[1024];
  rf_txn t;
  rf_status st;
  while ((st = rf_ingest_next(r, &t, &err)) != RF_EEMPTY) {
    int n;
    if (st)
      n = snprintf(line, sizeof line, "st %d %s", (int)st, err.msg);
    else
      n = snprintf(line, sizeof line, "%llu %lld %.17g %.17g %s %s %s %s %d %d",
                   (unsigned long long)t.line, (long long)t.time, t.amount, t.amount_received,
                   rf_ingest_account(r, t.src), rf_ingest_account(r, t.dst),
                   rf_ingest_text(r, t.currency), rf_ingest_text(r, t.currency_received), t.channel,
                   t.label);
    for (int i = 0; i < n && i < (int)sizeof line; i++)
      h = (h ^ (uint8_t)line[i]) * 1099511628211ULL;
    if (st == RF_ENOMEM || st == RF_EIO) break;
  }
  const rf_ingest_stats *s = rf_ingest_stats_get(r);
  h ^= s->read * 31 + s->processed * 7 + s->rejected;
  *rows = r->aw_fast_rows;
  rf_ingest_close(r);
  return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  rf_fuzz_one(data, size, RF_FMT_AMLWORLD, 0);
  uint64_t n1 = 0, n0 = 0;
  if (rf_i_digest(data, size, 1, &n1) != rf_i_digest(data, size, 0, &n0) || n0) abort();
  return 0;
}
