/* redflag lists: info (versions, hashes, counts), update (download + swap),
 * show (one entry's parsed fields as JSON). */
#include "cli/cli.h"
#include "redflag/lists.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef RF_SOURCE_DIR
#define RF_SOURCE_DIR NULL
#endif

#define RF_I_MAX_DIRS 64

static void rf_i_lists_usage(FILE *fp) {
  fprintf(fp, "usage: redflag lists info   [--lists DIR]... [--format table|json] [--warnings]\n"
              "       redflag lists update [--dir DIR] [--base-url URL] [--sdn] [--cons] [--csl] "
              "[--timeout SECONDS] [--force]\n"
              "       redflag lists show   [--lists DIR]... [--list SDN|CONS|CSL] UID...\n"
              "\n"
              "Without --lists: $REDFLAG_LISTS_DIR (colon-separated), else the lists that\n"
              "'lists update' installed (<dir>/sdn/current, <dir>/cons/current and, after\n"
              "'lists update --csl', trade.gov's list in <dir>/csl/current), else the\n"
              "bundled test copies under ../shared/data/ofac/watchman. update's default dir\n"
              "is $XDG_DATA_HOME/redflag/lists or ~/.local/share/redflag/lists.\n");
}

/* Loads --lists dirs (or the defaults) into *out. Returns exit code. */
static int rf_i_load(const char *const *dirs, size_t ndirs, rf_lists **out, double *ms) {
  char *defs[RF_I_MAX_DIRS];
  size_t ndefs = 0;
  if (!ndirs) {
    ndefs = rf_lists_default_dirs(RF_SOURCE_DIR, defs, RF_I_MAX_DIRS);
    if (!ndefs) {
      fprintf(stderr, "redflag: no lists found: pass --lists DIR, set REDFLAG_LISTS_DIR or run "
                      "'redflag lists update'\n");
      return 1;
    }
    dirs = (const char *const *)defs;
    ndirs = ndefs;
  }
  rf_lists *l;
  rf_error err;
  rf_error_clear(&err);
  if (rf_lists_new(&l)) {
    fprintf(stderr, "redflag: out of memory\n");
    return 1;
  }
  double t0 = rf_now();
  int rc = 0;
  for (size_t i = 0; i < ndirs && !rc; i++)
    if (rf_lists_load_dir(l, dirs[i], &err)) rc = rf_cli_fail(&err);
  *ms = (rf_now() - t0) * 1000.0;
  for (size_t i = 0; i < ndefs; i++) free(defs[i]);
  if (rc) {
    rf_lists_free(l);
    return rc;
  }
  *out = l;
  return 0;
}

static void rf_i_json_kv(rf_buf *b, const char *k, const char *v, int comma) {
  if (!v) return;
  if (comma) rf_buf_putc(b, ',');
  rf_buf_json_str(b, k);
  rf_buf_putc(b, ':');
  rf_buf_json_str(b, v);
}

static const char *const rf_i_formats[] = {"table", "json", NULL};

