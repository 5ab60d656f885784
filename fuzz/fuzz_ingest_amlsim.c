/* libFuzzer target: AMLSim reader. The input is transactions.csv, then a
 * line "--nodes--", then nodes.csv (absent: no labels). */
#include "fuzz_ingest_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *d = (const char *)data;
  static const char sep[] = "\n--nodes--\n";
  const char *m = memmem(d, size, sep, sizeof sep - 1);
  size_t txlen = m ? (size_t)(m - d) + 1 : size;
  const char *nodes = m ? m + sizeof sep - 1 : NULL;
  size_t nlen = m ? size - (size_t)(nodes - d) : 0;
  rf_ingest_opts o = {0};
  o.format = RF_FMT_AMLSIM;
  o.max_lateness = (size & 1) ? 86400 : -1;
  rf_ingest *r = NULL;
  rf_error err;
  if (rf_ingest_open_amlsim_mem(&r, d, txlen, nodes, nlen, "fuzz", &o, &err) == RF_OK) {
    rf_fuzz_drain(r);
    rf_ingest_close(r);
  }
  return 0;
}
