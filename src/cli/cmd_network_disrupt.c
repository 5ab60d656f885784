/* redflag network disrupt: node-removal strategies and fragmentation curves. */
#include "cli/cli.h"
#include "redflag/network.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void rf_i_usage(FILE *fp) {
  fprintf(fp, "usage: redflag network disrupt --input FILE [--input-format "
              "edgelist|matrix|amlworld|amlsim|redflag|rda]\n"
              "         [--weighted] --strategy degree|betweenness|katz|ci|random|all[,...]\n"
              "         --mode sequential|block [--block-fraction 0.05] [--seed S]\n"
              "         --out CURVE.csv [--svg PLOT.svg]\n\n"
              "Removes nodes in rank order and after every removal (sequential) or block\n"
              "writes removed,lcc_fraction,components,efficiency. Several strategies write\n"
              "CURVE-<strategy>.csv each (or CURVE.csv with {strategy} replaced) and one SVG.\n\n"
              "options:\n"
              "  --weighted            use weights (betweenness: as distances; degree: strength)\n"
              "  --inverse-weights     with --weighted: betweenness lengths are 1/weight (big\n"
              "                        amounts = close ties); default weight = length\n"
              "  --directed            read edge lists / matrices as directed (the analysis\n"
              "                        uses the undirected view either way)\n"
              "  --merge sum|max|first|last  parallel edge weights (default sum)\n"
              "  --keep-self-loops     keep self loops (dropped by default)\n"
              "  --block-size K        nodes per block (overrides --block-fraction)\n"
              "  --katz-alpha A        Katz attenuation (default 0.1, as networkx; above 1000\n"
              "                        nodes min(0.1, 0.9/lambda_max))\n"
              "  --ci-radius L         collective-influence radius (default 2)\n"
              "  --stop-at N           stop when N or fewer nodes are left (default 0)\n"
              "  --max-removed N       remove at most N nodes\n"
              "  --efficiency-samples N  estimate efficiency from N sources (default: exact up\n"
              "                        to 5000 nodes, 256 samples above)\n"
              "  --no-efficiency       skip the efficiency metric (written as nan)\n"
              "  --betweenness-samples K  rank by betweenness from K sources (approximate;\n"
              "                        default exact: one all-pairs pass per step)\n"
              "  --order FILE          write the removal order (strategy,rank,node)\n"
              "  --threads N           worker threads (default: all cores)\n"
              "  --tie added|label     ties go to the node added last (default) or to the\n"
              "                        largest label (numbers compared as numbers)\n"
              "  --compat cavallaro    conventions of Cavallaro et al. 2020: --merge last,\n"
              "                        --ci-radius 1, --stop-at 5, label ties for CI\n"
              "  --quiet               no summary on stdout\n");
}

/* Output path of one strategy. */
static void rf_i_out_path(char *buf, size_t sz, const char *out, const char *strat, int multi) {
  const char *ph = strstr(out, "{strategy}");
  if (ph) {
    snprintf(buf, sz, "%.*s%s%s", (int)(ph - out), out, strat, ph + 10);
  } else if (!multi || !strcmp(out, "-")) {
    snprintf(buf, sz, "%s", out);
  } else {
    const char *dot = strrchr(out, '.'), *slash = strrchr(out, '/');
    if (dot && (!slash || dot > slash))
      snprintf(buf, sz, "%.*s-%s%s", (int)(dot - out), out, strat, dot);
    else
      snprintf(buf, sz, "%s-%s", out, strat);
  }
}

/* appends s to list unless it is there */
static void rf_i_strategy_add(rf_disrupt_strategy *list, size_t *n, rf_disrupt_strategy s) {
  for (size_t k = 0; k < *n; k++)
    if (list[k] == s) return;
  if (*n < RF_DISRUPT_NSTRATEGIES) list[(*n)++] = s;
}

