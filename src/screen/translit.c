/* Romanisation of names written in scripts the tokeniser does not read
 * itself (Arabic, Han, Kana, Hangul, Greek, Devanagari, Thai, Khmer, ...)
 * with ICU's "Any-Latin; Latin-ASCII" transform, so that a query written in
 * its own script can meet the Latin spelling on the lists.
 *
 * Latin and Cyrillic are handled by normalize.c directly and never come
 * here. Building the ICU transliterator takes tens of milliseconds, so it is
 * built once on first use; a transliterator is not thread-safe, so each
 * screening thread uses its own clone of it (closed when the thread ends). */
#include "screen/screen_i.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <utf8proc.h>

static pthread_once_t rf_i_tr_once = PTHREAD_ONCE_INIT;
static UTransliterator *rf_i_tr;  /* process-wide prototype, never used directly */
static pthread_key_t rf_i_tr_key; /* each thread's own rf_i_tr_tls (a transliterator is
                                     not thread-safe; cloning is cheap, building is not) */
static int rf_i_tr_have_key;

/* Pieces repeat (surnames, common given names) and ICU's rule engine is slow
 * (a fifth of a batch's time when an eighth of the names are in Han
 * script), so each thread keeps its recent romanisations: direct-mapped by
 * the piece's hash, compared in full. */
#define RF_I_TR_CACHE 1024
#define RF_I_TR_KEY 47
#define RF_I_TR_VAL 78
typedef struct rf_i_tr_entry {
  uint8_t klen, vlen; /* klen 0 = empty */
  char key[RF_I_TR_KEY];
  char val[RF_I_TR_VAL + 1];
} rf_i_tr_entry;

typedef struct rf_i_tr_tls {
  UTransliterator *t;
  UTransliterator *marks; /* Any-Latin alone (letters keep their marks), opened on first use */
  rf_i_tr_entry cache[RF_I_TR_CACHE];
} rf_i_tr_tls;

static void rf_i_tr_close(void *p) {
  rf_i_tr_tls *tl = p;
  utrans_close(tl->t);
  if (tl->marks) utrans_close(tl->marks);
  free(tl);
}

static void rf_i_tr_open(void) {
  static const UChar id[] = u"Any-Latin; Latin-ASCII";
  UErrorCode st = U_ZERO_ERROR;
  rf_i_tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
  if (U_FAILURE(st)) rf_i_tr = NULL;
  rf_i_tr_have_key = !pthread_key_create(&rf_i_tr_key, rf_i_tr_close);
}

/* this thread's transliterator and cache, cloned from the prototype on first use */
static rf_i_tr_tls *rf_i_tr_get(void) {
  pthread_once(&rf_i_tr_once, rf_i_tr_open);
  if (!rf_i_tr || !rf_i_tr_have_key) return NULL;
  rf_i_tr_tls *tl = pthread_getspecific(rf_i_tr_key);
  if (tl) return tl;
  tl = calloc(1, sizeof *tl);
  if (!tl) return NULL;
  UErrorCode st = U_ZERO_ERROR;
  tl->t = utrans_clone(rf_i_tr, &st);
  if (U_FAILURE(st) || !tl->t || pthread_setspecific(rf_i_tr_key, tl)) {
    if (tl->t) utrans_close(tl->t);
    free(tl);
    return NULL;
  }
  return tl;
}

/* A letter of a script other than Latin and Cyrillic. */
static int rf_i_foreign_letter(int32_t cp) {
  if (cp < 0x370) return 0;                   /* ASCII, Latin-1, Latin Extended, IPA, marks */
  if (cp >= 0x400 && cp <= 0x52f) return 0;   /* Cyrillic */
  if (cp >= 0x1e00 && cp <= 0x1eff) return 0; /* Latin Extended Additional */
  if (cp >= 0x2c60 && cp <= 0x2c7f) return 0; /* Latin Extended-C */
  if (cp >= 0xa720 && cp <= 0xa7ff) return 0; /* Latin Extended-D */
  if (cp >= 0xff00 && cp <= 0xff5e) return 0; /* fullwidth ASCII (NFKC folds it) */
  utf8proc_category_t c = utf8proc_category(cp);
  return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

int rf_i_translit_needed(const char *s, size_t n) {
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  for (size_t i = 0; i < n;) {
    if (p[i] < 0x80) {
      i++;
      continue;
    }
    int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) return 0; /* invalid UTF-8: leave it to the caller's fallback */
    if (rf_i_foreign_letter(cp)) return 1;
    i += (size_t)k;
  }
  return 0;
}

/* Romanises one whitespace-free piece into out with tr; 0 on failure. */
static size_t rf_i_romanise_piece(UTransliterator *tr, const char *s, size_t n, char *out,
                                  size_t outsz) {
  enum { CAP = 4 * RF_SCREEN_MAX_NAME };
  UChar buf[CAP];
  int32_t len = 0;
  UErrorCode st = U_ZERO_ERROR;
  u_strFromUTF8(buf, CAP, &len, s, (int32_t)n, &st);
  if (U_FAILURE(st) || len >= CAP) return 0;
  int32_t limit = len;
  utrans_transUChars(tr, buf, &len, CAP, 0, &limit, &st);
  if (U_FAILURE(st) || len >= CAP) return 0;
  int32_t outlen = 0;
  u_strToUTF8(out, (int32_t)outsz - 1, &outlen, buf, len, &st);
  if (U_FAILURE(st) || outlen >= (int32_t)outsz) return 0;
  out[outlen] = '\0';
  return (size_t)outlen;
}

