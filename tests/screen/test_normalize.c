/* Unit tests of name normalisation, the similarity kernels and the scorer
 * (no lists needed: class weights only). */
#include "rf_test.h"
#include "screen/screen_i.h"

#include <math.h>
#include <stdio.h>

static void norm(const char *in, int var, char *out, size_t outsz) {
  rf_i_name v[RF_I_MAXVAR];
  int n = rf_i_name_prepare(in, strlen(in), v);
  out[0] = 0;
  if (var < n) rf_i_name_str(&v[var], out, outsz);
}

static void test_normalise(void **state) {
  (void)state;
  char b[256];
  norm("  José  MARÍA Ñúñez-Núñez ", 0, b, sizeof b);
  assert_string_equal(b, "jose maria nunez nunez");
  norm("OSEGUERA CERVANTES, Nemesio", 0, b, sizeof b);
  assert_string_equal(b, "nemesio oseguera cervantes"); /* LAST, First */
  norm("FARMACIA VIDA SUPREMA, S.A. DE C.V.", 0, b, sizeof b);
  assert_string_equal(b, "farmacia vida suprema sadecv"); /* no reorder, form kept */
  norm("GEX EXPLORE S. DE R.L. DE C.V.", 0, b, sizeof b);
  assert_string_equal(b, "gex explore srldecv");
  norm("Grupo Financiero S.A.P.I. de C.V.", 0, b, sizeof b);
  assert_string_equal(b, "grupo financiero sapidecv");
  norm("Acme Limited Liability Company", 0, b, sizeof b);
  assert_string_equal(b, "acme llc");
  norm("Nemesio Oseguera 'EL MENCHO'", 0, b, sizeof b);
  assert_string_equal(b, "nemesio oseguera el mencho");
  norm("Nemesio Oseguera 'EL MENCHO'", 1, b, sizeof b);
  assert_string_equal(b, "nemesio oseguera");
  norm("Nemesio Oseguera 'EL MENCHO'", 2, b, sizeof b);
  assert_string_equal(b, "el mencho");
  norm("O'BRIEN, Patrick", 0, b, sizeof b);
  assert_string_equal(b, "patrick obrien");
  norm("Владимир Путин", 0, b, sizeof b);
  assert_string_equal(b, "vladimir putin");
  norm("Brigade Forty-Four", 0, b, sizeof b);
  assert_string_equal(b, "brigade 44");
  norm("  ,;'- ", 0, b, sizeof b);
  assert_string_equal(b, "");
  /* invalid UTF-8 never crashes */
  norm("abc\xff\xfe def", 0, b, sizeof b);
  assert_true(strlen(b) > 0);
}

static void wg(const char *py, const char *want) {
  char out[64];
  size_t n = rf_i_pinyin_wade_giles(py, strlen(py), out, sizeof out);
  if (!want) {
    assert_int_equal(n, 0);
    return;
  }
  assert_true(n > 0);
  assert_string_equal(out, want);
}

/* pinyin syllables as Wade-Giles writes them, apostrophes left out */
static void test_wade_giles(void **state) {
  (void)state;
  wg("zhang", "chang");
  wg("xiang", "hsiang");
  wg("jinping", "chinping");
  wg("zedong", "tsetung");
  wg("enlai", "enlai");
  wg("jieshi", "chiehshih");
  wg("si", "ssu");
  wg("zi", "tzu");
  wg("guo", "kuo");
  wg("luo", "lo");
  wg("ke", "ko");
  wg("xue", "hsueh");
  wg("you", "yu");
  wg("xiangang", "hsienkang"); /* xian + gang: the rest starts with a consonant */
  wg("vladimir", NULL);        /* not pinyin */
  wg("hsiang", NULL);
  char small[4];
  assert_int_equal(rf_i_pinyin_wade_giles("zhang", 5, small, sizeof small), 0);
}

