/* SQLite backend of the store. */
#include "redflag/store.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct rf_store {
  sqlite3 *db;
  char *path;
  sqlite3_stmt *ins_alert, *ins_acct, *ins_txn, *del_acct, *del_txn; /* NULL: read-only */
  int version;                                                       /* schema version */
};

/* Migrations: plain portable SQL (also valid PostgreSQL). Index i brings the
 * schema from version i to i+1. */
static const char *const rf_i_migrations[] = {
    "CREATE TABLE runs (\n"
    "  run_id BIGINT PRIMARY KEY,\n"
    "  started_at TEXT NOT NULL,\n"
    "  finished_at TEXT,\n"
    "  command TEXT NOT NULL,\n"
    "  input TEXT,\n"
    "  format TEXT,\n"
    "  config TEXT,\n"
    "  rows_read BIGINT NOT NULL DEFAULT 0,\n"
    "  processed BIGINT NOT NULL DEFAULT 0,\n"
    "  rejected BIGINT NOT NULL DEFAULT 0,\n"
    "  alerts BIGINT NOT NULL DEFAULT 0,\n"
    "  seconds DOUBLE PRECISION,\n"
    "  summary TEXT\n"
    ");\n"
    "CREATE TABLE alerts (\n"
    "  run_id BIGINT NOT NULL REFERENCES runs(run_id),\n"
    "  alert_id BIGINT NOT NULL,\n"
    "  typology TEXT NOT NULL,\n"
    "  score DOUBLE PRECISION NOT NULL,\n"
    "  window_start TEXT,\n"
    "  window_end TEXT,\n"
    "  explanation TEXT NOT NULL,\n"
    "  PRIMARY KEY (run_id, alert_id)\n"
    ");\n"
    "CREATE INDEX alerts_typology ON alerts (typology);\n"
    "CREATE TABLE alert_accounts (\n"
    "  run_id BIGINT NOT NULL,\n"
    "  alert_id BIGINT NOT NULL,\n"
    "  pos INTEGER NOT NULL,\n"
    "  account TEXT NOT NULL,\n"
    "  PRIMARY KEY (run_id, alert_id, pos),\n"
    "  FOREIGN KEY (run_id, alert_id) REFERENCES alerts (run_id, alert_id)\n"
    ");\n"
    "CREATE INDEX alert_accounts_account ON alert_accounts (account);\n"
    "CREATE TABLE alert_transactions (\n"
    "  run_id BIGINT NOT NULL,\n"
    "  alert_id BIGINT NOT NULL,\n"
    "  pos INTEGER NOT NULL,\n"
    "  txn TEXT NOT NULL,\n"
    "  PRIMARY KEY (run_id, alert_id, pos),\n"
    "  FOREIGN KEY (run_id, alert_id) REFERENCES alerts (run_id, alert_id)\n"
    ");\n",
    /* 2: early copies of alerts (redflag monitor --early) until the final one */
    "ALTER TABLE alerts ADD COLUMN status TEXT NOT NULL DEFAULT 'final';\n",
};
#define RF_I_NMIG (sizeof rf_i_migrations / sizeof *rf_i_migrations)

