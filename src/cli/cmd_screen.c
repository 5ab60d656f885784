/* redflag screen: screen one name or a CSV batch against the sanctions lists. */
#include "cli/cli.h"
#include "redflag/lists.h"
#include "redflag/screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef RF_SOURCE_DIR
#define RF_SOURCE_DIR NULL
#endif

int rf_cli_screen_load(const char **dirs, size_t ndirs, int quiet_missing, rf_lists **lo,
                       rf_screener **so, rf_error *err) {
  *lo = NULL;
  *so = NULL;
  char *defs[8] = {0};
  size_t ndefs = 0;
  if (!ndirs) {
    ndefs = rf_lists_default_dirs(RF_SOURCE_DIR, defs, 8);
    if (!ndefs) {
      if (quiet_missing) return 0; /* no lists: the caller goes without */
      return rf_error_set(err, RF_ENOTFOUND,
                          "no sanctions lists found: give --lists DIR, set $REDFLAG_LISTS_DIR or "
                          "run 'redflag lists update'"),
             -1;
    }
    dirs = (const char **)defs;
    ndirs = ndefs;
  }
  rf_lists *l = NULL;
  rf_status st = rf_lists_new(&l);
  for (size_t i = 0; !st && i < ndirs; i++) st = rf_lists_load_dir(l, dirs[i], err);
  for (size_t i = 0; i < ndefs; i++) free(defs[i]);
  if (st) {
    if (st == RF_ENOMEM && !err->msg[0]) rf_error_set(err, st, "out of memory");
    rf_lists_free(l);
    return -1;
  }
  rf_screener *s = NULL;
  st = rf_screener_new(&s, l, err);
  if (st) {
    rf_lists_free(l);
    return -1;
  }
  *lo = l;
  *so = s;
  return 0;
}

static void rf_i_screen_usage(FILE *fp) {
  fprintf(fp,
          "usage: redflag screen [--lists DIR]... [--threshold T] [--limit N]\n"
          "                      [--type person|organization|vessel|aircraft] [--dob DATE]\n"
          "                      [--country CC] [--id NUMBER] [--program P]\n"
          "                      [--format table|json] NAME\n"
          "       redflag screen [--lists DIR]... --batch FILE.csv [--out FILE] [--threads N]\n"
          "                      [--threshold T] [--limit N] [--program P]\n"
          "\n"
          "Screens a name (or every row of a CSV with a `name` column and optional\n"
          "id,type,dob,country,id_number columns) against the OFAC lists. Without\n"
          "--lists: $REDFLAG_LISTS_DIR (colon-separated), the lists installed by\n"
          "'redflag lists update', else the shared SDN + consolidated sets.\n"
          "Default threshold %.2f. DATE: 1966, 1966-07, 1966-07-17 or 17 Jul 1966;\n"
          "CC: ISO alpha-2 code or country name; NUMBER: any punctuation.\n"
          "Batch output is JSON Lines, one object per input row in input order; the\n"
          "exit status is 1 when any row was rejected (reported on stderr).\n",
          RF_SCREEN_DEFAULT_THRESHOLD);
}

static void rf_i_print_versions(FILE *fp, const rf_lists *l) {
  for (size_t i = 0; i < rf_lists_nversions(l); i++) {
    const rf_list_version *v = rf_lists_version(l, i);
    fprintf(fp, "list %s: %s (sha256 %.16s, %zu entities, %zu names)\n", v->list,
            v->dir ? v->dir : "?", v->sha256 ? v->sha256 : "?", v->entities, v->names);
  }
}

