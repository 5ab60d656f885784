/* Quality of the screening engine on the shared benchmark data:
 *  - name-pair F1 at the default threshold on nomenklatura's name_bench
 *    (must be >= 0.85; precision/recall by schema are printed);
 *  - OFAC parity: mean |100 x score - ofac_score| (printed);
 *  - false hits: the 50,000 negatives_us names against SDN + consolidated,
 *    at most 1% with any match;
 *  - typo robustness: UN-listed names found on the SDN list are still found
 *    after seeded typos, swapped name order and accent changes, and after
 *    each of the treatments yente applies to make positives_un_treated.csv.
 * Run the binary directly to see the figures. */
#include "rf_test.h"
#include "redflag/lists.h"
#include "redflag/screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Under the sanitizers every 10th negative is screened (same assertion). */
#if defined(__SANITIZE_ADDRESS__)
#define NEG_STEP 10
#else
#define NEG_STEP 1
#endif

#define YENTE RF_SHARED_DATA "/opensanctions/yente/candidate_generation_benchmark/"

typedef struct fixture {
  rf_lists *l;
  rf_screener *s;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  rf_error err = {0};
  if (!f || rf_lists_new(&f->l) ||
      rf_lists_load_dir(f->l, RF_SHARED_DATA "/ofac/watchman/sdn_2021-07", &err) ||
      rf_lists_load_dir(f->l, RF_SHARED_DATA "/ofac/watchman/cons_2025-12", &err) ||
      rf_screener_new(&f->s, f->l, &err)) {
    fprintf(stderr, "setup: %s\n", err.msg);
    return -1;
  }
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  rf_screener_free(f->s);
  rf_lists_free(f->l);
  free(f);
  return 0;
}

typedef struct prc {
  char schema[32];
  int tp, fp, fn, tn;
} prc;

static void test_name_bench_f1(void **state) {
  fixture *f = *state;
  rf_error err = {0};
  rf_csv *c;
  assert_int_equal(rf_csv_open(&c,
                               RF_SHARED_DATA "/opensanctions/nomenklatura/name_bench/cases.csv",
                               NULL, &err),
                   RF_OK);
  char **fl;
  size_t nf;
  assert_int_equal(rf_csv_next(c, &fl, &nf, &err), RF_OK);
  int c1 = rf_csv_col(fl, nf, "name1"), c2 = rf_csv_col(fl, nf, "name2"),
      cm = rf_csv_col(fl, nf, "is_match"), cs = rf_csv_col(fl, nf, "schema");
  assert_true(c1 >= 0 && c2 >= 0 && cm >= 0 && cs >= 0);
  prc by[16];
  int nby = 0;
  prc all = {"all", 0, 0, 0, 0};
  while (rf_csv_next(c, &fl, &nf, &err) == RF_OK) {
    double sc;
    assert_int_equal(rf_screen_match_names(f->s, fl[c1], fl[c2], fl[cs], &sc, NULL, &err), RF_OK);
    assert_true(sc >= 0.0 && sc <= 1.0);
    int truth = !strcmp(fl[cm], "true"), pred = sc >= RF_SCREEN_DEFAULT_THRESHOLD;
    int k = 0;
    while (k < nby && strcmp(by[k].schema, fl[cs])) k++;
    if (k == nby && nby < 16) {
      memset(&by[k], 0, sizeof by[k]);
      snprintf(by[k].schema, sizeof by[k].schema, "%s", fl[cs]);
      nby++;
    }
    prc *t[2] = {&all, k < 16 ? &by[k] : &all};
    for (int z = 0; z < 2; z++) {
      if (truth && pred)
        t[z]->tp++;
      else if (!truth && pred)
        t[z]->fp++;
      else if (truth)
        t[z]->fn++;
      else
        t[z]->tn++;
    }
  }
  rf_csv_close(c);
  fprintf(stderr, "name_bench at threshold %.2f:\n", RF_SCREEN_DEFAULT_THRESHOLD);
  double f1 = 0;
  for (int k = -1; k < nby; k++) {
    prc *p = k < 0 ? &all : &by[k];
    double P = p->tp + p->fp ? p->tp / (double)(p->tp + p->fp) : 0;
    double R = p->tp + p->fn ? p->tp / (double)(p->tp + p->fn) : 0;
    double F = P + R > 0 ? 2 * P * R / (P + R) : 0;
    if (k < 0) f1 = F;
    fprintf(stderr, "  %-13s n=%3d precision %.3f recall %.3f F1 %.3f (tp %d fp %d fn %d tn %d)\n",
            p->schema, p->tp + p->fp + p->fn + p->tn, P, R, F, p->tp, p->fp, p->fn, p->tn);
  }
  assert_true(f1 >= 0.85);
}