static void test_classes(void **state) {
  (void)state;
  rf_i_name v[RF_I_MAXVAR];
  assert_int_equal(rf_i_name_prepare("Juan de la Cruz y Garcia SA de CV", 33, v), 1);
  assert_int_equal(v[0].t[1].cls, RF_I_TC_PARTICLE); /* de */
  assert_int_equal(v[0].t[2].cls, RF_I_TC_PARTICLE); /* la */
  assert_int_equal(v[0].t[4].cls, RF_I_TC_PARTICLE); /* y */
  assert_int_equal(v[0].t[6].cls, RF_I_TC_LEGAL);    /* sadecv */
  assert_string_equal(v[0].t[6].s, "sadecv");
  /* an office before a name weighs as a title, in several languages */
  assert_int_equal(rf_i_name_prepare("Presidente Nicolas Maduro", 25, v) >= 1, 1);
  assert_int_equal(v[0].t[0].cls, RF_I_TC_HONOR);
  /* "Sá" written with its accent is a surname; "SA" is the company form */
  assert_int_equal(rf_i_name_prepare("Diogo S\xc3\xa1", 9, v) >= 1, 1);
  assert_string_equal(v[0].t[1].s, "sa");
  assert_int_equal(v[0].t[1].cls, RF_I_TC_WORD);
  assert_int_equal(rf_i_name_prepare("Diogo SA", 8, v) >= 1, 1);
  assert_int_equal(v[0].t[1].cls, RF_I_TC_LEGAL);
  /* longer accented words keep their class: "Compañía" is still a company word */
  assert_int_equal(rf_i_name_prepare("Pérez y Compañía SA", strlen("Pérez y Compañía SA"), v) >= 1,
                   1);
  assert_int_equal(v[0].t[1].cls, RF_I_TC_PARTICLE);
}

static void test_phonetic(void **state) {
  (void)state;
  char a[RF_I_KEYLEN], b[RF_I_KEYLEN];
  static const char *const same[][2] = {
      {"vargas", "bargas"},       {"castillo", "castiyo"},  {"hernandez", "ernandez"},
      {"cervantes", "servantes"}, {"gonzalez", "gonsales"}, {"quintero", "kintero"},
      {"vasquez", "basques"},     {"jimenez", "gimenez"},   {"philip", "filip"},
      {"schulze", "scholz"},      {"zambada", "sambada"}};
  for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
    rf_i_phonetic(same[i][0], strlen(same[i][0]), a);
    rf_i_phonetic(same[i][1], strlen(same[i][1]), b);
    if (strcmp(a, b)) fprintf(stderr, "%s=%s vs %s=%s\n", same[i][0], a, same[i][1], b);
    assert_string_equal(a, b);
  }
  rf_i_phonetic("harris", 6, a);
  rf_i_phonetic("hurras", 6, b);
  assert_string_equal(a, b); /* same consonants: still a phonetic match ... */
  rf_i_phonetic("diaz", 4, a);
  rf_i_phonetic("ortiz", 5, b);
  assert_string_not_equal(a, b);
}

static void test_kernels(void **state) {
  (void)state;
  /* textbook Jaro-Winkler values */
  assert_true(fabs(rf_i_jaro_winkler("martha", 6, "marhta", 6) - 0.9611) < 1e-3);
  assert_true(fabs(rf_i_jaro_winkler("dixon", 5, "dicksonx", 8) - 0.8133) < 1e-3);
  assert_true(fabs(rf_i_jaro_winkler("abc", 3, "abc", 3) - 1.0) < 1e-9);
  assert_true(rf_i_jaro_winkler("abc", 3, "xyz", 3) == 0.0);
  assert_int_equal(rf_i_osa("martha", 6, "marhta", 6, 3), 1); /* transposition */
  assert_int_equal(rf_i_osa("kitten", 6, "sitting", 7, 5), 3);
  assert_int_equal(rf_i_osa("kitten", 6, "sitting", 7, 1), 2); /* cut-off: max+1 */
}

static double pair(const char *a, const char *b) {
  double s;
  rf_error err;
  assert_int_equal(rf_screen_match_names(NULL, a, b, NULL, &s, NULL, &err), RF_OK);
  assert_true(s >= 0.0 && s <= 1.0);
  return s;
}

/* a pair of names whose score must lie in [lo, hi) */
typedef struct pair_case {
  const char *a, *b;
  double lo, hi;
} pair_case;

static void check_pairs(const pair_case *t, size_t n) {
  for (size_t i = 0; i < n; i++) {
    double s = pair(t[i].a, t[i].b);
    if (s < t[i].lo || s >= t[i].hi)
      fail_msg("%s ~ %s: %.4f, want [%.2f, %.2f)", t[i].a, t[i].b, s, t[i].lo, t[i].hi);
  }
}

