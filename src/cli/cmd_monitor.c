/* redflag monitor: stream transactions through the detectors, write alerts. */
#include "cli/cli.h"
#include "redflag/ingest.h"
#include "redflag/lists.h"
#include "redflag/monitor.h"
#include "redflag/screen.h"
#include "redflag/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void rf_i_usage(FILE *fp) {
  fprintf(fp,
          "usage: redflag monitor --format amlworld|amlsim|redflag --input PATH\n"
          "                       [--config FILE] [--alerts FILE] [--db FILE] [--rejects FILE]\n"
          "                       [--lateness SECONDS] [--max-jump SECONDS] [--threads 1|2]\n"
          "                       [--dedupe-window SECONDS] [--early]\n"
          "                       [--quiet] [--print-config]\n"
          "  --input PATH     transactions file ('-' = stdin); for amlsim the folder holding\n"
          "                   transactions.csv and nodes.csv\n"
          "  --config FILE    detector settings (INI, see docs/monitor.md); defaults built in\n"
          "  --alerts FILE    alerts as JSON Lines (default: alerts.jsonl; '-' = stdout)\n"
          "  --db FILE        also persist the run and its alerts in this SQLite database\n"
          "  --rejects FILE   rejected rows with the reason\n"
          "  --lateness SECS  accept rows up to this much older than the newest (86400)\n"
          "  --max-jump SECS  reject rows further than this ahead of the newest (31622400 =\n"
          "                   366 days; -1 = never): a mistyped year must not move the clock\n"
          "  --dedupe-window SECS  remember transaction ids this long for the duplicate check\n"
          "                   (default: 30 days, or longer when alerts can name older\n"
          "                   transactions; -1 = the whole input)\n"
          "  --early          also write each alert when it opens (\"status\":\"open\", the\n"
          "                   evidence so far); the final alert follows with the same\n"
          "                   alert_id and replaces it in --db\n"
          "  --threads N      1 = read and detect on one core, 2 = reader thread (default)\n"
          "  --lists DIR      screen counterparty names against these sanctions lists\n"
          "                   (repeatable; detector 'sanctioned')\n"
          "  --screen         same with the default lists ($REDFLAG_LISTS_DIR, installed lists)\n"
          "  --cleared FILE   reviewed false name hits (CSV name,uid[,list]) not to raise again\n"
          "  --print-config   print the effective configuration and exit\n");
}

typedef struct rf_i_ctx {
  rf_ingest *r;
  rf_screen_ctx *sx;            /* sanctions screening, when --lists / --screen */
  const rf_screen_cleared *clr; /* reviewed false hits (--cleared), NULL = none */
} rf_i_ctx;

/* detector 8b: best sanctions-list match for a counterparty name */
static double rf_i_screen(void *ud, const char *name, char *hit, size_t hitsz) {
  rf_i_ctx *cx = ud;
  rf_screen_query q;
  memset(&q, 0, sizeof q);
  q.name = name;
  rf_screen_opts so;
  memset(&so, 0, sizeof so);
  so.limit = 1;
  so.no_explain = 1;
  so.skip_weak = 1; /* a name-only hit on a weak alias is not a reason to stop a payment */
  so.cleared = cx->clr;
  const rf_screen_result *res = NULL;
  rf_error err;
  if (rf_screen_one(cx->sx, &q, &so, &res, &err) || !res) return -1;
  if (!res->n) return 0;
  const rf_screen_match *mt = &res->m[0];
  const rf_entity *e = mt->entity;
  /* list and uid: what an analyst writes into a --cleared file */
  snprintf(hit, hitsz, "listed entity %s %s '%s', matched name '%s'", e && e->list ? e->list : "?",
           e && e->uid ? e->uid : "?", e && e->name ? e->name : "?",
           mt->matched_name ? mt->matched_name : "?");
  return mt->score;
}

static const char *rf_i_acct_name(void *ud, uint32_t id) {
  return rf_ingest_account(((rf_i_ctx *)ud)->r, id);
}
static const char *rf_i_txid_name(void *ud, uint32_t id) {
  return rf_ingest_txid(((rf_i_ctx *)ud)->r, id);
}
static const char *rf_i_text(void *ud, uint32_t id) {
  return rf_ingest_text(((rf_i_ctx *)ud)->r, id);
}
static int rf_i_acct_label(void *ud, uint32_t id) {
  return rf_ingest_account_label(((rf_i_ctx *)ud)->r, id);
}

