/*
 * redflag monitor: streaming detectors over time-ordered transactions that
 * produce explained alerts.
 *
 *   rf_monitor_config cfg;
 *   rf_monitor_config_defaults(&cfg);
 *   rf_monitor_config_load(&cfg, "monitor.ini", &err);      (optional)
 *   rf_monitor *m;
 *   rf_monitor_new(&m, &cfg, &err);
 *   while (rf_ingest_next(r, &t, &err) == RF_OK) rf_monitor_push(m, &t);
 *   rf_monitor_finish(m);
 *   for (size_t i = 0; i < rf_monitor_nalerts(m); i++) use(rf_monitor_alert(m, i));
 *   rf_monitor_free(m);
 *
 * Per-account state lives in compact arrays indexed by the reader's dense
 * account id. Each account keeps only the edges inside the longest detector
 * window (and at most `max_edges` of them), so memory is bounded per open
 * window, not by the length of the stream.
 *
 * Alerts name accounts by their dense id (rf_txn.src/dst) and evidence by
 * input line number (rf_txn.line) and transaction-id dictionary id
 * (rf_txn.txid); the caller maps them to strings with the reader's
 * dictionaries (rf_ingest_account, rf_ingest_txid).
 */
#ifndef REDFLAG_MONITOR_H
#define REDFLAG_MONITOR_H

#include "redflag/core.h"
#include "redflag/ingest.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rf_typology {
  RF_TYP_STRUCTURING = 0, /* cash just under a threshold, repeated; split transfers */
  RF_TYP_FUNNEL,          /* many depositors/locations in, emptied quickly */
  RF_TYP_PASS_THROUGH,    /* most of an inflow leaves within a short time */
  RF_TYP_FAN_IN,
  RF_TYP_FAN_OUT,
  RF_TYP_SCATTER_GATHER, /* one source -> many mules -> one target */
  RF_TYP_GATHER_SCATTER, /* many sources -> one hub -> many targets */
  RF_TYP_CYCLE,          /* money returns to its origin, increasing times */
  RF_TYP_BIPARTITE,      /* group of senders -> group of receivers, dense */
  RF_TYP_STACK,          /* two or more bipartite layers chained */
  RF_TYP_CORRIDOR,       /* high-risk country corridor */
  RF_TYP_SANCTIONED,     /* counterparty name hits the screening engine */
  RF_TYP_DORMANT,        /* dormant account waking up */
  RF_TYP_VOLUME_SPIKE,   /* volume far above the account's own history */
  RF_TYP_COUNT
} rf_typology;

/* "structuring", "fan_in", ... (stable names used in JSON and the store). */
const char *rf_typology_str(rf_typology t);
/* Returns RF_TYP_COUNT if unknown. */
rf_typology rf_typology_parse(const char *s);

/* Optional screening hook (detector 8): return a score in [0,1] for a
 * counterparty name and optionally a short description of the best hit in
 * `hit` (NUL-terminated, hitsz bytes). Return < 0 when the name cannot be
 * screened. Called once per distinct name (the result is cached), from the
 * detector thread. The front end wires this to include/redflag/screen.h;
 * the monitor itself has no list dependency. */
typedef double (*rf_monitor_screen_fn)(void *ud, const char *name, char *hit, size_t hitsz);

#define RF_MONITOR_MAX_COUNTRIES 64

