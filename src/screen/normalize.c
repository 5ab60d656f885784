/* Name normalisation: Unicode folding, tokenising, token classes, company
 * forms, nickname / parenthesis variants and a Spanish+English phonetic key. */
#include "screen/screen_i.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ------------------------------------------------------------ word tables */

static const char *const rf_i_particles[] = {
    "de",  "del", "la",  "las",  "los", "lo",    "y",   "e",   "da", "das", "do",
    "dos", "di",  "du",  "van",  "von", "der",   "den", "ter", "al", "el",  "le",
    "les", "bin", "ibn", "bint", "ben", "binti", "ul",  "ud",  "ad", "the", "of",
    "and", "und", "et",  "for",  "a",   "an",    "en",  "mac", "st", NULL};
static const char *const rf_i_honors[] = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "sheikh", "shaikh", "sheik", "shaykh", "haji",
    "hajji", "hadji", "mullah", "mulla", "mawlawi", "maulavi", "maulvi", "mawlawy", "monsieur",
    "madame", "mme", "lt", "col", "gen", "general", "colonel", "captain", "capt", "major", "maj",
    "senor", "sr", "sra", "don", "dona", "lic", "ing", "herr", "frau", "jr", "snr", "jnr", "imam",
    "emir", "amir",
    /* offices written before a name ("President Putin", "Президент Путин") */
    "president", "presidente", "prasident", "praesident", "prezident", "predsjednik",
    "presedintele", "presiden", "prezydent", "elnok", "minister", "ministro", "senator", "senador",
    "governor", "gobernador", "comandante", "commander", "chairman", NULL};
static const char *const rf_i_generic[] = {
    "group",       "holding",      "holdings",     "international", "trading",     "trade",
    "services",    "service",      "industries",   "industry",      "enterprises", "enterprise",
    "global",      "investments",  "investment",   "management",    "import",      "export",
    "commercial",  "development",  "organization", "organisation",  "network",     "foundation",
    "association", "society",      "institute",    "center",        "centre",      "agency",
    "partners",    "solutions",    "systems",      "technologies",  "technology",  "consulting",
    "shipping",    "logistics",    "general",      "national",      "united",      "bank",
    "cartel",      "organizacion", "grupo",        "comercial",     "servicios",   "internacional",
    "inversiones", "corporativo",  "sociedad",     "empresa",       "compania",    NULL};

/* Company forms: token sequences and their canonical token. Longest first
 * per canonical group is not required: matching tries every entry and keeps
 * the longest at each position. */
typedef struct rf_i_form {
  const char *seq; /* space-separated normalised tokens */
  const char *canon;
} rf_i_form;

static const rf_i_form rf_i_forms[] = {{"s de rl de cv", "srldecv"},
                                       {"s de rl", "srl"},
                                       {"s de r l de c v", "srldecv"},
                                       {"sa de cv", "sadecv"},
                                       {"s a de c v", "sadecv"},
                                       {"sab de cv", "sabdecv"},
                                       {"sapi de cv", "sapidecv"},
                                       {"sapi", "sapi"},
                                       {"sc de rl de cv", "scdecv"},
                                       {"sc de rl", "scdecv"},
                                       {"de cv", "decv"},
                                       {"sa", "sa"},
                                       {"s a", "sa"},
                                       {"sociedad anonima", "sa"},
                                       {"sociedad anonima de capital variable", "sadecv"},
                                       {"sl", "sl"},
                                       {"srl", "srl"},
                                       {"sas", "sas"},
                                       {"sarl", "sarl"},
                                       {"spa", "spa"},
                                       {"ltda", "ltda"},
                                       {"ltd", "ltd"},
                                       {"limited", "ltd"},
                                       {"llc", "llc"},
                                       {"l l c", "llc"},
                                       {"limited liability company", "llc"},
                                       {"limited liability co", "llc"},
                                       {"ooo", "llc"},
                                       {"obshchestvo s ogranichennoy otvetstvennostyu", "llc"},
                                       {"obshchestvo s ogranichennoi otvetstvennostiu", "llc"},
                                       {"obshchestvo s ogranichennoi otvetstvennostyu", "llc"},
                                       {"obshestvo s ogranichennoi otvetstvennostyu", "llc"},
                                       {"tovarystvo z obmezhenoyu vidpovidalnistyu", "llc"},
                                       {"societatea cu raspundere limitata", "srl"},
                                       {"societa a responsabilita limitata", "srl"},
                                       {"sociedad de responsabilidad limitada", "srl"},
                                       {"sociedade limitada", "ltda"},
                                       {"societe anonyme", "sa"},
                                       {"societe a responsabilite limitee", "sarl"},
                                       {"naamloze vennootschap", "nv"},
                                       {"besloten vennootschap", "bv"},
                                       {"kommanditgesellschaft", "kg"},
                                       {"public joint stock co", "jsc"},
                                       {"aktsionernoe obshchestvo", "jsc"},
                                       {"otkrytoe aktsionernoe obshchestvo", "jsc"},
                                       {"zakrytoe aktsionernoe obshchestvo", "jsc"},
                                       {"publichnoe aktsionernoe obshchestvo", "jsc"},
                                       {"obshchestvo s ogranichennoy otvetstvennostiu", "llc"},
                                       {"llp", "llp"},
                                       {"lp", "lp"},
                                       {"inc", "inc"},
                                       {"incorporated", "inc"},
                                       {"corp", "corp"},
                                       {"corporation", "corp"},
                                       {"co", "co"},
                                       {"company", "co"},
                                       {"cia", "co"},
                                       {"gmbh", "gmbh"},
                                       {"gesellschaft mit beschrankter haftung", "gmbh"},
                                       {"ag", "ag"},
                                       {"aktiengesellschaft", "ag"},
                                       {"kg", "kg"},
                                       {"plc", "plc"},
                                       {"public limited company", "plc"},
                                       {"jsc", "jsc"},
                                       {"joint stock company", "jsc"},
                                       {"joint stock co", "jsc"},
                                       {"ojsc", "jsc"},
                                       {"open joint stock company", "jsc"},
                                       {"oao", "jsc"},
                                       {"zao", "jsc"},
                                       {"cjsc", "jsc"},
                                       {"closed joint stock company", "jsc"},
                                       {"pao", "jsc"},
                                       {"pjsc", "jsc"},
                                       {"public joint stock company", "jsc"},
                                       {"ao", "jsc"},
                                       {"aktsionernoe obshchestvo", "jsc"},
                                       {"bv", "bv"},
                                       {"nv", "nv"},
                                       {"pte", "pte"},
                                       {"pty", "pty"},
                                       {"fzco", "fzco"},
                                       {"fze", "fze"},
                                       {"fzc", "fzc"},
                                       {"sdn bhd", "sdnbhd"},
                                       {"bhd", "bhd"},
                                       {"sp z oo", "spzoo"},
                                       {"sp z o o", "spzoo"},
                                       {"as", "as"},
                                       {"ab", "ab"},
                                       {"oy", "oy"},
                                       {NULL, NULL}};