/* Where final alerts go as the stream runs (the monitor's sink): a JSON
 * line each, flushed per batch so that a follower of the file sees them,
 * and with --db a row each, committed per batch. */
typedef struct rf_i_out {
  rf_i_ctx *cx;
  FILE *fp;
  const char *path;
  rf_store *db;
  int64_t run_id;
  rf_buf b;
  uint64_t written; /* final alerts */
  rf_error err;     /* why the sink failed */
} rf_i_out;

static int rf_i_out_fail(rf_i_out *o) {
  if (o->db) rf_store_rollback(o->db, NULL);
  return -1;
}

static int rf_i_sink(void *ud, const rf_alert *const *a, size_t n) {
  rf_i_out *o = ud;
  if (o->db && rf_store_begin(o->db, &o->err)) return -1;
  for (size_t i = 0; i < n; i++) {
    rf_buf_reset(&o->b);
    if (rf_alert_to_json(a[i], &o->b, rf_i_acct_name, rf_i_txid_name, o->cx) ||
        rf_buf_putc(&o->b, '\n')) {
      rf_error_set(&o->err, RF_ENOMEM, "out of memory writing alerts");
      return rf_i_out_fail(o);
    }
    if (fwrite(o->b.data, 1, o->b.len, o->fp) != o->b.len) {
      rf_error_set(&o->err, RF_EIO, "%s: write error: %s", o->path, strerror(errno));
      return rf_i_out_fail(o);
    }
    if (o->db && rf_monitor_store_alert(o->db, o->run_id, a[i], rf_i_acct_name, rf_i_txid_name,
                                        o->cx, &o->err))
      return rf_i_out_fail(o);
  }
  if (o->db && rf_store_commit(o->db, &o->err)) return -1;
  if (fflush(o->fp)) {
    rf_error_set(&o->err, RF_EIO, "%s: write error: %s", o->path, strerror(errno));
    return -1;
  }
  for (size_t i = 0; i < n; i++) o->written += !a[i]->open;
  return 0;
}

typedef struct rf_i_progress {
  int quiet, keep, shown;
  uint64_t rejects_shown;
  double t0;
} rf_i_progress;

static void rf_i_on_reject(void *ud, const rf_error *err) {
  rf_i_progress *p = ud;
  if (p->quiet) return;
  if (p->rejects_shown < 5) fprintf(stderr, "redflag: rejected: %s\n", err->msg);
  if (++p->rejects_shown == 5 && !p->keep)
    fprintf(stderr, "redflag: (further rejects counted; use --rejects FILE to keep them)\n");
}

static void rf_i_on_progress(void *ud, uint64_t n) {
  rf_i_progress *p = ud;
  double el = rf_now() - p->t0;
  if (p->quiet || el < 2.0) return;
  p->shown = 1;
  fprintf(stderr, "\rredflag monitor: %llu transactions, %.0f txn/s   ", (unsigned long long)n,
          (double)n / el);
}

/* A measure over an empty set (precision with nothing flagged, recall with
 * nothing labelled, F1 with neither) is undefined, not 0: "n/a" in the
 * table, null in JSON. */
static const char *rf_i_measure(char buf[16], double v, int defined, int json) {
  if (!defined) return json ? "null" : "n/a";
  snprintf(buf, 16, "%.4f", v);
  return buf;
}

static void rf_i_prf_fmt(const rf_monitor_prf *p, int json, char v[3][16], const char *out[3]) {
  int has_p = p->tp + p->fp > 0, has_r = p->tp + p->fn > 0;
  out[0] = rf_i_measure(v[0], p->precision, has_p, json);
  out[1] = rf_i_measure(v[1], p->recall, has_r, json);
  out[2] = rf_i_measure(v[2], p->f1, has_p || has_r, json);
}

static void rf_i_prf_line(FILE *o, const char *what, const rf_monitor_prf *p) {
  char v[3][16];
  const char *s[3];
  rf_i_prf_fmt(p, 0, v, s);
  fprintf(o, "  %-14s precision %s  recall %s  F1 %s   (tp %llu, fp %llu, fn %llu)\n", what, s[0],
          s[1], s[2], (unsigned long long)p->tp, (unsigned long long)p->fp,
          (unsigned long long)p->fn);
}

