/* Internal header of the network module (graph analyses). */
#ifndef RF_NETWORK_I_H
#define RF_NETWORK_I_H

#include "redflag/network.h"

/* Threads to use: want, or the number of online CPUs when 0. */
unsigned rf_net_i_threads(unsigned want);
/* Runs fn on nt workers (worker k at (char *)workers + k * stride): workers
 * 1.. on their own threads, worker 0 here; a worker whose thread cannot be
 * started runs here afterwards. Returns when all are done. */
void rf_net_i_parallel(unsigned nt, void *(*fn)(void *), void *workers, size_t stride);
/* Number of live nodes. */
uint32_t rf_net_i_live(const rf_graph *g, const uint8_t *removed);

/* Binary min-heap with lazy deletion (capacity m + 1 entries). */
typedef struct rf_net_i_heap {
  double *key;
  uint32_t *node;
  size_t n;
} rf_net_i_heap;
void rf_net_i_heap_push(rf_net_i_heap *h, uint32_t v, double key);
uint32_t rf_net_i_heap_pop(rf_net_i_heap *h, double *key);

/* Shortest decimal text that reads back as x, always with a '.' ("1.0");
 * "nan" for NAN. */
void rf_net_i_fmt(char *buf, size_t sz, double x);

/* splitmix64 */
static inline uint64_t rf_net_i_rand(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

#endif
