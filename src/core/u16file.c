/* Reading UTF-16 text files as UTF-8: a stdio FILE whose reads convert with
 * ICU (ucnv_convertEx). Windows tools write UTF-16 ("Unicode" in Excel's
 * save dialog, PowerShell 5's `>` and Out-File); every reader that opens
 * its file with rf_fopen_read gets UTF-8 without knowing (zfile.c decides:
 * a byte-order mark, or an ASCII start with every other byte zero). */
#include "core/core_i.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>

#define RF_U16_IN (1 << 16)
#define RF_U16_PIVOT 1024

typedef struct rf_u16file {
  FILE *in; /* UTF-16 bytes (owned) */
  UConverter *from, *to;
  char buf[RF_U16_IN];
  const char *src, *end; /* unconverted input in buf */
  UChar pivot[RF_U16_PIVOT];
  UChar *psrc, *ptgt; /* ICU's pivot state between calls */
  int eof, failed;
} rf_u16file;

int rf_i_utf16_kind(const unsigned char *p, size_t n) {
  if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE && !(n >= 4 && !p[2] && !p[3]))
    return RF_I_UTF16LE_BOM; /* FF FE 00 00 would be UTF-32 */
  if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) return RF_I_UTF16BE_BOM;
  /* no mark: text files start with a printable character, which UTF-16
   * writes as one zero byte and one ASCII byte */
  if (n >= 4 && p[0] && !p[1] && p[2] && !p[3] && p[0] < 0x80 && p[2] < 0x80) return RF_I_UTF16LE;
  if (n >= 4 && !p[0] && p[1] && !p[2] && p[3] && p[1] < 0x80 && p[3] < 0x80) return RF_I_UTF16BE;
  return 0;
}

static ssize_t rf_i_u16_read(void *cookie, char *out, size_t size) {
  rf_u16file *u = cookie;
  char *t = out, *tend = out + size;
  while (t == out && !u->failed) {
    if (u->src == u->end && !u->eof) {
      size_t n = fread(u->buf, 1, sizeof u->buf, u->in);
      if (!n && ferror(u->in)) u->failed = 1;
      if (!n) u->eof = 1;
      u->src = u->buf;
      u->end = u->buf + n;
    }
    UErrorCode st = U_ZERO_ERROR;
    ucnv_convertEx(u->to, u->from, &t, tend, &u->src, u->end, u->pivot, &u->psrc, &u->ptgt,
                   u->pivot + RF_U16_PIVOT, 0, u->eof, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR) break; /* out is full */
    if (U_FAILURE(st)) u->failed = 1;
    if (u->eof && u->src == u->end) break; /* all converted (and flushed) */
  }
  if (t == out && u->failed) {
    errno = EIO;
    return -1;
  }
  return (ssize_t)(t - out);
}

static int rf_i_u16_close(void *cookie) {
  rf_u16file *u = cookie;
  int r = fclose(u->in);
  ucnv_close(u->from);
  ucnv_close(u->to);
  free(u);
  return r;
}

FILE *rf_i_utf16_wrap(FILE *in, int kind) {
  rf_u16file *u = calloc(1, sizeof *u);
  if (!u) {
    fclose(in);
    return NULL;
  }
  int be = kind == RF_I_UTF16BE_BOM || kind == RF_I_UTF16BE;
  UErrorCode st = U_ZERO_ERROR;
  u->in = in;
  u->from = ucnv_open(be ? "UTF-16BE" : "UTF-16LE", &st);
  u->to = ucnv_open("UTF-8", &st);
  u->src = u->end = u->buf;
  u->psrc = u->ptgt = u->pivot;
  cookie_io_functions_t io = {.read = rf_i_u16_read, .close = rf_i_u16_close};
  FILE *fp = U_SUCCESS(st) ? fopencookie(u, "rb", io) : NULL;
  if (!fp) rf_i_u16_close(u);
  return fp;
}
