/* libFuzzer target: a cleared-hits file ("good-guy list") parsed from one
 * buffer. A file that loads has at least one pair per data row it counted;
 * a file that fails names its source in the message. */
#include "redflag/screen.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  rf_screen_cleared *c = NULL;
  rf_error err;
  rf_status st = rf_screen_cleared_load_mem(&c, (const char *)data, size, "fuzz", &err);
  if (st == RF_OK) {
    if (!c) abort();
    /* pairs counted never exceed the lines of the input */
    size_t lines = 1;
    for (size_t i = 0; i < size; i++) lines += data[i] == '\n' || data[i] == '\r';
    if (rf_screen_cleared_count(c) > lines) abort();
  } else {
    if (c) abort();
    if (st != RF_ENOMEM && !strstr(err.msg, "fuzz")) abort();
  }
  rf_screen_cleared_free(c);
  return 0;
}