typedef struct rf_monitor_config {
  /* general */
  int64_t max_window;      /* derived: how long account rings keep edges (longest enabled window) */
  uint32_t max_edges;      /* per account and direction kept in memory (default 512) */
  int64_t cooldown;        /* an account/typology alert stays open this long (default 3d) */
  double history_factor;   /* profile gate of fan-in/out, funnel and gather-scatter: the
                              window's count must be >= factor x what the account's earlier
                              share of all traffic predicts for the window (5; 0 = off) */
  int name_counterparties; /* aggregate detectors (fan-in/out, funnel, pass-through,
                              gather-scatter, cash structuring, corridor, profile) also name
                              every counterparty in `accounts` (default 0: the anchor only;
                              counterparties are in the evidence transactions) */
  double min_amount;       /* materiality: graph and degree detectors (fan, scatter/gather,
                             cycle, layering) ignore transactions below this many base-currency
                             units (1000) */
  char base_currency[32];  /* amounts are compared in this currency ("US Dollar"); rates are
                             learnt from rows paying and receiving different currencies */
  char base_currency_code[8]; /* its ISO code ("USD") */
  uint32_t hub_degree;        /* accounts with more transactions than this in a detector's window
                                 (merchants, payroll, exchanges) are not traced through by the graph
                                 searches: scatter-gather, cycles, layering (100) */
  int64_t min_history;        /* history before the window the profile gate needs (1d) */
  int young_pass;             /* accounts with less than min_history of activity before the
                                 window pass the profile gate (1) or wait (0, default): a burst is
                                 judged against the account's own past */
  int enabled[RF_TYP_COUNT];

  /* 1 structuring */
  double struct_threshold; /* reporting threshold, currencies not listed below (10000) */
  size_t nccy;             /* per-currency thresholds ("currency_thresholds = USD:10000, ...") */
  char ccy_name[16][32];
  double ccy_threshold[16];
  double struct_margin;      /* "just under" = [threshold*(1-margin), threshold) (0.2) */
  int64_t struct_window;     /* 7d */
  uint32_t struct_min_count; /* 3 sub-threshold cash txns */
  double struct_min_total;   /* summing to at least this fraction of threshold (1.0) */
  uint32_t split_min_count;  /* same pair, same short window: split transfers (3) */
  int64_t split_window;      /* 1d */
  double split_max_spread;   /* largest piece <= spread x smallest (2; 0 = off) */
  int split_twin;            /* two pieces of one odd amount (to the cent, not a whole number)
                                within split_window are a split payment too (on) */
  int64_t link_window;       /* after a split payment, its two parties' other transfers in the
                                pieces' amount band name their counterparties too, for this long
                                (90d; 0 = off) */
  double link_band;          /* the band: [smallest piece / band, largest piece x band] (1.25) */
  uint32_t link_min_count;   /* pieces in the band the new party moves within split_window (2) */
  uint32_t link_collector;   /* once an account has made this many split payments in overlapping
                                bands, each with another party, one piece in the band names its
                                party (2; 0 = off) */
  /* 2 funnel */
  int64_t funnel_window;       /* 7d */
  uint32_t funnel_min_sources; /* distinct depositors / conductors (5) */
  uint32_t funnel_min_places;  /* distinct states or locations (3) */
  double funnel_out_ratio;     /* share of inflow that leaves (0.7) */
  double funnel_min_amount;    /* inflow at least (5000) */
  /* 3 pass-through */
  int64_t pass_window;    /* 12h */
  double pass_ratio;      /* out/in within [ratio, 1/ratio] (0.9) */
  double pass_min_amount; /* 10000 */
  /* 4 fan-in / fan-out */
  int64_t fan_window;      /* 2d */
  uint32_t fan_min_degree; /* distinct counterparties (8) */
  double fan_quantile;     /* and the window's transaction count is at or above this quantile
                              of all accounts' counts seen so far (default 0 = off; applies
                              after 65,536 observations) */
  /* 5 scatter-gather / gather-scatter */
  int64_t sg_window;      /* 3d */
  uint32_t sg_min_paths;  /* distinct intermediaries (3) */
  uint32_t gs_min_degree; /* gather-scatter: distinct senders and receivers (4) */
  /* 6 cycles */
  int64_t cycle_window;      /* 10d */
  uint32_t cycle_min_hops;   /* 3 */
  uint32_t cycle_max_hops;   /* 8 */
  double cycle_amount_ratio; /* consecutive hop amounts within this ratio (0.5) */
  uint32_t cycle_budget;     /* edge expansions per search (500) */
  /* 7 bipartite / stack */
  int64_t bip_window;         /* 3d */
  uint32_t bip_min_senders;   /* 3 */
  uint32_t bip_min_receivers; /* 2 */
  double
      bip_min_share; /* receivers fed mostly by the group: share of their payers (0.5; 0 = off) */
  uint32_t bip_max_payments; /* a sender with more payments in the window is a payer hub (20) */
  /* 8 corridor / sanctioned */
  int64_t corridor_window;     /* 30d */
  double corridor_min_amount;  /* 3000 */
  uint32_t corridor_min_count; /* 1 */
  size_t ncountries;           /* high-risk jurisdictions: any payment to/from them alerts */
  char countries[RF_MONITOR_MAX_COUNTRIES][4]; /* ISO alpha-2 / alpha-3 */
  size_t ncorridor; /* corridor countries: aggravate funnels (no alert on their own) */
  char corridor_countries[RF_MONITOR_MAX_COUNTRIES][4];
  double screen_min_score; /* 0.95 */
  /* 9 profile deviation */
  int64_t dormant_gap;       /* 90d */
  double dormant_min_amount; /* 1000 */
  int64_t spike_min_history; /* 30d */
  double spike_factor;       /* day volume >= factor x mean volume per active day (10) */
  double spike_min_amount;   /* 10000 */
  uint32_t spike_min_days;   /* active days of history before a spike counts (10) */
} rf_monitor_config;