static int rf_i_ambiguous_first(const char *word) {
  static const char *const amb[] = {"co", "sa", "as", "ab",  "oy",  "ag", "kg", "lp",
                                    "sl", "nv", "bv", "spa", "sas", "ao", NULL};
  for (size_t i = 0; amb[i]; i++)
    if (amb[i][0] == word[0] && !strcmp(amb[i], word)) return 1;
  return 0;
}

/* Slavic patronymic and surname endings as German, Dutch, French, Polish,
 * Hungarian and Ukrainian spell them, written the English way (-ovich,
 * -evich, -ovna) on both sides: "Wladimirowitsch", "Władimirowicz",
 * "Vlagyimirovics", "Volodymyrovych" ~ "Vladimirovich". The stem keeps at
 * least 3 letters. */
static void rf_i_slavic_ending(char *s, uint8_t *len) {
  static const struct {
    const char *from, *to;
    uint8_t fl, tl;
  } ends[] = {{"owitsch", "ovich", 7, 5}, {"ewitsch", "evich", 7, 5}, {"owitsj", "ovich", 6, 5},
              {"ewitsj", "evich", 6, 5},  {"ovitsj", "ovich", 6, 5},  {"evitsj", "evich", 6, 5},
              {"ovitch", "ovich", 6, 5},  {"evitch", "evich", 6, 5},  {"owicz", "ovich", 5, 5},
              {"ewicz", "evich", 5, 5},   {"ovics", "ovich", 5, 5},   {"evics", "evich", 5, 5},
              {"ovych", "ovich", 5, 5},   {"evych", "evich", 5, 5},   {"owna", "ovna", 4, 4},
              {"ewna", "evna", 4, 4}};
  size_t n = *len;
  if (n < 7) return;
  char last = s[n - 1]; /* every ending ends in h, j, z, s or a */
  if (last != 'h' && last != 'j' && last != 'z' && last != 's' && last != 'a') return;
  for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
    size_t fl = ends[i].fl;
    if (ends[i].from[fl - 1] != last || n < fl + 3 || memcmp(s + n - fl, ends[i].from, fl))
      continue;
    memcpy(s + n - fl, ends[i].to, ends[i].tl + 1u);
    *len = (uint8_t)(n - fl + ends[i].tl);
    return;
  }
}

static int rf_i_in_list(const char *const *list, const char *s) {
  for (size_t i = 0; list[i]; i++)
    if (list[i][0] == s[0] && !strcmp(list[i], s)) return 1;
  return 0;
}

double rf_i_class_mult(int cls) {
  switch (cls) {
  case RF_I_TC_PARTICLE: return 0.15;
  case RF_I_TC_LEGAL: return 0.2;
  case RF_I_TC_HONOR: return 0.15;
  case RF_I_TC_GENERIC: return 0.5;
  case RF_I_TC_INITIAL: return 0.3;
  case RF_I_TC_NUMBER: return 0.8;
  default: return 1.0;
  }
}

/* ------------------------------------------------------------ phonetic key */

static int rf_i_isvowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* A metaphone-like key that merges what Spanish and English spellings of
 * the same sound differ on: B/V, LL/Y, silent H, C/S/Z, QU/K/C, GU/G,
 * soft G/J, PH/F, SH/CH/SCH, KH/K, TH/T, doubled letters; vowels after the
 * first letter are dropped, a leading vowel becomes 'A'. Only for ASCII
 * letter tokens of length >= 2; otherwise key is "". */
void rf_i_phonetic(const char *t, size_t n, char *key) {
  key[0] = 0;
  if (n < 2) return;
  for (size_t i = 0; i < n; i++)
    if (t[i] < 'a' || t[i] > 'z') return;
  char out[RF_I_KEYLEN];
  size_t k = 0;
  char last = 0;
#define RF_I_EMIT(ch)                                                                              \
  do {                                                                                             \
    char c_ = (ch);                                                                                \
    if (c_ != last && k < RF_I_KEYLEN - 1) out[k++] = c_;                                          \
    last = c_;                                                                                     \
  } while (0)
  for (size_t i = 0; i < n; i++) {
    char c = t[i], nx = i + 1 < n ? t[i + 1] : 0, nx2 = i + 2 < n ? t[i + 2] : 0;
    if (rf_i_isvowel(c) && !(c == 'y' && rf_i_isvowel(nx))) {
      if (k == 0)
        RF_I_EMIT('A'); /* leading vowel, also after a silent h */
      else
        last = 0; /* a vowel separates equal consonants */
      continue;
    }
    switch (c) {
    case 'b':
    case 'v': RF_I_EMIT('B'); break;
    case 'w': RF_I_EMIT('W'); break;
    case 'f': RF_I_EMIT('F'); break;
    case 'p':
      if (nx == 'h') {
        RF_I_EMIT('F');
        i++;
      } else
        RF_I_EMIT('P');
      break;
    case 'h': break; /* silent (digraphs are handled at their first letter) */
    case 'c':
      if (nx == 'h') {
        RF_I_EMIT('X');
        i++;
      } else if (nx == 'e' || nx == 'i' || nx == 'y')
        RF_I_EMIT('S');
      else if (nx == 'k' || nx == 'q') {
        RF_I_EMIT('K');
        i++;
      } else
        RF_I_EMIT('K');
      break;
    case 's':
      if (nx == 'h') {
        RF_I_EMIT('X');
        i++;
      } else if (nx == 'c' && nx2 == 'h') {
        RF_I_EMIT('X');
        i += 2;
      } else
        RF_I_EMIT('S');
      break;
    case 'z': RF_I_EMIT('S'); break;
    case 'x':
      RF_I_EMIT('K');
      RF_I_EMIT('S');
      break;
    case 'q':
      RF_I_EMIT('K');
      if (nx == 'u') i++;
      break;
    case 'k':
      RF_I_EMIT('K');
      if (nx == 'h') i++;
      break;
    case 'g':
      if (nx == 'u' && (nx2 == 'e' || nx2 == 'i')) {
        RF_I_EMIT('G');
        i++;
      } else if (nx == 'e' || nx == 'i' || nx == 'y')
        RF_I_EMIT('J');
      else if (nx == 'h') {
        RF_I_EMIT('G');
        i++;
      } else
        RF_I_EMIT('G');
      break;
    case 'j': RF_I_EMIT('J'); break;
    case 'l':
      if (nx == 'l') {
        RF_I_EMIT('Y');
        i++;
      } else
        RF_I_EMIT('L');
      break;
    case 'y': RF_I_EMIT('Y'); break;
    case 't':
      if (nx == 'h') i++;
      RF_I_EMIT('T');
      break;
    case 'd': RF_I_EMIT('T'); break;
    case 'n':
    case 'm': RF_I_EMIT(c == 'n' ? 'N' : 'M'); break;
    case 'r': RF_I_EMIT('R'); break;
    default: RF_I_EMIT((char)(c - 'a' + 'A')); break;
    }
  }
#undef RF_I_EMIT
  out[k] = 0;
  if (k < 3) return; /* too short to be discriminating */
  memcpy(key, out, k + 1);
}

