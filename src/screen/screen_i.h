/* Internal header of the screening module (not public). */
#ifndef RF_SCREEN_I_H
#define RF_SCREEN_I_H

#include "redflag/screen.h"

#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------ tokens */

#define RF_I_MAXTOK 32 /* tokens kept per name (longer names are truncated) */
#define RF_I_TOKLEN 48 /* bytes kept per token, NUL included */
#define RF_I_KEYLEN 12 /* phonetic key bytes, NUL included */
#define RF_I_MAXVAR 3  /* name variants (nickname / parenthesis split) */

/* Token classes; each has a weight multiplier (see rf_i_class_mult). */
enum {
  RF_I_TC_WORD = 0,
  RF_I_TC_PARTICLE, /* de, del, la, y, al, bin, van, the, of ... */
  RF_I_TC_LEGAL,    /* company forms: sadecv, llc, ltd, gmbh, corp ... */
  RF_I_TC_HONOR,    /* titles: mr, dr, sheikh, haji, general ... */
  RF_I_TC_GENERIC,  /* generic organisation words: group, trading ... */
  RF_I_TC_INITIAL,  /* a single letter */
  RF_I_TC_NUMBER,   /* digits */
  RF_I_TC_COUNT
};

enum {
  RF_I_TF_NOJOIN = 1,   /* no join with the next token (comma/segment edge) */
  RF_I_TF_NOINIT = 2,   /* list side: a letter that matches itself but is no initial: a vessel's
                           or company's trailing roman I/V/X ("ANA I" is not "Ana Ivanov"), any
                           letter of an aircraft's or vessel's name ("M-VITO" is not "Vito
                           Modugno", "M/V ..." not "Maria ...") */
  RF_I_TF_SYLLABLE = 4, /* romanised from Han, Hangul or Kana: a short syllable one letter
                           off is another syllable ("cheng" is not "chen"), not a typo */
  RF_I_TF_ABJAD = 8     /* romanised from Arabic-script or Hebrew consonants: its key is the
                           vowelled reading's, and b, f, p and an initial w/v stand for each
                           other (the scripts write foreign v as f or w, p as b) */
  ,
  RF_I_TF_NOSOUND = 16 /* romanised from Han or Hangul (not Kana): no alignment by sound, which
                          would take "zhang" for "hsiang", "feng" for "fang": other syllables;
                          other spelling systems come as whole-name variants */
  ,
  RF_I_TF_HYPHEN = 32 /* in a variant whose hyphenated parts were joined ("hojin" from
                         "ho-jin"): exact or one edit, no more, and no sound match (a
                         second edit or a sound would be another part) */
  ,
  RF_I_TF_SEAM = 64 /* with RF_I_TF_NOJOIN: the next token was written first ("LAST, First"
                       read as "First LAST"); no join there, but a letter typed across the
                       space there is still rejoined (rf_i_rejoin_eq) */
  ,
  RF_I_TF_OOV = 128 /* query side: a word of two or three letters that no list name has
                       ("GNO", "HQA"); with two adjacent letters swapped it is a list word's
                       typo, not a name of its own as "ALI" is beside "LAI" */
};

/* a rejoined alignment may start on a token with flags f */
static inline int rf_i_rejoin_ok(unsigned f) { return !(f & RF_I_TF_NOJOIN) || (f & RF_I_TF_SEAM); }

/* The key letters a token flagged RF_I_TF_ABJAD may meet for each other
 * (sim.c compares keys so, index.c probes the keys so obtained). */
#define RF_I_KEY_LABIALS "BFPW"
static inline int rf_i_key_labial(char c) { return c && strchr(RF_I_KEY_LABIALS, c) != NULL; }

typedef struct rf_i_tok {
  char s[RF_I_TOKLEN];
  char key[RF_I_KEYLEN]; /* phonetic key, "" when none */
  uint8_t len, cls, flags;
} rf_i_tok;

typedef struct rf_i_name {
  rf_i_tok t[RF_I_MAXTOK];
  int n;
  int reordered; /* "LAST, First" was turned around for display */
  int romanised; /* written in another script and romanised (translit.c) */
  int partial;   /* a part of the name: 1 without its quoted or parenthesised part, 2 that
                    part alone (a nickname, a translation); compared with whole names only */
} rf_i_name;

/* Splits raw UTF-8 text into up to RF_I_MAXVAR normalised variants: the
 * whole name, the name without its quoted/parenthesised part, and that part
 * alone (a nickname 'EL MENCHO' or a translation). Returns the number of
 * variants (0 when the name has no token). Invalid UTF-8 bytes are dropped. */
int rf_i_name_prepare(const char *s, size_t n, rf_i_name *var);
/* index.c: flags the two- and three-letter words of a query's variants that
 * no list name of s has (RF_I_TF_OOV) */
