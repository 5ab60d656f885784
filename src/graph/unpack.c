/* Compressed graph files held in memory (gzip, xz or bzip2), decompressed
 * through the core's reader of compressed files (rf_zfile_wrap on a memory
 * stream), for R data (read_rda.c) and compressed edge lists and matrices
 * (read.c). */
#include "graph/graph_i.h"

#include <stdlib.h>
#include <string.h>

rf_status rf_graph_i_unpack(const unsigned char *p, size_t len, size_t max, int head,
                            unsigned char **out, size_t *olen, const char *label, rf_error *err) {
  *out = NULL;
  *olen = len;
  if (!rf_compression_kind(p, len)) return RF_OK;
  static const char *const names[] = {"", "gzip", "xz", "bzip2"};
  int kind = 0;
  FILE *fp = rf_zfile_wrap(fmemopen((void *)p, len, "rb"), &kind);
  if (!fp || !kind) {
    if (fp) fclose(fp);
    return rf_error_set(err, RF_ENOMEM, "%s: out of memory", label);
  }
  size_t cap = 0, n = 0;
  rf_status s = RF_OK;
  for (;;) {
    if (n == cap) {
      if (cap >= max) {
        if (!head)
          s = rf_error_set(err, RF_ELIMIT, "%s: more than %zu bytes once decompressed", label, max);
        break;
      }
      size_t c = cap ? cap * 2 : 1 << 16;
      if (c > max) c = max;
      unsigned char *b = realloc(*out, c);
      if (!b) {
        s = rf_error_set(err, RF_ENOMEM, "%s: out of memory", label);
        break;
      }
      *out = b;
      cap = c;
    }
    size_t k = fread(*out + n, 1, cap - n, fp);
    n += k;
    if (k) continue;
    if (ferror(fp) && !(head && n))
      s = rf_error_set(err, RF_EPARSE, "%s: %s data is corrupt or truncated", label, names[kind]);
    break;
  }
  fclose(fp);
  if (s) {
    free(*out);
    *out = NULL;
    return s;
  }
  *olen = n;
  return RF_OK;
}
