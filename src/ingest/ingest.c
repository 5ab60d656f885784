/* Transaction readers: open/next/close, dictionaries, lateness and rejects
 * accounting shared by all formats. */
#include "ingest/ingest_i.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define RF_I_MAX_JSONL_LINE ((size_t)1 << 20)

/* ---------------------------------------------------------------- channels */

static const char *const rf_i_channel_names[RF_CH_COUNT] = {
    "unknown", "cash_deposit", "cash_withdrawal", "cash",        "wire", "ach", "check",
    "card",    "p2p",          "crypto",          "reinvestment"};

const char *rf_channel_str(rf_channel c) {
  return (unsigned)c < RF_CH_COUNT ? rf_i_channel_names[c] : "unknown";
}

rf_channel rf_channel_parse(const char *s) {
  char b[32];
  size_t n = 0;
  if (!s) return RF_CH_UNKNOWN;
  while (*s == ' ') s++;
  for (; *s && n + 1 < sizeof b; s++) {
    char c = (char)tolower((unsigned char)*s);
    b[n++] = (c == ' ' || c == '-') ? '_' : c;
  }
  if (*s) return RF_CH_UNKNOWN;
  while (n && b[n - 1] == '_') n--;
  b[n] = '\0';
  for (int i = 1; i < RF_CH_COUNT; i++)
    if (strcmp(b, rf_i_channel_names[i]) == 0) return (rf_channel)i;
  static const struct {
    const char *s;
    rf_channel c;
  } alias[] = {{"cheque", RF_CH_CHECK},
               {"credit_card", RF_CH_CARD},
               {"bitcoin", RF_CH_CRYPTO},
               {"deposit", RF_CH_CASH_DEPOSIT},
               {"withdrawal", RF_CH_CASH_WITHDRAWAL},
               {"wire_transfer", RF_CH_WIRE},
               {"debit_card", RF_CH_CARD},
               {"peer_to_peer", RF_CH_P2P}};
  for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
    if (strcmp(b, alias[i].s) == 0) return alias[i].c;
  return RF_CH_UNKNOWN;
}

rf_status rf_txn_format_parse(const char *s, rf_txn_format *out) {
  if (!s) return RF_EINVAL;
  if (rf_strcasecmp_ascii(s, "amlworld") == 0)
    *out = RF_FMT_AMLWORLD;
  else if (rf_strcasecmp_ascii(s, "amlsim") == 0)
    *out = RF_FMT_AMLSIM;
  else if (rf_strcasecmp_ascii(s, "redflag") == 0)
    *out = RF_FMT_REDFLAG;
  else
    return RF_EINVAL;
  return RF_OK;
}

/* ------------------------------------------------------------- small utils */

static const double rf_i_pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                    1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Texts repeat a lot (currencies, big banks, states): short ones go through
 * a 64 KiB direct-mapped cache of interned ids in front of the dictionary,
 * which stays in L1/L2 where the dictionary does not. */
uint32_t rf_i_text(rf_ingest *r, const char *s) {
  return s && *s ? rf_i_text_n(r, s, strlen(s)) : RF_NONE;
}

uint32_t rf_i_text_n(rf_ingest *r, const char *s, size_t len) {
  if (!len) return RF_NONE;
  if (len > RF_I_INLINE) {
    int64_t id = rf_i_dict_intern(&r->text, s, len, NULL);
    if (id < 0) r->oom = 1; /* reported by rf_ingest_next, not a silently absent field */
    return id < 0 ? RF_NONE : (uint32_t)id;
  }
  rf_i_kpack k = rf_i_kpack_of(s, len); /* len <= RF_I_INLINE: the whole text */
  uint64_t h = (k.lo * 0x9E3779B97F4A7C15ULL) ^ ((uint64_t)k.hi * 0xC2B2AE3D27D4EB4FULL);
  rf_i_slot *e = &r->tcache[(h ^ (h >> 29)) & (RF_I_TCACHE - 1)];
  if (e->id1 && rf_i_slot_match(e, k)) return e->id1 - 1;
  int64_t id = rf_i_dict_intern(&r->text, s, len, NULL);
  if (id < 0) {
    r->oom = 1;
    return RF_NONE;
  }
  e->id1 = (uint32_t)id + 1;
  e->lo = k.lo;
  e->hi = k.hi;
  return (uint32_t)id;
}

const char *rf_i_plain_decimal(const char *s, double *out) {
  const char *p = s;
  uint64_t m = 0;
  for (; (unsigned)(*p - '0') < 10u; p++) m = m * 10 + (unsigned)(*p - '0');
  long n = p - s, nf = 0;
  if (*p == '.') {
    const char *f = ++p;
    for (; (unsigned)(*p - '0') < 10u; p++) m = m * 10 + (unsigned)(*p - '0');
    nf = p - f;
  }
  if (!n || n + nf > 15) return NULL;
  *out = (double)m / rf_i_pow10[nf];
  return p;
}

rf_status rf_i_amount_field(const rf_ingest *r, const char *s, const char *name, size_t line,
                            double *out, rf_error *err) {
  const char *end = rf_i_plain_decimal(s, out);
  if (end && !*end) return RF_OK;
  if (rf_i_number(s, out))
    return rf_error_set(err, RF_EPARSE, "%s:%zu: field %s: '%.60s' is not a number", r->label, line,
                        name, s);
  if (*out < 0)
    return rf_error_set(err, RF_EPARSE, "%s:%zu: field %s: negative amount %.60s", r->label, line,
                        name, s);
  return RF_OK;
}