static int rf_i_info(int argc, char **argv) {
  rf_cli_strs dirs = {0};
  int json = 0, warnings = 0;
  const rf_opt opts[] = {RF_CLI_LISTS(&dirs),
                         RF_CLI_ENUM("--format", &json, "table or json", rf_i_formats),
                         RF_CLI_FLAG("--warnings", &warnings),
                         {.name = NULL}};
  int prc = rf_cli_parse("lists info", argc, argv, opts, rf_i_lists_usage);
  if (prc) return prc < 0 ? 0 : prc;
  rf_lists *l = NULL;
  double ms = 0;
  int rc = rf_i_load(dirs.v, dirs.n, &l, &ms);
  if (rc) return rc;
  rf_buf b;
  rf_buf_init(&b);
  size_t nv = rf_lists_nversions(l);
  if (json) {
    rf_buf_puts(&b, "{\"lists\":[");
    for (size_t v = 0; v < nv; v++) {
      const rf_list_version *ver = rf_lists_version(l, v);
      if (v) rf_buf_putc(&b, ',');
      rf_buf_putc(&b, '{');
      rf_i_json_kv(&b, "list", ver->list, 0);
      rf_i_json_kv(&b, "dir", ver->dir, 1);
      rf_i_json_kv(&b, "sha256", ver->sha256, 1);
      rf_buf_printf(&b, ",\"entities\":%zu,\"names\":%zu,\"warnings\":%zu,\"types\":{",
                    ver->entities, ver->names, ver->warnings);
      for (int t = 0; t < 5; t++)
        rf_buf_printf(&b, "%s\"%s\":%zu", t ? "," : "", rf_entity_type_str((rf_entity_type)t),
                      rf_list_version_type_count(l, v, (rf_entity_type)t));
      rf_buf_puts(&b, "},\"files\":[");
      for (size_t f = 0; f < rf_list_version_nfiles(l, v); f++) {
        const rf_list_file *lf = rf_list_version_file(l, v, f);
        rf_buf_puts(&b, f ? ",{" : "{");
        rf_i_json_kv(&b, "name", lf->name, 0);
        if (lf->sha256) {
          rf_i_json_kv(&b, "sha256", lf->sha256, 1);
          rf_buf_printf(&b, ",\"rows\":%zu,\"rejected\":%zu,\"bytes\":%llu", lf->rows, lf->rejected,
                        (unsigned long long)lf->bytes);
        } else
          rf_buf_puts(&b, ",\"missing\":true");
        rf_buf_putc(&b, '}');
      }
      rf_buf_puts(&b, "],\"programs\":{");
      for (size_t p = 0; p < rf_list_version_nprograms(l, v); p++) {
        const rf_list_program_count *pc = rf_list_version_program(l, v, p);
        if (p) rf_buf_putc(&b, ',');
        rf_buf_json_str(&b, pc->program);
        rf_buf_printf(&b, ":%zu", pc->entities);
      }
      rf_buf_puts(&b, "}}");
    }
    rf_buf_printf(&b, "],\"entities\":%zu,\"load_ms\":%.1f", rf_lists_count(l), ms);
    if (warnings) {
      rf_buf_puts(&b, ",\"warning_messages\":[");
      for (size_t i = 0; i < rf_lists_nwarnings(l); i++) {
        if (i) rf_buf_putc(&b, ',');
        rf_buf_json_str(&b, rf_lists_warning(l, i));
      }
      rf_buf_putc(&b, ']');
    }
    rf_buf_puts(&b, "}\n");
  } else {
    for (size_t v = 0; v < nv; v++) {
      const rf_list_version *ver = rf_lists_version(l, v);
      rf_buf_printf(&b, "%s%s  %s\n  sha256    %s\n  entities  %zu (", v ? "\n" : "", ver->list,
                    ver->dir, ver->sha256, ver->entities);
      for (int t = 1; t < 5; t++)
        rf_buf_printf(&b, "%s%s %zu", t > 1 ? ", " : "", rf_entity_type_str((rf_entity_type)t),
                      rf_list_version_type_count(l, v, (rf_entity_type)t));
      if (rf_list_version_type_count(l, v, RF_ENT_UNKNOWN))
        rf_buf_printf(&b, ", unknown %zu", rf_list_version_type_count(l, v, RF_ENT_UNKNOWN));
      rf_buf_printf(&b, ")\n  names     %zu\n  warnings  %zu\n  files\n", ver->names,
                    ver->warnings);
      for (size_t f = 0; f < rf_list_version_nfiles(l, v); f++) {
        const rf_list_file *lf = rf_list_version_file(l, v, f);
        if (lf->sha256)
          rf_buf_printf(&b, "    %-18s %7zu rows %5zu rejected %9llu bytes  %s\n", lf->name,
                        lf->rows, lf->rejected, (unsigned long long)lf->bytes, lf->sha256);
        else
          rf_buf_printf(&b, "    %-18s missing\n", lf->name);
      }
      rf_buf_printf(&b, "  programs  %-28s %s\n", "program", "entities");
      for (size_t p = 0; p < rf_list_version_nprograms(l, v); p++) {
        const rf_list_program_count *pc = rf_list_version_program(l, v, p);
        rf_buf_printf(&b, "            %-28s %8zu\n", pc->program, pc->entities);
      }
    }
    rf_buf_printf(&b, "\ntotal %zu entities from %zu list(s), loaded in %.1f ms\n",
                  rf_lists_count(l), nv, ms);
    if (warnings)
      for (size_t i = 0; i < rf_lists_nwarnings(l); i++)
        rf_buf_printf(&b, "warning: %s\n", rf_lists_warning(l, i));
  }
  fwrite(b.data, 1, b.len, stdout);
  rf_buf_free(&b);
  rf_lists_free(l);
  return 0;
}

static void rf_i_json_strs(rf_buf *b, const char *k, const char *const *v, size_t n) {
  if (!n) return;
  rf_buf_printf(b, ",\"%s\":[", k);
  for (size_t i = 0; i < n; i++) {
    if (i) rf_buf_putc(b, ',');
    rf_buf_json_str(b, v[i]);
  }
  rf_buf_putc(b, ']');
}

