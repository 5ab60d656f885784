/* The stream clock of a reader: lateness and jump checks with a short
 * hold-back, so that one row with a mistyped date (the first row included)
 * cannot move the clock and make every later row "too late".
 *
 * Rule: a row that would move the clock by more than the lateness, and the
 * first row (which would set it), is held. The next row confirms it when it
 * lies within the lateness before it (or after it, within the jump limit):
 * the held row is then accepted and sets the clock. A row that falls further
 * back contradicts it; when the next two rows both do and agree with each
 * other, the held row is the outlier and is rejected, and the two rows are
 * judged again. At the end of input a held row is accepted. Rows are
 * returned in input order. */
#include "ingest/ingest_i.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static rf_i_ready *rf_i_clock_slot(rf_ingest *r) {
  rf_i_clock *c = &r->clock;
  if (!c->ready) c->ready = malloc(RF_I_READY * sizeof *c->ready);
  if (!c->ready) return NULL;
  if (c->iready == c->nready) c->iready = c->nready = 0;
  if (c->nready == RF_I_READY) return NULL; /* cannot happen: 4 rows per decision + RF_I_BEHIND */
  return &c->ready[c->nready++];
}

static rf_status rf_i_clock_emit(rf_ingest *r, const rf_txn *t) {
  rf_i_ready *q = rf_i_clock_slot(r);
  if (!q) return RF_ENOMEM;
  rf_i_clock_move(r, t->time);
  q->t = *t;
  q->st = RF_OK;
  return RF_OK;
}

/* counts and files a rejected row; its message is in q->e */
static rf_status rf_i_clock_reject(rf_ingest *r, rf_i_ready *q, const rf_txn *t, const char *rec) {
  q->t = *t;
  q->st = RF_EPARSE;
  rf_i_reject(r, t->line, q->e.msg, NULL, 0, rec ? rec : "");
  return RF_OK;
}

/* a row too late or too far ahead of the (confirmed) clock */
static rf_status rf_i_clock_order_reject(rf_ingest *r, const rf_txn *t, const char *rec) {
  rf_i_ready *q = rf_i_clock_slot(r);
  if (!q) return RF_ENOMEM;
  rf_i_order_error(r, t, &q->e);
  return rf_i_clock_reject(r, q, t, rec);
}

/* the held jump h is contradicted by the two rows after it */
static rf_status rf_i_clock_outlier(rf_ingest *r, const rf_i_held *h, const rf_txn *a,
                                    const rf_txn *b) {
  rf_i_ready *q = rf_i_clock_slot(r);
  if (!q) return RF_ENOMEM;
  char ts[32], ta[32];
  rf_time_format(h->t.time, ts, sizeof ts);
  rf_time_format(a->time, ta, sizeof ta);
  double days = (double)(h->t.time - a->time) / 86400.0;
  rf_error_set(&q->e, RF_EPARSE,
               "%s:%llu: field time: %s is %.1f days %s the rows after it (%s on line %llu, "
               "and line %llu): a mistyped date? (max lateness %lld s, max jump %lld s)",
               r->label, (unsigned long long)h->t.line, ts, days < 0 ? -days : days,
               days < 0 ? "before" : "ahead of", ta, (unsigned long long)a->line,
               (unsigned long long)b->line, (long long)r->o.max_lateness, (long long)r->o.max_jump);
  return rf_i_clock_reject(r, q, &h->t, h->rec);
}

static rf_status rf_i_clock_hold(rf_ingest *r, const rf_txn *t, char *rec) {
  rf_i_clock *c = &r->clock;
  c->held[c->nheld].t = *t;
  c->held[c->nheld].rec = rec;
  c->nheld++;
  return RF_OK;
}

static rf_status rf_i_clock_decide(rf_ingest *r, const rf_txn *t, char *rec);

/* accepts the held jump, then judges the row held after it (if any) again */
static rf_status rf_i_clock_release(rf_ingest *r) {
  rf_i_clock *c = &r->clock;
  rf_i_held j = c->held[0], k = c->held[1];
  int two = c->nheld == 2;
  c->nheld = 0;
  rf_status st = rf_i_clock_emit(r, &j.t);
  free(j.rec);
  if (!two) return st;
  if (st) {
    free(k.rec);
    return st;
  }
  return rf_i_clock_decide(r, &k.t, k.rec);
}

/* accepts the held jump, then decides on t (taking rec) */
static rf_status rf_i_clock_release_then(rf_ingest *r, const rf_txn *t, char *rec) {
  rf_status st = rf_i_clock_release(r);
  if (st) {
    free(rec);
    return st;
  }
  return rf_i_clock_decide(r, t, rec);
}