static void test_scores(void **state) {
  (void)state;
  static const pair_case t[] = {
      {"Nemesio Oseguera Cervantes", "OSEGUERA CERVANTES, Nemesio", 0.99, 1.01},
      {"Nemecio Osegera Cervantez", "OSEGUERA CERVANTES, Nemesio", 0.8, 1.01},
      {"Joaquin Guzman Loera", "GUZMAN LOERA, Joaquin Archivaldo", 0.8, 1.01},
      {"Bashiruddin Mahmood", "MAHMOOD, Sultan Bashir-Ud-Din", 0.7, 1.01},
      {"JC Juncker", "Jean-Claude Juncker", 0.8, 1.01},
      /* common words alone are not hits */
      {"CORP", "ACME CORP", 0, 0.5},
      {"The X Group", "The Z Group", 0, 0.5},
      {"SA DE CV", "FARMACIA VIDA SUPREMA, S.A. DE C.V.", 0, 0.5},
      {"Daniel Ortiz", "Daniel Ortega", 0, 0.8},
      {"President Nicolas Maduro", "MADURO MOROS, Nicolas", 0.8, 1.01},
      {"President Nicolas Ortiz", "MADURO MOROS, Nicolas", 0, 0.5},
      /* "Президент Путин": the office is a title, but a surname alone is no hit */
      {"\xd0\x9f\xd1\x80\xd0\xb5\xd0\xb7\xd0\xb8\xd0\xb4\xd0\xb5\xd0\xbd\xd1\x82 "
       "\xd0\x9f\xd1\x83\xd1\x82\xd0\xb8\xd0\xbd",
       "PUTIN, Vladimir Vladimirovich", 0.4, 1.01},
      {"\xd0\x9f\xd1\x80\xd0\xb5\xd0\xb7\xd0\xb8\xd0\xb4\xd0\xb5\xd0\xbd\xd1\x82 "
       "\xd0\x9f\xd1\x83\xd1\x82\xd0\xb8\xd0\xbd",
       "PUTIN, Vladimir Vladimirovich", 0, 0.8},
      {"SALMAN BIN MUHAMMAD AL-RAWI", "MUHAMMAD BIN SALMAN AL-RAWI", 0, 0.8},
      /* a Han name romanised: a syllable one letter off is another name, while
       * the same syllables still match ("成 朱" is cheng zhu, "陈 朱" chen zhu) */
      {"\xe6\x88\x90 \xe6\x9c\xb1", "CHEN, Zhu", 0, 0.8},
      {"\xe9\x99\x88 \xe6\x9c\xb1", "CHEN, Zhu", 0.8, 1.01},
      /* Arabic romanised keeps its typo budget (no vowels: short tokens) */
      {"\xd9\x85\xd8\xad\xd9\x85\xd8\xaf \xd8\xa8\xd9\x86 "
       "\xd8\xb3\xd9\x84\xd8\xb7\xd8\xa7\xd9\x86",
       "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf \xd8\xa8\xd9\x86 "
       "\xd8\xb3\xd9\x84\xd9\x85\xd8\xa7\xd9\x86",
       0.8, 1.01},
      /* a second edit in a 6-7 letter word aligns, at a cost: with a name's
       * other words exact it is a hit, alone it is not */
      {"Igor Sechev", "Igor Sechin", 0.8, 1.01},
      {"Zaurbek Salimovich Guchkov", "Zaurbek Salimovich Guchaev", 0.8, 1.01},
      {"Sechev", "Sechin", 0, 0.8},
      {"Martina Garcia", "GARCIA RODRIGUEZ, Martha", 0, 0.8},
      /* a second edit, or a word read as initials, needs a word spelt exactly
       * beside it: alone with other near misses it is a guess */
      {"Andrea Vasquez", "MARQUEZ, Andree", 0, 0.8},
      {"Om Konda", "KANDI, Omid Mousazadeh", 0, 0.8},
      {"Stephen Cory Torres", "FORPRES, S.C.", 0, 0.8},
      {"Carlos Cardozo", "CARLOTA C", 0, 0.8},
      {"Kyra Smith", "SMT-K", 0, 0.8},
      {"J. Smith", "SMITH, John", 0.8, 1.01},
      /* hyphenated parts also meet as one word, with one edit at most: a typo in
       * a part too short for one alone ("jin" / "juin") */
      {"YUN HO-JUIN", "YUN HO-JIN", 0.8, 1.01},
      {"KWANGPIL KIM", "KIM KWANG-IL", 0.8, 1.01},
      {"Kim Jong-uun", "Kim Jong-un", 0.8, 1.01},
      {"RA SONG-SU", "RA KY'ONG-SU", 0, 0.8},
      {"Kim Myong-sik", "Kim Myong-guk", 0, 0.8}, /* another part */
      {"Alma Holst", "AL-ASSAD, Asma", 0, 0.5},   /* no sound match */
      /* a romanised syllable one letter off is another, at any length */
      {"\xeb\xb3\x91\xec\xb2\xa0 \xea\xb9\x80", "KIM, Yong-Chol", 0, 0.5}, /* 병철 김 */
      {"JC Juncker", "Jean-Claude Juncker", 0.8, 1.01},
      {"Andrea Vasquez", "VASQUEZ, Andree", 0.8, 1.01},
      /* Slavic endings as other languages spell them */
      {"Wladimir Wladimirowitsch Putin", "Vladimir Vladimirovich Putin", 0.9, 1.01},
      {"Władimir Władimirowicz Putin", "PUTIN, Vladimir Vladimirovich", 0.9, 1.01},
      {"Vlagyimir Vlagyimirovics Putyin", "Vladimir Vladimirovich Putin", 0.9, 1.01},
      {"Valentina Iwanowna Matwijenko", "MATVIYENKO, Valentina Ivanovna", 0.8, 1.01},
      {"Rabinowicz", "Rabinovich", 0.99, 1.01},
      {"Lewicz", "Levich", 0, 0.99}, /* a stem of 2 letters stays as written */
      /* Lithuanian and Latvian endings: a variant without them when every word
       * has one; a stem keeps 4 letters and ends in a consonant */
      {"Vladimiras Putinas", "PUTIN, Vladimir", 0.99, 1.01},
      {"Sergejs Lavrovs", "LAVROV, Sergey", 0.9, 1.01},
      {"Jonas Petras", "Jon Petr", 0, 0.8},    /* 5-letter words keep -as */
      {"Thomas Smith", "Thom Smith", 0, 0.99}, /* Smith has no ending */
      /* Arabic compound names in one form: Abd al-X, Abdul X, Abdulx, Abdurx;
       * X al-Din, X ud Din, Xuddin, X Eddine; the spelling as written is kept
       * too (a typo inside the compound still meets it) */
      {"Abd al-Rahman", "Abdulrahman", 0.8, 1.01},
      {"Abderrahmane", "Abd ar-Rahman", 0.8, 1.01},
      {"Abdirahman", "Abdul Rahman", 0.8, 1.01},
      {"Abdlrahman", "Abdulrahman", 0.8, 1.01},
      {"Siraj al-Din", "Sirajuddin", 0.8, 1.01},
      {"Salah Eddine", "Salahuddin", 0.8, 1.01},
      {"Abdul Rahman", "Abdul Karim", 0, 0.8},
      {"Siraj al-Din", "Nasir al-Din", 0, 0.8},
      /* the bound part is no word of its own: one shared name stays one */
      {"SHAMSUDDIN MOHAMMED HAQQANI", "SHAMSUDDIN", 0, 0.8},
      {"Aladdin", "Ala Uddin", 0, 0.8}, /* a stem of 2 letters is no compound */
      /* short forms of a given name in its own language read as the name; not
       * one name across languages, and not a short form of two names */
      {"Bibi Netanyahu", "Benjamin Netanyahu", 0.9, 1.01},
      {"Pepe Garcia Lopez", "GARCIA LOPEZ, Jose", 0.9, 1.01},
      {"Chuy Salazar", "Jesus Salazar", 0.9, 1.01},
      {"Bill Smith", "William Smith", 0.9, 1.01},
      {"Beto Salazar", "Roberto Salazar", 0, 0.99},
      {"Pepe Garcia", "Pedro Garcia", 0, 0.8},
      /* a lenient (abjad) match only where the letters can correspond: Arabic
       * f is f or v, b is b or p (فاروق is not Barak; بوتين is Putin) */
      {"\xd9\x81\xd8\xa7\xd8\xb1\xd9\x88\xd9\x82", "Barak", 0, 0.5},
      {"\xd8\xa8\xd9\x88\xd8\xaa\xd9\x8a\xd9\x86", "Putin", 0.8, 1.01},
      {"Putin", "\xd8\xa8\xd9\x88\xd8\xaa\xd9\x8a\xd9\x86", 0.8, 1.01}, /* either side */
      /* Greek letters read letter by letter and as they sound */
      {"\xce\x92\xce\xbb\xce\xb1\xce\xbd\xcf\x84\xce\xaf\xce\xbc\xce\xb9\xcf\x81 "
       "\xce\xa0\xce\xbf\xcf\x8d\xcf\x84\xce\xb9\xce\xbd",
       "Vladimir Putin", 0.9, 1.01}, /* Βλαντίμιρ Πούτιν */
      {"\xce\xa0\xce\xb1\xce\xbd\xcf\x84\xce\xb5\xce\xbb\xce\xae\xcf\x82", "Pantelis", 0.8,
       1.01}, /* Παντελής, nt kept */
      /* another reading of a name with parenthesised parts: the variants fit
       * (the fuzzer found them written past the array) */
      {"\xce\x92\xce\xbb\xce\xb1\xce\xbd\xcf\x84\xce\xaf\xce\xbc\xce\xb9\xcf\x81 "
       "(\xce\xa0\xce\xbf\xcf\x8d\xcf\x84\xce\xb9\xce\xbd) (x)",
       "Vladimir Putin", 0, 1.01},
      {"\xea\xb9\x80\xec\xa0\x95\xec\x9d\x80 (\xea\xb9\x80) (y)", "Kim Jong Un", 0,
       1.01}, /* 김정은 (김) (y) */
      /* symmetric inputs, no tokens */
      {"", "ACME", 0, 1e-9},
  };
  check_pairs(t, sizeof t / sizeof *t);
  /* a second edit costs more than one */
  assert_int_equal(rf_i_edit_budget(5), 1);
  assert_int_equal(rf_i_edit_budget(6), 2);
  assert_true(pair("Igor Sechev", "Igor Sechin") < pair("Igor Sechen", "Igor Sechin"));
  /* a short form reads as its own language's name only */
  assert_true(pair("John Gonzalez", "Juan Gonzalez") < pair("Johnny Gonzalez", "John Gonzalez"));
  /* explanation: token lines, their values and the base */
  rf_screen_explain_list ex = {0};
  double s;
  rf_error err;
  assert_int_equal(
      rf_screen_match_names(NULL, "Olaf Scholze", "Olaf Scholz", "Person", &s, &ex, &err), RF_OK);
  int exact = 0, fuzzy = 0, base = 0;
  for (size_t i = 0; i < ex.n; i++) {
    exact += !strcmp(ex.e[i].kind, "exact");
    fuzzy += !strcmp(ex.e[i].kind, "fuzzy") || !strcmp(ex.e[i].kind, "phonetic");
    base += !strcmp(ex.e[i].kind, "base");
  }
  assert_int_equal(exact, 1);
  assert_int_equal(fuzzy, 1);
  assert_int_equal(base, 1);
  rf_screen_explain_free(&ex);
  assert_int_equal(rf_screen_match_names(NULL, "a", "b", "Spaceship", &s, NULL, &err), RF_EINVAL);
  assert_int_equal(rf_screen_match_names(NULL, "a\xff", "b", NULL, &s, NULL, &err), RF_ENCODING);
}

