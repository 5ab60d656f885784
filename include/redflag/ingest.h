/*
 * redflag ingest: transaction readers (AMLworld CSV, AMLSim, redflag CSV and
 * JSON Lines) into one in-memory record, with rejects accounting:
 * rows read = processed + rejected, always.
 */
#ifndef REDFLAG_INGEST_H
#define REDFLAG_INGEST_H

#include "redflag/core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rf_channel {
  RF_CH_UNKNOWN = 0,
  RF_CH_CASH_DEPOSIT,
  RF_CH_CASH_WITHDRAWAL,
  RF_CH_CASH, /* AMLworld "Cash" (direction unknown) */
  RF_CH_WIRE,
  RF_CH_ACH,
  RF_CH_CHECK, /* AMLworld "Cheque" */
  RF_CH_CARD,  /* AMLworld "Credit Card" */
  RF_CH_P2P,
  RF_CH_CRYPTO,       /* AMLworld "Bitcoin" */
  RF_CH_REINVESTMENT, /* AMLworld "Reinvestment" */
  RF_CH_COUNT
} rf_channel;

const char *rf_channel_str(rf_channel c);
rf_channel rf_channel_parse(const char *s); /* accepts AMLworld and redflag spellings */

typedef enum rf_txn_format { RF_FMT_AMLWORLD, RF_FMT_AMLSIM, RF_FMT_REDFLAG } rf_txn_format;
rf_status rf_txn_format_parse(const char *s, rf_txn_format *out);

#define RF_NONE UINT32_MAX

/* One transaction. Strings are interned in the reader's dictionaries and
 * referred to by id (RF_NONE when absent). */
typedef struct rf_txn {
  uint64_t line;                        /* input line (1-based) */
  int64_t time;                         /* seconds since epoch, UTC */
  uint32_t txid;                        /* id in the reader's txid dictionary */
  uint32_t src, dst;                    /* account ids (rf_ingest_account) */
  double amount;                        /* amount paid, in currency */
  double amount_received;               /* in currency_received */
  uint32_t currency, currency_received; /* ids in the text dictionary */
  uint8_t channel;                      /* rf_channel */
  int8_t label;                         /* -1 unknown, 0 normal, 1 laundering (evaluation only) */
  uint32_t src_bank, dst_bank;          /* text ids */
  uint32_t src_name, dst_name;          /* text ids */
  uint32_t src_country, dst_country;    /* text ids (ISO 3166 alpha-2 preferred) */
  uint32_t location;                    /* branch / city / state / ZIP, text id */
  uint32_t state;                       /* US state or region, text id */
  uint32_t conductor;                   /* cash conductor, text id */
  /* --- additions (after the original contract) --- */
  uint32_t city, zip; /* text ids (redflag format; location = branch, else city) */
} rf_txn;
/* Notes on rf_txn:
 * - src/dst are always valid account ids for amlworld and amlsim. In the
 *   redflag format a cash_deposit may have no originator account and a
 *   cash_withdrawal no beneficiary account: then src/dst is RF_NONE.
 * - txid is RF_NONE for amlworld and amlsim (they carry no id): use
 *   rf_ingest_txn_ref() to get a printable reference ("L<line>") instead.
 * - Every text id may be RF_NONE (field absent or empty); rf_ingest_text()
 *   and friends return NULL for RF_NONE. AMLSim has no currency or
 *   channel: currency = RF_NONE, channel = RF_CH_UNKNOWN.
 * - Formats and the redflag schema: docs/ingest.md. */

typedef struct rf_ingest_opts {
  rf_txn_format format;
  const char *rejects_path; /* optional: rejected rows are written here with the reason */
  int64_t max_lateness;     /* seconds a row may be older than the newest seen; default 86400 */
  int jsonl;                /* redflag format: 1 = JSON Lines, 0 = CSV, -1 = detect */
  /* --- additions --- */
  int allow_extra_columns; /* 1: ignore unknown columns / JSON keys; 0: fatal (CSV) or reject
                              (JSONL) */
  int64_t amlsim_epoch;    /* time of AMLSim step 0; 0 = 2020-01-01T00:00:00Z */
  int64_t amlsim_step;     /* seconds per AMLSim step; 0 = 86400 (one day) */
  int64_t max_jump;        /* seconds a row may be newer than the newest seen; 0 = default
                              (RF_INGEST_DEFAULT_JUMP), negative = unlimited */
  unsigned skip;           /* RF_INGEST_SKIP_* bits: fields the caller does not use */
  int64_t dedupe_window;   /* seconds of stream time a transaction id is remembered for the
                              duplicate check; 0 = default (RF_INGEST_DEFAULT_DEDUPE), negative =
                              for the whole input */
} rf_ingest_opts;
/* dedupe_window: an id is remembered for at least this long after the
 * stream's clock passed it, and at most twice as long, so a live feed holds
 * a bounded set of ids (memory grows with the rate, not the run time). An
 * id repeated further apart is read as a new transaction; so is a row the
 * lateness check would have rejected anyway, for the default window (30
 * days) is longer than the default lateness. rf_ingest_txid() returns NULL
 * for an id that was forgotten. */
