/* Shared helpers of the command-line front end. */
#include "cli/cli.h"

#include <stdio.h>

int rf_cli_fail(const rf_error *err) {
  fprintf(stderr, "redflag: %s\n",
          err && err->msg[0] ? err->msg : rf_status_str(err ? err->code : RF_EINVAL));
  return 1;
}
