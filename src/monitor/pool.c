/* Edge arrays of the monitor's rings: power-of-two size classes carved out
 * of large chunks backed by transparent huge pages, with free lists per
 * class. A helper thread can touch the next chunk before it is needed, so
 * that page faults and the kernel's zeroing of fresh pages happen off the
 * detector thread. Sanitizer builds use malloc/free (RF_I_POOL 0) so that
 * ASan sees every ring bound. */
#include "monitor_i.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#if RF_I_POOL

/* one chunk size: the helper touches at most one chunk that may go unused
 * (chunks that doubled up to 16 MiB left 20 MB touched and idle at the end of
 * a 5M-row run, and cost a 200k-row run a third of its page faults) */
#define RF_I_CHUNK ((size_t)4 << 20)

struct rf_i_prefault {
  pthread_t th;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  size_t want; /* bytes to prepare next, 0 = nothing asked */
  char *ready; /* a prepared chunk, handed over under mu */
  size_t ready_size;
  int stop;
};

/* size bytes, rounded up to whole 2 MiB pages, 2 MiB aligned and asked to be
 * backed by transparent huge pages (random access to accounts' edge arrays
 * otherwise misses the TLB on nearly every transaction) */
static char *rf_i_chunk_alloc(size_t size) {
  size = (size + RF_I_HUGE - 1) & ~(RF_I_HUGE - 1);
  char *c = aligned_alloc(RF_I_HUGE, size);
#ifdef MADV_HUGEPAGE
  if (c) (void)madvise(c, size, MADV_HUGEPAGE);
#endif
  return c;
}

static void *rf_i_prefault_main(void *arg) {
  struct rf_i_prefault *pf = arg;
  pthread_mutex_lock(&pf->mu);
  for (;;) {
    while (!pf->stop && (!pf->want || pf->ready)) pthread_cond_wait(&pf->cv, &pf->mu);
    if (pf->stop) break;
    size_t size = pf->want;
    pf->want = 0;
    pthread_mutex_unlock(&pf->mu);
    char *c = rf_i_chunk_alloc(size);
    /* one write per 4 KiB page faults the whole chunk in (contents are
     * don't-care: the pool never assumes zeroed memory) */
    if (c)
      for (size_t off = 0; off < size; off += 4096) ((volatile char *)c)[off] = 0;
    pthread_mutex_lock(&pf->mu);
    pf->ready = c;
    pf->ready_size = c ? size : 0;
  }
  pthread_mutex_unlock(&pf->mu);
  return NULL;
}

void rf_i_pool_prefault_start(rf_i_pool *p) {
  if (p->pf) return;
  struct rf_i_prefault *pf = calloc(1, sizeof *pf);
  if (!pf) return;
  pthread_mutex_init(&pf->mu, NULL);
  pthread_cond_init(&pf->cv, NULL);
  pf->want = 0; /* asked for once the current chunk is half used */
  p->asked = 0;
  if (pthread_create(&pf->th, NULL, rf_i_prefault_main, pf)) {
    pthread_cond_destroy(&pf->cv);
    pthread_mutex_destroy(&pf->mu);
    free(pf);
    return;
  }
  p->pf = pf;
}

/* takes the helper's prepared chunk into p->spare (under pf->mu) */
static void rf_i_pool_collect(rf_i_pool *p) {
  struct rf_i_prefault *pf = p->pf;
  if (pf->ready && !p->spare) {
    p->spare = pf->ready;
    p->spare_size = pf->ready_size;
    pf->ready = NULL;
  }
}

void rf_i_pool_prefault_stop(rf_i_pool *p) {
  struct rf_i_prefault *pf = p->pf;
  if (!pf) return;
  pthread_mutex_lock(&pf->mu);
  pf->stop = 1;
  pthread_cond_broadcast(&pf->cv);
  pthread_mutex_unlock(&pf->mu);
  pthread_join(pf->th, NULL);
  rf_i_pool_collect(p);
  free(pf->ready); /* only when a spare was already held */
  pthread_cond_destroy(&pf->cv);
  pthread_mutex_destroy(&pf->mu);
  free(pf);
  p->pf = NULL;
}

/* size classes: 2^k -> 2k, 3 * 2^k -> 2k + 1 (rings grow by 1.5 then 4/3:
 * 2, 3, 4, 6, 8, 12, ...), anything else (a max_edges cap) -> the last */