void rf_monitor_config_defaults(rf_monitor_config *cfg);
/* Loads an INI file ([section] key = value, # or ; comments) over cfg.
 * Unknown sections/keys and bad values are errors "file:line: ...".
 * Durations take s/m/h/d/w suffixes (plain numbers are seconds). */
rf_status rf_monitor_config_load(rf_monitor_config *cfg, const char *path, rf_error *err);
rf_status rf_monitor_config_parse(rf_monitor_config *cfg, const char *text, size_t len,
                                  const char *label, rf_error *err);
/* Writes the configuration as a loadable INI file. */
rf_status rf_monitor_config_write(const rf_monitor_config *cfg, FILE *fp, rf_error *err);

/* One piece of evidence. */
typedef struct rf_alert_txn {
  uint64_t line;
  uint32_t txid;     /* RF_NONE when the format has no ids */
  uint32_t src, dst; /* RF_NONE on the cash side of a deposit or withdrawal at a teller */
  int64_t time;
  double amount;
} rf_alert_txn;

typedef struct rf_alert {
  uint64_t id; /* 1-based, in order of opening */
  rf_typology typology;
  double score; /* [0,1] */
  int64_t window_start, window_end;
  uint32_t *accounts; /* first = anchor account */
  size_t naccounts;
  rf_alert_txn *txns;
  size_t ntxns;
  char *explanation; /* human text with the numbers that fired it */
  double value;      /* the main measured number (count, ratio, ...) */
  double threshold;  /* its configured threshold */
  /* --- additions --- */
  int open; /* 1: an early copy for a sink with early set (still open, the
               evidence so far); the final alert comes later with 0 */
} rf_alert;

typedef struct rf_monitor rf_monitor;

rf_status rf_monitor_new(rf_monitor **out, const rf_monitor_config *cfg, rf_error *err);
void rf_monitor_free(rf_monitor *m);
/* Optional: resolves text ids (countries, names) for the corridor and
 * screening detectors and for explanations. */
typedef const char *(*rf_monitor_text_fn)(void *ud, uint32_t text_id);
void rf_monitor_set_text(rf_monitor *m, rf_monitor_text_fn fn, void *ud);
void rf_monitor_set_screen(rf_monitor *m, rf_monitor_screen_fn fn, void *ud);
/* Pushes one transaction (time-ordered; slightly late rows are tolerated).
 * Returns RF_ENOMEM on allocation failure, RF_ELIMIT for a row the monitor
 * cannot hold (more than 68 years from the first one, or an input line
 * number of 2^48 or more; nothing is stored), else RF_OK. */
rf_status rf_monitor_push(rf_monitor *m, const rf_txn *t);
/* Hint: prefetch the state push(t) will touch (stage 0: accounts, 1: their
 * rings). Used by rf_monitor_run on batches; optional. */
