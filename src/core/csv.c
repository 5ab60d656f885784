/* Streaming RFC 4180 CSV reader with line tracking and resynchronisation. */
#include "redflag/core.h"

#include <stdlib.h>
#include <string.h>

#define RF_CSV_CHUNK (256 * 1024)

struct rf_csv {
  FILE *fp; /* NULL when reading from memory */
  int owns_fp;
  const char *mem; /* memory source */
  size_t memlen;
  char *chunk;    /* file read buffer */
  const char *in; /* current input window */
  size_t inlen, pos;
  int eof;
  int ioerr;      /* the input failed (not just ended): RF_EIO once at its end */
  int compressed; /* read through rf_fopen_read's decompression */
  char label[512];
  rf_csv_opts o;
  size_t line;     /* physical line of the next unread byte */
  size_t rec_line; /* line where the last record started */
  size_t records;
  uint64_t offset; /* bytes consumed before the current window */
  int pending_cr;  /* last byte consumed was CR (for CRLF across chunks) */
  int started;     /* BOM check done */
  char *field;     /* current record's bytes, fields NUL-separated */
  size_t flen, fcap;
  size_t *starts; /* offsets of field starts within field */
  char **ptrs;
  size_t nf, fieldcap;
};

static int rf_i_fill(rf_csv *c) {
  if (c->pos < c->inlen) return 1;
  if (c->eof) return 0;
  if (!c->fp) {
    c->eof = 1;
    return 0;
  }
  c->offset += c->inlen;
  size_t n = fread(c->chunk, 1, RF_CSV_CHUNK, c->fp);
  c->in = c->chunk;
  c->inlen = n;
  c->pos = 0;
  if (n == 0) {
    c->eof = 1;
    c->ioerr = ferror(c->fp) != 0;
    return 0;
  }
  return 1;
}

/* Next byte or -1 at end of input. */
static inline int rf_i_get(rf_csv *c) {
  if (c->pos >= c->inlen && !rf_i_fill(c)) return -1;
  return (unsigned char)c->in[c->pos++];
}

static inline int rf_i_peek(rf_csv *c) {
  if (c->pos >= c->inlen && !rf_i_fill(c)) return -1;
  return (unsigned char)c->in[c->pos];
}

static rf_status rf_i_init(rf_csv *c, const char *label, const rf_csv_opts *opts) {
  rf_csv_opts o = {0};
  if (opts) o = *opts;
  if (!o.sep) o.sep = ',';
  if (!o.max_field) o.max_field = (size_t)1 << 20;
  if (!o.max_fields) o.max_fields = 4096;
  c->o = o;
  snprintf(c->label, sizeof c->label, "%s", label ? label : "<input>");
  c->line = 1;
  c->fcap = 4096;
  c->field = malloc(c->fcap);
  c->fieldcap = 64;
  c->starts = malloc(c->fieldcap * sizeof *c->starts);
  c->ptrs = malloc((c->fieldcap + 1) * sizeof *c->ptrs);
  if (!c->field || !c->starts || !c->ptrs) return RF_ENOMEM;
  return RF_OK;
}

rf_status rf_csv_open(rf_csv **out, const char *path, const rf_csv_opts *opts, rf_error *err) {
  *out = NULL;
  rf_csv *c = calloc(1, sizeof *c);
  if (!c) return rf_error_set(err, RF_ENOMEM, "out of memory");
  if (strcmp(path, "-") == 0) {
    c->fp = stdin;
  } else {
    c->fp = rf_fopen_read(path, &c->compressed); /* .gz, .xz, .bz2 read through */
    if (!c->fp) {
      free(c);
      return rf_error_set(err, RF_EIO, "%s: cannot open file", path);
    }
    c->owns_fp = 1;
  }
  c->chunk = malloc(RF_CSV_CHUNK);
  if (!c->chunk || rf_i_init(c, strcmp(path, "-") ? path : "<stdin>", opts)) {
    rf_csv_close(c);
    return rf_error_set(err, RF_ENOMEM, "out of memory");
  }
  *out = c;
  return RF_OK;
}