uint32_t rf_i_account(rf_ingest *r, const char *s) {
  if (!s || !*s) return RF_NONE;
  int64_t id;
  if (s == r->hk[0])
    id = rf_i_dict_intern_h(&r->accounts, s, r->hl[0], r->hh[0], NULL);
  else if (s == r->hk[1])
    id = rf_i_dict_intern_h(&r->accounts, s, r->hl[1], r->hh[1], NULL);
  else
    id = rf_i_dict_intern(&r->accounts, s, strlen(s), NULL);
  if (id < 0) r->oom = 1;
  return id < 0 ? RF_NONE : (uint32_t)id;
}

int rf_i_name_eq(const char *f, const char *name) {
  while (*f == ' ') f++;
  size_t len = strlen(f);
  while (len && (f[len - 1] == ' ' || f[len - 1] == '\t')) len--;
  size_t nl = strlen(name);
  if (len != nl) return 0;
  for (size_t i = 0; i < len; i++)
    if (tolower((unsigned char)f[i]) != tolower((unsigned char)name[i])) return 0;
  return 1;
}

int rf_i_number(const char *s, double *out) {
  /* Fast exact path (Clinger): plain decimals with <= 15 significant digits
   * and <= 22 fraction digits are correctly rounded by one division. */
  const char *p = s;
  int neg = 0;
  if (*p == '-' || *p == '+') neg = *p++ == '-';
  uint64_t m = 0;
  int nd = 0, nf = 0;
  while (*p >= '0' && *p <= '9') {
    if (nd < 18) m = m * 10 + (uint64_t)(*p - '0');
    if (m) nd++;
    p++;
  }
  const char *intend = p;
  if (*p == '.') {
    p++;
    while (*p >= '0' && *p <= '9') {
      if (nd < 18) m = m * 10 + (uint64_t)(*p - '0');
      if (m) nd++;
      nf++;
      p++;
    }
  }
  int anydigit = (intend > s + (s[0] == '-' || s[0] == '+')) || nf > 0;
  if (!*p && anydigit && nd <= 15 && nf <= 22) {
    double v = (double)m / rf_i_pow10[nf];
    *out = neg ? -v : v;
    return 0;
  }
  return rf_parse_double(s, out) == RF_OK ? 0 : -1;
}

/* ------------------------------------------------------------ line reader */

#define RF_I_LCHUNK (256 * 1024)

rf_status rf_i_lines_open(rf_i_lines *l, const char *path, rf_error *err) {
  memset(l, 0, sizeof *l);
  if (strcmp(path, "-") == 0) {
    l->fp = stdin;
  } else {
    l->fp = rf_fopen_read(path, &l->compressed); /* .gz, .xz, .bz2 read through */
    if (!l->fp) return rf_error_set(err, RF_EIO, "%s: cannot open file", path);
    l->owns_fp = 1;
  }
  l->stream = l->owns_fp && rf_i_stream_setup(l->fp); /* stdin: rf_ingest_open */
  l->chunk = malloc(RF_I_LCHUNK);
  if (!l->chunk) return rf_error_set(err, RF_ENOMEM, "out of memory");
  return RF_OK;
}

void rf_i_lines_open_mem(rf_i_lines *l, const char *data, size_t len) {
  memset(l, 0, sizeof *l);
  l->mem = data;
  l->memlen = len;
}

void rf_i_lines_close(rf_i_lines *l) {
  if (l->owns_fp && l->fp) fclose(l->fp);
  free(l->chunk);
  free(l->line);
  memset(l, 0, sizeof *l);
}

static int rf_i_lines_append(rf_i_lines *l, const char *p, size_t n) {
  if (l->llen + n + 1 > l->lcap) {
    size_t cap = l->lcap ? l->lcap : 4096;
    while (cap < l->llen + n + 1) cap *= 2;
    char *q = realloc(l->line, cap);
    if (!q) return -1;
    l->line = q;
    l->lcap = cap;
  }
  memcpy(l->line + l->llen, p, n);
  l->llen += n;
  return 0;
}

/* Next line (without its line end) found with memchr, one copy per chunk. */
rf_status rf_i_lines_next(rf_i_lines *l, const char **line, size_t *len, size_t max) {
  l->llen = 0;
  int any = 0, over = 0;
  for (;;) {
    const char *src;
    size_t avail;
    if (l->mem) {
      src = l->mem + l->mempos;
      avail = l->memlen - l->mempos;
    } else {
      if (l->cpos >= l->clen) {
        if (l->eof || !l->fp) break;
        l->clen = rf_i_read(l->fp, l->stream, l->chunk, RF_I_LCHUNK);
        l->cpos = 0;
        if (l->clen == 0) {
          l->eof = 1;
          l->ioerr = ferror(l->fp) != 0;
          break;
        }
      }
      src = l->chunk + l->cpos;
      avail = l->clen - l->cpos;
    }
    if (!avail) break;
    any = 1;
    const char *nl = memchr(src, '\n', avail);
    size_t take = nl ? (size_t)(nl - src) : avail, used = take + (nl != NULL);
    if (!over && l->llen + take > max) over = 1;
    if (!over && rf_i_lines_append(l, src, take)) return RF_ENOMEM;
    if (l->mem)
      l->mempos += used;
    else
      l->cpos += used;
    l->offset += used;
    if (nl) break;
  }
  if (!any) return l->ioerr ? RF_EIO : RF_EEMPTY;
  l->lineno++;
  if (over) l->llen = 0;
  if (l->llen && l->line[l->llen - 1] == '\r') l->llen--;
  if (rf_i_lines_append(l, "", 0)) return RF_ENOMEM;
  l->line[l->llen] = '\0';
  *line = l->line;
  *len = l->llen;
  return over ? RF_ELIMIT : RF_OK;
}

