/* redflag gen: labelled synthetic transactions (front end of rf_gen). */
#include "cli/cli.h"
#include "redflag/gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const rf_i_gen_usage =
    "usage: redflag gen [--seed S] [--transactions N] [--accounts N] [--banks N]\n"
    "                   [--out FILE.csv] [--patterns FILE.txt] [--truth FILE.csv]\n"
    "                   [--laundering-rate R] [--start YYYY-MM-DD] [--days D]\n"
    "                   [--format amlworld|redflag] [--threshold USD] [--quiet]\n"
    "Writes labelled synthetic transactions (AMLworld CSV by default, stdout when\n"
    "--out is absent or '-') and, with --patterns, every laundering attempt in\n"
    "AMLworld *_Patterns.txt style. Deterministic by seed. See docs/gen.md.\n";

static int rf_i_u64(const char *s, uint64_t *out) {
  char *end;
  if (!s || !*s || *s == '-') return -1;
  double v = strtod(s, &end); /* accepts 5e6 */
  if (*end || v < 0 || v > 1e12 || v != (double)(uint64_t)v) return -1;
  *out = (uint64_t)v;
  return 0;
}

int rf_cmd_gen(int argc, char **argv) {
  rf_gen_opts o;
  rf_gen_opts_default(&o);
  const char *out = "-", *patterns = NULL, *truth = NULL;
  int quiet = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    int bad = 0, takes = 1;
    uint64_t u = 0;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      fputs(rf_i_gen_usage, stdout);
      return 0;
    } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
      quiet = 1;
      takes = 0;
    } else if (!v) {
      fprintf(stderr, "redflag gen: %s needs a value\n%s", a, rf_i_gen_usage);
      return 2;
    } else if (strcmp(a, "--seed") == 0) {
      bad = rf_i_u64(v, &o.seed);
    } else if (strcmp(a, "--transactions") == 0 || strcmp(a, "-n") == 0) {
      bad = rf_i_u64(v, &o.transactions) || o.transactions == 0;
    } else if (strcmp(a, "--accounts") == 0) {
      bad = rf_i_u64(v, &o.accounts);
    } else if (strcmp(a, "--banks") == 0) {
      bad = rf_i_u64(v, &o.banks);
    } else if (strcmp(a, "--out") == 0 || strcmp(a, "-o") == 0) {
      out = v;
    } else if (strcmp(a, "--patterns") == 0) {
      patterns = v;
    } else if (strcmp(a, "--truth") == 0) {
      truth = v;
    } else if (strcmp(a, "--laundering-rate") == 0) {
      char *end;
      o.laundering_rate = strtod(v, &end);
      bad = *end != '\0';
    } else if (strcmp(a, "--threshold") == 0) {
      char *end;
      o.threshold = strtod(v, &end);
      bad = *end != '\0' || !(o.threshold > 0);
    } else if (strcmp(a, "--start") == 0) {
      bad = rf_time_parse(v, &o.start) != RF_OK;
      o.start -= ((o.start % 86400) + 86400) % 86400; /* midnight UTC */
    } else if (strcmp(a, "--days") == 0) {
      bad = rf_i_u64(v, &u) || u < 1 || u > 3660;
      o.days = (int)u;
    } else if (strcmp(a, "--format") == 0) {
      if (strcmp(v, "amlworld") == 0)
        o.format = RF_GEN_AMLWORLD;
      else if (strcmp(v, "redflag") == 0)
        o.format = RF_GEN_REDFLAG;
      else
        bad = 1;
    } else {
      fprintf(stderr, "redflag gen: unknown option '%s'\n%s", a, rf_i_gen_usage);
      return 2;
    }
    if (bad) {
      fprintf(stderr, "redflag gen: bad value '%s' for %s\n%s", v, a, rf_i_gen_usage);
      return 2;
    }
    i += takes;
  }
  rf_gen_stats st;
  rf_error err;
  rf_error_clear(&err);
  double t0 = rf_now();
  if (rf_gen_run(&o, out, patterns, truth, &st, &err)) return rf_cli_fail(&err);
  double dt = rf_now() - t0;
  if (!quiet) {
    fprintf(stderr,
            "redflag gen: %llu rows (%llu laundering, %.3f%%) in %llu attempts, %llu accounts, "
            "%llu banks, seed %llu, %.2f s (%.1f M rows/s)\n",
            (unsigned long long)st.rows, (unsigned long long)st.laundering_rows,
            st.rows ? 100.0 * (double)st.laundering_rows / (double)st.rows : 0.0,
            (unsigned long long)st.attempts, (unsigned long long)st.accounts,
            (unsigned long long)st.banks, (unsigned long long)o.seed, dt,
            dt > 0 ? (double)st.rows / dt / 1e6 : 0.0);
    fprintf(stderr, "  %-15s %8s %8s\n", "pattern", "attempts", "rows");
    for (int p = 0; p < RF_PAT_COUNT; p++)
      fprintf(stderr, "  %-15s %8llu %8llu\n", rf_gen_pattern_name((rf_gen_pattern)p),
              (unsigned long long)st.pattern_attempts[p], (unsigned long long)st.pattern_rows[p]);
  }
  return 0;
}
