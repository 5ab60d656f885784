/* redflag gen: labelled synthetic transactions (front end of rf_gen). */
#include "cli/cli.h"
#include "redflag/gen.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const rf_i_gen_usage =
    "usage: redflag gen [--seed S] [--transactions N] [--accounts N] [--banks N]\n"
    "                   [--out FILE.csv] [--patterns FILE.txt] [--truth FILE.csv]\n"
    "                   [--laundering-rate R] [--start YYYY-MM-DD] [--days D]\n"
    "                   [--format amlworld|redflag] [--threshold USD]\n"
    "                   [--watch-names FILE] [--quiet]\n"
    "Writes labelled synthetic transactions (AMLworld CSV by default, stdout when\n"
    "--out is absent or '-') and, with --patterns, every laundering attempt in\n"
    "AMLworld *_Patterns.txt style. Deterministic by seed. See docs/gen.md.\n"
    "  --watch-names FILE  names of listed parties, one per line ('#' comments):\n"
    "                      with --format redflag, SANCTIONED attempts pay them\n";

/* a count, also written like 5e6 (RF_OPT_FN) */
static int rf_i_count(void *dst, const char *s) {
  char *end;
  if (!*s || *s == '-') return -1;
  double v = strtod(s, &end);
  if (*end || v < 0 || v > 1e12 || v != (double)(uint64_t)v) return -1;
  *(uint64_t *)dst = (uint64_t)v;
  return 0;
}

static int rf_i_positive_count(void *dst, const char *s) {
  return rf_i_count(dst, s) || !*(uint64_t *)dst ? -1 : 0;
}

/* first day, rounded down to midnight UTC */
static int rf_i_start_day(void *dst, const char *s) {
  int64_t *t = dst;
  if (rf_time_parse(s, t) != RF_OK) return -1;
  *t -= ((*t % 86400) + 86400) % 86400;
  return 0;
}

static void rf_i_usage(FILE *fp) { fputs(rf_i_gen_usage, fp); }

/* one name per line of path (blank lines and '#' comments skipped) into
 * names (owned: free each, then the array); returns the count, -1 on an
 * i/o error (errno), -2 when line *bad is not UTF-8 */
static long rf_i_read_names(const char *path, char ***names, size_t *bad) {
  FILE *fp = fopen(path, "r");
  *names = NULL;
  if (!fp) return -1;
  char *line = NULL;
  size_t cap = 0, n = 0, ncap = 0, ln = 0;
  long rc = 0;
  while (!rc && getline(&line, &cap, fp) >= 0) {
    ln++;
    char *s = rf_trim(line);
    if (!*s || *s == '#') continue;
    if (!rf_utf8_valid(s, strlen(s))) {
      *bad = ln;
      rc = -2;
      break;
    }
    if (n == ncap) {
      ncap = ncap ? ncap * 2 : 16;
      *names = rf_xrealloc(*names, ncap * sizeof **names);
    }
    (*names)[n++] = rf_xstrdup(s);
  }
  free(line);
  if (!rc && ferror(fp)) rc = -1;
  fclose(fp);
  if (rc)
    for (size_t i = 0; i < n; i++) free((*names)[i]);
  return rc ? rc : (long)n;
}

int rf_cmd_gen(int argc, char **argv) {
  rf_gen_opts o;
  rf_gen_opts_default(&o);
  const char *out = "-", *patterns = NULL, *truth = NULL, *watch = NULL;
  int quiet = 0;
  int64_t days = o.days;
  static const char *const formats[] = {"amlworld", "redflag", NULL};
#define RF_I_COUNT(n, d, f)                                                                        \
  { .name = (n), .kind = RF_OPT_FN, .dst = (d), .what = "a count", .fn = (f) }
  const rf_opt opts[] = {
      RF_CLI_FLAG("--quiet", &quiet),
      RF_CLI_FLAG("-q", &quiet),
      RF_I_COUNT("--seed", &o.seed, rf_i_count),
      RF_I_COUNT("--transactions", &o.transactions, rf_i_positive_count),
      RF_I_COUNT("-n", &o.transactions, rf_i_positive_count),
      RF_I_COUNT("--accounts", &o.accounts, rf_i_count),
      RF_I_COUNT("--banks", &o.banks, rf_i_count),
      RF_CLI_STR("--out", &out),
      RF_CLI_STR("-o", &out),
      RF_CLI_STR("--patterns", &patterns),
      RF_CLI_STR("--truth", &truth),
      RF_CLI_NUM("--laundering-rate", RF_OPT_DBL, &o.laundering_rate, "a share in [0,1]", 0, 1),
      RF_CLI_POS("--threshold", &o.threshold, "a positive amount", 1e300),
      {.name = "--start",
       .kind = RF_OPT_FN,
       .dst = &o.start,
       .what = "a date (YYYY-MM-DD)",
       .fn = rf_i_start_day},
      RF_CLI_NUM("--days", RF_OPT_I64, &days, "a number of days (1-3660)", 1, 3660),
      RF_CLI_ENUM("--format", &o.format, "amlworld or redflag", formats),
      RF_CLI_STR("--watch-names", &watch),
      {.name = NULL}};
#undef RF_I_COUNT
  int rc = rf_cli_parse("gen", argc, argv, opts, rf_i_usage);
  if (rc) return rc < 0 ? 0 : rc;
  o.days = (int)days;
  char **names = NULL;
  if (watch) {
    size_t bad = 0;
    long n = rf_i_read_names(watch, &names, &bad);
    if (n == -2)
      fprintf(stderr, "redflag gen: --watch-names: %s:%zu: not UTF-8\n", watch, bad);
    else if (n <= 0)
      fprintf(stderr, "redflag gen: --watch-names: %s: %s\n", watch,
              n < 0 ? strerror(errno) : "no names in the file");
    if (n <= 0) {
      free(names);
      return 1;
    }
    o.watch_names = (const char *const *)names;
    o.nwatch = (size_t)n;
  }
  rf_gen_stats st;
  rf_error err;
  rf_error_clear(&err);
  double t0 = rf_now();
  rf_status gst = rf_gen_run(&o, out, patterns, truth, &st, &err);
  for (size_t i = 0; i < o.nwatch; i++) free(names[i]);
  free(names);
  if (gst) return rf_cli_fail(&err);
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
      if (p != RF_PAT_SANCTIONED || st.pattern_attempts[p])
        fprintf(stderr, "  %-15s %8llu %8llu\n", rf_gen_pattern_name((rf_gen_pattern)p),
                (unsigned long long)st.pattern_attempts[p], (unsigned long long)st.pattern_rows[p]);
  }
  return 0;
}
