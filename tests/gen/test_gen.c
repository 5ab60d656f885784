/* Synthetic data generator: determinism, labels vs patterns file, every
 * typology present and shaped as documented, round trip through the readers. */
#include "rf_test.h"
#include "redflag/gen.h"
#include "redflag/ingest.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct gen_out {
  char *data, *pat, *truth;
  size_t len, plen, tlen;
  rf_gen_stats st;
} gen_out;

static const char *const watch[] = {"GUZMAN LOPEZ, Ovidio", "Comercializadora \"Kali\" SA"};
static int g_watch; /* gen() passes the watch names above */

static void gen(gen_out *g, uint64_t seed, uint64_t n, rf_gen_format fmt) {
  rf_gen_opts o;
  rf_gen_opts_default(&o);
  o.seed = seed;
  o.transactions = n;
  o.format = fmt;
  if (g_watch) {
    o.watch_names = watch;
    o.nwatch = 2;
  }
  memset(g, 0, sizeof *g);
  FILE *f = open_memstream(&g->data, &g->len);
  FILE *p = open_memstream(&g->pat, &g->plen);
  FILE *t = open_memstream(&g->truth, &g->tlen);
  rf_error err;
  rf_status st = rf_gen_write(&o, f, p, t, &g->st, &err);
  if (st) fprintf(stderr, "%s\n", err.msg);
  assert_int_equal(st, RF_OK);
  fclose(f);
  fclose(p);
  fclose(t);
}

static void gen_free(gen_out *g) {
  free(g->data);
  free(g->pat);
  free(g->truth);
}

static void test_determinism(void **state) {
  (void)state;
  gen_out a, b, c;
  gen(&a, 42, 20000, RF_GEN_AMLWORLD);
  gen(&b, 42, 20000, RF_GEN_AMLWORLD);
  gen(&c, 43, 20000, RF_GEN_AMLWORLD);
  assert_int_equal(a.len, b.len);
  assert_memory_equal(a.data, b.data, a.len);
  assert_int_equal(a.plen, b.plen);
  assert_memory_equal(a.pat, b.pat, a.plen);
  assert_true(a.len != c.len || memcmp(a.data, c.data, a.len) != 0);
  gen_free(&a);
  gen_free(&b);
  gen_free(&c);
}

/* Reads generated text back; returns the reader (caller closes). */
static rf_ingest *read_all(const char *data, size_t len, rf_txn_format fmt, uint64_t *labelled) {
  rf_ingest_opts o = {0};
  o.format = fmt;
  o.jsonl = 0;
  o.max_lateness = 1; /* generated files are in time order */
  rf_ingest *r;
  rf_error err;
  assert_int_equal(rf_ingest_open_mem(&r, data, len, "gen.csv", &o, &err), RF_OK);
  rf_txn t;
  rf_status st;
  *labelled = 0;
  while ((st = rf_ingest_next(r, &t, &err)) != RF_EEMPTY) {
    if (st) fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(st, RF_OK);
    *labelled += t.label == 1;
  }
  return r;
}

static void check_patterns(const gen_out *g, rf_gen_format fmt) {
  /* every BEGIN has its END, rows between them are the labelled rows */
  uint64_t rows = 0, per[RF_PAT_COUNT] = {0}, att = 0;
  int in = -1;
  char *save = NULL, *copy = malloc(g->plen + 1);
  memcpy(copy, g->pat, g->plen);
  copy[g->plen] = '\0';
  for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    if (strncmp(line, "BEGIN LAUNDERING ATTEMPT - ", 27) == 0) {
      assert_int_equal(in, -1);
      char name[32] = {0};
      sscanf(line + 27, "%31[^:]", name);
      in = rf_gen_pattern_parse(name);
      assert_true(in >= 0);
      att++;
    } else if (strncmp(line, "END LAUNDERING ATTEMPT - ", 25) == 0) {
      assert_true(in >= 0);
      assert_int_equal(rf_gen_pattern_parse(line + 25), in);
      in = -1;
    } else {
      assert_true(in >= 0);
      /* the same line appears verbatim in the output */
      assert_non_null(memmem(g->data, g->len, line, strlen(line)));
      assert_true(fmt == RF_GEN_REDFLAG || strcmp(line + strlen(line) - 2, ",1") == 0);
      rows++;
      per[in]++;
    }
  }
  free(copy);
  assert_int_equal(in, -1);
  assert_int_equal(rows, g->st.laundering_rows);
  assert_int_equal(att, g->st.attempts);
  /* SANCTIONED needs names: the redflag format and watch names */
  int npat = g_watch && fmt == RF_GEN_REDFLAG ? RF_PAT_COUNT : RF_PAT_SANCTIONED;
  for (int p = 0; p < RF_PAT_COUNT; p++) {
    if (per[p] == 0 && p < npat) fprintf(stderr, "pattern %s missing\n", rf_gen_pattern_name(p));
    assert_true(p < npat ? per[p] > 0 : per[p] == 0);
    assert_int_equal(per[p], g->st.pattern_rows[p]);
  }
  /* truth file: one line per laundering row */
  uint64_t tl = 0;
  for (size_t i = 0; i < g->tlen; i++) tl += g->truth[i] == '\n';
  assert_int_equal(tl, rows + 1);
}

