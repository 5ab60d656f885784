/* String interning: byte strings to dense ids (open addressing). */
#include "redflag/core.h"

#include <stdlib.h>
#include <string.h>

uint64_t rf_hash_bytes(const void *p, size_t n) {
  const unsigned char *s = p;
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) {
    h ^= s[i];
    h *= 1099511628211ULL;
  }
  /* final avalanche so low bits are usable as a table index */
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

void rf_strmap_init(rf_strmap *m) {
  memset(m, 0, sizeof *m);
  rf_arena_init(&m->arena, 256 * 1024);
}

void rf_strmap_destroy(rf_strmap *m) {
  free(m->slots);
  free(m->keys);
  free(m->lens);
  rf_arena_destroy(&m->arena);
  memset(m, 0, sizeof *m);
}

static size_t rf_i_find(const rf_strmap *m, const char *key, size_t len, uint64_t h) {
  size_t mask = m->nslots - 1;
  size_t i = (size_t)h & mask;
  for (;;) {
    uint32_t s = m->slots[i];
    if (s == 0) return i;
    uint32_t id = s - 1;
    if (m->lens[id] == len && memcmp(m->keys[id], key, len) == 0) return i;
    i = (i + 1) & mask;
  }
}

static int rf_i_grow(rf_strmap *m) {
  size_t nslots = m->nslots ? m->nslots * 2 : 1024;
  uint32_t *slots = calloc(nslots, sizeof *slots);
  if (!slots) return -1;
  size_t mask = nslots - 1;
  for (size_t id = 0; id < m->n; id++) {
    size_t i = (size_t)rf_hash_bytes(m->keys[id], m->lens[id]) & mask;
    while (slots[i]) i = (i + 1) & mask;
    slots[i] = (uint32_t)id + 1;
  }
  free(m->slots);
  m->slots = slots;
  m->nslots = nslots;
  return 0;
}

int64_t rf_strmap_get(const rf_strmap *m, const char *key, size_t len) {
  if (!m->nslots) return -1;
  size_t i = rf_i_find(m, key, len, rf_hash_bytes(key, len));
  return m->slots[i] ? (int64_t)m->slots[i] - 1 : -1;
}

int64_t rf_strmap_intern(rf_strmap *m, const char *key, size_t len, int *inserted) {
  if (inserted) *inserted = 0;
  if ((m->n + 1) * 2 > m->nslots && rf_i_grow(m)) return -1;
  uint64_t h = rf_hash_bytes(key, len);
  size_t i = rf_i_find(m, key, len, h);
  if (m->slots[i]) return (int64_t)m->slots[i] - 1;
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 1024;
    char **keys = realloc(m->keys, cap * sizeof *keys);
    if (!keys) return -1;
    m->keys = keys;
    uint32_t *lens = realloc(m->lens, cap * sizeof *lens);
    if (!lens) return -1;
    m->lens = lens;
    m->cap = cap;
  }
  char *k = rf_arena_strndup(&m->arena, key, len);
  if (!k) return -1;
  m->keys[m->n] = k;
  m->lens[m->n] = (uint32_t)len;
  m->slots[i] = (uint32_t)m->n + 1;
  if (inserted) *inserted = 1;
  return (int64_t)m->n++;
}
