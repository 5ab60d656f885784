/*
 * redflag core: result codes, error messages, arenas, growable buffers,
 * string interning, a streaming CSV reader and time parsing.
 *
 * Every public function of redflag that can fail returns an rf_status and,
 * when given a non-NULL rf_error, fills it with a message that names the
 * file, line and field at fault.
 */
#ifndef REDFLAG_CORE_H
#define REDFLAG_CORE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RF_VERSION "0.1.0"

/* Result codes. RF_OK is zero; every failure is negative. */
typedef enum rf_status {
  RF_OK = 0,
  RF_ENOMEM = -1,    /* allocation failed */
  RF_EIO = -2,       /* cannot open, read or write a file */
  RF_EPARSE = -3,    /* malformed input (CSV, JSON, XML, dates, numbers) */
  RF_EINVAL = -4,    /* bad argument from the caller */
  RF_ENOTFOUND = -5, /* a required file, column or key is missing */
  RF_ELIMIT = -6,    /* input exceeds a documented limit */
  RF_ENCODING = -7,  /* invalid text encoding */
  RF_ENET = -8,      /* network failure */
  RF_EDB = -9,       /* storage backend failure */
  RF_EEMPTY = -10    /* empty input where content is required */
} rf_status;

/* Human-readable name of a status code ("parse error", ...). */
const char *rf_status_str(rf_status st);

/* An error report: a code plus a formatted message. */
typedef struct rf_error {
  rf_status code;
  char msg[1024];
} rf_error;

/* Sets err (if non-NULL) and returns code, so callers can write
 *   return rf_error_set(err, RF_EPARSE, "%s:%zu: ...", path, line);   */
