/* Token similarity: a hand-written Jaro-Winkler kernel, an optimal string
 * alignment distance with cut-off, and the token similarity that combines
 * them with the phonetic key and initials. */
#include "screen/screen_i.h"

#include <string.h>

double rf_i_jaro_winkler(const char *a, size_t la, const char *b, size_t lb) {
  if (la == 0 || lb == 0) return (la == lb) ? 1.0 : 0.0;
  if (la > 64) la = 64;
  if (lb > 64) lb = 64;
  if (la == lb && !memcmp(a, b, la)) return 1.0;
  size_t range = (la > lb ? la : lb) / 2;
  range = range > 0 ? range - 1 : 0;
  uint64_t bflag = 0, aflag = 0;
  size_t m = 0;
  for (size_t i = 0; i < la; i++) {
    size_t lo = i > range ? i - range : 0;
    size_t hi = i + range + 1 < lb ? i + range + 1 : lb;
    for (size_t j = lo; j < hi; j++) {
      if (!(bflag >> j & 1) && a[i] == b[j]) {
        bflag |= (uint64_t)1 << j;
        aflag |= (uint64_t)1 << i;
        m++;
        break;
      }
    }
  }
  if (!m) return 0.0;
  size_t t = 0, j = 0;
  for (size_t i = 0; i < la; i++) {
    if (!(aflag >> i & 1)) continue;
    while (!(bflag >> j & 1)) j++;
    if (a[i] != b[j]) t++;
    j++;
  }
  double md = (double)m;
  double jaro = (md / (double)la + md / (double)lb + (md - (double)t / 2.0) / md) / 3.0;
  size_t l = 0;
  while (l < 4 && l < la && l < lb && a[l] == b[l]) l++;
  return jaro + (double)l * 0.1 * (1.0 - jaro);
}

int rf_i_osa(const char *a, size_t la, const char *b, size_t lb, int max) {
  if (la > 64 || lb > 64) return max + 1;
  int d = (int)la - (int)lb;
  if (d < 0) d = -d;
  if (d > max) return max + 1;
  int rows[3][65];
  int *pp = rows[0], *p = rows[1], *c = rows[2];
  for (size_t j = 0; j <= lb; j++) p[j] = (int)j;
  for (size_t i = 1; i <= la; i++) {
    c[0] = (int)i;
    int rowmin = c[0];
    for (size_t j = 1; j <= lb; j++) {
      int cost = a[i - 1] != b[j - 1];
      int v = p[j - 1] + cost;
      if (p[j] + 1 < v) v = p[j] + 1;
      if (c[j - 1] + 1 < v) v = c[j - 1] + 1;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
        v = pp[j - 2] + 1;
      c[j] = v;
      if (v < rowmin) rowmin = v;
    }
    if (rowmin > max) return max + 1;
    int *t = pp;
    pp = p;
    p = c;
    c = t;
  }
  return p[lb] > max ? max + 1 : p[lb];
}

static uint64_t rf_i_letmask(const char *s, size_t n) {
  uint64_t m = 0;
  for (size_t i = 0; i < n; i++) m |= (uint64_t)1 << ((unsigned char)s[i] & 63);
  return m;
}

static int rf_i_letters_missing(const char *a, size_t la, const char *b, size_t lb) {
  uint64_t ma = rf_i_letmask(a, la), mb = rf_i_letmask(b, lb);
  int x = __builtin_popcountll(ma & ~mb), y = __builtin_popcountll(mb & ~ma);
  return x > y ? x : y;
}

/* Edits a token of n bytes may differ by and still align: none up to 3
 * letters, one up to 5, two from 6. Up to 7 letters the second edit costs
 * rf_i_params.edit2_penalty: "Sechin"/"Sechev" is as likely a typo as a
 * different surname, so it aligns but cannot carry a name alone. */
int rf_i_edit_budget(size_t n) { return n <= 3 ? 0 : n <= 5 ? 1 : 2; }
static int rf_i_edit_free(size_t n) { return n <= 3 ? 0 : n <= 7 ? 1 : 2; }

/* Phonetic keys equal, or (lenient: a token flagged RF_I_TF_ABJAD) equal
 * but for their labials (rf_i_key_labial) standing for each other. */
static int rf_i_key_eq(const char *a, const char *b, int lenient) {
  if (!lenient) return !strcmp(a, b);
  for (;; a++, b++) {
    if (*a != *b && !(rf_i_key_labial(*a) && rf_i_key_labial(*b))) return 0;
    if (!*a) return 1;
  }
}

static double rf_i_tsim_x(const rf_i_tok *a, const char *b, size_t lb, const char *bkey, int bcls,
                          int lenient, int *kind);

double rf_i_tsim_str(const rf_i_tok *a, const char *b, size_t lb, const char *bkey, int bcls,
                     int *kind) {
  return rf_i_tsim_x(a, b, lb, bkey, bcls, (a->flags & RF_I_TF_ABJAD) != 0, kind);
}