static int rf_i_print_result(const rf_screen_query *q, const rf_screen_result *r, int json,
                             const rf_lists *l) {
  rf_buf b;
  rf_buf_init(&b);
  if (json) {
    rf_buf_puts(&b, "{\"query\":");
    rf_buf_json_str(&b, q->name);
    rf_buf_puts(&b, ",\"lists\":[");
    for (size_t i = 0; i < rf_lists_nversions(l); i++) {
      const rf_list_version *v = rf_lists_version(l, i);
      if (i) rf_buf_putc(&b, ',');
      rf_buf_puts(&b, "{\"list\":");
      rf_buf_json_str(&b, v->list);
      rf_buf_puts(&b, ",\"sha256\":");
      rf_buf_json_str(&b, v->sha256 ? v->sha256 : "");
      rf_buf_printf(&b, ",\"entities\":%zu}", v->entities);
    }
    rf_buf_puts(&b, "],\"matches\":[");
    for (size_t i = 0; i < r->n; i++) {
      if (i) rf_buf_putc(&b, ',');
      rf_screen_match_json(&b, &r->m[i]);
    }
    rf_buf_puts(&b, "]}\n");
  } else {
    rf_buf_printf(&b, "query: %s\n", q->name);
    if (!r->n) rf_buf_puts(&b, "no match at or above the threshold\n");
    for (size_t i = 0; i < r->n; i++) {
      const rf_screen_match *m = &r->m[i];
      const rf_entity *e = m->entity;
      rf_buf_printf(&b, "\n%zu. %.2f  %s %s  %s  [%s]", i + 1, m->score, e->list, e->uid, e->name,
                    rf_entity_type_str(e->type));
      for (size_t k = 0; k < e->nprograms; k++)
        rf_buf_printf(&b, "%s%s", k ? " " : "  ", e->programs[k]);
      rf_buf_putc(&b, '\n');
      if (m->matched_name && strcmp(m->matched_name, e->name))
        rf_buf_printf(&b, "   matched alias: %s\n", m->matched_name);
      if (m->version)
        rf_buf_printf(&b, "   list version: %s sha256 %.16s\n", m->version->list,
                      m->version->sha256 ? m->version->sha256 : "?");
      rf_screen_explain_text(&b, &m->explain);
    }
  }
  fwrite(b.data, 1, b.len, stdout);
  rf_buf_free(&b);
  return 0;
}

int rf_cmd_screen(int argc, char **argv) {
  const char *dirs[16];
  size_t ndirs = 0;
  rf_screen_query q = {0};
  rf_screen_opts o = {0};
  const char *batch = NULL, *outp = NULL, *fmt = "table";
  int threads = 0;
  const char *name = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define RF_I_NEEDV()                                                                               \
  do {                                                                                             \
    if (!v) {                                                                                      \
      fprintf(stderr, "redflag screen: %s needs a value\n", a);                                    \
      return 2;                                                                                    \
    }                                                                                              \
    i++;                                                                                           \
  } while (0)
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      rf_i_screen_usage(stdout);
      return 0;
    } else if (!strcmp(a, "--lists")) {
      RF_I_NEEDV();
      if (ndirs == 16) {
        fprintf(stderr, "redflag screen: too many --lists\n");
        return 2;
      }
      dirs[ndirs++] = v;
    } else if (!strcmp(a, "--threshold")) {
      RF_I_NEEDV();
      if (rf_parse_double(v, &o.threshold) || o.threshold <= 0 || o.threshold > 1) {
        fprintf(stderr, "redflag screen: --threshold must be in (0,1], got '%s'\n", v);
        return 2;
      }
    } else if (!strcmp(a, "--limit")) {
      RF_I_NEEDV();
      int64_t n;
      if (rf_parse_i64(v, &n) || n < 1 || n > 100000) {
        fprintf(stderr, "redflag screen: --limit must be a positive integer, got '%s'\n", v);
        return 2;
      }
      o.limit = (size_t)n;
    } else if (!strcmp(a, "--type")) {
      RF_I_NEEDV();
      q.type = rf_entity_type_parse(v);
      if (q.type == RF_ENT_UNKNOWN) {
        fprintf(stderr,
                "redflag screen: --type must be person, organization, vessel or aircraft\n");
        return 2;
      }
    } else if (!strcmp(a, "--dob")) {
      RF_I_NEEDV();
      q.dob = v;
    } else if (!strcmp(a, "--country")) {
      RF_I_NEEDV();
      q.country = v;
    } else if (!strcmp(a, "--id")) {
      RF_I_NEEDV();
      q.id_number = v;
    } else if (!strcmp(a, "--program")) {
      RF_I_NEEDV();
      o.program = v;
    } else if (!strcmp(a, "--format")) {
      RF_I_NEEDV();
      if (strcmp(v, "table") && strcmp(v, "json")) {
        fprintf(stderr, "redflag screen: --format must be table or json\n");
        return 2;
      }
      fmt = v;
    } else if (!strcmp(a, "--batch")) {
      RF_I_NEEDV();
      batch = v;
    } else if (!strcmp(a, "--out")) {
      RF_I_NEEDV();
      outp = v;
    } else if (!strcmp(a, "--threads")) {
      RF_I_NEEDV();
      int64_t n;
      if (rf_parse_i64(v, &n) || n < 1 || n > 256) {
        fprintf(stderr, "redflag screen: --threads must be 1..256\n");
        return 2;
      }
      threads = (int)n;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "redflag screen: unknown option '%s'\n", a);
      rf_i_screen_usage(stderr);
      return 2;
    } else if (!name) {
      name = a;
    } else {
      fprintf(stderr, "redflag screen: one NAME only (quote names with spaces)\n");
      return 2;
    }