/* ------------------------------------------------------------ open / close */

static rf_i_kind rf_i_kind_of(const rf_ingest_opts *o, int jsonl) {
  switch (o->format) {
  case RF_FMT_AMLWORLD: return RF_I_AMLWORLD;
  case RF_FMT_AMLSIM: return RF_I_AMLSIM;
  default: return jsonl ? RF_I_REDFLAG_JSONL : RF_I_REDFLAG_CSV;
  }
}

static rf_ingest *rf_i_new(const char *label, const rf_ingest_opts *opts) {
  rf_ingest *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  if (opts)
    r->o = *opts;
  else
    r->o.jsonl = -1;
  if (r->o.max_lateness == 0) r->o.max_lateness = RF_INGEST_DEFAULT_LATENESS;
  if (r->o.dedupe_window == 0) r->o.dedupe_window = RF_INGEST_DEFAULT_DEDUPE;
  if (r->o.max_jump == 0) r->o.max_jump = RF_INGEST_DEFAULT_JUMP;
  if (r->o.amlsim_epoch == 0) r->o.amlsim_epoch = rf_days_from_civil(2020, 1, 1) * 86400;
  if (r->o.amlsim_step <= 0) r->o.amlsim_step = 86400;
  snprintf(r->label, sizeof r->label, "%.500s", label ? label : "<input>");
  rf_i_dict_init(&r->accounts);
  rf_arena_init(&r->recode, 4096);
  rf_i_dict_init(&r->text);
  rf_i_txids_init(&r->txids, r->o.dedupe_window);
  rf_buf_init(&r->scratch);
  for (int i = 0; i < RF_C_COUNT; i++) r->col[i] = -1;
  r->acol[0] = r->acol[1] = r->tcol[0] = r->tcol[1] = r->xcol = -1;
  r->batch.err = calloc(RF_I_BATCH, sizeof *r->batch.err);
  r->tcache = calloc(RF_I_TCACHE, sizeof *r->tcache);
  if (!r->batch.err || !r->tcache) {
    rf_ingest_close(r);
    return NULL;
  }
  return r;
}

void rf_ingest_close(rf_ingest *r) {
  if (!r) return;
  if (r->use_csv) rf_i_csv_close(&r->csv);
  free(r->batch.ptr);
  free(r->tcache);
  free(r->batch.err);
  if (r->use_lines) rf_i_lines_close(&r->lines);
  rf_i_dict_destroy(&r->accounts);
  rf_i_dict_destroy(&r->text);
  rf_i_txids_destroy(&r->txids);
  free(r->acct_label);
  if (r->rej) fclose(r->rej);
  rf_buf_free(&r->scratch);
  rf_i_clock_free(&r->clock);
  rf_arena_destroy(&r->recode);
  free(r);
}

static rf_status rf_i_open_rejects(rf_ingest *r, rf_error *err) {
  if (!r->o.rejects_path || !*r->o.rejects_path) return RF_OK;
  r->rej = fopen(r->o.rejects_path, "w");
  if (!r->rej)
    return rf_error_set(err, RF_EIO, "%s: cannot create rejects file", r->o.rejects_path);
  fputs("source,line,reason,record\n", r->rej);
  return RF_OK;
}

/* Reads the CSV header and hands it to the format. */
static rf_status rf_i_read_header(rf_ingest *r, rf_error *err) {
  char **f;
  size_t n;
  rf_status st = rf_i_csv_next(&r->csv, &f, &n, err);
  if (st == RF_EEMPTY)
    return rf_error_set(err, RF_EEMPTY, "%s: empty file (no header line)", r->label);
  if (st != RF_OK) return st;
  r->ncols = n;
  switch (r->kind) {
  case RF_I_AMLWORLD: return rf_i_amlworld_header(r, f, n, err);
  case RF_I_AMLSIM: return rf_i_amlsim_header(r, f, n, err);
  default: return rf_i_redflag_header(r, f, n, err);
  }
}

/* Peeks the first non-blank byte to tell JSON Lines from CSV. */
static int rf_i_detect_jsonl_mem(const char *d, size_t n) {
  size_t i = 0;
  if (n >= 3 && (unsigned char)d[0] == 0xEF && (unsigned char)d[1] == 0xBB &&
      (unsigned char)d[2] == 0xBF)
    i = 3;
  while (i < n && isspace((unsigned char)d[i])) i++;
  return i < n && d[i] == '{';
}

static int rf_i_detect_jsonl_path(const char *path) {
  size_t n = strlen(path);
  const char *ext[] = {".jsonl", ".ndjson", ".json"};
  for (size_t k = 0; k < 3; k++) {
    size_t el = strlen(ext[k]);
    if (n >= el && rf_strcasecmp_ascii(path + n - el, ext[k]) == 0) return 1;
  }
  if (strcmp(path, "-") == 0) {
    int c = getc(stdin); /* one byte of look-ahead */
    if (c == EOF) return 0;
    ungetc(c, stdin);
    return c == '{';
  }
  struct stat sb;
  if (stat(path, &sb) || !S_ISREG(sb.st_mode)) return 0; /* sniffing a FIFO would eat its rows */
  FILE *fp = rf_fopen_read(path, NULL);
  if (!fp) return 0;
  char b[256];
  size_t k = fread(b, 1, sizeof b, fp);
  fclose(fp);
  return rf_i_detect_jsonl_mem(b, k);
}

/* Sizes the account index from the input size (about one new account per
 * ten rows of ~90 bytes, capped at 2^21 slots = 32 MiB), so big files do
 * not pay for repeated rehashing; it still grows past that. */
