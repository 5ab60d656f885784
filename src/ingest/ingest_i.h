/* Internal header of the ingest module (shared by the readers). */
#ifndef RF_INGEST_I_H
#define RF_INGEST_I_H

#include "redflag/ingest.h"

#include <stdio.h>
#include <string.h>

/* Buffered line reader (JSON Lines). Lines are NUL-terminated, without the
 * line end; valid until the next call. */
typedef struct rf_i_lines {
  FILE *fp;
  int owns_fp;
  const char *mem;
  size_t memlen, mempos;
  char *chunk;
  size_t clen, cpos;
  int eof;
  char *line;
  size_t llen, lcap;
  size_t lineno; /* line of the last returned line */
  int ioerr;
  int compressed; /* read through rf_fopen_read's decompression (rf_compression_kind) */
  int stream;     /* not a regular file: read as it arrives (stream.c) */
  uint64_t offset;
} rf_i_lines;

/* stream.c: input that is not a regular file. rf_i_stream_setup makes fp
 * unbuffered (call before reading it) and returns 1 for such input (0 if
 * it could not be made unbuffered: it is then read like a file);
 * rf_i_read reads up to n bytes, for a stream what has arrived (waiting for
 * at least one); rf_i_readable: input (or its end) is there within
 * timeout_ms (-1 = wait). */
int rf_i_stream_setup(FILE *fp);
size_t rf_i_read(FILE *fp, int stream, char *buf, size_t n);
int rf_i_readable(FILE *fp, int timeout_ms);

/* Fast CSV splitter (fastcsv.c): same contract as rf_csv_next. */
#define RF_I_MAX_RECORD ((size_t)4 << 20)
typedef struct rf_i_csv {
  FILE *fp;
  int owns_fp;
  const char *mem;
  size_t memlen, mempos;
  char *buf;
  size_t cap, len, pos;
  int eof, bom_done;
  size_t max_record;
  size_t line, rec_line;
  uint64_t offset;
  char **fields;
  size_t nf, fcap;
  char label[512];
  int nofill;     /* 1: return RF_I_AGAIN instead of reading more input */
  int ioerr;      /* the input failed (not just ended): RF_EIO at its end */
  int compressed; /* read through rf_fopen_read's decompression (rf_compression_kind) */
  int hi;         /* the last record holds a byte >= 0x80 (1 for quoted records: not checked) */
  int stream;     /* not a regular file: read as it arrives (stream.c) */
} rf_i_csv;
/* rf_i_csv_next with nofill set: the next record is not complete in the
 * buffer (nothing consumed). Records returned earlier stay valid. */
#define RF_I_AGAIN ((rf_status)1)
rf_status rf_i_csv_open(rf_i_csv *c, const char *path, rf_error *err);
rf_status rf_i_csv_open_mem(rf_i_csv *c, const char *data, size_t len, const char *label,
                            rf_error *err);
void rf_i_csv_close(rf_i_csv *c);
rf_status rf_i_csv_next(rf_i_csv *c, char ***fields, size_t *nfields, rf_error *err);

/* String interning (dict.c): one cache line per lookup. */
#define RF_I_INLINE 11
/* A key's length (255 = 255 or more) and first RF_I_INLINE bytes, zero
 * padded, packed into two words, so that a slot compares in two integer
 * compares. */
typedef struct rf_i_kpack {
  uint64_t lo; /* the length byte, then key bytes 0..6 */
  uint32_t hi; /* key bytes 7..10 */
} rf_i_kpack;
typedef struct rf_i_slot {
  uint32_t id1; /* id + 1, 0 = empty */
  uint32_t hi;  /* rf_i_kpack of the key */
  uint64_t lo;
} rf_i_slot;

