/* redflag network <build|exposure|communities|disrupt|freeze-plan>. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

static const rf_cli_cmd rf_i_net_cmds[] = {
    {"build", rf_cmd_network_build, "build the money graph and print its summary / export it"},
    {"exposure", rf_cmd_network_exposure, "hop distance and flow exposure to a seed set"},
    {"communities", rf_cmd_network_communities, "communities and roles"},
    {"disrupt", rf_cmd_network_disrupt, "node-removal strategies and fragmentation curves"},
    {"freeze-plan", rf_cmd_network_freeze,
     "minimum freeze set (vertex cut) and re-routing simulation"},
};

int rf_cmd_network(int argc, char **argv) {
  size_t n = sizeof rf_i_net_cmds / sizeof rf_i_net_cmds[0];
  if (argc >= 2) {
    for (size_t i = 0; i < n; i++)
      if (!strcmp(argv[1], rf_i_net_cmds[i].name)) return rf_i_net_cmds[i].fn(argc - 1, argv + 1);
  }
  FILE *fp = argc >= 2 && strcmp(argv[1], "--help") ? stderr : stdout;
  fprintf(fp, "usage: redflag network <subcommand> [options]\n\n");
  for (size_t i = 0; i < n; i++)
    fprintf(fp, "  %-12s %s\n", rf_i_net_cmds[i].name, rf_i_net_cmds[i].help);
  return fp == stdout ? 0 : 2;
}
