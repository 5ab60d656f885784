/* Shared helpers of the command-line front end. */
#include "cli/cli.h"

#include <stdio.h>

int rf_cli_fail(const rf_error *err) {
  fprintf(stderr, "redflag: %s\n",
          err && err->msg[0] ? err->msg : rf_status_str(err ? err->code : RF_EINVAL));
  return 1;
}

void rf_cli_on_reject(void *ctx, const rf_error *e) {
  unsigned *n = ctx;
  if ((*n)++ < 20)
    fprintf(stderr, "redflag: %s\n", e->msg);
  else if (*n == 21)
    fprintf(stderr, "redflag: (further rejected rows are counted, not shown)\n");
}