static void rf_i_prf_json(rf_buf *b, const char *key, const rf_monitor_prf *p) {
  char v[3][16];
  const char *s[3];
  rf_i_prf_fmt(p, 1, v, s);
  rf_buf_printf(b,
                ",\"%s\":{\"precision\":%s,\"recall\":%s,\"f1\":%s,\"tp\":%llu,"
                "\"fp\":%llu,\"fn\":%llu}",
                key, s[0], s[1], s[2], (unsigned long long)p->tp, (unsigned long long)p->fp,
                (unsigned long long)p->fn);
}

/* the evaluation as stored with --db: only what the labels allow to measure,
 * the same figures as the printed table */
static void rf_i_eval_json(rf_buf *b, const rf_monitor_eval *ev) {
  rf_buf_puts(b, ",\"eval\":{\"typologies\":{");
  int first = 1;
  for (int i = 0; i < RF_TYP_COUNT; i++) {
    if (!ev->alerts[i]) continue;
    rf_buf_printf(b, "%s\"%s\":{\"alerts\":%llu,\"true_alerts\":%llu,\"laundering_txns\":%llu}",
                  first ? "" : ",", rf_typology_str((rf_typology)i),
                  (unsigned long long)ev->alerts[i], (unsigned long long)ev->alerts_true[i],
                  (unsigned long long)ev->txns_covered[i]);
    first = 0;
  }
  rf_buf_putc(b, '}');
  if (ev->have_txn_labels) {
    rf_i_prf_json(b, "transactions", &ev->txn);
    rf_i_prf_json(b, "transactions_behaviour", &ev->txn_behaviour);
  }
  if (ev->have_account_labels) rf_i_prf_json(b, "accounts", &ev->account);
  rf_buf_putc(b, '}');
}

/* Everything a monitor run holds, released by rf_i_mon_free. */
typedef struct rf_i_mon {
  rf_i_ctx cx;
  rf_monitor *m;
  rf_lists *sl;
  rf_screener *sc;
  rf_screen_cleared *clr;
  rf_i_out out;
  rf_buf cfgtext; /* the effective configuration, stored with the run */
  rf_store_run run;
} rf_i_mon;

static void rf_i_mon_free(rf_i_mon *s) {
  rf_store_close(s->out.db);
  rf_buf_free(&s->out.b);
  free(s->cfgtext.data);
  rf_monitor_free(s->m);
  rf_ingest_close(s->cx.r);
  rf_screen_ctx_free(s->cx.sx);
  rf_screen_cleared_free(s->clr);
  rf_screener_free(s->sc);
  rf_lists_free(s->sl);
}

/* detector 8b: load the lists (and reviewed false hits) and screen with them */
static int rf_i_screen_setup(rf_i_mon *s, rf_cli_strs *lists, const char *cleared, rf_error *err) {
  if ((cleared && rf_screen_cleared_load(&s->clr, cleared, err)) ||
      rf_cli_screen_load(lists->v, lists->n, 0, &s->sl, &s->sc, err))
    return rf_cli_fail(err);
  s->cx.clr = s->clr;
  s->cx.sx = rf_screen_ctx_new(s->sc);
  if (!s->cx.sx) {
    fprintf(stderr, "redflag: out of memory\n");
    return 1;
  }
  rf_monitor_set_screen(s->m, rf_i_screen, &s->cx);
  return 0;
}

/* Alerts go out as they become final: their file (and with --db the run's
 * row) is opened before anything is read. */
static int rf_i_out_open(rf_i_mon *s, const char *alerts_path, const char *db_path,
                         const rf_monitor_config *cfg, rf_error *err) {
  rf_i_out *out = &s->out;
  out->fp = !strcmp(alerts_path, "-") ? stdout : fopen(alerts_path, "w");
  if (!out->fp) {
    fprintf(stderr, "redflag: %s: cannot write alerts: %s\n", alerts_path, strerror(errno));
    return 1;
  }
  if (!db_path) return 0;
  FILE *mf = open_memstream(&s->cfgtext.data, &s->cfgtext.len);
  if (mf) {
    rf_monitor_config_write(cfg, mf, NULL);
    fclose(mf);
  }
  s->run.config = s->cfgtext.data;
  if (rf_store_open(&out->db, db_path, err) ||
      rf_store_run_begin(out->db, &s->run, &out->run_id, err))
    return rf_cli_fail(err);
  return 0;
}

