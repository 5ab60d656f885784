/* Table-driven command-line options (see rf_cli_parse in cli.h). */
#include "cli/cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const rf_opt *rf_i_opt_find(const rf_opt *opts, const char *name) {
  for (const rf_opt *o = opts; o->name; o++)
    if (!strcmp(o->name, name)) return o;
  return NULL;
}

static int rf_i_opt_bad(const char *cmd, const rf_opt *o, const char *v) {
  fprintf(stderr, "redflag: %s: %s: '%s' is not %s\n", cmd, o->name, v,
          o->what ? o->what : "a valid value");
  return 2;
}

static int rf_i_in_range(const rf_opt *o, double x) {
  if (o->lo == 0 && o->hi == 0) return 1; /* no range given */
  return (o->open_lo ? x > o->lo : x >= o->lo) && x <= o->hi;
}

/* stores value v of option o; 0 or 2 after printing the problem */
static int rf_i_opt_set(const char *cmd, const rf_opt *o, const char *v) {
  switch (o->kind) {
  case RF_OPT_STR: *(const char **)o->dst = v; return 0;
  case RF_OPT_I64:
  case RF_OPT_U32: {
    int64_t x;
    if (rf_parse_i64(v, &x) != RF_OK || !rf_i_in_range(o, (double)x))
      return rf_i_opt_bad(cmd, o, v);
    if (o->kind == RF_OPT_I64)
      *(int64_t *)o->dst = x;
    else if (x < 0 || x > UINT32_MAX)
      return rf_i_opt_bad(cmd, o, v);
    else
      *(uint32_t *)o->dst = (uint32_t)x;
    return 0;
  }
  case RF_OPT_DBL: {
    double x;
    if (rf_parse_double(v, &x) != RF_OK || !isfinite(x) || !rf_i_in_range(o, x))
      return rf_i_opt_bad(cmd, o, v);
    *(double *)o->dst = x;
    return 0;
  }
  case RF_OPT_ENUM:
    for (int k = 0; o->names[k]; k++)
      if (!strcmp(v, o->names[k])) {
        *(int *)o->dst = k;
        return 0;
      }
    return rf_i_opt_bad(cmd, o, v);
  case RF_OPT_FN: return o->fn(o->dst, v) ? rf_i_opt_bad(cmd, o, v) : 0;
  case RF_OPT_FLAG:
  case RF_OPT_UNSET:
  case RF_OPT_ARG: break;
  }
  return 0;
}

int rf_cli_parse(const char *cmd, int argc, char **argv, const rf_opt *opts,
                 void (*usage)(FILE *)) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout);
      return -1;
    }
    const rf_opt *o = rf_i_opt_find(opts, a);
    if (!o && (a[0] != '-' || !a[1])) { /* an operand */
      const rf_opt *arg = opts;
      while (arg->name && arg->kind != RF_OPT_ARG) arg++;
      if (arg->name && ((rf_cli_strs *)arg->dst)->n < (size_t)arg->hi &&
          !rf_cli_strs_add(arg->dst, a))
        continue;
      if (arg->name)
        fprintf(stderr, "redflag: %s: unexpected argument '%s' (%s)\n", cmd, a, arg->what);
      else
        fprintf(stderr, "redflag: %s: unexpected argument '%s'\n", cmd, a);
      return 2;
    }
    if (!o || o->kind == RF_OPT_ARG) {
      fprintf(stderr, "redflag: %s: unknown option '%s'\n\n", cmd, a);
      usage(stderr);
      return 2;
    }
    if (o->seen) *o->seen = 1;
    if (o->kind == RF_OPT_FLAG || o->kind == RF_OPT_UNSET) {
      *(int *)o->dst = o->kind == RF_OPT_FLAG;
      continue;
    }
    if (i + 1 >= argc) {
      fprintf(stderr, "redflag: %s: %s needs a value\n", cmd, a);
      return 2;
    }
    int rc = rf_i_opt_set(cmd, o, argv[++i]);
    if (rc) return rc;
  }
  return 0;
}

int rf_cli_strs_add(void *dst, const char *value) {
  rf_cli_strs *s = dst;
  if (s->n == sizeof s->v / sizeof s->v[0]) return -1;
  s->v[s->n++] = value;
  return 0;
}

const char *const rf_cli_merge_names[] = {"sum", "max", "first", "last", NULL};

int rf_cli_needs(const char *cmd, const char *what, void (*usage)(FILE *)) {
  fprintf(stderr, "redflag: %s needs %s\n\n", cmd, what);
  usage(stderr);
  return 2;
}