/* --strategy: a comma list of names, or "all"; returns 0 or the exit code */
static int rf_i_strategies_parse(const char *arg, rf_disrupt_strategy *list, size_t *n) {
  char buf[256];
  snprintf(buf, sizeof buf, "%s", arg);
  *n = 0;
  for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
    if (!strcmp(tok, "all")) {
      for (int s = 0; s < RF_DISRUPT_NSTRATEGIES; s++)
        rf_i_strategy_add(list, n, (rf_disrupt_strategy)s);
      continue;
    }
    rf_disrupt_strategy s;
    if (rf_disrupt_strategy_parse(tok, &s) != RF_OK) {
      fprintf(stderr,
              "redflag: --strategy: '%s' is not degree, betweenness, katz, ci, random or all\n",
              tok);
      return 2;
    }
    rf_i_strategy_add(list, n, s);
  }
  if (!*n) {
    fprintf(stderr, "redflag: --strategy: no strategy given\n");
    return 2;
  }
  return 0;
}

/* --order: the removal order of one strategy, one CSV row per node */
static void rf_i_order_write(FILE *ofp, const rf_graph *g, const char *sname,
                             const rf_disrupt_curve *c) {
  rf_buf lb;
  rf_buf_init(&lb);
  for (size_t r = 0; r < c->norder; r++) {
    const char *lab = rf_graph_label(g, c->order[r]);
    rf_buf_reset(&lb);
    rf_buf_csv_field(&lb, lab ? lab : "");
    fprintf(ofp, "%s,%zu,%s\n", sname, r + 1, lb.data ? lb.data : "");
  }
  rf_buf_free(&lb);
}

/* summary: nodes removed until the LCC is at most half its size, and the
 * robustness R = mean LCC fraction over the curve */
static void rf_i_curve_summary(const char *sname, const rf_disrupt_curve *c, double secs,
                               const char *path) {
  long half = -1;
  double area = 0;
  for (size_t s = 0; s < c->nsteps; s++) {
    if (half < 0 && c->steps[s].lcc_fraction <= 0.5) half = c->steps[s].removed;
    area += c->steps[s].lcc_fraction;
  }
  printf("%-12s %zu steps, LCC <= 50%% after %s%ld removals, mean LCC fraction %.3f, "
         "%.2fs -> %s\n",
         sname, c->nsteps, half < 0 ? "more than " : "",
         half < 0 ? (long)(c->nsteps ? c->steps[c->nsteps - 1].removed : 0) : half,
         c->nsteps ? area / c->nsteps : 0, secs, path);
}

/* the curve as a plot series (x = nodes removed, y = LCC fraction) */
static int rf_i_curve_series(const char *sname, const rf_disrupt_curve *c, double **x, double **y,
                             rf_plot_series *ser) {
  *x = malloc((c->nsteps + 1) * sizeof(double));
  *y = malloc((c->nsteps + 1) * sizeof(double));
  if (!*x || !*y) return -1;
  for (size_t s = 0; s < c->nsteps; s++) {
    (*x)[s] = c->steps[s].removed;
    (*y)[s] = c->steps[s].lcc_fraction;
  }
  *ser = (rf_plot_series){sname, *x, *y, c->nsteps};
  return 0;
}

static rf_status rf_i_disrupt_plot(const char *svg, const char *input, int block, int weighted,
                                   const rf_plot_series *series, size_t n, rf_error *err) {
  char title[512];
  const char *base = strrchr(input, '/');
  snprintf(title, sizeof title, "Disruption of %s (%s%s)", base ? base + 1 : input,
           block ? "block" : "sequential", weighted ? ", weighted" : "");
  rf_plot_opts po = {0};
  po.title = title;
  po.xlabel = "nodes removed";
  po.ylabel = "largest component / initial largest component";
  po.fix_y = 1;
  po.ymin = 0;
  po.ymax = 1;
  po.markers = block;
  return rf_plot_svg(svg, &po, series, n, err);
}