void rf_i_query_oov(const rf_screener *s, rf_i_name *var, int nv);
/* cleared.c: the order-free key of a name (0 when it has no token); is any
 * pair cleared for this key; is the pair (key, entity) cleared */
int rf_i_cleared_key(const char *name, char *out, size_t outsz);
int rf_i_cleared_name(const rf_screen_cleared *c, const char *key);
int rf_i_cleared_pair(const rf_screen_cleared *c, const char *key, const rf_entity *e);
/* Normalises one word the same way tokens are (for tests/debug). */
void rf_i_phonetic(const char *tok, size_t len, char *key);
/* the key of a token romanised from Arabic (no vowels written) */
void rf_i_phonetic_abjad(const char *tok, size_t len, char *key);
/* Writes the tokens space-separated into out. */
void rf_i_name_str(const rf_i_name *nm, char *out, size_t outsz);
double rf_i_class_mult(int cls);

/* ------------------------------------------------------------ similarity */

double rf_i_jaro_winkler(const char *a, size_t la, const char *b, size_t lb);
/* Optimal-string-alignment distance, or max+1 when it exceeds max. */
int rf_i_osa(const char *a, size_t la, const char *b, size_t lb, int max);
/* t (n bytes) with each run of one letter written once ("hassan" -> "hasan")
 * into out (n bytes at least); returns its length. A word too short for an
 * edit budget still matches its doubled or undoubled spelling. */
size_t rf_i_undouble(const char *t, size_t n, char *out);
/* A date of birth as queries give it ("1966", "1966-07-17", "17 Jul 1966",
 * ...) into year, month and day (0 = not given); 0 on success. */
int rf_i_parse_dob(const char *s, int *y, int *m, int *d);
/* Edit budget allowed for a token pair whose shorter token has length n. */
int rf_i_edit_budget(size_t n);

enum {
  RF_I_SK_NONE = 0,
  RF_I_SK_EXACT,
  RF_I_SK_FUZZY,
  RF_I_SK_PHONETIC,
  RF_I_SK_INITIAL,
  RF_I_SK_FUZZY2, /* fuzzy with a second edit beyond rf_i_edit_free (a guess alone) */
  RF_I_SK_FUZZYW  /* fuzzy with two or more edits, all free in a long word */
};

/* sim and kind of a token pair, with the rules of the list token's flags
 * applied: RF_I_TF_NOINIT (no initial alignment), RF_I_TF_HYPHEN (exact or
 * one edit only). Every path that scores a pair calls it. */
static inline double rf_i_list_guard(uint8_t cflags, double sim, int *kind) {
  if (((cflags & RF_I_TF_NOINIT) && *kind == RF_I_SK_INITIAL) ||
      ((cflags & RF_I_TF_HYPHEN) && *kind != RF_I_SK_EXACT && *kind != RF_I_SK_FUZZY)) {
    *kind = RF_I_SK_NONE;
    return 0.0;
  }
  return sim;
}
/* Token similarity in [0,1] (0 = may not align) and its kind. */
double rf_i_tsim(const rf_i_tok *a, const rf_i_tok *b, int *kind);
double rf_i_tsim_str(const rf_i_tok *a, const char *b, size_t lb, const char *bkey, int bcls,
                     int *kind);

/* ------------------------------------------------------------ scoring */

typedef struct rf_i_params {
  double lambda_add;     /* penalty per unit of weight unmatched on one side only */
  double lambda_sub;     /* extra penalty when both sides have unmatched weight */
  double lambda_add_org; /* lambda_add for organisations (>= lambda_add) */
  double order_penalty;  /* names around a patronymic particle swapped */
  double w_min;          /* matched query weight needed for a full score */
  double joined_sim;     /* similarity of an exact joined/split match */
  double initial_sim;
  double soft_min;       /* Jaro-Winkler from which leftover tokens count as near misses */
  double soft_credit;    /* share of a perfect near miss taken off the substitution term */
  double initial_info;   /* information an initial/acronym alignment carries at most */
  double single_penalty; /* only one word in common while either side has more */
  double roman_penalty;  /* a side was romanised from another script: the
                            spelling is one reading of many (Han syllables) */
  double edit2_penalty;  /* off the similarity of a second edit in a 6-7 letter token */
  double weak_penalty;   /* a second-edit or initials alignment with no word spelt exactly */
  double oov_swap_sim;   /* a two- or three-letter word no list name has (RF_I_TF_OOV) against
                            a list word of the same letters with two adjacent ones swapped */
} rf_i_params;

extern const rf_i_params rf_i_default_params;

