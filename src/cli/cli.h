/* Internal header of the command-line front end. */
#ifndef RF_CLI_H
#define RF_CLI_H

#include "redflag/core.h"
#include "redflag/graph.h"
#include "redflag/lists.h"
#include "redflag/screen.h"

typedef int (*rf_cli_fn)(int argc, char **argv);
typedef struct rf_cli_cmd {
  const char *name;
  rf_cli_fn fn;
  const char *help;
} rf_cli_cmd;

/* Each subcommand lives in its own file src/cli/cmd_<name>.c.
 * argv[0] is the subcommand name. Returns the process exit code:
 * 0 success, 1 runtime/input error, 2 usage error. */
int rf_cmd_screen(int argc, char **argv);
int rf_cmd_match(int argc, char **argv);
int rf_cmd_lists(int argc, char **argv);
int rf_cmd_monitor(int argc, char **argv);
int rf_cmd_gen(int argc, char **argv);
int rf_cmd_network(int argc, char **argv);
int rf_cmd_demo(int argc, char **argv);

/* network subcommands (src/cli/cmd_network_*.c) */
int rf_cmd_network_build(int argc, char **argv);
int rf_cmd_network_exposure(int argc, char **argv);
int rf_cmd_network_communities(int argc, char **argv);
int rf_cmd_network_disrupt(int argc, char **argv);
int rf_cmd_network_freeze(int argc, char **argv);

/* Loads the lists named by dirs (or the lists module's defaults, see
 * rf_lists_default_dirs) and builds a screener (cmd_screen.c; used by
 * screen, match and monitor). With quiet_missing, finding no default lists
 * is not an error (*lo and *so stay NULL). Returns 0 or -1 with err set. */
int rf_cli_screen_load(const char **dirs, size_t ndirs, int quiet_missing, rf_lists **lo,
                       rf_screener **so, rf_error *err);

/* Row-rejection callback for readers: prints the first 20 messages to
 * stderr, then one line saying the rest are counted. ctx points to an
 * unsigned counter that starts at 0. */
void rf_cli_on_reject(void *ctx, const rf_error *e);

/* Resolves --input-format (or sniffs input when fmt is NULL). Returns 0,
 * or the exit code after printing the problem (2 usage, 1 input error). */
int rf_cli_graph_format(const char *fmt, const char *input, rf_graph_format *out);

/* Option parsing: returns 1 after printing "needs a value" when option a is
 * one of valued (NULL-terminated) and no value v follows. */
int rf_cli_missing_value(const char *a, const char *v, const char *const *valued);

/* Consumes --input FILE or --input-format F (the value was checked by
 * rf_cli_missing_value); returns 1 when a was one of them, else 0. */
int rf_cli_input_opt(const char *a, char **argv, int *i, const char **input, const char **fmt);

/* Prints "redflag: <msg>" to stderr and returns 1. */
int rf_cli_fail(const rf_error *err);

#endif