/* words too short for an edit budget (3 letters or fewer): a letter doubled
 * or undoubled is the same word; two adjacent letters swapped is a guess
 * (it needs another word spelt exactly); any other change is another word.
 * Two words whose letters are two others' with the space moved are those. */
static void test_short_words(void **state) {
  (void)state;
  static const pair_case t[] = {
      {"KO TAE HHUN", "KO TAE HUN", 0.95, 1.0},
      {"Ahmad Iman Alii", "Ahmad Iman Ali", 0.95, 1.0},
      {"RI WON HHO", "RI WON HO", 0.85, 1.0},
      {"PAK CHUN IIL", "PAK CHUN IL", 0.85, 1.0},
      {"KO TAE UHN", "KO TAE HUN", 0.80, 0.9},
      {"AIL MUSA AL-SHAWAKH", "ALI MUSA AL-SHAWAKH", 0.80, 0.9},
      {"KO TAE HAN", "KO TAE HUN", 0.0, 0.8},
      {"UHN", "HUN", 0.0, 0.8},
      {"LAI WEN", "ALI WEN", 0.0, 0.8},
      {"Kim Li Sung", "Kim Il Sung", 0.0, 0.8},
      /* a letter typed across the space: the same letters, rejoined */
      {"KANG CHOLS U", "KANG CHOL SU", 0.9, 1.0},
      {"AB URUSDAN", "ABU RUSDAN", 0.9, 1.0},
      {"AB URUSDAN", "RUSDAN, Abu", 0.9, 1.0}, /* across the seam of "LAST, First" */
      /* "LAST, First" as written: the last word and the first side by side */
      {"KIMS OK CHOL", "KIM, Sok Chol", 0.9, 1.0},
      {"RIC HUN HWAN", "RI, Chun Hwan", 0.9, 1.0},
      {"RUSDA NABU", "RUSDAN, Abu", 0.9, 1.0},
      {"KIMS OK CHOL", "SOK CHOL KIM", 0.0, 0.8}, /* no comma: not written side by side */
      {"KIMS OK CHOL", "KIM, Chol Sok", 0.0, 0.8},
      {"HASSAN MAHATO MAR", "HASSAN MAHAT OMAR", 0.9, 1.0},
      {"KANG CHOLS A", "KANG CHOL SU", 0.0, 0.8},
  };
  check_pairs(t, sizeof t / sizeof *t);
}

