/* Internal header of the command-line front end. */
#ifndef RF_CLI_H
#define RF_CLI_H

#include "redflag/core.h"
#include "redflag/graph.h"
#include "redflag/lists.h"
#include "redflag/screen.h"

#include <stdio.h>

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
int rf_cmd_alerts(int argc, char **argv);
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

/* Table-driven options (opts.c): a command lists its options once, ending
 * with {NULL}; rf_cli_parse walks argv[1..argc), checks every value and
 * prints one message naming the command, option and value when something is
 * wrong. */
typedef enum rf_opt_kind {
  RF_OPT_FLAG,  /* *(int *)dst = 1, no value */
  RF_OPT_UNSET, /* *(int *)dst = 0, no value (--unweighted, ...) */
  RF_OPT_STR,   /* *(const char **)dst = value */
  RF_OPT_I64,   /* *(int64_t *)dst */
  RF_OPT_U32,   /* *(uint32_t *)dst */
  RF_OPT_DBL,   /* *(double *)dst, finite */
  RF_OPT_ENUM,  /* *(int *)dst = index of the value in names (NULL-terminated) */
  RF_OPT_FN,    /* fn(dst, value) returns 0, or non-zero when the value is bad */
  RF_OPT_ARG    /* operands (arguments not starting with '-'): appended to the rf_cli_strs
                   at dst, at most .hi of them; .what explains the limit */
} rf_opt_kind;

typedef struct rf_opt {
  const char *name; /* "--max-hops" */
  rf_opt_kind kind;
  void *dst;
  const char *what; /* "a hop count": "--max-hops: 'x' is not a hop count" */
  double lo, hi;    /* numbers: lo <= x <= hi (lo < x with open_lo); 0, 0 = any */
  int open_lo;
  const char *const *names;           /* RF_OPT_ENUM */
  int (*fn)(void *dst, const char *); /* RF_OPT_FN */
  int *seen;                          /* optional: set to 1 when the option is given */
} rf_opt;

/* Returns 0 to go on, -1 after printing usage to stdout for -h/--help (the
 * command then exits 0), or 2 after printing a usage error to stderr. */
int rf_cli_parse(const char *cmd, int argc, char **argv, const rf_opt *opts, void (*usage)(FILE *));

/* Repeatable string option (--lists DIR ...): use with RF_OPT_FN and
 * rf_cli_strs_add; at most RF_CLI_STRS_MAX values. */
#define RF_CLI_STRS_MAX 64
typedef struct rf_cli_strs {
  const char *v[RF_CLI_STRS_MAX];
  size_t n;
} rf_cli_strs;
int rf_cli_strs_add(void *dst, const char *value);

/* "sum", "max", "first", "last" in rf_graph_merge order (RF_OPT_ENUM) */
extern const char *const rf_cli_merge_names[];

/* A required option is missing: prints "redflag: <cmd> needs <what>", a
 * blank line and the usage to stderr; returns 2. */
int rf_cli_needs(const char *cmd, const char *what, void (*usage)(FILE *));

/* Short forms of the common entries */
#define RF_CLI_STR(n, d)                                                                           \
  { .name = (n), .kind = RF_OPT_STR, .dst = (d) }
#define RF_CLI_FLAG(n, d)                                                                          \
  { .name = (n), .kind = RF_OPT_FLAG, .dst = (d) }
#define RF_CLI_UNSET(n, d)                                                                         \
  { .name = (n), .kind = RF_OPT_UNSET, .dst = (d) }
#define RF_CLI_NUM(n, k, d, w, l, h)                                                               \
  { .name = (n), .kind = (k), .dst = (d), .what = (w), .lo = (l), .hi = (h) }
/* a double in (0, h] */
#define RF_CLI_POS(n, d, w, h)                                                                     \
  { .name = (n), .kind = RF_OPT_DBL, .dst = (d), .what = (w), .lo = 0, .hi = (h), .open_lo = 1 }
#define RF_CLI_ENUM(n, d, w, nm)                                                                   \
  { .name = (n), .kind = RF_OPT_ENUM, .dst = (d), .what = (w), .names = (nm) }

/* operands: at most max of them into the rf_cli_strs at d */
#define RF_CLI_ARGS(n, d, max, w)                                                                  \
  { .name = (n), .kind = RF_OPT_ARG, .dst = (d), .what = (w), .hi = (max) }
/* --lists DIR, repeatable, into the rf_cli_strs at d */
#define RF_CLI_LISTS(d)                                                                            \
  {                                                                                                \
    .name = "--lists", .kind = RF_OPT_FN, .dst = (d), .what = "accepted (at most 64 --lists)",     \
    .fn = rf_cli_strs_add                                                                          \
  }

/* --input FILE and --input-format F of the network commands */
#define RF_CLI_INPUT_OPTS(input, fmt)                                                              \
  {.name = "--input", .kind = RF_OPT_STR, .dst = (input)}, {                                       \
    .name = "--input-format", .kind = RF_OPT_STR, .dst = (fmt)                                     \
  }

/* Prints "redflag: <msg>" to stderr and returns 1. */
int rf_cli_fail(const rf_error *err);

#endif
