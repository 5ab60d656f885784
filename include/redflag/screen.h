/*
 * redflag screen: fuzzy sanctions screening with explained scores.
 *
 * Names are normalised (Unicode decomposition, case folding, marks
 * stripped, punctuation, "LAST, First", Spanish particles, quoted nicknames,
 * company forms kept as low-weight tokens), then scored by aligning tokens
 * (Jaro-Winkler graded, gated by a length-dependent edit budget or a
 * Spanish/English-aware phonetic key; joined/split tokens; initials) with
 * rarity (IDF) weights learnt from the loaded list names. A score is in
 * [0,1] and comes with an explanation. Secondary evidence (DOB, country,
 * identity numbers, entity type) adjusts it.
 *
 * Typical use:
 *
 *   rf_lists *l; rf_lists_new(&l);
 *   rf_lists_load_dir(l, "data/sdn", &err);
 *   rf_screener *s;
 *   rf_screener_new(&s, l, &err);           // builds the candidate index
 *   rf_screen_ctx *cx = rf_screen_ctx_new(s);  // one per thread
 *   rf_screen_query q = {.name = "Nemesio Oseguera"};
 *   const rf_screen_result *r;
 *   rf_screen_one(cx, &q, NULL, &r, &err);   // r valid until next call on cx
 *   for (size_t i = 0; i < r->n; i++) printf("%s %.2f\n", r->m[i].entity->name, r->m[i].score);
 *   rf_screen_ctx_free(cx); rf_screener_free(s); rf_lists_free(l);
 *
 * Thread safety: an rf_screener is immutable once built and may be shared
 * by any number of threads; an rf_screen_ctx belongs to one thread.
 */
#ifndef REDFLAG_SCREEN_H
#define REDFLAG_SCREEN_H

#include "redflag/core.h"
#include "redflag/lists.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Default decision threshold for screening and for `match`. */
#define RF_SCREEN_DEFAULT_THRESHOLD 0.80
/* Default number of matches returned per query. */
#define RF_SCREEN_DEFAULT_LIMIT 10
/* Longest name accepted in a query or batch row (bytes). */
#define RF_SCREEN_MAX_NAME 1024

/* One line of a score explanation. kind is one of:
 *   token pairs:  "exact", "fuzzy", "phonetic", "initial", "joined", "split",
 *                 "initials", "rejoined" (query/list = the tokens, sim = similarity,
 *                 weight = the pair's weight, value = its share of the base
 *                 score)
 *   penalties:    "unmatched_query", "unmatched_list", "substitution",
 *                 "single_word", "weak_alignment", "romanised",
 *                 "patronymic_order", "low_information", "dob_conflict",
 *                 "type_mismatch", "gender_conflict"
 *   bonuses:      "dob_match", "country_match", "id_match"
 *   notes (0):    "dob_near" (a date of birth one part off a listed one)
 *   "base":       the weighted mean similarity of the aligned pairs.
 * value is signed: penalties are negative score changes. */
typedef struct rf_screen_explain {
  char kind[24];
  char query[64]; /* query token(s) or detail */
  char list[64];  /* list token(s) or detail */
  double sim, weight, value;
} rf_screen_explain;

typedef struct rf_screen_explain_list {
  rf_screen_explain *e;
  size_t n, cap;
} rf_screen_explain_list;

typedef struct rf_screen_match {
  const rf_entity *entity;
  const char *matched_name;       /* the entity's name (primary or alias) that matched */
  double score;                   /* final score in [0,1] */
  double name_score;              /* name-only score before secondary evidence */
  const rf_list_version *version; /* the list version the entity came from */
  rf_screen_explain_list explain;
} rf_screen_match;

typedef struct rf_screen_result {
  rf_screen_match *m; /* sorted by score, best first */
  size_t n;
  size_t candidates; /* names fully scored (index efficiency statistic) */
  size_t collected;  /* names fetched from the index before the cheap bound */
} rf_screen_result;

/* A query: a name plus optional secondary evidence (NULL / UNKNOWN = none). */
typedef struct rf_screen_query {
  const char *name;      /* UTF-8 */
  rf_entity_type type;   /* person / organization / vessel / aircraft */
  const char *dob;       /* "1966", "1966-07", "1966-07-17", "17 Jul 1966" */
  const char *country;   /* ISO 3166 alpha-2 code or country name */
  const char *id_number; /* passport, RFC, CURP, ... any punctuation */
  /* --- additions --- */
  const char *gender; /* "male" / "female" (also m, f, man, woman; other values: unknown) */
} rf_screen_query;

/* A gender as exports and lists write it: 'M' (male, m, man), 'F' (female,
 * f, woman), 'X' (other, non-binary, diverse: a person, neither), 0 for
 * anything else or NULL (unknown: "n/a", "-", ""). Case and surrounding
 * spaces ignored. A query's gender that is 'M' or 'F' against a listed
 * person's other one costs the score 0.15 ("gender_conflict"). */
char rf_screen_gender(const char *s);

/* Cleared hits (a "good-guy list"): pairs of a screened name and a listed
 * entity that an analyst reviewed and found to be different parties. A
 * cleared pair no longer matches on the name (a match on an identity number
 * still does); the name's matches to other entities stay. Loaded from a CSV
 * whose header names the columns name, uid and optionally list ("SDN" when
 * absent or empty); other columns (reason, analyst, date) are kept for the
 * record and ignored. Names match in any word order, case and accents. */