rf_status rf_csv_open_mem(rf_csv **out, const char *data, size_t len, const char *label,
                          const rf_csv_opts *opts, rf_error *err) {
  *out = NULL;
  rf_csv *c = calloc(1, sizeof *c);
  if (!c) return rf_error_set(err, RF_ENOMEM, "out of memory");
  c->in = data;
  c->inlen = len;
  if (rf_i_init(c, label, opts)) {
    rf_csv_close(c);
    return rf_error_set(err, RF_ENOMEM, "out of memory");
  }
  *out = c;
  return RF_OK;
}

void rf_csv_close(rf_csv *c) {
  if (!c) return;
  if (c->owns_fp) fclose(c->fp);
  free(c->chunk);
  free(c->field);
  free(c->starts);
  free(c->ptrs);
  free(c);
}

size_t rf_csv_line(const rf_csv *c) { return c->rec_line; }
size_t rf_csv_records(const rf_csv *c) { return c->records; }
const char *rf_csv_label(const rf_csv *c) { return c->label; }
uint64_t rf_csv_offset(const rf_csv *c) { return c->offset + c->pos; }

static inline int rf_i_putc(rf_csv *c, int ch) {
  if (c->flen + 1 >= c->fcap) {
    size_t cap = c->fcap * 2;
    char *p = realloc(c->field, cap);
    if (!p) return -1;
    c->field = p;
    c->fcap = cap;
  }
  c->field[c->flen++] = (char)ch;
  return 0;
}

static int rf_i_start_field(rf_csv *c) {
  if (c->nf == c->fieldcap) {
    size_t cap = c->fieldcap * 2;
    size_t *s = realloc(c->starts, cap * sizeof *s);
    if (!s) return -1;
    c->starts = s;
    char **p = realloc(c->ptrs, (cap + 1) * sizeof *p);
    if (!p) return -1;
    c->ptrs = p;
    c->fieldcap = cap;
  }
  c->starts[c->nf++] = c->flen;
  return 0;
}

/* Consumes the rest of the physical line (after an error). */
static void rf_i_skip_line(rf_csv *c) {
  int ch;
  while ((ch = rf_i_get(c)) >= 0) {
    if (ch == '\n') {
      c->line++;
      return;
    }
    if (ch == '\r') {
      c->line++;
      if (rf_i_peek(c) == '\n') c->pos++;
      return;
    }
  }
}

static void rf_i_trim_field(rf_csv *c, size_t start) {
  /* strip trailing ASCII spaces of an unquoted field */
  while (c->flen > start && (c->field[c->flen - 1] == ' ' || c->field[c->flen - 1] == '\t'))
    c->flen--;
}

