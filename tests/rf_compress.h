/* Test helpers: gzip, xz and bzip2 compression of a buffer (the libraries
 * the core reads compressed files with), and files to write it to. */
#ifndef RF_COMPRESS_H
#define RF_COMPRESS_H
#include "rf_test.h"

#include <bzlib.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

typedef struct blob {
  unsigned char *p;
  size_t n;
} blob;

static inline blob blob_gz(const void *in, size_t n) {
  z_stream z;
  memset(&z, 0, sizeof z);
  assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  size_t cap = deflateBound(&z, n) + 32;
  blob b = {malloc(cap), 0};
  z.next_in = (Bytef *)in;
  z.avail_in = (uInt)n;
  z.next_out = b.p;
  z.avail_out = (uInt)cap;
  assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
  b.n = z.total_out;
  deflateEnd(&z);
  return b;
}

static inline blob blob_xz(const void *in, size_t n) {
  size_t cap = lzma_stream_buffer_bound(n), pos = 0;
  blob b = {malloc(cap), 0};
  assert_int_equal(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL, in, n, b.p, &pos, cap),
                   LZMA_OK);
  b.n = pos;
  return b;
}

static inline blob blob_bz(const void *in, size_t n) {
  unsigned cap = (unsigned)(n + n / 100 + 600);
  blob b = {malloc(cap), 0};
  assert_int_equal(BZ2_bzBuffToBuffCompress((char *)b.p, &cap, (char *)in, (unsigned)n, 9, 0, 0),
                   BZ_OK);
  b.n = cap;
  return b;
}

/* the whole file, with a NUL after its bytes */
static inline blob blob_read(const char *path) {
  FILE *fp = fopen(path, "rb");
  assert_non_null(fp);
  fseek(fp, 0, SEEK_END);
  long n = ftell(fp);
  fseek(fp, 0, SEEK_SET);
  blob b = {malloc((size_t)n + 1), 0};
  assert_non_null(b.p);
  b.n = fread(b.p, 1, (size_t)n, fp);
  b.p[b.n] = 0;
  fclose(fp);
  return b;
}

static inline void blob_write(const char *path, const void *p, size_t n) {
  FILE *fp = fopen(path, "wb");
  assert_non_null(fp);
  assert_int_equal(fwrite(p, 1, n, fp), n);
  fclose(fp);
}
#endif
