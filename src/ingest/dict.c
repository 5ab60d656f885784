/* Cache-friendly index over an rf_strmap for the per-row interning of
 * account ids and short texts.
 *
 * rf_strmap keeps the strings (keys[], lens[] and its arena) and hands out
 * the ids; this index answers the hot lookup with one cache line: each
 * 16-byte slot holds the id, the length and the first 11 bytes of the key,
 * so keys of up to 11 bytes (AMLworld account ids are 9) are compared
 * without touching the string store. */
#include "ingest/ingest_i.h"

#include <stdlib.h>
#include <string.h>

static inline uint64_t rf_i_mix(uint64_t h) {
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ULL;
  h ^= h >> 32;
  return h;
}

static uint64_t rf_i_hash(const char *s, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xff51afd7ed558ccdULL);
  while (n >= 8) {
    uint64_t w;
    memcpy(&w, s, 8);
    h = rf_i_mix(h ^ w) * 0x9E3779B97F4A7C15ULL;
    s += 8;
    n -= 8;
  }
  uint64_t w = 0;
  for (size_t i = 0; i < n; i++) w |= (uint64_t)(unsigned char)s[i] << (8 * i);
  return rf_i_mix(h ^ w ^ 0x2545F4914F6CDD1DULL);
}

void rf_i_dict_init(rf_i_dict *d) {
  memset(d, 0, sizeof *d);
  rf_strmap_init(&d->m);
}

void rf_i_dict_destroy(rf_i_dict *d) {
  free(d->slots);
  rf_strmap_destroy(&d->m);
  memset(d, 0, sizeof *d);
}

static void rf_i_slot_set(rf_i_slot *s, uint32_t id, const char *key, size_t len) {
  s->id1 = id + 1;
  s->len = len > 255 ? 255 : (uint8_t)len;
  size_t k = len < RF_I_INLINE ? len : RF_I_INLINE;
  memset(s->key, 0, RF_I_INLINE);
  memcpy(s->key, key, k);
}

static int rf_i_dict_grow(rf_i_dict *d) {
  size_t n = d->nslots ? d->nslots * 2 : 1024;
  rf_i_slot *slots = calloc(n, sizeof *slots);
  if (!slots) return -1;
  size_t mask = n - 1;
  for (size_t id = 0; id < d->m.n; id++) {
    size_t i = (size_t)rf_i_hash(d->m.keys[id], d->m.lens[id]) & mask;
    while (slots[i].id1) i = (i + 1) & mask;
    rf_i_slot_set(&slots[i], (uint32_t)id, d->m.keys[id], d->m.lens[id]);
  }
  free(d->slots);
  d->slots = slots;
  d->nslots = n;
  return 0;
}

/* pad: the key's first RF_I_INLINE bytes, zero-padded (fixed-size compare). */
static inline int rf_i_slot_eq(const rf_i_dict *d, const rf_i_slot *s, const char *pad,
                               const char *key, size_t len) {
  if (s->len != (len > 255 ? 255 : len)) return 0;
  if (memcmp(s->key, pad, RF_I_INLINE)) return 0;
  if (len <= RF_I_INLINE) return 1;
  uint32_t id = s->id1 - 1;
  return d->m.lens[id] == len && memcmp(d->m.keys[id], key, len) == 0;
}

static inline void rf_i_pad(char *pad, const char *key, size_t len) {
  memset(pad, 0, RF_I_INLINE);
  memcpy(pad, key, len < RF_I_INLINE ? len : RF_I_INLINE);
}

int64_t rf_i_dict_get(const rf_i_dict *d, const char *key, size_t len) {
  if (!d->nslots) return -1;
  size_t mask = d->nslots - 1;
  size_t i = (size_t)rf_i_hash(key, len) & mask;
  char pad[RF_I_INLINE];
  rf_i_pad(pad, key, len);
  for (;; i = (i + 1) & mask) {
    const rf_i_slot *s = &d->slots[i];
    if (!s->id1) return -1;
    if (rf_i_slot_eq(d, s, pad, key, len)) return s->id1 - 1;
  }
}

int64_t rf_i_dict_intern(rf_i_dict *d, const char *key, size_t len, int *inserted) {
  if (inserted) *inserted = 0;
  if ((d->m.n + 1) * 2 > d->nslots && rf_i_dict_grow(d)) return -1;
  size_t mask = d->nslots - 1;
  size_t i = (size_t)rf_i_hash(key, len) & mask;
  char pad[RF_I_INLINE];
  rf_i_pad(pad, key, len);
  for (;; i = (i + 1) & mask) {
    rf_i_slot *s = &d->slots[i];
    if (!s->id1) break;
    if (rf_i_slot_eq(d, s, pad, key, len)) return s->id1 - 1;
  }
  int ins = 0;
  int64_t id = rf_strmap_intern(&d->m, key, len, &ins);
  if (id < 0 || id >= (int64_t)UINT32_MAX - 1) return -1;
  rf_i_slot_set(&d->slots[i], (uint32_t)id, key, len);
  if (inserted) *inserted = 1;
  return id;
}

void rf_i_dict_prefetch(const rf_i_dict *d, const char *key) {
  if (!d->nslots) return;
  size_t i = (size_t)rf_i_hash(key, strlen(key)) & (d->nslots - 1);
  __builtin_prefetch(&d->slots[i]);
}
