/* redflag alerts: reads back what `redflag monitor --db` stored, the runs and
 * their alerts, filtered as an investigator asks (an account, a typology, a
 * minimum score). The database is opened read-only: nothing is created or
 * migrated. */
#include "cli/cli.h"
#include "redflag/store.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void rf_i_usage(FILE *fp) {
  fprintf(fp, "usage: redflag alerts --db FILE [--run N] [--all-runs] [--typology T]\n"
              "                      [--account ID] [--min-score S] [--limit N]\n"
              "                      [--sort id|score] [--format table|jsonl]\n"
              "       redflag alerts --db FILE --runs\n"
              "  --db FILE        a database written by 'redflag monitor --db' (read-only)\n"
              "  --run N          alerts of run N (default: the newest run)\n"
              "  --all-runs       alerts of every run\n"
              "  --typology T     only this typology (structuring, funnel, fan_in, cycle, ...)\n"
              "  --account ID     only alerts naming this account (as in the input)\n"
              "  --min-score S    only alerts scoring at least S (0..1)\n"
              "  --limit N        at most N alerts\n"
              "  --sort S         id (default: run, then alert id) or score (highest first)\n"
              "  --format F       table (default) or jsonl (one alert per line, with run_id,\n"
              "                   status, accounts and evidence)\n"
              "  --runs           list the stored runs instead\n");
}

static const char *const rf_i_formats[] = {"table", "jsonl", NULL};
static const char *const rf_i_sorts[] = {"id", "score", NULL};

static const char *rf_i_or(const char *s, const char *dflt) { return s && *s ? s : dflt; }

/* ------------------------------------------------------------------ runs */

typedef struct rf_i_runs {
  int64_t newest;
  int print;
  size_t n;
} rf_i_runs;

static int rf_i_on_run(void *ud, const rf_store_run *r) {
  rf_i_runs *rs = ud;
  rs->n++;
  if (r->run_id > rs->newest) rs->newest = r->run_id;
  if (!rs->print) return 0;
  if (rs->n == 1)
    printf("%5s  %-20s  %-20s  %-8s  %10s  %8s  %8s  %s\n", "run", "started", "finished", "format",
           "rows read", "alerts", "seconds", "input");
  printf("%5lld  %-20s  %-20s  %-8s  %10llu  %8llu  %8.2f  %s\n", (long long)r->run_id,
         rf_i_or(r->started_at, "-"), rf_i_or(r->finished_at, "(not finished)"),
         rf_i_or(r->format, "-"), (unsigned long long)r->rows_read, (unsigned long long)r->alerts,
         r->seconds, rf_i_or(r->input, "-"));
  return 0;
}

/* ---------------------------------------------------------------- alerts */

typedef struct rf_i_list {
  int jsonl;
  size_t n;
  rf_buf b;
  int oom;
} rf_i_list;

/* the anchor account, and how many more the alert names */
static void rf_i_accounts_text(const rf_store_alert *a, char *out, size_t cap) {
  if (!a->naccounts)
    snprintf(out, cap, "-");
  else if (a->naccounts == 1)
    snprintf(out, cap, "%s", a->accounts[0]);
  else
    snprintf(out, cap, "%s (+%zu)", a->accounts[0], a->naccounts - 1);
}

static void rf_i_print_row(const rf_store_alert *a) {
  char acc[128];
  rf_i_accounts_text(a, acc, sizeof acc);
  const char *x = rf_i_or(a->explanation, "");
  int open = a->status && !strcmp(a->status, "open");
  printf("%5lld  %6lld  %-14s  %5.3f  %-10.10s  %-10.10s  %-22s  %s%.*s%s\n", (long long)a->run_id,
         (long long)a->alert_id, rf_i_or(a->typology, "-"), a->score, rf_i_or(a->window_start, "-"),
         rf_i_or(a->window_end, "-"), acc, open ? "(open) " : "", 100, x,
         strlen(x) > 100 ? "..." : "");
}

static int rf_i_json_strs(rf_buf *b, const char *key, const char *const *v, size_t n) {
  int r = rf_buf_printf(b, ",\"%s\":[", key);
  for (size_t i = 0; i < n; i++) {
    if (i) r |= rf_buf_putc(b, ',');
    r |= rf_buf_json_str(b, v[i] ? v[i] : "");
  }
  return r | rf_buf_putc(b, ']');
}

static int rf_i_print_json(rf_buf *b, const rf_store_alert *a) {
  rf_buf_reset(b);
  int r = rf_buf_printf(b, "{\"run_id\":%lld,\"alert_id\":%lld,\"status\":", (long long)a->run_id,
                        (long long)a->alert_id);
  r |= rf_buf_json_str(b, rf_i_or(a->status, "final"));
  r |= rf_buf_puts(b, ",\"typology\":");
  r |= rf_buf_json_str(b, rf_i_or(a->typology, ""));
  r |= rf_i_json_strs(b, "accounts", a->accounts, a->naccounts);
  r |= rf_i_json_strs(b, "transactions", a->transactions, a->ntransactions);
  r |= rf_buf_puts(b, ",\"window\":{\"start\":");
  r |= rf_buf_json_str(b, rf_i_or(a->window_start, ""));
  r |= rf_buf_puts(b, ",\"end\":");
  r |= rf_buf_json_str(b, rf_i_or(a->window_end, ""));
  r |= rf_buf_printf(b, "},\"score\":%.4f,\"explanation\":", a->score);
  r |= rf_buf_json_str(b, rf_i_or(a->explanation, ""));
  r |= rf_buf_puts(b, "}\n");
  if (r) return -1;
  fwrite(b->data, 1, b->len, stdout);
  return 0;
}

