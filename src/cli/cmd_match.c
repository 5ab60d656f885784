/* redflag match: score one name pair, or a CSV of pairs. */
#include "cli/cli.h"
#include "redflag/lists.h"
#include "redflag/screen.h"

#include <stdio.h>
#include <string.h>

static void rf_i_match_usage(FILE *fp) {
  fprintf(fp,
          "usage: redflag match NAME1 NAME2 [--schema S] [--format table|json]\n"
          "       redflag match --pairs FILE.csv [--threshold T]\n"
          "options: [--lists DIR]... token rarity from these lists (default: as `screen`)\n"
          "         [--no-lists]     class weights only, no list statistics\n"
          "\n"
          "Scores names against each other. --pairs reads a CSV whose header has\n"
          "name1,name2 and optionally schema (Person, Company, Organization,\n"
          "LegalEntity, Vessel) and writes the same CSV to stdout with two more\n"
          "columns: score and match (true/false at the threshold, default %.2f).\n",
          RF_SCREEN_DEFAULT_THRESHOLD);
}

static int rf_i_pairs(const rf_screener *s, const char *path, double thr) {
  rf_error err = {0};
  rf_csv *c;
  if (rf_csv_open(&c, path, NULL, &err)) return rf_cli_fail(&err);
  char **f;
  size_t nf;
  rf_status st = rf_csv_next(c, &f, &nf, &err);
  if (st) {
    if (st == RF_EEMPTY) rf_error_set(&err, RF_EEMPTY, "%s:1: empty file, expected a header", path);
    rf_csv_close(c);
    return rf_cli_fail(&err);
  }
  int c1 = rf_csv_col(f, nf, "name1"), c2 = rf_csv_col(f, nf, "name2"),
      cs = rf_csv_col(f, nf, "schema");
  if (c1 < 0 || c2 < 0) {
    rf_error_set(&err, RF_ENOTFOUND, "%s:%zu: header: missing column %s", path, rf_csv_line(c),
                 c1 < 0 ? "name1" : "name2");
    rf_csv_close(c);
    return rf_cli_fail(&err);
  }
  rf_buf b;
  rf_buf_init(&b);
  size_t ncols = nf;
  for (size_t i = 0; i < nf; i++) {
    rf_buf_csv_field(&b, f[i]);
    rf_buf_putc(&b, ',');
  }
  rf_buf_puts(&b, "score,match\n");
  size_t rows = 0, ok = 0, rejected = 0, recoded = 0;
  rf_buf u1, u2, uf; /* fields that are not UTF-8, read as Windows-1252 */
  rf_buf_init(&u1);
  rf_buf_init(&u2);
  rf_buf_init(&uf);
  for (;;) {
    st = rf_csv_next(c, &f, &nf, &err);
    if (st == RF_EEMPTY) break;
    rows++;
    if (st) {
      fprintf(stderr, "redflag match: %s\n", err.msg);
      rejected++;
      continue;
    }
    double sc = 0;
    rf_status ms = RF_OK;
    if ((size_t)c1 >= nf || (size_t)c2 >= nf) {
      ms = rf_error_set(&err, RF_EPARSE, "%s:%zu: field %s: missing (row has %zu fields)", path,
                        rf_csv_line(c), (size_t)c1 >= nf ? "name1" : "name2", nf);
    } else {
      int r1 = 0, r2 = 0;
      const char *n1 = rf_text_utf8(&u1, f[c1], &r1), *n2 = rf_text_utf8(&u2, f[c2], &r2);
      recoded += r1 || r2;
      ms = !n1 || !n2 ? rf_error_set(&err, RF_ENOMEM, "out of memory")
                      : rf_screen_match_names(s, n1, n2, cs >= 0 && (size_t)cs < nf ? f[cs] : NULL,
                                              &sc, NULL, &err);
      if (ms) {
        char tmp[1024];
        snprintf(tmp, sizeof tmp, "%s", err.msg);
        rf_error_set(&err, ms, "%s:%zu: %s", path, rf_csv_line(c), tmp);
      }
    }
    for (size_t i = 0; i < ncols; i++) {
      const char *v = i < nf ? rf_text_utf8(&uf, f[i], NULL) : "";
      rf_buf_csv_field(&b, v ? v : "");
      rf_buf_putc(&b, ',');
    }
    if (ms) {
      fprintf(stderr, "redflag match: %s\n", err.msg);
      rejected++;
      rf_buf_puts(&b, ",error\n");
    } else {
      ok++;
      rf_buf_printf(&b, "%.4f,%s\n", sc, sc >= thr ? "true" : "false");
    }
    if (b.len > 1 << 16) {
      fwrite(b.data, 1, b.len, stdout);
      rf_buf_reset(&b);
    }
  }
  fwrite(b.data, 1, b.len, stdout);
  rf_buf_free(&b);
  rf_buf_free(&u1);
  rf_buf_free(&u2);
  rf_buf_free(&uf);
  rf_csv_close(c);
  fprintf(stderr, "match: %zu rows read = %zu scored + %zu rejected\n", rows, ok, rejected);
  if (recoded) fprintf(stderr, "match: %zu rows not UTF-8 read as Windows-1252\n", recoded);
  return rejected ? 1 : 0;
}