static void rf_i_presize(rf_ingest *r) {
  struct stat sb;
  FILE *fp = r->use_csv ? r->csv.fp : r->lines.fp;
  if (!fp || fstat(fileno(fp), &sb) || !S_ISREG(sb.st_mode)) return;
  /* accounts: about one per ten rows of ~90 bytes in a whole ledger, but
   * nearly one per row in a slice of one (up to 256k: a few MiB of slots) */
  size_t rows = (size_t)sb.st_size / 90, small = rows < ((size_t)1 << 18) ? rows : (size_t)1 << 18;
  size_t slots = 2 * (rows / 10 > small ? rows / 10 : small);
  if (slots > ((size_t)1 << 21)) slots = (size_t)1 << 21;
  rf_i_dict_reserve(&r->accounts, slots);
  if (r->kind == RF_I_REDFLAG_CSV || r->kind == RF_I_REDFLAG_JSONL) {
    slots = (size_t)sb.st_size / 100 * 2; /* one id per row of >= ~100 bytes */
    if (slots > ((size_t)1 << 21)) slots = (size_t)1 << 21;
    rf_i_txids_reserve(&r->txids, slots);
  }
}

static rf_status rf_i_finish_open(rf_ingest *r, rf_error *err) {
  rf_status st = rf_i_open_rejects(r, err);
  if (st) return st;
  rf_i_presize(r);
  if (r->kind == RF_I_REDFLAG_JSONL) {
    /* JSON Lines has no header: an input of only blanks is empty */
    rf_i_lines *l = &r->lines;
    int blank = 1;
    if (l->mem) {
      for (size_t i = 0; i < l->memlen && blank; i++) blank = isspace((unsigned char)l->mem[i]);
    } else if (l->stream || l->fp == stdin) {
      int c = getc(l->fp); /* one byte of look-ahead only, to keep line numbers */
      if (c != EOF) {
        ungetc(c, l->fp);
        blank = 0;
        if ((st = rf_stdin_first_byte_check(c, r->label, err))) return st;
      }
    } else {
      long pos = ftell(l->fp);
      int c;
      while ((c = getc(l->fp)) != EOF && isspace(c)) {
      }
      blank = c == EOF;
      fseek(l->fp, pos, SEEK_SET);
    }
    if (blank) return rf_error_set(err, RF_EEMPTY, "%s: empty file", r->label);
    return RF_OK;
  }
  st = rf_i_read_header(r, err);
  if (st && r->use_csv && r->csv.fp == stdin && r->csv.len > 0) {
    rf_error why;
    if (rf_stdin_first_byte_check((unsigned char)r->csv.buf[0], r->label, &why)) {
      if (err) *err = why;
      return why.code;
    }
  }
  return st;
}

/* the common end of the open functions: finish, or close on error */
static rf_status rf_i_open_done(rf_ingest *r, rf_status st, rf_ingest **out, rf_error *err) {
  if (!st) st = rf_i_finish_open(r, err);
  if (st) {
    rf_ingest_close(r);
    return st;
  }
  *out = r;
  return RF_OK;
}

rf_status rf_ingest_open(rf_ingest **out, const char *path, const rf_ingest_opts *opts,
                         rf_error *err) {
  *out = NULL;
  if (!path) return rf_error_set(err, RF_EINVAL, "no input path");
  if (opts && opts->format == RF_FMT_AMLSIM) {
    if (strcmp(path, "-") == 0)
      return rf_error_set(err, RF_EINVAL, "amlsim input must be a folder, not stdin");
    rf_ingest *r = rf_i_new(path, opts);
    if (!r) return rf_error_set(err, RF_ENOMEM, "out of memory");
    r->kind = RF_I_AMLSIM;
    char tx[4096], nodes[4096];
    struct stat sb;
    /* the folder's transactions.csv (older outputs: tx.csv), or the file
     * given; account labels from nodes.csv beside it, else accounts.csv */
    int dir = stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
    const char *slash = strrchr(path, '/');
    int dl = dir ? (int)strlen(path) : slash ? (int)(slash - path) : 1;
    const char *base = dir || slash ? path : ".";
    /* each also compressed beside it (transactions.csv.gz, ...: rf_path_find) */
    if (dir) {
      if (rf_path_find(path, "transactions.csv", tx, sizeof tx) &&
          rf_path_find(path, "tx.csv", tx, sizeof tx))
        snprintf(tx, sizeof tx, "%s/transactions.csv", path); /* not found: the error names it */
    } else {
      snprintf(tx, sizeof tx, "%s", path);
    }
    char bdir[4096];
    snprintf(bdir, sizeof bdir, "%.*s", dl, base);
    if (rf_path_find(bdir, "nodes.csv", nodes, sizeof nodes) &&
        rf_path_find(bdir, "accounts.csv", nodes, sizeof nodes))
      nodes[0] = '\0'; /* no labels */
    rf_status st = rf_i_csv_open(&r->csv, tx, err);
    r->use_csv = 1;
    if (st) {
      rf_ingest_close(r);
      return st;
    }
    snprintf(r->label, sizeof r->label, "%.500s", tx);
    rf_csv *nc = NULL;
    if (nodes[0] && rf_csv_open(&nc, nodes, NULL, NULL) == RF_OK) {
      st = rf_i_amlsim_nodes(r, nc, err);
      rf_csv_close(nc);
      if (st) {
        rf_ingest_close(r);
        return st;
      }
    }
    st = rf_i_finish_open(r, err);
    if (st) {
      rf_ingest_close(r);
      return st;
    }
    *out = r;
    return RF_OK;
  }
  int jsonl = opts ? opts->jsonl : -1;
  rf_txn_format fmt = opts ? opts->format : RF_FMT_AMLWORLD; /* zeroed opts */
  /* before the look-ahead below */
  int in_stream = !strcmp(path, "-") && rf_i_stream_setup(stdin);
  if (fmt == RF_FMT_REDFLAG && jsonl < 0) jsonl = rf_i_detect_jsonl_path(path);
  rf_ingest *r = rf_i_new(strcmp(path, "-") ? path : "<stdin>", opts);
  if (!r) return rf_error_set(err, RF_ENOMEM, "out of memory");
  r->kind = rf_i_kind_of(&r->o, jsonl > 0);
  rf_status st;
  if (r->kind == RF_I_REDFLAG_JSONL) {
    r->use_lines = 1;
    st = rf_i_lines_open(&r->lines, path, err);
    if (!st && in_stream) r->lines.stream = 1;
  } else {
    st = rf_i_csv_open(&r->csv, path, err);
    if (!st && in_stream) r->csv.stream = 1;
    r->use_csv = 1;
  }
  return rf_i_open_done(r, st, out, err);
}

