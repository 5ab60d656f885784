/* redflag network communities: Louvain / Leiden communities and money
 * roles (collector, distributor, intermediary, bridge) per account. */
#include "cli/cli.h"
#include "redflag/network_flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void rf_i_usage(FILE *fp) {
  fprintf(fp, "usage: redflag network communities --input FILE [options]\n\n"
              "Communities on the undirected amount-weighted projection and a role per account:\n"
              "collector (in >= 2 x out), distributor (out >= 2 x in), intermediary\n"
              "(min/max(in,out) >= 0.8), bridge (top 5%% betweenness with ties to another\n"
              "community), mixed, isolated. Members are ranked by volume (in + out).\n\n"
              "options:\n"
              "  --input-format F   edgelist|matrix|amlworld|amlsim|redflag|rda (default: detect)\n"
              "  --method M         louvain (default) or leiden\n"
              "  --resolution R     modularity resolution (default 1)\n"
              "  --seed N           random seed (default 0)\n"
              "  --top N            members listed per community in the output (default all)\n"
              "  --betweenness-samples N  Brandes sources (default: exact up to n*m = 2e8,\n"
              "                     else 256 sampled; -1 = always exact)\n"
              "  --unweighted       edge lists: every edge weight 1\n"
              "  --undirected       edge lists: read edges as undirected\n"
              "  --out FILE         .json or .csv (default: summary only)\n"
              "  --quiet            no summary\n");
}

int rf_cmd_network_communities(int argc, char **argv) {
  const char *input = NULL, *fmt = NULL, *out = NULL;
  rf_communities_opts co = {0};
  int weighted = 1, directed = 1, quiet = 0;
  uint32_t top = 0;
  int64_t seed = 0;
  static const char *const methods[] = {"louvain", "leiden", NULL};
  const rf_opt opts[] = {
      RF_CLI_INPUT_OPTS(&input, &fmt),
      RF_CLI_STR("--out", &out),
      RF_CLI_ENUM("--method", &co.method, "louvain or leiden", methods),
      RF_CLI_POS("--resolution", &co.resolution, "a positive number", 1e300),
      RF_CLI_NUM("--seed", RF_OPT_I64, &seed, "a non-negative integer", 0, 9.2e18),
      RF_CLI_NUM("--top", RF_OPT_U32, &top, "a count", 0, 0),
      RF_CLI_NUM("--betweenness-samples", RF_OPT_I64, &co.betweenness_samples, "a count or -1", -1,
                 9.2e18),
      RF_CLI_UNSET("--unweighted", &weighted),
      RF_CLI_UNSET("--undirected", &directed),
      RF_CLI_FLAG("--quiet", &quiet),
      {.name = NULL}};
  int rc = rf_cli_parse("network communities", argc, argv, opts, rf_i_usage);
  if (rc) return rc < 0 ? 0 : rc;
  co.seed = (uint64_t)seed;
  if (!input) return rf_cli_needs("network communities", "--input FILE", rf_i_usage);
  rf_error err;
  rf_error_clear(&err);
  rf_graph *g = NULL;
  unsigned rej = 0;
  if (rf_network_graph_load(&g, input, fmt, directed, weighted, rf_cli_on_reject, &rej, NULL,
                            &err) != RF_OK)
    return rf_cli_fail(&err);
  rf_communities c;
  double t0 = rf_now();
  rf_status st = rf_network_communities_compute(g, &co, &c, &err);
  double dt = rf_now() - t0;
  if (st != RF_OK) {
    rf_graph_free(g);
    return rf_cli_fail(&err);
  }
  if (out) {
    size_t len = strlen(out);
    int json = len >= 5 && !strcmp(out + len - 5, ".json");
    st = rf_network_communities_write(g, &c, out, json, top, &err);
  }
  if (st == RF_OK && !quiet) {
    FILE *fp = out && !strcmp(out, "-") ? stderr : stdout;
    uint64_t rc[RF_ROLE_COUNT] = {0};
    for (uint32_t v = 0; v < c.n; v++) rc[c.role[v]]++;
    fprintf(fp, "graph:       %u accounts, %llu arcs\n", g->n, (unsigned long long)g->m);
    fprintf(fp, "communities: %u (%s), modularity %.4f, %.3f s; betweenness %s\n", c.ncomm,
            co.method == RF_COMM_LEIDEN ? "leiden" : "louvain", c.modularity, dt,
            c.betweenness_exact ? "exact" : "estimated from sampled sources");
    fprintf(fp, "roles:      ");
    for (int r = 1; r < RF_ROLE_COUNT; r++)
      fprintf(fp, " %s %llu", rf_role_str((rf_role)r), (unsigned long long)rc[r]);
    fprintf(fp, " isolated %llu\n", (unsigned long long)rc[RF_ROLE_ISOLATED]);
    for (uint32_t k = 0; k < c.ncomm && k < 5; k++) {
      uint32_t lo = c.comm_off[k], hi = c.comm_off[k + 1];
      if (hi - lo < 2) break;
      fprintf(fp, "  #%u (%u accounts):", k, hi - lo);
      for (uint32_t i = lo; i < hi && i < lo + 4; i++) {
        uint32_t v = c.comm_members[i];
        const char *lab = rf_graph_label(g, v);
        fprintf(fp, " %s[%s]", lab ? lab : "?", rf_role_str((rf_role)c.role[v]));
      }
      fprintf(fp, "%s\n", hi - lo > 4 ? " ..." : "");
    }
    if (out && strcmp(out, "-")) fprintf(fp, "wrote:       %s\n", out);
  }
  rf_network_communities_free(&c);
  rf_graph_free(g);
  return st == RF_OK ? 0 : rf_cli_fail(&err);
}
