/* Internal helpers shared by the lists module's files (not public). */
#ifndef RF_LISTS_I_H
#define RF_LISTS_I_H

#include "redflag/lists.h"

/* Returns a new arena array holding old[0..n) followed by add[0..m). */
void *rf_i_lists_concat(rf_arena *a, const void *old, size_t n, const void *add, size_t m,
                        size_t elsz);

/* A malloc-backed growable vector of fixed-size elements (temporary). */
typedef struct rf_i_vec {
  void *data;
  size_t n, cap, elsz;
} rf_i_vec;
void rf_i_vec_init(rf_i_vec *v, size_t elsz);
void rf_i_vec_free(rf_i_vec *v);
/* Appends one element (copied); returns 0 or -1 on out-of-memory. */
int rf_i_vec_push(rf_i_vec *v, const void *el);

/* The list sets and their files: OFAC's SDN and consolidated sets (primary,
 * aliases, addresses, remarks overflow) and trade.gov's Consolidated
 * Screening List (one file; "" = no such file). */
enum { RF_I_SET_SDN, RF_I_SET_CONS, RF_I_SET_CSL, RF_I_NSETS };
extern const char *const rf_i_set_names[RF_I_NSETS]; /* "SDN", "CONS", "CSL" */
extern const char *const rf_i_set_files[RF_I_NSETS][4];

/* Portable SHA-256 (no CPU extensions), for tests. */
void rf_lists_sha256_hex_portable(const void *data, size_t n, char out[65]);

#endif