int rf_cmd_network_disrupt(int argc, char **argv) {
  const char *input = NULL, *fmt = NULL, *out = NULL, *svg = NULL, *strategies = NULL;
  const char *mode = NULL, *order_path = NULL;
  int weighted = 0, directed = 0, keep_loops = 0, quiet = 0, merge_set = 0, eff_set = 0;
  rf_graph_merge merge = RF_GRAPH_MERGE_SUM;
  rf_disrupt_opts o = {0};
  int tie = -1, compat = -1, ci_set = 0, stop_set = 0;
  int64_t seed = 0;
  static const char *const ties[] = {"added", "label", NULL};
  static const char *const compats[] = {"cavallaro", NULL};
  const rf_opt opts[] = {
      RF_CLI_INPUT_OPTS(&input, &fmt),
      RF_CLI_FLAG("--weighted", &weighted),
      RF_CLI_FLAG("--directed", &directed),
      RF_CLI_FLAG("--keep-self-loops", &keep_loops),
      RF_CLI_FLAG("--quiet", &quiet),
      RF_CLI_FLAG("--inverse-weights", &o.inverse_weights),
      RF_CLI_FLAG("--no-efficiency", &o.no_efficiency),
      RF_CLI_STR("--strategy", &strategies),
      RF_CLI_STR("--mode", &mode),
      RF_CLI_STR("--out", &out),
      RF_CLI_STR("--svg", &svg),
      RF_CLI_STR("--order", &order_path),
      RF_CLI_ENUM("--tie", &tie, "added or label", ties),
      {.name = "--merge",
       .kind = RF_OPT_ENUM,
       .dst = &merge,
       .what = "sum, max, first or last",
       .names = rf_cli_merge_names,
       .seen = &merge_set},
      RF_CLI_ENUM("--compat", &compat, "a known convention (cavallaro)", compats),
      RF_CLI_POS("--block-fraction", &o.block_fraction, "in (0,1]", 1),
      RF_CLI_POS("--katz-alpha", &o.katz_alpha, "a positive number", 1e300),
      RF_CLI_NUM("--block-size", RF_OPT_U32, &o.block_size, "a non-negative integer", 0, 0),
      {.name = "--ci-radius",
       .kind = RF_OPT_U32,
       .dst = &o.ci_radius,
       .what = "a non-negative integer",
       .seen = &ci_set},
      {.name = "--stop-at",
       .kind = RF_OPT_U32,
       .dst = &o.stop_at,
       .what = "a non-negative integer",
       .seen = &stop_set},
      RF_CLI_NUM("--max-removed", RF_OPT_U32, &o.max_removed, "a non-negative integer", 0, 0),
      {.name = "--efficiency-samples",
       .kind = RF_OPT_U32,
       .dst = &o.efficiency_samples,
       .what = "a non-negative integer",
       .seen = &eff_set},
      RF_CLI_NUM("--threads", RF_OPT_U32, &o.threads, "a non-negative integer", 0, 0),
      RF_CLI_NUM("--betweenness-samples", RF_OPT_U32, &o.betweenness_samples,
                 "a non-negative integer", 0, 0),
      RF_CLI_NUM("--seed", RF_OPT_I64, &seed, "a non-negative integer", 0, 9.2e18),
      {.name = NULL}};
  int prc = rf_cli_parse("network disrupt", argc, argv, opts, rf_i_usage);
  if (prc) return prc < 0 ? 0 : prc;
  o.seed = (uint64_t)seed;
  if (compat == 0) { /* Cavallaro et al. 2020; options given explicitly win */
    if (!merge_set) merge = RF_GRAPH_MERGE_LAST;
    if (!ci_set) o.ci_radius = 1;
    if (!stop_set) o.stop_at = 5;
    if (tie < 0) {
      o.tie = RF_DISRUPT_TIE_LABEL;
      o.tie_label_ci_only = 1;
    }
  }
  if (tie >= 0) o.tie = tie ? RF_DISRUPT_TIE_LABEL : RF_DISRUPT_TIE_ADDED;
  if (!input || !strategies || !out)
    return rf_cli_needs("network disrupt", "--input, --strategy and --out", rf_i_usage);
  if (!mode || !strcmp(mode, "sequential"))
    o.block = 0;
  else if (!strcmp(mode, "block"))
    o.block = 1;
  else {
    fprintf(stderr, "redflag: --mode: '%s' is not sequential or block\n", mode);
    return 2;
  }
  /* strategies: comma list or "all" */
  rf_disrupt_strategy list[RF_DISRUPT_NSTRATEGIES];
  size_t nstrat = 0;
  int src = rf_i_strategies_parse(strategies, list, &nstrat);
  if (src) return src;
  rf_error err;
  rf_error_clear(&err);
  rf_graph_read_opts ro = {0};
  int frc = rf_cli_graph_format(fmt, input, &ro.format);
  if (frc) return frc;
  ro.directed = directed || ro.format == RF_GRAPH_AMLWORLD || ro.format == RF_GRAPH_AMLSIM ||
                ro.format == RF_GRAPH_REDFLAG;
  ro.weighted = weighted;
  ro.keep_self_loops = keep_loops;
  ro.merge = merge;
  unsigned nrej = 0;
  ro.on_reject = rf_cli_on_reject;
  ro.ctx = &nrej;
  rf_graph_read_stats rs;
  rf_graph *g = NULL;
  double t0 = rf_now();
  if (rf_graph_read(&g, input, &ro, &rs, &err) != RF_OK) return rf_cli_fail(&err);
  double t_read = rf_now() - t0;
  o.weighted = weighted;
  if (!eff_set) o.efficiency_samples = g->n > 5000 ? 256 : 0;
  if (!quiet)
    printf("graph: %s (%s): %u nodes, %llu %s, %llu rows read, %llu rejected (%.2fs)\n", input,
           rf_graph_format_str(ro.format), g->n,
           (unsigned long long)(g->directed ? g->m : g->m / 2), g->directed ? "arcs" : "edges",
           (unsigned long long)rs.rows, (unsigned long long)rs.rejected, t_read);
  rf_disrupt_curve *curves = calloc(nstrat, sizeof *curves);
  rf_plot_series *series = calloc(nstrat, sizeof *series);
  double **xs = calloc(nstrat, sizeof *xs), **ys = calloc(nstrat, sizeof *ys);
  int rc = 0;
  FILE *ofp = NULL;
  if (!curves || !series || !xs || !ys) {
    rf_error_set(&err, RF_ENOMEM, "out of memory");
    rc = rf_cli_fail(&err);
    goto done;
  }
  if (order_path) {
    ofp = fopen(order_path, "w");
    if (!ofp) {
      rf_error_set(&err, RF_EIO, "%s: cannot write", order_path);
      rc = rf_cli_fail(&err);
      goto done;
    }
    fputs("strategy,rank,node\n", ofp);
  }
  for (size_t k = 0; k < nstrat; k++) {
    o.strategy = list[k];
    const char *sname = rf_disrupt_strategy_str(list[k]);
    double t1 = rf_now();
    if (rf_disrupt_run(g, &o, &curves[k], &err) != RF_OK) {
      rc = rf_cli_fail(&err);
      goto done;
    }
    char path[4096];
    rf_i_out_path(path, sizeof path, out, sname, nstrat > 1);
    if (rf_disrupt_write_csv(&curves[k], path, &err) != RF_OK) {
      rc = rf_cli_fail(&err);
      goto done;
    }
    if (ofp) rf_i_order_write(ofp, g, sname, &curves[k]);
    if (!quiet && strcmp(path, "-")) rf_i_curve_summary(sname, &curves[k], rf_now() - t1, path);
    if (rf_i_curve_series(sname, &curves[k], &xs[k], &ys[k], &series[k])) {
      rf_error_set(&err, RF_ENOMEM, "out of memory");
      rc = rf_cli_fail(&err);
      goto done;
    }
  }
  if (svg) {
    if (rf_i_disrupt_plot(svg, input, o.block, weighted, series, nstrat, &err) != RF_OK) {
      rc = rf_cli_fail(&err);
      goto done;
    }
    if (!quiet) printf("plot: %s\n", svg);
  }
done:
  if (ofp) fclose(ofp);
  for (size_t k = 0; k < nstrat; k++) {
    if (curves) rf_disrupt_curve_free(&curves[k]);
    if (xs) free(xs[k]);
    if (ys) free(ys[k]);
  }
  free(curves);
  free(series);
  free(xs);
  free(ys);
  rf_graph_free(g);
  return rc;
}
