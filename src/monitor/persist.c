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
                       .ntransactions = a->ntxns};
  return rf_store_alert_insert(db, &sa, err);
}

rf_status rf_monitor_store_alerts(const rf_monitor *m, rf_store *db, int64_t run_id,
                                  rf_monitor_name_fn account_name, rf_monitor_name_fn txn_name,
                                  void *ud, rf_error *err) {
  if (!m || !db || !account_name)
    return rf_error_set(err, RF_EINVAL, "monitor: store_alerts needs a monitor, a store and names");
  rf_status st = rf_store_begin(db, err);
  if (st) return st;
  const char **acc = NULL, **tx = NULL;
  char *txbuf = NULL;
  size_t acap = 0, tcap = 0;
  for (size_t i = 0; i < m->nalerts && !st; i++) {
    const rf_alert *a = &m->alerts[i].pub;
    if (a->naccounts > acap || a->ntxns > tcap) {
      acap = a->naccounts > acap ? a->naccounts : acap;
      tcap = a->ntxns > tcap ? a->ntxns : tcap;
      const char **na = realloc(acc, (acap ? acap : 1) * sizeof *na);
      if (na) acc = na;
      const char **nt = realloc(tx, (tcap ? tcap : 1) * sizeof *nt);
      if (nt) tx = nt;
      char *nb = realloc(txbuf, (tcap ? tcap : 1) * RF_I_LINE_NAME);
      if (nb) txbuf = nb;
      if (!na || !nt || !nb) {
        st = rf_error_set(err, RF_ENOMEM, "monitor: out of memory storing alerts");
        break;
      }
    }
    st = rf_i_insert_alert(db, run_id, a, acc, tx, txbuf, account_name, txn_name, ud, err);
    if (!st && i % RF_MONITOR_STORE_BATCH == RF_MONITOR_STORE_BATCH - 1) {
      st = rf_store_commit(db, err);
      if (!st) st = rf_store_begin(db, err);
    }
  }
  free(acc);
  free(tx);
  free(txbuf);
  if (st) {
    rf_store_rollback(db, NULL);
    return st;
  }
  return rf_store_commit(db, err);
}