static void test_ofac_parity(void **state) {
  fixture *f = *state;
  rf_error err = {0};
  rf_csv *c;
  assert_int_equal(
      rf_csv_open(&c, RF_SHARED_DATA "/opensanctions/nomenklatura/ofac_parity/ofac_fixtures.csv",
                  NULL, &err),
      RF_OK);
  char **fl;
  size_t nf;
  assert_int_equal(rf_csv_next(c, &fl, &nf, &err), RF_OK);
  int cq = rf_csv_col(fl, nf, "query_name"), cr = rf_csv_col(fl, nf, "result_name"),
      co = rf_csv_col(fl, nf, "ofac_score");
  double sum = 0;
  int n = 0, nneg = 0, neg_below = 0;
  while (rf_csv_next(c, &fl, &nf, &err) == RF_OK) {
    double sc, ofac = atof(fl[co]);
    assert_int_equal(rf_screen_match_names(f->s, fl[cq], fl[cr], NULL, &sc, NULL, &err), RF_OK);
    if (ofac < 0) { /* OFAC returned no score: not a hit */
      nneg++;
      neg_below += sc < RF_SCREEN_DEFAULT_THRESHOLD;
      continue;
    }
    sum += ofac > 100 * sc ? ofac - 100 * sc : 100 * sc - ofac;
    n++;
  }
  rf_csv_close(c);
  assert_true(n > 0);
  fprintf(stderr,
          "OFAC parity: mean |100 x score - ofac_score| = %.1f over %d pairs; "
          "%d of %d pairs OFAC does not return score below our threshold\n",
          sum / n, n, neg_below, nneg);
}

static void test_false_hits(void **state) {
  fixture *f = *state;
  rf_error err = {0};
  FILE *out = fopen("/dev/null", "w");
  assert_non_null(out);
  rf_screen_batch_opts o = {.threads = 2};
  o.screen.no_explain = 1;
  rf_screen_batch_stats st;
  /* negatives_us.csv has full_name, not name: feed it through a temp copy */
  char tmp[] = "/tmp/rf_neg_XXXXXX";
  int fd = mkstemp(tmp);
  assert_true(fd >= 0);
  FILE *w = fdopen(fd, "w");
  FILE *r = fopen(YENTE "negatives_us.csv", "r");
  assert_non_null(r);
  char line[1024];
  int first = 1;
  size_t k = 0;
  while (fgets(line, sizeof line, r)) {
    if (first) {
      fputs("name,rest\n", w);
      first = 0;
      continue;
    }
    if (k++ % NEG_STEP == 0) fputs(line, w);
  }
  fclose(r);
  fclose(w);
  assert_int_equal(rf_screen_batch(f->s, tmp, out, &o, &st, &err), RF_OK);
  fclose(out);
  unlink(tmp);
  fprintf(stderr,
          "false hits: %zu of %zu negatives_us names have a match at %.2f (%.2f%%); "
          "%zu rejected; %.0f names/s\n",
          st.with_hits, st.screened, RF_SCREEN_DEFAULT_THRESHOLD,
          100.0 * st.with_hits / (double)st.screened, st.rejected, st.screened / st.seconds);
  assert_int_equal(st.rows, st.screened + st.rejected);
  assert_true(st.screened >= 49000 / NEG_STEP);
  assert_true(st.with_hits * 100 <= st.screened);
}

/* two streams: ours, and one for yente's treatments (so that adding a
 * treatment does not change which typos ours make) */
static uint64_t rng = 20240501, rng_t = 20251016;
static uint32_t rnd_from(uint64_t *st, uint32_t n) {
  *st = *st * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)((*st >> 33) % n);
}
static uint32_t rnd(uint32_t n) { return rnd_from(&rng, n); }
static uint32_t rnd_t(uint32_t n) { return rnd_from(&rng_t, n); }

/* perturbation kinds: ours (per word), then the treatments of yente's
 * positives_un_treated file (on the whole string, re-implemented here) */
