/* String interning for the per-row account ids and short texts: like
 * rf_strmap (dense ids, keys in an arena) but the hot lookup touches one
 * cache line: each 16-byte slot holds the id, the length and the first 11
 * bytes of the key (packed in two words: rf_i_kpack), so keys of up to 11 bytes (AMLworld account
 * ids are 9) are compared without touching the string store. With rf_strmap the AMLworld reader
 * spent most of its time in cache misses (docs/ingest.md). */
#include "ingest/ingest_i.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static inline uint64_t rf_i_mix(uint64_t h) {
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ULL;
  h ^= h >> 32;
  return h;
}

static int rf_i_dict_grow(rf_i_dict *d);
static void rf_i_slots_free(rf_i_slot *s, size_t n);

uint64_t rf_i_dict_hash(const char *s, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xff51afd7ed558ccdULL);
  uint64_t a = 0, b = 0;
  if (n >= 8 && n <= 16) { /* two overlapping words: no loop for short ids */
    memcpy(&a, s, 8);
    memcpy(&b, s + n - 8, 8);
    return rf_i_mix(rf_i_mix(h ^ a) * 0x9E3779B97F4A7C15ULL ^ b);
  }
  if (n < 8) { /* overlapping 4-byte reads, or three bytes (as wyhash) */
    if (n >= 4) {
      uint32_t x, y;
      memcpy(&x, s, 4);
      memcpy(&y, s + n - 4, 4);
      a = (uint64_t)x << 32 | y;
    } else if (n) {
      a = (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[n / 2] << 8 |
          (unsigned char)s[n - 1];
    }
    return rf_i_mix(rf_i_mix(h ^ a) * 0x9E3779B97F4A7C15ULL);
  }
  while (n >= 8) {
    memcpy(&a, s, 8);
    h = rf_i_mix(h ^ a) * 0x9E3779B97F4A7C15ULL;
    s += 8;
    n -= 8;
  }
  memcpy(&b, s, n);
  return rf_i_mix(h ^ b ^ 0x2545F4914F6CDD1DULL);
}

void rf_i_dict_reserve(rf_i_dict *d, size_t nslots) {
  size_t n = 1024;
  while (n < nslots) n *= 2;
  if (n <= d->nslots) return;
  size_t keep = d->nslots;
  d->nslots = n / 2; /* rf_i_dict_grow doubles */
  if (rf_i_dict_grow(d)) d->nslots = keep;
}

void rf_i_dict_init(rf_i_dict *d) {
  memset(d, 0, sizeof *d);
  rf_arena_init(&d->arena, 256 * 1024);
}

void rf_i_dict_destroy(rf_i_dict *d) {
  rf_i_slots_free(d->slots, d->nslots);
  free(d->keys);
  free(d->lens);
  rf_arena_destroy(&d->arena);
  memset(d, 0, sizeof *d);
}

static void rf_i_slot_set(rf_i_slot *s, uint32_t id, rf_i_kpack k) {
  s->id1 = id + 1;
  s->lo = k.lo;
  s->hi = k.hi;
}

/* Big tables are 2 MiB aligned and marked for transparent huge pages: the
 * lookups are random, and with 4 KiB pages each one is also a TLB miss. They
 * are mapped directly, so they start zeroed without a memset: the kernel
 * zeroes each page when it is first touched, spread over the reading instead
 * of all at the open. */
#define RF_I_SLOTS_BIG ((size_t)2 << 20)

