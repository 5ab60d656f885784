/*
 * redflag store: persistence of monitoring runs and alerts behind one small
 * interface. The embedded backend is SQLite (WAL journal, synchronous=FULL,
 * so a committed transaction survives a crash or power loss); the schema is
 * plain portable SQL (see docs/store.md) so a PostgreSQL backend can be
 * added behind the same functions.
 *
 *   rf_store *s;
 *   rf_store_open(&s, "redflag.db", &err);   // creates and migrates
 *   int64_t run;
 *   rf_store_run_begin(s, &info, &run, &err);
 *   rf_store_begin(s, &err);
 *   rf_store_alert_insert(s, &alert, &err);  // many
 *   rf_store_commit(s, &err);
 *   rf_store_run_finish(s, &info, &err);
 *   rf_store_close(s);
 */
#ifndef REDFLAG_STORE_H
#define REDFLAG_STORE_H

#include "redflag/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Current schema version (rf_store_open migrates older files up to it). */
#define RF_STORE_SCHEMA_VERSION 2

typedef struct rf_store rf_store;

/* Opens (creating if needed) and migrates the database at path. */
rf_status rf_store_open(rf_store **out, const char *path, rf_error *err);
void rf_store_close(rf_store *s);
/* Opens an existing database for reading only: nothing is created or
 * migrated (a file that is not a redflag database, or is newer than this
 * build, is an error); the insert and run calls then fail. */
rf_status rf_store_open_readonly(rf_store **out, const char *path, rf_error *err);
/* Applies pending migrations; called by rf_store_open. */
rf_status rf_store_migrate(rf_store *s, rf_error *err);
int rf_store_schema_version(rf_store *s);

/* Explicit transactions; inserts outside begin/commit autocommit. */
rf_status rf_store_begin(rf_store *s, rf_error *err);
rf_status rf_store_commit(rf_store *s, rf_error *err);
rf_status rf_store_rollback(rf_store *s, rf_error *err);

/* A monitoring run and its summary. */
typedef struct rf_store_run {
  int64_t run_id;         /* filled by rf_store_run_begin */
  const char *started_at; /* ISO 8601 (NULL = now) */
  const char *command;    /* e.g. "monitor" */
  const char *input;      /* path */
  const char *format;     /* amlworld | amlsim | redflag */
  const char *config;     /* the effective configuration text (may be NULL) */
  uint64_t rows_read, processed, rejected, alerts;
  double seconds;
  const char *summary_json; /* free-form JSON summary (counts per typology, evaluation) */
  /* --- additions --- */
  const char *finished_at; /* ISO 8601; NULL while running or after a crash (queries only) */
} rf_store_run;

/* Inserts the run row; sets info->run_id and *run_id. */
rf_status rf_store_run_begin(rf_store *s, rf_store_run *info, int64_t *run_id, rf_error *err);
/* Updates the run's counters, time and summary. */
rf_status rf_store_run_finish(rf_store *s, const rf_store_run *info, rf_error *err);

/* An alert as stored: strings only, independent of the monitor's types. */
typedef struct rf_store_alert {
  int64_t run_id;
  int64_t alert_id;
  const char *typology;
  double score;
  const char *window_start, *window_end; /* ISO 8601 */
  const char *explanation;
  const char *const *accounts;
  size_t naccounts;
  const char *const *transactions; /* transaction ids or line numbers as text */
  size_t ntransactions;
  /* --- additions --- */
  const char *status; /* "open" (an early copy) or "final"; NULL = "final" */
} rf_store_alert;

/* Stores an alert; one already stored under the same (run_id, alert_id)
 * is replaced whole (an early copy by the final alert). */
rf_status rf_store_alert_insert(rf_store *s, const rf_store_alert *a, rf_error *err);

/* Query filter: zero / NULL fields do not filter. */
typedef struct rf_store_query {
  int64_t run_id;
  const char *typology;
  const char *account; /* alerts naming this account */
  double min_score;
  size_t limit; /* 0 = no limit */
  /* --- additions --- */
  int by_score; /* order by score, highest first (then run_id, alert_id) */
} rf_store_query;

/* Called once per matching alert (ordered by run_id, alert_id, or by score
 * with by_score); the
 * strings are valid during the call only. Return non-zero to stop. */
typedef int (*rf_store_alert_cb)(void *ud, const rf_store_alert *a);
rf_status rf_store_alerts_query(rf_store *s, const rf_store_query *q, rf_store_alert_cb cb,
                                void *ud, rf_error *err);
/* Runs in run_id order (only run_id when it is not 0); the strings are
 * valid during the call only, NULL when not recorded. Non-zero stops. */
typedef int (*rf_store_run_cb)(void *ud, const rf_store_run *r);
rf_status rf_store_runs_query(rf_store *s, int64_t run_id, rf_store_run_cb cb, void *ud,
                              rf_error *err);
/* Number of alerts stored for a run (all runs if run_id == 0). */
rf_status rf_store_alerts_count(rf_store *s, int64_t run_id, uint64_t *count, rf_error *err);

#ifdef __cplusplus
}
#endif
#endif
