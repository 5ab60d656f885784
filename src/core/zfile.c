/* Reading compressed files as if they were not: a stdio FILE whose reads
 * decompress gzip (zlib), xz (liblzma) or bzip2 (libbz2) data as it
 * streams, through glibc's fopencookie. Readers that take a FILE (the
 * transaction CSV and JSON Lines readers, the graph readers) so read
 * `.gz`, `.xz` and `.bz2` files without knowing. Concatenated streams
 * (multi-member gzip, pbzip2 output) are read through. */
#include "core/core_i.h"

#include <bzlib.h>
#include <errno.h>
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

enum { RF_Z_GZIP = 1, RF_Z_XZ, RF_Z_BZIP2 };

typedef struct rf_zfile {
  FILE *raw;
  int kind;
  int done, failed;
  z_stream gz;
  lzma_stream xz;
  bz_stream bz;
  unsigned char pre[4]; /* decompressed bytes looked at before the first read */
  size_t npre, ipre;
  unsigned char in[1 << 16];
} rf_zfile;

int rf_compression_kind(const unsigned char *p, size_t n) {
  if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) return RF_Z_GZIP;
  if (n >= 6 && !memcmp(p,
                        "\xFD"
                        "7zXZ\0",
                        6))
    return RF_Z_XZ;
  if (n >= 3 && !memcmp(p, "BZh", 3)) return RF_Z_BZIP2;
  return 0;
}

static int rf_i_z_init(rf_zfile *z) {
  switch (z->kind) {
  case RF_Z_GZIP: return inflateInit2(&z->gz, 15 + 32) == Z_OK ? 0 : -1;
  case RF_Z_XZ:
    return lzma_stream_decoder(&z->xz, UINT64_MAX, LZMA_CONCATENATED) == LZMA_OK ? 0 : -1;
  default: return BZ2_bzDecompressInit(&z->bz, 0, 0) == BZ_OK ? 0 : -1;
  }
}

static void rf_i_z_end(rf_zfile *z) {
  switch (z->kind) {
  case RF_Z_GZIP: inflateEnd(&z->gz); break;
  case RF_Z_XZ: lzma_end(&z->xz); break;
  default: BZ2_bzDecompressEnd(&z->bz); break;
  }
}

/* refills the input when it is used up; 1 when the raw file is at its end
 * with nothing left to decompress */
static int rf_i_z_fill(rf_zfile *z, size_t left, void (*set)(rf_zfile *, size_t)) {
  if (left) return 0;
  size_t n = fread(z->in, 1, sizeof z->in, z->raw);
  if (!n && ferror(z->raw)) z->failed = 1;
  set(z, n);
  return n == 0;
}

static void rf_i_gz_set(rf_zfile *z, size_t n) {
  z->gz.next_in = z->in;
  z->gz.avail_in = (uInt)n;
}
static void rf_i_xz_set(rf_zfile *z, size_t n) {
  z->xz.next_in = z->in;
  z->xz.avail_in = n;
}
static void rf_i_bz_set(rf_zfile *z, size_t n) {
  z->bz.next_in = (char *)z->in;
  z->bz.avail_in = (unsigned)n;
}

/* one decompression step into buf[0..size): bytes written; sets done at
 * the end of the data and failed on corrupt or truncated data */
static size_t rf_i_z_step(rf_zfile *z, char *buf, size_t size) {
  unsigned cap = size > (1u << 30) ? 1u << 30 : (unsigned)size;
  if (z->kind == RF_Z_GZIP) {
    int end = rf_i_z_fill(z, z->gz.avail_in, rf_i_gz_set);
    z->gz.next_out = (Bytef *)buf;
    z->gz.avail_out = cap;
    int r = inflate(&z->gz, Z_NO_FLUSH);
    size_t made = cap - z->gz.avail_out;
    if (r == Z_STREAM_END) { /* another member may follow */
      if (!z->gz.avail_in && rf_i_z_fill(z, 0, rf_i_gz_set))
        z->done = 1;
      else if (inflateReset(&z->gz) != Z_OK)
        z->failed = 1;
    } else if (r != Z_OK && !(r == Z_BUF_ERROR && !end)) {
      z->failed = 1;
    } else if (end && !made) {
      z->failed = 1; /* the file ends inside the stream */
    }
    return made;
  }
  if (z->kind == RF_Z_XZ) {
    int end = rf_i_z_fill(z, z->xz.avail_in, rf_i_xz_set);
    z->xz.next_out = (uint8_t *)buf;
    z->xz.avail_out = cap;
    lzma_ret r = lzma_code(&z->xz, end ? LZMA_FINISH : LZMA_RUN);
    size_t made = cap - z->xz.avail_out;
    if (r == LZMA_STREAM_END)
      z->done = 1;
    else if (r != LZMA_OK)
      z->failed = 1;
    return made;
  }
  int end = rf_i_z_fill(z, z->bz.avail_in, rf_i_bz_set);
  z->bz.next_out = buf;
  z->bz.avail_out = cap;
  int r = BZ2_bzDecompress(&z->bz);
  size_t made = cap - z->bz.avail_out;
  if (r == BZ_STREAM_END) { /* pbzip2 writes one stream per block */
    if (!z->bz.avail_in && rf_i_z_fill(z, 0, rf_i_bz_set)) {
      z->done = 1;
    } else {
      unsigned left = z->bz.avail_in;
      char *next = z->bz.next_in;
      BZ2_bzDecompressEnd(&z->bz);
      memset(&z->bz, 0, sizeof z->bz);
      if (BZ2_bzDecompressInit(&z->bz, 0, 0) != BZ_OK) z->failed = 1;
      z->bz.next_in = next;
      z->bz.avail_in = left;
    }
  } else if (r != BZ_OK || (end && !made)) {
    z->failed = 1;
  }
  return made;
}

