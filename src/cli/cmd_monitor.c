/* redflag monitor: not implemented yet. */
#include "cli/cli.h"

#include <stdio.h>

int rf_cmd_monitor(int argc, char **argv) {
  (void)argc;
  fprintf(stderr, "redflag: '%s' is not implemented yet\n", argv[0]);
  return 2;
}