static rf_status rf_i_db(rf_store *s, rf_error *err, const char *what) {
  return rf_error_set(err, RF_EDB, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

static rf_status rf_i_exec(rf_store *s, const char *sql, rf_error *err) {
  char *msg = NULL;
  if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    rf_status st = rf_error_set(err, RF_EDB, "%s: %s", s->path, msg ? msg : "sqlite error");
    sqlite3_free(msg);
    return st;
  }
  return RF_OK;
}

int rf_store_schema_version(rf_store *s) {
  sqlite3_stmt *st;
  int v = 0;
  if (sqlite3_prepare_v2(s->db, "SELECT MAX(version) FROM rf_schema", -1, &st, NULL) != SQLITE_OK)
    return 0;
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return v;
}

rf_status rf_store_migrate(rf_store *s, rf_error *err) {
  rf_status st =
      rf_i_exec(s, "CREATE TABLE IF NOT EXISTS rf_schema (version INTEGER NOT NULL)", err);
  if (st) return st;
  int v = rf_store_schema_version(s);
  if (v > (int)RF_I_NMIG)
    return rf_error_set(err, RF_EDB, "%s: schema version %d is newer than this redflag (%d)",
                        s->path, v, (int)RF_I_NMIG);
  for (int i = v; i < (int)RF_I_NMIG; i++) {
    if ((st = rf_i_exec(s, "BEGIN IMMEDIATE", err))) return st;
    if ((st = rf_i_exec(s, rf_i_migrations[i], err))) {
      rf_i_exec(s, "ROLLBACK", NULL);
      return st;
    }
    char sql[96];
    snprintf(sql, sizeof sql, "INSERT INTO rf_schema (version) VALUES (%d)", i + 1);
    if ((st = rf_i_exec(s, sql, err)) || (st = rf_i_exec(s, "COMMIT", err))) {
      rf_i_exec(s, "ROLLBACK", NULL);
      return st;
    }
  }
  return RF_OK;
}

rf_status rf_store_open(rf_store **out, const char *path, rf_error *err) {
  *out = NULL;
  rf_store *s = calloc(1, sizeof *s);
  if (!s) return rf_error_set(err, RF_ENOMEM, "store: out of memory");
  s->path = strdup(path);
  if (!s->path) {
    free(s);
    return rf_error_set(err, RF_ENOMEM, "store: out of memory");
  }
  if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
      SQLITE_OK) {
    rf_status st = rf_error_set(err, RF_EDB, "%s: cannot open database: %s", path,
                                s->db ? sqlite3_errmsg(s->db) : "out of memory");
    rf_store_close(s);
    return st;
  }
  sqlite3_busy_timeout(s->db, 5000);
  rf_status st = rf_i_exec(s,
                           "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                           "PRAGMA foreign_keys=ON;",
                           err);
  if (!st) st = rf_store_migrate(s, err);
  if (!st) s->version = rf_store_schema_version(s);
  if (!st &&
      (sqlite3_prepare_v2(s->db,
                          "INSERT INTO alerts (run_id, alert_id, typology, score, window_start, "
                          "window_end, explanation, status) VALUES (?,?,?,?,?,?,?,?) "
                          "ON CONFLICT (run_id, alert_id) DO UPDATE SET typology = "
                          "excluded.typology, score = excluded.score, window_start = "
                          "excluded.window_start, window_end = excluded.window_end, "
                          "explanation = excluded.explanation, status = excluded.status",
                          -1, &s->ins_alert, NULL) != SQLITE_OK ||
       sqlite3_prepare_v2(s->db, "DELETE FROM alert_accounts WHERE run_id = ? AND alert_id = ?", -1,
                          &s->del_acct, NULL) != SQLITE_OK ||
       sqlite3_prepare_v2(s->db, "DELETE FROM alert_transactions WHERE run_id = ? AND alert_id = ?",
                          -1, &s->del_txn, NULL) != SQLITE_OK ||
       sqlite3_prepare_v2(s->db,
                          "INSERT INTO alert_accounts (run_id, alert_id, pos, account) "
                          "VALUES (?,?,?,?)",
                          -1, &s->ins_acct, NULL) != SQLITE_OK ||
       sqlite3_prepare_v2(s->db,
                          "INSERT INTO alert_transactions (run_id, alert_id, pos, txn) "
                          "VALUES (?,?,?,?)",
                          -1, &s->ins_txn, NULL) != SQLITE_OK))
    st = rf_i_db(s, err, "prepare");
  if (st) {
    rf_store_close(s);
    return st;
  }
  *out = s;
  return RF_OK;
}

rf_status rf_store_open_readonly(rf_store **out, const char *path, rf_error *err) {
  *out = NULL;
  rf_store *s = calloc(1, sizeof *s);
  if (!s || !(s->path = strdup(path))) {
    free(s);
    return rf_error_set(err, RF_ENOMEM, "store: out of memory");
  }
  rf_status st = RF_OK;
  if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    st = rf_error_set(err, RF_EDB, "%s: cannot open database: %s", path,
                      s->db ? sqlite3_errmsg(s->db) : "out of memory");
  if (!st) {
    sqlite3_busy_timeout(s->db, 5000);
    s->version = rf_store_schema_version(s);
    if (s->version <= 0)
      st = rf_error_set(err, RF_EDB, "%s: not a redflag database (no schema version)", path);
    else if (s->version > (int)RF_I_NMIG)
      st = rf_error_set(err, RF_EDB, "%s: schema version %d is newer than this redflag (%d)", path,
                        s->version, (int)RF_I_NMIG);
  }
  if (st) {
    rf_store_close(s);
    return st;
  }
  *out = s;
  return RF_OK;
}