rf_status rf_ingest_open_mem(rf_ingest **out, const char *data, size_t len, const char *label,
                             const rf_ingest_opts *opts, rf_error *err) {
  *out = NULL;
  if (opts && opts->format == RF_FMT_AMLSIM)
    return rf_ingest_open_amlsim_mem(out, data, len, NULL, 0, label, opts, err);
  int jsonl = opts ? opts->jsonl : -1;
  rf_txn_format fmt = opts ? opts->format : RF_FMT_AMLWORLD; /* zeroed opts */
  if (fmt == RF_FMT_REDFLAG && jsonl < 0) jsonl = rf_i_detect_jsonl_mem(data, len);
  rf_ingest *r = rf_i_new(label, opts);
  if (!r) return rf_error_set(err, RF_ENOMEM, "out of memory");
  r->kind = rf_i_kind_of(&r->o, jsonl > 0);
  rf_status st = RF_OK;
  if (r->kind == RF_I_REDFLAG_JSONL) {
    r->use_lines = 1;
    rf_i_lines_open_mem(&r->lines, data, len);
  } else {
    st = rf_i_csv_open_mem(&r->csv, data, len, r->label, err);
    r->use_csv = 1;
  }
  return rf_i_open_done(r, st, out, err);
}

rf_status rf_ingest_open_amlsim_mem(rf_ingest **out, const char *tx, size_t txlen,
                                    const char *nodes, size_t nodeslen, const char *label,
                                    const rf_ingest_opts *opts, rf_error *err) {
  *out = NULL;
  rf_ingest *r = rf_i_new(label, opts);
  if (!r) return rf_error_set(err, RF_ENOMEM, "out of memory");
  r->o.format = RF_FMT_AMLSIM;
  r->kind = RF_I_AMLSIM;
  rf_status st = rf_i_csv_open_mem(&r->csv, tx, txlen, r->label, err);
  r->use_csv = 1;
  if (!st && nodes) {
    rf_csv *nc = NULL;
    char nl[600];
    snprintf(nl, sizeof nl, "%.500s#nodes", r->label);
    st = rf_csv_open_mem(&nc, nodes, nodeslen, nl, NULL, err);
    if (!st) st = rf_i_amlsim_nodes(r, nc, err);
    rf_csv_close(nc);
  }
  return rf_i_open_done(r, st, out, err);
}

/* ------------------------------------------------------------------- next */

/* the fields joined as one CSV record, or a copy of raw (NULL: no memory) */
static char *rf_i_record(char **f, size_t n, const char *raw) {
  if (raw) return strdup(raw);
  rf_buf rec;
  rf_buf_init(&rec);
  for (size_t i = 0; i < n; i++) {
    if (i) rf_buf_putc(&rec, ',');
    rf_buf_csv_field(&rec, f[i]);
  }
  return rec.data ? rec.data : strdup("");
}

void rf_i_reject(rf_ingest *r, size_t line, const char *reason, char **f, size_t n,
                 const char *raw) {
  r->st.rejected++;
  if (!r->rej) return;
  rf_buf *b = &r->scratch;
  rf_buf_reset(b);
  rf_buf_csv_field(b, r->label);
  rf_buf_printf(b, ",%zu,", line);
  rf_buf_csv_field(b, reason);
  rf_buf_putc(b, ',');
  if (raw) {
    rf_buf_csv_field(b, raw);
  } else if (f) {
    char *rec = rf_i_record(f, n, NULL);
    rf_buf_csv_field(b, rec ? rec : "");
    free(rec);
  }
  rf_buf_putc(b, '\n');
  fwrite(b->data, 1, b->len, r->rej);
}

/* A row too far from the newest one in time (late or ahead): the message
 * names both times, the distance and the limit. */
rf_status rf_i_order_error(const rf_ingest *r, const rf_txn *t, rf_error *err) {
  char a[32], b[32];
  int64_t newest = r->clock.newest;
  rf_time_format(t->time, a, sizeof a);
  rf_time_format(newest, b, sizeof b);
  int late = t->time < newest;
  long long d = late ? (long long)(newest - t->time) : (long long)(t->time - newest);
  return rf_error_set(err, RF_EPARSE,
                      "%s:%llu: field time: %s is %lld s (%.1f days) %s the newest row (%s); "
                      "max %s is %lld s",
                      r->label, (unsigned long long)t->line, a, d, (double)d / 86400.0,
                      late ? "older than" : "ahead of", b, late ? "lateness" : "jump",
                      (long long)(late ? r->o.max_lateness : r->o.max_jump));
}

