/* The reader's interning dictionary (dict.c) and its packed slot keys
 * (rf_i_kpack_of): keys that differ in any one byte, in length only, or
 * only past the inline bytes get different ids; the same key always gets
 * its id back, across table growth; and the text cache in front of it
 * (rf_i_text_n) agrees with it. */
#include "ingest/ingest_i.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define MAXLEN 40

/* every key of length 0..MAXLEN over a base string, and each with one byte
 * changed at every position (to a byte that includes 0 and 0xFF) */
typedef struct keyset {
  char (*k)[MAXLEN];
  size_t *len;
  size_t n;
} keyset;

static void keyset_make(keyset *s) {
  static const unsigned char subst[] = {0x00, 0x01, 'A', 0x7F, 0x80, 0xFF};
  size_t cap = (MAXLEN + 1) * (1 + MAXLEN * sizeof subst);
  s->k = calloc(cap, sizeof *s->k);
  s->len = calloc(cap, sizeof *s->len);
  s->n = 0;
  char base[MAXLEN];
  for (int i = 0; i < MAXLEN; i++) base[i] = (char)('0' + i % 10);
  for (size_t len = 0; len <= MAXLEN; len++) {
    memcpy(s->k[s->n], base, len);
    s->len[s->n++] = len;
    for (size_t pos = 0; pos < len; pos++)
      for (size_t j = 0; j < sizeof subst; j++) {
        if ((unsigned char)base[pos] == subst[j]) continue;
        memcpy(s->k[s->n], base, len);
        s->k[s->n][pos] = (char)subst[j];
        s->len[s->n++] = len;
      }
  }
  assert_true(s->n <= cap);
}

static void keyset_free(keyset *s) {
  free(s->k);
  free(s->len);
}

static void test_distinct_keys_distinct_ids(void **state) {
  (void)state;
  keyset s;
  keyset_make(&s);
  rf_i_dict d;
  rf_i_dict_init(&d);
  for (size_t i = 0; i < s.n; i++) {
    int ins = 0;
    int64_t id = rf_i_dict_intern(&d, s.k[i], s.len[i], &ins);
    assert_int_equal(ins, 1); /* all keys differ: each one is new */
    assert_int_equal(id, (int64_t)i);
  }
  /* the table grew many times: every key still finds its own id */
  for (size_t i = 0; i < s.n; i++) {
    int ins = 1;
    assert_int_equal(rf_i_dict_intern(&d, s.k[i], s.len[i], &ins), (int64_t)i);
    assert_int_equal(ins, 0);
    assert_int_equal(rf_i_dict_get(&d, s.k[i], s.len[i]), (int64_t)i);
    assert_int_equal(d.lens[i], s.len[i]);
    assert_memory_equal(d.keys[i], s.k[i], s.len[i]);
  }
  assert_int_equal(rf_i_dict_get(&d, "not there", 9), -1);
  rf_i_dict_destroy(&d);
  keyset_free(&s);
}

static void test_pack_is_injective_on_inline_bytes(void **state) {
  (void)state;
  keyset s;
  keyset_make(&s);
  for (size_t i = 0; i < s.n; i++) {
    if (s.len[i] > RF_I_INLINE) continue;
    rf_i_kpack a = rf_i_kpack_of(s.k[i], s.len[i]);
    for (size_t j = i + 1; j < s.n; j++) {
      if (s.len[j] > RF_I_INLINE) continue;
      rf_i_kpack b = rf_i_kpack_of(s.k[j], s.len[j]);
      assert_false(a.lo == b.lo && a.hi == b.hi);
    }
  }
  keyset_free(&s);
}

static void test_text_cache_agrees(void **state) {
  (void)state;
  keyset s;
  keyset_make(&s);
  rf_ingest r;
  memset(&r, 0, sizeof r);
  rf_i_dict_init(&r.text);
  r.tcache = calloc(RF_I_TCACHE, sizeof *r.tcache);
  assert_non_null(r.tcache);
  for (int round = 0; round < 2; round++)
    for (size_t i = 0; i < s.n; i++) {
      if (!s.len[i]) continue;
      uint32_t id = rf_i_text_n(&r, s.k[i], s.len[i]);
      assert_int_equal((int64_t)id, rf_i_dict_get(&r.text, s.k[i], s.len[i]));
    }
  assert_int_equal(rf_i_text_n(&r, "x", 0), RF_NONE);
  free(r.tcache);
  rf_i_dict_destroy(&r.text);
  keyset_free(&s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_distinct_keys_distinct_ids),
      cmocka_unit_test(test_pack_is_injective_on_inline_bytes),
      cmocka_unit_test(test_text_cache_agrees),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