#undef RF_I_NEEDV
  }
  if (!batch && !name) {
    rf_i_screen_usage(stderr);
    return 2;
  }
  if (batch && name) {
    fprintf(stderr, "redflag screen: give either NAME or --batch FILE, not both\n");
    return 2;
  }
  rf_error err = {0};
  rf_lists *l;
  rf_screener *s;
  if (rf_cli_screen_load(dirs, ndirs, 0, &l, &s, &err)) return rf_cli_fail(&err);
  int rc = 0;
  if (batch) {
    FILE *out = stdout;
    if (outp && strcmp(outp, "-")) {
      out = fopen(outp, "w");
      if (!out) {
        rf_error_set(&err, RF_EIO, "%s: cannot open for writing", outp);
        rf_screener_free(s);
        rf_lists_free(l);
        return rf_cli_fail(&err);
      }
    }
    rf_screen_batch_opts bo = {.screen = o, .threads = threads};
    rf_screen_batch_stats st;
    rf_status rs = rf_screen_batch(s, batch, out, &bo, &st, &err);
    if (out != stdout && fclose(out) && !rs)
      rs = rf_error_set(&err, RF_EIO, "%s: write failed", outp);
    if (rs) {
      rc = rf_cli_fail(&err);
    } else {
      rf_i_print_versions(stderr, l);
      fprintf(stderr,
              "screen: %zu rows read = %zu screened + %zu rejected; %zu rows with matches "
              "(%zu matches); %.2f s\n",
              st.rows, st.screened, st.rejected, st.with_hits, st.matches, st.seconds);
      rc = st.rejected ? 1 : 0;
    }
  } else {
    rf_screen_ctx *cx = rf_screen_ctx_new(s);
    const rf_screen_result *r;
    q.name = name;
    if (!cx) {
      rf_error_set(&err, RF_ENOMEM, "out of memory");
      rc = rf_cli_fail(&err);
    } else if (rf_screen_one(cx, &q, &o, &r, &err)) {
      rc = rf_cli_fail(&err);
    } else {
      if (strcmp(fmt, "json")) rf_i_print_versions(stdout, l);
      rf_i_print_result(&q, r, !strcmp(fmt, "json"), l);
    }
    rf_screen_ctx_free(cx);
  }
  rf_screener_free(s);
  rf_lists_free(l);
  return rc;
}
