/* Max-flow / min vertex cut benchmark: redflag's ISAP max-flow on the money
 * graph of a 5-million-transaction file, side by side with networkx
 * (preflow-push) in one run. networkx cannot finish the whole graph on the
 * shared machine, so it gets smaller instances of the same kind: the same
 * generator at N transactions (in-process mode), or smaller `redflag gen`
 * files (--slice-files). Both solve the same instances (200 random sources,
 * 200 random sinks, drawn the same way), must agree on the values, and the
 * ratio is measured per instance. Ours is also timed on the whole graph.
 *
 *   bench_flow [--input FILE [--input-format F] [--slice-files F1,F2]]
 *              [--txns N] [--accounts A] [--slices 50000,200000]
 *              [--sources K] [--sinks K]
 *              [--python /usr/bin/python3] [--baseline bench/flow_baseline.py]
 *
 * Without --input a comparable transaction graph is generated in-process
 * (heavy-tailed account activity, log-normal amounts; seed fixed). */
#include "redflag/network_flow.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct tx {
  uint32_t u, v;
  double w;
} tx;

static uint64_t rng_next(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
static double rng_unit(uint64_t *s) { return (double)(rng_next(s) >> 11) / 9007199254740992.0; }

/* Heavy-tailed account choice: 70% uniform, 30% from a Zipf-like head. */
static uint32_t pick_account(uint64_t *s, uint32_t A) {
  if (rng_unit(s) < 0.7) return (uint32_t)(rng_next(s) % A);
  double x = pow(rng_unit(s), 3.0); /* concentrates near 0 */
  return (uint32_t)(x * (A - 1));
}

static void generate(tx *t, size_t n, uint32_t A, uint64_t seed) {
  uint64_t s = seed;
  for (size_t i = 0; i < n; i++) {
    t[i].u = pick_account(&s, A);
    t[i].v = pick_account(&s, A);
    /* log-normal amounts, cents */
    double z = sqrt(-2 * log(rng_unit(&s) + 1e-300)) * cos(2 * M_PI * rng_unit(&s));
    t[i].w = round(exp(6.0 + 1.6 * z) * 100) / 100 + 0.01;
  }
}

static rf_graph *build(const tx *t, size_t n, uint32_t A) {
  rf_graph_builder *b;
  rf_error err;
  if (rf_graph_builder_new(&b, 1) != RF_OK) abort();
  char lab[24];
  for (uint32_t v = 0; v < A; v++) {
    snprintf(lab, sizeof lab, "a%u", v);
    rf_graph_builder_node(b, lab);
  }
  for (size_t i = 0; i < n; i++) rf_graph_builder_edge_id(b, t[i].u, t[i].v, t[i].w, 0);
  rf_graph *g;
  if (rf_graph_builder_finish(b, &g, 0, &err) != RF_OK) {
    fprintf(stderr, "build: %s\n", err.msg);
    exit(1);
  }
  return g;
}

/* k distinct accounts with out-degree (sources) / in-degree (sinks) > 0,
 * drawn with a fixed seed; sinks never overlap sources. */
static size_t pick_set(const rf_graph *g, int want_out, size_t k, const uint8_t *avoid,
                       uint8_t *mark, uint32_t *out, uint64_t seed) {
  size_t got = 0;
  uint64_t s = seed;
  for (size_t tries = 0; got < k && tries < 100 * k + 1000; tries++) {
    uint32_t v = (uint32_t)(rng_next(&s) % g->n);
    if (mark[v] || (avoid && avoid[v])) continue;
    if (want_out ? rf_graph_outdeg(g, v) == 0 : rf_graph_indeg(g, v) == 0) continue;
    mark[v] = 1;
    out[got++] = v;
  }
  return got;
}

/* Sinks are not paid directly by a source, so a finite vertex cut exists
 * and both sides compute a real one. */
static void avoid_neighbours(const rf_graph *g, const uint32_t *S, size_t ns, uint8_t *avoid) {
  for (size_t i = 0; i < ns; i++)
    for (uint64_t a = g->out_off[S[i]]; a < g->out_off[S[i] + 1]; a++) avoid[g->out_dst[a]] = 1;
}

typedef struct ours {
  double flow, flow_s, cut, cut_s;
  size_t ncut;
} ours;

static ours run_ours(const rf_graph *g, const uint32_t *S, size_t ns, const uint32_t *T,
                     size_t nt) {
  ours o = {0};
  rf_error err;
  rf_network_flow *f;
  double t0 = rf_now();
  if (rf_network_flow_new(&f, g, RF_FLOW_AMOUNT, S, ns, T, nt, NULL, 0, &err) != RF_OK ||
      rf_network_flow_solve(f, NULL, &o.flow, &err) != RF_OK) {
    fprintf(stderr, "flow: %s\n", err.msg);
    exit(1);
  }
  o.flow_s = rf_now() - t0;
  rf_network_flow_free(f);
  t0 = rf_now();
  if (rf_network_flow_new(&f, g, RF_FLOW_VERTEX_CUT, S, ns, T, nt, NULL, 0, &err) != RF_OK ||
      rf_network_flow_solve(f, NULL, &o.cut, &err) != RF_OK) {
    fprintf(stderr, "cut: %s\n", err.msg);
    exit(1);
  }
  uint32_t *ids;
  if (rf_network_flow_cut(f, &ids, &o.ncut, &err) == RF_OK) free(ids);
  o.cut_s = rf_now() - t0;
  rf_network_flow_free(f);
  return o;
}

static double json_num(const char *js, const char *key) {
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\": ", key);
  const char *p = strstr(js, pat);
  if (!p) return NAN;
  p += strlen(pat);
  if (!strncmp(p, "null", 4)) return INFINITY;
  return strtod(p, NULL);
}