static int rf_i_on_alert(void *ud, const rf_store_alert *a) {
  rf_i_list *l = ud;
  if (!l->jsonl && !l->n)
    printf("%5s  %6s  %-14s  %5s  %-10s  %-10s  %-22s  %s\n", "run", "alert", "typology", "score",
           "from", "to", "accounts", "explanation");
  l->n++;
  if (!l->jsonl) {
    rf_i_print_row(a);
    return 0;
  }
  if (rf_i_print_json(&l->b, a)) {
    l->oom = 1;
    return 1;
  }
  return 0;
}

/* ------------------------------------------------------------------ main */

typedef struct rf_i_args {
  const char *db, *typology, *account;
  int64_t run, limit;
  double min_score;
  int all_runs, runs, format, sort;
} rf_i_args;

/* the run to list: --run, else the newest one (0 with --all-runs) */
static int rf_i_pick_run(rf_store *s, const rf_i_args *a, int64_t *run) {
  rf_error err;
  rf_i_runs rs = {0};
  if (rf_store_runs_query(s, a->run, rf_i_on_run, &rs, &err)) return rf_cli_fail(&err);
  if (a->run && !rs.n) {
    fprintf(stderr, "redflag: %s: no run %lld (see --runs)\n", a->db, (long long)a->run);
    return 1;
  }
  if (!rs.n) {
    fprintf(stderr, "redflag: %s: no runs stored\n", a->db);
    return 1;
  }
  *run = a->all_runs ? 0 : a->run ? a->run : rs.newest;
  return 0;
}

static int rf_i_alerts(rf_store *s, const rf_i_args *a) {
  int64_t run = 0;
  int rc = rf_i_pick_run(s, a, &run);
  if (rc) return rc;
  rf_store_query q = {.run_id = run,
                      .typology = a->typology,
                      .account = a->account,
                      .min_score = a->min_score,
                      .limit = (size_t)a->limit,
                      .by_score = a->sort == 1};
  rf_i_list l = {.jsonl = a->format == 1};
  rf_buf_init(&l.b);
  rf_error err;
  rc = rf_store_alerts_query(s, &q, rf_i_on_alert, &l, &err) ? rf_cli_fail(&err) : 0;
  rf_buf_free(&l.b);
  if (!rc && l.oom) {
    fprintf(stderr, "redflag: out of memory\n");
    rc = 1;
  }
  if (!rc && !l.jsonl) {
    if (run)
      printf("%zu alert%s (run %lld)\n", l.n, l.n == 1 ? "" : "s", (long long)run);
    else
      printf("%zu alert%s (all runs)\n", l.n, l.n == 1 ? "" : "s");
  }
  return rc;
}

int rf_cmd_alerts(int argc, char **argv) {
  rf_i_args a = {0};
  const rf_opt opts[] = {
      RF_CLI_STR("--db", &a.db),
      RF_CLI_STR("--typology", &a.typology),
      RF_CLI_STR("--account", &a.account),
      RF_CLI_NUM("--run", RF_OPT_I64, &a.run, "a run id (1 or more)", 1, 9.2e18),
      RF_CLI_NUM("--limit", RF_OPT_I64, &a.limit, "a positive integer", 1, 9.2e18),
      RF_CLI_NUM("--min-score", RF_OPT_DBL, &a.min_score, "a score from 0 to 1", 0, 1),
      RF_CLI_FLAG("--all-runs", &a.all_runs),
      RF_CLI_FLAG("--runs", &a.runs),
      RF_CLI_ENUM("--format", &a.format, "table or jsonl", rf_i_formats),
      RF_CLI_ENUM("--sort", &a.sort, "id or score", rf_i_sorts),
      {.name = NULL}};
  int prc = rf_cli_parse("alerts", argc, argv, opts, rf_i_usage);
  if (prc) return prc < 0 ? 0 : prc;
  if (!a.db) return rf_cli_needs("alerts", "--db FILE", rf_i_usage);
  if (a.run && a.all_runs) {
    fprintf(stderr, "redflag: alerts: --run and --all-runs exclude each other\n");
    return 2;
  }
  if (access(a.db, F_OK)) {
    fprintf(stderr, "redflag: %s: no such database\n", a.db);
    return 1;
  }
  rf_store *s;
  rf_error err;
  if (rf_store_open_readonly(&s, a.db, &err)) return rf_cli_fail(&err);
  int rc;
  if (a.runs) {
    rf_i_runs rs = {.print = 1};
    rc = rf_store_runs_query(s, 0, rf_i_on_run, &rs, &err) ? rf_cli_fail(&err) : 0;
    if (!rc) printf("%zu run%s\n", rs.n, rs.n == 1 ? "" : "s");
  } else {
    rc = rf_i_alerts(s, &a);
  }
  rf_store_close(s);
  return rc;
}