static rf_i_slot *rf_i_slots_alloc(size_t n) {
  size_t bytes = n * sizeof(rf_i_slot);
  if (bytes < RF_I_SLOTS_BIG) return calloc(n, sizeof(rf_i_slot));
  size_t span = bytes + RF_I_SLOTS_BIG;
  char *p = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return NULL;
  /* trim to a 2 MiB aligned start */
  size_t head = (RF_I_SLOTS_BIG - ((uintptr_t)p & (RF_I_SLOTS_BIG - 1))) & (RF_I_SLOTS_BIG - 1);
  if (head) munmap(p, head);
  if (span - head > bytes) munmap(p + head + bytes, span - head - bytes);
  p += head;
#ifdef MADV_HUGEPAGE
  (void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
  return (rf_i_slot *)p;
}

static void rf_i_slots_free(rf_i_slot *s, size_t n) {
  if (!s) return;
  if (n * sizeof *s < RF_I_SLOTS_BIG)
    free(s);
  else
    munmap(s, n * sizeof *s);
}

static int rf_i_dict_grow(rf_i_dict *d) {
  size_t n = d->nslots ? d->nslots * 2 : 1024;
  rf_i_slot *slots = rf_i_slots_alloc(n);
  if (!slots) return -1;
  size_t mask = n - 1;
  for (size_t id = 0; id < d->n; id++) {
    size_t i = (size_t)rf_i_dict_hash(d->keys[id], d->lens[id]) & mask; /* keys[] is sequential */
    while (slots[i].id1) i = (i + 1) & mask;
    rf_i_slot_set(&slots[i], (uint32_t)id, rf_i_kpack_of(d->keys[id], d->lens[id]));
  }
  rf_i_slots_free(d->slots, d->nslots);
  d->slots = slots;
  d->nslots = n;
  return 0;
}

/* k: the key's pack (rf_i_kpack_of); longer keys compare in full */
static inline int rf_i_slot_eq(const rf_i_dict *d, const rf_i_slot *s, rf_i_kpack k,
                               const char *key, size_t len) {
  if (!rf_i_slot_match(s, k)) return 0;
  if (len <= RF_I_INLINE) return 1;
  uint32_t id = s->id1 - 1;
  return d->lens[id] == len && memcmp(d->keys[id], key, len) == 0;
}

int64_t rf_i_dict_get(const rf_i_dict *d, const char *key, size_t len) {
  if (!d->nslots) return -1;
  size_t mask = d->nslots - 1;
  size_t i = (size_t)rf_i_dict_hash(key, len) & mask;
  rf_i_kpack k = rf_i_kpack_of(key, len);
  for (;; i = (i + 1) & mask) {
    const rf_i_slot *s = &d->slots[i];
    if (!s->id1) return -1;
    if (rf_i_slot_eq(d, s, k, key, len)) return s->id1 - 1;
  }
}

int64_t rf_i_dict_intern(rf_i_dict *d, const char *key, size_t len, int *inserted) {
  return rf_i_dict_intern_h(d, key, len, rf_i_dict_hash(key, len), inserted);
}

int64_t rf_i_dict_intern_h(rf_i_dict *d, const char *key, size_t len, uint64_t h, int *inserted) {
  if (inserted) *inserted = 0;
  if ((d->n + 1) * 2 > d->nslots && rf_i_dict_grow(d)) return -1;
  size_t mask = d->nslots - 1;
  size_t i = (size_t)h & mask;
  rf_i_kpack kp = rf_i_kpack_of(key, len);
  for (;; i = (i + 1) & mask) {
    rf_i_slot *s = &d->slots[i];
    if (!s->id1) break;
    if (rf_i_slot_eq(d, s, kp, key, len)) return s->id1 - 1;
  }
  if (d->n >= UINT32_MAX - 2 || len > UINT32_MAX) return -1;
  if (d->n == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 1024;
    char **keys = realloc(d->keys, cap * sizeof *keys);
    if (!keys) return -1;
    d->keys = keys;
    uint32_t *lens = realloc(d->lens, cap * sizeof *lens);
    if (!lens) return -1;
    d->lens = lens;
    d->cap = cap;
  }
  char *k = rf_arena_strndup(&d->arena, key, len);
  if (!k) return -1;
  uint32_t id = (uint32_t)d->n++;
  d->keys[id] = k;
  d->lens[id] = (uint32_t)len;
  rf_i_slot_set(&d->slots[i], id, kp);
  if (inserted) *inserted = 1;
  return id;
}

void rf_i_dict_prefetch_h(const rf_i_dict *d, uint64_t h) {
  if (d->nslots) __builtin_prefetch(&d->slots[(size_t)h & (d->nslots - 1)]);
}

void rf_i_dict_prefetch(const rf_i_dict *d, const char *key) {
  rf_i_dict_prefetch_h(d, rf_i_dict_hash(key, strlen(key)));
}
