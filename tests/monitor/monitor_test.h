/* Helpers shared by the monitor tests. */
#ifndef RF_MONITOR_TEST_H
#define RF_MONITOR_TEST_H
#include "redflag/monitor.h"

#include <string.h>

/* A transfer as the tests push it: input line, accounts, time, amount and
 * method; no transaction id, currency, bank, name, country or place. */
static inline rf_txn rf_test_txn(uint64_t line, uint32_t src, uint32_t dst, int64_t time,
                                 double amount, rf_channel ch) {
  rf_txn t;
  memset(&t, 0, sizeof t);
  t.line = line;
  t.time = time;
  t.txid = RF_NONE;
  t.src = src;
  t.dst = dst;
  t.amount = t.amount_received = amount;
  t.currency = t.currency_received = RF_NONE;
  t.channel = (uint8_t)ch;
  t.label = -1;
  t.src_bank = t.dst_bank = t.src_name = t.dst_name = RF_NONE;
  t.src_country = t.dst_country = t.location = t.state = t.conductor = RF_NONE;
  return t;
}

/* A monitor with the built-in defaults (NULL when it cannot be made). */
static inline rf_monitor *rf_test_monitor_defaults(void) {
  rf_monitor_config c;
  rf_monitor_config_defaults(&c);
  rf_monitor *m = NULL;
  rf_error err;
  return rf_monitor_new(&m, &c, &err) == RF_OK ? m : NULL;
}
#endif
