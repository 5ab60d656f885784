/* redflag demo: the whole pipeline on demo data, written up as a report.
 *
 *   1. load the sanctions lists and screen the demo customers
 *   2. generate labelled transactions (redflag schema, deterministic seed)
 *   3. monitor them with every detector, alerts into SQLite
 *   4. map the network behind the alerts: communities, exposure to the
 *      alerted accounts, a freeze plan with its re-routing comparison and
 *      the disruption curves
 *   5. write report.md / report.html beside the step outputs
 *
 * Each step is one of the tool's own commands (or a library call), so the
 * demo shows exactly what a user gets; their summaries are captured into
 * the report. */
#include "cli/cli.h"
#include "redflag/gen.h"
#include "redflag/lists.h"
#include "redflag/screen.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct rf_i_demo {
  const char *out;
  char path[4096];
  rf_buf md;  /* report.md */
  int failed; /* steps that failed */
} rf_i_demo;

static const char *rf_i_p(rf_i_demo *d, const char *name) {
  snprintf(d->path, sizeof d->path, "%s/%s", d->out, name);
  return d->path;
}

static char *rf_i_slurp(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return NULL;
  rf_buf b;
  rf_buf_init(&b);
  char tmp[8192];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, fp)) > 0) rf_buf_append(&b, tmp, n);
  fclose(fp);
  if (!b.data) rf_buf_puts(&b, "");
  return b.data;
}

/* Runs a subcommand with its stdout captured to DIR/<log>, then echoes the
 * log to the terminal and into the report as a code block. */