/* The key of a token romanised from Arabic, which writes consonants and long
 * vowels only ("mhmd", "hsn", "mhmwd"): w and y after the first letter are
 * read as the vowels they mostly are, and a vowel is assumed between two
 * consonants (kh, sh, th, dh and gh are one; tsh is ch), so that the key is
 * the one of the vowelled Latin spelling: "mhmd" ~ Mohamed, "hsn" ~ Hassan,
 * "mhmwd" ~ Mahmoud. */
void rf_i_phonetic_abjad(const char *t, size_t n, char *key) {
  key[0] = 0;
  char v[2 * RF_I_TOKLEN];
  size_t k = 0;
  int prev_cons = 0;
  for (size_t i = 0; i < n && k + 3 < sizeof v; i++) {
    char c = t[i];
    if (c < 'a' || c > 'z') return;
    if (c == 't' && i + 2 < n && t[i + 1] == 's' && t[i + 2] == 'h') { /* تش writes ch */
      if (prev_cons) v[k++] = 'a';
      v[k++] = 'c';
      v[k++] = 'h';
      i += 2;
      prev_cons = 1;
      continue;
    }
    if (i > 0 && (c == 'w' || c == 'y')) c = c == 'w' ? 'u' : 'i';
    int cons = !rf_i_isvowel(c);
    int digraph = cons && i + 1 < n && t[i + 1] == 'h' && strchr("kstdg", c);
    if (cons && prev_cons) v[k++] = 'a';
    v[k++] = c;
    if (digraph) v[k++] = t[++i];
    prev_cons = cons;
  }
  rf_i_phonetic(v, k, key);
}

/* ------------------------------------------------------------ tokenising */

/* Transliteration of Cyrillic lowercase (after case folding and mark
 * stripping) and a few Latin letters that do not decompose. */
static const char *rf_i_translit(int32_t cp) {
  static const char *const cyr[32] = {
      "a", "b", "v", "g", "d", "e",  "zh", "z",  "i",  "i",    "k", "l", "m", "n", "o",  "p",
      "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "",  "y", "",  "e", "yu", "ya"};
  if (cp >= 0x430 && cp <= 0x44f) return cyr[cp - 0x430];
  switch (cp) {
  case 0x451: return "e";  /* ё */
  case 0x456: return "i";  /* і */
  case 0x457: return "yi"; /* ї */
  case 0x454: return "ye"; /* є */
  case 0x491: return "g";  /* ґ */
  case 0x45e: return "u";  /* ў */
  case 0xf8: return "o";   /* ø */
  case 0xe6: return "ae";
  case 0x153: return "oe";
  case 0x142: return "l"; /* ł */
  case 0x111: return "d"; /* đ */
  case 0xf0: return "d";
  case 0xfe: return "th";
  case 0x131: return "i"; /* dotless i */
  case 0xdf: return "ss";
  default: return NULL;
  }
}

typedef struct rf_i_rawtok {
  char s[RF_I_TOKLEN];
  uint8_t len;
  uint8_t seg;    /* inside a quoted or parenthesised segment */
  uint8_t nojoin; /* a comma / segment edge follows */
  uint8_t bound;  /* a bound part of an Arabic compound ("abdul", "uddin"): a particle */
} rf_i_rawtok;

typedef struct rf_i_lexer {
  rf_i_rawtok t[RF_I_MAXTOK + 8];
  int n;
  int cur_open; /* building a token */
  int seg;
  int comma_at; /* token index after the first comma, -1 */
  int ncomma;
  int had_seg;
  int piece; /* letters since the token start or the last joining dot */
} rf_i_lexer;

static void rf_i_lex_end(rf_i_lexer *lx) {
  if (!lx->cur_open) return;
  lx->cur_open = 0;
  if (lx->t[lx->n].len == 0) return;
  lx->t[lx->n].s[lx->t[lx->n].len] = 0;
  lx->n++;
}

static void rf_i_lex_put(rf_i_lexer *lx, const char *s, size_t n) {
  if (lx->n >= RF_I_MAXTOK + 7) return;
  if (!lx->cur_open) {
    lx->cur_open = 1;
    lx->t[lx->n].len = 0;
    lx->t[lx->n].seg = (uint8_t)lx->seg;
    lx->t[lx->n].nojoin = 0;
    lx->t[lx->n].bound = 0;
    lx->piece = 0;
  }
  lx->piece += (int)n;
  rf_i_rawtok *t = &lx->t[lx->n];
  for (size_t i = 0; i < n && t->len < RF_I_TOKLEN - 1; i++) t->s[t->len++] = s[i];
}

static void rf_i_lex_mark_edge(rf_i_lexer *lx) {
  rf_i_lex_end(lx);
  if (lx->n > 0) lx->t[lx->n - 1].nojoin = 1;
}

static int rf_i_is_quote(int32_t cp) {
  return cp == '\'' || cp == '"' || cp == 0x2018 || cp == 0x2019 || cp == 0x201c || cp == 0x201d ||
         cp == '`' || cp == 0xb4 || cp == 0x2bb || cp == 0x2bc;
}

/* Decodes the folded text into raw tokens. */
static void rf_i_lex(rf_i_lexer *lx, const uint8_t *s, size_t n) {
  memset(lx, 0, sizeof *lx);
  lx->comma_at = -1;
  size_t i = 0;
  int32_t prev = ' ';
  while (i < n) {
    int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) {
      i++;
      continue;
    }
    size_t at = i;
    i += (size_t)k;
    int32_t next = ' ';
    if (i < n) {
      int32_t c2;
      if (utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &c2) > 0) next = c2;
    }
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      char c = (char)cp;
      rf_i_lex_put(lx, &c, 1);
    } else if (cp >= 'A' && cp <= 'Z') {
      char c = (char)(cp - 'A' + 'a');
      rf_i_lex_put(lx, &c, 1);
    } else if (cp == '.') {
      /* "s.a." -> "sa": a dot after a one-letter piece and before a letter
       * joins (acronyms); any other dot ends the token. */
      utf8proc_category_t cat = utf8proc_category(next);
      int nextletter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
      if (lx->cur_open && lx->piece == 1 && nextletter)
        lx->piece = 0;
      else
        rf_i_lex_end(lx);
    } else if (rf_i_is_quote(cp)) {
      int prevword = (prev >= 'a' && prev <= 'z') || (prev >= 'A' && prev <= 'Z') ||
                     (prev >= '0' && prev <= '9') || prev > 127;
      utf8proc_category_t cn = utf8proc_category(next);
      int nextword = (cn >= UTF8PROC_CATEGORY_LU && cn <= UTF8PROC_CATEGORY_LO) ||
                     (cn >= UTF8PROC_CATEGORY_ND && cn <= UTF8PROC_CATEGORY_NO);
      if (prevword && nextword) {
        /* apostrophe inside a word: O'BRIEN, QA'IDA -> joined */
      } else if (!prevword && nextword && !lx->seg) {
        /* possible opening quote: only if a closing one follows */
        int closes = 0;
        for (size_t j = i; j < n; j++) {
          if (s[j] == s[at] && (j + 1 >= n || s[j + 1] == ' ' || s[j + 1] == ',' ||
                                s[j + 1] == ')' || s[j + 1] == ';' || s[j + 1] == '.')) {
            closes = 1;
            break;
          }
        }
        if (closes) {
          rf_i_lex_mark_edge(lx);
          lx->seg = 1;
          lx->had_seg = 1;
        }
      } else if (prevword && !nextword && lx->seg == 1) {
        rf_i_lex_mark_edge(lx);
        lx->seg = 0;
      } else {
        rf_i_lex_end(lx);
      }
    } else if (cp == '(' || cp == '[') {
      rf_i_lex_mark_edge(lx);
      lx->seg = 2;
      lx->had_seg = 1;
    } else if (cp == ')' || cp == ']') {
      rf_i_lex_mark_edge(lx);
      lx->seg = 0;
    } else if (cp == ',' || cp == ';') {
      rf_i_lex_mark_edge(lx);
      if (cp == ',' && !lx->seg) {
        lx->ncomma++;
        if (lx->comma_at < 0) lx->comma_at = lx->n;
      }
    } else if (cp == '&' || cp == '+') {
      rf_i_lex_end(lx);
      rf_i_lex_put(lx, "and", 3);
      rf_i_lex_end(lx);
    } else if (cp > 127) {
      const char *tr = rf_i_translit(cp);
      utf8proc_category_t cat = utf8proc_category(cp);
      if (tr)
        rf_i_lex_put(lx, tr, strlen(tr));
      else if ((cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
               (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) ||
               (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO))
        rf_i_lex_put(lx, (const char *)s + at, (size_t)k); /* keep the letter as is */
      else
        rf_i_lex_end(lx);
    } else {
      rf_i_lex_end(lx);
    }
    prev = cp;
  }
  rf_i_lex_end(lx);
  if (lx->seg) { /* unclosed segment: not a segment after all */
    for (int j = 0; j < lx->n; j++) lx->t[j].seg = 0;
    lx->had_seg = 0;
    for (int j = 0; j < lx->n; j++) lx->t[j].nojoin = 0;
  }
}

