/* Screening speed: batch-screen the 50,000 negatives_us names against SDN +
 * consolidated with all threads, next to a brute-force Jaro-Winkler baseline
 * in Python (bench/screen_baseline_jellyfish.py, Debian's python3-jellyfish)
 * run in the same process tree, and print both and the ratio.
 *
 *   bench_screen [--threads N] [--baseline-sample K] [--no-baseline]
 *                [--single-only] [--source-dir DIR] [--data DIR]
 *
 * --single-only runs just the single-thread part (10,000 names, no
 * explanations), for instruction counts that do not depend on the load:
 *   valgrind --tool=callgrind --toggle-collect=rf_screen_one \
 *       build/bench_screen --single-only
 * then instructions per name = "Collected" / 10,000.
 */
#include "redflag/lists.h"
#include "redflag/screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef RF_SHARED_DATA
#define RF_SHARED_DATA "../shared/data"
#endif

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  int threads = 0, sample = 200, baseline = 1, single_only = 0;
  const char *data = RF_SHARED_DATA, *srcdir = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--threads") && i + 1 < argc)
      threads = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--baseline-sample") && i + 1 < argc)
      sample = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--no-baseline"))
      baseline = 0;
    else if (!strcmp(argv[i], "--single-only"))
      single_only = 1;
    else if (!strcmp(argv[i], "--data") && i + 1 < argc)
      data = argv[++i];
    else if (!strcmp(argv[i], "--source-dir") && i + 1 < argc)
      srcdir = argv[++i];
    else {
      fprintf(stderr, "usage: bench_screen [--threads N] [--baseline-sample K] [--no-baseline] "
                      "[--single-only] [--source-dir DIR] [--data DIR]\n");
      return 2;
    }
  }
  if (threads <= 0) threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
  char sdn[4096], cons[4096], neg[4096];
  snprintf(sdn, sizeof sdn, "%s/ofac/watchman/sdn_2021-07", data);
  snprintf(cons, sizeof cons, "%s/ofac/watchman/cons_2025-12", data);
  snprintf(neg, sizeof neg,
           "%s/opensanctions/yente/candidate_generation_benchmark/negatives_us.csv", data);
  rf_error err = {0};
  rf_lists *l;
  double t0 = rf_now();
  if (rf_lists_new(&l) || rf_lists_load_dir(l, sdn, &err) || rf_lists_load_dir(l, cons, &err)) {
    fprintf(stderr, "bench_screen: %s\n", err.msg);
    return 1;
  }
  double t1 = rf_now();
  rf_screener *s;
  if (rf_screener_new(&s, l, &err)) {
    fprintf(stderr, "bench_screen: %s\n", err.msg);
    return 1;
  }
  double t2 = rf_now();
  printf("lists: %zu entities, %zu names (variants) loaded in %.2f s; index built in %.2f s, "
         "%.1f MB\n",
         rf_lists_count(l), rf_screener_nnames(s), t1 - t0, t2 - t1,
         rf_screener_bytes(s) / 1048576.0);
  /* the negatives file has full_name first; give the batch reader a name header */
  char tmp[] = "/tmp/rf_bench_neg_XXXXXX";
  int fd = mkstemp(tmp);
  FILE *w = fd >= 0 ? fdopen(fd, "w") : NULL;
  FILE *r = fopen(neg, "r");
  if (!w || !r) {
    fprintf(stderr, "bench_screen: cannot read %s\n", neg);
    return 1;
  }
  char line[2048];
  int first = 1;
  while (fgets(line, sizeof line, r)) {
    fputs(first ? "name,first,middle,last,gender,dob_,pob,nationality\n" : line, w);
    first = 0;
  }
  fclose(r);
  fclose(w);
  /* single-thread CPU cost per name (screen one, no explanations) */
  rf_screen_ctx *cx = rf_screen_ctx_new(s);
  rf_csv *c;
  if (rf_csv_open(&c, tmp, NULL, &err)) return 1;
  char **f;
  size_t nf, n1 = 0, cand = 0, coll = 0;
  rf_csv_next(c, &f, &nf, &err);
  double c0 = cpu_now();
  rf_screen_opts o1 = {.no_explain = 1};
  while (rf_csv_next(c, &f, &nf, &err) == RF_OK && n1 < 10000) {
    rf_screen_query q = {.name = f[0]};
    const rf_screen_result *res;
    if (rf_screen_one(cx, &q, &o1, &res, &err) == RF_OK) {
      cand += res->candidates;
      coll += res->collected;
    }
    n1++;
  }
  double c1 = cpu_now();
  rf_csv_close(c);
  rf_screen_ctx_free(cx);
  printf("single thread: %.1f us CPU per name (%zu names); per query %.1f names fetched from "
         "the index, %.1f fully scored, of %zu\n",
         (c1 - c0) * 1e6 / (double)n1, n1, (double)coll / (double)n1, (double)cand / (double)n1,
         rf_screener_nnames(s));
  if (single_only) {
    unlink(tmp);
    rf_screener_free(s);
    rf_lists_free(l);
    return 0;
  }
  /* the batch run (explanations on, as the CLI writes them) */
  FILE *out = fopen("/dev/null", "w");
  rf_screen_batch_opts bo = {.threads = threads};
  rf_screen_batch_stats st;
  if (rf_screen_batch(s, tmp, out, &bo, &st, &err)) {
    fprintf(stderr, "bench_screen: %s\n", err.msg);
    return 1;
  }
  fclose(out);
  unlink(tmp);
  double ours = st.screened / st.seconds;
  printf("redflag batch: %zu names in %.2f s with %d threads = %.0f names/s; per-name latency "
         "wall p50 %.2f ms p99 %.2f ms max %.1f ms, CPU p50 %.2f ms p99 %.2f ms; %zu names with a "
         "match; peak RSS %.1f MB\n",
         st.screened, st.seconds, threads, ours, st.p50_ms, st.p99_ms, st.max_ms, st.p50_cpu_ms,
         st.p99_cpu_ms, st.with_hits, rf_peak_rss() / 1048576.0);
  FILE *la = fopen("/proc/loadavg", "r");
  if (la && fgets(line, sizeof line, la)) printf("load average during the run: %s", line);
  if (la) fclose(la);
  if (baseline) {
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 %s/bench/screen_baseline_jellyfish.py --data %s --sample %d",
             srcdir ? srcdir : ".", data, sample);
    FILE *p = popen(cmd, "r");
    double base = 0;
    while (p && fgets(line, sizeof line, p)) {
      fputs(line, stdout);
      char *k = strstr(line, "names_per_s=");
      if (k) base = atof(k + 12);
    }
    if (p) pclose(p);
    if (base > 0)
      printf("ratio: redflag %.0f names/s vs brute-force jellyfish %.2f names/s = %.0fx\n", ours,
             base, ours / base);
    else
      printf("baseline did not run (needs /usr/bin/python3 with jellyfish; run from the repo "
             "root or pass --source-dir)\n");
  }
  rf_screener_free(s);
  rf_lists_free(l);
  return 0;
}