/* A piece written only in Han characters (a Chinese given name or surname). */
static int rf_i_all_han(const char *s, size_t n) {
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  for (size_t i = 0; i < n;) {
    int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) return 0;
    if (!((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf))) return 0;
    i += (size_t)k;
  }
  return n > 0;
}

/* romanises one piece through the thread's cache */
static size_t rf_i_romanise_cached(rf_i_tr_tls *tl, const char *s, size_t n, char *out,
                                   size_t outsz) {
  rf_i_tr_entry *e = NULL;
  if (n <= RF_I_TR_KEY) {
    e = &tl->cache[rf_hash_bytes(s, n) & (RF_I_TR_CACHE - 1)];
    if (e->klen == n && !memcmp(e->key, s, n)) {
      if ((size_t)e->vlen + 1 > outsz) return 0;
      memcpy(out, e->val, (size_t)e->vlen + 1);
      return e->vlen;
    }
  }
  size_t m = rf_i_romanise_piece(tl->t, s, n, out, outsz);
  if (e && m && m <= RF_I_TR_VAL) {
    e->klen = (uint8_t)n;
    memcpy(e->key, s, n);
    e->vlen = (uint8_t)m;
    memcpy(e->val, out, m + 1);
  }
  return m;
}

/* s romanised piece by piece (whitespace-separated) with the thread's
 * transliterator: ASCII through the cache, or with marks kept ("śāha", not
 * "saha"; uncached, its transliterator opened on first use); 0 on failure */
static size_t rf_i_romanise_with(const char *s, size_t n, char *out, size_t outsz, int marks) {
  rf_i_tr_tls *tl = rf_i_tr_get();
  if (!tl || outsz < 2) return 0;
  if (marks && !tl->marks) {
    static const UChar id[] = u"Any-Latin";
    UErrorCode st = U_ZERO_ERROR;
    tl->marks = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
    if (U_FAILURE(st)) tl->marks = NULL;
    if (!tl->marks) return 0;
  }
  /* ICU writes Han syllables apart ("jian ping"); a name written as one
   * piece is one word in pinyin ("jianping"), so the syllables of an
   * all-Han piece are joined again */
  size_t k = 0;
  for (size_t i = 0; i < n;) {
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    size_t j = i;
    while (j < n && s[j] != ' ' && s[j] != '\t') j++;
    if (j == i) break;
    if (k && k + 1 < outsz) out[k++] = ' ';
    size_t m = marks ? rf_i_romanise_piece(tl->marks, s + i, j - i, out + k, outsz - k)
                     : rf_i_romanise_cached(tl, s + i, j - i, out + k, outsz - k);
    if (!m) return 0;
    if (!marks && rf_i_all_han(s + i, j - i)) {
      size_t w = k;
      for (size_t r = k; r < k + m; r++)
        if (out[r] != ' ') out[w++] = out[r];
      m = w - k;
    }
    k += m;
    i = j;
  }
  out[k] = '\0';
  return k;
}

static size_t rf_i_romanise_marked(const char *s, size_t n, char *out, size_t outsz) {
  return rf_i_romanise_with(s, n, out, outsz, 1);
}

size_t rf_i_romanise(const char *s, size_t n, char *out, size_t outsz) {
  size_t k = rf_i_romanise_with(s, n, out, outsz, 0);
  if (!k) return 0;
  /* the schwa ICU writes for Ethiopic's sixth order (አብይ -> "abǝy"), which
   * Latin-ASCII keeps: the lists leave it out (Abiy, Ahmed, Maryam) */
  size_t w = 0;
  for (size_t r = 0; r < k; r++) {
    unsigned char a = (unsigned char)out[r], b = r + 1 < k ? (unsigned char)out[r + 1] : 0;
    if ((a == 0xC7 && b == 0x9D) || (a == 0xC9 && b == 0x99)) { /* U+01DD, U+0259 */
      r++;
      continue;
    }
    out[w++] = out[r];
  }
  k = w;
  out[k] = '\0';
  return k;
}

/* Hangul as the sanctions lists spell Korean names: the official North
 * Korean romanisation (McCune-Reischauer without its diacritics). In a word
 * of three or more syllables the first is the surname, a word apart; the
 * given name's syllables stay one word, in order ("김정은" -> "kim jongun",
 * which meets "KIM Jong Un" as a joined pair; "은정 김" -> "unjong kim" does
 * not). ICU's reading follows the South's Revised Romanisation ("gim jeong
 * eun"), which the lists rarely use. A third reading is the way South
 * Koreans write their names in passports (rf_i_hangul_south). Characters that
 * are not Hangul syllables are copied. Returns the length, 0 when s holds no
 * Hangul syllable or out is too small. */