static int rf_i_step(rf_i_demo *d, const char *title, const char *log, rf_cli_fn fn, int argc,
                     char **argv) {
  char logpath[4096];
  snprintf(logpath, sizeof logpath, "%s/%s", d->out, log);
  fprintf(stderr, "\n== %s\n$ redflag", title);
  for (int i = 0; i < argc; i++) fprintf(stderr, " %s", argv[i]);
  fprintf(stderr, "\n");
  /* both streams go to the log: summaries are printed on either */
  fflush(stdout);
  fflush(stderr);
  int saved = dup(STDOUT_FILENO), saved_err = dup(STDERR_FILENO);
  int fd = open(logpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int rc = 1;
  if (saved >= 0 && saved_err >= 0 && fd >= 0) {
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    close(fd);
    rc = fn(argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(saved, STDOUT_FILENO);
    dup2(saved_err, STDERR_FILENO);
  } else if (fd >= 0) {
    close(fd);
  }
  if (saved >= 0) close(saved);
  if (saved_err >= 0) close(saved_err);
  char *text = rf_i_slurp(logpath);
  if (text) fputs(text, stdout);
  fflush(stdout);
  rf_buf_printf(&d->md, "\n### %s\n\n```\n$ redflag", title);
  for (int i = 0; i < argc; i++) rf_buf_printf(&d->md, " %s", argv[i]);
  rf_buf_printf(&d->md, "\n%s```\n", text ? text : "");
  if (rc) {
    rf_buf_printf(&d->md, "\n**This step failed (exit %d).**\n", rc);
    d->failed++;
  }
  free(text);
  return rc;
}

static const char *rf_i_find_data(const char *rel, char *buf, size_t bufsz) {
  if (access(rel, R_OK) == 0) return rel;
  snprintf(buf, bufsz, "%s/%s", RF_SOURCE_DIR, rel);
  return access(buf, R_OK) == 0 ? buf : NULL;
}

/* Screening: library call, then a table of the best hit per customer. */
static int rf_i_screen(rf_i_demo *d, const char *customers, const char *const *lists,
                       size_t nlists) {
  rf_error err = {0};
  rf_lists *l = NULL;
  rf_screener *s = NULL;
  int rc = 1;
  fprintf(stderr, "\n== 1. Screening demo customers against the sanctions lists\n");
  if (rf_lists_new(&l)) goto done;
  if (nlists) {
    for (size_t i = 0; i < nlists; i++)
      if (rf_lists_load_dir(l, lists[i], &err)) goto done;
  } else {
    char *dirs[8];
    size_t nd = rf_lists_default_dirs(RF_SOURCE_DIR, dirs, 8);
    rf_status lst = nd ? RF_OK
                       : rf_error_set(&err, RF_ENOTFOUND,
                                      "no sanctions lists found (see 'redflag lists update')");
    for (size_t i = 0; i < nd; i++) {
      if (!lst) lst = rf_lists_load_dir(l, dirs[i], &err);
      free(dirs[i]);
    }
    if (lst) goto done;
  }
  if (rf_screener_new(&s, l, &err)) goto done;
  rf_buf_puts(&d->md, "\n## 1. Sanctions screening\n\nLists used:\n\n| list | source | sha256 | "
                      "entities | names |\n|---|---|---|---|---|\n");
  for (size_t i = 0; i < rf_lists_nversions(l); i++) {
    const rf_list_version *v = rf_lists_version(l, i);
    rf_buf_printf(&d->md, "| %s | `%s` | `%.16s` | %zu | %zu |\n", v->list, v->dir, v->sha256,
                  v->entities, v->names);
  }
  FILE *out = fopen(rf_i_p(d, "screening.jsonl"), "w");
  if (!out) {
    rf_error_set(&err, RF_EIO, "%s: cannot write", d->path);
    goto done;
  }
  rf_screen_batch_opts bo = {0};
  rf_screen_batch_stats st = {0};
  rf_status sst = rf_screen_batch(s, customers, out, &bo, &st, &err);
  fclose(out);
  if (sst) goto done;
  rf_buf_printf(&d->md,
                "\n`%s`: %zu customers screened, %zu rejected, %zu with at least one hit "
                "(threshold %.2f). Full results with explanations: `screening.jsonl`.\n\n"
                "| row | customer | best match | list | uid | programs | score |\n"
                "|---|---|---|---|---|---|---|\n",
                customers, st.screened, st.rejected, st.with_hits, RF_SCREEN_DEFAULT_THRESHOLD);
  fprintf(stderr, "%zu customers screened, %zu with hits, %zu rejected\n", st.screened,
          st.with_hits, st.rejected);
  /* the customers with a hit, as written, become the listed payees of the
   * generated SANCTIONED attempts (step 2), which the monitor must find again */
  FILE *watch = fopen(rf_i_p(d, "watch-names.txt"), "w");
  FILE *in = fopen(rf_i_p(d, "screening.jsonl"), "r");
  char *line = NULL;
  size_t cap = 0;
  while (in && getline(&line, &cap, in) > 0) {
    json_t *o = json_loads(line, 0, NULL);
    json_t *ms = o ? json_object_get(o, "matches") : NULL;
    if (json_array_size(ms) > 0) {
      if (watch) fprintf(watch, "%s\n", json_string_value(json_object_get(o, "query")));
      json_t *m = json_array_get(ms, 0);
      rf_buf progs;
      rf_buf_init(&progs);
      size_t k;
      json_t *p;
      json_array_foreach(json_object_get(m, "programs"), k, p) {
        rf_buf_printf(&progs, "%s%s", k ? " " : "", json_string_value(p));
      }
      rf_buf_printf(&d->md, "| %lld | %s | %s | %s | %s | %s | %.2f |\n",
                    (long long)json_integer_value(json_object_get(o, "row")),
                    json_string_value(json_object_get(o, "query")),
                    json_string_value(json_object_get(m, "name")),
                    json_string_value(json_object_get(m, "list")),
                    json_string_value(json_object_get(m, "uid")), progs.data ? progs.data : "",
                    json_real_value(json_object_get(m, "score")));
      fprintf(stderr, "  %-40s -> %s (%s %s) %.2f\n",
              json_string_value(json_object_get(o, "query")),
              json_string_value(json_object_get(m, "name")),
              json_string_value(json_object_get(m, "list")),
              json_string_value(json_object_get(m, "uid")),
              json_real_value(json_object_get(m, "score")));
      rf_buf_free(&progs);
    }
    json_decref(o);
  }
  free(line);
  if (in) fclose(in);
  if (watch) fclose(watch);
  rc = 0;
done:
  if (rc) {
    fprintf(stderr, "redflag demo: screening failed: %s\n", err.msg);
    rf_buf_printf(&d->md, "\n**Screening failed:** %s\n", err.msg);
    d->failed++;
  }
  rf_screener_free(s);
  rf_lists_free(l);
  return rc;
}

/* Reads alerts.jsonl and writes the accounts of the given typologies, one
 * per line, to path. Returns how many were written. */
static size_t rf_i_alert_accounts(rf_i_demo *d, const char *alerts, const char *path,
                                  const char *const *typologies, int anchors_only,
                                  rf_strmap *exclude) {
  FILE *in = fopen(alerts, "r");
  FILE *out = fopen(path, "w");
  size_t n = 0;
  rf_strmap seen;
  rf_strmap_init(&seen);
  char *line = NULL;
  size_t cap = 0;
  if (out) fprintf(out, "account\n");
  while (in && out && getline(&line, &cap, in) > 0) {
    json_t *o = json_loads(line, 0, NULL);
    const char *typ = json_string_value(json_object_get(o, "typology"));
    int want = 0;
    for (size_t i = 0; typ && typologies[i]; i++) want |= !strcmp(typ, typologies[i]);
    json_t *accts = json_object_get(o, "accounts");
    for (size_t i = 0; want && i < json_array_size(accts) && (!anchors_only || i == 0); i++) {
      const char *a = json_string_value(json_array_get(accts, i));
      if (!a || !*a) continue;
      if (exclude && rf_strmap_get(exclude, a, strlen(a)) >= 0) continue;
      int ins = 0;
      rf_strmap_intern(&seen, a, strlen(a), &ins);
      if (ins) {
        rf_buf csv;
        rf_buf_init(&csv);
        rf_buf_csv_field(&csv, a);
        fprintf(out, "%s\n", csv.data);
        rf_buf_free(&csv);
        n++;
      }
    }
    json_decref(o);
  }
  free(line);
  if (in) fclose(in);
  if (out) fclose(out);
  (void)d;
  rf_strmap_destroy(&seen);
  return n;
}

static void rf_i_load_set(const char *path, rf_strmap *m) {
  FILE *in = fopen(path, "r");
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  int first = 1;
  while (in && (len = getline(&line, &cap, in)) > 0) {
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
    if (!first) rf_strmap_intern(m, line, (size_t)len, NULL);
    first = 0;
  }
  free(line);
  if (in) fclose(in);
}

/* The communities that hold the alerted accounts: for each community, how
 * many of its members an alert names, and who they are (with their role). */
static void rf_i_alert_communities(rf_i_demo *d, const char *comm_json, const char *seeds_csv) {
  rf_strmap alerted;
  rf_strmap_init(&alerted);
  rf_i_load_set(seeds_csv, &alerted);
  json_t *root = json_load_file(comm_json, 0, NULL);
  json_t *comms = json_object_get(root, "communities");
  size_t nc = json_array_size(comms);
  size_t *hits = calloc(nc ? nc : 1, sizeof *hits);
  for (size_t c = 0; hits && c < nc; c++) {
    json_t *ms = json_object_get(json_array_get(comms, c), "members");
    for (size_t k = 0; k < json_array_size(ms); k++) {
      const char *a = json_string_value(json_object_get(json_array_get(ms, k), "account"));
      if (a && rf_strmap_get(&alerted, a, strlen(a)) >= 0) hits[c]++;
    }
  }
  rf_buf_puts(
      &d->md,
      "\n#### Communities behind the alerts\n\n"
      "| community | accounts | alerted | alerted share | alerted members (role), by rank |\n"
      "|---|---|---|---|---|\n");
  for (int shown = 0; hits && shown < 8; shown++) {
    size_t best = nc;
    for (size_t c = 0; c < nc; c++)
      if (hits[c] && (best == nc || hits[c] > hits[best])) best = c;
    if (best == nc) break;
    json_t *co = json_array_get(comms, best);
    size_t size = (size_t)json_integer_value(json_object_get(co, "size"));
    rf_buf_printf(&d->md, "| #%lld | %zu | %zu | %.0f%% | ",
                  (long long)json_integer_value(json_object_get(co, "id")), size, hits[best],
                  size ? 100.0 * (double)hits[best] / (double)size : 0.0);
    json_t *ms = json_object_get(co, "members");
    int listed = 0;
    for (size_t k = 0; k < json_array_size(ms) && listed < 5; k++) {
      json_t *m = json_array_get(ms, k);
      const char *a = json_string_value(json_object_get(m, "account"));
      if (!a || rf_strmap_get(&alerted, a, strlen(a)) < 0) continue;
      rf_buf_printf(&d->md, "%s%s (%s)", listed++ ? ", " : "", a,
                    json_string_value(json_object_get(m, "role")));
    }
    rf_buf_puts(&d->md, " |\n");
    hits[best] = 0;
  }
  free(hits);
  json_decref(root);
  rf_strmap_destroy(&alerted);
}

/* The monitoring step's command line: the demo transactions, an alerts
 * file, one more option (opt val) and the lists the customers were screened
 * against (--screen: the default lists). v holds RF_I_MON_ARGS; returns argc. */
#define RF_I_MON_ARGS (10 + 2 * RF_CLI_STRS_MAX)
static int rf_i_monitor_args(char **v, const char *tx, const char *alerts, const char *opt,
                             const char *val, const rf_cli_strs *lists) {
  int n = 0;
  const char *fixed[] = {"monitor",  "--format", "redflag", "--input", tx,
                         "--alerts", alerts,     opt,       val};
  for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) v[n++] = (char *)fixed[i];
  if (!lists->n) v[n++] = "--screen";
  for (size_t i = 0; i < lists->n; i++) {
    v[n++] = "--lists";
    v[n++] = (char *)lists->v[i];
  }
  return n;
}

static void rf_i_usage(FILE *fp) {
  fprintf(fp, "usage: redflag demo [--out DIR] [--transactions N] [--seed S] [--lists DIR]...\n"
              "                    [--customers FILE.csv]\n\n"
              "Runs the whole pipeline on demo data: screens the demo customers, generates\n"
              "labelled transactions, monitors them (alerts stored in DIR/redflag.db), maps\n"
              "the network behind the alerts (communities, exposure, freeze plan, re-routing,\n"
              "disruption) and writes DIR/report.md and DIR/report.html.\n"
              "Defaults: --out demo-report --transactions 100000 --seed 7.\n");
}

static void rf_i_write_html(rf_i_demo *d) {
  FILE *fp = fopen(rf_i_p(d, "report.html"), "w");
  if (!fp) return;
  fputs("<!doctype html><html><head><meta charset=\"utf-8\"><title>redflag demo report</title>"
        "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
        "pre{background:#f5f5f5;padding:1em;overflow:auto;font-size:12px}"
        "img{max-width:100%;border:1px solid #ddd}</style></head><body>\n<pre>",
        fp);
  /* The markdown is readable as is; escape it into one pre block, and show
   * the plots as images after it. */
  for (const char *p = d->md.data; p && *p; p++) {
    if (*p == '<')
      fputs("&lt;", fp);
    else if (*p == '>')
      fputs("&gt;", fp);
    else if (*p == '&')
      fputs("&amp;", fp);
    else
      fputc(*p, fp);
  }
  fputs("</pre>\n", fp);
  const char *svgs[] = {"freeze-curve.svg", "disruption.svg"};
  for (size_t i = 0; i < 2; i++) {
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", d->out, svgs[i]);
    if (access(p, R_OK) == 0) fprintf(fp, "<h3>%s</h3><img src=\"%s\">\n", svgs[i], svgs[i]);
  }
  fputs("</body></html>\n", fp);
  fclose(fp);
}

/* out = d->out/name (a path that outlives the next rf_i_p call) */
#define RF_I_PATH 4096
static char *rf_i_path(const rf_i_demo *d, const char *name, char out[RF_I_PATH]) {
  snprintf(out, RF_I_PATH, "%s/%s", d->out, name);
  return out;
}
#define RF_I_ARGC(v) ((int)(sizeof(v) / sizeof *(v)))

/* 2. Generate labelled transactions whose payees include the screened
 * customers' list matches, monitor them (with --db), then again with the
 * analyst's cleared hits. Returns nonzero when a step failed. */
static int rf_i_demo_monitor(rf_i_demo *d, const char *seed, const char *ntx,
                             const rf_cli_strs *lists, const char *txpath, const char *alerts) {
  char patpath[RF_I_PATH], db[RF_I_PATH], watch[RF_I_PATH];
  rf_i_path(d, "patterns.txt", patpath);
  rf_i_path(d, "redflag.db", db);
  rf_i_path(d, "watch-names.txt", watch);
  rf_buf_puts(&d->md, "\n## 2. Transactions and monitoring\n");
  /* a month: the detectors that compare an account with its own history
   * ([general] history_factor) need some history before the laundering */
  struct stat ws;
  int have_watch = stat(watch, &ws) == 0 && ws.st_size > 0;
  char *gen[] = {"gen",          "--seed",     (char *)seed, "--transactions", (char *)ntx,
                 "--days",       "30",         "--format",   "redflag",        "--out",
                 (char *)txpath, "--patterns", patpath,      "--watch-names",  watch};
  if (rf_i_step(d, "2a. Generate labelled transactions", "gen.log", rf_cmd_gen,
                RF_I_ARGC(gen) - (have_watch ? 0 : 2), gen))
    return 1;
  unlink(db); /* one run per demo database */
  /* counterparties are screened against the same lists as the customers */
  char *mon[RF_I_MON_ARGS];
  int nmon = rf_i_monitor_args(mon, txpath, alerts, "--db", db, lists);
  if (rf_i_step(d, "2b. Monitor with every detector", "monitor.log", rf_cmd_monitor, nmon, mon))
    return 1;
  /* what an investigator reads back from the database first */
  char *top[] = {"alerts", "--db", db, "--sort", "score", "--limit", "15"};
  if (rf_i_step(d, "2c. The stored alerts, highest score first", "alerts-top.log", rf_cmd_alerts,
                RF_I_ARGC(top), top))
    return 1;
  /* the analyst's dispositions: the common names that matched list aliases
   * were reviewed and cleared (data/demo/cleared.csv); run again with them
   * (without --db: one monitoring run per demo database) */
  char clbuf[RF_I_PATH], alerts2[RF_I_PATH];
  const char *cleared = rf_i_find_data("data/demo/cleared.csv", clbuf, sizeof clbuf);
  if (!cleared) return 0;
  rf_i_path(d, "alerts-cleared.jsonl", alerts2);
  nmon = rf_i_monitor_args(mon, txpath, alerts2, "--cleared", cleared, lists);
  return rf_i_step(d, "2d. Monitor again with the analyst's cleared hits", "monitor-cleared.log",
                   rf_cmd_monitor, nmon, mon);
}

/* 3. The network behind the behaviour alerts: communities, exposure, a
 * freeze plan between placement and exit accounts, disruption curves. */
static void rf_i_demo_network(rf_i_demo *d, const char *txpath, const char *alerts) {
  rf_buf_puts(&d->md, "\n## 3. The network behind the alerts\n");
  char seeds[RF_I_PATH], sources[RF_I_PATH], sinks[RF_I_PATH], comm[RF_I_PATH], expo[RF_I_PATH],
      plan[RF_I_PATH], curve[RF_I_PATH], svg[RF_I_PATH], dcurve[RF_I_PATH], dsvg[RF_I_PATH];
  rf_i_path(d, "alerted-accounts.csv", seeds);
  rf_i_path(d, "sources.csv", sources);
  rf_i_path(d, "sinks.csv", sinks);
  rf_i_path(d, "communities.json", comm);
  rf_i_path(d, "exposure.csv", expo);
  rf_i_path(d, "freeze-plan.json", plan);
  rf_i_path(d, "freeze-curve.csv", curve);
  rf_i_path(d, "freeze-curve.svg", svg);
  rf_i_path(d, "disruption.csv", dcurve);
  rf_i_path(d, "disruption.svg", dsvg);
  /* the behaviour alerts seed the network analysis; 'sanctioned' name hits
   * are not evidence of illicit flow until an analyst has dispositioned them
   * (common names match aliases: "Luis Lopez" is an SDNTK alias) */
  static const char *const all[] = {
      "structuring",    "funnel",         "pass_through", "fan_in",    "fan_out",
      "scatter_gather", "gather_scatter", "cycle",        "bipartite", "stack",
      "corridor",       "dormant",        "volume_spike", NULL};
  /* placement: where illicit cash enters; integration: where it leaves */
  static const char *const placement[] = {"structuring", "funnel", "fan_in", NULL};
  static const char *const exits[] = {"fan_out", "corridor", "pass_through", NULL};
  size_t nseeds = rf_i_alert_accounts(d, alerts, seeds, all, 0, NULL);
  size_t nsrc = rf_i_alert_accounts(d, alerts, sources, placement, 1, NULL);
  rf_strmap srcset;
  rf_strmap_init(&srcset);
  rf_i_load_set(sources, &srcset);
  size_t nsink = rf_i_alert_accounts(d, alerts, sinks, exits, 1, &srcset);
  rf_strmap_destroy(&srcset);
  rf_buf_printf(&d->md,
                "\n%zu accounts are named by behaviour alerts (`alerted-accounts.csv`; "
                "sanctions-list name hits wait for an analyst's disposition and are left out); "
                "%zu anchor placement accounts (structuring, funnel, fan-in alerts) are the "
                "freeze plan's sources and %zu anchor exit accounts (fan-out, corridor, "
                "pass-through alerts) its sinks.\n",
                nseeds, nsrc, nsink);
  char *tx = (char *)txpath;
  char *com[] = {"network",        "communities", "--input", tx,
                 "--input-format", "redflag",     "--out",   comm};
  rf_i_step(d, "3a. Communities and roles", "communities.log", rf_cmd_network, RF_I_ARGC(com), com);
  if (nseeds && access(comm, R_OK) == 0) rf_i_alert_communities(d, comm, seeds);
  if (nseeds) {
    char *exa[] = {"network", "exposure", "--input", tx,      "--input-format",
                   "redflag", "--seeds",  seeds,     "--out", expo};
    rf_i_step(d, "3b. Exposure to the alerted accounts", "exposure.log", rf_cmd_network,
              RF_I_ARGC(exa), exa);
  }
  if (nsrc && nsink) {
    char *frz[] = {"network",  "freeze-plan", "--input",   tx,        "--input-format",
                   "redflag",  "--sources",   sources,     "--sinks", sinks,
                   "--budget", "5",           "--compare", "--out",   plan,
                   "--curve",  curve,         "--svg",     svg};
    rf_i_step(d, "3c. Freeze plan and re-routing (power vacuum) comparison", "freeze.log",
              rf_cmd_network, RF_I_ARGC(frz), frz);
    rf_buf_puts(&d->md, "\n![residual illicit flow vs accounts frozen](freeze-curve.svg)\n");
  } else {
    rf_buf_puts(&d->md, "\nNo freeze plan: the alerts gave no placement or no exit accounts.\n");
  }
  /* betweenness from sampled sources keeps the demo quick on big graphs */
  char *dis[] = {"network",
                 "disrupt",
                 "--input",
                 tx,
                 "--input-format",
                 "redflag",
                 "--strategy",
                 "degree,betweenness,ci,random",
                 "--betweenness-samples",
                 "64",
                 "--efficiency-samples",
                 "64",
                 "--mode",
                 "block",
                 "--out",
                 dcurve,
                 "--svg",
                 dsvg};
  rf_i_step(d, "3d. Disruption: fragmentation as hubs are removed", "disrupt.log", rf_cmd_network,
            RF_I_ARGC(dis), dis);
  rf_buf_puts(&d->md, "\n![largest component vs accounts removed](disruption.svg)\n");
}

/* report.md and report.html; returns the exit code */
static int rf_i_demo_report(rf_i_demo *d, double t0) {
  rf_buf_printf(&d->md, "\n---\nTotal time %.1f s; %d step(s) failed.\n", rf_now() - t0, d->failed);
  FILE *fp = fopen(rf_i_p(d, "report.md"), "w");
  if (fp) {
    fputs(d->md.data, fp);
    fclose(fp);
  }
  rf_i_write_html(d);
  fprintf(stderr, "\nreport: %s/report.md and %s/report.html (%d step(s) failed, %.1f s)\n", d->out,
          d->out, d->failed, rf_now() - t0);
  rf_buf_free(&d->md);
  return d->failed ? 1 : 0;
}

int rf_cmd_demo(int argc, char **argv) {
  rf_i_demo d = {.out = "demo-report"};
  const char *ntx = "100000", *seed = "7", *customers = NULL;
  rf_cli_strs lists = {0};
  const rf_opt opts[] = {RF_CLI_STR("--out", &d.out), RF_CLI_STR("--transactions", &ntx),
                         RF_CLI_STR("--seed", &seed), RF_CLI_STR("--customers", &customers),
                         RF_CLI_LISTS(&lists),        {.name = NULL}};
  int prc = rf_cli_parse("demo", argc, argv, opts, rf_i_usage);
  if (prc) return prc < 0 ? 0 : prc;
  char cbuf[RF_I_PATH];
  if (!customers) customers = rf_i_find_data("data/demo/customers.csv", cbuf, sizeof cbuf);
  if (!customers) {
    fprintf(stderr, "redflag demo: data/demo/customers.csv not found (use --customers)\n");
    return 1;
  }
  if (mkdir(d.out, 0755) && errno != EEXIST) {
    fprintf(stderr, "redflag demo: cannot create %s: %s\n", d.out, strerror(errno));
    return 1;
  }
  double t0 = rf_now();
  rf_buf_init(&d.md);
  rf_buf_printf(&d.md,
                "# redflag demo report\n\nredflag %s. Every figure below was produced by this run; "
                "the commands are shown so each step can be repeated on its own.\n",
                RF_VERSION);
  /* 1. customers against the lists */
  rf_i_screen(&d, customers, lists.v, lists.n);
  char txpath[RF_I_PATH], alerts[RF_I_PATH];
  rf_i_path(&d, "transactions.csv", txpath);
  rf_i_path(&d, "alerts.jsonl", alerts);
  if (!rf_i_demo_monitor(&d, seed, ntx, &lists, txpath, alerts))
    rf_i_demo_network(&d, txpath, alerts);
  return rf_i_demo_report(&d, t0);
}