/* A token as a lenient (abjad) key match compares its letters: b, f, p and
 * v as one letter, a leading w as that letter too and, in a token read
 * from consonants, a later w or y as the vowel u or i ("fladymyr" ->
 * "bladimir", "vladimir" -> "bladimir"). */
/* s[i] is a labial letter: f, b, p, v, or a w starting the token */
static int rf_i_labial_at(const char *s, size_t i) {
  char c = s[i];
  return c == 'f' || c == 'b' || c == 'p' || c == 'v' || (c == 'w' && i == 0);
}

static size_t rf_i_labial_form(const char *s, size_t n, int abjad, char *out) {
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (rf_i_labial_at(s, i))
      c = 'b';
    else if (abjad && i > 0 && (c == 'w' || c == 'y'))
      c = c == 'w' ? 'u' : 'i';
    out[i] = c;
  }
  return n;
}

/* the labials of a token in order: f (also ph), b, p, v, and a leading w */
static size_t rf_i_labials(const char *s, size_t n, char *out) {
  size_t k = 0;
  for (size_t i = 0; i < n && k < 8; i++) {
    if (s[i] == 'p' && i + 1 < n && s[i + 1] == 'h') {
      out[k++] = 'f';
      i++;
    } else if (rf_i_labial_at(s, i))
      out[k++] = s[i];
  }
  return k;
}

/* A lenient key match stands only where the consonant script's letter can
 * be the other spelling's: ف (f) is f or v, ب (b) and پ (p) are b or p,
 * a leading و/ו (w) is w or v. So فلاديمير ~ Vladimir and بوتين ~ Putin,
 * but فاروق (Farouk) is not Barak. */
static int rf_i_labials_ok(const char *ab, size_t la, const char *lat, size_t lb) {
  char x[8], y[8];
  size_t nx = rf_i_labials(ab, la, x), ny = rf_i_labials(lat, lb, y);
  if (nx != ny) return 0;
  for (size_t i = 0; i < nx; i++) {
    char p = x[i], q = y[i];
    int ok = p == q || (p == 'f' && q == 'v') || (p == 'b' && q == 'p') || (p == 'p' && q == 'b') ||
             (p == 'w' && q == 'v') || (p == 'b' && q == 'v');
    if (!ok) return 0;
  }
  return 1;
}

size_t rf_i_undouble(const char *t, size_t n, char *out) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (!i || t[i] != t[i - 1]) out[k++] = t[i];
  return k;
}

/* a and b are the same letters once runs of one letter are read as one */
static int rf_i_same_undoubled(const char *a, size_t la, const char *b, size_t lb) {
  char x[RF_I_TOKLEN], y[RF_I_TOKLEN];
  if (la > RF_I_TOKLEN || lb > RF_I_TOKLEN) return 0;
  size_t nx = rf_i_undouble(a, la, x), ny = rf_i_undouble(b, lb, y);
  return nx == ny && !memcmp(x, y, nx);
}

/* a and b (of one length) differ by two adjacent letters swapped */
static int rf_i_one_swap(const char *a, const char *b, size_t n) {
  size_t i = 0;
  while (i < n && a[i] == b[i]) i++;
  if (i + 1 >= n || a[i] != b[i + 1] || a[i + 1] != b[i]) return 0;
  return !memcmp(a + i + 2, b + i + 2, n - i - 2);
}

/* A given name's masculine and feminine forms are two names, not a typo:
 * the same stem with a final o and a final a (Antonio / Antonia, Mario /
 * María), or a stem ending in n, l or s and the stem with an a (Joaquín /
 * Joaquina, Martín / Martina, Luis / Luisa, Manuel / Manuela). Stems of three
 * letters at least; not for tokens romanised from other scripts, whose
 * vowels are a reading. */
static int rf_i_gendered_pair(const char *a, size_t la, const char *b, size_t lb) {
  if (la > lb) {
    const char *t = a;
    a = b, b = t;
    size_t n = la;
    la = lb, lb = n;
  }
  if (la < 4 || memcmp(a, b, la - 1)) return 0;
  if (la == lb) {
    char x = a[la - 1], y = b[la - 1];
    return (x == 'a' && y == 'o') || (x == 'o' && y == 'a');
  }
  char e = a[la - 1];
  return lb == la + 1 && a[la - 1] == b[la - 1] && b[la] == 'a' &&
         (e == 'n' || e == 'l' || e == 's');
}

