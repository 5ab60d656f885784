/* redflag network disrupt: node-removal strategies and fragmentation curves. */
#include "cli/cli.h"
#include "redflag/network.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void rf_i_usage(FILE *fp) {
  fprintf(fp, "usage: redflag network disrupt --input FILE [--input-format "
              "edgelist|matrix|amlworld|amlsim|redflag]\n"
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

static int rf_i_merge_parse(const char *s, rf_graph_merge *m) {
  static const char *names[] = {"sum", "max", "first", "last"};
  for (int i = 0; i < 4; i++)
    if (!strcmp(s, names[i])) {
      *m = (rf_graph_merge)i;
      return 0;
    }
  return -1;
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

int rf_cmd_network_disrupt(int argc, char **argv) {
  const char *input = NULL, *fmt = NULL, *out = NULL, *svg = NULL, *strategies = NULL;
  const char *mode = NULL, *order_path = NULL;
  int weighted = 0, directed = 0, keep_loops = 0, quiet = 0, merge_set = 0, eff_set = 0;
  rf_graph_merge merge = RF_GRAPH_MERGE_SUM;
  rf_disrupt_opts o = {0};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define RF_NEED()                                                                                  \
  do {                                                                                             \
    if (!v) {                                                                                      \
      fprintf(stderr, "redflag: %s needs a value\n", a);                                           \
      return 2;                                                                                    \
    }                                                                                              \
    i++;                                                                                           \
  } while (0)
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      rf_i_usage(stdout);
      return 0;
    } else if (!strcmp(a, "--input")) {
      RF_NEED();
      input = v;
    } else if (!strcmp(a, "--input-format")) {
      RF_NEED();
      fmt = v;
    } else if (!strcmp(a, "--weighted")) {
      weighted = 1;
    } else if (!strcmp(a, "--directed")) {
      directed = 1;
    } else if (!strcmp(a, "--keep-self-loops")) {
      keep_loops = 1;
    } else if (!strcmp(a, "--quiet")) {
      quiet = 1;
    } else if (!strcmp(a, "--inverse-weights")) {
      o.inverse_weights = 1;
    } else if (!strcmp(a, "--no-efficiency")) {
      o.no_efficiency = 1;
    } else if (!strcmp(a, "--strategy")) {
      RF_NEED();
      strategies = v;
    } else if (!strcmp(a, "--mode")) {
      RF_NEED();
      mode = v;
    } else if (!strcmp(a, "--out")) {
      RF_NEED();
      out = v;
    } else if (!strcmp(a, "--svg")) {
      RF_NEED();
      svg = v;
    } else if (!strcmp(a, "--tie")) {
      RF_NEED();
      if (!strcmp(v, "added"))
        o.tie = RF_DISRUPT_TIE_ADDED;
      else if (!strcmp(v, "label"))
        o.tie = RF_DISRUPT_TIE_LABEL;
      else {
        fprintf(stderr, "redflag: --tie: '%s' is not added or label\n", v);
        return 2;
      }
      o.tie_label_ci_only = 0;
    } else if (!strcmp(a, "--order")) {
      RF_NEED();
      order_path = v;
    } else if (!strcmp(a, "--merge")) {
      RF_NEED();
      if (rf_i_merge_parse(v, &merge)) {
        fprintf(stderr, "redflag: --merge: '%s' is not sum, max, first or last\n", v);
        return 2;
      }
      merge_set = 1;
    } else if (!strcmp(a, "--compat")) {
      RF_NEED();
      if (strcmp(v, "cavallaro")) {
        fprintf(stderr, "redflag: --compat: only 'cavallaro' is known\n");
        return 2;
      }
      if (!merge_set) merge = RF_GRAPH_MERGE_LAST;
      if (!o.ci_radius) o.ci_radius = 1;
      if (!o.stop_at) o.stop_at = 5;
      o.tie = RF_DISRUPT_TIE_LABEL;
      o.tie_label_ci_only = 1;
    } else if (!strcmp(a, "--block-fraction") || !strcmp(a, "--katz-alpha")) {
      RF_NEED();
      double d;
      if (rf_parse_double(v, &d) != RF_OK || !(d > 0) || (a[2] == 'b' && d > 1)) {
        fprintf(stderr, "redflag: %s: '%s' is not a valid value\n", a, v);
        return 2;
      }
      if (a[2] == 'b')
        o.block_fraction = d;
      else
        o.katz_alpha = d;
    } else if (!strcmp(a, "--block-size") || !strcmp(a, "--ci-radius") || !strcmp(a, "--stop-at") ||
               !strcmp(a, "--max-removed") || !strcmp(a, "--efficiency-samples") ||
               !strcmp(a, "--threads") || !strcmp(a, "--seed") ||
               !strcmp(a, "--betweenness-samples")) {
      RF_NEED();
      int64_t x;
      if (rf_parse_i64(v, &x) != RF_OK || x < 0 || (strcmp(a, "--seed") && x > UINT32_MAX)) {
        fprintf(stderr, "redflag: %s: '%s' is not a non-negative integer\n", a, v);
        return 2;
      }
      if (!strcmp(a, "--block-size"))
        o.block_size = (uint32_t)x;
      else if (!strcmp(a, "--ci-radius"))
        o.ci_radius = (unsigned)x;
      else if (!strcmp(a, "--stop-at"))
        o.stop_at = (uint32_t)x;
      else if (!strcmp(a, "--max-removed"))
        o.max_removed = (uint32_t)x;
      else if (!strcmp(a, "--efficiency-samples"))
        o.efficiency_samples = (uint32_t)x, eff_set = 1;
      else if (!strcmp(a, "--threads"))
        o.threads = (unsigned)x;
      else if (!strcmp(a, "--betweenness-samples"))
        o.betweenness_samples = (uint32_t)x;
      else
        o.seed = (uint64_t)x;
    } else {
      fprintf(stderr, "redflag: network disrupt: unknown option '%s'\n\n", a);
      rf_i_usage(stderr);
      return 2;
    }
#undef RF_NEED
  }
  if (!input || !strategies || !out) {
    fprintf(stderr, "redflag: network disrupt needs --input, --strategy and --out\n\n");
    rf_i_usage(stderr);
    return 2;
  }
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
  {
    char buf[256];
    snprintf(buf, sizeof buf, "%s", strategies);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
      if (!strcmp(tok, "all")) {
        for (int s = 0; s < RF_DISRUPT_NSTRATEGIES; s++) {
          int dup = 0;
          for (size_t k = 0; k < nstrat; k++) dup |= list[k] == (rf_disrupt_strategy)s;
          if (!dup) list[nstrat++] = (rf_disrupt_strategy)s;
        }
        continue;
      }
      rf_disrupt_strategy s;
      if (rf_disrupt_strategy_parse(tok, &s) != RF_OK) {
        fprintf(stderr,
                "redflag: --strategy: '%s' is not degree, betweenness, katz, ci, random or all\n",
                tok);
        return 2;
      }
      int dup = 0;
      for (size_t k = 0; k < nstrat; k++) dup |= list[k] == s;
      if (!dup && nstrat < RF_DISRUPT_NSTRATEGIES) list[nstrat++] = s;
    }
  }
  if (!nstrat) {
    fprintf(stderr, "redflag: --strategy: no strategy given\n");
    return 2;
  }
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
    if (ofp) {
      rf_buf lb;
      rf_buf_init(&lb);
      for (size_t r = 0; r < curves[k].norder; r++) {
        const char *lab = rf_graph_label(g, curves[k].order[r]);
        rf_buf_reset(&lb);
        rf_buf_csv_field(&lb, lab ? lab : "");
        fprintf(ofp, "%s,%zu,%s\n", sname, r + 1, lb.data ? lb.data : "");
      }
      rf_buf_free(&lb);
    }
    /* summary: nodes removed until the LCC is at most half its size, and
     * the robustness R = mean LCC fraction over the curve */
    const rf_disrupt_curve *c = &curves[k];
    long half = -1;
    double area = 0;
    for (size_t s = 0; s < c->nsteps; s++) {
      if (half < 0 && c->steps[s].lcc_fraction <= 0.5) half = c->steps[s].removed;
      area += c->steps[s].lcc_fraction;
    }
    if (!quiet && strcmp(path, "-"))
      printf("%-12s %zu steps, LCC <= 50%% after %s%ld removals, mean LCC fraction %.3f, "
             "%.2fs -> %s\n",
             sname, c->nsteps, half < 0 ? "more than " : "",
             half < 0 ? (long)(c->nsteps ? c->steps[c->nsteps - 1].removed : 0) : half,
             c->nsteps ? area / c->nsteps : 0, rf_now() - t1, path);
    xs[k] = malloc((c->nsteps + 1) * sizeof(double));
    ys[k] = malloc((c->nsteps + 1) * sizeof(double));
    if (!xs[k] || !ys[k]) {
      rf_error_set(&err, RF_ENOMEM, "out of memory");
      rc = rf_cli_fail(&err);
      goto done;
    }
    for (size_t s = 0; s < c->nsteps; s++) {
      xs[k][s] = c->steps[s].removed;
      ys[k][s] = c->steps[s].lcc_fraction;
    }
    series[k] = (rf_plot_series){sname, xs[k], ys[k], c->nsteps};
  }
  if (svg) {
    char title[512];
    const char *base = strrchr(input, '/');
    snprintf(title, sizeof title, "Disruption of %s (%s%s)", base ? base + 1 : input,
             o.block ? "block" : "sequential", weighted ? ", weighted" : "");
    rf_plot_opts po = {0};
    po.title = title;
    po.xlabel = "nodes removed";
    po.ylabel = "largest component / initial largest component";
    po.fix_y = 1;
    po.ymin = 0;
    po.ymax = 1;
    po.markers = o.block;
    if (rf_plot_svg(svg, &po, series, nstrat, &err) != RF_OK) {
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