void rf_store_close(rf_store *s) {
  if (!s) return;
  sqlite3_finalize(s->ins_alert);
  sqlite3_finalize(s->ins_acct);
  sqlite3_finalize(s->ins_txn);
  sqlite3_finalize(s->del_acct);
  sqlite3_finalize(s->del_txn);
  if (s->db) sqlite3_close(s->db);
  free(s->path);
  free(s);
}

rf_status rf_store_begin(rf_store *s, rf_error *err) {
  return rf_i_exec(s, "BEGIN IMMEDIATE", err);
}
rf_status rf_store_commit(rf_store *s, rf_error *err) { return rf_i_exec(s, "COMMIT", err); }
rf_status rf_store_rollback(rf_store *s, rf_error *err) { return rf_i_exec(s, "ROLLBACK", err); }

static void rf_i_now_iso(char *buf, size_t n) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

rf_status rf_store_run_begin(rf_store *s, rf_store_run *info, int64_t *run_id, rf_error *err) {
  sqlite3_stmt *st = NULL;
  int64_t id = 1;
  if (sqlite3_prepare_v2(s->db, "SELECT COALESCE(MAX(run_id), 0) + 1 FROM runs", -1, &st, NULL) !=
      SQLITE_OK)
    return rf_i_db(s, err, "next run id");
  if (sqlite3_step(st) == SQLITE_ROW) id = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  char now[32];
  rf_i_now_iso(now, sizeof now);
  if (sqlite3_prepare_v2(s->db,
                         "INSERT INTO runs (run_id, started_at, command, input, format, config) "
                         "VALUES (?,?,?,?,?,?)",
                         -1, &st, NULL) != SQLITE_OK)
    return rf_i_db(s, err, "insert run");
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_text(st, 2, info->started_at ? info->started_at : now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, info->command ? info->command : "monitor", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 4, info->input, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 5, info->format, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 6, info->config, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return rf_i_db(s, err, "insert run");
  info->run_id = id;
  if (run_id) *run_id = id;
  return RF_OK;
}

rf_status rf_store_run_finish(rf_store *s, const rf_store_run *info, rf_error *err) {
  sqlite3_stmt *st = NULL;
  char now[32];
  rf_i_now_iso(now, sizeof now);
  if (sqlite3_prepare_v2(s->db,
                         "UPDATE runs SET finished_at=?, rows_read=?, processed=?, rejected=?, "
                         "alerts=?, seconds=?, summary=? WHERE run_id=?",
                         -1, &st, NULL) != SQLITE_OK)
    return rf_i_db(s, err, "update run");
  sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, (sqlite3_int64)info->rows_read);
  sqlite3_bind_int64(st, 3, (sqlite3_int64)info->processed);
  sqlite3_bind_int64(st, 4, (sqlite3_int64)info->rejected);
  sqlite3_bind_int64(st, 5, (sqlite3_int64)info->alerts);
  sqlite3_bind_double(st, 6, info->seconds);
  sqlite3_bind_text(st, 7, info->summary_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 8, info->run_id);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return rf_i_db(s, err, "update run");
  if (sqlite3_changes(s->db) != 1)
    return rf_error_set(err, RF_ENOTFOUND, "%s: run %lld not found", s->path,
                        (long long)info->run_id);
  return RF_OK;
}

static int rf_i_step_reset(sqlite3_stmt *st) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