/* Lateness, jump and duplicate id checks; on success the row goes to the
 * clock (clock.c), which moves when the row is returned. */
rf_status rf_i_accept(rf_ingest *r, rf_txn *t, const char *txid, rf_error *err) {
  const rf_i_clock *c = &r->clock;
  if (c->have && !c->nheld && !rf_i_clock_near(r, c->newest, t->time))
    return rf_i_order_error(r, t, err);
  t->txid = RF_NONE;
  if (txid) {
    /* the confirmed clock (this row's time for the first row), and no
     * forgetting while rows wait in the clock: an id handed out always names
     * its row when the row comes back */
    int idle = !c->nheld && c->iready >= c->nready;
    int64_t now = c->have ? c->newest : t->time;
    uint64_t first = 0;
    int64_t id = rf_i_txids_add(&r->txids, txid, strlen(txid), now, idle, t->line, &first);
    if (id == RF_I_TXID_NOMEM) return rf_error_set(err, RF_ENOMEM, "out of memory");
    if (id == RF_I_TXID_DUP) {
      r->st.duplicates++;
      return rf_error_set(err, RF_EPARSE,
                          "%s:%llu: field txn_id: duplicate transaction id '%.200s' (first at "
                          "line %llu)",
                          r->label, (unsigned long long)t->line, txid, (unsigned long long)first);
    }
    t->txid = (uint32_t)id;
  }
  return RF_OK;
}

static void rf_i_txn_init(rf_txn *t, uint64_t line) {
  t->line = line;
  t->time = 0;
  t->txid = t->src = t->dst = RF_NONE;
  t->amount = t->amount_received = 0;
  t->currency = t->currency_received = RF_NONE;
  t->channel = RF_CH_UNKNOWN;
  t->label = -1;
  t->src_bank = t->dst_bank = t->src_name = t->dst_name = RF_NONE;
  t->src_country = t->dst_country = t->location = t->state = t->conductor = RF_NONE;
  t->city = t->zip = RF_NONE;
}

static rf_status rf_i_next_jsonl(rf_ingest *r, rf_txn *t, rf_error *err, const char **raw) {
  for (;;) {
    const char *line;
    size_t len;
    rf_status st = rf_i_lines_next(&r->lines, &line, &len, RF_I_MAX_JSONL_LINE);
    if (st == RF_EEMPTY) return RF_EEMPTY;
    if (st == RF_ENOMEM) return rf_error_set(err, RF_ENOMEM, "out of memory");
    if (st == RF_EIO)
      return rf_error_set(err, RF_EIO, "%s: read error%s", r->label,
                          rf_zfile_error_hint(r->lines.compressed));
    size_t lineno = r->lines.lineno;
    r->cur_line = lineno;
    if (st == RF_ELIMIT) {
      r->st.read++;
      rf_error_set(err, RF_ELIMIT, "%s:%zu: line longer than %zu bytes", r->label, lineno,
                   RF_I_MAX_JSONL_LINE);
      rf_i_reject(r, lineno, err->msg, NULL, 0, "");
      return RF_ELIMIT;
    }
    size_t i = 0;
    if (lineno == 1 && len >= 3 && (unsigned char)line[0] == 0xEF &&
        (unsigned char)line[1] == 0xBB && (unsigned char)line[2] == 0xBF)
      i = 3;
    while (i < len && isspace((unsigned char)line[i])) i++;
    if (i == len) continue; /* blank line */
    r->st.read++;
    rf_i_txn_init(t, lineno);
    if (!rf_utf8_valid(line + i, len - i)) { /* read as Windows-1252, as in CSV */
      rf_arena_reset(&r->recode);
      if (!(line = rf_latin1_to_utf8(&r->recode, line + i, len - i)))
        return rf_error_set(err, RF_ENOMEM, "out of memory");
      len = strlen(line);
      i = 0;
      r->st.recoded++;
    }
    rf_error e;
    rf_error_clear(&e);
    st = rf_i_jsonl_row(r, line + i, len - i, t, &e);
    if (st == RF_ENOMEM) {
      if (err) *err = e;
      return st;
    }
    if (st) {
      rf_i_reject(r, lineno, e.msg, NULL, 0, line);
      if (err) *err = e;
      return st;
    }
    *raw = line;
    return RF_OK;
  }
}

/* CSV formats read records in batches of RF_I_BATCH: the batch is copied out
 * of the splitter and the account-index slots of its rows are prefetched, so
 * the cache misses of interning overlap instead of queueing (account tables
 * outgrow the cache on real files; see docs/ingest.md). */