/* a given name's masculine and feminine forms are two names, not a typo */
static void test_gendered_forms(void **state) {
  (void)state;
  static const pair_case t[] = {
      {"Antonia Rodriguez", "RODRIGUEZ, Antonio", 0.0, 0.8},
      {"Maria Sanchez", "SANCHEZ, Mario", 0.0, 0.8},
      {"Joaquina Gomez", "JOAQUIN GOMEZ", 0.0, 0.8},
      {"Martina Lopez", "LOPEZ, Martin", 0.0, 0.8},
      {"Luisa Torres", "TORRES, Luis", 0.0, 0.8},
      {"Manuela Ramos", "RAMOS, Manuel", 0.0, 0.8},
      /* the same names, and ordinary typos, still match */
      {"Antonio Rodriguez", "RODRIGUEZ, Antonio", 0.99, 1.01},
      {"Joaquin Gomes", "JOAQUIN GOMEZ", 0.8, 1.01},
      {"Antonoi Rodriguez", "RODRIGUEZ, Antonio", 0.8, 1.01},
      {"Martn Lopez", "LOPEZ, Martin", 0.8, 1.01},
      /* not a given-name form: a stem of two letters, another last letter */
      {"Ana Lopez", "LOPEZ, Ano", 0.0, 1.01},
      {"Fatim Hassan", "HASSAN, Fatima", 0.8, 1.01},
  };
  check_pairs(t, sizeof t / sizeof *t);
}

