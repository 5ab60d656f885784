/* Reader throughput:
 *   bench_ingest [--skip-banks] [amlworld|amlsim|redflag] PATH [REPEAT] [PEER_ROWS]
 * Streams PATH through rf_ingest and prints rows/s (wall and CPU), MB/s and
 * peak RSS; for CSV formats also the peer figure, pandas.read_csv on the
 * same file (bench/ingest_baseline.py with Debian's python3; PEER_ROWS
 * limits its rows, 0 = all, -1 = skip), and the ratio.
 * --skip-banks (anywhere on the line) reads as redflag monitor does: bank
 * columns checked but not interned.
 * Make a 5M-row input with: redflag gen --transactions 5000000 --out FILE */
#include "redflag/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libgen.h>
#include <time.h>

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  rf_ingest_opts o = {0};
  o.jsonl = -1;
  /* the flag may stand anywhere; the positional arguments keep their order */
  int n = 1;
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--skip-banks"))
      o.skip = RF_INGEST_SKIP_BANKS;
    else
      argv[n++] = argv[i];
  argc = n;
  if (argc < 3) {
    fprintf(stderr, "usage: %s [--skip-banks] FORMAT PATH [REPEAT] [PEER_ROWS]\n", argv[0]);
    return 2;
  }
  if (rf_txn_format_parse(argv[1], &o.format)) {
    fprintf(stderr, "unknown format %s\n", argv[1]);
    return 2;
  }
  int rep = argc > 3 ? atoi(argv[3]) : 1;
  double best = 1e30, best_cpu = 1e30;
  uint64_t rows = 0, bytes = 0, rej = 0, lab = 0;
  size_t accts = 0;
  for (int k = 0; k < rep; k++) {
    rf_ingest *r;
    rf_error err;
    double t0 = rf_now(), c0 = cpu_now();
    if (rf_ingest_open(&r, argv[2], &o, &err)) {
      fprintf(stderr, "%s\n", err.msg);
      return 1;
    }
    rf_txn t;
    rf_status st;
    double sum = 0;
    lab = 0;
    while ((st = rf_ingest_next(r, &t, &err)) != RF_EEMPTY) {
      if (st == RF_OK) {
        sum += t.amount;
        lab += t.label == 1;
      } else if (st == RF_EIO || st == RF_ENOMEM) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
      }
    }
    double dt = rf_now() - t0, dc = cpu_now() - c0;
    if (dt < best) best = dt;
    if (dc < best_cpu) best_cpu = dc;
    const rf_ingest_stats *s = rf_ingest_stats_get(r);
    rows = s->read;
    rej = s->rejected;
    bytes = rf_ingest_offset(r);
    accts = rf_ingest_naccounts(r);
    if (sum < 0) puts("");
    rf_ingest_close(r);
  }
  printf("bench_ingest: format=%s rows=%llu rejected=%llu laundering=%llu accounts=%zu\n", argv[1],
         (unsigned long long)rows, (unsigned long long)rej, (unsigned long long)lab, accts);
  printf("bench_ingest: best of %d: wall %.3f s (%.2f M rows/s, %.0f MB/s), cpu %.3f s (%.2f M "
         "rows/s), peak RSS %.1f MB\n",
         rep, best, rows / best / 1e6, bytes / best / 1e6, best_cpu, rows / best_cpu / 1e6,
         rf_peak_rss() / 1048576.0);
  long peer = argc > 4 ? atol(argv[4]) : 0;
  if (peer >= 0 && o.format != RF_FMT_AMLSIM) {
    char src[1024], cmd[4096];
    snprintf(src, sizeof src, "%s", __FILE__);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s/ingest_baseline.py' '%s' %ld", dirname(src),
             argv[2], peer);
    fflush(stdout);
    FILE *p = popen(cmd, "r");
    double prow = 0, psec = 0, prss = 0;
    if (p && fscanf(p, "%lf %lf %lf", &prow, &psec, &prss) == 3 && psec > 0) {
      double ours = rows / best;
      printf("bench_ingest: peer pandas.read_csv: %.0f rows in %.3f s (%.2f M rows/s), peak RSS "
             "%.0f MB\n",
             prow, psec, prow / psec / 1e6, prss);
      printf("bench_ingest: ratio (wall rows/s) redflag/pandas = %.1fx\n", ours / (prow / psec));
    } else {
      printf("bench_ingest: peer pandas.read_csv: not available\n");
    }
    if (p) pclose(p);
  }
  return 0;
}