static unsigned rf_i_pool_class(uint32_t cap) {
  if (!(cap & (cap - 1))) return 2u * (unsigned)__builtin_ctz(cap);
  if (cap % 3 == 0 && !((cap / 3) & (cap / 3 - 1))) return 2u * (unsigned)__builtin_ctz(cap) + 1u;
  return RF_I_POOL_CLASSES - 1;
}

/* a new chunk of at least need bytes: the prepared spare when it is big
 * enough, else a fresh one; then asks the helper for the one after */
static char *rf_i_pool_new_chunk(rf_i_pool *p, size_t need, size_t *size) {
  size_t sz = RF_I_CHUNK;
  if (sz < need) sz = need;
  if (p->pf) {
    pthread_mutex_lock(&p->pf->mu);
    rf_i_pool_collect(p);
    pthread_mutex_unlock(&p->pf->mu);
  }
  char *c = NULL;
  if (p->spare && p->spare_size >= need) {
    c = p->spare;
    sz = p->spare_size;
    p->spare = NULL;
  } else {
    c = rf_i_chunk_alloc(sz);
    if (!c) return NULL;
    sz = (sz + RF_I_HUGE - 1) & ~(RF_I_HUGE - 1);
  }
  p->asked = 0;
  *size = sz;
  return c;
}

/* once half of the current chunk is used, the helper prepares the next one
 * (a small run does not pay for touching a chunk it never needs) */
static void rf_i_pool_ask_ahead(rf_i_pool *p) {
  p->asked = 1;
  pthread_mutex_lock(&p->pf->mu);
  if (!p->spare && !p->pf->ready) {
    p->pf->want = RF_I_CHUNK;
    pthread_cond_signal(&p->pf->cv);
  }
  pthread_mutex_unlock(&p->pf->mu);
}

rf_i_edge *rf_i_pool_get(rf_i_pool *p, uint32_t cap) {
  unsigned k = rf_i_pool_class(cap);
  if (p->free_list[k]) {
    void *b = p->free_list[k];
    memcpy(&p->free_list[k], b, sizeof(void *));
    return b;
  }
  size_t need = (size_t)cap * sizeof(rf_i_edge);
  need = (need + 7) & ~(size_t)7;
  if (p->left < need) {
    char **n = rf_grow(p->chunks, &p->chunks_cap, p->nchunks + 1, sizeof *n, 16);
    if (!n) return NULL;
    p->chunks = n;
    size_t sz;
    char *c = rf_i_pool_new_chunk(p, need, &sz);
    if (!c) return NULL;
    p->chunks[p->nchunks++] = c;
    /* the unused tail of the previous chunk (< one block) is left */
    p->cur = c;
    p->left = sz;
    p->chunk_size = sz;
  }
  if (p->pf && !p->asked && p->left - need < p->chunk_size / 2) rf_i_pool_ask_ahead(p);
  void *b = p->cur;
  p->cur += need;
  p->left -= need;
  return b;
}

void rf_i_pool_put(rf_i_pool *p, rf_i_edge *e, uint32_t cap) {
  if (!e) return;
  unsigned k = rf_i_pool_class(cap);
  memcpy(e, &p->free_list[k], sizeof(void *));
  p->free_list[k] = e;
}

void rf_i_pool_free(rf_i_pool *p) {
  rf_i_pool_prefault_stop(p);
  for (size_t i = 0; i < p->nchunks; i++) free(p->chunks[i]);
  free(p->chunks);
  free(p->spare);
  memset(p, 0, sizeof *p);
}

#else /* RF_I_POOL */

rf_i_edge *rf_i_pool_get(rf_i_pool *p, uint32_t cap) {
  (void)p;
  return malloc((size_t)cap * sizeof(rf_i_edge));
}
void rf_i_pool_put(rf_i_pool *p, rf_i_edge *e, uint32_t cap) {
  (void)p;
  (void)cap;
  free(e);
}
void rf_i_pool_free(rf_i_pool *p) { (void)p; }
void rf_i_pool_prefault_start(rf_i_pool *p) { (void)p; }
void rf_i_pool_prefault_stop(rf_i_pool *p) { (void)p; }

#endif /* RF_I_POOL */