/* One side of a comparison: token strings, classes, join flags, weights. */
typedef struct rf_i_side {
  int n;
  const char *s[RF_I_MAXTOK];
  uint8_t len[RF_I_MAXTOK], cls[RF_I_MAXTOK], flags[RF_I_MAXTOK], c0[RF_I_MAXTOK];
  double w[RF_I_MAXTOK];
  int org;       /* an organisation name: extra words weigh more (lambda_add_org) */
  int romanised; /* tokens come from romanising another script */
  int nick;      /* a given name's quoted or parenthesised part alone ("Duke" of "Randy
                    (Duke) Cunningham"): one word of it in common is a single word in common,
                    as the name's other words are unmatched (list names: 0, their quoted
                    parts are the list's own aliases) */
} rf_i_side;

/* Fills side tokens from a prepared name (weights left to the caller). */
void rf_i_side_from_name(rf_i_side *sd, const rf_i_name *nm);

/* Similarity oracle: returns s for query token qi vs candidate token cj. */
typedef double (*rf_i_simfn)(void *ctx, int qi, int cj, int *kind);

/* Scores query side q against candidate side c. If ex is non-NULL, appends
 * the explanation. Returns the score in [0,1]. need (0 = none) lets the
 * scorer stop early: a returned value below need is only known to be
 * below need. */
double rf_i_score(const rf_i_params *p, const rf_i_side *q, const rf_i_side *c, rf_i_simfn fn,
                  void *fctx, double need, rf_screen_explain_list *ex);
/* Structural alignments the scorer makes (exact): side a's tokens [i, i+m]
 * written as b's token j (joined), or spelling its initials. */
/* Does the concatenation of side a's tokens [i, i+m] (no join barrier
 * inside) equal token j of side b? */
static inline int rf_i_join_eq(const rf_i_side *a, int i, int m, const rf_i_side *b, int j) {
  if (i + m >= a->n || a->c0[i] != b->c0[j] || a->len[i] >= b->len[j]) return 0;
  size_t tot = 0;
  for (int k = 0; k <= m; k++) {
    if (k < m && (a->flags[i + k] & RF_I_TF_NOJOIN)) return 0;
    tot += a->len[i + k];
  }
  if (tot != b->len[j]) return 0;
  size_t off = 0;
  for (int k = 0; k <= m; k++) {
    if (memcmp(b->s[j] + off, a->s[i + k], a->len[i + k])) return 0;
    off += a->len[i + k];
  }
  return 1;
}

/* Is there exactly one reordering seam among n token flags? The tokens are
 * then a "LAST, First" name's written order rotated ("kim, sok chol" is
 * read "sok chol kim"), so the last token was written right before the
 * first. */
static inline int rf_i_one_seam(const uint8_t *flags, int n) {
  int seams = 0;
  for (int k = 0; k < n; k++) seams += (flags[k] & RF_I_TF_SEAM) != 0;
  return seams == 1;
}

/* The token that follows token i in a rejoined pair, or -1: the next one
 * unless a segment edge lies between them (rf_i_rejoin_ok); after the last,
 * the first when they were written side by side (rf_i_one_seam: "kims ok
 * chol" ~ "KIM, Sok Chol"). */
static inline int rf_i_rejoin_next(const rf_i_side *a, int i) {
  if (i + 1 < a->n) return rf_i_rejoin_ok(a->flags[i]) ? i + 1 : -1;
  return a->n >= 2 && rf_i_one_seam(a->flags, a->n) ? 0 : -1;
}

/* Are side a's tokens i, rf_i_rejoin_next(a, i) the letters of side b's
 * tokens j, rf_i_rejoin_next(b, j) with the space one or more letters over
 * ("kang chols u" ~ "kang chol su", "ab urusdan" ~ "abu rusdan": a letter
 * typed across the space)? Five letters at least; not numbers. */
static inline int rf_i_rejoin_eq(const rf_i_side *a, int i, const rf_i_side *b, int j) {
  if (a->len[i] == b->len[j] || a->c0[i] != b->c0[j]) return 0;
  int i1 = rf_i_rejoin_next(a, i), j1 = rf_i_rejoin_next(b, j);
  if (i1 < 0 || j1 < 0) return 0;
  size_t n = a->len[i] + a->len[i1];
  if (n < 5 || n != b->len[j] + b->len[j1]) return 0;
  if (a->cls[i] == RF_I_TC_NUMBER || a->cls[i1] == RF_I_TC_NUMBER || b->cls[j] == RF_I_TC_NUMBER ||
      b->cls[j1] == RF_I_TC_NUMBER)
    return 0;
  const rf_i_side *x = a->len[i] < b->len[j] ? a : b, *y = x == a ? b : a;
  int xi = x == a ? i : j, yi = x == a ? j : i, xi1 = x == a ? i1 : j1, yi1 = x == a ? j1 : i1;
  size_t l0 = x->len[xi], l1 = y->len[yi]; /* l0 < l1: x's first word is a prefix of y's */
  return !memcmp(x->s[xi], y->s[yi], l0) && !memcmp(x->s[xi1], y->s[yi] + l0, l1 - l0) &&
         !memcmp(x->s[xi1] + (l1 - l0), y->s[yi1], y->len[yi1]);
}