/* decides on t, taking ownership of rec */
static rf_status rf_i_clock_decide(rf_ingest *r, const rf_txn *t, char *rec) {
  rf_i_clock *c = &r->clock;
  rf_status st = RF_OK;
  if (!c->nheld) {
    if (c->have && !rf_i_clock_near(r, c->newest, t->time))
      st = rf_i_clock_order_reject(r, t, rec);
    else if (rf_i_clock_far_ahead(r, t->time))
      return rf_i_clock_hold(r, t, rec);
    else
      st = rf_i_clock_emit(r, t);
    free(rec);
    return st;
  }
  const rf_i_held *j = &c->held[0];
  if (rf_i_clock_near(r, j->t.time, t->time)) { /* confirmed */
    return rf_i_clock_release_then(r, t, rec);
  }
  /* t contradicts the held jump; a row too late for the old clock as well
   * is only a bad row */
  if (c->have && t->time < c->newest && !rf_i_clock_near(r, c->newest, t->time)) {
    st = rf_i_clock_order_reject(r, t, rec);
    free(rec);
    return st;
  }
  if (c->nheld == 1) return rf_i_clock_hold(r, t, rec);
  if (!rf_i_clock_near(r, c->held[1].t.time, t->time)) { /* no two agree: keep the first */
    return rf_i_clock_release_then(r, t, rec);
  }
  /* two rows agree against the held one: it is the outlier */
  rf_i_held jo = c->held[0], k = c->held[1];
  c->nheld = 0;
  st = rf_i_clock_outlier(r, &jo, &k.t, t);
  free(jo.rec);
  if (st) {
    free(k.rec);
  } else {
    st = rf_i_clock_decide(r, &k.t, k.rec);
  }
  if (st) {
    free(rec);
    return st;
  }
  return rf_i_clock_decide(r, t, rec);
}

/* moves the rejected rows that precede every held row into the ready
 * queue, and puts the queue in input order */
static void rf_i_clock_settle(rf_ingest *r) {
  rf_i_clock *c = &r->clock;
  uint64_t limit = c->nheld ? c->held[0].t.line : UINT64_MAX;
  int keep = 0;
  for (int i = 0; i < c->nbehind; i++) {
    rf_i_ready *q = c->behind[i].t.line < limit ? rf_i_clock_slot(r) : NULL;
    if (q)
      *q = c->behind[i];
    else
      c->behind[keep++] = c->behind[i];
  }
  c->nbehind = keep;
  for (int i = c->iready + 1; i < c->nready; i++) /* insertion sort: a few rows */
    for (int k = i; k > c->iready && c->ready[k - 1].t.line > c->ready[k].t.line; k--) {
      rf_i_ready tmp = c->ready[k];
      c->ready[k] = c->ready[k - 1];
      c->ready[k - 1] = tmp;
    }
}

rf_status rf_i_clock_feed(rf_ingest *r, const rf_txn *t, const char *rec) {
  rf_status st = rf_i_clock_decide(r, t, (char *)rec);
  rf_i_clock_settle(r);
  return st;
}

int rf_i_clock_flush(rf_ingest *r) {
  if (!r->clock.nheld) return 0;
  rf_status st = rf_i_clock_release(r);
  rf_i_clock_settle(r);
  return st ? -1 : 1;
}

rf_status rf_i_clock_behind(rf_ingest *r, uint64_t line, rf_status st, const rf_error *e) {
  rf_i_clock *c = &r->clock;
  if (!c->behind) c->behind = malloc(RF_I_BEHIND * sizeof *c->behind);
  if (!c->behind) return RF_ENOMEM;
  rf_i_ready *q = &c->behind[c->nbehind++];
  memset(&q->t, 0, sizeof q->t);
  q->t.line = line;
  q->st = st;
  q->e = *e;
  /* a long run of bad rows behind a held one: decide as at the end of input */
  rf_status rs = RF_OK;
  while (c->nbehind == RF_I_BEHIND && c->nheld && !rs) rs = rf_i_clock_release(r);
  rf_i_clock_settle(r);
  return rs;
}

int rf_i_clock_pop(rf_ingest *r, rf_txn *t, rf_status *st, rf_error *err) {
  rf_i_clock *c = &r->clock;
  if (c->iready == c->nready) return 0;
  rf_i_ready *q = &c->ready[c->iready++];
  *st = q->st;
  if (q->st == RF_OK) {
    *t = q->t;
    r->st.processed++;
  } else if (err) {
    *err = q->e;
  }
  return 1;
}

void rf_i_clock_free(rf_i_clock *c) {
  for (int i = 0; i < c->nheld; i++) free(c->held[i].rec);
  free(c->ready);
  free(c->behind);
  memset(c, 0, sizeof *c);
}
