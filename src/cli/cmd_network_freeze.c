/* redflag network freeze-plan: minimum freeze set (vertex cut), budget-k
 * plan, re-routing after freezing, and strategy comparison curves. */
#include "cli/cli.h"
#include "redflag/network.h"
#include "redflag/network_flow.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void rf_i_usage(FILE *fp) {
  fprintf(fp,
          "usage: redflag network freeze-plan --input FILE (--sources FILE | --source-list A,B)\n"
          "         (--sinks FILE | --sink-list C,D) [options]\n\n"
          "Finds the cheapest set of accounts whose freezing cuts every payment path from the\n"
          "sources (placement accounts) to the sinks (beneficiaries), and simulates re-routing:\n"
          "money that still reaches the sinks (max-flow, capacities = observed amounts),\n"
          "alternative routes (edge-/account-disjoint paths) and fragmentation.\n\n"
          "options:\n"
          "  --input-format F   edgelist|matrix|amlworld|amlsim|redflag|rda (default: detect)\n"
          "  --budget K         also pick the K accounts whose freezing cuts the most flow\n"
          "  --costs FILE       account,cost (default cost 1; 'inf' = never freeze)\n"
          "  --allow-endpoints  sources and sinks may be frozen too\n"
          "  --compare          compare strategies: degree, betweenness, mincut, greedy, random\n"
          "  --steps N          accounts removed per strategy (default 20)\n"
          "  --trials N         random strategy: runs averaged (default 10)\n"
          "  --seed N           random strategy seed (default 42)\n"
          "  --candidates N     greedy: accounts tried per step (default 64 plan, 16 compare)\n"
          "  --betweenness-samples N  kingpin ranking: Brandes sources (default: exact up\n"
          "                     to n*m = 2e8, else 256 sampled; -1 = always exact)\n"
          "  --unweighted       edge lists: every edge weight 1\n"
          "  --out PLAN.json    the plan as JSON ('-' = stdout)\n"
          "  --curve CURVE.csv  comparison curves (implies --compare)\n"
          "  --svg PLOT.svg     residual flow fraction vs accounts frozen (implies --compare)\n"
          "  --quiet            no summary\n");
}

static rf_status rf_i_set(const rf_graph *g, const char *file, const char *list, const char *name,
                          rf_nodeset *s, rf_error *err) {
  rf_status st = file ? rf_network_nodeset_read(g, file, s, err)
                      : rf_network_nodeset_parse(g, list, name, s, err);
  if (s->report.len) fputs(s->report.data, stderr);
  return st;
}

static void rf_i_print_reroute(FILE *fp, const char *name, const rf_reroute *r) {
  fprintf(fp,
          "  %-14s flow %.2f (%.1f%%), %llu edge-disjoint / %llu account-disjoint routes, "
          "%u components, LCC %.1f%%\n",
          name, r->flow, 100 * r->fraction, (unsigned long long)r->edge_paths,
          (unsigned long long)r->vertex_paths, r->frag.components, 100 * r->frag.lcc_fraction);
}

static void rf_i_print_ids(FILE *fp, const rf_graph *g, const uint32_t *ids, size_t n,
                           const double *thr) {
  for (size_t i = 0; i < n && i < 15; i++) {
    const char *lab = rf_graph_label(g, ids[i]);
    fprintf(fp, "    %-24s throughput %.2f\n", lab ? lab : "?", thr[ids[i]]);
  }
  if (n > 15) fprintf(fp, "    ... %zu more (see --out)\n", n - 15);
}

/* --svg: residual flow against accounts frozen, one series per strategy */
static rf_status rf_i_freeze_plot(const char *svg, const rf_freeze_curve *cv, rf_error *err) {
  rf_plot_series ser[RF_FREEZE_COUNT];
  double *xs = malloc(((size_t)cv[0].steps + 1) * sizeof *xs);
  if (!xs) return rf_error_set(err, RF_ENOMEM, "out of memory");
  for (uint32_t i = 0; i <= cv[0].steps; i++) xs[i] = i;
  for (int s = 0; s < RF_FREEZE_COUNT; s++)
    ser[s] = (rf_plot_series){rf_freeze_strategy_str((rf_freeze_strategy)s), xs, cv[s].fraction,
                              (size_t)cv[s].steps + 1};
  rf_plot_opts po = {.title = "Money still reaching the sinks after freezing",
                     .xlabel = "accounts frozen",
                     .ylabel = "residual flow fraction",
                     .fix_y = 1,
                     .ymin = 0,
                     .ymax = 1,
                     .markers = 1};
  rf_status st = rf_plot_svg(svg, &po, ser, RF_FREEZE_COUNT, err);
  free(xs);
  return st;
}