rf_status rf_store_alert_insert(rf_store *s, const rf_store_alert *a, rf_error *err) {
  if (!s->ins_alert) return rf_error_set(err, RF_EINVAL, "%s: opened read-only", s->path);
  if (!a->typology || !a->explanation)
    return rf_error_set(err, RF_EINVAL, "store: alert needs a typology and an explanation");
  sqlite3_stmt *st = s->ins_alert;
  sqlite3_bind_int64(st, 1, a->run_id);
  sqlite3_bind_int64(st, 2, a->alert_id);
  sqlite3_bind_text(st, 3, a->typology, -1, SQLITE_STATIC);
  sqlite3_bind_double(st, 4, a->score);
  sqlite3_bind_text(st, 5, a->window_start, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 6, a->window_end, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 7, a->explanation, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 8, a->status ? a->status : "final", -1, SQLITE_STATIC);
  if (rf_i_step_reset(st)) return rf_i_db(s, err, "insert alert");
  /* a replaced alert (an early copy) loses its old accounts and evidence */
  sqlite3_stmt *del[2] = {s->del_acct, s->del_txn};
  for (int i = 0; i < 2; i++) {
    sqlite3_bind_int64(del[i], 1, a->run_id);
    sqlite3_bind_int64(del[i], 2, a->alert_id);
    if (rf_i_step_reset(del[i])) return rf_i_db(s, err, "replace alert");
  }
  for (size_t i = 0; i < a->naccounts; i++) {
    sqlite3_bind_int64(s->ins_acct, 1, a->run_id);
    sqlite3_bind_int64(s->ins_acct, 2, a->alert_id);
    sqlite3_bind_int64(s->ins_acct, 3, (sqlite3_int64)i);
    sqlite3_bind_text(s->ins_acct, 4, a->accounts[i] ? a->accounts[i] : "", -1, SQLITE_STATIC);
    if (rf_i_step_reset(s->ins_acct)) return rf_i_db(s, err, "insert alert account");
  }
  for (size_t i = 0; i < a->ntransactions; i++) {
    sqlite3_bind_int64(s->ins_txn, 1, a->run_id);
    sqlite3_bind_int64(s->ins_txn, 2, a->alert_id);
    sqlite3_bind_int64(s->ins_txn, 3, (sqlite3_int64)i);
    sqlite3_bind_text(s->ins_txn, 4, a->transactions[i] ? a->transactions[i] : "", -1,
                      SQLITE_STATIC);
    if (rf_i_step_reset(s->ins_txn)) return rf_i_db(s, err, "insert alert transaction");
  }
  return RF_OK;
}

/* a nullable text column as a C string (NULL stays NULL) */
static const char *rf_i_col_text(sqlite3_stmt *st, int i) {
  return (const char *)sqlite3_column_text(st, i);
}

/* collects the text column of a (run_id, alert_id) child table */
static rf_status rf_i_children(rf_store *s, sqlite3_stmt *st, int64_t run, int64_t alert,
                               char ***out, size_t *n, rf_error *err) {
  size_t cap = 0;
  *out = NULL;
  *n = 0;
  sqlite3_bind_int64(st, 1, run);
  sqlite3_bind_int64(st, 2, alert);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (*n == cap) {
      cap = cap ? cap * 2 : 8;
      char **nv = realloc(*out, cap * sizeof *nv);
      if (!nv) {
        sqlite3_reset(st);
        return rf_error_set(err, RF_ENOMEM, "store: out of memory");
      }
      *out = nv;
    }
    const unsigned char *t = sqlite3_column_text(st, 0);
    (*out)[(*n)++] = strdup(t ? (const char *)t : "");
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) return rf_i_db(s, err, "query");
  return RF_OK;
}

static void rf_i_free_strs(char **v, size_t n) {
  for (size_t i = 0; i < n; i++) free(v[i]);
  free(v);
}