/* little-endian loads on any host: a pack must keep every byte */
static inline uint32_t rf_i_load32(const char *p) {
  uint32_t x;
  memcpy(&x, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  x = __builtin_bswap32(x);
#endif
  return x;
}
static inline uint64_t rf_i_load64(const char *p) {
  uint64_t x;
  memcpy(&x, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  x = __builtin_bswap64(x);
#endif
  return x;
}

static inline rf_i_kpack rf_i_kpack_of(const char *key, size_t len) {
  size_t k = len < RF_I_INLINE ? len : RF_I_INLINE;
  uint64_t a = 0;
  uint32_t b = 0;
  if (k >= 8) {
    a = rf_i_load64(key);
    b = rf_i_load32(key + k - 4) >> (8 * (RF_I_INLINE - k)); /* bytes 7..k-1 */
  } else if (k >= 4) {
    a = rf_i_load32(key) | (uint64_t)rf_i_load32(key + k - 4) << (8 * (k - 4));
  } else if (k) {
    a = (uint64_t)(unsigned char)key[0] | (uint64_t)(unsigned char)key[k / 2] << (8 * (k / 2)) |
        (uint64_t)(unsigned char)key[k - 1] << (8 * (k - 1));
  }
  return (rf_i_kpack){(a << 8) | (len > 255 ? 255 : len), b};
}

static inline int rf_i_slot_match(const rf_i_slot *s, rf_i_kpack k) {
  return s->lo == k.lo && s->hi == k.hi;
}
typedef struct rf_i_dict {
  rf_arena arena; /* key bytes */
  char **keys;    /* keys[id], NUL-terminated */
  uint32_t *lens;
  size_t n, cap;
  rf_i_slot *slots;
  size_t nslots;
} rf_i_dict;
void rf_i_dict_init(rf_i_dict *d);
void rf_i_dict_destroy(rf_i_dict *d);
uint64_t rf_i_dict_hash(const char *key, size_t len);
int64_t rf_i_dict_intern(rf_i_dict *d, const char *key, size_t len, int *inserted);
int64_t rf_i_dict_intern_h(rf_i_dict *d, const char *key, size_t len, uint64_t h, int *inserted);
int64_t rf_i_dict_get(const rf_i_dict *d, const char *key, size_t len);
void rf_i_dict_prefetch_h(const rf_i_dict *d, uint64_t h);
/* Sizes the index for about nslots/2 keys up front (avoids rehashing). */
void rf_i_dict_reserve(rf_i_dict *d, size_t nslots);

void rf_i_dict_prefetch(const rf_i_dict *d, const char *key);

/* Transaction ids of the last one to two dedupe windows (txids.c). */
typedef struct rf_i_txgen {
  rf_i_dict ids;
  uint64_t *line; /* first line of each id */
  size_t cap;
  uint32_t base; /* global id of local id 0 */
} rf_i_txgen;
typedef struct rf_i_txids {
  rf_i_txgen gen[2]; /* gen[cur] takes new ids, gen[!cur] the window before */
  int cur, started;
  int64_t window; /* stream seconds; <= 0 = never forget */
  int64_t start;  /* stream time gen[cur] started */
  uint64_t rotations;
} rf_i_txids;
#define RF_I_TXID_DUP (-2)
#define RF_I_TXID_NOMEM (-1)
void rf_i_txids_init(rf_i_txids *x, int64_t window);
void rf_i_txids_destroy(rf_i_txids *x);
void rf_i_txids_reserve(rf_i_txids *x, size_t nslots);
/* A new id (>= 0, the global id), RF_I_TXID_DUP (*first = its first line)
 * or RF_I_TXID_NOMEM; now = the stream's clock, which (when may_forget)
 * may rotate the generations first. */
int64_t rf_i_txids_add(rf_i_txids *x, const char *key, size_t len, int64_t now, int may_forget,
                       uint64_t line, uint64_t *first);
const char *rf_i_txids_name(const rf_i_txids *x, uint32_t id);
size_t rf_i_txids_live(const rf_i_txids *x);
void rf_i_txids_prefetch(const rf_i_txids *x, const char *key);

#define RF_I_BATCH 64
typedef struct rf_i_brow {
  size_t line;
  rf_status st;
  size_t first, nf; /* fields ptr[first .. first+nf), NULL after */
  int hi;           /* the record holds a byte >= 0x80 (maybe not UTF-8) */
  uint64_t ah[2];   /* hashes of the account fields */
  uint32_t al[2];   /* their lengths */
  /* a row read by the AMLworld one-pass reader (rf_i_aw_fast): its values,
   * and its texts as pointers into the splitter's buffer with lengths */
  int fast;
  const char *raw;   /* the record (NUL-terminated) */
  const char *ak[2]; /* account ids (lengths al[], hashes ah[]) */
  const char *ck[2]; /* currencies received, paid */
  uint32_t cl[2];
  int64_t time;
  double amount_received, amount;
  uint8_t channel;
  int8_t label;
} rf_i_brow;
typedef struct rf_i_batch {
  rf_i_brow rows[RF_I_BATCH];
  rf_error *err; /* RF_I_BATCH messages */
  int n, i;
  char **ptr; /* field pointers into the splitter's buffer */
  size_t nptr, ptrcap;
} rf_i_batch;

typedef enum rf_i_kind {
  RF_I_AMLWORLD,
  RF_I_AMLSIM,
  RF_I_REDFLAG_CSV,
  RF_I_REDFLAG_JSONL
} rf_i_kind;

/* redflag schema columns */
enum {
  RF_C_TXN_ID,
  RF_C_TIME,
  RF_C_CHANNEL,
  RF_C_AMOUNT,
  RF_C_CURRENCY,
  RF_C_AMOUNT_RECEIVED,
  RF_C_CURRENCY_RECEIVED,
  RF_C_ORIG_ACCOUNT,
  RF_C_ORIG_NAME,
  RF_C_ORIG_BANK,
  RF_C_ORIG_COUNTRY,
  RF_C_BENE_ACCOUNT,
  RF_C_BENE_NAME,
  RF_C_BENE_BANK,
  RF_C_BENE_COUNTRY,
  RF_C_BRANCH,
  RF_C_CITY,
  RF_C_STATE,
  RF_C_ZIP,
  RF_C_CONDUCTOR,
  RF_C_LABEL,
  RF_C_COUNT
};
extern const char *const rf_i_redflag_cols[RF_C_COUNT];

/* The stream clock (clock.c). The newest accepted time moves forward with
 * the rows; a row that would move it by more than the lateness (or the first
 * row, which would set it) is held back until the next row confirms it. When
 * the next two rows both fall back to the old time instead, the held row is
 * the outlier (a mistyped year or month) and is rejected, so that one bad
 * time cannot make every later row "too late". Rows keep their input order. */
#define RF_I_HOLD 2                  /* a held jump and one row that contradicts it */
#define RF_I_BEHIND 64               /* rows rejected while rows are held (kept in input order) */
#define RF_I_READY (8 + RF_I_BEHIND) /* decided rows waiting to be returned */
typedef struct rf_i_held {
  rf_txn t;
  char *rec; /* the record for the rejects file (NULL without one) */
} rf_i_held;
typedef struct rf_i_ready {
  rf_txn t;
  rf_status st; /* RF_OK, or RF_EPARSE with e: rejected (already counted) */
  rf_error e;
} rf_i_ready;
typedef struct rf_i_clock {
  int64_t newest; /* newest accepted time, valid when have */
  int have;
  rf_i_held held[RF_I_HOLD]; /* held[0] the jump waiting for confirmation */
  int nheld;
  rf_i_ready *ready; /* RF_I_READY entries, allocated on first use */
  int nready, iready;
  rf_i_ready *behind; /* RF_I_BEHIND rejected rows after held[0], allocated on first use */
  int nbehind;
} rf_i_clock;

struct rf_ingest {
  rf_ingest_opts o;
  rf_i_kind kind;
  char label[512];
  rf_i_csv csv; /* CSV formats */
  int use_csv;
  rf_i_lines lines; /* JSON Lines */
  int use_lines;
  size_t ncols;        /* header width (CSV) */
  int col[RF_C_COUNT]; /* redflag CSV: column index per field, -1 absent */
  int amlsim_col[7];   /* src, dst, value, time, txid, type, label (amlsim.c) */
  int amlsim_nodes;    /* the 2019 layout: ids are integer node ids */
  int has_label;
  rf_i_dict accounts, text;
  rf_i_txids txids;
  int8_t *acct_label; /* AMLSim nodes.csv labels, indexed by account id */
  size_t acct_label_n;
  rf_ingest_stats st;
  rf_i_clock clock;
  uint64_t cur_line; /* line of the row read last */
  rf_arena recode;   /* recoded fields of the current row (rf_i_recode_row) */
  int oom;           /* interning a string failed: rf_ingest_next returns RF_ENOMEM */
  FILE *rej;
  rf_buf scratch;
  char date_key[10]; /* AMLworld date cache */
  int64_t date_days;
  int date_valid;
  char last_ts[17]; /* AMLworld: last "YYYY/MM/DD HH:MM" and its time */
  int64_t last_t;
  int last_ts_ok;
  int acol[2];       /* CSV columns holding account ids (prefetched), -1 none */
  int tcol[2];       /* CSV columns of frequent texts (banks), prefetched */
  int xcol;          /* CSV column of the transaction id (redflag), prefetched */
  const char *hk[2]; /* account fields of the current row with known hashes */
  uint64_t hh[2];
  uint32_t hl[2];
  rf_i_batch batch;
  rf_i_slot *tcache;     /* RF_I_TCACHE recent short texts -> ids (rf_i_text) */
  int aw_fast;           /* AMLworld rows in the published layout take rf_i_aw_fast */
  uint64_t aw_fast_rows; /* rows it read (tests) */
};
#define RF_I_TCACHE 4096

/* Interns s (may be NULL or empty -> RF_NONE). */
uint32_t rf_i_text(rf_ingest *r, const char *s);
/* the same for s[0..len) (need not be NUL-terminated) */
uint32_t rf_i_text_n(rf_ingest *r, const char *s, size_t len);
/* amlworld.c: reads the next record of r->csv into row in one pass when it
 * is a plain AMLworld row (complete in the buffer, no quote, ASCII, every
 * field in its usual form) and consumes it: 1; else 0 and nothing is
 * consumed (the general path reads it and reports what is wrong). */
int rf_i_aw_fast(rf_ingest *r, rf_i_brow *row);
uint32_t rf_i_account(rf_ingest *r, const char *s);
/* The common amount, an unsigned decimal of at most 15 digits ("3195403.00"),
 * read in one pass into *out: (double)m / 10^k is correctly rounded
 * (Clinger), the value rf_i_number gives it. Returns where the number ends
 * (the caller checks what follows), NULL when s does not start with one. */
const char *rf_i_plain_decimal(const char *s, double *out);
/* Fast strict decimal parse ("123", "-4.50", "1e3" via fallback). 0 on success. */
int rf_i_number(const char *s, double *out);
/* An amount field: a non-negative number, else an error naming file, line,
 * field and value. */
rf_status rf_i_amount_field(const rf_ingest *r, const char *s, const char *name, size_t line,
                            double *out, rf_error *err);
/* Case-insensitive, space-trimmed equality. */
int rf_i_name_eq(const char *field, const char *name);

/* Order and duplicate checks of a validated row (before interning its
 * strings): rejects a row too late or too far ahead of the clock while no
 * row is held, and a duplicate transaction id; commits the txid on success.
 * The clock itself moves in rf_i_clock_take / rf_i_clock_feed. */
rf_status rf_i_accept(rf_ingest *r, rf_txn *t, const char *txid, rf_error *err);
/* rf_i_reject: counts a rejected row and writes it to the rejects file
 * (record: the fields joined as CSV, or raw: the line as read). */
void rf_i_reject(rf_ingest *r, size_t line, const char *reason, char **f, size_t n,
                 const char *raw);

/* clock.c. rf_i_clock_take: 1 when t (parsed, accepted) can be returned at
 * once (the common case: nothing held, t near the clock), after moving the
 * clock. Otherwise the caller passes t to rf_i_clock_feed with its record
 * and then returns what rf_i_clock_pop gives (rf_i_clock_take is inline
 * below: it runs for every row). rf_i_clock_flush decides on held rows at
 * the end of input: 0 when nothing was held, 1 when decided, -1 out of
 * memory. pop returns 0 when nothing is ready, else 1 with *st (RF_OK, or
 * RF_EPARSE with err). */
rf_status rf_i_clock_feed(rf_ingest *r, const rf_txn *t, const char *rec);
int rf_i_clock_flush(rf_ingest *r);
int rf_i_clock_pop(rf_ingest *r, rf_txn *t, rf_status *st, rf_error *err);
/* a row of this line was rejected (already counted) while rows are held:
 * queues its error so that results stay in input order */
rf_status rf_i_clock_behind(rf_ingest *r, uint64_t line, rf_status st, const rf_error *e);
void rf_i_clock_free(rf_i_clock *c);
/* the message of a row too late or too far ahead of the clock */
rf_status rf_i_order_error(const rf_ingest *r, const rf_txn *t, rf_error *err);

/* Per-format open (after the common part) and row parsers. */
rf_status rf_i_amlworld_header(rf_ingest *r, char **f, size_t n, rf_error *err);
rf_status rf_i_amlworld_row(rf_ingest *r, char **f, size_t n, rf_txn *t, rf_error *err);
rf_status rf_i_amlsim_header(rf_ingest *r, char **f, size_t n, rf_error *err);
rf_status rf_i_amlsim_row(rf_ingest *r, char **f, size_t n, rf_txn *t, rf_error *err);
rf_status rf_i_amlsim_nodes(rf_ingest *r, rf_csv *nodes, rf_error *err);
rf_status rf_i_redflag_header(rf_ingest *r, char **f, size_t n, rf_error *err);
rf_status rf_i_redflag_row(rf_ingest *r, char **f, size_t n, rf_txn *t, rf_error *err);
rf_status rf_i_jsonl_row(rf_ingest *r, const char *line, size_t len, rf_txn *t, rf_error *err);
/* Validated redflag fields (shared by CSV and JSONL). vals[i] may be NULL. */
rf_status rf_i_redflag_fields(rf_ingest *r, const char *const *vals, size_t line, rf_txn *t,
                              rf_error *err);

/* line reader */
rf_status rf_i_lines_open(rf_i_lines *l, const char *path, rf_error *err);
void rf_i_lines_open_mem(rf_i_lines *l, const char *data, size_t len);
void rf_i_lines_close(rf_i_lines *l);
/* RF_OK, RF_EEMPTY at end, RF_ELIMIT for a line over max bytes (skipped),
 * RF_EIO when reading failed. */
rf_status rf_i_lines_next(rf_i_lines *l, const char **line, size_t *len, size_t max);

/* Epoch seconds of the date in the first 10 bytes of s ("YYYY/MM/DD" or
 * "YYYY-MM-DD") into r->date_days, parsed once per distinct date: sorted
 * input repeats the date for thousands of rows. Returns 0, or -1 when the
 * date is not valid. */
static inline int rf_ingest_date_cached(rf_ingest *r, const char *s) {
  if (r->date_valid && memcmp(s, r->date_key, 10) == 0) return 0;
  char d[11];
  memcpy(d, s, 10);
  d[10] = '\0';
  int64_t e;
  if (rf_time_parse(d, &e)) return -1;
  memcpy(r->date_key, s, 10);
  r->date_days = e;
  r->date_valid = 1;
  return 0;
}

/* b lies within the lateness before a, or after it within the jump limit */
static inline int rf_i_clock_near(const rf_ingest *r, int64_t a, int64_t b) {
  if (b < a) return r->o.max_lateness < 0 || a - b <= r->o.max_lateness;
  return r->o.max_jump < 0 || b - a <= r->o.max_jump;
}

/* t would move the clock by more than the lateness (or set it) */
static inline int rf_i_clock_far_ahead(const rf_ingest *r, int64_t t) {
  const rf_i_clock *c = &r->clock;
  return !c->have || (r->o.max_lateness >= 0 && t > c->newest && t - c->newest > r->o.max_lateness);
}

static inline void rf_i_clock_move(rf_ingest *r, int64_t t) {
  rf_i_clock *c = &r->clock;
  if (!c->have || t > c->newest) {
    c->newest = t;
    c->have = 1;
  } else if (t < c->newest) {
    r->st.late++;
  }
}

static inline int rf_i_clock_take(rf_ingest *r, const rf_txn *t) {
  const rf_i_clock *c = &r->clock;
  if (c->nheld || c->nready > c->iready || rf_i_clock_far_ahead(r, t->time)) return 0;
  rf_i_clock_move(r, t->time);
  return 1;
}

#endif