/* Cardinal number words; -1 if not one. */
static int rf_i_numword(const char *w) {
  static const char *const nums[] = {"zero",    "one",     "two",       "three",    "four",
                                     "five",    "six",     "seven",     "eight",    "nine",
                                     "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                     "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
  static const char *const tens[] = {"twenty", "thirty",  "forty",  "fifty",
                                     "sixty",  "seventy", "eighty", "ninety"};
  for (int i = 0; i < 20; i++)
    if (w[0] == nums[i][0] && !strcmp(w, nums[i])) return i;
  for (int i = 0; i < 8; i++)
    if (w[0] == tens[i][0] && !strcmp(w, tens[i])) return 20 + 10 * i;
  return -1;
}

/* Common abbreviations in entity names, expanded (at most two words). */
static const char *rf_i_abbrev(const char *w) {
  static const char *const ab[][2] = {{"intl", "international"}, {"natl", "national"},
                                      {"dept", "department"},    {"assn", "association"},
                                      {"assoc", "association"},  {"bros", "brothers"},
                                      {"mfg", "manufacturing"},  {"svcs", "services"},
                                      {"univ", "university"},    {"us", "united states"},
                                      {"usa", "united states"},  {"uk", "united kingdom"},
                                      {"mohd", "mohammed"},      {"muhd", "muhammad"},
                                      {"abd", "abdul"},          {NULL, NULL}};
  for (size_t i = 0; ab[i][0]; i++)
    if (w[0] == ab[i][0][0] && !strcmp(w, ab[i][0])) return ab[i][1];
  return NULL;
}

static int rf_i_all_digits(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return n > 0;
}

/* ------------------------------------------------ Arabic compound names
 * The lists spell one Arabic name many ways: Abd al-Rahman, Abdul Rahman,
 * Abdulrahman, Abderrahmane, Abdurrahman; Abd Allah, Abdallah, Abdullah;
 * Siraj al-Din, Siraj ud Din, Sirajuddin, Siraj Eddine. Both sides of a
 * comparison are brought to one form: "abdul" + the name that follows (or
 * the single token "abdullah"), and the name before + "uddin". */

/* the Arabic article as it is written before a name, assimilated or not */
static const char *const rf_i_ar_articles[] = {
    "al", "el", "ul", "ol", "il", "ar", "ur", "er", "as", "us",  "es",  "ad",  "ud", "ed",
    "at", "ut", "et", "an", "un", "en", "az", "uz", "ez", "ash", "ush", "esh", NULL};
/* "Abd" written as a word of its own */
static const char *const rf_i_abd_heads[] = {"abd",   "abdul", "abdel", "abdal", "abdol", "abdoul",
                                             "abdur", "abdus", "abdu",  "abdou", NULL};
/* what is left of "Allah" after the article (abd-ul-lah, abd al-lah) */
static const char *const rf_i_allah[] = {"allah", "alla", "allh", "ullah", "ulla", "illah",
                                         "llah",  "lla",  "lah",  "la",    NULL};
static const char *const rf_i_din[] = {"din", "deen", "dine", "dyn", "diin", NULL};
/* "-uddin" written onto the name before it */
static const char *const rf_i_uddin[] = {"uddin",  "uddeen", "uddine", "eddin",  "eddine",
                                         "eddeen", "addin",  "aldin",  "aldeen", "eldin",
                                         "eldine", "uldin",  "udin",   NULL};

static int rf_i_is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* a raw token holding s (same segment and flags as from) */
static void rf_i_rawtok_set(rf_i_rawtok *t, const rf_i_rawtok *from, const char *s, size_t n) {
  *t = *from;
  if (n > RF_I_TOKLEN - 1) n = RF_I_TOKLEN - 1;
  memcpy(t->s, s, n);
  t->s[n] = 0;
  t->len = (uint8_t)n;
  t->bound = !strcmp(t->s, "abdul") || !strcmp(t->s, "uddin");
}

/* One compound token ("abdulrahman", "sirajuddin") split into its canonical
 * two ("abdul" "rahman", "siraj" "uddin"), or "abdallah" made "abdullah".
 * Returns the tokens written to out (0 = not a compound). */
static int rf_i_ar_split(const rf_i_rawtok *t, rf_i_rawtok out[2]) {
  const char *s = t->s;
  size_t n = t->len;
  if (n >= 6 && !memcmp(s, "abd", 3) && !rf_i_in_list(rf_i_abd_heads, s)) {
    size_t p = 3, v = p;
    while (v < n && v < p + 2 && rf_i_is_vowel(s[v])) v++;
    if (v < n && s[v] == 'l')
      p = v + 1; /* abd-u-l-rahman */
    else if (v + 1 < n && s[v] == s[v + 1] && !rf_i_is_vowel(s[v]))
      p = v + 1; /* abd-u-r-rahman: the article's l sounded as the next letter */
    else if (v > p)
      p++; /* abd-i-rahman */
    const char *rest = s + p;
    size_t rn = n - p;
    if (rf_i_in_list(rf_i_allah, rest)) {
      rf_i_rawtok_set(&out[0], t, "abdullah", 8);
      return 1;
    }
    if (p == 3 || rn < 3) return 0;
    rf_i_rawtok_set(&out[0], t, "abdul", 5);
    out[0].nojoin = 0;
    rf_i_rawtok_set(&out[1], t, rest, rn);
    return 2;
  }
  for (size_t k = 0; rf_i_uddin[k]; k++) {
    size_t sl = strlen(rf_i_uddin[k]);
    if (n >= sl + 3 && !memcmp(s + n - sl, rf_i_uddin[k], sl)) {
      rf_i_rawtok_set(&out[0], t, s, n - sl);
      out[0].nojoin = 0;
      rf_i_rawtok_set(&out[1], t, "uddin", 5);
      return 2;
    }
  }
  return 0;
}

/* Canonical form of the Arabic compound starting at lexer token j, written
 * to out; *used = lexer tokens consumed. Returns the tokens written (0 = no
 * compound here). */
static int rf_i_ar_compound(const rf_i_lexer *lx, int j, rf_i_rawtok out[2], int *used) {
  const rf_i_rawtok *t = &lx->t[j];
  *used = 1;
#define RF_I_NEXT_OK(k) ((k) + 1 < lx->n && !lx->t[k].nojoin && lx->t[(k) + 1].seg == lx->t[k].seg)
  if (rf_i_in_list(rf_i_abd_heads, t->s) && RF_I_NEXT_OK(j)) {
    int k = j + 1;
    if (rf_i_in_list(rf_i_ar_articles, lx->t[k].s) && RF_I_NEXT_OK(k)) k++;
    if (rf_i_in_list(rf_i_allah, lx->t[k].s) && (k > j + 1 || lx->t[k].s[0] != 'l')) {
      rf_i_rawtok_set(&out[0], &lx->t[k], "abdullah", 8);
      *used = k - j + 1;
      return 1;
    }
    rf_i_rawtok_set(&out[0], t, "abdul", 5);
    *used = k - j; /* the article is dropped; the name is read next */
    return 1;
  }
  if (t->len >= 3 && RF_I_NEXT_OK(j)) {
    int k = j + 1;
    int art = rf_i_in_list(rf_i_ar_articles, lx->t[k].s) && RF_I_NEXT_OK(k);
    if (art && rf_i_in_list(rf_i_din, lx->t[k + 1].s)) {
      out[0] = *t;
      out[0].nojoin = 0;
      out[0].bound = 0;
      rf_i_rawtok_set(&out[1], &lx->t[k + 1], "uddin", 5);
      *used = 3;
      return 2;
    }
  }
#undef RF_I_NEXT_OK
  if (rf_i_in_list(rf_i_uddin, t->s)) {
    rf_i_rawtok_set(&out[0], t, "uddin", 5);
    return 1;
  }
  return rf_i_ar_split(t, out);
}

/* ------------------------------------------------ given names
 * Common short forms of a given name in its own language (Pepe, Paco,
 * Memo, Chuy; Bill, Bob; Bibi; Sasha, Dima) read as the full name. Sorted
 * by the first column (bsearch). Left out: short forms of two names (Beto:
 * Alberto, Roberto; Alex) and one name across languages (John, Juan,
 * Ivan): on 50,000 ordinary names those made 101 more false hits. */
static const char *const rf_i_given[][2] = {
    {"andy", "andrew"},       {"benny", "benjamin"},      {"beppe", "giuseppe"},
    {"betty", "elizabeth"},   {"bibi", "benjamin"},       {"bill", "william"},
    {"billy", "william"},     {"bob", "robert"},          {"bobby", "robert"},
    {"cathy", "catherine"},   {"chalo", "gonzalo"},       {"charlie", "charles"},
    {"chava", "salvador"},    {"chayo", "rosario"},       {"chente", "vicente"},
    {"chucho", "jesus"},      {"chuck", "charles"},       {"chuy", "jesus"},
    {"curro", "francisco"},   {"danny", "daniel"},        {"dave", "david"},
    {"davy", "david"},        {"dick", "richard"},        {"dima", "dmitry"},
    {"eddie", "edward"},      {"goyo", "gregorio"},       {"greg", "gregory"},
    {"hank", "henry"},        {"jim", "james"},           {"jimmy", "james"},
    {"joe", "joseph"},        {"joey", "joseph"},         {"johnny", "john"},
    {"kate", "catherine"},    {"katherine", "catherine"}, {"katie", "catherine"},
    {"kostya", "konstantin"}, {"lalo", "eduardo"},        {"liz", "elizabeth"},
    {"lupe", "guadalupe"},    {"lupita", "guadalupe"},    {"maggie", "margaret"},
    {"manolo", "manuel"},     {"matt", "matthew"},        {"memo", "guillermo"},
    {"mickey", "michael"},    {"mike", "michael"},        {"moncho", "ramon"},
    {"nacho", "ignacio"},     {"nando", "fernando"},      {"nick", "nicholas"},
    {"paco", "francisco"},    {"pancho", "francisco"},    {"peggy", "margaret"},
    {"pepe", "jose"},         {"pete", "peter"},          {"poncho", "alfonso"},
    {"quique", "enrique"},    {"richie", "richard"},      {"rick", "richard"},
    {"ricky", "richard"},     {"robbie", "robert"},       {"sasha", "aleksandr"},
    {"steve", "stephen"},     {"steven", "stephen"},      {"tommy", "thomas"},
    {"tono", "antonio"},      {"tony", "anthony"},        {"volodya", "vladimir"},
    {"vova", "vladimir"},     {"willy", "william"},       {"zhenya", "yevgeny"}};

static int rf_i_given_cmp(const void *k, const void *e) {
  return strcmp((const char *)k, ((const char *const *)e)[0]);
}

/* the head of s's given-name group, NULL when s is in none */
static const char *rf_i_given_canon(const char *s) {
  const char *const(*e)[2] = bsearch(s, rf_i_given, sizeof rf_i_given / sizeof *rf_i_given,
                                     sizeof *rf_i_given, rf_i_given_cmp);
  return e ? (*e)[1] : NULL;
}

/* Builds one variant from raw tokens lx->t[from..to) filtered by keep();
 * with canon, Arabic compound names and short given names in their canonical
 * form. */
static void rf_i_build(const rf_i_lexer *lx, int mode, int canon, rf_i_name *nm) {
  /* mode 0: all tokens; 1: tokens outside segments; 2: tokens inside */
  const rf_i_rawtok *src[RF_I_MAXTOK + 8];
  int srcpos[RF_I_MAXTOK + 8]; /* index of the lexer token each came from */
  rf_i_rawtok xt[RF_I_MAXTOK + 8];
  int ns = 0;
  for (int j = 0; j < lx->n && ns < RF_I_MAXTOK + 6; j++) {
    int in = lx->t[j].seg != 0;
    if (mode == 1 && in) continue;
    if (mode == 2 && !in) continue;
    /* number words ("forty four" -> 44) and abbreviations ("intl") */
    int val = rf_i_numword(lx->t[j].s);
    if (val >= 0) {
      int consumed = 0;
      if (val >= 20 && val % 10 == 0 && j + 1 < lx->n && !lx->t[j].nojoin &&
          lx->t[j + 1].seg == lx->t[j].seg) {
        int u = rf_i_numword(lx->t[j + 1].s);
        if (u >= 1 && u <= 9) {
          val += u;
          consumed = 1;
        }
      }
      xt[ns] = lx->t[j + consumed];
      xt[ns].len = (uint8_t)snprintf(xt[ns].s, sizeof xt[ns].s, "%d", val);
      srcpos[ns] = j;
      src[ns] = &xt[ns];
      ns++;
      j += consumed;
      continue;
    }
    int used, nc = canon ? rf_i_ar_compound(lx, j, &xt[ns], &used) : 0;
    const char *given = canon && !nc ? rf_i_given_canon(lx->t[j].s) : NULL;
    if (given) {
      rf_i_rawtok_set(&xt[ns], &lx->t[j], given, strlen(given));
      nc = used = 1;
    }
    if (nc) {
      for (int k = 0; k < nc; k++) {
        srcpos[ns] = j;
        src[ns] = &xt[ns];
        ns++;
      }
      j += used - 1;
      continue;
    }
    const char *exp = rf_i_abbrev(lx->t[j].s);
    if (exp) {
      const char *sp = strchr(exp, ' ');
      size_t l1 = sp ? (size_t)(sp - exp) : strlen(exp);
      xt[ns] = lx->t[j];
      memcpy(xt[ns].s, exp, l1);
      xt[ns].s[l1] = 0;
      xt[ns].len = (uint8_t)l1;
      if (sp) xt[ns].nojoin = 0;
      srcpos[ns] = j;
      src[ns] = &xt[ns];
      ns++;
      if (sp) {
        xt[ns] = lx->t[j];
        xt[ns].len = (uint8_t)snprintf(xt[ns].s, sizeof xt[ns].s, "%s", sp + 1);
        srcpos[ns] = j;
        src[ns] = &xt[ns];
        ns++;
      }
      continue;
    }
    srcpos[ns] = j;
    src[ns++] = &lx->t[j];
  }
  /* "LAST, First middle" -> "First middle LAST" when exactly one comma and
   * the part after it is not only company-form words. */
  int order[RF_I_MAXTOK + 8];
  for (int j = 0; j < ns; j++) order[j] = j;
  nm->reordered = 0;
  nm->romanised = 0;
  nm->partial = mode;
  if (mode != 2 && lx->ncomma == 1 && lx->comma_at > 0 && lx->comma_at < lx->n) {
    int split = -1; /* index in src of first token after the comma */
    for (int j = 0; j < ns; j++)
      if (srcpos[j] >= lx->comma_at) {
        split = j;
        break;
      }
    if (split > 0) {
      int legal_only = 1;
      for (int j = split; j < ns; j++) {
        int hit = 0;
        for (size_t f = 0; rf_i_forms[f].seq && !hit; f++)
          if (rf_i_forms[f].seq[0] == src[j]->s[0] && !strcmp(rf_i_forms[f].seq, src[j]->s))
            hit = 1;
        if (!hit && strcmp(src[j]->s, "de") && strcmp(src[j]->s, "cv") && strcmp(src[j]->s, "rl") &&
            strcmp(src[j]->s, "s"))
          legal_only = 0;
      }
      if (!legal_only) {
        int k = 0;
        for (int j = split; j < ns; j++) order[k++] = j;
        for (int j = 0; j < split; j++) order[k++] = j;
        nm->reordered = 1;
      }
    }
  }
  nm->n = 0;
  int j = 0;
  while (j < ns && nm->n < RF_I_MAXTOK) {
    /* company form: longest token sequence match starting at j (in order) */
    int best_len = 0;
    const char *canon = NULL;
    for (size_t f = 0; rf_i_forms[f].seq; f++) {
      const char *p = rf_i_forms[f].seq;
      if (p[0] != src[order[j]]->s[0]) continue;
      int len = 0, ok = 1;
      while (*p && ok) {
        const char *sp = strchr(p, ' ');
        size_t wl = sp ? (size_t)(sp - p) : strlen(p);
        if (j + len >= ns) {
          ok = 0;
          break;
        }
        const rf_i_rawtok *rt = src[order[j + len]];
        if (rt->len != wl || memcmp(rt->s, p, wl)) ok = 0;
        /* the sequence may not cross a reordering seam */
        if (len > 0 && order[j + len] != order[j + len - 1] + 1) ok = 0;
        len++;
        p = sp ? sp + 1 : p + wl;
      }
      if (ok && len > best_len) {
        best_len = len;
        canon = rf_i_forms[f].canon;
      }
    }
    rf_i_tok *t = &nm->t[nm->n];
    memset(t, 0, sizeof *t);
    if (canon && (best_len > 1 || j > 0 || ns == 1 || !rf_i_ambiguous_first(src[order[j]]->s))) {
      /* a one-word form opening a name ("OAO Gazprom", "LLC Alfa") counts,
       * unless the word is also a common name part ("Co", "Sa", "Ao") */
      size_t cl = strlen(canon);
      memcpy(t->s, canon, cl + 1);
      t->len = (uint8_t)cl;
      t->cls = RF_I_TC_LEGAL;
      t->flags = src[order[j + best_len - 1]]->nojoin ? RF_I_TF_NOJOIN : 0;
      j += best_len;
    } else {
      const rf_i_rawtok *rt = src[order[j]];
      memcpy(t->s, rt->s, rt->len + 1u);
      t->len = rt->len;
      t->flags = rt->nojoin ? RF_I_TF_NOJOIN : 0;
      if (rt->len == 1 && rt->s[0] == 'y' && j > 0 && j + 1 < ns)
        t->cls = RF_I_TC_PARTICLE; /* Spanish "GARCIA Y GARCIA" */
      else if (rt->len == 1 && !(rt->s[0] >= '0' && rt->s[0] <= '9'))
        t->cls = RF_I_TC_INITIAL;
      else if (rf_i_all_digits(rt->s, rt->len))
        t->cls = RF_I_TC_NUMBER;
      else if (rt->bound || rf_i_in_list(rf_i_particles, rt->s))
        t->cls = RF_I_TC_PARTICLE;
      else if (rf_i_in_list(rf_i_honors, rt->s))
        t->cls = RF_I_TC_HONOR;
      else if (rf_i_in_list(rf_i_generic, rt->s))
        t->cls = RF_I_TC_GENERIC;
      else
        t->cls = RF_I_TC_WORD;
      if (t->cls == RF_I_TC_WORD) rf_i_slavic_ending(t->s, &t->len);
      j++;
    }
    /* no join across the reordering seam */
    if (j < ns && order[j] != order[j - 1] + 1) t->flags |= RF_I_TF_NOJOIN | RF_I_TF_SEAM;
    rf_i_phonetic(t->s, t->len, t->key);
    nm->n++;
  }
  if (nm->n > 0) nm->t[nm->n - 1].flags |= RF_I_TF_NOJOIN;
}

static int rf_i_name_eq(const rf_i_name *a, const rf_i_name *b) {
  if (a->n != b->n) return 0;
  for (int i = 0; i < a->n; i++)
    if (strcmp(a->t[i].s, b->t[i].s)) return 0;
  return 1;
}

/* 1 when a code point of s[0..n) satisfies is (0 on invalid UTF-8) */
static int rf_i_any_cp(const char *s, size_t n, int (*is)(utf8proc_int32_t)) {
  for (size_t i = 0; i < n;) {
    utf8proc_int32_t c;
    utf8proc_ssize_t k =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
    if (k <= 0) return 0;
    i += (size_t)k;
    if (is(c)) return 1;
  }
  return 0;
}

/* Han, Hangul or Kana: scripts of short syllables, whose romanised tokens
 * differ by one letter between different names */
static int rf_i_is_kana(utf8proc_int32_t c) { return c >= 0x3040 && c <= 0x30FF; }

static int rf_i_is_han(utf8proc_int32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF);
}