static void rf_i_entity_json(rf_buf *b, const rf_entity *e) {
  rf_buf_putc(b, '{');
  rf_i_json_kv(b, "list", e->list, 0);
  rf_i_json_kv(b, "uid", e->uid, 1);
  rf_i_json_kv(b, "type", rf_entity_type_str(e->type), 1);
  rf_i_json_kv(b, "name", e->name, 1);
  static const char *const kinds[] = {"primary", "aka", "fka", "nka"};
  rf_buf_puts(b, ",\"names\":[");
  for (size_t i = 0; i < e->nnames; i++) {
    rf_buf_puts(b, i ? ",{" : "{");
    rf_i_json_kv(b, "name", e->names[i].name, 0);
    rf_i_json_kv(b, "kind", kinds[e->names[i].kind & 3], 1);
    if (e->names[i].weak) rf_buf_puts(b, ",\"weak\":true");
    rf_buf_putc(b, '}');
  }
  rf_buf_putc(b, ']');
  rf_i_json_strs(b, "programs", e->programs, e->nprograms);
  rf_i_json_kv(b, "title", e->title, 1);
  if (e->ndobs) {
    rf_buf_puts(b, ",\"dobs\":[");
    for (size_t i = 0; i < e->ndobs; i++) {
      char d[32];
      rf_dob_format(&e->dobs[i], d, sizeof d);
      if (i) rf_buf_putc(b, ',');
      rf_buf_json_str(b, d);
    }
    rf_buf_putc(b, ']');
  }
  rf_i_json_strs(b, "pobs", e->pobs, e->npobs);
  rf_i_json_strs(b, "nationalities", e->nationalities, e->nnationalities);
  rf_i_json_kv(b, "gender", e->gender, 1);
  if (e->nids) {
    rf_buf_puts(b, ",\"ids\":[");
    for (size_t i = 0; i < e->nids; i++) {
      rf_buf_puts(b, i ? ",{" : "{");
      rf_i_json_kv(b, "kind", e->ids[i].kind, 0);
      rf_i_json_kv(b, "label", e->ids[i].label, 1);
      rf_i_json_kv(b, "number", e->ids[i].number, 1);
      rf_i_json_kv(b, "country", e->ids[i].country, 1);
      rf_buf_putc(b, '}');
    }
    rf_buf_putc(b, ']');
  }
  rf_i_json_strs(b, "linked_to", e->linked_to, e->nlinked);
  if (e->naddresses) {
    rf_buf_puts(b, ",\"addresses\":[");
    for (size_t i = 0; i < e->naddresses; i++) {
      rf_buf_puts(b, i ? ",{" : "{");
      int c = 0;
      if (e->addresses[i].address) rf_i_json_kv(b, "address", e->addresses[i].address, c++);
      if (e->addresses[i].city) rf_i_json_kv(b, "city", e->addresses[i].city, c++);
      if (e->addresses[i].country) rf_i_json_kv(b, "country", e->addresses[i].country, c++);
      rf_buf_putc(b, '}');
    }
    rf_buf_putc(b, ']');
  }
  rf_i_json_kv(b, "call_sign", e->call_sign, 1);
  rf_i_json_kv(b, "vessel_type", e->vessel_type, 1);
  rf_i_json_kv(b, "tonnage", e->tonnage, 1);
  rf_i_json_kv(b, "grt", e->grt, 1);
  rf_i_json_kv(b, "vessel_flag", e->vessel_flag, 1);
  rf_i_json_kv(b, "vessel_owner", e->vessel_owner, 1);
  rf_i_json_kv(b, "aircraft_model", e->aircraft_model, 1);
  rf_i_json_kv(b, "aircraft_operator", e->aircraft_operator, 1);
  rf_i_json_kv(b, "aircraft_serial", e->aircraft_serial, 1);
  rf_i_json_kv(b, "aircraft_tail", e->aircraft_tail, 1);
  rf_i_json_kv(b, "aircraft_built", e->aircraft_built, 1);
  rf_i_json_strs(b, "emails", e->emails, e->nemails);
  rf_i_json_strs(b, "websites", e->websites, e->nwebsites);
  if (e->ncrypto) {
    rf_buf_puts(b, ",\"crypto\":[");
    for (size_t i = 0; i < e->ncrypto; i++) {
      rf_buf_puts(b, i ? ",{" : "{");
      rf_i_json_kv(b, "currency", e->crypto_currencies ? e->crypto_currencies[i] : "", 0);
      rf_i_json_kv(b, "address", e->crypto_addresses[i], 1);
      rf_buf_putc(b, '}');
    }
    rf_buf_putc(b, ']');
  }
  if (e->nprops) {
    rf_buf_puts(b, ",\"props\":[");
    for (size_t i = 0; i < e->nprops; i++) {
      rf_buf_puts(b, i ? ",[" : "[");
      if (e->props[i].key)
        rf_buf_json_str(b, e->props[i].key);
      else
        rf_buf_puts(b, "null");
      rf_buf_putc(b, ',');
      if (e->props[i].value)
        rf_buf_json_str(b, e->props[i].value);
      else
        rf_buf_puts(b, "null");
      rf_buf_putc(b, ']');
    }
    rf_buf_putc(b, ']');
  }
  rf_i_json_kv(b, "remarks", e->remarks, 1);
  rf_buf_putc(b, '}');
}

