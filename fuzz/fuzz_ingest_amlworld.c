/* libFuzzer target: AMLworld CSV reader. */
#include "fuzz_ingest_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  rf_fuzz_one(data, size, RF_FMT_AMLWORLD, 0);
  return 0;
}
