/* Network benchmark, side by side with networkx in one run.
 *
 *   bench_network [--nodes 100000] [--edges 1000000] [--nx-sources 50]
 *                 [--big-edges 5000000] [--threads 0] [--skip-exact] [--no-nx]
 *                 [--ours-sources K]
 *
 * 1. Memory: a directed, timed, amount-weighted graph of --big-edges random
 *    transactions is built through rf_graph_builder (as the transaction
 *    readers do); prints rf_graph_bytes and the peak RSS.
 * 2. Exact Brandes betweenness (unweighted) on a G(n, m) random undirected
 *    graph of --nodes / --edges, all sources, all threads.
 * 3. The same graph is written as an edge list and bench/network_baseline.py
 *    (Debian /usr/bin/python3 + networkx) times networkx's
 *    betweenness_centrality on --nx-sources sampled sources (networkx cannot
 *    do all 100,000 sources in reasonable time). Brandes' work is the same
 *    for every source (one BFS + one back-propagation over the whole
 *    component), so the honest comparison is time per source: networkx's
 *    k-source time / k * n estimates its full run. We also time redflag on
 *    the same number of sources single-threaded, for a one-core ratio.
 * 4. igraph (the C library redflag links for communities):
 *    igraph_betweenness_subset on the same --nx-sources sources, CPU time
 *    against ours single-threaded, and the largest difference of the raw
 *    sums. Skipped with --no-igraph.
 */
#include "redflag/core.h"
#include "redflag/graph.h"
#include "redflag/network.h"

#include <igraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double rf_i_cpu(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static uint64_t rf_i_rng(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static double rf_i_mib(size_t b) { return b / 1048576.0; }