typedef struct rf_i_hangul_system {
  const char *ini[19], *med[21], *fin[28];
} rf_i_hangul_system;

static const rf_i_hangul_system rf_i_hangul_north = {
    {"k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "kh", "th",
     "ph", "h"},
    {"a",  "ae", "ya", "yae", "o",  "e",  "yo", "ye", "o",  "wa", "wae",
     "oe", "yo", "u",  "wo",  "we", "wi", "yu", "u",  "ui", "i"},
    {"",  "k", "k", "k", "n", "n", "n", "t",  "l", "k", "m", "p", "l", "l",
     "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}};

/* South Korean given names as passports usually write them: Revised
 * Romanisation's consonants, but the vowels ㅓ and ㅕ written u and yu
 * ("Ji-sung", "Jae-myung", "Suk-yeol" being the exception) */
static const rf_i_hangul_system rf_i_hangul_passport = {
    {"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
     "h"},
    {"a",  "ae", "ya", "yae", "u",  "e",  "yu", "ye", "o",  "wa", "wae",
     "oe", "yo", "u",  "wo",  "we", "wi", "yu", "eu", "ui", "i"},
    {"",  "k", "k", "k", "n", "n", "n", "t",  "l", "k", "m", "p", "l", "l",
     "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}};

/* the usual passport spelling of the commonest South Korean surnames */
static const char *rf_i_hangul_surname(int32_t cp) {
  static const struct {
    int32_t cp;
    const char *s;
  } t[] = {
      {0xAE40, "kim"},   {0xC774, "lee"},   {0xBC15, "park"}, {0xCD5C, "choi"}, {0xC815, "jung"},
      {0xAC15, "kang"},  {0xC870, "cho"},   {0xC724, "yoon"}, {0xC7A5, "jang"}, {0xC784, "lim"},
      {0xD55C, "han"},   {0xC624, "oh"},    {0xC11C, "seo"},  {0xC2E0, "shin"}, {0xAD8C, "kwon"},
      {0xD669, "hwang"}, {0xC548, "ahn"},   {0xC1A1, "song"}, {0xB958, "ryu"},  {0xC720, "yoo"},
      {0xD64D, "hong"},  {0xC804, "jeon"},  {0xACE0, "ko"},   {0xBB38, "moon"}, {0xC591, "yang"},
      {0xC190, "son"},   {0xBC30, "bae"},   {0xBC31, "baek"}, {0xD5C8, "heo"},  {0xB178, "noh"},
      {0xB0A8, "nam"},   {0xC2EC, "shim"},  {0xD558, "ha"},   {0xACFD, "kwak"}, {0xC131, "sung"},
      {0xCC28, "cha"},   {0xC8FC, "joo"},   {0xC6B0, "woo"},  {0xAD6C, "koo"},  {0xBBFC, "min"},
      {0xC9C4, "jin"},   {0xC5C4, "um"},    {0xCC44, "chae"}, {0xC6D0, "won"},  {0xCC9C, "chun"},
      {0xBC29, "bang"},  {0xACF5, "kong"},  {0xD604, "hyun"}, {0xBCC0, "byun"}, {0xBC18, "ban"},
      {0xAE30, "ki"},    {0xBA85, "myung"}, {0xC11D, "seok"}, {0xC120, "sun"}};
  for (size_t i = 0; i < sizeof t / sizeof *t; i++)
    if (t[i].cp == cp) return t[i].s;
  return NULL;
}

static size_t rf_i_hangul_syllable(const rf_i_hangul_system *sys, int32_t cp, char *out,
                                   size_t outsz) {
  int idx = cp - 0xAC00;
  int m = snprintf(out, outsz, "%s%s%s", sys->ini[idx / 588], sys->med[idx % 588 / 28],
                   sys->fin[idx % 28]);
  return m > 0 && (size_t)m < outsz ? (size_t)m : 0;
}

static int rf_i_is_hangul(int32_t cp) { return cp >= 0xAC00 && cp <= 0xD7A3; }

/* south: passport spellings, with the surname from rf_i_hangul_surname when
 * it starts a word of three or more syllables or is a one-syllable first word */
static size_t rf_i_romanise_hangul_as(const char *s, size_t n, char *out, size_t outsz, int south) {
  const rf_i_hangul_system *sys = south ? &rf_i_hangul_passport : &rf_i_hangul_north;
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  size_t k = 0;
  int found = 0, words = 0;
  for (size_t i = 0; i < n;) {
    /* one run of Hangul syllables */
    size_t j = i, nsyl = 0;
    int32_t cp;
    utf8proc_ssize_t m;
    while (j < n && (m = utf8proc_iterate(p + j, (utf8proc_ssize_t)(n - j), &cp)) > 0 &&
           rf_i_is_hangul(cp)) {
      j += (size_t)m;
      nsyl++;
    }
    if (!nsyl) { /* anything else is copied */
      m = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
      if (m <= 0 || k + (size_t)m + 1 > outsz) return 0;
      memcpy(out + k, s + i, (size_t)m);
      k += (size_t)m;
      i += (size_t)m;
      continue;
    }
    found = 1;
    for (size_t q = 0; i < j; q++) {
      m = utf8proc_iterate(p + i, (utf8proc_ssize_t)(j - i), &cp);
      if (q == 1 && nsyl >= 3) { /* surname apart */
        if (k + 2 > outsz) return 0;
        out[k++] = ' ';
      }
      const char *sur =
          south && q == 0 && (nsyl >= 3 || (nsyl == 1 && !words)) ? rf_i_hangul_surname(cp) : NULL;
      size_t w = 0;
      if (sur && strlen(sur) + 1 < outsz - k) {
        w = strlen(sur);
        memcpy(out + k, sur, w + 1);
      } else if (!sur) {
        w = rf_i_hangul_syllable(sys, cp, out + k, outsz - k);
      }
      if (!w) return 0;
      k += w;
      i += (size_t)m;
    }
    words++;
  }
  if (k >= outsz) return 0;
  out[k] = '\0';
  return found ? k : 0;
}

size_t rf_i_romanise_hangul(const char *s, size_t n, char *out, size_t outsz) {
  return rf_i_romanise_hangul_as(s, n, out, outsz, 0);
}

size_t rf_i_hangul_south(const char *s, size_t n, char *out, size_t outsz) {
  return rf_i_romanise_hangul_as(s, n, out, outsz, 1);
}

/* North Indian scripts (Devanagari, Bengali, Gurmukhi, Gujarati, Oriya) */
int rf_i_is_indic(int32_t cp) { return cp >= 0x0900 && cp <= 0x0B7F; }

/* One letter of ICU's reading of an Indic script: its ASCII spelling and
 * whether it is a vowel; 'a' alone is the inherent vowel. */
typedef struct rf_i_iu {
  char s[4];
  uint8_t vowel, schwa, nasal;
} rf_i_iu;

static int rf_i_iu_of(int32_t cp, rf_i_iu *u) {
  static const struct {
    int32_t cp;
    const char *s;
    uint8_t vowel, nasal;
  } map[] = {{0x101, "a", 1, 0},   {0x12B, "i", 1, 0},  {0x16B, "u", 1, 0},   {0x113, "e", 1, 0},
             {0x14D, "o", 1, 0},   {0xE8, "e", 1, 0},   {0xF2, "o", 1, 0},    {0x1E5B, "ri", 1, 0},
             {0x1E5D, "ri", 1, 0}, {0x15B, "sh", 0, 0}, {0x1E63, "sh", 0, 0}, {0x1E45, "n", 0, 1},
             {0xF1, "n", 0, 1},    {0x1E47, "n", 0, 1}, {0x1E41, "n", 0, 1},  {0x1E43, "n", 0, 1},
             {0x1E6D, "t", 0, 0},  {0x1E0D, "d", 0, 0}, {0x1E5F, "r", 0, 0},  {0x1E8F, "y", 0, 0},
             {0x1E37, "l", 0, 0},  {0x1E33, "k", 0, 0}, {0x121, "g", 0, 0},   {0x1E35, "kh", 0, 0}};
  memset(u, 0, sizeof *u);
  if (cp < 0x80) {
    char c = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
    if (c < 'a' || c > 'z') return 0;
    u->s[0] = c;
    u->vowel = strchr("aeiou", c) != NULL;
    u->schwa = c == 'a';
    u->nasal = c == 'n' || c == 'm';
    if (c == 'c') strcpy(u->s, "ch"); /* ICU's c is ch, its ch chh */
    return 1;
  }
  for (size_t i = 0; i < sizeof map / sizeof *map; i++)
    if (map[i].cp == cp) {
      strcpy(u->s, map[i].s);
      u->vowel = map[i].vowel;
      u->nasal = map[i].nasal;
      return 1;
    }
  return 0;
}

/* the first letter of the consonant that ends at u[i]: an aspirate's h
 * (kh, gh, th, dh, ph, bh, jh) belongs to the consonant before it */
static size_t rf_i_cons_start(const rf_i_iu *u, size_t i) {
  return i > 0 && !strcmp(u[i].s, "h") && !u[i - 1].vowel ? i - 1 : i;
}

/* the inherent vowel of one word's letters u[0..*pn) dropped where Hindi
 * and its neighbours do not say it: at the end of a word after one
 * consonant, or after a nasal and a stop ("kanta" -> "kant"; "chandra",
 * "krishna" keep it), and from the right between two single consonants
 * with vowels around them ("amarajita" -> "amarjit", "ahaluvaliya" ->
 * "ahluvaliya"). */
static void rf_i_schwa_delete(rf_i_iu *u, size_t *pn) {
  size_t n = *pn;
  if (n >= 3 && u[n - 1].schwa && !u[n - 2].vowel) {
    size_t c = rf_i_cons_start(u, n - 2);
    int single = c > 0 && u[c - 1].vowel;
    int nasal_stop = c >= 2 && u[c - 1].nasal && u[c - 2].vowel && !strchr("rywvnm", u[c].s[0]);
    if (single || nasal_stop) n--;
  }
  for (size_t i = n; i-- > 2;) {
    if (!u[i].schwa || i + 1 >= n || u[i - 1].vowel || u[i + 1].vowel) continue;
    size_t b = rf_i_cons_start(u, i - 1), a = i + 1;
    if (a + 1 < n && !strcmp(u[a + 1].s, "h")) a++;
    if (b == 0 || !u[b - 1].vowel || a + 1 >= n || !u[a + 1].vowel) continue;
    memmove(&u[i], &u[i + 1], (n - i - 1) * sizeof *u);
    n--;
  }
  *pn = n;
}

/* Names in North Indian scripts as they are said and as the lists spell
 * them. ICU writes the inherent vowel after every consonant ("amita
 * śāha"), ś and ṣ as s-with-a-mark (folded to s), च as c, and drops
 * Gurmukhi's tippi (ਸਿੰਘ -> "sigha"). This reading drops the inherent vowel
 * where it is not said (rf_i_schwa_delete), writes ś ṣ as sh, c as ch, a
 * nasal mark as n, and vowel separators not at all: "amit shah", "singh",
 * "daud ibrahim", "rajnikant". Returns the length of out, 0 when s holds no
 * such script or out is too small. */
size_t rf_i_indic_reading(const char *s, size_t n, char *out, size_t outsz) {
  char src[4 * RF_SCREEN_MAX_NAME], roman[4 * RF_SCREEN_MAX_NAME];
  if (n >= sizeof src) return 0;
  int found = 0;
  size_t k = 0;
  for (size_t i = 0; i < n;) {
    utf8proc_int32_t c;
    utf8proc_ssize_t l =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
    if (l <= 0) return 0;
    found |= rf_i_is_indic(c);
    if (c == 0x0A70) { /* Gurmukhi tippi: the bindi ICU reads */
      memcpy(src + k, "\xE0\xA8\x82", 3);
      k += 3;
    } else {
      memcpy(src + k, s + i, (size_t)l);
      k += (size_t)l;
    }
    i += (size_t)l;
  }
  if (!found) return 0;
  size_t rn = rf_i_romanise_marked(src, k, roman, sizeof roman);
  if (!rn) return 0;
  /* one code point per letter (ICU may write s + a combining acute) */
  utf8proc_uint8_t *nfc = NULL;
  utf8proc_ssize_t nl = utf8proc_map((const utf8proc_uint8_t *)roman, (utf8proc_ssize_t)rn, &nfc,
                                     UTF8PROC_COMPOSE | UTF8PROC_STABLE);
  if (nl < 0 || !nfc || (size_t)nl >= sizeof roman) {
    free(nfc);
    return 0;
  }
  memcpy(roman, nfc, (size_t)nl);
  rn = (size_t)nl;
  free(nfc);
  size_t o = 0;
  rf_i_iu u[RF_I_TOKLEN];
  for (size_t i = 0; i < rn;) {
    size_t nu = 0;
    while (i < rn && roman[i] != ' ' && roman[i] != '-') {
      utf8proc_int32_t c;
      utf8proc_ssize_t l =
          utf8proc_iterate((const utf8proc_uint8_t *)roman + i, (utf8proc_ssize_t)(rn - i), &c);
      if (l <= 0) return 0;
      i += (size_t)l;
      if (c == 0x325 && nu && !strcmp(u[nu - 1].s, "r")) { /* vocalic r (r + ring below) */
        strcpy(u[nu - 1].s, "ri");
        u[nu - 1].vowel = 1;
        continue;
      }
      if (nu < RF_I_TOKLEN && rf_i_iu_of(c, &u[nu])) {
        /* ICU's "ch" (छ) is chh: its c is already ch */
        if (u[nu].s[0] == 'h' && nu && !strcmp(u[nu - 1].s, "ch"))
          strcpy(u[nu - 1].s, "chh");
        else
          nu++;
      }
    }
    rf_i_schwa_delete(u, &nu);
    for (size_t j = 0; j < nu; j++) {
      size_t sl = strlen(u[j].s);
      if (o + sl + 2 > outsz) return 0;
      memcpy(out + o, u[j].s, sl);
      o += sl;
    }
    if (i < rn) {
      if (o + 2 > outsz) return 0;
      out[o++] = ' ';
      i++;
    }
  }
  out[o] = '\0';
  return o;
}

/* Greek written as it sounds, for names from other languages in Greek
 * letters: β = v, ντ = d, μπ = b, γκ = g, ου = u, a final τς = ch
 * (Βλαντίμιρ Βλαντίμιροβιτς Πούτιν, read letter by letter "blantimir
 * blantimirobits poutin", is Vladimir Vladimirovich Putin). Writes the
 * romanised r[0..n), lower case, into out; returns its length, 0 when no
 * rule applied. */
size_t rf_i_greek_sounds(const char *r, size_t n, char *out, size_t cap) {
  static const char *const from[] = {"nt", "mp", "gk", "ou"}, *const to[] = {"d", "b", "g", "u"};
  size_t k = 0;
  int changed = 0;
  for (size_t i = 0; i < n && k + 2 < cap;) {
    char c = (char)tolower((unsigned char)r[i]);
    char nx = i + 1 < n ? (char)tolower((unsigned char)r[i + 1]) : 0;
    size_t f = 0;
    while (f < 4 && !(c == from[f][0] && nx == from[f][1])) f++;
    int word_end = i + 2 >= n || r[i + 2] == ' ' || r[i + 2] == '-';
    if (f < 4) {
      out[k++] = to[f][0];
      i += 2;
      changed = 1;
    } else if (c == 't' && nx == 's' && word_end) {
      out[k++] = 'c';
      out[k++] = 'h';
      i += 2;
      changed = 1;
    } else {
      changed |= c == 'b';
      out[k++] = c == 'b' ? 'v' : c;
      i++;
    }
  }
  return changed ? k : 0;
}

/* Letters of Urdu, Pashto, Persian and Kurdish that ICU's Arabic-Latin
 * leaves as they are, as the Arabic letter of the same sound; and ة (ta
 * marbuta) as ه, read as the vowel a below. All are two UTF-8 bytes
 * (U+0600-U+06FF), so the text is rewritten in place. */
static void rf_i_arabic_letters(char *s, size_t n) {
  static const uint16_t map[][2] = {
      {0x0629, 0x0647}, {0x0679, 0x062A}, {0x067C, 0x062A}, /* ة ٹ ټ */
      {0x0681, 0x0632}, {0x0685, 0x0633}, {0x0688, 0x062F}, /* ځ څ ڈ */
      {0x0689, 0x062F}, {0x0691, 0x0631}, {0x0693, 0x0631}, /* ډ ڑ ړ */
      {0x0696, 0x0698}, {0x069A, 0x0634}, {0x06A8, 0x0642}, /* ږ ښ ڨ */
      {0x06BA, 0x0646}, {0x06BC, 0x0646}, {0x06BE, 0x0647}, /* ں ڼ ھ */
      {0x06C0, 0x0647}, {0x06C1, 0x0647}, {0x06C3, 0x0647}, /* ۀ ہ ۃ */
      {0x06C6, 0x0648}, {0x06CD, 0x064A}, {0x06CE, 0x064A}, /* ۆ ۍ ێ */
      {0x06D0, 0x064A}, {0x06D2, 0x064A}, {0x06D3, 0x064A}, /* ې ے ۓ */
      {0x06D5, 0x0627}};                                    /* ە */
  for (size_t i = 0; i + 1 < n; i++) {
    unsigned char a = (unsigned char)s[i], b = (unsigned char)s[i + 1];
    if ((a != 0xD8 && a != 0xD9 && a != 0xDA && a != 0xDB) || (b & 0xC0) != 0x80) continue;
    uint16_t cp = (uint16_t)(((a & 0x1F) << 6) | (b & 0x3F));
    for (size_t k = 0; k < sizeof map / sizeof *map; k++)
      if (map[k][0] == cp) {
        s[i] = (char)(0xC0 | (map[k][1] >> 6));
        s[i + 1] = (char)(0x80 | (map[k][1] & 0x3F));
        break;
      }
    i++;
  }
}

/* The Arabic article ال written onto the name it defines (الرحمن, الدين)
 * is made a word of its own, as the lists write it (al-Rahman, al-Din),
 * when at least three letters follow it: "الله" (Allah) stays whole.
 * Returns the length of out, 0 when nothing was split or out is too small. */
static size_t rf_i_arabic_article(const char *s, size_t n, char *out, size_t outsz) {
  size_t k = 0;
  int split = 0;
  for (size_t i = 0; i < n;) {
    int start = i == 0 || s[i - 1] == ' ';
    if (start && i + 4 <= n && !memcmp(s + i, "\xD8\xA7\xD9\x84", 4)) {
      size_t letters = 0;
      for (size_t j = i + 4; j < n && s[j] != ' ' && s[j] != '-'; j++)
        letters += ((unsigned char)s[j] & 0xC0) != 0x80;
      if (letters >= 3) {
        if (k + 5 >= outsz) return 0;
        memcpy(out + k, s + i, 4);
        out[k + 4] = ' ';
        k += 5;
        i += 4;
        split = 1;
        continue;
      }
    }
    if (k + 1 >= outsz) return 0;
    out[k++] = s[i++];
  }
  return split ? k : 0;
}

/* Hebrew letters as Latin consonants (ICU reads ש as s and writes ו and א
 * as apostrophes): ש sh, ח and ך kh, צ ts, ף f, וו v, a ו or י otherwise w
 * or y (read as vowels by the abjad key), א and ע a vowel at the start of
 * a word and silent elsewhere; with a geresh ג׳ j, ז׳ zh, צ׳ ch. Points are
 * dropped, maqaf is a hyphen, anything else is copied. Returns the length
 * of out, 0 when s has no Hebrew letter or out is too small. */
static size_t rf_i_hebrew_letters(const char *s, size_t n, char *out, size_t outsz) {
  static const char *const lat[27] = {"a", "b",  "g", "d",  "h",  "w", "z", "kh", "t",
                                      "y", "kh", "k", "l",  "m",  "m", "n", "n",  "s",
                                      "a", "f",  "p", "ts", "ts", "k", "r", "sh", "t"};
  const unsigned char *p = (const unsigned char *)s;
  size_t k = 0;
  int found = 0;
  for (size_t i = 0; i < n;) {
    unsigned cp = 0;
    if (i + 1 < n && (p[i] == 0xD6 || p[i] == 0xD7) && (p[i + 1] & 0xC0) == 0x80)
      cp = ((p[i] & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu);
    if (cp < 0x590 || cp > 0x5FF) { /* not Hebrew: copied */
      if (k + 2 > outsz) return 0;
      out[k++] = s[i++];
      continue;
    }
    i += 2;
    int geresh = i + 1 < n && p[i] == 0xD7 && p[i + 1] == 0xB3;
    int word_start = k == 0 || out[k - 1] == ' ' || out[k - 1] == '-';
    const char *w = "";
    if (cp == 0x5BE)
      w = "-";
    else if (cp >= 0x5D0 && cp <= 0x5EA) {
      found = 1;
      w = lat[cp - 0x5D0];
      int twin = i + 1 < n && p[i] == 0xD7 && p[i + 1] == p[i - 1]; /* וו, יי */
      if (cp == 0x5D5 && twin)
        w = "v", i += 2;
      else if (cp == 0x5D9 && twin)
        i += 2;
      else if ((cp == 0x5D0 || cp == 0x5E2) && !word_start)
        w = "";
      if (geresh) w = cp == 0x5D2 ? "j" : cp == 0x5D6 ? "zh" : cp == 0x5E6 ? "ch" : w;
    } else if (cp == 0x5F0)
      w = "v", found = 1;
    size_t wl = strlen(w);
    if (k + wl + 1 > outsz) return 0;
    memcpy(out + k, w, wl);
    k += wl;
    if (geresh) i += 2;
  }
  out[k] = '\0';
  return found ? k : 0;
}

/* Arabic through ICU, read as names are spelt in Latin letters: a final ة
 * (ta marbuta) is the vowel a, not t ("أسامة" -> "asamh", Osama); ʿ (ع) and
 * ʾ (hamza) starting a word are its vowel ("ʿly" -> "aly"), elsewhere
 * silent; a word-final y or w is the long vowel i or u ("aly" -> "ali").
 * Urdu, Pashto and Kurdish letters are read as their Arabic counterparts
 * (rf_i_arabic_letters), Hebrew ones as rf_i_hebrew_letters writes them.
 * Returns the length of out, 0 on failure. */
size_t rf_i_romanise_abjad(const char *s, size_t n, char *out, size_t outsz) {
  char src[4 * RF_SCREEN_MAX_NAME], tmp[4 * RF_SCREEN_MAX_NAME];
  if (n >= sizeof src) return 0;
  memcpy(src, s, n);
  rf_i_arabic_letters(src, n);
  size_t an = rf_i_arabic_article(src, n, tmp, sizeof tmp);
  if (an) {
    memcpy(src, tmp, an);
    n = an;
  }
  size_t hn = rf_i_hebrew_letters(src, n, tmp, sizeof tmp);
  if (hn) {
    memcpy(src, tmp, hn);
    n = hn;
  }
  size_t rn = rf_i_romanise(src, n, tmp, sizeof tmp);
  size_t k = 0;
  for (size_t i = 0; i < rn && k + 2 < outsz;) {
    int word_start = i == 0 || tmp[i - 1] == ' ' || tmp[i - 1] == '-';
    /* U+02BE / U+02BF (CA BE / CA BF) */
    if ((unsigned char)tmp[i] == 0xCA && i + 1 < rn &&
        ((unsigned char)tmp[i + 1] == 0xBE || (unsigned char)tmp[i + 1] == 0xBF)) {
      if (word_start) out[k++] = 'a';
      i += 2;
      continue;
    }
    char c = tmp[i++];
    int word_end = i >= rn || tmp[i] == ' ' || tmp[i] == '-';
    if (word_end && !word_start && (c == 'y' || c == 'w')) c = c == 'y' ? 'i' : 'u';
    out[k++] = c;
  }
  out[k] = '\0';
  return rn ? k : 0;
}

/* ------------------------------------------------ pinyin and Wade-Giles */

/* Pinyin finals, longest first (v stands for u-umlaut, which the lists and
 * ICU's ASCII step write u). */
static const char *const rf_i_py_finals[] = {
    "iang", "iong", "uang", "ueng", "ang", "eng", "ong", "iao", "ian", "ing", "uai", "uan",
    "ai",   "ei",   "ao",   "ou",   "an",  "en",  "er",  "ia",  "ie",  "iu",  "in",  "ua",
    "uo",   "ui",   "un",   "ue",   "ve",  "a",   "o",   "e",   "i",   "u",   "v",   NULL};
static const char *const rf_i_py_initials[] = {"zh", "ch", "sh", "b", "p", "m", "f", "d",
                                               "t",  "n",  "l",  "g", "k", "h", "j", "q",
                                               "x",  "r",  "z",  "c", "s", "y", "w", NULL};

/* one syllable: initial ini (may be ""), final fin, written the Wade-Giles
 * way without apostrophes or umlauts into out; returns the length written */
static size_t rf_i_wg_syllable(const char *ini, const char *fin, char *out) {
  static const struct {
    const char *py, *wg;
  } im[] = {{"b", "p"},  {"d", "t"},   {"g", "k"}, {"j", "ch"}, {"q", "ch"},
            {"x", "hs"}, {"zh", "ch"}, {"r", "j"}, {"z", "ts"}, {"c", "ts"}};
  const char *wi = ini;
  for (size_t i = 0; i < sizeof im / sizeof *im; i++)
    if (!strcmp(ini, im[i].py)) wi = im[i].wg;
  int sib = !strcmp(ini, "z") || !strcmp(ini, "c") || !strcmp(ini, "s");
  int retro = !strcmp(ini, "zh") || !strcmp(ini, "ch") || !strcmp(ini, "sh") || !strcmp(ini, "r");
  int velar = !strcmp(ini, "g") || !strcmp(ini, "k") || !strcmp(ini, "h");
  const char *wf = fin;
  if (!strcmp(fin, "i") && sib) /* zi, ci, si: tzu, tzu, ssu */
    wi = !strcmp(ini, "s") ? "ss" : "tz", wf = "u";
  else if (!strcmp(fin, "i") && retro)
    wf = "ih";
  else if (!strcmp(fin, "ong"))
    wf = "ung";
  else if (!strcmp(fin, "iong"))
    wf = "iung";
  else if (!strcmp(fin, "ian"))
    wf = "ien";
  else if (!strcmp(fin, "ie"))
    wf = "ieh";
  else if (!strcmp(fin, "ue") || !strcmp(fin, "ve"))
    wf = "ueh";
  else if (!strcmp(fin, "v"))
    wf = "u";
  else if (!strcmp(fin, "er"))
    wf = "erh";
  else if (!strcmp(fin, "e") && velar)
    wf = "o";
  else if (!strcmp(fin, "uo") && !velar && strcmp(ini, "sh"))
    wf = "o";
  else if (!strcmp(fin, "ui") && (!strcmp(ini, "g") || !strcmp(ini, "k")))
    wf = "uei";
  if (!strcmp(ini, "y")) { /* you, yan, ye, yi: yu, yen, yeh, i */
    if (!strcmp(fin, "ou"))
      wf = "u";
    else if (!strcmp(fin, "i"))
      wi = "";
  }
  size_t a = strlen(wi), b = strlen(wf);
  memcpy(out, wi, a);
  memcpy(out + a, wf, b);
  return a + b;
}

/* A token of pinyin syllables (lower-case ASCII, several joined as given
 * names are) written the Wade-Giles way as most older and Taiwanese
 * spellings on the lists are, apostrophes, hyphens and umlauts left out
 * ("zhang" -> "chang", "xiang" -> "hsiang", "jinping" -> "chinping").
 * Returns its length, 0 when s is not a run of pinyin syllables or out
 * (which needs 2 * n + 1 bytes) is too small. */
size_t rf_i_pinyin_wade_giles(const char *s, size_t n, char *out, size_t outsz) {
  size_t k = 0;
  for (size_t i = 0; i < n;) {
    const char *ini = "";
    for (int q = 0; rf_i_py_initials[q]; q++) {
      size_t l = strlen(rf_i_py_initials[q]);
      if (l < n - i && !memcmp(s + i, rf_i_py_initials[q], l)) {
        ini = rf_i_py_initials[q];
        break;
      }
    }
    size_t j = i + strlen(ini);
    const char *fin = NULL;
    for (int q = 0; rf_i_py_finals[q]; q++) {
      size_t l = strlen(rf_i_py_finals[q]);
      if (l > n - j || memcmp(s + j, rf_i_py_finals[q], l)) continue;
      /* a final's last n or g may start the next syllable: "xian" + "gang",
       * not "xiang" + "ang"; keep the longest final after which the rest
       * still starts with a consonant or ends */
      size_t e = j + l;
      if (e < n && strchr("aeiouv", s[e]) &&
          (s[e - 1] == 'n' || s[e - 1] == 'g' || s[e - 1] == 'r'))
        continue;
      fin = rf_i_py_finals[q];
      break;
    }
    if (!fin || k + 8 > outsz) return 0;
    k += rf_i_wg_syllable(ini, fin, out + k);
    i = j + strlen(fin);
  }
  if (k >= outsz) return 0;
  out[k] = '\0';
  return k;
}

/* A romanised Han name (pinyin words separated by spaces or hyphens) with
 * each word spelt the Wade-Giles way; words that are not pinyin are copied.
 * Returns the length, 0 when nothing changed or out is too small. */
size_t rf_i_wade_giles_text(const char *r, size_t n, char *out, size_t outsz) {
  size_t k = 0;
  int changed = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && r[j] >= 'a' && r[j] <= 'z') j++;
    size_t w = j > i ? rf_i_pinyin_wade_giles(r + i, j - i, out + k, outsz - k) : 0;
    if (w) {
      changed |= w != j - i || memcmp(out + k, r + i, w);
    } else {
      if (j == i) j++; /* a separator or another byte */
      if (k + (j - i) + 1 > outsz) return 0;
      memcpy(out + k, r + i, j - i);
      w = j - i;
    }
    k += w;
    i = j;
  }
  if (!changed || k >= outsz) return 0;
  out[k] = '\0';
  return k;
}