/* Does token j of side b spell the initials of side a's words [i, i+m]? */
static inline int rf_i_initials_eq(const rf_i_side *a, int i, int m, const rf_i_side *b, int j) {
  if (i + m >= a->n || b->len[j] != m + 1 || a->c0[i] != b->c0[j]) return 0;
  for (int k = 0; k <= m; k++) {
    if (k < m && (a->flags[i + k] & RF_I_TF_NOJOIN)) return 0;
    if (a->len[i + k] < 2 || a->s[i + k][0] != b->s[j][k]) return 0;
    unsigned char ch = (unsigned char)b->s[j][k];
    if (ch < 'a' || ch > 'z') return 0;
  }
  return 1;
}

/* Upper bound on the score of any candidate that aligns query tokens whose
 * total weight is at most wmatched out of total wq. */
static inline double rf_i_score_bound(const rf_i_params *p, double wmatched, double wq) {
  if (wq <= 0) return 0.0;
  double b1 = 1.0 - p->lambda_add * (1.0 - wmatched / wq);
  double b2 = wmatched / p->w_min;
  double b = b1 < b2 ? b1 : b2;
  if (b > 1.0) b = 1.0;
  if (b < 0.0) b = 0.0;
  return b;
}

/* Explanation list helpers. */
void rf_i_ex_reset(rf_screen_explain_list *ex);
rf_screen_explain *rf_i_ex_add(rf_screen_explain_list *ex, const char *kind, const char *q,
                               const char *c, double sim, double weight, double value);

/* ------------------------------------------------------------ screener */

/* Rarity multiplier from a document frequency over n names: 1 for an
 * unseen token, falling towards 0.25 for a token present in every name. */
double rf_i_rarity(size_t df, size_t n);
/* Weight of a token for scoring: class multiplier x rarity. With s NULL
 * the rarity is 1. For a token not in the list vocabulary, the frequency of
 * its most frequent fuzzy/phonetic neighbour is used (a misspelt common
 * word stays common). */
double rf_i_token_weight(const rf_screener *s, const rf_i_tok *t);
/* Weights for every token of a prepared name. */
void rf_i_side_weights(const rf_screener *s, rf_i_side *sd, const rf_i_name *nm);

/* translit.c: romanisation of scripts other than Latin and Cyrillic (ICU). */
int rf_i_translit_needed(const char *s, size_t n);
/* Writes the romanised name into out (NUL-terminated); returns its length,
 * or 0 when it cannot (the caller then uses the name as it is). */
size_t rf_i_romanise(const char *s, size_t n, char *out, size_t outsz);
/* Hangul syllables as North Korean names are spelt on the lists, a word
 * each ("kim jong un"); 0 when s holds none (translit.c). */
size_t rf_i_romanise_hangul(const char *s, size_t n, char *out, size_t outsz);
/* a token of pinyin syllables spelt the Wade-Giles way ("xiang" -> "hsiang"),
 * without apostrophes; 0 when it is not pinyin (translit.c) */
size_t rf_i_pinyin_wade_giles(const char *s, size_t n, char *out, size_t outsz);
/* a romanised Han name with its pinyin words spelt the Wade-Giles way; 0 when
 * nothing changed (translit.c) */
size_t rf_i_wade_giles_text(const char *r, size_t n, char *out, size_t outsz);
/* Hangul as South Koreans write their names in passports ("박지성" -> "park jisung") */
size_t rf_i_hangul_south(const char *s, size_t n, char *out, size_t outsz);
/* Greek romanised r[0..n) read as its letters sound (β = v, ντ = d, ...),
 * lower case; 0 when no rule applied (translit.c). */
size_t rf_i_greek_sounds(const char *r, size_t n, char *out, size_t cap);
/* a North Indian script (Devanagari ... Oriya) */
int rf_i_is_indic(int32_t cp);
/* names in North Indian scripts as said and as the lists spell them:
 * inherent vowels dropped where not said, ś ṣ sh, c ch (translit.c) */
size_t rf_i_indic_reading(const char *s, size_t n, char *out, size_t outsz);
/* Arabic-script or Hebrew names romanised as Latin spellings write them (ta marbuta = a, initial ʿ
 * = its vowel, final y/w = i/u); 0 on failure (translit.c). */
size_t rf_i_romanise_abjad(const char *s, size_t n, char *out, size_t outsz);

#endif