/* Kana, Han or Hangul (syllables and jamo) */
static int rf_i_is_cjk(utf8proc_int32_t c) {
  return rf_i_is_kana(c) || rf_i_is_han(c) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0x1100 && c <= 0x11FF);
}

static int rf_i_is_arabic(utf8proc_int32_t c) {
  return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
         (c >= 0x08A0 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
         (c >= 0xFE70 && c <= 0xFEFF);
}

/* Arabic or Hebrew script: consonants written, short vowels not */
static int rf_i_is_abjad(utf8proc_int32_t c) {
  return rf_i_is_arabic(c) || (c >= 0x05D0 && c <= 0x05F2);
}

static int rf_i_is_greek(utf8proc_int32_t c) {
  return (c >= 0x0370 && c <= 0x03FF) || (c >= 0x1F00 && c <= 0x1FFF);
}

static int rf_i_name_prepare_x(const char *s, size_t n, rf_i_name *var, int romanised);

/* appends the whole-name variant of the romanised text r to var[0..nv)
 * while there is room; returns the new count */
static int rf_i_variant_add(rf_i_name *var, int nv, const char *r, size_t rn) {
  if (nv >= RF_I_MAXVAR) return nv;
  rf_i_name tmp[RF_I_MAXVAR];
  if (rf_i_name_prepare_x(r, rn, tmp, 1) < 1) return nv;
  var[nv] = tmp[0];
  return nv + 1;
}

/* The stem of a word in the Lithuanian or Latvian nominative (-as, -is,
 * -ys, -us, or -s after a consonant): "putinas" -> "putin", "lavrovs" ->
 * "lavrov", "sergejus" -> "sergej". The stem keeps 4 letters and ends in a
 * consonant. Returns the stem's length, 0 when the word has no such ending. */
static size_t rf_i_baltic_stem(const char *w, size_t n) {
  if (n >= 6 && w[n - 1] == 's' && strchr("aiyu", w[n - 2]) && !rf_i_isvowel(w[n - 3]))
    return n - 2;
  if (n >= 5 && w[n - 1] == 's' && !rf_i_isvowel(w[n - 2]) && w[n - 2] != 's') return n - 1;
  return 0;
}

/* Names written the Lithuanian or Latvian way ("Vladimiras Putinas",
 * "Sergejs Lavrovs") get a variant without the endings, when every word
 * of two or more has one; returns the new variant count. */
static int rf_i_baltic_variant(rf_i_name *var, int nv) {
  const rf_i_name *nm = &var[0];
  char buf[RF_I_MAXTOK * RF_I_TOKLEN];
  size_t k = 0;
  int words = 0;
  for (int i = 0; i < nm->n; i++) {
    size_t l = nm->t[i].len;
    if (nm->t[i].cls == RF_I_TC_WORD) {
      size_t st = rf_i_baltic_stem(nm->t[i].s, l);
      if (!st) return nv;
      l = st;
      words++;
    }
    if (k + l + 2 > sizeof buf) return nv;
    if (k) buf[k++] = ' ';
    memcpy(buf + k, nm->t[i].s, l);
    k += l;
  }
  return words >= 2 ? rf_i_variant_add(var, nv, buf, k) : nv;
}

/* Names written with hyphens ("HO-JIN", "ABD-AL-HAMID") get a variant with
 * the hyphenated parts written as one word, so that a typo in a short part
 * meets the whole: "ho-juin" ~ "ho-jin" as "hojuin" ~ "hojin", "kwangpil" ~
 * "kwang-il" (each part alone is too short for an edit). */
static int rf_i_hyphen_variant(const char *s, size_t n, rf_i_name *var, int nv) {
  if (!nv || nv >= RF_I_MAXVAR || n >= RF_SCREEN_MAX_NAME) return nv;
  char buf[RF_SCREEN_MAX_NAME];
  size_t k = 0;
  int joined = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char p = i ? (unsigned char)s[i - 1] : ' ',
                  q = i + 1 < n ? (unsigned char)s[i + 1] : ' ';
    if (s[i] == '-' && (isalnum(p) || p >= 0x80) && (isalnum(q) || q >= 0x80)) {
      joined = 1;
      continue;
    }
    buf[k++] = s[i];
  }
  if (!joined) return nv;
  int added = rf_i_variant_add(var, nv, buf, k);
  for (int i = 0; added > nv && i < var[nv].n; i++) var[nv].t[i].flags |= RF_I_TF_HYPHEN;
  return added;
}