static void rf_i_print_summary(FILE *o, const rf_i_mon *s, const char *input, const char *format,
                               double secs, double t_detect) {
  const rf_ingest_stats *is = rf_ingest_stats_get(s->cx.r);
  uint64_t counts[RF_TYP_COUNT];
  rf_monitor_counts(s->m, counts);
  fprintf(o, "redflag monitor: %s (%s)\n", input, format);
  fprintf(o, "  %-16s %12s\n", "typology", "alerts");
  for (int i = 0; i < RF_TYP_COUNT; i++)
    fprintf(o, "  %-16s %12llu\n", rf_typology_str((rf_typology)i), (unsigned long long)counts[i]);
  fprintf(o, "  %-16s %12zu\n", "total", rf_monitor_nalerts(s->m));
  fprintf(o,
          "  rows read %llu = processed %llu + rejected %llu (late accepted %llu, duplicates %llu",
          (unsigned long long)is->read, (unsigned long long)is->processed,
          (unsigned long long)is->rejected, (unsigned long long)is->late,
          (unsigned long long)is->duplicates);
  if (is->recoded) /* names exported in Latin-1 by an older system */
    fprintf(o, ", %llu rows not UTF-8 read as Windows-1252", (unsigned long long)is->recoded);
  fputs(")\n", o);
  fprintf(o, "  time %.3f s (read + detect %.3f s), %.0f txn/s, peak RSS %.1f MB\n", secs, t_detect,
          secs > 0 ? (double)is->processed / secs : 0, (double)rf_peak_rss() / (1024.0 * 1024.0));
}

/* The evaluation, when the input carries labels: printed, and as JSON into
 * evjson for the stored run. */
static void rf_i_print_eval(FILE *o, rf_i_mon *s, int account_labels, rf_buf *evjson) {
  rf_monitor_eval ev;
  rf_error err;
  if (rf_monitor_evaluate(s->m, account_labels ? rf_i_acct_label : NULL, &s->cx,
                          rf_ingest_naccounts(s->cx.r), &ev, &err)) {
    fprintf(o, "no evaluation: %s\n", err.msg);
    return;
  }
  if (!(ev.have_txn_labels || ev.have_account_labels)) return;
  fprintf(o, "evaluation against the input's labels:\n");
  fprintf(o, "  %-16s %10s %12s %12s\n", "typology", "alerts", "true alerts", "laund. txns");
  for (int i = 0; i < RF_TYP_COUNT; i++)
    if (ev.alerts[i])
      fprintf(o, "  %-16s %10llu %12llu %12llu\n", rf_typology_str((rf_typology)i),
              (unsigned long long)ev.alerts[i], (unsigned long long)ev.alerts_true[i],
              (unsigned long long)ev.txns_covered[i]);
  if (ev.have_txn_labels) rf_i_prf_line(o, "transactions", &ev.txn);
  if (ev.have_txn_labels && ev.alerts[RF_TYP_SANCTIONED])
    rf_i_prf_line(o, "  behaviour", &ev.txn_behaviour); /* without name screening */
  if (ev.have_account_labels) rf_i_prf_line(o, "accounts", &ev.account);
  rf_i_eval_json(evjson, &ev);
}

/* --db: the run's counts, summary and evaluation close its row */
static int rf_i_store_finish(FILE *o, rf_i_mon *s, const char *db_path, const rf_buf *evjson,
                             double secs) {
  const rf_ingest_stats *is = rf_ingest_stats_get(s->cx.r);
  uint64_t counts[RF_TYP_COUNT];
  rf_monitor_counts(s->m, counts);
  rf_buf summary;
  rf_buf_init(&summary);
  rf_buf_puts(&summary, "{\"alerts\":{");
  for (int i = 0; i < RF_TYP_COUNT; i++)
    rf_buf_printf(&summary, "%s\"%s\":%llu", i ? "," : "", rf_typology_str((rf_typology)i),
                  (unsigned long long)counts[i]);
  rf_buf_printf(&summary, "}%s}", evjson->len ? evjson->data : "");
  s->run.rows_read = is->read;
  s->run.processed = is->processed;
  s->run.rejected = is->rejected;
  s->run.alerts = rf_monitor_nalerts(s->m);
  s->run.summary_json = summary.data;
  s->run.seconds = secs;
  rf_error err;
  int rc = 0;
  if (rf_store_run_finish(s->out.db, &s->run, &err))
    rc = rf_cli_fail(&err);
  else
    fprintf(o, "  stored run %lld with %llu alerts in %s\n", (long long)s->out.run_id,
            (unsigned long long)s->out.written, db_path);
  rf_buf_free(&summary);
  return rc;
}

