/* Running the monitor over a reader: a reader thread parses rows into
 * batches while the calling thread runs the detectors (two cores). */
#include "monitor_i.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Batches of 2,048 rows (213 KB of rf_txn), four in flight: small enough
 * that a batch the reader just wrote is still in cache when the detectors
 * read it. 8,192-row batches (850 KB) were 5-8 % slower on the 200k slice
 * and the 5M file (bench/ab_monitor.sh). */
#define RF_I_BATCH 2048
#define RF_I_NBUF 4

typedef struct rf_i_batch {
  rf_txn t[RF_I_BATCH];
  size_t n;
} rf_i_batch;

typedef struct rf_i_pipe {
  rf_ingest *r;
  const rf_monitor_run_opts *o;
  rf_i_batch *buf;
  size_t head, tail; /* filled batches buf[head..tail) modulo RF_I_NBUF */
  int done, stop;
  rf_status fatal;
  rf_error fatal_err;
  pthread_mutex_t mu;      /* queue state */
  pthread_mutex_t dict_mu; /* the reader's dictionaries while it interns */
  pthread_cond_t cv;
} rf_i_pipe;

static void *rf_i_reader(void *arg) {
  rf_i_pipe *p = arg;
  rf_error err;
  for (;;) {
    pthread_mutex_lock(&p->mu);
    while (p->tail - p->head == RF_I_NBUF && !p->stop) pthread_cond_wait(&p->cv, &p->mu);
    int stop = p->stop;
    rf_i_batch *b = &p->buf[p->tail % RF_I_NBUF];
    pthread_mutex_unlock(&p->mu);
    if (stop) break;
    b->n = 0;
    int end = 0;
    /* a feed that stays open: wait without holding dict_mu, and stop
     * waiting when the detectors stopped */
    while (!rf_ingest_wait(p->r, 100)) {
      pthread_mutex_lock(&p->mu);
      stop = p->stop;
      pthread_mutex_unlock(&p->mu);
      if (stop) return NULL;
    }
    pthread_mutex_lock(&p->dict_mu);
    while (b->n < RF_I_BATCH) {
      /* hand over what arrived before waiting for more */
      if (b->n && !rf_ingest_pending(p->r)) break;
      rf_status st = rf_ingest_next(p->r, &b->t[b->n], &err);
      if (st == RF_OK) {
        b->n++;
      } else if (st == RF_EEMPTY) {
        end = 1;
        break;
      } else if (st == RF_EIO || st == RF_ENOMEM) {
        p->fatal = st;
        p->fatal_err = err;
        end = 1;
        break;
      } else if (p->o && p->o->on_reject) {
        p->o->on_reject(p->o->ud, &err);
      }
    }
    pthread_mutex_unlock(&p->dict_mu);
    pthread_mutex_lock(&p->mu);
    if (b->n) p->tail++;
    if (end) p->done = 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    if (end) break;
  }
  return NULL;
}

/* text lookups from the detector thread wait while the reader interns */
typedef struct rf_i_locked_text {
  rf_i_pipe *p;
  rf_monitor_text_fn fn;
  void *ud;
} rf_i_locked_text;

static const char *rf_i_locked_text_fn(void *ud, uint32_t id) {
  rf_i_locked_text *lt = ud;
  pthread_mutex_lock(&lt->p->dict_mu);
  const char *s = lt->fn(lt->ud, id);
  pthread_mutex_unlock(&lt->p->dict_mu);
  return s;
}

/* the message for a push or delivery failure: the sink's, else memory */
static rf_status rf_i_run_error(rf_status st, rf_error *err) {
  return rf_error_set(err, st,
                      st == RF_EIO ? "monitor: the alert sink failed" : "monitor: out of memory");
}

/* pushes n transactions of r; on failure says which row and why */
static rf_status rf_i_consume(rf_monitor *m, const rf_ingest *r, const rf_txn *t, size_t n,
                              rf_error *err) {
  for (size_t i = 0; i < n; i++) {
    /* the rows themselves, written by the reader thread: both cache lines,
     * well before stage 0 reads their account ids */
    if (i + 2 * RF_MONITOR_PREFETCH_FAR < n) {
      __builtin_prefetch(&t[i + 2 * RF_MONITOR_PREFETCH_FAR]);
      __builtin_prefetch((const char *)&t[i + 2 * RF_MONITOR_PREFETCH_FAR] + 64);
    }
    if (i + RF_MONITOR_PREFETCH_FAR < n) rf_monitor_prefetch(m, &t[i + RF_MONITOR_PREFETCH_FAR], 0);
    if (i + RF_MONITOR_PREFETCH_NEAR < n)
      rf_monitor_prefetch(m, &t[i + RF_MONITOR_PREFETCH_NEAR], 1);
    rf_status st = rf_monitor_push(m, &t[i]);
    if (st == RF_ELIMIT)
      return rf_error_set(err, st,
                          "%s:%llu: out of the monitor's range (times within 68 years of the "
                          "first transaction, line numbers below 2^48)",
                          rf_ingest_label(r), (unsigned long long)t[i].line);
    if (st) return rf_i_run_error(st, err);
  }
  return RF_OK;
}

/* hands the final alerts to the sink (names may be resolved: the reader is
 * not interning) */
static rf_status rf_i_deliver_run(rf_monitor *m, rf_error *err) {
  rf_status st = rf_i_deliver(m);
  return st ? rf_i_run_error(st, err) : RF_OK;
}

