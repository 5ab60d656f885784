/*
 * redflag gen: labelled synthetic transactions in the AMLworld CSV format
 * (or the redflag CSV schema) with a patterns file naming every laundering
 * attempt, deterministic by seed, streamed at any scale. See docs/gen.md.
 */
#ifndef REDFLAG_GEN_H
#define REDFLAG_GEN_H

#include "redflag/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Laundering typologies: the eight of AMLworld, then the cartel ones. */
typedef enum rf_gen_pattern {
  RF_PAT_FAN_OUT = 0,
  RF_PAT_FAN_IN,
  RF_PAT_GATHER_SCATTER,
  RF_PAT_SCATTER_GATHER,
  RF_PAT_CYCLE,
  RF_PAT_RANDOM,
  RF_PAT_BIPARTITE,
  RF_PAT_STACK,
  RF_PAT_STRUCTURING,  /* cash just under the reporting threshold, many conductors/branches */
  RF_PAT_FUNNEL,       /* many depositors in several states, then wired to a corridor */
  RF_PAT_PASS_THROUGH, /* large inflow leaves within minutes/hours */
  RF_PAT_DORMANT,      /* long-silent account wakes up with a burst of volume */
  RF_PAT_SANCTIONED,   /* payments to a listed party (redflag format, with watch_names) */
  RF_PAT_COUNT
} rf_gen_pattern;

/* Name as written in the patterns file ("FAN-OUT", "STRUCTURING", ...). */
const char *rf_gen_pattern_name(rf_gen_pattern p);
/* Inverse of rf_gen_pattern_name (case-insensitive); -1 if unknown. */
int rf_gen_pattern_parse(const char *name);

typedef enum rf_gen_format { RF_GEN_AMLWORLD = 0, RF_GEN_REDFLAG = 1 } rf_gen_format;

typedef struct rf_gen_opts {
  uint64_t seed;          /* default 1 */
  uint64_t transactions;  /* rows written (normal + laundering); default 100000 */
  uint64_t accounts;      /* 0 = transactions / 10 (AMLworld HI-Small ratio), >= 100 */
  uint64_t banks;         /* 0 = accounts / 17 (>= 10) */
  double laundering_rate; /* target share of laundering rows; default 0.002 */
  int64_t start;          /* first day, epoch seconds UTC; default 2022-09-01 */
  int days;               /* default 10 */
  rf_gen_format format;   /* default RF_GEN_AMLWORLD */
  double threshold;       /* cash reporting threshold in USD; default 10000 */
  /* names of listed parties (e.g. taken from the sanctions lists) that the
   * SANCTIONED pattern gives to the payees it plants; without them, or in
   * the AMLworld format (no names), that pattern is not generated. The
   * strings are the caller's and must outlive rf_gen_write. */
  const char *const *watch_names;
  size_t nwatch;
} rf_gen_opts;

/* Fills the defaults above. */
void rf_gen_opts_default(rf_gen_opts *o);

typedef struct rf_gen_stats {
  uint64_t rows;            /* data rows written (without header) */
  uint64_t laundering_rows; /* rows labelled 1 */
  uint64_t attempts;        /* laundering attempts */
  uint64_t pattern_attempts[RF_PAT_COUNT];
  uint64_t pattern_rows[RF_PAT_COUNT];
  uint64_t accounts, banks;
} rf_gen_stats;

/* Generates into out (required), the patterns file (optional) and a truth
 * file (optional CSV "line,txn,attempt,pattern" with one row per laundering
 * transaction; line is the physical line in out, txn the reader's reference:
 * "L<line>" for AMLworld, the txn_id for redflag). Streams: memory is the
 * per-account state plus the laundering rows, not the output size. */
rf_status rf_gen_write(const rf_gen_opts *o, FILE *out, FILE *patterns, FILE *truth,
                       rf_gen_stats *stats, rf_error *err);

/* Same, by path ("-" = stdout for out; NULL patterns/truth = not written). */
rf_status rf_gen_run(const rf_gen_opts *o, const char *out_path, const char *patterns_path,
                     const char *truth_path, rf_gen_stats *stats, rf_error *err);

#ifdef __cplusplus
}
#endif
#endif