static rf_status rf_i_fill_batch(rf_ingest *r) {
  rf_i_batch *b = &r->batch;
  b->nptr = 0;
  b->n = b->i = 0;
  while (b->n < RF_I_BATCH) {
    char **f;
    size_t n;
    rf_i_brow *row = &b->rows[b->n];
    if (r->aw_fast && rf_i_aw_fast(r, row)) {
      b->n++;
      continue;
    }
    row->fast = 0;
    /* only the first record of a batch may read more input: the records
     * of a batch point into the splitter's buffer */
    r->csv.nofill = b->n > 0;
    rf_status st = rf_i_csv_next(&r->csv, &f, &n, &b->err[b->n]);
    if (st == RF_EEMPTY || st == RF_I_AGAIN) break;
    if (st == RF_OK && n == 1 && f[0][0] == '\0') continue; /* blank line */
    row->line = r->csv.rec_line;
    row->st = st;
    row->first = b->nptr;
    row->hi = r->csv.hi;
    row->nf = st == RF_OK ? n : 0;
    b->n++;
    if (st != RF_OK) {
      if (st == RF_ENOMEM || st == RF_EIO) break; /* fatal: reported, not counted */
      continue;
    }
    if (b->nptr + n + 1 > b->ptrcap) {
      size_t cap = b->ptrcap ? b->ptrcap : 1024;
      while (cap < b->nptr + n + 1) cap *= 2;
      char **p = realloc(b->ptr, cap * sizeof *p);
      if (!p) return RF_ENOMEM;
      b->ptr = p;
      b->ptrcap = cap;
    }
    memcpy(b->ptr + b->nptr, f, n * sizeof *f);
    b->nptr += n;
    b->ptr[b->nptr++] = NULL;
    for (int k = 0; k < 2; k++) {
      row->al[k] = 0;
      if (r->acol[k] >= 0 && (size_t)r->acol[k] < n) {
        const char *a = f[r->acol[k]];
        size_t len = strlen(a);
        row->al[k] = (uint32_t)len;
        row->ah[k] = rf_i_dict_hash(a, len);
        rf_i_dict_prefetch_h(&r->accounts, row->ah[k]);
      }
      if (r->tcol[k] >= 0 && (size_t)r->tcol[k] < n) rf_i_dict_prefetch(&r->text, f[r->tcol[k]]);
    }
    if (r->xcol >= 0 && (size_t)r->xcol < n) rf_i_txids_prefetch(&r->txids, f[r->xcol]);
  }
  r->csv.nofill = 0;
  return RF_OK;
}

/* Wrong encodings: a field that is not UTF-8 is read as Windows-1252
 * (Latin-1), the usual encoding of Spanish and Portuguese names exported by
 * older systems, and recoded; the row is counted in stats.recoded. Only
 * records in which the splitter saw a byte >= 0x80 are looked at. */
static int rf_i_recode_row(rf_ingest *r, char **f, size_t n) {
  rf_arena_reset(&r->recode);
  int any = 0;
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(f[i]);
    if (rf_utf8_valid(f[i], len)) continue;
    char *u = rf_latin1_to_utf8(&r->recode, f[i], len);
    if (!u) return -1;
    f[i] = u;
    any = 1;
  }
  r->st.recoded += (uint64_t)any;
  return 0;
}

/* a row of the AMLworld one-pass reader: accepted by the clock, then its
 * strings interned (the order of rf_i_amlworld_row) */
static rf_status rf_i_fast_row(rf_ingest *r, const rf_i_brow *row, rf_txn *t, rf_error *e) {
  rf_i_txn_init(t, row->line);
  t->time = row->time;
  t->amount_received = row->amount_received;
  t->amount = row->amount;
  t->channel = row->channel;
  t->label = row->label;
  rf_status st = rf_i_accept(r, t, NULL, e);
  if (st) return st;
  int64_t a = rf_i_dict_intern_h(&r->accounts, row->ak[0], row->al[0], row->ah[0], NULL);
  int64_t b = rf_i_dict_intern_h(&r->accounts, row->ak[1], row->al[1], row->ah[1], NULL);
  t->src = a < 0 ? RF_NONE : (uint32_t)a;
  t->dst = b < 0 ? RF_NONE : (uint32_t)b;
  t->currency_received = rf_i_text_n(r, row->ck[0], row->cl[0]);
  t->currency = row->cl[1] == row->cl[0] && !memcmp(row->ck[1], row->ck[0], row->cl[0])
                    ? t->currency_received
                    : rf_i_text_n(r, row->ck[1], row->cl[1]);
  if (a < 0 || b < 0 || t->currency == RF_NONE || t->currency_received == RF_NONE)
    return rf_error_set(e, RF_ENOMEM, "out of memory");
  return RF_OK;
}

/* the next CSV row, parsed and accepted (its fields in *fo, *no, or the
 * record in *raw for a row of the one-pass reader) */
static rf_status rf_i_next_csv(rf_ingest *r, rf_txn *t, rf_error *err, char ***fo, size_t *no,
                               const char **raw) {
  rf_i_batch *b = &r->batch;
  if (b->i == b->n) {
    if (rf_i_fill_batch(r)) return rf_error_set(err, RF_ENOMEM, "out of memory");
    if (b->n == 0) return RF_EEMPTY;
  }
  rf_i_brow *row = &b->rows[b->i];
  rf_error *e = &b->err[b->i];
  b->i++;
  rf_status st = row->st;
  size_t line = row->line;
  r->cur_line = line;
  if (st == RF_ENOMEM || st == RF_EIO) {
    if (err) *err = *e;
    b->i = b->n = 0; /* ask the splitter again next time */
    return st;
  }
  r->st.read++;
  if (st) {
    rf_i_reject(r, line, e->msg, NULL, 0, "");
    if (err) *err = *e;
    return st;
  }
  if (row->fast) {
    st = rf_i_fast_row(r, row, t, e);
    if (st && st != RF_ENOMEM) rf_i_reject(r, line, e->msg, NULL, 0, row->raw);
    if (st && err) *err = *e;
    *raw = row->raw;
    return st;
  }
  size_t n = row->nf;
  char **f = b->ptr + row->first;
  for (int k = 0; k < 2; k++) {
    r->hk[k] = row->al[k] ? f[r->acol[k]] : NULL;
    r->hh[k] = row->ah[k];
    r->hl[k] = row->al[k];
  }
  rf_i_txn_init(t, line);
  if (row->hi && rf_i_recode_row(r, f, n)) return rf_error_set(err, RF_ENOMEM, "out of memory");
  if (n != r->ncols && !(r->o.allow_extra_columns && n > r->ncols)) {
    st = rf_error_set(e, RF_EPARSE, "%s:%zu: expected %zu fields, got %zu%s", r->label, line,
                      r->ncols, n, n < r->ncols ? " (truncated line?)" : "");
  } else {
    switch (r->kind) {
    case RF_I_AMLWORLD: st = rf_i_amlworld_row(r, f, n, t, e); break;
    case RF_I_AMLSIM: st = rf_i_amlsim_row(r, f, n, t, e); break;
    default: st = rf_i_redflag_row(r, f, n, t, e); break;
    }
  }
  if (st == RF_ENOMEM) {
    if (err) *err = *e;
    return st;
  }
  if (st) {
    rf_i_reject(r, line, e->msg, f, n, NULL);
    if (err) *err = *e;
    return st;
  }
  *fo = f;
  *no = n;
  return RF_OK;
}

