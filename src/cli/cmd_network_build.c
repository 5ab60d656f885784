/* redflag network build: read a graph, print its summary, export it. */
#include "cli/cli.h"
#include "redflag/lists.h"
#include "redflag/network.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void rf_i_usage(FILE *fp) {
  fprintf(fp,
          "usage: redflag network build --input FILE [--input-format "
          "edgelist|matrix|amlworld|amlsim|redflag|rda]\n"
          "         [--weighted] [--directed] [--out graph.csv|graph.json]\n"
          "       redflag network build --lists DIR [--lists DIR2] [--out ...]\n\n"
          "Builds the graph (parallel edges merged: total weight, count, first/last time),\n"
          "prints nodes, edges, components and the input accounting, and exports it:\n"
          "  .csv   source,target,weight,count,first_time,last_time (undirected: once)\n"
          "  .json  {\"directed\",\"nodes\":[{\"id\",\"degree\",\"component\"}],\"edges\":[...]}\n"
          "--lists builds the entity graph from OFAC lists' \"Linked To:\" relations.\n"
          "R data (.rda, .rds: igraph objects, as SNAnalyst/DF ships criminal networks) is\n"
          "read with every graph in the file as one; FILE:NAME or FILE:K reads one\n"
          "(\"Caviar.rda:3\", \"Montagna_mafia.rda:meetings\"); the others say which exist.\n\n"
          "options:\n"
          "  --merge sum|max|first|last  parallel edge weights (default sum)\n"
          "  --keep-self-loops     keep self loops (dropped by default)\n"
          "  --bipartite           2-mode matrix: keep both modes (default: project onto rows)\n"
          "  --metrics FILE.csv    per node: node,component,degree,strength,betweenness,ci\n"
          "                        (betweenness exact and normalised as networkx; weights\n"
          "                        are lengths with --weighted; CI radius 2)\n"
          "  --samples K           betweenness from K sampled sources (scaled by n/K)\n"
          "  --efficiency          print the global efficiency (exact up to 5000 nodes,\n"
          "                        else from --efficiency-samples N sources, default 256)\n"
          "  --threads N           worker threads (default: all cores)\n"
          "  --quiet               no summary\n");
}

static void rf_i_time(rf_buf *b, int64_t t) {
  if (!t) return;
  char s[32];
  rf_time_format(t, s, sizeof s);
  rf_buf_puts(b, s);
}

/* Shortest text that reads back as the same double ("10143.94", not
 * "10143.940000000001"). */
static void rf_i_num(char *buf, size_t sz, double x) {
  for (int p = 1; p <= 17; p++) {
    snprintf(buf, sz, "%.*g", p, x);
    if (strtod(buf, NULL) == x) return;
  }
}

static rf_status rf_i_metrics(const rf_graph *g, const uint32_t *comp, const char *path,
                              int weighted, uint32_t samples, unsigned threads, rf_error *err) {
  uint32_t n = g->n;
  double *deg = malloc(((size_t)n + 1) * sizeof *deg), *str = malloc(((size_t)n + 1) * sizeof *str);
  double *bc = malloc(((size_t)n + 1) * sizeof *bc), *ci = malloc(((size_t)n + 1) * sizeof *ci);
  uint32_t *src = NULL;
  rf_status st = RF_OK;
  FILE *fp = NULL;
  if (!deg || !str || !bc || !ci) {
    st = rf_error_set(err, RF_ENOMEM, "out of memory");
    goto done;
  }
  rf_net_opts o = {0};
  o.threads = threads;
  if ((st = rf_net_degree(g, &o, deg, err)) != RF_OK) goto done;
  if ((st = rf_net_ci(g, &o, 2, ci, err)) != RF_OK) goto done;
  o.weighted = 1;
  if ((st = rf_net_degree(g, &o, str, err)) != RF_OK) goto done;
  o.weighted = weighted;
  o.normalized = 1;
  if (samples && samples < n) {
    src = malloc((size_t)samples * sizeof *src);
    if (!src) {
      st = rf_error_set(err, RF_ENOMEM, "out of memory");
      goto done;
    }
    /* evenly spread, deterministic sample of sources */
    for (uint32_t i = 0; i < samples; i++) src[i] = (uint32_t)((uint64_t)i * n / samples);
    st = rf_net_betweenness_sources(g, &o, src, samples, bc, err);
  } else {
    st = rf_net_betweenness(g, &o, bc, err);
  }
  if (st != RF_OK) goto done;
  fp = strcmp(path, "-") ? fopen(path, "w") : stdout;
  if (!fp) {
    st = rf_error_set(err, RF_EIO, "%s: cannot write", path);
    goto done;
  }
  rf_buf b;
  rf_buf_init(&b);
  rf_buf_puts(&b, "node,component,degree,strength,betweenness,ci\n");
  for (uint32_t v = 0; v < n; v++) {
    const char *lab = rf_graph_label(g, v);
    rf_buf_csv_field(&b, lab ? lab : "");
    rf_buf_printf(&b, ",%u,%.17g,%.17g,%.17g,%.17g\n", comp[v], deg[v], str[v], bc[v], ci[v]);
    if (b.len > (1 << 20)) fwrite(b.data, 1, b.len, fp), rf_buf_reset(&b);
  }
  int bad = b.len && fwrite(b.data, 1, b.len, fp) != b.len;
  rf_buf_free(&b);
  if (fp != stdout) bad |= fclose(fp) != 0;
  fp = NULL;
  if (bad) st = rf_error_set(err, RF_EIO, "%s: write error", path);
done:
  free(deg);
  free(str);
  free(bc);
  free(ci);
  free(src);
  return st;
}