static int rf_i_show(int argc, char **argv) {
  rf_cli_strs dirs = {0}, ids = {0};
  const char *list = NULL;
  const rf_opt opts[] = {RF_CLI_LISTS(&dirs),
                         RF_CLI_STR("--list", &list),
                         RF_CLI_ARGS("ID", &ids, RF_CLI_STRS_MAX, "too many ids for one call"),
                         {.name = NULL}};
  int prc = rf_cli_parse("lists show", argc, argv, opts, rf_i_lists_usage);
  if (prc) return prc < 0 ? 0 : prc;
  if (!ids.n) {
    rf_i_lists_usage(stderr);
    return 2;
  }
  rf_lists *l = NULL;
  double ms;
  int rc = rf_i_load(dirs.v, dirs.n, &l, &ms);
  if (rc) return rc;
  rf_buf b;
  rf_buf_init(&b);
  for (size_t i = 0; i < ids.n; i++) {
    const rf_entity *e = rf_lists_find(l, list, ids.v[i]);
    if (!e) {
      fprintf(stderr, "redflag: lists show: no entry %s%s%s\n", list ? list : "", list ? " " : "",
              ids.v[i]);
      rc = 1;
      continue;
    }
    rf_i_entity_json(&b, e);
    rf_buf_putc(&b, '\n');
  }
  fwrite(b.data, 1, b.len, stdout);
  rf_buf_free(&b);
  rf_lists_free(l);
  return rc;
}

static int rf_i_update(int argc, char **argv) {
  rf_lists_update_opts o = {0};
  int quiet = 0;
  int64_t timeout = 0;
  const rf_opt opts[] = {
      RF_CLI_STR("--dir", &o.dir),
      RF_CLI_STR("--base-url", &o.base_url),
      RF_CLI_FLAG("--sdn", &o.sdn),
      RF_CLI_FLAG("--cons", &o.cons),
      RF_CLI_FLAG("--csl", &o.csl),
      RF_CLI_NUM("--timeout", RF_OPT_I64, &timeout, "a number of seconds", 0, 86400),
      RF_CLI_FLAG("--force", &o.force),
      RF_CLI_FLAG("--quiet", &quiet),
      {.name = NULL}};
  int prc = rf_cli_parse("lists update", argc, argv, opts, rf_i_lists_usage);
  if (prc) return prc < 0 ? 0 : prc;
  o.log = quiet ? NULL : stderr;
  o.timeout_s = (long)timeout;
  rf_lists_update_result res;
  rf_error err;
  rf_error_clear(&err);
  rf_status st = rf_lists_update(&o, &res, &err);
  static const char *const names[3] = {"SDN", "CONS", "CSL"};
  for (int k = 0; k < 3; k++)
    if (res.current[k][0])
      printf("%s %s %s entities=%zu sha256=%s\n", names[k],
             res.changed[k] ? "updated" : "unchanged", res.current[k], res.entities[k],
             res.sha256[k]);
  if (st) return rf_cli_fail(&err);
  return 0;
}

int rf_cmd_lists(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    rf_i_lists_usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (!strcmp(argv[1], "info")) return rf_i_info(argc - 1, argv + 1);
  if (!strcmp(argv[1], "update")) return rf_i_update(argc - 1, argv + 1);
  if (!strcmp(argv[1], "show")) return rf_i_show(argc - 1, argv + 1);
  fprintf(stderr, "redflag: lists: unknown subcommand '%s'\n", argv[1]);
  rf_i_lists_usage(stderr);
  return 2;
}
