/* redflag command-line tool: dispatches to one function per subcommand.
 * Front ends hold no logic a library user would need: each command parses
 * its arguments, calls the library and prints. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

static const rf_cli_cmd rf_i_cmds[] = {
    {"screen", rf_cmd_screen, "screen names against the sanctions lists"},
    {"match", rf_cmd_match, "score one name pair or a CSV of pairs"},
    {"lists", rf_cmd_lists, "download (update) or describe (info) the sanctions lists"},
    {"monitor", rf_cmd_monitor, "stream transactions through the laundering detectors"},
    {"alerts", rf_cmd_alerts, "list the runs and alerts a monitor stored (--db)"},
    {"gen", rf_cmd_gen, "generate labelled synthetic transactions (AMLworld format)"},
    {"network", rf_cmd_network, "money-network analysis and disruption planning"},
    {"demo", rf_cmd_demo, "run the whole pipeline on demo data and write a report"},
};

static void rf_i_usage(FILE *fp) {
  fprintf(fp,
          "redflag %s - counter-cartel financial intelligence\n\nusage: redflag <command> "
          "[options]\n\ncommands:\n",
          RF_VERSION);
  for (size_t i = 0; i < sizeof rf_i_cmds / sizeof rf_i_cmds[0]; i++)
    fprintf(fp, "  %-9s %s\n", rf_i_cmds[i].name, rf_i_cmds[i].help);
  fprintf(fp, "\nrun 'redflag <command> --help' for a command's options\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    rf_i_usage(stderr);
    return 2;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
    rf_i_usage(stdout);
    return 0;
  }
  if (!strcmp(argv[1], "--version")) {
    printf("redflag %s\n", RF_VERSION);
    return 0;
  }
  for (size_t i = 0; i < sizeof rf_i_cmds / sizeof rf_i_cmds[0]; i++)
    if (!strcmp(argv[1], rf_i_cmds[i].name)) return rf_i_cmds[i].fn(argc - 1, argv + 1);
  fprintf(stderr, "redflag: unknown command '%s'\n\n", argv[1]);
  rf_i_usage(stderr);
  return 2;
}
