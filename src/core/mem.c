/* Checked allocation, arenas and growable buffers. */
#include "redflag/core.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void rf_i_oom(size_t n) {
  fprintf(stderr, "redflag: out of memory allocating %zu bytes\n", n);
  abort();
}

void *rf_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) rf_i_oom(n);
  return p;
}

void *rf_xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) rf_i_oom(n * size);
  return p;
}

void *rf_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) rf_i_oom(n);
  return q;
}

char *rf_xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = rf_xmalloc(n);
  memcpy(p, s, n);
  return p;
}

void *rf_grow_slow(void *arr, size_t *cap, size_t need, size_t esz, size_t min_cap) {
  if (need <= *cap && arr) return arr;
  size_t nc = *cap ? *cap : (min_cap ? min_cap : 1);
  while (nc < need) {
    if (nc > SIZE_MAX / 2) return NULL;
    nc *= 2;
  }
  if (esz && nc > SIZE_MAX / esz) return NULL;
  void *p = realloc(arr, nc * esz);
  if (!p) return NULL;
  *cap = nc;
  return p;
}

/* ------------------------------------------------------------------ arena */

struct rf_arena_block {
  rf_arena_block *next;
  size_t used, size;
  _Alignas(16) unsigned char data[];
};

void rf_arena_init(rf_arena *a, size_t block_size) {
  a->head = NULL;
  a->block_size = block_size ? block_size : (size_t)64 * 1024;
  a->total = 0;
}

static void rf_i_blocks_free(rf_arena_block *b) {
  while (b) {
    rf_arena_block *next = b->next;
    free(b);
    b = next;
  }
}

void rf_arena_destroy(rf_arena *a) {
  rf_i_blocks_free(a->head);
  a->head = NULL;
  a->total = 0;
}

void rf_arena_reset(rf_arena *a) {
  rf_arena_block *keep = a->head;
  if (!keep) return;
  rf_i_blocks_free(keep->next);
  keep->next = NULL;
  keep->used = 0;
  a->total = 0;
}

void *rf_arena_alloc(rf_arena *a, size_t n) {
  n = (n + 15) & ~(size_t)15;
  if (n == 0) n = 16;
  rf_arena_block *b = a->head;
  if (!b || b->size - b->used < n) {
    size_t size = n > a->block_size ? n : a->block_size;
    b = malloc(sizeof *b + size);
    if (!b) return NULL;
    b->used = 0;
    b->size = size;
    /* keep the partially-used current block at the head when the new block
     * is a one-off big allocation, so small allocations keep filling it */
    if (a->head && n > a->block_size) {
      b->next = a->head->next;
      a->head->next = b;
    } else {
      b->next = a->head;
      a->head = b;
    }
  }
  void *p = b->data + b->used;
  b->used += n;
  a->total += n;
  return p;
}

char *rf_arena_strndup(rf_arena *a, const char *s, size_t n) {
  char *p = rf_arena_alloc(a, n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *rf_arena_strdup(rf_arena *a, const char *s) { return rf_arena_strndup(a, s, strlen(s)); }

/* ------------------------------------------------------------------- buf */

void rf_buf_init(rf_buf *b) {
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
}

void rf_buf_free(rf_buf *b) {
  free(b->data);
  rf_buf_init(b);
}

void rf_buf_reset(rf_buf *b) {
  b->len = 0;
  if (b->data) b->data[0] = '\0';
}

int rf_buf_reserve(rf_buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return 0;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + extra + 1) cap *= 2;
  char *p = realloc(b->data, cap);
  if (!p) return -1;
  b->data = p;
  b->cap = cap;
  return 0;
}

int rf_buf_append(rf_buf *b, const char *s, size_t n) {
  if (rf_buf_reserve(b, n)) return -1;
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
  return 0;
}

int rf_buf_puts(rf_buf *b, const char *s) { return rf_buf_append(b, s, strlen(s)); }

int rf_buf_putc(rf_buf *b, char c) { return rf_buf_append(b, &c, 1); }

int rf_buf_printf(rf_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char tmp[256];
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0) return -1;
  if ((size_t)n < sizeof tmp) return rf_buf_append(b, tmp, (size_t)n);
  if (rf_buf_reserve(b, (size_t)n)) return -1;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return 0;
}

/* Length of the valid UTF-8 sequence at s (max n bytes), 0 if invalid. */
static size_t rf_i_utf8_seq(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  if (c < 0x80) return 1;
  size_t len;
  unsigned min;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    min = 0x10000;
  } else
    return 0;
  if (n < len) return 0;
  unsigned cp = c & (0xFF >> (len + 1));
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

int rf_utf8_valid(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    uint64_t w;
    if (i + 8 <= n && (memcpy(&w, p + i, 8), !(w & 0x8080808080808080ULL))) {
      i += 8; /* eight ASCII bytes at once */
      continue;
    }
    if (p[i] < 0x80) {
      i++;
      continue;
    }
    size_t k = rf_i_utf8_seq(p + i, n - i);
    if (!k) return 0;
    i += k;
  }
  return 1;
}

int rf_buf_json_str(rf_buf *b, const char *s) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *p = (const unsigned char *)(s ? s : "");
  size_t n = strlen((const char *)p);
  if (rf_buf_reserve(b, n + 2)) return -1;
  rf_buf_putc(b, '"');
  for (size_t i = 0; i < n;) {
    unsigned c = p[i];
    if (c >= 0x80) {
      size_t k = rf_i_utf8_seq(p + i, n - i);
      if (k) {
        if (rf_buf_append(b, (const char *)p + i, k)) return -1;
        i += k;
      } else {
        if (rf_buf_puts(b, "\xEF\xBF\xBD")) return -1;
        i++;
      }
      continue;
    }
    int r;
    switch (c) {
    case '"': r = rf_buf_puts(b, "\\\""); break;
    case '\\': r = rf_buf_puts(b, "\\\\"); break;
    case '\n': r = rf_buf_puts(b, "\\n"); break;
    case '\r': r = rf_buf_puts(b, "\\r"); break;
    case '\t': r = rf_buf_puts(b, "\\t"); break;
    default:
      if (c < 0x20) {
        char esc[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
        r = rf_buf_puts(b, esc);
      } else {
        r = rf_buf_putc(b, (char)c);
      }
    }
    if (r) return -1;
    i++;
  }
  return rf_buf_putc(b, '"');
}

int rf_buf_csv_field(rf_buf *b, const char *s) {
  if (!s) s = "";
  if (!strpbrk(s, ",\"\r\n")) return rf_buf_puts(b, s);
  if (rf_buf_putc(b, '"')) return -1;
  for (; *s; s++) {
    if (*s == '"' && rf_buf_putc(b, '"')) return -1;
    if (rf_buf_putc(b, *s)) return -1;
  }
  return rf_buf_putc(b, '"');
}
