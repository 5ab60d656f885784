/* libFuzzer target: redflag schema, JSON Lines. */
#include "fuzz_ingest_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  rf_fuzz_one(data, size, RF_FMT_REDFLAG, 1);
  return 0;
}
