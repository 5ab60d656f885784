/* Comparators for rf_ranked (core.h). */
#include "redflag/core.h"

int rf_ranked_desc(const void *a, const void *b) {
  const rf_ranked *x = a, *y = b;
  if (x->key != y->key) return x->key > y->key ? -1 : 1;
  return (x->i > y->i) - (x->i < y->i);
}

int rf_ranked_by_index(const void *a, const void *b) {
  const rf_ranked *x = a, *y = b;
  return (x->i > y->i) - (x->i < y->i);
}