static rf_status rf_i_export(const rf_graph *g, const uint32_t *comp, const char *path,
                             rf_error *err) {
  size_t len = strlen(path);
  int json = len >= 5 && !strcmp(path + len - 5, ".json");
  FILE *fp = strcmp(path, "-") ? fopen(path, "w") : stdout;
  if (!fp) return rf_error_set(err, RF_EIO, "%s: cannot write", path);
  rf_buf b;
  rf_buf_init(&b);
  if (json) {
    rf_buf_printf(&b, "{\"directed\":%s,\"nodes\":[", g->directed ? "true" : "false");
    for (uint32_t v = 0; v < g->n; v++) {
      const char *lab = rf_graph_label(g, v);
      rf_buf_puts(&b, v ? ",\n{\"id\":" : "\n{\"id\":");
      rf_buf_json_str(&b, lab ? lab : "");
      rf_buf_printf(&b, ",\"degree\":%llu,\"component\":%u}",
                    (unsigned long long)rf_graph_degree(g, v), comp[v]);
      if (b.len > (1 << 20)) fwrite(b.data, 1, b.len, fp), rf_buf_reset(&b);
    }
    rf_buf_puts(&b, "],\"edges\":[");
  } else {
    rf_buf_puts(&b, "source,target,weight,count,first_time,last_time\n");
  }
  int first = 1;
  char w[40];
  for (uint32_t u = 0; u < g->n; u++)
    for (uint64_t a = g->out_off[u]; a < g->out_off[u + 1]; a++) {
      uint32_t v = g->out_dst[a];
      if (!g->directed && v < u) continue;
      const char *lu = rf_graph_label(g, u), *lv = rf_graph_label(g, v);
      rf_i_num(w, sizeof w, g->out_w[a]);
      if (json) {
        rf_buf_puts(&b, first ? "\n{\"source\":" : ",\n{\"source\":");
        rf_buf_json_str(&b, lu ? lu : "");
        rf_buf_puts(&b, ",\"target\":");
        rf_buf_json_str(&b, lv ? lv : "");
        rf_buf_printf(&b, ",\"weight\":%s,\"count\":%u", w, g->out_cnt[a]);
        if (g->out_tmin[a] || g->out_tmax[a]) {
          rf_buf_puts(&b, ",\"first_time\":\"");
          rf_i_time(&b, g->out_tmin[a]);
          rf_buf_puts(&b, "\",\"last_time\":\"");
          rf_i_time(&b, g->out_tmax[a]);
          rf_buf_puts(&b, "\"");
        }
        rf_buf_puts(&b, "}");
      } else {
        rf_buf_csv_field(&b, lu ? lu : "");
        rf_buf_putc(&b, ',');
        rf_buf_csv_field(&b, lv ? lv : "");
        rf_buf_printf(&b, ",%s,%u,", w, g->out_cnt[a]);
        if (g->out_tmin[a] || g->out_tmax[a]) {
          rf_i_time(&b, g->out_tmin[a]);
          rf_buf_putc(&b, ',');
          rf_i_time(&b, g->out_tmax[a]);
        } else {
          rf_buf_putc(&b, ',');
        }
        rf_buf_putc(&b, '\n');
      }
      first = 0;
      if (b.len > (1 << 20)) fwrite(b.data, 1, b.len, fp), rf_buf_reset(&b);
    }
  if (json) rf_buf_puts(&b, "]}\n");
  int bad = b.len && fwrite(b.data, 1, b.len, fp) != b.len;
  rf_buf_free(&b);
  if (fp != stdout)
    bad |= fclose(fp) != 0;
  else
    fflush(fp);
  if (bad) return rf_error_set(err, RF_EIO, "%s: write error", path);
  return RF_OK;
}