/* reads the input through the detectors; alerts leave through the sink */
static int rf_i_run(rf_i_mon *s, int threads, int quiet, int keep_rejects, double t0,
                    const char *alerts_path) {
  rf_i_progress pr = {.quiet = quiet, .keep = keep_rejects, .t0 = t0};
  rf_monitor_run_opts ro = {
      .threads = threads, .on_reject = rf_i_on_reject, .on_progress = rf_i_on_progress, .ud = &pr};
  rf_error err;
  int rc = 0;
  if (rf_monitor_run(s->m, s->cx.r, &ro, &err))
    rc = rf_cli_fail(s->out.err.msg[0] ? &s->out.err : &err);
  if (pr.shown) fputc('\n', stderr);
  if (!rc && rf_monitor_finish(s->m)) rc = rf_cli_fail(&s->out.err);
  if (s->out.fp != stdout && fclose(s->out.fp) && !rc) {
    fprintf(stderr, "redflag: %s: write error: %s\n", alerts_path, strerror(errno));
    rc = 1;
  }
  s->out.fp = NULL;
  return rc;
}

/* AMLSim's older output folders keep cash deposits and withdrawals apart in
 * cash_tx.csv, which the reader does not read: say so rather than leave them
 * out silently */
static void rf_i_note_cash_tx(const char *input) {
  char path[4096];
  struct stat sb;
  /* the folder, or the folder of the transactions file given */
  const char *slash = strrchr(input, '/');
  if (!stat(input, &sb) && S_ISDIR(sb.st_mode))
    snprintf(path, sizeof path, "%s/cash_tx.csv", input);
  else if (slash)
    snprintf(path, sizeof path, "%.*s/cash_tx.csv", (int)(slash - input), input);
  else
    snprintf(path, sizeof path, "cash_tx.csv");
  if (stat(path, &sb) || !S_ISREG(sb.st_mode)) return;
  FILE *fp = fopen(path, "rb");
  long rows = -1; /* lines after the header */
  int c, last = '\n';
  while (fp && (c = getc(fp)) != EOF) {
    if (c == '\n') rows++;
    last = c;
  }
  if (fp) fclose(fp);
  if (last != '\n') rows++;
  fprintf(stderr,
          "redflag monitor: note: %s (%ld cash transactions) is not read; only the transfers "
          "between accounts are monitored\n",
          path, rows < 0 ? 0 : rows);
}