/* genders as exports and lists write them; anything else is unknown */
static void test_gender(void **state) {
  (void)state;
  assert_int_equal(rf_screen_gender("male"), 'M');
  assert_int_equal(rf_screen_gender(" Male "), 'M');
  assert_int_equal(rf_screen_gender("M"), 'M');
  assert_int_equal(rf_screen_gender("man"), 'M');
  assert_int_equal(rf_screen_gender("FEMALE"), 'F');
  assert_int_equal(rf_screen_gender("f"), 'F');
  assert_int_equal(rf_screen_gender("Woman"), 'F');
  assert_int_equal(rf_screen_gender("other"), 'X');
  assert_int_equal(rf_screen_gender("Non-Binary"), 'X');
  assert_int_equal(rf_screen_gender(NULL), 0);
  assert_int_equal(rf_screen_gender(""), 0);
  assert_int_equal(rf_screen_gender("n/a"), 0);
  assert_int_equal(rf_screen_gender("-"), 0);
  assert_int_equal(rf_screen_gender("males"), 0);
  assert_int_equal(rf_screen_gender("a very long value that is no gender"), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_normalise),      cmocka_unit_test(test_wade_giles),
      cmocka_unit_test(test_classes),        cmocka_unit_test(test_phonetic),
      cmocka_unit_test(test_kernels),        cmocka_unit_test(test_scores),
      cmocka_unit_test(test_short_words),    cmocka_unit_test(test_gender),
      cmocka_unit_test(test_gendered_forms),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