typedef struct rf_screen_cleared rf_screen_cleared;
rf_status rf_screen_cleared_load(rf_screen_cleared **out, const char *path, rf_error *err);
/* The same from a buffer (not copied); label names it in messages. */
rf_status rf_screen_cleared_load_mem(rf_screen_cleared **out, const char *data, size_t len,
                                     const char *label, rf_error *err);
void rf_screen_cleared_free(rf_screen_cleared *c);
size_t rf_screen_cleared_count(const rf_screen_cleared *c);

typedef struct rf_screen_opts {
  double threshold;    /* 0 = RF_SCREEN_DEFAULT_THRESHOLD */
  size_t limit;        /* 0 = RF_SCREEN_DEFAULT_LIMIT */
  const char *program; /* only entities carrying this program tag (NULL = all) */
  int no_explain;      /* skip building explanations (faster) */
  int skip_weak;       /* ignore OFAC weak aliases (the a.k.a.s of the remarks): OFAC does
                          not expect them to be screened, only used to confirm a hit found
                          otherwise; `redflag monitor` sets it for counterparty names */
  const rf_screen_cleared *cleared; /* reviewed false hits to drop (NULL = none) */
} rf_screen_opts;

typedef struct rf_screener rf_screener;
typedef struct rf_screen_ctx rf_screen_ctx;

/* Builds the token statistics and candidate index over every name of every
 * entity in lists. lists must outlive the screener. */
rf_status rf_screener_new(rf_screener **out, const rf_lists *lists, rf_error *err);
void rf_screener_free(rf_screener *s);
size_t rf_screener_nnames(const rf_screener *s);
const rf_lists *rf_screener_lists(const rf_screener *s);
/* Bytes held by the index (for reporting). */
size_t rf_screener_bytes(const rf_screener *s);

/* Per-thread scratch state. NULL on out-of-memory. */
rf_screen_ctx *rf_screen_ctx_new(const rf_screener *s);
void rf_screen_ctx_free(rf_screen_ctx *cx);

/* Screens one query. *res is owned by cx and valid until the next call on
 * cx. RF_EINVAL for an empty name, RF_ENCODING for invalid UTF-8,
 * RF_ELIMIT for a name longer than RF_SCREEN_MAX_NAME. */
rf_status rf_screen_one(rf_screen_ctx *cx, const rf_screen_query *q, const rf_screen_opts *opts,
                        const rf_screen_result **res, rf_error *err);

/* Scores two names against each other (the `match` command). schema is
 * a FollowTheMoney-style schema ("Person", "Company", "Organization",
 * "LegalEntity", "Vessel") or NULL. s is optional: with a screener the
 * token weights come from its list statistics, without one every token
 * weighs by its class only. ex (optional) receives the explanation. */
rf_status rf_screen_match_names(const rf_screener *s, const char *name1, const char *name2,
                                const char *schema, double *score, rf_screen_explain_list *ex,
                                rf_error *err);

/* Appends one match as a JSON object (the batch output format). */
int rf_screen_match_json(rf_buf *b, const rf_screen_match *m);
/* Appends an explanation as a JSON array. */
int rf_screen_explain_json(rf_buf *b, const rf_screen_explain_list *ex);
/* Appends an explanation as indented human-readable lines. */
int rf_screen_explain_text(rf_buf *b, const rf_screen_explain_list *ex);
void rf_screen_explain_free(rf_screen_explain_list *ex);

/* ----------------------------------------------------------------- batch */

typedef struct rf_screen_batch_opts {
  rf_screen_opts screen;
  int threads;            /* 0 = number of online CPUs */
  size_t chunk;           /* rows per work unit, 0 = 256 */
  FILE *errors;           /* where per-row rejections are reported (NULL = stderr) */
  size_t max_error_lines; /* cap on printed rejection messages, 0 = 50 */
} rf_screen_batch_opts;

typedef struct rf_screen_batch_stats {
  size_t rows;      /* data rows read (header excluded) */
  size_t screened;  /* rows screened */
  size_t rejected;  /* rows rejected (empty/over-long name, invalid UTF-8, CSV error) */
  size_t with_hits; /* screened rows with at least one match */
  size_t matches;   /* total matches written */
  double seconds;
  double p50_ms, p99_ms, max_ms; /* per-name screening latency (wall clock) */
  double p50_cpu_ms, p99_cpu_ms; /* per-name CPU time of the screening thread */
  /* --- additions --- */
  size_t recoded; /* rows with a field that was not UTF-8, read as Windows-1252 */
} rf_screen_batch_stats;

/* Screens a CSV with a header row containing `name` (and optionally `id`,
 * `type`, `dob`, `country`, `id_number`) and writes one JSON Lines object
 * per data row, in input order, to out:
 *   {"row":N,"id":...,"query":...,"matches":[...]}   screened rows
 *   {"row":N,"line":L,"id":...,"error":"..."}         rejected rows
 * A field that is not valid UTF-8 is read as Windows-1252 (a superset of
 * Latin-1: what spreadsheet exports of accented names usually are); its row
 * then carries "recoded":"windows-1252" and is counted in stats->recoded.
 * Memory stays constant (bounded chunks in flight). Rejected rows are
 * reported to opts->errors as "file:line: field name: ..." and counted:
 * rows = screened + rejected. Fatal errors (unreadable file, no header,
 * no `name` column) return non-OK. */
rf_status rf_screen_batch(const rf_screener *s, const char *csv_path, FILE *out,
                          const rf_screen_batch_opts *opts, rf_screen_batch_stats *stats,
                          rf_error *err);

#ifdef __cplusplus
}
#endif
#endif