int main(int argc, char **argv) {
  uint32_t n = 100000, k_nx = 50;
  uint64_t m = 1000000, big = 5000000;
  unsigned threads = 0;
  int skip_exact = 0, no_nx = 0, no_igraph = 0;
  uint32_t ours_k = 0; /* 0 = exact (all sources) */
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--nodes") && i + 1 < argc)
      n = (uint32_t)strtoul(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--edges") && i + 1 < argc)
      m = strtoull(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--big-edges") && i + 1 < argc)
      big = strtoull(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--nx-sources") && i + 1 < argc)
      k_nx = (uint32_t)strtoul(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
      threads = (unsigned)strtoul(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--skip-exact"))
      skip_exact = 1;
    else if (!strcmp(argv[i], "--ours-sources") && i + 1 < argc)
      ours_k = (uint32_t)strtoul(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--no-nx"))
      no_nx = 1;
    else if (!strcmp(argv[i], "--no-igraph"))
      no_igraph = 1;
    else {
      fprintf(stderr,
              "usage: %s [--nodes N] [--edges M] [--big-edges M] [--nx-sources K] "
              "[--threads T] [--skip-exact] [--ours-sources K] [--no-nx] [--no-igraph]\n",
              argv[0]);
      return 2;
    }
  }
  rf_error err;
  long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
  printf("bench_network: %ld online CPUs\n", ncpu);
  FILE *up = popen("uptime", "r");
  if (up) {
    char line[256];
    if (fgets(line, sizeof line, up)) printf("load: %s", line);
    pclose(up);
  }

  /* ---------------------------------------------------- 1. memory */
  if (big) {
    uint32_t nacc = (uint32_t)(big / 10 > 1000 ? big / 10 : 1000);
    double t0 = rf_now();
    rf_graph_builder *b;
    if (rf_graph_builder_new(&b, 1) != RF_OK) return 1;
    char lab[32];
    for (uint32_t v = 0; v < nacc; v++) {
      snprintf(lab, sizeof lab, "ACC%09u", v);
      rf_graph_builder_node(b, lab);
    }
    uint64_t s = 7;
    for (uint64_t e = 0; e < big; e++) {
      uint32_t u = (uint32_t)(rf_i_rng(&s) % nacc), v = (uint32_t)(rf_i_rng(&s) % nacc);
      double amt = 10 + (double)(rf_i_rng(&s) % 1000000) / 100;
      int64_t t = 1660000000 + (int64_t)(rf_i_rng(&s) % 8640000);
      rf_graph_builder_edge_id(b, u, v, amt, t);
    }
    rf_graph *g;
    if (rf_graph_builder_finish(b, &g, 0, &err) != RF_OK) {
      fprintf(stderr, "%s\n", err.msg);
      return 1;
    }
    double dt = rf_now() - t0;
    printf("\n[memory] directed timed graph: %llu transactions -> %u accounts, %llu arcs "
           "(%llu merged, %llu self loops dropped)\n",
           (unsigned long long)big, g->n, (unsigned long long)g->m, (unsigned long long)g->merged,
           (unsigned long long)g->dropped_loops);
    printf("[memory] rf_graph_bytes %.1f MiB (%.1f bytes/arc); peak RSS %.1f MiB incl. builder; "
           "build %.2fs\n",
           rf_i_mib(rf_graph_bytes(g)), (double)rf_graph_bytes(g) / (double)(g->m ? g->m : 1),
           rf_i_mib(rf_peak_rss()), dt);
    rf_graph_free(g);
  }

  /* ---------------------------------------------------- 2. betweenness */
  double t0 = rf_now();
  rf_graph_builder *b;
  if (rf_graph_builder_new(&b, 0) != RF_OK) return 1;
  char lab[32];
  for (uint32_t v = 0; v < n; v++) {
    snprintf(lab, sizeof lab, "%u", v);
    rf_graph_builder_node(b, lab);
  }
  uint64_t s = 12345;
  for (uint64_t e = 0; e < m; e++) {
    uint32_t u = (uint32_t)(rf_i_rng(&s) % n), v = (uint32_t)(rf_i_rng(&s) % n);
    if (u == v) {
      e--;
      continue;
    }
    rf_graph_builder_edge_id(b, u, v, 1, 0);
  }
  rf_graph *g;
  if (rf_graph_builder_finish(b, &g, 0, &err) != RF_OK) {
    fprintf(stderr, "%s\n", err.msg);
    return 1;
  }
  uint32_t ncomp, lcc;
  rf_net_components(g, NULL, NULL, &ncomp, &lcc, &err);
  printf("\n[betweenness] G(n,m): %u nodes, %llu undirected edges (%llu duplicates merged), "
         "%u components, LCC %u; built in %.2fs\n",
         g->n, (unsigned long long)(g->m / 2), (unsigned long long)g->merged, ncomp, lcc,
         rf_now() - t0);
  const char *path = "bench_network_edges.txt";
  FILE *fp = fopen(path, "w");
  if (!fp) {
    perror(path);
    return 1;
  }
  for (uint32_t u = 0; u < g->n; u++)
    for (uint64_t a = g->out_off[u]; a < g->out_off[u + 1]; a++)
      if (g->out_dst[a] > u) fprintf(fp, "%u %u\n", u, g->out_dst[a]);
  fclose(fp);

  double *bc = malloc((size_t)g->n * sizeof *bc);
  uint32_t *src = malloc((size_t)(k_nx ? k_nx : 1) * sizeof *src);
  for (uint32_t i = 0; i < k_nx; i++) src[i] = (uint32_t)((uint64_t)i * g->n / k_nx);
  rf_net_opts o = {0};
  o.threads = 1;
  double t1 = rf_now();
  rf_net_betweenness_sources(g, &o, src, k_nx, bc, &err);
  double ours_k1 = rf_now() - t1;
  printf("[betweenness] redflag, %u sources, 1 thread: %.3fs (%.2f ms/source)\n", k_nx, ours_k1,
         1e3 * ours_k1 / k_nx);
  double ours_exact = 0;
  unsigned nt = threads ? threads : (unsigned)(ncpu > 0 ? ncpu : 1);
  if (!skip_exact && ours_k && ours_k < g->n) {
    /* the all-sources run would not finish on this machine in time: time K
     * evenly spread sources on all threads and scale by n / K */
    uint32_t *s2 = malloc((size_t)ours_k * sizeof *s2);
    for (uint32_t i = 0; i < ours_k; i++) s2[i] = (uint32_t)((uint64_t)i * g->n / ours_k);
    o.threads = threads;
    t1 = rf_now();
    rf_net_betweenness_sources(g, &o, s2, ours_k, bc, &err);
    double dt = rf_now() - t1;
    ours_exact = dt / ours_k * g->n;
    printf("[betweenness] redflag, %u sources, %u threads: %.1fs (%.2f ms/source) -> exact "
           "all-sources run ESTIMATED %.0fs\n",
           ours_k, nt, dt, 1e3 * dt / ours_k, ours_exact);
    free(s2);
  } else if (!skip_exact) {
    o.threads = threads;
    t1 = rf_now();
    if (rf_net_betweenness(g, &o, bc, &err) != RF_OK) {
      fprintf(stderr, "%s\n", err.msg);
      return 1;
    }
    ours_exact = rf_now() - t1;
    double mx = 0;
    for (uint32_t v = 0; v < g->n; v++) mx = bc[v] > mx ? bc[v] : mx;
    printf("[betweenness] redflag EXACT, all %u sources, %u threads: %.1fs (%.2f ms/source); "
           "max raw bc %.0f\n",
           g->n, nt, ours_exact, 1e3 * ours_exact / g->n, mx);
  }
  if (!no_igraph && k_nx) {
    /* same sources, CPU time, one thread each */
    double c0 = rf_i_cpu();
    o.threads = 1;
    rf_net_betweenness_sources(g, &o, src, k_nx, bc, &err);
    double ours_cpu = rf_i_cpu() - c0;
    igraph_vector_int_t el;
    igraph_vector_int_init(&el, 0);
    for (uint32_t u = 0; u < g->n; u++)
      for (uint64_t a = g->out_off[u]; a < g->out_off[u + 1]; a++)
        if (g->out_dst[a] > u) {
          igraph_vector_int_push_back(&el, u);
          igraph_vector_int_push_back(&el, g->out_dst[a]);
        }
    igraph_t ig;
    igraph_create(&ig, &el, g->n, IGRAPH_UNDIRECTED);
    igraph_vector_t res;
    igraph_vector_init(&res, 0);
    igraph_vector_int_t sv;
    igraph_vector_int_init(&sv, k_nx);
    for (uint32_t i = 0; i < k_nx; i++) VECTOR(sv)[i] = src[i];
    c0 = rf_i_cpu();
    igraph_betweenness_subset(&ig, &res, igraph_vss_all(), IGRAPH_UNDIRECTED,
                              igraph_vss_vector(&sv), igraph_vss_all(), NULL);
    double ig_cpu = rf_i_cpu() - c0;
    double mx = 0, top = 0;
    for (uint32_t v = 0; v < g->n; v++) {
      double ours = bc[v] * k_nx / g->n; /* undo the n/k scaling: raw subset sums */
      double d = ours > VECTOR(res)[v] ? ours - VECTOR(res)[v] : VECTOR(res)[v] - ours;
      mx = d > mx ? d : mx;
      top = VECTOR(res)[v] > top ? VECTOR(res)[v] : top;
    }
    printf("[betweenness] igraph %s betweenness_subset, same %u sources, CPU time: %.2f ms/source; "
           "redflag %.2f ms/source: %.1fx; max |diff| %.2g (values up to %.3g)\n",
           IGRAPH_VERSION, k_nx, 1e3 * ig_cpu / k_nx, 1e3 * ours_cpu / k_nx, ig_cpu / ours_cpu, mx,
           top);
    igraph_vector_int_destroy(&sv);
    igraph_vector_destroy(&res);
    igraph_destroy(&ig);
    igraph_vector_int_destroy(&el);
  }
  printf("[betweenness] peak RSS so far %.1f MiB\n", rf_i_mib(rf_peak_rss()));

  if (!no_nx) {
    /* the baseline script sits next to this file */
    char dir[768];
    snprintf(dir, sizeof dir, "%s", __FILE__);
    char *slash = strrchr(dir, '/');
    if (slash)
      *slash = 0;
    else
      snprintf(dir, sizeof dir, "bench");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/network_baseline.py %s %u 2>&1", dir, path,
             k_nx);
    FILE *py = popen(cmd, "r");
    double nx_k = -1;
    char line[512];
    while (py && fgets(line, sizeof line, py)) {
      fputs("  networkx> ", stdout);
      fputs(line, stdout);
      double x;
      if (sscanf(line, "NX_SECONDS %lf", &x) == 1) nx_k = x;
    }
    if (py) pclose(py);
    if (nx_k > 0) {
      double nx_full = nx_k / k_nx * g->n;
      printf("[betweenness] networkx, %u sources: %.2fs (%.1f ms/source) -> all %u sources "
             "estimated %.0fs (%.1f h)\n",
             k_nx, nx_k, 1e3 * nx_k / k_nx, g->n, nx_full, nx_full / 3600);
      printf("[betweenness] ratio, same %u sources, one core each: %.1fx\n", k_nx, nx_k / ours_k1);
      if (ours_exact > 0)
        printf("[betweenness] ratio, exact run (redflag %s, %u threads) vs networkx "
               "(scaled from %u sources): %.1fx\n",
               ours_k && ours_k < g->n ? "scaled" : "measured", nt, k_nx, nx_full / ours_exact);
    } else {
      printf("[betweenness] networkx baseline did not run (needs /usr/bin/python3 with "
             "networkx)\n");
    }
  }
  printf("peak RSS (whole run): %.1f MiB\n", rf_i_mib(rf_peak_rss()));
  remove(path);
  free(bc);
  free(src);
  rf_graph_free(g);
  return 0;
}