rf_status rf_csv_next(rf_csv *c, char ***fields, size_t *nfields, rf_error *err) {
  *fields = NULL;
  *nfields = 0;
  if (!c->started) {
    c->started = 1;
    rf_status st = c->fp == stdin ? rf_stdin_first_byte_check(rf_i_peek(c), c->label, err) : RF_OK;
    if (st) return st;
    if (rf_i_peek(c) == 0xEF && c->pos + 2 < c->inlen + 0 &&
        (unsigned char)c->in[c->pos + 1] == 0xBB && (unsigned char)c->in[c->pos + 2] == 0xBF)
      c->pos += 3;
  }
  int ch = rf_i_peek(c);
  if (ch < 0 && c->ioerr) { /* once: a reader that goes on then sees the end */
    c->ioerr = 0;
    return rf_error_set(err, RF_EIO, "%s: read error%s", c->label,
                        rf_zfile_error_hint(c->compressed));
  }
  if (ch < 0) return RF_EEMPTY;
  c->rec_line = c->line;
  c->flen = 0;
  c->nf = 0;
  const char sep = c->o.sep;
  const size_t maxf = c->o.max_field;
  for (;;) { /* one field per iteration */
    if (c->nf >= c->o.max_fields) {
      rf_i_skip_line(c);
      return rf_error_set(err, RF_ELIMIT, "%s:%zu: more than %zu fields in one record", c->label,
                          c->rec_line, c->o.max_fields);
    }
    if (rf_i_start_field(c)) return rf_error_set(err, RF_ENOMEM, "out of memory");
    size_t start = c->flen;
    if (c->o.trim)
      while (rf_i_peek(c) == ' ' || rf_i_peek(c) == '\t') c->pos++;
    ch = rf_i_get(c);
    if (ch == '"') {
      size_t qline = c->line;
      for (;;) {
        ch = rf_i_get(c);
        if (ch < 0) {
          return rf_error_set(err, RF_EPARSE,
                              "%s:%zu: field %zu: unterminated quoted field (file truncated or "
                              "broken quote)",
                              c->label, qline, c->nf);
        }
        if (ch == '"') {
          if (rf_i_peek(c) == '"') {
            c->pos++;
          } else
            break;
        } else if (ch == '\n' || (ch == '\r' && rf_i_peek(c) != '\n')) {
          c->line++;
        }
        if (c->flen - start >= maxf) {
          rf_i_skip_line(c);
          return rf_error_set(err, RF_ELIMIT, "%s:%zu: field %zu longer than %zu bytes", c->label,
                              qline, c->nf, maxf);
        }
        if (rf_i_putc(c, ch)) return rf_error_set(err, RF_ENOMEM, "out of memory");
      }
      /* after the closing quote: spaces, then separator or end of line */
      while (rf_i_peek(c) == ' ' || rf_i_peek(c) == '\t') c->pos++;
      ch = rf_i_get(c);
      if (ch >= 0 && ch != sep && ch != '\n' && ch != '\r') {
        if (ch != '\n') rf_i_skip_line(c);
        return rf_error_set(err, RF_EPARSE,
                            "%s:%zu: field %zu: unexpected character '%c' after closing quote",
                            c->label, c->line - 1 >= c->rec_line ? c->line - 1 : c->rec_line, c->nf,
                            ch >= 0x20 && ch < 0x7f ? ch : '?');
      }
    } else {
      while (ch >= 0 && ch != sep && ch != '\n' && ch != '\r') {
        if (c->flen - start >= maxf) {
          rf_i_skip_line(c);
          return rf_error_set(err, RF_ELIMIT, "%s:%zu: field %zu longer than %zu bytes", c->label,
                              c->rec_line, c->nf, maxf);
        }
        if (rf_i_putc(c, ch)) return rf_error_set(err, RF_ENOMEM, "out of memory");
        ch = rf_i_get(c);
      }
      if (c->o.trim) rf_i_trim_field(c, start);
    }
    if (rf_i_putc(c, '\0')) return rf_error_set(err, RF_ENOMEM, "out of memory");
    if (ch == sep) continue;
    if (ch == '\r') {
      if (rf_i_peek(c) == '\n') c->pos++;
      c->line++;
    } else if (ch == '\n') {
      c->line++;
    }
    break; /* end of record (or of input) */
  }
  for (size_t i = 0; i < c->nf; i++) c->ptrs[i] = c->field + c->starts[i];
  c->ptrs[c->nf] = NULL;
  *fields = c->ptrs;
  *nfields = c->nf;
  c->records++;
  return RF_OK;
}

int rf_csv_col(char **fields, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++) {
    const char *f = fields[i];
    while (*f == ' ') f++;
    size_t len = strlen(f);
    while (len && f[len - 1] == ' ') len--;
    if (len == strlen(name)) {
      size_t k = 0;
      while (k < len && (f[k] | 0x20) == (name[k] | 0x20)) k++;
      if (k == len) return (int)i;
    }
  }
  return -1;
}