static double rf_i_tsim_x(const rf_i_tok *a, const char *b, size_t lb, const char *bkey, int bcls,
                          int lenient, int *kind) {
  *kind = RF_I_SK_NONE;
  size_t la = a->len;
  if (la == lb && !memcmp(a->s, b, la)) {
    *kind = RF_I_SK_EXACT;
    return 1.0;
  }
  if (la == 0 || lb == 0) return 0.0;
  /* initials: a single letter against a word starting with it */
  if ((a->cls == RF_I_TC_INITIAL && lb > 1 && bcls != RF_I_TC_NUMBER) ||
      (bcls == RF_I_TC_INITIAL && la > 1 && a->cls != RF_I_TC_NUMBER)) {
    if (a->s[0] == b[0]) {
      *kind = RF_I_SK_INITIAL;
      return rf_i_default_params.initial_sim;
    }
    return 0.0;
  }
  if (a->cls == RF_I_TC_NUMBER || bcls == RF_I_TC_NUMBER) return 0.0;
  size_t mn = la < lb ? la : lb;
  /* no typo budget between romanised syllables: one letter off is another
   * syllable, alone or written with others */
  int k = (a->flags & RF_I_TF_SYLLABLE) ? 0 : rf_i_edit_budget(mn);
  double s = 0.0;
  double jw = -1.0;
  /* each edit removes at most one distinct letter from either side, so more
   * than k letters missing on one side rules the pair out cheaply */
  int d;
  if (k > 0 && rf_i_letters_missing(a->s, la, b, lb) <= k &&
      (d = rf_i_osa(a->s, la, b, lb, k)) <= k) {
    jw = rf_i_jaro_winkler(a->s, la, b, lb);
    /* a second edit beyond the free ones costs edit2_penalty (and is a
     * guess without a word spelt exactly); a hyphen-joined word takes one
     * edit at most (RF_I_TF_HYPHEN) */
    if (d < 2 || !(a->flags & RF_I_TF_HYPHEN)) {
      int beyond = d > rf_i_edit_free(mn);
      s = jw - (beyond ? rf_i_default_params.edit2_penalty : 0.0);
      *kind = beyond ? RF_I_SK_FUZZY2 : d >= 2 ? RF_I_SK_FUZZYW : RF_I_SK_FUZZY;
    }
  }
  /* a word too short for a typo budget is still itself with a letter
   * doubled or undoubled, or (a guess) two adjacent letters swapped; not
   * between romanised syllables, one of which may be written doubled. A
   * swap is no guess when the query's word is in no list name (GNO for GON:
   * Jaro-Winkler sees no common letter out of place in three) */
  if (k == 0 && mn >= 2 && !(a->flags & RF_I_TF_SYLLABLE) && a->cls == RF_I_TC_WORD &&
      bcls == RF_I_TC_WORD) {
    if (la != lb && rf_i_same_undoubled(a->s, la, b, lb)) {
      s = rf_i_jaro_winkler(a->s, la, b, lb);
      *kind = RF_I_SK_FUZZY;
    } else if (la == lb && (a->flags & RF_I_TF_OOV) && rf_i_one_swap(a->s, b, la)) {
      s = rf_i_default_params.oov_swap_sim;
      *kind = RF_I_SK_FUZZY;
    } else if (la == lb && la == 3 && rf_i_one_swap(a->s, b, la)) {
      s = rf_i_jaro_winkler(a->s, la, b, lb) - rf_i_default_params.edit2_penalty;
      *kind = RF_I_SK_FUZZY2;
    }
  }
  /* lenient: 1 when a, 2 when b was read from a consonant script */
  const char *as = a->s, *bs = b;
  size_t al = la, bl = lb;
  if (lenient == 2) as = b, al = lb, bs = a->s, bl = la;
  /* (not for syllables romanised from Han or Hangul: RF_I_TF_NOSOUND) */
  if (!(a->flags & (RF_I_TF_NOSOUND | RF_I_TF_HYPHEN)) && mn >= 3 && a->key[0] && bkey && bkey[0] &&
      rf_i_key_eq(a->key, bkey, lenient) &&
      (!lenient || !strcmp(a->key, bkey) || rf_i_labials_ok(as, al, bs, bl))) {
    if (lenient) {
      char fa[RF_I_TOKLEN], fb[RF_I_TOKLEN];
      size_t na = rf_i_labial_form(as, al < RF_I_TOKLEN ? al : RF_I_TOKLEN, 1, fa);
      size_t nb = rf_i_labial_form(bs, bl < RF_I_TOKLEN ? bl : RF_I_TOKLEN, 0, fb);
      jw = rf_i_jaro_winkler(fa, na, fb, nb);
    } else if (jw < 0)
      jw = rf_i_jaro_winkler(a->s, la, b, lb);
    double sp = 0.5 + 0.45 * jw;
    if (sp > s) {
      s = sp;
      *kind = RF_I_SK_PHONETIC;
    }
  }
  /* checked last: only pairs that would align pay for it */
  if (s > 0 && a->cls == RF_I_TC_WORD && bcls == RF_I_TC_WORD &&
      !(a->flags & (RF_I_TF_ABJAD | RF_I_TF_SYLLABLE | RF_I_TF_NOSOUND)) &&
      rf_i_gendered_pair(a->s, la, b, lb)) {
    *kind = RF_I_SK_NONE;
    return 0.0;
  }
  return s;
}

double rf_i_tsim(const rf_i_tok *a, const rf_i_tok *b, int *kind) {
  int lenient = (a->flags & RF_I_TF_ABJAD) ? 1 : (b->flags & RF_I_TF_ABJAD) ? 2 : 0;
  double s = rf_i_tsim_x(a, b->s, b->len, b->key, b->cls, lenient, kind);
  return rf_i_list_guard(b->flags, s, kind); /* the list token's guards, as the index applies */
}
