/* libFuzzer target: the core CSV reader must never crash, hang or leak on
 * any byte sequence, and must always make progress. */
#include "redflag/core.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  rf_csv_opts o = {.max_field = 256, .max_fields = 64, .sep = size && data[0] == '\t' ? '\t' : ','};
  rf_csv *c = NULL;
  if (rf_csv_open_mem(&c, (const char *)data, size, "fuzz", &o, NULL) != RF_OK) return 0;
  char **f;
  size_t n;
  size_t guard = 0;
  rf_status st;
  while ((st = rf_csv_next(c, &f, &n, NULL)) != RF_EEMPTY) {
    if (st == RF_OK)
      for (size_t i = 0; i < n; i++) (void)f[i][0];
    if (++guard > size + 2) __builtin_trap(); /* no progress: a hang */
  }
  rf_csv_close(c);
  return 0;
}