/* how names are folded before they are split: compatibility forms, case
 * and accents removed */
#define RF_I_FOLD                                                                                  \
  (UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE)

/* A word of one or two letters written with an accent ("Sá", a Portuguese
 * surname) is a name, not the company form or particle its bare letters
 * spell ("SA", S.A.): the variants' tokens of those letters become words. */
static int rf_i_short_form(const rf_i_tok *t) {
  return (t->cls == RF_I_TC_LEGAL || t->cls == RF_I_TC_PARTICLE) && t->len <= 2;
}

static void rf_i_accented_short(const char *s, size_t n, rf_i_name *var, int nv) {
  /* most names have no short company form or particle: nothing to look up */
  int any = 0;
  for (int v = 0; v < nv && !any; v++)
    for (int k = 0; k < var[v].n && !any; k++) any = rf_i_short_form(&var[v].t[k]);
  if (!any) return;
  size_t i = 0;
  while (i < n) {
    while (i < n && (unsigned char)s[i] < 0x80 && !isalnum((unsigned char)s[i])) i++;
    size_t b = i;
    int high = 0;
    for (; i < n && ((unsigned char)s[i] >= 0x80 || isalnum((unsigned char)s[i])); i++)
      high |= (unsigned char)s[i] >= 0x80;
    if (!high || i - b > 8) continue;
    utf8proc_uint8_t *f = NULL;
    utf8proc_ssize_t fl =
        utf8proc_map((const utf8proc_uint8_t *)s + b, (utf8proc_ssize_t)(i - b), &f, RF_I_FOLD);
    if (fl > 0 && fl <= 2 && isalpha(f[0]) && (fl == 1 || isalpha(f[1])))
      for (int v = 0; v < nv; v++)
        for (int k = 0; k < var[v].n; k++) {
          rf_i_tok *t = &var[v].t[k];
          if (rf_i_short_form(t) && t->len == (size_t)fl && !memcmp(t->s, f, (size_t)fl))
            t->cls = RF_I_TC_WORD;
        }
    free(f);
  }
}