static void test_labels_and_roundtrip(void **state) {
  (void)state;
  for (int f = 0; f < 2; f++) {
    rf_gen_format fmt = f ? RF_GEN_REDFLAG : RF_GEN_AMLWORLD;
    gen_out g;
    gen(&g, 7, 50000, fmt);
    assert_int_equal(g.st.rows, 50000);
    /* laundering is a small minority, near the requested 0.2% */
    assert_true(g.st.laundering_rows >= 100 && g.st.laundering_rows < 400);
    check_patterns(&g, fmt);
    uint64_t lab;
    rf_ingest *r = read_all(g.data, g.len, f ? RF_FMT_REDFLAG : RF_FMT_AMLWORLD, &lab);
    const rf_ingest_stats *s = rf_ingest_stats_get(r);
    assert_int_equal(s->read, 50000);
    assert_int_equal(s->rejected, 0);
    assert_int_equal(s->late, 0);
    assert_int_equal(lab, g.st.laundering_rows);
    assert_true(rf_ingest_has_labels(r));
    rf_ingest_close(r);
    gen_free(&g);
  }
}

/* Parses the rows of each attempt in the patterns file with the AMLworld
 * reader and checks the documented shape of each typology. */
static void test_pattern_shapes(void **state) {
  (void)state;
  gen_out g;
  gen(&g, 11, 200000, RF_GEN_AMLWORLD);
  const char *hdr = "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving "
                    "Currency,Amount Paid,Payment Currency,Payment Format,Is Laundering\n";
  char *p = g.pat, *end = g.pat + g.plen;
  int checked[RF_PAT_COUNT] = {0};
  while (p < end) {
    char *b = strstr(p, "BEGIN LAUNDERING ATTEMPT - ");
    if (!b) break;
    char name[32] = {0};
    sscanf(b + 27, "%31[^:\n]", name);
    int pat = rf_gen_pattern_parse(name);
    char *rows = strchr(b, '\n') + 1;
    char *e = strstr(rows, "END LAUNDERING ATTEMPT");
    size_t hl = strlen(hdr), rl = (size_t)(e - rows);
    char *buf = malloc(hl + rl + 1);
    memcpy(buf, hdr, hl);
    memcpy(buf + hl, rows, rl);
    rf_ingest_opts o = {0};
    o.format = RF_FMT_AMLWORLD;
    rf_ingest *r;
    rf_error err;
    assert_int_equal(rf_ingest_open_mem(&r, buf, hl + rl, "pat", &o, &err), RF_OK);
    rf_txn t[64];
    int n = 0;
    while (n < 64 && rf_ingest_next(r, &t[n], &err) == RF_OK) n++;
    assert_true(n >= 2);
    int ok = 1;
    for (int i = 1; i < n; i++) ok &= t[i].time >= t[i - 1].time;
    switch (pat) {
    case RF_PAT_FAN_OUT:
      for (int i = 1; i < n; i++) ok &= t[i].src == t[0].src && t[i].dst != t[0].dst;
      break;
    case RF_PAT_FAN_IN:
      for (int i = 1; i < n; i++) ok &= t[i].dst == t[0].dst && t[i].src != t[0].src;
      break;
    case RF_PAT_CYCLE:
      ok &= t[n - 1].dst == t[0].src;
      for (int i = 1; i < n; i++) ok &= t[i].src == t[i - 1].dst;
      for (int i = 1; i < n; i++)
        ok &= t[i].amount <= t[i - 1].amount * 1.0001 + 0.01 || t[i].currency != t[i - 1].currency;
      break;
    case RF_PAT_STRUCTURING:
      for (int i = 0; i < n; i++)
        ok &= t[i].channel == RF_CH_CASH && t[i].amount < 10000 && t[i].amount >= 8000 &&
              t[i].dst == t[0].dst && strcmp(rf_ingest_text(r, t[i].currency), "US Dollar") == 0;
      break;
    case RF_PAT_FUNNEL: {
      int cash = 0, wires = 0;
      for (int i = 0; i < n; i++) {
        if (t[i].channel == RF_CH_CASH) cash++, ok &= t[i].dst == t[0].dst;
        if (t[i].channel == RF_CH_WIRE) {
          wires++;
          const char *rc = rf_ingest_text(r, t[i].currency_received);
          ok &=
              t[i].src == t[0].dst && (strcmp(rc, "Mexican Peso") == 0 || strcmp(rc, "Yuan") == 0);
        }
      }
      ok &= cash >= 6 && wires >= 1 && cash + wires == n;
      break;
    }
    case RF_PAT_PASS_THROUGH:
      /* everything happens within a few hours */
      ok &= t[n - 1].time - t[0].time <= 6 * 3600;
      break;
    default: break;
    }
    if (!ok) fprintf(stderr, "attempt %s has the wrong shape\n", name);
    assert_true(ok);
    checked[pat] = 1;
    rf_ingest_close(r);
    free(buf);
    p = e + 1;
  }
  for (int k = 0; k < RF_PAT_SANCTIONED; k++) assert_true(checked[k]); /* no names here */
  gen_free(&g);
}