enum {
  P_TYPO,
  P_SWAP,
  P_ACCENT,
  P_TYPO_SWAP,
  P_ADJ,      /* two adjacent characters swapped, spaces included */
  P_DUP,      /* a character written twice */
  P_UNDOUBLE, /* every doubled letter written once */
  P_VOWEL,    /* a vowel at a random position replaced by a random vowel */
  P_COMMA,    /* "rest of the name, first word" */
  P_NBSP,     /* spaces written as no-break spaces */
  P_QMARK,    /* every non-ASCII character written as '?' */
  P_STRIP,    /* non-ASCII characters dropped */
  P_N
};
#define P_TREATED P_ADJ /* the first of yente's treatments */
static const char *pname[P_N] = {"typo",           "swapped order",  "accents",
                                 "typo+swap",      "adjacent swap",  "doubled char",
                                 "undoubled",      "vowel changed",  "last, first",
                                 "no-break space", "non-ASCII as ?", "non-ASCII dropped"};

static int ascii_at(const char *s, size_t i) { return (unsigned char)s[i] < 0x80; }

/* yente's treatment `kind` of in (UTF-8) into out */
static void treat(const char *in, int kind, char *out, size_t outsz) {
  size_t L = strlen(in), k = 0;
  if (L + 8 > outsz) L = outsz - 8; /* out holds L + 1 for the changes below */
  switch (kind) {
  case P_ADJ:
  case P_DUP:
  case P_VOWEL: {
    memcpy(out, in, L + 1);
    out[L] = 0;
    if (L < 2) return;
    size_t i = 0;
    for (int tries = 0; tries < 16; tries++) { /* an ASCII position (pair, for a swap) */
      i = kind == P_ADJ ? 1 + rnd_t((uint32_t)(L - 1)) : rnd_t((uint32_t)L);
      if (ascii_at(in, i) && (kind != P_ADJ || ascii_at(in, i - 1))) break;
      i = L;
    }
    if (i >= L) return;
    if (kind == P_ADJ) {
      out[i - 1] = in[i];
      out[i] = in[i - 1];
    } else if (kind == P_DUP) {
      memmove(out + i + 1, out + i, L - i + 1);
    } else if (strchr("aeiouy", in[i])) {
      out[i] = "aeiouy"[rnd_t(6)];
    }
    return;
  }
  case P_COMMA: {
    const char *sp = strchr(in, ' ');
    if (!sp) {
      snprintf(out, outsz, "%s", in);
      return;
    }
    snprintf(out, outsz, "%s, %.*s", sp + 1, (int)(sp - in), in);
    return;
  }
  default:
    for (size_t i = 0; i < L && k + 3 < outsz; i++) {
      unsigned char c = (unsigned char)in[i];
      if (kind == P_UNDOUBLE && i && in[i] == in[i - 1]) continue;
      if (kind == P_NBSP && c == ' ') {
        out[k++] = (char)0xc2;
        out[k++] = (char)0xa0;
      } else if ((kind == P_QMARK || kind == P_STRIP) && c >= 0x80) {
        if (kind == P_QMARK && c >= 0xc0) out[k++] = '?'; /* one per character */
      } else
        out[k++] = (char)c;
    }
    out[k] = 0;
  }
}

static void perturb(const char *in, int kind, char *out, size_t outsz) {
  if (kind >= P_TREATED) {
    treat(in, kind, out, outsz);
    return;
  }
  char w[16][128];
  int n = 0;
  char buf[512];
  snprintf(buf, sizeof buf, "%s", in);
  for (char *t = strtok(buf, " "); t && n < 16; t = strtok(NULL, " "))
    snprintf(w[n++], sizeof w[0], "%s", t);
  if (kind == P_TYPO || kind == P_TYPO_SWAP) {
    /* one edit in a random word of 5+ letters (shorter words are left alone) */
    int cand[16], nc = 0;
    for (int i = 0; i < n; i++)
      if (strlen(w[i]) >= 5) cand[nc++] = i;
    if (nc) {
      char *s = w[cand[rnd((uint32_t)nc)]];
      size_t L = strlen(s), i = 1 + rnd((uint32_t)(L - 2));
      switch (rnd(4)) {
      case 0: s[i] = (char)('A' + rnd(26)); break;
      case 1: memmove(s + i, s + i + 1, L - i); break;
      case 2:
        memmove(s + i + 1, s + i, L - i + 1);
        s[i] = (char)('A' + rnd(26));
        break;
      default: {
        char t = s[i];
        s[i] = s[i + 1];
        s[i + 1] = t;
      }
      }
    }
  }
  if ((kind == P_SWAP || kind == P_TYPO_SWAP) && n > 1) { /* last word first */
    char t[128];
    memcpy(t, w[n - 1], sizeof t);
    memmove(w[1], w[0], (size_t)(n - 1) * sizeof w[0]);
    memcpy(w[0], t, sizeof t);
  }
  size_t k = 0;
  out[0] = 0;
  for (int i = 0; i < n; i++) {
    const char *s = w[i];
    if (i && k + 1 < outsz) out[k++] = ' ';
    for (; *s && k + 3 < outsz; s++) {
      if (kind == P_ACCENT && (*s == 'A' || *s == 'E' || *s == 'O')) {
        /* Á É Ó: what a customer file with accents looks like */
        const char *acc = *s == 'A' ? "\xc3\x81" : *s == 'E' ? "\xc3\x89" : "\xc3\x93";
        out[k++] = acc[0];
        out[k++] = acc[1];
      } else
        out[k++] = *s;
    }
    out[k] = 0;
  }
}