/* --lists: the graph of the lists' "Linked To:" references */
static rf_status rf_i_graph_from_list_dirs(rf_graph **g, const rf_cli_strs *lists,
                                           size_t *unresolved, rf_error *err) {
  rf_lists *l = NULL;
  if (rf_lists_new(&l) != RF_OK) return rf_error_set(err, RF_ENOMEM, "out of memory");
  rf_status st = RF_OK;
  for (size_t i = 0; i < lists->n && st == RF_OK; i++) st = rf_lists_load_dir(l, lists->v[i], err);
  if (st == RF_OK) st = rf_graph_from_lists(g, l, unresolved, err);
  rf_lists_free(l);
  return st;
}

/* what was read and the graph's shape */
static void rf_i_build_report(const rf_graph *g, const char *input, const rf_graph_read_opts *ro,
                              const rf_graph_read_stats *rs, size_t unresolved, uint32_t ncomp,
                              uint32_t lcc, double t_read) {
  uint64_t isolated = 0, maxdeg = 0;
  uint32_t hub = 0;
  for (uint32_t v = 0; v < g->n; v++) {
    uint64_t d = rf_graph_degree(g, v);
    if (!d) isolated++;
    if (d > maxdeg) maxdeg = d, hub = v;
  }
  printf("input:      %s (%s)\n", input ? input : "sanctions lists",
         input ? rf_graph_format_str(ro->format) : "Linked To:");
  if (input)
    printf("rows:       %llu read, %llu edges, %llu rejected, %llu skipped; %llu self loops "
           "(%s), %llu duplicates merged, %llu non-positive weights\n",
           (unsigned long long)rs->rows, (unsigned long long)rs->edges,
           (unsigned long long)rs->rejected, (unsigned long long)rs->skipped,
           (unsigned long long)rs->self_loops, ro->keep_self_loops ? "kept" : "dropped",
           (unsigned long long)rs->duplicates, (unsigned long long)rs->nonpositive);
  if (input && rs->recoded)
    printf("encoding:   %llu labels were not UTF-8 and were read as Windows-1252\n",
           (unsigned long long)rs->recoded);
  if (!input)
    printf("links:      %zu unresolved \"Linked To:\" names (kept as '?:' nodes)\n", unresolved);
  printf("graph:      %s, %u nodes, %llu %s, %llu isolated nodes\n",
         g->directed ? "directed" : "undirected", g->n,
         (unsigned long long)(g->directed ? g->m : g->m / 2), g->directed ? "arcs" : "edges",
         (unsigned long long)isolated);
  printf("components: %u (weak); largest %u nodes (%.1f%%)\n", ncomp, lcc,
         g->n ? 100.0 * lcc / g->n : 0.0);
  if (g->n)
    printf("max degree: %llu (%s)\n", (unsigned long long)maxdeg,
           rf_graph_label(g, hub) ? rf_graph_label(g, hub) : "?");
  printf("memory:     %.1f MiB in the graph, %.2fs to build\n", rf_graph_bytes(g) / 1048576.0,
         t_read);
}

/* --efficiency: global efficiency, estimated from sampled sources on big graphs */
static rf_status rf_i_print_efficiency(const rf_graph *g, uint32_t threads, uint32_t samples,
                                       rf_error *err) {
  double eff = 0;
  rf_net_opts eo = {0};
  eo.threads = threads;
  uint32_t ns = g->n > 5000 ? samples : 0;
  rf_status st = rf_net_efficiency(g, &eo, ns, 1, &eff, err);
  if (st != RF_OK) return st;
  if (ns && ns < g->n)
    printf("efficiency: %.17g (estimated from %u sources)\n", eff, ns);
  else
    printf("efficiency: %.17g\n", eff);
  return RF_OK;
}