void rf_monitor_prefetch(const rf_monitor *m, const rf_txn *t, int stage);
/* How far ahead of push a batch loop prefetches: stage 0 this many
 * transactions ahead, stage 1 RF_MONITOR_PREFETCH_NEAR ahead. Measured on the
 * 5M-row bench: 48/12 was about 4% faster with every detector on but 10%
 * slower for the streaming rules alone, so both stay at 16/4. */
#define RF_MONITOR_PREFETCH_FAR 16
#define RF_MONITOR_PREFETCH_NEAR 4

/* Runs the whole stream of a reader through the monitor (then call
 * rf_monitor_finish). With threads >= 2 (default) a reader thread parses
 * while the calling thread detects; the text callback is serialised with
 * the reader's interning. Rejected rows go to on_reject (from the reader
 * thread); RF_EIO / RF_ENOMEM stop the run. */
typedef struct rf_monitor_run_opts {
  int threads; /* 0 = 2 */
  void (*on_reject)(void *ud, const rf_error *err);
  void (*on_progress)(void *ud, uint64_t transactions);
  void *ud;
} rf_monitor_run_opts;
rf_status rf_monitor_run(rf_monitor *m, rf_ingest *r, const rf_monitor_run_opts *o, rf_error *err);

/* Closes all open alerts. Call once at end of stream. With a sink, the
 * alerts still open are delivered to it: returns RF_EIO when the sink
 * fails, else RF_OK. */
rf_status rf_monitor_finish(rf_monitor *m);

/* ------------------------------------------------- streaming alerts
 *
 * Without a sink, alerts are read after rf_monitor_finish. With one, each
 * alert is handed over as soon as it is final: its account has been quiet
 * for [general] cooldown plus `lateness` (use the reader's max_lateness:
 * a row that late could still extend it), or the stream ended. A feed that
 * never ends (stdin) thus yields alerts as it goes. Alerts come in batches,
 * every alert exactly once, in the order they close: the monitor checks
 * once per hour of stream time, and the alerts one check closes come by id
 * (so the order does not depend on threads or batches). Delivery happens inside rf_monitor_push,
 * or, under rf_monitor_run, between batches (never while the reader thread interns names, so the
 * sink may resolve names), and in rf_monitor_finish.
 *
 * With release set, a delivered alert's accounts, evidence and explanation
 * are freed (memory then holds only the open alerts plus about 100 bytes
 * per delivered one): rf_monitor_alert still gives its id, typology, score,
 * window, value and threshold, with naccounts = ntxns = 0, and
 * rf_monitor_evaluate still counts it (with forget, not even that is
 * kept, see below). A nonzero return from fn stops the
 * stream: push, run and finish return RF_EIO.
 *
 * With early set, each alert is also handed over when it opens, as a copy
 * with open = 1 and the evidence so far (at the next delivery: after the
 * push that opened it, or under rf_monitor_run after its batch), so a live
 * feed shows an alert within seconds instead of after the cooldown. The
 * final alert follows with open = 0 and the same id; an alert that is
 * already final when it would be sent early comes only once. Early copies
 * are never released and do not change the monitor's alerts. */
typedef int (*rf_monitor_sink_fn)(void *ud, const rf_alert *const *alerts, size_t n);
typedef struct rf_monitor_sink {
  rf_monitor_sink_fn fn; /* NULL: no sink */
  void *ud;
  int64_t lateness; /* seconds (negative = 0) */
  int release;      /* free a delivered alert's evidence */
  /* --- additions --- */
  int early; /* also hand over each alert when it opens (open = 1) */
  /* with release, on a stream without transaction labels: a delivered alert
   * is dropped entirely (rf_monitor_alert returns NULL for it; nalerts and
   * rf_monitor_counts still count it), so an endless feed keeps memory for
   * its open alerts only; rf_monitor_evaluate with labels then fails */
  int forget;
} rf_monitor_sink;
/* Set before the first push. */
void rf_monitor_set_sink(rf_monitor *m, const rf_monitor_sink *s);