int main(int argc, char **argv) {
  const char *input = NULL, *fmt = NULL, *python = "/usr/bin/python3",
             *baseline = "bench/flow_baseline.py", *slices_arg = "50000,200000",
             *slice_files = NULL;
  size_t ntx = 5000000, ns = 200, nt = 200;
  uint32_t A = 0;
  for (int i = 1; i < argc; i++) {
    const char *v = i + 1 < argc ? argv[i + 1] : "";
    if (!strcmp(argv[i], "--input"))
      input = v, i++;
    else if (!strcmp(argv[i], "--input-format"))
      fmt = v, i++;
    else if (!strcmp(argv[i], "--txns"))
      ntx = strtoull(v, NULL, 10), i++;
    else if (!strcmp(argv[i], "--accounts"))
      A = (uint32_t)strtoul(v, NULL, 10), i++;
    else if (!strcmp(argv[i], "--sources"))
      ns = strtoull(v, NULL, 10), i++;
    else if (!strcmp(argv[i], "--sinks"))
      nt = strtoull(v, NULL, 10), i++;
    else if (!strcmp(argv[i], "--slices"))
      slices_arg = v, i++;
    else if (!strcmp(argv[i], "--slice-files"))
      slice_files = v, i++;
    else if (!strcmp(argv[i], "--python"))
      python = v, i++;
    else if (!strcmp(argv[i], "--baseline"))
      baseline = v, i++;
    else {
      fprintf(stderr, "usage: see the comment at the top of bench/bench_flow.c\n");
      return 2;
    }
  }
  if (!A) A = (uint32_t)(ntx / 10 > 10 ? ntx / 10 : 10);
  tx *t = NULL;
  rf_graph *g = NULL;
  rf_graph_format in_fmt = RF_GRAPH_EDGELIST;
  double t0 = rf_now();
  rf_error err;
  if (input) {
    /* a real file: slices for networkx are its first N data rows */
    rf_graph_read_stats rs;
    if (fmt ? rf_graph_format_parse(fmt, &in_fmt) != RF_OK
            : rf_graph_format_sniff(input, &in_fmt, &err) != RF_OK) {
      fprintf(stderr, "%s: unknown format\n", input);
      return 1;
    }
    if (rf_network_graph_load(&g, input, rf_graph_format_str(in_fmt), 1, 1, NULL, NULL, &rs,
                              &err) != RF_OK) {
      fprintf(stderr, "%s\n", err.msg);
      return 1;
    }
    ntx = rs.rows;
    printf("input:   %s: %llu rows -> %u accounts, %llu arcs (read in %.1f s)\n", input,
           (unsigned long long)rs.rows, g->n, (unsigned long long)g->m, rf_now() - t0);
  } else {
    t = malloc(ntx * sizeof *t);
    if (!t) return 1;
    generate(t, ntx, A, 20261126);
    g = build(t, ntx, A);
    printf("input:   generated %zu transactions over %u accounts (redflag gen not used: see "
           "docs/network.md) -> %u accounts, %llu arcs (%.1f s)\n",
           ntx, A, g->n, (unsigned long long)g->m, rf_now() - t0);
  }
  /* sources / sinks on the whole graph */
  uint8_t *mark = calloc(g->n, 1), *src_mark;
  uint32_t *S = malloc(ns * sizeof *S), *T = malloc(nt * sizeof *T);
  ns = pick_set(g, 1, ns, NULL, mark, S, 1);
  src_mark = malloc(g->n);
  memcpy(src_mark, mark, g->n);
  avoid_neighbours(g, S, ns, src_mark);
  nt = pick_set(g, 0, nt, src_mark, mark, T, 2);
  printf("task:    max-flow (capacity = amount) and min vertex cut (unit cost) from %zu sources "
         "to %zu sinks (random; no sink paid directly by a source)\n",
         ns, nt);
  printf("machine: %ld online cores; `uptime` load at start: ", sysconf(_SC_NPROCESSORS_ONLN));
  fflush(stdout);
  if (system("cut -d' ' -f1-3 /proc/loadavg")) printf("?\n");
  ours full = run_ours(g, S, ns, T, nt);
  printf("\nredflag, whole graph (%u accounts, %llu arcs):\n", g->n, (unsigned long long)g->m);
  printf("  max-flow  %.2f in %.3f s (network build + ISAP max-flow)\n", full.flow, full.flow_s);
  if (isinf(full.cut))
    printf("  min cut   none finite (direct source->sink payments); partial cut of %zu accounts "
           "in %.3f s\n",
           full.ncut, full.cut_s);
  else
    printf("  min cut   %.0f accounts in %.3f s\n", full.cut, full.cut_s);
  size_t rss_full = rf_peak_rss();
  printf("  peak RSS  %.1f MiB (graph %.1f MiB)\n", rss_full / 1048576.0,
         rf_graph_bytes(g) / 1048576.0);

  /* slices for networkx */
  char dir[] = "/tmp/rf_bench_flow_XXXXXX";
  if (!mkdtemp(dir)) return 1;
  char ef[256], sf[256], tf[256], cmd[1024];
  double last_ratio = NAN, last_ratio_cut = NAN, last_nx_s = NAN;
  size_t last_m = 0;
  printf("\nnetworkx on smaller instances of the same kind (%s), sources/sinks drawn the same "
         "way in each:\n",
         t ? "the generator with N transactions, N/10 accounts"
           : "--slice-files, e.g. `redflag gen --transactions N`");
  printf("  %10s %9s %10s | %10s %10s %8s | %10s %10s %8s | %s\n", "rows", "accounts", "arcs",
         "nx flow s", "ours s", "ratio", "nx cut s", "ours s", "ratio", "values agree");
  const char *p = t ? slices_arg : slice_files;
  while (p && *p) {
    const char *c = strchr(p, ',');
    size_t plen = c ? (size_t)(c - p) : strlen(p);
    char item[512];
    snprintf(item, sizeof item, "%.*s", (int)plen, p);
    p = c ? c + 1 : p + plen;
    size_t k = 0;
    /* instance graph */
    rf_graph *h = NULL;
    snprintf(ef, sizeof ef, "%s/edges.txt", dir);
    if (t) {
      k = strtoull(item, NULL, 10);
      if (!k) continue;
      uint32_t hA = (uint32_t)(k / 10 > 10 ? k / 10 : 10);
      tx *ht0 = malloc(k * sizeof *ht0);
      if (!ht0) return 1;
      generate(ht0, k, hA, 20261126);
      h = build(ht0, k, hA);
      free(ht0);
    } else {
      rf_graph_read_stats hrs;
      if (rf_network_graph_load(&h, item, NULL, 1, 1, NULL, NULL, &hrs, &err) != RF_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
      }
      k = hrs.rows;
    }
    FILE *fp = fopen(ef, "w");
    for (uint32_t u = 0; u < h->n; u++)
      for (uint64_t a2 = h->out_off[u]; a2 < h->out_off[u + 1]; a2++)
        fprintf(fp, "%s %s %.17g\n", rf_graph_label(h, u), rf_graph_label(h, h->out_dst[a2]),
                h->out_w[a2]);
    fclose(fp);
    /* sources / sinks drawn exactly as for the whole graph */
    uint32_t *hs = malloc(ns * sizeof *hs), *ht = malloc(nt * sizeof *ht);
    uint8_t *hm = calloc(h->n, 1), *hsm = malloc(h->n);
    size_t hns = pick_set(h, 1, ns, NULL, hm, hs, 1);
    memcpy(hsm, hm, h->n);
    avoid_neighbours(h, hs, hns, hsm);
    size_t hnt = pick_set(h, 0, nt, hsm, hm, ht, 2);
    free(hm);
    free(hsm);
    snprintf(sf, sizeof sf, "%s/src.txt", dir);
    snprintf(tf, sizeof tf, "%s/snk.txt", dir);
    FILE *fs = fopen(sf, "w"), *ft = fopen(tf, "w");
    for (size_t i = 0; i < hns; i++) fprintf(fs, "%s\n", rf_graph_label(h, hs[i]));
    for (size_t i = 0; i < hnt; i++) fprintf(ft, "%s\n", rf_graph_label(h, ht[i]));
    fclose(fs);
    fclose(ft);
    if (!hns || !hnt) {
      printf("  %10zu: no source or sink in the slice, skipped\n", k);
      free(hs);
      free(ht);
      rf_graph_free(h);
      continue;
    }
    ours o = run_ours(h, hs, hns, ht, hnt);
    snprintf(cmd, sizeof cmd, "%s %s %s %s %s", python, baseline, ef, sf, tf);
    FILE *pp = popen(cmd, "r");
    char js[4096] = {0};
    size_t got = pp ? fread(js, 1, sizeof js - 1, pp) : 0;
    js[got] = 0;
    int rc = pp ? pclose(pp) : -1;
    if (rc != 0 || !got) {
      printf("  %10zu: networkx baseline failed (%s): is python3-networkx installed?\n", k, cmd);
      free(hs);
      free(ht);
      rf_graph_free(h);
      break;
    }
    double nf = json_num(js, "flow"), nfs = json_num(js, "flow_s");
    double nc = json_num(js, "cut"), ncs = json_num(js, "cut_s");
    int agree = fabs(nf - o.flow) <= 1e-9 * fmax(1, fabs(nf)) &&
                ((isinf(nc) && isinf(o.cut)) || fabs(nc - o.cut) < 1e-9);
    last_ratio = nfs / o.flow_s;
    last_nx_s = nfs;
    last_ratio_cut = ncs / o.cut_s;
    last_m = h->m;
    printf("  %10zu %9u %10llu | %10.3f %10.4f %7.0fx | %10.3f %10.4f %7.0fx | %s (flow %.2f, "
           "cut %g; nx peak RSS %.0f MiB)\n",
           k, h->n, (unsigned long long)h->m, nfs, o.flow_s, last_ratio, ncs, o.cut_s,
           last_ratio_cut, agree ? "yes" : "NO", o.flow, o.cut, json_num(js, "peak_rss_mb"));
    free(hs);
    free(ht);
    rf_graph_free(h);
  }
  unlink(ef);
  unlink(sf);
  unlink(tf);
  rmdir(dir);
  if (!isnan(last_ratio)) {
    printf("\nratio on the largest slice networkx ran (%zu arcs): max-flow %.0fx, min cut %.0fx "
           "(goal >= 50x).\n",
           last_m, last_ratio, last_ratio_cut);
    double nx_lin = last_nx_s * (double)g->m / (double)last_m;
    printf("whole graph: ours %.3f s for max-flow; networkx was not run on it. A linear\n"
           "extrapolation of its largest-slice time gives %.0f s (%.0fx ours); that is optimistic\n"
           "for networkx (preflow-push is superlinear), so the measured slice ratio is the\n"
           "honest figure.\n",
           full.flow_s, nx_lin, nx_lin / full.flow_s);
  }
  printf("peak RSS (this process): %.1f MiB\n", rf_peak_rss() / 1048576.0);
  free(S);
  free(T);
  free(mark);
  free(src_mark);
  free(t);
  rf_graph_free(g);
  return 0;
}