rf_status rf_store_alerts_query(rf_store *s, const rf_store_query *q, rf_store_alert_cb cb,
                                void *ud, rf_error *err) {
  rf_store_query none;
  memset(&none, 0, sizeof none);
  if (!q) q = &none;
  char sql[512];
  snprintf(sql, sizeof sql,
           "SELECT run_id, alert_id, typology, score, window_start, window_end, explanation, "
           "%s FROM alerts a WHERE (?1 = 0 OR run_id = ?1) AND (?2 IS NULL OR typology = ?2) "
           "AND score >= ?3 AND (?4 IS NULL OR EXISTS (SELECT 1 FROM alert_accounts c WHERE "
           "c.run_id = a.run_id AND c.alert_id = a.alert_id AND c.account = ?4)) "
           "ORDER BY %srun_id, alert_id%s",
           s->version >= 2 ? "status" : "'final'", q->by_score ? "score DESC, " : "",
           q->limit ? " LIMIT ?5" : "");
  sqlite3_stmt *st = NULL, *sa = NULL, *stx = NULL;
  rf_status res = RF_OK;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(s->db,
                         "SELECT account FROM alert_accounts WHERE run_id=? AND alert_id=? "
                         "ORDER BY pos",
                         -1, &sa, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(s->db,
                         "SELECT txn FROM alert_transactions WHERE run_id=? AND alert_id=? "
                         "ORDER BY pos",
                         -1, &stx, NULL) != SQLITE_OK) {
    res = rf_i_db(s, err, "prepare query");
    goto done;
  }
  sqlite3_bind_int64(st, 1, q->run_id);
  if (q->typology) sqlite3_bind_text(st, 2, q->typology, -1, SQLITE_STATIC);
  sqlite3_bind_double(st, 3, q->min_score);
  if (q->account) sqlite3_bind_text(st, 4, q->account, -1, SQLITE_STATIC);
  if (q->limit) sqlite3_bind_int64(st, 5, (sqlite3_int64)q->limit);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    rf_store_alert a;
    memset(&a, 0, sizeof a);
    a.run_id = sqlite3_column_int64(st, 0);
    a.alert_id = sqlite3_column_int64(st, 1);
    a.typology = rf_i_col_text(st, 2);
    a.score = sqlite3_column_double(st, 3);
    a.window_start = rf_i_col_text(st, 4);
    a.window_end = rf_i_col_text(st, 5);
    a.explanation = rf_i_col_text(st, 6);
    a.status = rf_i_col_text(st, 7);
    char **acc = NULL, **tx = NULL;
    size_t nacc = 0, ntx = 0;
    if ((res = rf_i_children(s, sa, a.run_id, a.alert_id, &acc, &nacc, err)) ||
        (res = rf_i_children(s, stx, a.run_id, a.alert_id, &tx, &ntx, err))) {
      rf_i_free_strs(acc, nacc);
      rf_i_free_strs(tx, ntx);
      goto done;
    }
    a.accounts = (const char *const *)acc;
    a.naccounts = nacc;
    a.transactions = (const char *const *)tx;
    a.ntransactions = ntx;
    int stop = cb(ud, &a);
    rf_i_free_strs(acc, nacc);
    rf_i_free_strs(tx, ntx);
    if (stop) break;
  }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) res = rf_i_db(s, err, "query");
done:
  sqlite3_finalize(st);
  sqlite3_finalize(sa);
  sqlite3_finalize(stx);
  return res;
}

rf_status rf_store_alerts_count(rf_store *s, int64_t run_id, uint64_t *count, rf_error *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, "SELECT COUNT(*) FROM alerts WHERE (?1 = 0 OR run_id = ?1)", -1,
                         &st, NULL) != SQLITE_OK)
    return rf_i_db(s, err, "count");
  sqlite3_bind_int64(st, 1, run_id);
  rf_status res = RF_OK;
  if (sqlite3_step(st) == SQLITE_ROW)
    *count = (uint64_t)sqlite3_column_int64(st, 0);
  else
    res = rf_i_db(s, err, "count");
  sqlite3_finalize(st);
  return res;
}

rf_status rf_store_runs_query(rf_store *s, int64_t run_id, rf_store_run_cb cb, void *ud,
                              rf_error *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT run_id, started_at, finished_at, command, input, format, config, "
                         "rows_read, processed, rejected, alerts, seconds, summary FROM runs "
                         "WHERE (?1 = 0 OR run_id = ?1) ORDER BY run_id",
                         -1, &st, NULL) != SQLITE_OK)
    return rf_i_db(s, err, "query runs");
  sqlite3_bind_int64(st, 1, run_id);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    rf_store_run r;
    memset(&r, 0, sizeof r);
    r.run_id = sqlite3_column_int64(st, 0);
    r.started_at = rf_i_col_text(st, 1);
    r.finished_at = rf_i_col_text(st, 2);
    r.command = rf_i_col_text(st, 3);
    r.input = rf_i_col_text(st, 4);
    r.format = rf_i_col_text(st, 5);
    r.config = rf_i_col_text(st, 6);
    r.rows_read = (uint64_t)sqlite3_column_int64(st, 7);
    r.processed = (uint64_t)sqlite3_column_int64(st, 8);
    r.rejected = (uint64_t)sqlite3_column_int64(st, 9);
    r.alerts = (uint64_t)sqlite3_column_int64(st, 10);
    r.seconds = sqlite3_column_double(st, 11);
    r.summary_json = rf_i_col_text(st, 12);
    if (cb(ud, &r)) break;
  }
  rf_status res = rc == SQLITE_ROW || rc == SQLITE_DONE ? RF_OK : rf_i_db(s, err, "query runs");
  sqlite3_finalize(st);
  return res;
}