/* the plan: max flow, min cut, the budgeted set and the re-routing */
static void rf_i_freeze_print(FILE *fp, const rf_graph *g, const rf_freeze_plan *p, uint32_t budget,
                              double t_plan) {
  fprintf(fp, "max flow:  %.2f from sources to sinks (%.3f s for the plan)\n", p->max_flow, t_plan);
  if (p->cut_finite)
    fprintf(fp, "min cut:   %zu accounts, cost %g, cut every path:\n", p->ncut, p->cut_cost);
  else
    fprintf(fp,
            "min cut:   partial - %llu payment links join sources to sinks with no account "
            "that may be frozen between them (direct payments; see --allow-endpoints);\n"
            "           %zu accounts, cost %g, cut every other path:\n",
            (unsigned long long)p->unavoidable, p->ncut, p->cut_cost);
  rf_i_print_ids(fp, g, p->cut, p->ncut, p->throughput);
  if (budget) {
    fprintf(fp, "budget %u:  %zu accounts (%s, %llu max-flow runs):\n", budget, p->nbudget,
            p->budget_exact ? "optimal" : "greedy", (unsigned long long)p->budget_flows);
    rf_i_print_ids(fp, g, p->budget_set, p->nbudget, p->throughput);
  }
  fprintf(fp, "re-routing:\n");
  rf_i_print_reroute(fp, "before", &p->before);
  rf_i_print_reroute(fp, "after min cut", &p->after_cut);
  if (budget) rf_i_print_reroute(fp, "after budget", &p->after_budget);
}

/* --compare: residual flow fraction after k accounts frozen, per strategy */
static void rf_i_freeze_print_compare(FILE *fp, const rf_freeze_curve *cv, double t_cmp) {
  uint32_t n = cv[0].steps;
  fprintf(fp, "strategies (residual flow fraction after k accounts frozen, %.3f s):\n", t_cmp);
  fprintf(fp, "  %-12s", "k");
  static const uint32_t ks[] = {1, 2, 5, 10, 20, 50, 100};
  for (size_t j = 0; j < sizeof ks / sizeof ks[0]; j++)
    if (ks[j] <= n) fprintf(fp, " %7u", ks[j]);
  fprintf(fp, "\n");
  for (int s = 0; s < RF_FREEZE_COUNT; s++) {
    fprintf(fp, "  %-12s", rf_freeze_strategy_str((rf_freeze_strategy)s));
    for (size_t j = 0; j < sizeof ks / sizeof ks[0]; j++)
      if (ks[j] <= n) fprintf(fp, " %7.3f", cv[s].fraction[ks[j]]);
    fprintf(fp, "\n");
  }
}