/* final alerts are delivered even if the detector thread has to wait for
 * the reader's batch once this many wait, or after this many batches */
#define RF_I_DELIVER_FORCE 4096
#define RF_I_DELIVER_WAIT 64 /* batches: 131,072 rows */

static rf_status rf_i_run(rf_monitor *m, rf_ingest *r, const rf_monitor_run_opts *o, rf_error *err);

rf_status rf_monitor_run(rf_monitor *m, rf_ingest *r, const rf_monitor_run_opts *o, rf_error *err) {
  m->in_run = 1;
  rf_status st = rf_i_run(m, r, o, err);
  m->in_run = 0;
  if (!st) st = rf_i_deliver_run(m, err);
  return st;
}

static rf_status rf_i_run(rf_monitor *m, rf_ingest *r, const rf_monitor_run_opts *o,
                          rf_error *err) {
  int threads = o && o->threads > 0 ? o->threads : 2;
  uint64_t n = 0, next_progress = 1u << 20;
  if (threads < 2) {
    rf_txn *buf = malloc(RF_I_BATCH * sizeof *buf);
    if (!buf) return rf_error_set(err, RF_ENOMEM, "monitor: out of memory");
    rf_error e;
    rf_status res = RF_OK;
    for (int end = 0; !end && !res;) {
      size_t k = 0;
      while (k < RF_I_BATCH) {
        if (k && !rf_ingest_pending(r)) break; /* process what arrived before waiting */
        rf_status st = rf_ingest_next(r, &buf[k], &e);
        if (st == RF_OK) {
          k++;
        } else if (st == RF_EEMPTY) {
          end = 1;
          break;
        } else if (st == RF_EIO || st == RF_ENOMEM) {
          if (err) *err = e;
          res = st;
          end = 1;
          break;
        } else if (o && o->on_reject) {
          o->on_reject(o->ud, &e);
        }
      }
      if (!res) res = rf_i_consume(m, r, buf, k, err);
      if (!res && rf_i_deliverable(m)) res = rf_i_deliver_run(m, err);
      n += k;
      if (o && o->on_progress && n >= next_progress) {
        o->on_progress(o->ud, n);
        next_progress = n + (1u << 20);
      }
    }
    free(buf);
    return res;
  }

  rf_i_pipe p;
  memset(&p, 0, sizeof p);
  p.r = r;
  p.o = o;
  p.buf = malloc(RF_I_NBUF * sizeof *p.buf);
  if (!p.buf) return rf_error_set(err, RF_ENOMEM, "monitor: out of memory");
  pthread_mutex_init(&p.mu, NULL);
  pthread_mutex_init(&p.dict_mu, NULL);
  pthread_cond_init(&p.cv, NULL);
  rf_i_locked_text lt = {&p, m->text_fn, m->text_ud};
  rf_monitor_text_fn saved_fn = m->text_fn;
  void *saved_ud = m->text_ud;
  if (m->text_fn) rf_monitor_set_text(m, rf_i_locked_text_fn, &lt);
  pthread_t th;
  rf_status res = RF_OK;
  if (pthread_create(&th, NULL, rf_i_reader, &p)) {
    res = rf_error_set(err, RF_ENOMEM, "monitor: cannot start the reader thread");
    goto out;
  }
  rf_i_pool_prefault_start(&m->pool);
  unsigned waited = 0; /* batches consumed since closed alerts began to wait */
  for (;;) {
    pthread_mutex_lock(&p.mu);
    while (p.head == p.tail && !p.done) pthread_cond_wait(&p.cv, &p.mu);
    if (p.head == p.tail && p.done) {
      pthread_mutex_unlock(&p.mu);
      break;
    }
    rf_i_batch *b = &p.buf[p.head % RF_I_NBUF];
    pthread_mutex_unlock(&p.mu);
    if (!res) res = rf_i_consume(m, r, b->t, b->n, err);
    if (!res && rf_i_deliverable(m)) {
      /* only while the reader is not interning: it holds dict_mu while it
       * fills a batch, so wait for it only when alerts have waited long */
      int force = m->nclosed >= RF_I_DELIVER_FORCE || ++waited >= RF_I_DELIVER_WAIT;
      int locked = force ? !pthread_mutex_lock(&p.dict_mu) : !pthread_mutex_trylock(&p.dict_mu);
      if (locked) {
        res = rf_i_deliver_run(m, err);
        pthread_mutex_unlock(&p.dict_mu);
        waited = 0;
      }
    }
    n += b->n;
    if (o && o->on_progress && n >= next_progress) {
      o->on_progress(o->ud, n);
      next_progress = n + (1u << 20);
    }
    pthread_mutex_lock(&p.mu);
    p.head++;
    if (res) p.stop = 1;
    pthread_cond_broadcast(&p.cv);
    pthread_mutex_unlock(&p.mu);
    if (res) break; /* the reader stops too (it may never mark the end) */
  }
  pthread_join(th, NULL);
  rf_i_pool_prefault_stop(&m->pool);
  if (!res && p.fatal) {
    if (err) *err = p.fatal_err;
    res = p.fatal;
  }
out:
  rf_monitor_set_text(m, saved_fn, saved_ud);
  pthread_cond_destroy(&p.cv);
  pthread_mutex_destroy(&p.mu);
  pthread_mutex_destroy(&p.dict_mu);
  free(p.buf);
  return res;
}
