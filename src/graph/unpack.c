/* Decompression of graph files: gzip, xz and bzip2 through zlib, liblzma
 * and libbz2, for R data (read_rda.c) and compressed edge lists and
 * matrices (read.c). */
#include "graph/graph_i.h"

#include <bzlib.h>
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static rf_status rf_i_grow_out(unsigned char **out, size_t *cap, size_t need, size_t max,
                               const char *label, rf_error *err) {
  if (need <= *cap) return RF_OK;
  if (need > max)
    return rf_error_set(err, RF_ELIMIT, "%s: more than %zu bytes once decompressed", label, max);
  size_t c = *cap ? *cap : 1 << 16;
  while (c < need) c *= 2;
  unsigned char *n = realloc(*out, c);
  if (!n) return rf_error_set(err, RF_ENOMEM, "%s: out of memory", label);
  *out = n;
  *cap = c;
  return RF_OK;
}

#define RF_I_CHUNK (1u << 16)

/* One decompression step into dst[0..cap): the bytes written in *made;
 * 1 at the end of the stream, 0 to go on, -1 for corrupt or truncated data
 * (each step gets a fresh output chunk, so no progress means no input). */
typedef int (*rf_i_step_fn)(void *z, unsigned char *dst, unsigned cap, unsigned *made);

static int rf_i_gz_step(void *zv, unsigned char *dst, unsigned cap, unsigned *made) {
  z_stream *z = zv;
  z->next_out = dst;
  z->avail_out = cap;
  int r = inflate(z, Z_NO_FLUSH);
  *made = cap - z->avail_out;
  return r == Z_STREAM_END ? 1 : r == Z_OK ? 0 : -1;
}

static int rf_i_xz_step(void *zv, unsigned char *dst, unsigned cap, unsigned *made) {
  lzma_stream *z = zv;
  z->next_out = dst;
  z->avail_out = cap;
  lzma_ret r = lzma_code(z, z->avail_in ? LZMA_RUN : LZMA_FINISH);
  *made = cap - (unsigned)z->avail_out;
  return r == LZMA_STREAM_END ? 1 : r == LZMA_OK ? 0 : -1;
}

static int rf_i_bz_step(void *zv, unsigned char *dst, unsigned cap, unsigned *made) {
  bz_stream *z = zv;
  z->next_out = (char *)dst;
  z->avail_out = cap;
  int r = BZ2_bzDecompress(z);
  *made = cap - z->avail_out;
  if (r == BZ_STREAM_END) return 1;
  return r == BZ_OK && (z->avail_in || !z->avail_out) ? 0 : -1;
}

/* head: stop at max bytes, or at the end of the input, with what came so
 * far (to look at the start of a file) */
static rf_status rf_i_drain(rf_i_step_fn step, void *z, const char *what, size_t max, int head,
                            unsigned char **out, size_t *olen, const char *label, rf_error *err) {
  size_t cap = 0, n = 0;
  while (!head || n < max) {
    rf_status s = rf_i_grow_out(out, &cap, n + RF_I_CHUNK, head ? SIZE_MAX : max, label, err);
    if (s) return s;
    unsigned made = 0;
    int r = step(z, *out + n, RF_I_CHUNK, &made);
    n += made;
    if (r > 0 || (r < 0 && head && n)) break;
    if (r < 0)
      return rf_error_set(err, RF_EPARSE, "%s: %s data is corrupt or truncated", label, what);
  }
  *olen = n;
  return RF_OK;
}

int rf_graph_i_compressed(const unsigned char *p, size_t n) {
  return (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) ||
         (n >= 6 && !memcmp(p,
                            "\xFD"
                            "7zXZ\0",
                            6)) ||
         (n >= 3 && !memcmp(p, "BZh", 3));
}

rf_status rf_graph_i_unpack(const unsigned char *p, size_t len, size_t max, int head,
                            unsigned char **out, size_t *olen, const char *label, rf_error *err) {
  *out = NULL;
  *olen = len;
  if (!rf_graph_i_compressed(p, len)) return RF_OK;
  int gz = p[0] == 0x1f, xz = p[0] == 0xFD;
  if (len > UINT32_MAX)
    return rf_error_set(err, RF_ELIMIT, "%s: compressed data over 4 GiB", label);
  rf_status s;
  if (gz) {
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 32) != Z_OK)
      return rf_error_set(err, RF_ENOMEM, "%s: out of memory", label);
    z.next_in = (Bytef *)p;
    z.avail_in = (uInt)len;
    s = rf_i_drain(rf_i_gz_step, &z, "gzip", max, head, out, olen, label, err);
    inflateEnd(&z);
  } else if (xz) {
    lzma_stream z = LZMA_STREAM_INIT;
    if (lzma_stream_decoder(&z, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
      return rf_error_set(err, RF_ENOMEM, "%s: out of memory", label);
    z.next_in = p;
    z.avail_in = len;
    s = rf_i_drain(rf_i_xz_step, &z, "xz", max, head, out, olen, label, err);
    lzma_end(&z);
  } else {
    bz_stream z;
    memset(&z, 0, sizeof z);
    if (BZ2_bzDecompressInit(&z, 0, 0) != BZ_OK)
      return rf_error_set(err, RF_ENOMEM, "%s: out of memory", label);
    z.next_in = (char *)p;
    z.avail_in = (unsigned)len;
    s = rf_i_drain(rf_i_bz_step, &z, "bzip2", max, head, out, olen, label, err);
    BZ2_bzDecompressEnd(&z);
  }
  if (s) {
    free(*out);
    *out = NULL;
  }
  return s;
}
