/* Transaction ids seen recently, for the duplicate check and for naming an
 * alert's evidence: two generations of interned ids. The current generation
 * takes new ids; once the stream's clock is a window past the time the
 * current generation started, the previous one is dropped and the current
 * one becomes the previous. An id is therefore remembered for at least one
 * window and at most two, and a live feed holds a bounded number of ids
 * instead of every id it ever read.
 *
 * Ids handed out are global sequence numbers (a generation's base plus its
 * local index), so they stay unique across generations; an id whose
 * generation was dropped names nothing (rf_i_txids_name returns NULL). */
#include "ingest/ingest_i.h"

#include <stdlib.h>
#include <string.h>

static void rf_i_gen_init(rf_i_txgen *g, uint32_t base) {
  rf_i_dict_init(&g->ids);
  g->line = NULL;
  g->cap = 0;
  g->base = base;
}

static void rf_i_gen_destroy(rf_i_txgen *g) {
  rf_i_dict_destroy(&g->ids);
  free(g->line);
  g->line = NULL;
  g->cap = 0;
}

void rf_i_txids_init(rf_i_txids *x, int64_t window) {
  memset(x, 0, sizeof *x);
  x->window = window;
  rf_i_gen_init(&x->gen[0], 0);
  rf_i_gen_init(&x->gen[1], 0);
}

void rf_i_txids_destroy(rf_i_txids *x) {
  rf_i_gen_destroy(&x->gen[0]);
  rf_i_gen_destroy(&x->gen[1]);
}

void rf_i_txids_reserve(rf_i_txids *x, size_t nslots) {
  rf_i_dict_reserve(&x->gen[x->cur].ids, nslots);
}

size_t rf_i_txids_live(const rf_i_txids *x) { return x->gen[0].ids.n + x->gen[1].ids.n; }

/* the previous generation is dropped; the current one becomes the previous
 * and a new one, sized like it, starts at now */
static void rf_i_txids_rotate(rf_i_txids *x, int64_t now) {
  rf_i_txgen *cur = &x->gen[x->cur], *old = &x->gen[!x->cur];
  size_t n = cur->ids.n;
  rf_i_gen_destroy(old);
  rf_i_gen_init(old, cur->base + (uint32_t)n);
  /* a steady feed fills the next generation like this one: size it so,
   * without rehashing on the way (best effort: it grows if this fails; at
   * most 2^22 slots, 64 MiB, up front) */
  rf_i_dict_reserve(&old->ids, n * 2 < ((size_t)1 << 22) ? n * 2 : ((size_t)1 << 22));
  x->cur = !x->cur;
  x->start = now;
  x->rotations++;
}

static int64_t rf_i_gen_find(const rf_i_txgen *g, const char *key, size_t len) {
  return g->ids.n ? rf_i_dict_get(&g->ids, key, len) : -1;
}

int64_t rf_i_txids_add(rf_i_txids *x, const char *key, size_t len, int64_t now, int may_forget,
                       uint64_t line, uint64_t *first) {
  if (!x->started) {
    x->started = 1;
    x->start = now;
  } else if (may_forget && x->window > 0 && now - x->start >= x->window) {
    rf_i_txids_rotate(x, now);
  }
  const rf_i_txgen *old = &x->gen[!x->cur];
  int64_t k = rf_i_gen_find(old, key, len);
  if (k >= 0) {
    *first = old->line[k];
    return RF_I_TXID_DUP;
  }
  rf_i_txgen *g = &x->gen[x->cur];
  /* room for a new id's line first, so that an interned id always has one */
  uint64_t *p = rf_grow(g->line, &g->cap, g->ids.n + 1, sizeof *p, 4096);
  if (!p) return RF_I_TXID_NOMEM;
  g->line = p;
  int ins = 0;
  k = rf_i_dict_intern(&g->ids, key, len, &ins);
  if (k < 0) return RF_I_TXID_NOMEM;
  if (!ins) {
    *first = g->line[k];
    return RF_I_TXID_DUP;
  }
  g->line[k] = line;
  return (int64_t)(uint32_t)(g->base + (uint32_t)k);
}

const char *rf_i_txids_name(const rf_i_txids *x, uint32_t id) {
  for (int i = 0; i < 2; i++) {
    const rf_i_txgen *g = &x->gen[i];
    uint32_t k = id - g->base; /* modulo 2^32: ids wrap after 4 billion rows */
    if (k < g->ids.n) return g->ids.keys[k];
  }
  return NULL;
}

void rf_i_txids_prefetch(const rf_i_txids *x, const char *key) {
  rf_i_dict_prefetch(&x->gen[x->cur].ids, key);
}
