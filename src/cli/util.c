/* Shared helpers of the command-line front end. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

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

int rf_cli_graph_format(const char *fmt, const char *input, rf_graph_format *out) {
  rf_error err;
  rf_error_clear(&err);
  if (fmt) {
    if (rf_graph_format_parse(fmt, out) == RF_OK) return 0;
    fprintf(
        stderr,
        "redflag: --input-format: '%s' is not edgelist, matrix, amlworld, amlsim, redflag or rda\n",
        fmt);
    return 2;
  }
  return rf_graph_format_sniff(input, out, &err) == RF_OK ? 0 : rf_cli_fail(&err);
}