/* Rows pass the stream clock (clock.c) before they are returned: nearly
 * all at once; a row that would move the clock far is held until the next
 * rows confirm it or show it to be an outlier. */
rf_status rf_ingest_next(rf_ingest *r, rf_txn *t, rf_error *err) {
  for (;;) {
    rf_status st;
    if (rf_i_clock_pop(r, t, &st, err)) return st;
    char **f = NULL;
    size_t n = 0;
    const char *raw = NULL;
    rf_error e;
    st = r->kind == RF_I_REDFLAG_JSONL ? rf_i_next_jsonl(r, t, &e, &raw)
                                       : rf_i_next_csv(r, t, &e, &f, &n, &raw);
    if (st == RF_EEMPTY) {
      int fl = rf_i_clock_flush(r);
      if (fl < 0) return rf_error_set(err, RF_ENOMEM, "out of memory");
      if (fl) continue;
      return RF_EEMPTY;
    }
    if (st && st != RF_ENOMEM && st != RF_EIO && r->clock.nheld) {
      if (rf_i_clock_behind(r, r->cur_line, st, &e))
        return rf_error_set(err, RF_ENOMEM, "out of memory");
      continue;
    }
    if (st) {
      if (err) *err = e;
      return st;
    }
    if (r->oom) return rf_error_set(err, RF_ENOMEM, "out of memory");
    if (rf_i_clock_take(r, t)) {
      r->st.processed++;
      return RF_OK;
    }
    char *rec = NULL;
    if (r->rej && !(rec = rf_i_record(f, n, raw)))
      return rf_error_set(err, RF_ENOMEM, "out of memory");
    if (rf_i_clock_feed(r, t, rec)) return rf_error_set(err, RF_ENOMEM, "out of memory");
  }
}

/* ----------------------------------------------------- streamed input */

/* the input a row would be read from, when it is a stream; else NULL */
static FILE *rf_i_stream_fp(const rf_ingest *r) {
  if (r->use_csv && r->csv.stream && !r->csv.eof) return r->csv.fp;
  if (r->use_lines && r->lines.stream && !r->lines.eof) return r->lines.fp;
  return NULL;
}

int rf_ingest_pending(const rf_ingest *r) {
  FILE *fp = rf_i_stream_fp(r);
  if (!fp || r->clock.iready < r->clock.nready) return 1;
  /* a whole line already read (a quoted field may still span more) */
  if (r->use_csv && memchr(r->csv.buf + r->csv.pos, '\n', r->csv.len - r->csv.pos)) return 1;
  if (r->use_lines && r->lines.chunk &&
      memchr(r->lines.chunk + r->lines.cpos, '\n', r->lines.clen - r->lines.cpos))
    return 1;
  return rf_i_readable(fp, 0);
}

int rf_ingest_wait(const rf_ingest *r, int timeout_ms) {
  FILE *fp = rf_i_stream_fp(r);
  return !fp || rf_ingest_pending(r) || rf_i_readable(fp, timeout_ms);
}

/* ------------------------------------------------------------- accessors */

const rf_ingest_stats *rf_ingest_stats_get(const rf_ingest *r) { return &r->st; }
size_t rf_ingest_naccounts(const rf_ingest *r) { return r->accounts.n; }
size_t rf_ingest_ntext(const rf_ingest *r) { return r->text.n; }

const char *rf_ingest_account(const rf_ingest *r, uint32_t id) {
  return id < r->accounts.n ? r->accounts.keys[id] : NULL;
}
const char *rf_ingest_text(const rf_ingest *r, uint32_t id) {
  return id < r->text.n ? r->text.keys[id] : NULL;
}
const char *rf_ingest_txid(const rf_ingest *r, uint32_t id) {
  return id == RF_NONE ? NULL : rf_i_txids_name(&r->txids, id);
}
int rf_ingest_account_label(const rf_ingest *r, uint32_t id) {
  return id < r->acct_label_n ? r->acct_label[id] : -1;
}
const char *rf_ingest_txn_ref(const rf_ingest *r, const rf_txn *t, char *buf, size_t n) {
  const char *id = rf_ingest_txid(r, t->txid);
  if (id)
    snprintf(buf, n, "%s", id);
  else
    snprintf(buf, n, "L%llu", (unsigned long long)t->line);
  return buf;
}
int rf_ingest_has_labels(const rf_ingest *r) { return r->has_label; }
uint64_t rf_ingest_offset(const rf_ingest *r) {
  return r->use_csv ? r->csv.offset + r->csv.pos : r->lines.offset;
}
const char *rf_ingest_label(const rf_ingest *r) { return r->label; }