int rf_cmd_match(int argc, char **argv) {
  rf_cli_strs dirs = {0}, names = {0};
  const char *pairs = NULL, *schema = NULL, *fmt = "table";
  int nolists = 0, json = 0;
  double thr = RF_SCREEN_DEFAULT_THRESHOLD;
  static const char *const formats[] = {"table", "json", NULL};
  const rf_opt opts[] = {
      RF_CLI_LISTS(&dirs),
      RF_CLI_FLAG("--no-lists", &nolists),
      RF_CLI_STR("--pairs", &pairs),
      RF_CLI_STR("--schema", &schema),
      RF_CLI_ENUM("--format", &json, "table or json", formats),
      RF_CLI_POS("--threshold", &thr, "in (0,1]", 1),
      RF_CLI_ARGS("NAME", &names, 2, "two names at most: quote names with spaces"),
      {.name = NULL}};
  int prc = rf_cli_parse("match", argc, argv, opts, rf_i_match_usage);
  if (prc) return prc < 0 ? 0 : prc;
  fmt = formats[json];
  size_t nnames = names.n;
  if ((!pairs && nnames != 2) || (pairs && nnames)) {
    rf_i_match_usage(stderr);
    return 2;
  }
  rf_error err = {0};
  rf_lists *l = NULL;
  rf_screener *s = NULL;
  if (!nolists && rf_cli_screen_load(dirs.v, dirs.n, 1, &l, &s, &err)) return rf_cli_fail(&err);
  int rc = 0;
  if (pairs) {
    rc = rf_i_pairs(s, pairs, thr);
  } else {
    double sc;
    rf_screen_explain_list ex = {0};
    if (rf_screen_match_names(s, names.v[0], names.v[1], schema, &sc, &ex, &err)) {
      rc = rf_cli_fail(&err);
    } else {
      rf_buf b;
      rf_buf_init(&b);
      if (!strcmp(fmt, "json")) {
        rf_buf_puts(&b, "{\"name1\":");
        rf_buf_json_str(&b, names.v[0]);
        rf_buf_puts(&b, ",\"name2\":");
        rf_buf_json_str(&b, names.v[1]);
        rf_buf_printf(&b, ",\"score\":%.4f,\"match\":%s,\"explain\":", sc,
                      sc >= thr ? "true" : "false");
        rf_screen_explain_json(&b, &ex);
        rf_buf_puts(&b, "}\n");
      } else {
        rf_buf_printf(&b, "score %.4f  match %s  (threshold %.2f%s)\n", sc,
                      sc >= thr ? "true" : "false", thr, s ? "" : ", no list statistics");
        rf_screen_explain_text(&b, &ex);
      }
      fwrite(b.data, 1, b.len, stdout);
      rf_buf_free(&b);
    }
    rf_screen_explain_free(&ex);
  }
  rf_screener_free(s);
  rf_lists_free(l);
  return rc;
}