/* Seconds after a transaction's time that an alert closing on schedule may
 * still list it as evidence: the longest window a row is looked up in plus
 * the cooldown. A reader's dedupe window at least this long (plus its
 * lateness) keeps every such transaction's id nameable. */
int64_t rf_monitor_horizon(const rf_monitor *m);
/* Alerts opened so far; alert i has id i + 1 (NULL when i is out of range
 * or the alert was forgotten by a sink with forget set). */
size_t rf_monitor_nalerts(const rf_monitor *m);
const rf_alert *rf_monitor_alert(const rf_monitor *m, size_t i);
/* Alerts per typology. */
void rf_monitor_counts(const rf_monitor *m, uint64_t counts[RF_TYP_COUNT]);
uint64_t rf_monitor_ntxns(const rf_monitor *m);

/* --------------------------------------------------------- evaluation */

/* Compares alerts with labels: transaction labels (rf_txn.label, seen by
 * push) and/or account labels supplied with rf_monitor_eval_account_label.
 * An account is flagged when any alert names it; a transaction when any
 * alert lists it as evidence. */
typedef struct rf_monitor_prf {
  uint64_t tp, fp, fn;
  double precision, recall, f1;
} rf_monitor_prf;

typedef struct rf_monitor_eval {
  int have_txn_labels, have_account_labels;
  rf_monitor_prf txn, account;
  /* transaction level without the name-screening detector ('sanctioned'):
   * its hits on common names need an analyst's disposition and say nothing
   * of how well the behaviour detectors do */
  rf_monitor_prf txn_behaviour;
  /* per typology: alerts, alerts whose evidence holds >= 1 laundering txn
   * (or, account labels only, whose anchor account is labelled) */
  uint64_t alerts[RF_TYP_COUNT], alerts_true[RF_TYP_COUNT];
  /* per typology: laundering transactions its alerts list as evidence (a
   * transaction in the evidence of two typologies counts for both) */
  uint64_t txns_covered[RF_TYP_COUNT];
} rf_monitor_eval;

/* account_label(ud, id) returns 1 laundering, 0 normal, -1 unknown; NULL
 * when there are no account labels. */
typedef int (*rf_monitor_label_fn)(void *ud, uint32_t account);
rf_status rf_monitor_evaluate(const rf_monitor *m, rf_monitor_label_fn account_label, void *ud,
                              size_t naccounts, rf_monitor_eval *out, rf_error *err);

/* Writes one alert as a JSON object line (no trailing newline) into b.
 * account_name / txn_name map ids to the strings of the input; txn_name may
 * be NULL (evidence is then given as input line numbers). */
typedef const char *(*rf_monitor_name_fn)(void *ud, uint32_t id);
int rf_alert_to_json(const rf_alert *a, rf_buf *b, rf_monitor_name_fn account_name,
                     rf_monitor_name_fn txn_name, void *ud);

/* Writes every alert of m into the store db under run_id (rf_store_run_begin
 * gives one). Commits every RF_MONITOR_STORE_BATCH alerts, so that a crash
 * keeps everything up to the last batch; on error the open batch is rolled
 * back. Names come from account_name / txn_name as in rf_alert_to_json
 * (txn_name may be NULL: evidence is then stored as "line:N"). Alerts a
 * sink released are skipped: the sink had them. */
typedef struct rf_store rf_store;
#define RF_MONITOR_STORE_BATCH 5000
/* One alert (for a sink): no transaction is opened. A released alert is
 * rejected with RF_EINVAL. */
rf_status rf_monitor_store_alert(rf_store *db, int64_t run_id, const rf_alert *a,
                                 rf_monitor_name_fn account_name, rf_monitor_name_fn txn_name,
                                 void *ud, rf_error *err);
rf_status rf_monitor_store_alerts(const rf_monitor *m, rf_store *db, int64_t run_id,
                                  rf_monitor_name_fn account_name, rf_monitor_name_fn txn_name,
                                  void *ud, rf_error *err);

#ifdef __cplusplus
}
#endif
#endif
