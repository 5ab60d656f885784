/* libFuzzer target: the monitor's INI configuration parser. Any input either
 * parses or fails with a message; a parsed configuration must write back out
 * and parse again to the same text (round trip). */
#include "redflag/monitor.h"

#include <stdlib.h>
#include <string.h>

static char *rf_i_write(const rf_monitor_config *cfg, size_t *len) {
  char *buf = NULL;
  FILE *fp = open_memstream(&buf, len);
  if (!fp) return NULL;
  rf_status st = rf_monitor_config_write(cfg, fp, NULL);
  fclose(fp);
  if (st != RF_OK) {
    free(buf);
    return NULL;
  }
  return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  rf_monitor_config cfg;
  rf_monitor_config_defaults(&cfg);
  rf_error err;
  if (rf_monitor_config_parse(&cfg, (const char *)data, size, "fuzz.ini", &err) != RF_OK) {
    if (!err.msg[0]) abort(); /* a failure always says why */
    return 0;
  }
  size_t n1 = 0, n2 = 0;
  char *t1 = rf_i_write(&cfg, &n1);
  if (!t1) abort();
  rf_monitor_config again;
  rf_monitor_config_defaults(&again);
  if (rf_monitor_config_parse(&again, t1, n1, "roundtrip.ini", &err) != RF_OK) abort();
  char *t2 = rf_i_write(&again, &n2);
  if (!t2 || n1 != n2 || memcmp(t1, t2, n1)) abort();
  free(t1);
  free(t2);
  return 0;
}