static void test_redflag_fields(void **state) {
  (void)state;
  gen_out g;
  gen(&g, 5, 30000, RF_GEN_REDFLAG);
  rf_ingest_opts o = {0};
  o.format = RF_FMT_REDFLAG;
  rf_ingest *r;
  rf_error err;
  assert_int_equal(rf_ingest_open_mem(&r, g.data, g.len, "gen.csv", &o, &err), RF_OK);
  rf_txn t;
  uint64_t deposits = 0, with_conductor = 0, with_state = 0, txids = 0;
  while (rf_ingest_next(r, &t, &err) == RF_OK) {
    txids += t.txid != RF_NONE;
    if (t.channel == RF_CH_CASH_DEPOSIT) {
      deposits++;
      with_conductor += t.conductor != RF_NONE;
      assert_int_equal(t.src, RF_NONE);
    }
    with_state += t.state != RF_NONE;
  }
  assert_int_equal(txids, 30000);
  assert_true(deposits > 100);
  assert_int_equal(with_conductor, deposits);
  assert_true(with_state > 100);
  assert_int_equal(rf_ingest_stats_get(r)->duplicates, 0);
  rf_ingest_close(r);
  gen_free(&g);
}

/* Watch names become the payees of SANCTIONED attempts (quoted when they
 * hold commas or quotes), and those payees have no unlabelled traffic. */
static void test_watch_names(void **state) {
  (void)state;
  g_watch = 1;
  gen_out g;
  gen(&g, 9, 50000, RF_GEN_REDFLAG);
  check_patterns(&g, RF_GEN_REDFLAG);
  assert_true(g.st.pattern_attempts[RF_PAT_SANCTIONED] > 0);
  uint64_t lab;
  rf_ingest *r = read_all(g.data, g.len, RF_FMT_REDFLAG, &lab);
  rf_ingest_close(r);
  rf_ingest_opts o = {0};
  o.format = RF_FMT_REDFLAG;
  rf_error err;
  assert_int_equal(rf_ingest_open_mem(&r, g.data, g.len, "gen.csv", &o, &err), RF_OK);
  rf_txn t;
  uint64_t to_watch = 0;
  while (rf_ingest_next(r, &t, &err) == RF_OK) {
    const char *name = t.dst_name == RF_NONE ? "" : rf_ingest_text(r, t.dst_name);
    int listed = !strcmp(name, watch[0]) || !strcmp(name, watch[1]);
    if (listed) assert_int_equal(t.label, 1);
    to_watch += listed;
    if (t.src_name != RF_NONE) { /* listed payees never pay */
      const char *sn = rf_ingest_text(r, t.src_name);
      assert_true(strcmp(sn, watch[0]) && strcmp(sn, watch[1]));
    }
  }
  assert_int_equal(to_watch, g.st.pattern_rows[RF_PAT_SANCTIONED]);
  rf_ingest_close(r);
  gen_free(&g);
  /* the AMLworld format has no names: no SANCTIONED attempts */
  gen(&g, 9, 50000, RF_GEN_AMLWORLD);
  check_patterns(&g, RF_GEN_AMLWORLD);
  gen_free(&g);
  g_watch = 0;
}

static void test_bad_options(void **state) {
  (void)state;
  rf_gen_opts o;
  rf_gen_opts_default(&o);
  o.days = 0;
  rf_error err;
  FILE *f = fopen("/dev/null", "w");
  assert_int_equal(rf_gen_write(&o, f, NULL, NULL, NULL, &err), RF_EINVAL);
  rf_gen_opts_default(&o);
  o.transactions = 3; /* the first attempt (fan-out) has at least 4 rows */
  o.laundering_rate = 0.2;
  assert_int_equal(rf_gen_write(&o, f, NULL, NULL, NULL, &err), RF_EINVAL);
  assert_non_null(strstr(err.msg, "too few"));
  rf_gen_opts_default(&o);
  o.laundering_rate = 0;
  rf_gen_stats st;
  o.transactions = 1000;
  assert_int_equal(rf_gen_write(&o, f, NULL, NULL, &st, &err), RF_OK);
  assert_int_equal(st.rows, 1000);
  assert_int_equal(st.laundering_rows, 0);
  fclose(f);
  assert_int_equal(rf_gen_pattern_parse("fan-out"), RF_PAT_FAN_OUT);
  assert_int_equal(rf_gen_pattern_parse("PASS-THROUGH"), RF_PAT_PASS_THROUGH);
  assert_int_equal(rf_gen_pattern_parse("nope"), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_determinism),    cmocka_unit_test(test_labels_and_roundtrip),
      cmocka_unit_test(test_pattern_shapes), cmocka_unit_test(test_redflag_fields),
      cmocka_unit_test(test_watch_names),    cmocka_unit_test(test_bad_options),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
