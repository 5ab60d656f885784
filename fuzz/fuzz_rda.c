/* libFuzzer target: the R data (.rda / .rds igraph) reader of rf_graph_read_mem. */
#include "fuzz_graph_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return rf_i_fuzz_graph(RF_GRAPH_RDA, data, size);
}