int rf_cmd_network_freeze(int argc, char **argv) {
  const char *input = NULL, *fmt = NULL, *sources = NULL, *sinks = NULL, *slist = NULL,
             *tlist = NULL, *costs = NULL, *out = NULL, *curve = NULL, *svg = NULL;
  rf_freeze_opts fo = {0};
  rf_compare_opts co = {0};
  int compare = 0, weighted = 1, quiet = 0;
  uint32_t seed = 0, candidates = 0;
  const rf_opt opts[] = {RF_CLI_INPUT_OPTS(&input, &fmt),
                         RF_CLI_STR("--sources", &sources),
                         RF_CLI_STR("--sinks", &sinks),
                         RF_CLI_STR("--source-list", &slist),
                         RF_CLI_STR("--sink-list", &tlist),
                         RF_CLI_STR("--costs", &costs),
                         RF_CLI_STR("--out", &out),
                         RF_CLI_STR("--curve", &curve),
                         RF_CLI_STR("--svg", &svg),
                         RF_CLI_NUM("--budget", RF_OPT_U32, &fo.budget, "a count", 0, 0),
                         RF_CLI_NUM("--steps", RF_OPT_U32, &co.steps, "a count", 0, 0),
                         RF_CLI_NUM("--trials", RF_OPT_U32, &co.random_trials, "a count", 0, 0),
                         RF_CLI_NUM("--seed", RF_OPT_U32, &seed, "a count", 0, 0),
                         RF_CLI_NUM("--candidates", RF_OPT_U32, &candidates, "a count", 0, 0),
                         RF_CLI_NUM("--betweenness-samples", RF_OPT_I64, &co.betweenness_samples,
                                    "a count or -1", -1, 9.2e18),
                         RF_CLI_FLAG("--allow-endpoints", &fo.allow_endpoints),
                         RF_CLI_FLAG("--compare", &compare),
                         RF_CLI_UNSET("--unweighted", &weighted),
                         RF_CLI_FLAG("--quiet", &quiet),
                         {.name = NULL}};
  int rc = rf_cli_parse("network freeze-plan", argc, argv, opts, rf_i_usage);
  if (rc) return rc < 0 ? 0 : rc;
  if (curve || svg) compare = 1;
  co.seed = seed;
  fo.max_candidates = co.max_candidates = candidates;
  co.allow_endpoints = fo.allow_endpoints;
  if (!input || !sources == !slist || !sinks == !tlist)
    return rf_cli_needs("network freeze-plan",
                        "--input, one of --sources/--source-list and one of --sinks/--sink-list",
                        rf_i_usage);
  rf_error err;
  rf_error_clear(&err);
  rf_graph *g = NULL;
  unsigned rej = 0;
  if (rf_network_graph_load(&g, input, fmt, 1, weighted, rf_cli_on_reject, &rej, NULL, &err) !=
      RF_OK)
    return rf_cli_fail(&err);
  rf_nodeset S, T;
  double *cost = NULL;
  rf_freeze_plan p;
  rf_freeze_curve cv[RF_FREEZE_COUNT];
  memset(&p, 0, sizeof p);
  memset(cv, 0, sizeof cv);
  memset(&T, 0, sizeof T);
  rf_status st = rf_i_set(g, sources, slist, "--source-list", &S, &err);
  if (st == RF_OK) st = rf_i_set(g, sinks, tlist, "--sink-list", &T, &err);
  if (st == RF_OK && costs) {
    rf_buf rep;
    rf_buf_init(&rep);
    st = rf_network_costs_read(g, costs, &cost, &rep, &err);
    if (rep.len) fputs(rep.data, stderr);
    rf_buf_free(&rep);
  }
  fo.cost = co.cost = cost;
  double t0 = rf_now(), t_plan = 0, t_cmp = 0;
  if (st == RF_OK) st = rf_network_freeze_plan(g, S.ids, S.n, T.ids, T.n, &fo, &p, &err);
  t_plan = rf_now() - t0;
  if (st == RF_OK && out) st = rf_network_freeze_plan_write(g, &p, out, &err);
  if (st == RF_OK && compare) {
    t0 = rf_now();
    st = rf_network_freeze_compare(g, S.ids, S.n, T.ids, T.n, &co, cv, &err);
    t_cmp = rf_now() - t0;
  }
  if (st == RF_OK && curve)
    st = rf_network_freeze_curves_write(g, cv, RF_FREEZE_COUNT, curve, &err);
  if (st == RF_OK && svg) st = rf_i_freeze_plot(svg, cv, &err);
  if (st == RF_OK && !quiet) {
    FILE *fp = out && !strcmp(out, "-") ? stderr : stdout;
    fprintf(fp, "graph:     %u accounts, %llu arcs; %zu sources, %zu sinks\n", g->n,
            (unsigned long long)g->m, S.n, T.n);
    rf_i_freeze_print(fp, g, &p, fo.budget, t_plan);
    if (compare) rf_i_freeze_print_compare(fp, cv, t_cmp);
    const char *wrote[] = {out, curve, svg};
    for (size_t k = 0; k < sizeof wrote / sizeof *wrote; k++)
      if (wrote[k] && strcmp(wrote[k], "-")) fprintf(fp, "wrote:     %s\n", wrote[k]);
  }
  for (int s = 0; s < RF_FREEZE_COUNT; s++) rf_network_freeze_curve_free(&cv[s]);
  rf_network_freeze_plan_free(&p);
  free(cost);
  rf_network_nodeset_free(&S);
  rf_network_nodeset_free(&T);
  rf_graph_free(g);
  return st == RF_OK ? 0 : rf_cli_fail(&err);
}