#define RF_INGEST_DEFAULT_DEDUPE (30 * 86400LL)
/* skip: the bank columns are still checked but not interned, and src_bank /
 * dst_bank stay RF_NONE (AMLworld files name tens of thousands of banks:
 * interning them is about a quarter of the reader's time, and neither the
 * monitor nor the graph builder looks at them) */
#define RF_INGEST_SKIP_BANKS 1u
/* max_lateness: 0 means the default (RF_INGEST_DEFAULT_LATENESS), negative
 * means unlimited (never reject for order). A row older than
 * newest_seen - max_lateness is rejected; an older-than-newest row within it
 * is accepted and counted in stats.late. */
#define RF_INGEST_DEFAULT_LATENESS 86400
/* max_jump: a row further ahead of the newest row than this is rejected
 * instead of moving the clock (a mistyped year would otherwise make every
 * later row "late"). A row that would move the clock by more than the
 * lateness, and the first row, is held until the next row confirms it; if
 * the next two rows fall back to the old time instead, it is rejected as a
 * mistyped date (docs/ingest.md). Results keep the input order. */
#define RF_INGEST_DEFAULT_JUMP (366 * 86400LL)

typedef struct rf_ingest_stats {
  uint64_t read, processed, rejected;
  uint64_t late;       /* out-of-order rows accepted within max_lateness */
  uint64_t duplicates; /* duplicate transaction ids rejected */
  /* --- additions --- */
  uint64_t recoded; /* rows with a field that was not UTF-8, read as Windows-1252 (Latin-1) */
} rf_ingest_stats;

typedef struct rf_ingest rf_ingest;

/* path: a file, "-" for stdin, or (amlsim) the folder holding
 * transactions.csv and nodes.csv. */
rf_status rf_ingest_open(rf_ingest **out, const char *path, const rf_ingest_opts *opts,
                         rf_error *err);
/* RF_OK: *t filled. RF_EEMPTY: end of input. Any other code: the row was
 * rejected (counted, written to the rejects file, message in err); the
 * caller may continue calling. Fatal conditions (cannot read) return RF_EIO
 * (and RF_ENOMEM when out of memory). */
rf_status rf_ingest_next(rf_ingest *r, rf_txn *t, rf_error *err);
const rf_ingest_stats *rf_ingest_stats_get(const rf_ingest *r);
void rf_ingest_close(rf_ingest *r);

/* Dictionaries (valid until rf_ingest_close; a transaction id only while the
 * dedupe window remembers it). */
size_t rf_ingest_naccounts(const rf_ingest *r);
const char *rf_ingest_account(const rf_ingest *r, uint32_t id);
const char *rf_ingest_text(const rf_ingest *r, uint32_t id);
const char *rf_ingest_txid(const rf_ingest *r, uint32_t id);
/* AMLSim: per-account fraud label from nodes.csv (-1 unknown). */
int rf_ingest_account_label(const rf_ingest *r, uint32_t id);

/* --- additions --- */
/* Readers over memory buffers (not copied; must outlive the reader); label
 * names the input in messages. Used by tests and fuzz targets. */
rf_status rf_ingest_open_mem(rf_ingest **out, const char *data, size_t len, const char *label,
                             const rf_ingest_opts *opts, rf_error *err);
/* AMLSim from two buffers (nodes may be NULL: all labels unknown). */
rf_status rf_ingest_open_amlsim_mem(rf_ingest **out, const char *tx, size_t txlen,
                                    const char *nodes, size_t nodeslen, const char *label,
                                    const rf_ingest_opts *opts, rf_error *err);
/* Printable transaction reference: the txid when the format has one, else
 * "L<line>". Returns buf. */
const char *rf_ingest_txn_ref(const rf_ingest *r, const rf_txn *t, char *buf, size_t n);
/* 1 when the input carries per-transaction labels (AMLworld "Is Laundering",
 * redflag "label"); AMLSim labels are per account (rf_ingest_account_label). */
int rf_ingest_has_labels(const rf_ingest *r);
/* Bytes consumed so far (for progress lines). */
uint64_t rf_ingest_offset(const rf_ingest *r);
/* Label of the input used in messages (path or "<stdin>"). */
const char *rf_ingest_label(const rf_ingest *r);
/* Number of strings in the text dictionary (ids 0..n-1). */
size_t rf_ingest_ntext(const rf_ingest *r);

/* Streamed input. A pipe, FIFO, terminal or socket (stdin or a path) is
 * read as it arrives: rf_ingest_next returns a row as soon as its line is
 * complete, rather than when a buffer is full. rf_ingest_pending says
 * whether rf_ingest_next can go on without waiting for input (always 1 for
 * files and memory; a quoted field that spans lines may still wait);
 * rf_ingest_wait waits up to timeout_ms (-1: no limit) for input (or its
 * end) and returns 1 when it is there. Batch loops use them to hand over
 * what they have before waiting. */
int rf_ingest_pending(const rf_ingest *r);
int rf_ingest_wait(const rf_ingest *r, int timeout_ms);

#ifdef __cplusplus
}
#endif
#endif
