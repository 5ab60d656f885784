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
          "                      [--country CC] [--id NUMBER] [--gender male|female]\n"
          "                      [--program P] [--skip-weak] [--cleared FILE]\n"
          "                      [--format table|json] NAME\n"
          "       redflag screen [--lists DIR]... --batch FILE.csv [--out FILE] [--threads N]\n"
          "                      [--threshold T] [--limit N] [--program P] [--skip-weak]\n"
          "                      [--cleared FILE]\n"
          "\n"
          "Screens a name (or every row of a CSV with a `name` column and optional\n"
          "id,type,dob,country,id_number columns) against the OFAC lists. Other\n"
          "exports' names are accepted too: full_name, or first_name + last_name,\n"
          "date_of_birth, nationality, customer_id, ... (docs/screen.md). Fields\n"
          "that are not UTF-8 are read as Windows-1252 (Latin-1). Without\n"
          "--lists: $REDFLAG_LISTS_DIR (colon-separated), the lists installed by\n"
          "'redflag lists update', else the shared SDN + consolidated sets.\n"
          "Default threshold %.2f. DATE: 1966, 1966-07, 1966-07-17 or 17 Jul 1966;\n"
          "CC: ISO alpha-2 code or country name; NUMBER: any punctuation.\n"
          "--skip-weak ignores OFAC's weak aliases (the a.k.a.s of the remarks), which\n"
          "OFAC does not expect to be screened.\n"
          "--cleared FILE: reviewed false hits (CSV with name,uid[,list] columns): the\n"
          "name no longer matches that listed entity, in any word order or case.\n"
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

/* --type person|organization|vessel|aircraft (RF_OPT_FN) */
static int rf_i_type(void *dst, const char *v) {
  rf_entity_type t = rf_entity_type_parse(v);
  if (t == RF_ENT_UNKNOWN) return -1;
  *(rf_entity_type *)dst = t;
  return 0;
}

/* --gender male|female|other (RF_OPT_FN) */
static int rf_i_gender_opt(void *dst, const char *v) {
  if (!rf_screen_gender(v)) return -1;
  *(const char **)dst = v;
  return 0;
}

int rf_cmd_screen(int argc, char **argv) {
  rf_cli_strs dirs = {0};
  rf_screen_query q = {0};
  rf_screen_opts o = {0};
  const char *batch = NULL, *outp = NULL, *fmt = "table", *cleared = NULL;
  rf_cli_strs arg = {0};
  int64_t threads = 0, limit = 0;
  int json = 0;
  static const char *const formats[] = {"table", "json", NULL};
  const rf_opt opts[] = {
      RF_CLI_LISTS(&dirs),
      RF_CLI_POS("--threshold", &o.threshold, "in (0,1]", 1),
      RF_CLI_NUM("--limit", RF_OPT_I64, &limit, "a positive integer (at most 100000)", 1, 100000),
      {.name = "--type",
       .kind = RF_OPT_FN,
       .dst = &q.type,
       .what = "person, organization, vessel or aircraft",
       .fn = rf_i_type},
      RF_CLI_STR("--dob", &q.dob),
      RF_CLI_STR("--country", &q.country),
      RF_CLI_STR("--id", &q.id_number),
      {.name = "--gender",
       .kind = RF_OPT_FN,
       .dst = &q.gender,
       .what = "male, female or other",
       .fn = rf_i_gender_opt},
      RF_CLI_STR("--program", &o.program),
      RF_CLI_FLAG("--skip-weak", &o.skip_weak),
      RF_CLI_STR("--cleared", &cleared),
      RF_CLI_ENUM("--format", &json, "table or json", formats),
      RF_CLI_STR("--batch", &batch),
      RF_CLI_STR("--out", &outp),
      RF_CLI_NUM("--threads", RF_OPT_I64, &threads, "1..256", 1, 256),
      RF_CLI_ARGS("NAME", &arg, 1, "one NAME only: quote names with spaces"),
      {.name = NULL}};
  int prc = rf_cli_parse("screen", argc, argv, opts, rf_i_screen_usage);
  if (prc) return prc < 0 ? 0 : prc;
  o.limit = (size_t)limit;
  fmt = formats[json];
  const char *name = arg.n ? arg.v[0] : NULL;
  if (!batch && !name) {
    rf_i_screen_usage(stderr);
    return 2;
  }
  if (batch && name) {
    fprintf(stderr, "redflag screen: give either NAME or --batch FILE, not both\n");
    return 2;
  }
  rf_error err = {0};
  rf_screen_cleared *clr = NULL;
  if (cleared && rf_screen_cleared_load(&clr, cleared, &err)) return rf_cli_fail(&err);
  o.cleared = clr;
  rf_lists *l;
  rf_screener *s;
  if (rf_cli_screen_load(dirs.v, dirs.n, 0, &l, &s, &err)) {
    rf_screen_cleared_free(clr);
    return rf_cli_fail(&err);
  }
  int rc = 0;
  if (batch) {
    FILE *out = stdout;
    if (outp && strcmp(outp, "-")) {
      out = fopen(outp, "w");
      if (!out) {
        rf_error_set(&err, RF_EIO, "%s: cannot open for writing", outp);
        rf_screener_free(s);
        rf_lists_free(l);
        rf_screen_cleared_free(clr);
        return rf_cli_fail(&err);
      }
    }
    rf_screen_batch_opts bo = {.screen = o, .threads = (int)threads};
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
      if (st.recoded)
        fprintf(stderr,
                "screen: %zu rows not UTF-8 read as Windows-1252 (marked \"recoded\" in the "
                "output)\n",
                st.recoded);
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
  rf_screen_cleared_free(clr);
  return rc;
}
