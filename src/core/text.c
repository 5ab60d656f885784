/* Small text helpers: encoding conversion, trimming, strict numbers. */
#include "redflag/core.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Windows-1252 code points for 0x80..0x9F (0 = undefined, kept as C1). */
static const uint16_t rf_i_cp1252[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

/* s[0..n) read as Windows-1252 into out (room for n * 3 + 1); returns the length */
static size_t rf_i_cp1252_encode(char *out, const char *s, size_t n) {
  size_t j = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned c = (unsigned char)s[i];
    if (c >= 0x80 && c <= 0x9F && rf_i_cp1252[c - 0x80]) c = rf_i_cp1252[c - 0x80];
    if (c < 0x80) {
      out[j++] = (char)c;
    } else if (c < 0x800) {
      out[j++] = (char)(0xC0 | (c >> 6));
      out[j++] = (char)(0x80 | (c & 0x3F));
    } else {
      out[j++] = (char)(0xE0 | (c >> 12));
      out[j++] = (char)(0x80 | ((c >> 6) & 0x3F));
      out[j++] = (char)(0x80 | (c & 0x3F));
    }
  }
  out[j] = '\0';
  return j;
}

char *rf_latin1_to_utf8(rf_arena *a, const char *s, size_t n) {
  if (rf_utf8_valid(s, n)) return rf_arena_strndup(a, s, n);
  char *out = rf_arena_alloc(a, n * 3 + 1);
  if (!out) return NULL;
  rf_i_cp1252_encode(out, s, n);
  return out;
}

const char *rf_text_utf8(rf_buf *b, const char *s, int *recoded) {
  size_t n = strlen(s);
  if (recoded) *recoded = 0;
  if (rf_utf8_valid(s, n)) return s;
  rf_buf_reset(b);
  if (rf_buf_reserve(b, n * 3 + 1)) return NULL;
  b->len = rf_i_cp1252_encode(b->data, s, n);
  if (recoded) *recoded = 1;
  return b->data;
}

int rf_strcasecmp_ascii(const char *a, const char *b) {
  for (;; a++, b++) {
    int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
    if (ca != cb || !ca) return ca - cb;
  }
}

char *rf_trim(char *s) {
  size_t n = strlen(s);
  while (n && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
  size_t i = 0;
  while (isspace((unsigned char)s[i])) i++;
  if (i) memmove(s, s + i, n - i + 1);
  return s;
}

rf_status rf_parse_double(const char *s, double *out) {
  while (isspace((unsigned char)*s)) s++;
  if (!*s) return RF_EPARSE;
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  while (isspace((unsigned char)*end)) end++;
  if (*end || errno == ERANGE || !isfinite(v)) return RF_EPARSE;
  *out = v;
  return RF_OK;
}

rf_status rf_parse_i64(const char *s, int64_t *out) {
  while (isspace((unsigned char)*s)) s++;
  if (!*s) return RF_EPARSE;
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  while (isspace((unsigned char)*end)) end++;
  if (*end || errno == ERANGE) return RF_EPARSE;
  *out = v;
  return RF_OK;
}
