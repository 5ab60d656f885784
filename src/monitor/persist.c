/* Persisting a monitor's alerts in the store. */
#include "monitor_i.h"
#include "redflag/store.h"

#include <stdio.h>
#include <stdlib.h>

/* evidence names: the transaction id when the input has one, else "line:N" */
#define RF_I_LINE_NAME 24

/* one alert as a store row; acc/tx/txbuf are scratch of the alert's size */
static rf_status rf_i_insert_alert(rf_store *db, int64_t run, const rf_alert *a, const char **acc,
                                   const char **tx, char *txbuf, rf_monitor_name_fn account_name,
                                   rf_monitor_name_fn txn_name, void *ud, rf_error *err) {
  for (size_t k = 0; k < a->naccounts; k++) acc[k] = account_name(ud, a->accounts[k]);
  for (size_t k = 0; k < a->ntxns; k++) {
    const char *id = txn_name && a->txns[k].txid != RF_NONE ? txn_name(ud, a->txns[k].txid) : NULL;
    if (!id) {
      char *s = txbuf + k * RF_I_LINE_NAME;
      snprintf(s, RF_I_LINE_NAME, "line:%llu", (unsigned long long)a->txns[k].line);
      id = s;
    }
    tx[k] = id;
  }
  char ws[32], we[32];
  rf_time_format(a->window_start, ws, sizeof ws);
  rf_time_format(a->window_end, we, sizeof we);
  rf_store_alert sa = {.run_id = run,
                       .alert_id = (int64_t)a->id,
                       .typology = rf_typology_str(a->typology),
                       .score = a->score,
                       .window_start = ws,
                       .window_end = we,
                       .explanation = a->explanation ? a->explanation : "",
                       .accounts = acc,
                       .naccounts = a->naccounts,
                       .transactions = tx,
                       .ntransactions = a->ntxns,
                       .status = a->open ? "open" : "final"};
  return rf_store_alert_insert(db, &sa, err);
}

/* scratch for one alert's names */
typedef struct rf_i_names {
  const char **acc, **tx;
  char *txbuf;
  size_t acap, tcap;
} rf_i_names;

static int rf_i_names_fit(rf_i_names *s, const rf_alert *a) {
  if (a->naccounts <= s->acap && a->ntxns <= s->tcap) return 0;
  size_t acap = a->naccounts > s->acap ? a->naccounts : s->acap;
  size_t tcap = a->ntxns > s->tcap ? a->ntxns : s->tcap;
  const char **na = realloc(s->acc, (acap ? acap : 1) * sizeof *na);
  if (na) s->acc = na;
  const char **nt = realloc(s->tx, (tcap ? tcap : 1) * sizeof *nt);
  if (nt) s->tx = nt;
  char *nb = realloc(s->txbuf, (tcap ? tcap : 1) * RF_I_LINE_NAME);
  if (nb) s->txbuf = nb;
  if (!na || !nt || !nb) return -1;
  s->acap = acap;
  s->tcap = tcap;
  return 0;
}

static void rf_i_names_free(rf_i_names *s) {
  free(s->acc);
  free(s->tx);
  free(s->txbuf);
}

static rf_status rf_i_store_one(rf_store *db, int64_t run_id, const rf_alert *a, rf_i_names *s,
                                rf_monitor_name_fn account_name, rf_monitor_name_fn txn_name,
                                void *ud, rf_error *err) {
  if (rf_i_names_fit(s, a))
    return rf_error_set(err, RF_ENOMEM, "monitor: out of memory storing alerts");
  return rf_i_insert_alert(db, run_id, a, s->acc, s->tx, s->txbuf, account_name, txn_name, ud, err);
}

rf_status rf_monitor_store_alert(rf_store *db, int64_t run_id, const rf_alert *a,
                                 rf_monitor_name_fn account_name, rf_monitor_name_fn txn_name,
                                 void *ud, rf_error *err) {
  if (!db || !a || !account_name)
    return rf_error_set(err, RF_EINVAL, "monitor: store_alert needs a store, an alert and names");
  if (!a->naccounts)
    return rf_error_set(err, RF_EINVAL, "monitor: alert %llu was released (no evidence left)",
                        (unsigned long long)a->id);
  rf_i_names s = {0};
  rf_status st = rf_i_store_one(db, run_id, a, &s, account_name, txn_name, ud, err);
  rf_i_names_free(&s);
  return st;
}

rf_status rf_monitor_store_alerts(const rf_monitor *m, rf_store *db, int64_t run_id,
                                  rf_monitor_name_fn account_name, rf_monitor_name_fn txn_name,
                                  void *ud, rf_error *err) {
  if (!m || !db || !account_name)
    return rf_error_set(err, RF_EINVAL, "monitor: store_alerts needs a monitor, a store and names");
  rf_status st = rf_store_begin(db, err);
  if (st) return st;
  rf_i_names s = {0};
  size_t stored = 0;
  for (size_t i = 0; i < m->nalerts && !st; i++) {
    const rf_i_alert *ia = rf_i_al_kept(m, i);
    const rf_alert *a = ia ? &ia->pub : NULL;
    if (!a || !a->naccounts) continue; /* released by a sink, which had it */
    st = rf_i_store_one(db, run_id, a, &s, account_name, txn_name, ud, err);
    if (!st && ++stored % RF_MONITOR_STORE_BATCH == 0) {
      st = rf_store_commit(db, err);
      if (!st) st = rf_store_begin(db, err);
    }
  }
  rf_i_names_free(&s);
  if (st) {
    rf_store_rollback(db, NULL);
    return st;
  }
  return rf_store_commit(db, err);
}
