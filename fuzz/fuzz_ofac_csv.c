/* libFuzzer target: an OFAC legacy-CSV set parsed from one buffer. The
 * buffer is sdn.csv; if it holds "@@\n" separators, the parts after them are
 * alt.csv, add.csv and sdn_comments.csv. A buffer starting with "_id," is
 * read as trade.gov's consolidated.csv instead. Every loaded entity is
 * walked and looked up again. */
#include "redflag/lists.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *p = (const char *)data;
  const char *part[4] = {p, NULL, NULL, NULL};
  size_t len[4] = {size, 0, 0, 0};
  int np = 1;
  const char *end = p + size;
  for (const char *q = p; np < 4 && q + 3 <= end; q++) {
    if (q[0] == '@' && q[1] == '@' && q[2] == '\n') {
      len[np - 1] = (size_t)(q - part[np - 1]);
      part[np] = q + 3;
      len[np] = (size_t)(end - part[np]);
      np++;
      q += 2;
    }
  }
  rf_lists *l;
  if (rf_lists_new(&l)) return 0;
  rf_error err;
  const char *kind = size >= 4 && !memcmp(data, "_id,", 4) ? "CSL"
                     : size && (data[0] & 1)               ? "CONS"
                                                           : "SDN";
  if (rf_lists_load_mem(l, kind, "fuzz", part[0], len[0], part[1], len[1], part[2], len[2], part[3],
                        len[3], &err) == RF_OK) {
    for (size_t i = 0; i < rf_lists_count(l); i++) {
      const rf_entity *e = rf_lists_get(l, i);
      if (rf_lists_find(l, e->list, e->uid) != e) abort();
      const rf_entity *hit;
      for (size_t k = 0; k < e->nnames; k++)
        if (!rf_lists_find_by_name(l, e->names[k].name, &hit, 1)) abort();
      for (size_t k = 0; k < e->nlinked; k++) rf_lists_find_by_name(l, e->linked_to[k], &hit, 1);
    }
    if (rf_lists_nversions(l) != 1 || strlen(rf_lists_version(l, 0)->sha256) != 64) abort();
  } else if (!err.msg[0]) {
    abort(); /* every failure must say what is wrong */
  }
  rf_lists_free(l);
  return 0;
}