int rf_cmd_network_build(int argc, char **argv) {
  const char *input = NULL, *fmt = NULL, *out = NULL, *metrics = NULL;
  int want_eff = 0;
  uint32_t samples = 0, eff_samples = 256, threads = 0;
  rf_cli_strs lists = {0};
  rf_graph_read_opts ro = {0};
  int quiet = 0;
  const rf_opt opts[] = {
      RF_CLI_INPUT_OPTS(&input, &fmt),
      RF_CLI_STR("--out", &out),
      RF_CLI_STR("--metrics", &metrics),
      RF_CLI_FLAG("--efficiency", &want_eff),
      RF_CLI_NUM("--samples", RF_OPT_U32, &samples, "a non-negative integer", 0, 0),
      RF_CLI_NUM("--efficiency-samples", RF_OPT_U32, &eff_samples, "a non-negative integer", 0, 0),
      RF_CLI_NUM("--threads", RF_OPT_U32, &threads, "a non-negative integer", 0, 0),
      RF_CLI_LISTS(&lists),
      RF_CLI_ENUM("--merge", &ro.merge, "sum, max, first or last", rf_cli_merge_names),
      RF_CLI_FLAG("--weighted", &ro.weighted),
      RF_CLI_FLAG("--directed", &ro.directed),
      RF_CLI_FLAG("--keep-self-loops", &ro.keep_self_loops),
      RF_CLI_FLAG("--bipartite", &ro.bipartite),
      RF_CLI_FLAG("--quiet", &quiet),
      {.name = NULL}};
  int prc = rf_cli_parse("network build", argc, argv, opts, rf_i_usage);
  if (prc) return prc < 0 ? 0 : prc;
  size_t nlists = lists.n;
  if (!input == !nlists)
    return rf_cli_needs("network build", "--input FILE or --lists DIR", rf_i_usage);
  rf_error err;
  rf_error_clear(&err);
  rf_graph *g = NULL;
  rf_graph_read_stats rs = {0};
  unsigned rej = 0;
  double t0 = rf_now();
  size_t unresolved = 0;
  if (input) {
    int frc = rf_cli_graph_format(fmt, input, &ro.format);
    if (frc) return frc;
    if (ro.format == RF_GRAPH_AMLWORLD || ro.format == RF_GRAPH_AMLSIM ||
        ro.format == RF_GRAPH_REDFLAG) {
      ro.directed = 1;
      ro.weighted = 1; /* money graphs: weight = amount */
    }
    ro.on_reject = rf_cli_on_reject;
    ro.ctx = &rej;
    if (rf_graph_read(&g, input, &ro, &rs, &err) != RF_OK) return rf_cli_fail(&err);
  } else if (rf_i_graph_from_list_dirs(&g, &lists, &unresolved, &err) != RF_OK) {
    return rf_cli_fail(&err);
  }
  double t_read = rf_now() - t0;
  uint32_t *comp = malloc(((size_t)g->n + 1) * sizeof *comp);
  uint32_t ncomp = 0, lcc = 0;
  if (!comp || rf_net_components(g, NULL, comp, &ncomp, &lcc, &err) != RF_OK) {
    free(comp);
    rf_graph_free(g);
    if (!err.msg[0]) rf_error_set(&err, RF_ENOMEM, "out of memory");
    return rf_cli_fail(&err);
  }
  if (!quiet) rf_i_build_report(g, input, &ro, &rs, unresolved, ncomp, lcc, t_read);
  int rc = 0;
  if (want_eff && rf_i_print_efficiency(g, threads, eff_samples, &err) != RF_OK)
    rc = rf_cli_fail(&err);
  if (!rc && metrics) {
    double t1 = rf_now();
    if (rf_i_metrics(g, comp, metrics, ro.weighted, samples, threads, &err) != RF_OK)
      rc = rf_cli_fail(&err);
    else if (!quiet && strcmp(metrics, "-"))
      printf("metrics:    %s (%.2fs)\n", metrics, rf_now() - t1);
  }
  if (!rc && out) {
    if (rf_i_export(g, comp, out, &err) != RF_OK)
      rc = rf_cli_fail(&err);
    else if (!quiet && strcmp(out, "-"))
      printf("written:    %s\n", out);
  }
  free(comp);
  rf_graph_free(g);
  return rc;
}