static ssize_t rf_i_z_read(void *cookie, char *buf, size_t size) {
  rf_zfile *z = cookie;
  if (z->ipre < z->npre && size) {
    size_t k = z->npre - z->ipre < size ? z->npre - z->ipre : size;
    memcpy(buf, z->pre + z->ipre, k);
    z->ipre += k;
    return (ssize_t)k;
  }
  size_t made = 0;
  while (!made && !z->done && !z->failed) made = rf_i_z_step(z, buf, size);
  if (!made && z->failed) {
    errno = EIO;
    return -1;
  }
  return (ssize_t)made;
}

static int rf_i_z_close(void *cookie) {
  rf_zfile *z = cookie;
  rf_i_z_end(z);
  int r = fclose(z->raw);
  free(z);
  return r;
}

/* the decompressed text's first bytes (kept for the first reads): UTF-16
 * or not (rf_i_utf16_kind); a byte-order mark is skipped */
static int rf_i_z_peek_utf16(rf_zfile *z) {
  while (z->npre < sizeof z->pre && !z->done && !z->failed) {
    size_t made = rf_i_z_step(z, (char *)z->pre + z->npre, sizeof z->pre - z->npre);
    z->npre += made;
  }
  int u16 = rf_i_utf16_kind(z->pre, z->npre);
  if (u16 == RF_I_UTF16LE_BOM || u16 == RF_I_UTF16BE_BOM) z->ipre = 2;
  return u16;
}

FILE *rf_zfile_wrap(FILE *raw, int *compressed) {
  if (compressed) *compressed = 0;
  if (!raw) return NULL;
  struct stat sb;
  /* a pipe or a terminal: no look-ahead (it would eat the first bytes) */
  if (fstat(fileno(raw), &sb) == 0 && !S_ISREG(sb.st_mode)) return raw;
  unsigned char magic[6];
  size_t n = fread(magic, 1, sizeof magic, raw);
  int kind = rf_compression_kind(magic, n);
  int u16 = kind ? 0 : rf_i_utf16_kind(magic, n);
  int bom = u16 == RF_I_UTF16LE_BOM || u16 == RF_I_UTF16BE_BOM;
  if (fseek(raw, bom ? 2 : 0, SEEK_SET)) return raw; /* not seekable: read as it is */
  if (u16) {
    if (compressed) *compressed = RF_ZFILE_UTF16;
    return rf_i_utf16_wrap(raw, u16);
  }
  if (!kind) return raw;
  rf_zfile *z = calloc(1, sizeof *z);
  if (!z) {
    fclose(raw);
    return NULL;
  }
  z->raw = raw;
  z->kind = kind;
  z->xz = (lzma_stream)LZMA_STREAM_INIT;
  if (rf_i_z_init(z)) {
    free(z);
    fclose(raw);
    return NULL;
  }
  u16 = rf_i_z_peek_utf16(z);
  cookie_io_functions_t io = {.read = rf_i_z_read, .close = rf_i_z_close};
  FILE *fp = fopencookie(z, "rb", io);
  if (!fp) {
    rf_i_z_close(z);
    return NULL;
  }
  if (compressed) *compressed = kind;
  return u16 ? rf_i_utf16_wrap(fp, u16) : fp;
}

FILE *rf_fopen_read(const char *path, int *compressed) {
  return rf_zfile_wrap(fopen(path, "rb"), compressed);
}

rf_status rf_stdin_first_byte_check(int first, const char *label, rf_error *err) {
  const char *what = first == 0x1f                    ? "gzip-compressed data"
                     : first == 0xfd                  ? "xz-compressed data"
                     : first == 0xff || first == 0xfe ? "UTF-16 text"
                                                      : NULL;
  if (!what) return RF_OK;
  const char *fix = first == 0x1f   ? "zcat FILE | ..."
                    : first == 0xfd ? "xzcat FILE | ..."
                                    : "iconv -f UTF-16 -t UTF-8 FILE | ...";
  return rf_error_set(err, RF_EPARSE,
                      "%s:1: %s; it is read from a file path, not from stdin (or convert it "
                      "first: %s)",
                      label, what, fix);
}

const char *rf_zfile_error_hint(int kind) {
  if (kind == RF_ZFILE_UTF16) return " (UTF-16 text that ends inside a character)";
  return kind ? " (corrupt or truncated compressed data)" : "";
}

int rf_path_find(const char *dir, const char *name, char *out, size_t outsz) {
  static const char *const ext[] = {"", ".gz", ".xz", ".bz2"};
  for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
    struct stat sb;
    int n = snprintf(out, outsz, "%s/%s%s", dir, name, ext[i]);
    if (n < 0 || (size_t)n >= outsz) return -1;
    if (!stat(out, &sb) && S_ISREG(sb.st_mode)) return 0;
  }
  return -1;
}