int rf_cmd_monitor(int argc, char **argv) {
  const char *format = NULL, *input = NULL, *config = NULL, *alerts_path = "alerts.jsonl";
  const char *db_path = NULL, *rejects = NULL, *cleared = NULL;
  int64_t lateness = 86400, threads = 2, max_jump = 0, dedupe = 0;
  int quiet = 0, print_config = 0, screen = 0, early = 0;
  rf_cli_strs lists = {0};
  const rf_opt opts[] = {
      RF_CLI_FLAG("--quiet", &quiet),
      RF_CLI_FLAG("--early", &early),
      RF_CLI_FLAG("--screen", &screen),
      RF_CLI_FLAG("--print-config", &print_config),
      RF_CLI_STR("--format", &format),
      RF_CLI_STR("--input", &input),
      RF_CLI_STR("--config", &config),
      RF_CLI_STR("--alerts", &alerts_path),
      RF_CLI_STR("--db", &db_path),
      RF_CLI_STR("--rejects", &rejects),
      RF_CLI_STR("--cleared", &cleared),
      RF_CLI_LISTS(&lists),
      RF_CLI_NUM("--threads", RF_OPT_I64, &threads, "1 or 2", 1, 2),
      RF_CLI_NUM("--lateness", RF_OPT_I64, &lateness, "a number of seconds", 0, 9.2e18),
      RF_CLI_NUM("--max-jump", RF_OPT_I64, &max_jump, "a number of seconds or -1", -1, 9.2e18),
      RF_CLI_NUM("--dedupe-window", RF_OPT_I64, &dedupe, "a number of seconds or -1", -1, 9.2e18),
      {.name = NULL}};
  int prc = rf_cli_parse("monitor", argc, argv, opts, rf_i_usage);
  if (prc) return prc < 0 ? 0 : prc;
  if (lists.n || cleared) screen = 1;
  rf_error err;
  rf_error_clear(&err);
  rf_monitor_config cfg;
  rf_monitor_config_defaults(&cfg);
  if (config && rf_monitor_config_load(&cfg, config, &err)) return rf_cli_fail(&err);
  if (print_config) return rf_monitor_config_write(&cfg, stdout, &err) ? rf_cli_fail(&err) : 0;
  if (!format || !input) return rf_cli_needs("monitor", "--format and --input", rf_i_usage);
  rf_ingest_opts io;
  memset(&io, 0, sizeof io);
  if (rf_txn_format_parse(format, &io.format)) {
    fprintf(stderr, "redflag monitor: unknown format '%s' (amlworld, amlsim, redflag)\n", format);
    return 2;
  }
  io.rejects_path = rejects;
  io.max_lateness = lateness;
  io.max_jump = max_jump;
  io.jsonl = -1;
  io.skip = RF_INGEST_SKIP_BANKS; /* no detector looks at banks */

  double t0 = rf_now();
  rf_i_mon s = {.out = {.path = alerts_path},
                .run = {.command = "monitor", .input = input, .format = format}};
  s.out.cx = &s.cx;
  rf_buf_init(&s.out.b);
  rf_buf_init(&s.cfgtext);
  rf_error_clear(&s.out.err);
  int rc = 0;
  if (rf_monitor_new(&s.m, &cfg, &err)) return rf_cli_fail(&err);
  /* by default, ids stay known as long as a closing alert can name them */
  io.dedupe_window = dedupe;
  if (!dedupe) {
    int64_t need = rf_monitor_horizon(s.m) + lateness;
    io.dedupe_window = need > RF_INGEST_DEFAULT_DEDUPE ? need : RF_INGEST_DEFAULT_DEDUPE;
  }
  if (rf_ingest_open(&s.cx.r, input, &io, &err)) rc = rf_cli_fail(&err);
  if (!rc) rf_monitor_set_text(s.m, rf_i_text, &s.cx);
  if (!rc && io.format == RF_FMT_AMLSIM) rf_i_note_cash_tx(input);
  if (!rc && screen && cfg.enabled[RF_TYP_SANCTIONED])
    rc = rf_i_screen_setup(&s, &lists, cleared, &err);
  /* with nowhere to write: nothing is read, no summary */
  if (!rc) rc = rf_i_out_open(&s, alerts_path, db_path, &cfg, &err);
  if (rc) {
    if (s.out.fp && s.out.fp != stdout) fclose(s.out.fp);
    rf_i_mon_free(&s);
    return rc;
  }
  /* an unlabelled stream keeps nothing of a written alert (constant memory
   * on a live feed); labelled ones keep what the evaluation needs */
  rf_monitor_sink sink = {.fn = rf_i_sink,
                          .ud = &s.out,
                          .lateness = lateness,
                          .release = 1,
                          .early = early,
                          .forget = io.format != RF_FMT_AMLSIM && !rf_ingest_has_labels(s.cx.r)};
  rf_monitor_set_sink(s.m, &sink);

  rc = rf_i_run(&s, (int)threads, quiet, rejects != NULL, t0, alerts_path);
  double t_detect = rf_now() - t0;
  FILE *o = !strcmp(alerts_path, "-") ? stderr : stdout;
  rf_i_print_summary(o, &s, input, format, rf_now() - t0, t_detect);
  rf_buf evjson;
  rf_buf_init(&evjson);
  if (!rc) rf_i_print_eval(o, &s, io.format == RF_FMT_AMLSIM, &evjson);
  if (!rc && s.out.db) rc = rf_i_store_finish(o, &s, db_path, &evjson, rf_now() - t0);
  rf_buf_free(&evjson);
  rf_i_mon_free(&s);
  return rc;
}