rf_status rf_error_set(rf_error *err, rf_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void rf_error_clear(rf_error *err);

/* ---------------------------------------------------------------- memory */

/* Checked allocation: abort with a message on out-of-memory is NOT done;
 * these return NULL like malloc. rf_xmalloc and friends abort instead and
 * are for front ends and tests only. */
void *rf_xmalloc(size_t n);
void *rf_xcalloc(size_t n, size_t size);
void *rf_xrealloc(void *p, size_t n);
char *rf_xstrdup(const char *s);

/* A value and the index it belongs to, for qsort: rf_ranked_desc orders by
 * value, largest first, ties by index (a total order: the result does not
 * depend on the sort's order of work); rf_ranked_by_index by index. */
typedef struct rf_ranked {
  double key;
  uint32_t i;
} rf_ranked;
int rf_ranked_desc(const void *a, const void *b);
int rf_ranked_by_index(const void *a, const void *b);

/* Growable arrays without aborting: room for at least need elements of esz
 * bytes in arr, whose capacity is *cap elements. Returns arr when it is big
 * enough, else arr grown by doubling from min_cap (moved as realloc moves
 * it) with *cap updated; NULL when out of memory or too big, with arr and
 * *cap untouched. Use:
 *   T *n = rf_grow(v->items, &v->cap, v->n + 1, sizeof *n, 16);
 *   if (!n) return RF_ENOMEM;
 *   v->items = n;                                                        */
void *rf_grow_slow(void *arr, size_t *cap, size_t need, size_t esz, size_t min_cap);
static inline void *rf_grow(void *arr, size_t *cap, size_t need, size_t esz, size_t min_cap) {
  return need <= *cap && arr ? arr : rf_grow_slow(arr, cap, need, esz, min_cap);
}

/* Bump-pointer arena for bulk data with one lifetime. */
typedef struct rf_arena_block rf_arena_block;
typedef struct rf_arena {
  rf_arena_block *head;
  size_t block_size;
  size_t total; /* bytes handed out, for reporting */
} rf_arena;

void rf_arena_init(rf_arena *a, size_t block_size);
void rf_arena_destroy(rf_arena *a);
/* Forgets everything allocated, keeping one block for reuse. */
void rf_arena_reset(rf_arena *a);
/* 16-byte aligned; NULL on out-of-memory. */
void *rf_arena_alloc(rf_arena *a, size_t n);
char *rf_arena_strdup(rf_arena *a, const char *s);
char *rf_arena_strndup(rf_arena *a, const char *s, size_t n);

/* Growable byte buffer, always NUL-terminated. */
typedef struct rf_buf {
  char *data;
  size_t len;
  size_t cap;
} rf_buf;

void rf_buf_init(rf_buf *b);
void rf_buf_free(rf_buf *b);
void rf_buf_reset(rf_buf *b);
int rf_buf_reserve(rf_buf *b, size_t extra);
int rf_buf_append(rf_buf *b, const char *s, size_t n);
int rf_buf_puts(rf_buf *b, const char *s);
int rf_buf_putc(rf_buf *b, char c);
int rf_buf_printf(rf_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal (with quotes), escaping as needed.
 * Invalid UTF-8 bytes are replaced with U+FFFD. */
int rf_buf_json_str(rf_buf *b, const char *s);
/* Appends s as one CSV field, quoting when needed. */
int rf_buf_csv_field(rf_buf *b, const char *s);

/* ------------------------------------------------------------- interning */

/* Maps byte strings to dense ids 0..n-1 (open addressing, FNV-1a).
 * Keys are copied into an internal arena. */
typedef struct rf_strmap {
  uint32_t *slots; /* id+1, 0 = empty */
  size_t nslots;
  char **keys; /* keys[id] */
  uint32_t *lens;
  size_t n, cap;
  rf_arena arena;
} rf_strmap;

void rf_strmap_init(rf_strmap *m);
void rf_strmap_destroy(rf_strmap *m);
/* Returns the id of key, inserting it if absent; -1 on out-of-memory.
 * *inserted (optional) tells whether it was new. */
int64_t rf_strmap_intern(rf_strmap *m, const char *key, size_t len, int *inserted);
/* Returns the id or -1 if absent. */
int64_t rf_strmap_get(const rf_strmap *m, const char *key, size_t len);
uint64_t rf_hash_bytes(const void *p, size_t n);

/* -------------------------------------------------------------- CSV read */

/* Streaming RFC 4180 reader with line tracking. Handles quoted fields with
 * embedded commas, quotes and newlines, CRLF/CR/LF line ends, a UTF-8
 * byte-order mark, and a configurable separator. Fields are returned
 * NUL-terminated and stay valid until the next rf_csv_next call. */
typedef struct rf_csv rf_csv;

typedef struct rf_csv_opts {
  char sep;          /* ',' by default (0 means ','); '\t', ';' ... */
  size_t max_field;  /* bytes; 0 = 1 MiB */
  size_t max_fields; /* per record; 0 = 4096 */
  int trim;          /* strip ASCII spaces around unquoted fields */
} rf_csv_opts;

/* Opens path ("-" = stdin). label is used in messages (defaults to path). */
rf_status rf_csv_open(rf_csv **out, const char *path, const rf_csv_opts *opts, rf_error *err);
/* Reads from an in-memory buffer (not copied; must outlive the reader). */
rf_status rf_csv_open_mem(rf_csv **out, const char *data, size_t len, const char *label,
                          const rf_csv_opts *opts, rf_error *err);
void rf_csv_close(rf_csv *c);

/* Reads the next record. Returns RF_OK with *nfields set, RF_EEMPTY at end
 * of input, or an error (RF_EPARSE for broken quotes / truncated file,
 * RF_ELIMIT for over-long fields) with a message naming file and line.
 * After an error the reader resynchronises at the next line, so callers
 * may count the row as rejected and continue. */
rf_status rf_csv_next(rf_csv *c, char ***fields, size_t *nfields, rf_error *err);
/* Physical line number where the last returned record started (1-based). */
size_t rf_csv_line(const rf_csv *c);
/* Number of records returned so far (including the header). */
size_t rf_csv_records(const rf_csv *c);
const char *rf_csv_label(const rf_csv *c);
/* Bytes consumed so far (for progress). */
uint64_t rf_csv_offset(const rf_csv *c);

/* Header helper: index of column `name` (case-insensitive, trimmed) or -1. */
int rf_csv_col(char **fields, size_t n, const char *name);

/* ----------------------------------------------------------------- text */

/* Returns 1 if s[0..n) is valid UTF-8. */
int rf_utf8_valid(const char *s, size_t n);
/* Converts Latin-1 (ISO-8859-1 / Windows-1252 superset for 0x80-0x9F)
 * text to UTF-8 into an arena. If the input already is valid UTF-8 it is
 * copied unchanged. */
char *rf_latin1_to_utf8(rf_arena *a, const char *s, size_t n);
/* s itself when it is valid UTF-8, else s read as Windows-1252 (Latin-1)
 * and recoded into b (the result lives in b until its next use); *recoded
 * (may be NULL) tells which. NULL when out of memory. */
const char *rf_text_utf8(rf_buf *b, const char *s, int *recoded);
/* ASCII-only case-insensitive comparison. */
int rf_strcasecmp_ascii(const char *a, const char *b);
/* Trims ASCII whitespace in place; returns s. */
char *rf_trim(char *s);

/* Strict number parsing: whole string must be consumed. */
rf_status rf_parse_double(const char *s, double *out);
rf_status rf_parse_i64(const char *s, int64_t *out);

/* ------------------------------------------------------ compressed files */
/* 1 gzip, 2 xz, 3 bzip2 by the first n bytes; 0 for anything else. */
int rf_compression_kind(const unsigned char *p, size_t n);
/* *compressed of rf_zfile_wrap for a plain UTF-16 text */
#define RF_ZFILE_UTF16 8
/* raw, or (when raw is a regular file or a memory stream starting with
 * gzip, xz or bzip2 data) a FILE that reads the decompressed bytes and
 * closes raw when closed; *compressed (may be NULL) gets the kind. Text in
 * UTF-16 (a byte-order mark, or an ASCII start with every other byte zero;
 * plain or compressed) reads as UTF-8, without the mark (ICU converts; a
 * plain one sets *compressed to RF_ZFILE_UTF16). A read of corrupt or
 * truncated data fails (ferror, errno EIO). NULL only when raw is NULL or
 * memory runs out (raw is then closed). */
FILE *rf_zfile_wrap(FILE *raw, int *compressed);
/* fopen(path, "rb") through rf_zfile_wrap. */
FILE *rf_fopen_read(const char *path, int *compressed);
/* what a read error of a file of that kind (*compressed of rf_zfile_wrap)
 * most likely means, as " (...)" to append to "read error"; "" for 0 */
const char *rf_zfile_error_hint(int kind);
/* Compressed or UTF-16 data piped to stdin is not converted (a pipe allows
 * no look-ahead that could be read again, so only files are sniffed):
 * RF_EPARSE with "label:1: gzip-compressed data; ..." when the input's
 * first byte is 0x1f (gzip), 0xfd (xz), or 0xff / 0xfe (a UTF-16 byte-order
 * mark), none of which starts UTF-8 text; RF_OK for any other byte. */
rf_status rf_stdin_first_byte_check(int first, const char *label, rf_error *err);
/* The file name in folder dir as it is, or compressed beside it
 * (name.gz, name.xz, name.bz2, read through by rf_fopen_read): the first
 * regular file of these is written to out (outsz bytes). 0 when found, -1
 * when none exists or the path does not fit. */
int rf_path_find(const char *dir, const char *name, char *out, size_t outsz);

/* ----------------------------------------------------------------- time */

/* Parses ISO 8601 ("2022-09-01", "2022-09-01T00:20:00Z", "...+02:00",
 * fractional seconds, space instead of T) and AMLworld's "2022/09/01 00:20"
 * into seconds since the Unix epoch (UTC). */
rf_status rf_time_parse(const char *s, int64_t *epoch);
/* Formats epoch as "YYYY-MM-DDTHH:MM:SSZ" into out (>= 21 bytes). */
void rf_time_format(int64_t epoch, char *out, size_t outsz);
/* Days from civil date (proleptic Gregorian). */
int64_t rf_days_from_civil(int64_t y, unsigned m, unsigned d);

/* Monotonic clock in seconds, for timings. */
double rf_now(void);
/* Peak resident set size of this process in bytes (0 if unknown). */
size_t rf_peak_rss(void);

#ifdef __cplusplus
}
#endif
#endif