static void test_typo_robustness(void **state) {
  fixture *f = *state;
  rf_error err = {0};
  rf_screen_ctx *cx = rf_screen_ctx_new(f->s);
  assert_non_null(cx);
  rf_csv *c;
  assert_int_equal(rf_csv_open(&c, YENTE "positives_un_untreated.csv", NULL, &err), RF_OK);
  char **fl;
  size_t nf;
  assert_int_equal(rf_csv_next(c, &fl, &nf, &err), RF_OK);
  int cn = rf_csv_col(fl, nf, "full_name");
  assert_true(cn >= 0);
  int on_sdn = 0, found[P_N] = {0}, tried[P_N] = {0};
  rf_screen_opts o = {.limit = 50, .no_explain = 1};
  while (rf_csv_next(c, &fl, &nf, &err) == RF_OK) {
    rf_screen_query q = {.name = fl[cn]};
    const rf_screen_result *r;
    if (rf_screen_one(cx, &q, &o, &r, &err)) continue;
    /* on the SDN list: the clean name matches an SDN entry near-exactly */
    const rf_entity *target = NULL;
    for (size_t i = 0; i < r->n && !target; i++)
      if (!strcmp(r->m[i].entity->list, "SDN") && r->m[i].name_score >= 0.95)
        target = r->m[i].entity;
    if (!target) continue;
    on_sdn++;
    char name[512];
    snprintf(name, sizeof name, "%s", fl[cn]);
    for (int k = 0; k < P_N; k++) {
      char pq[512];
      perturb(name, k, pq, sizeof pq);
      rf_screen_query q2 = {.name = pq};
      tried[k]++;
      if (rf_screen_one(cx, &q2, &o, &r, &err)) continue;
      int hit = 0;
      for (size_t i = 0; i < r->n; i++)
        if (r->m[i].entity == target) hit = 1;
      found[k] += hit;
      if (!hit && getenv("RF_VERBOSE"))
        fprintf(stderr, "  missed (%s): %s -> %s\n", pname[k], name, pq);
    }
  }
  rf_csv_close(c);
  rf_screen_ctx_free(cx);
  fprintf(stderr, "typo robustness: %d UN names are on the SDN list (seed 20240501)\n", on_sdn);
  int tf = 0, tt = 0, yf = 0, yt = 0;
  for (int k = 0; k < P_N; k++) {
    if (k == P_TREATED) fprintf(stderr, "  yente's treatments of the same names:\n");
    fprintf(stderr, "  %-17s recall %.3f (%d/%d)\n", pname[k], found[k] / (double)tried[k],
            found[k], tried[k]);
    if (k < P_TREATED)
      tf += found[k], tt += tried[k];
    else
      yf += found[k], yt += tried[k];
  }
  fprintf(stderr, "  all ours          recall %.3f (%d/%d)\n", tf / (double)tt, tf, tt);
  fprintf(stderr, "  all yente's       recall %.3f (%d/%d)\n", yf / (double)yt, yf, yt);
  assert_true(on_sdn >= 100);
  assert_true(found[P_SWAP] == tried[P_SWAP]);
  assert_true(found[P_ACCENT] == tried[P_ACCENT]);
  assert_true(found[P_COMMA] == tried[P_COMMA]);
  assert_true(found[P_NBSP] == tried[P_NBSP]);
  assert_true(tf >= 0.9 * tt);
  assert_true(yf >= 0.95 * yt);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_name_bench_f1),
      cmocka_unit_test(test_ofac_parity),
      cmocka_unit_test(test_false_hits),
      cmocka_unit_test(test_typo_robustness),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