static int rf_i_name_prepare_x(const char *s, size_t n, rf_i_name *var, int romanised) {
  rf_i_lexer lx;
  int ascii = 1;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] >= 0x80) {
      ascii = 0;
      break;
    }
  if (!ascii && !romanised && rf_i_translit_needed(s, n)) {
    /* Arabic, Han, Kana, Greek ...: romanise first (translit.c) */
    char roman[4 * RF_SCREEN_MAX_NAME];
    int arabic = rf_i_any_cp(s, n, rf_i_is_abjad);
    size_t rn = arabic ? rf_i_romanise_abjad(s, n, roman, sizeof roman)
                       : rf_i_romanise(s, n, roman, sizeof roman);
    if (rn) {
      int nv = rf_i_name_prepare_x(roman, rn, var, 1);
      /* other readings: as the lists spell Korean names, as Greek letters
       * sound; each adds its whole-name variant while there is room */
      char alt[sizeof roman];
      size_t an = rf_i_romanise_hangul(s, n, alt, sizeof alt);
      if (an) {
        nv = rf_i_variant_add(var, nv, alt, an);
        if ((an = rf_i_hangul_south(s, n, alt, sizeof alt)) != 0)
          nv = rf_i_variant_add(var, nv, alt, an);
      }
      if (rf_i_any_cp(s, n, rf_i_is_greek) &&
          (an = rf_i_greek_sounds(roman, rn, alt, sizeof alt)) != 0)
        nv = rf_i_variant_add(var, nv, alt, an);
      if (rf_i_any_cp(s, n, rf_i_is_indic) && (an = rf_i_indic_reading(s, n, alt, sizeof alt)) != 0)
        nv = rf_i_variant_add(var, nv, alt, an);
      if (rf_i_any_cp(s, n, rf_i_is_han) && (an = rf_i_wade_giles_text(roman, rn, alt, sizeof alt)))
        nv = rf_i_variant_add(var, nv, alt, an);
      if (arabic) /* consonants written, vowels not */
        for (int v = 0; v < nv; v++)
          for (int i = 0; i < var[v].n; i++) {
            rf_i_phonetic_abjad(var[v].t[i].s, var[v].t[i].len, var[v].t[i].key);
            var[v].t[i].flags |= RF_I_TF_ABJAD;
          }
      uint8_t syl = rf_i_any_cp(s, n, rf_i_is_cjk) ? RF_I_TF_SYLLABLE : 0;
      /* Kana spell foreign names by sound ("baraku obama"): those keep it */
      if (syl && !rf_i_any_cp(s, n, rf_i_is_kana)) syl |= RF_I_TF_NOSOUND;
      for (int v = 0; v < nv; v++) {
        var[v].romanised = 1;
        for (int i = 0; i < var[v].n; i++) {
          var[v].t[i].flags |= syl;
          /* a romanised syllable is a name, not a Latin particle, title or
           * company form ("彬 甘" -> "bin gan": bin is a given name) */
          if (syl && var[v].t[i].cls != RF_I_TC_INITIAL && var[v].t[i].cls != RF_I_TC_NUMBER)
            var[v].t[i].cls = RF_I_TC_WORD;
        }
      }
      return nv;
    }
  }
  if (ascii) {
    rf_i_lex(&lx, (const uint8_t *)s, n);
  } else {
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t fl =
        utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &folded, RF_I_FOLD);
    if (fl < 0 || !folded) {
      /* invalid UTF-8: keep the valid ASCII letters only */
      char tmp[RF_SCREEN_MAX_NAME * 2];
      size_t m = 0;
      for (size_t i = 0; i < n && m < sizeof tmp; i++)
        tmp[m++] = (unsigned char)s[i] < 0x80 ? s[i] : ' ';
      rf_i_lex(&lx, (const uint8_t *)tmp, m);
    } else {
      rf_i_lex(&lx, folded, (size_t)fl);
    }
    free(folded);
  }
  int nv = 0;
  rf_i_build(&lx, 0, 0, &var[nv]);
  if (var[nv].n) nv++;
  if (lx.had_seg) {
    rf_i_build(&lx, 1, 0, &var[nv]);
    if (var[nv].n && !rf_i_name_eq(&var[nv], &var[0])) nv++;
    rf_i_build(&lx, 2, 0, &var[nv]);
    /* the segment alone must carry at least one real word */
    int words = 0;
    for (int i = 0; i < var[nv].n; i++)
      if (var[nv].t[i].cls == RF_I_TC_WORD) words++;
    if (var[nv].n && words && !rf_i_name_eq(&var[nv], &var[0])) nv++;
  }
  /* Arabic compounds and given names in one form as a variant of their
   * own: the name as written still meets a typo in the compound
   * ("abdlrahman") */
  if (nv && nv < RF_I_MAXVAR) {
    rf_i_build(&lx, 0, 1, &var[nv]);
    if (var[nv].n && !rf_i_name_eq(&var[nv], &var[0])) nv++;
  }
  if (nv == 1 && !romanised) nv = rf_i_baltic_variant(var, nv);
  if (!romanised) nv = rf_i_hyphen_variant(s, n, var, nv);
  if (!ascii) rf_i_accented_short(s, n, var, nv);
  return nv;
}

int rf_i_name_prepare(const char *s, size_t n, rf_i_name *var) {
  return rf_i_name_prepare_x(s, n, var, 0);
}

void rf_i_name_str(const rf_i_name *nm, char *out, size_t outsz) {
  size_t k = 0;
  if (!outsz) return;
  for (int i = 0; i < nm->n; i++) {
    size_t l = nm->t[i].len;
    if (k + l + 2 >= outsz) break;
    if (i) out[k++] = ' ';
    memcpy(out + k, nm->t[i].s, l);
    k += l;
  }
  out[k] = 0;
}
