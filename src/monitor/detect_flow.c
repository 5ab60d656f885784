/* Money-flow detectors on one account: structuring and split payments, funnel
 * and pass-through (outflow), corridor / high-risk jurisdictions, profile
 * (dormant wake-up, volume spike), and the profile gate they share with the
 * graph detectors. */
#include "monitor_i.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* distinct places and conductors among edges r[from..] that carry flag (a
 * small set within one window: the first 64 of each are told apart) */
static void rf_i_count_places(const rf_monitor *m, const rf_i_ring *r, uint32_t from, unsigned flag,
                              uint32_t *places, uint32_t *conductors) {
  uint32_t seenp[64], seenc[64], np = 0, nc = 0;
  for (uint32_t i = from; m->xcap && i < r->len; i++) {
    if (!(r->e[i].flags & flag)) continue;
    const rf_i_extra *x = rf_i_extra_get(m, r->e[i].line);
    if (!x) continue;
    if (x->place != RF_NONE && np < 64) {
      uint32_t k = 0;
      while (k < np && seenp[k] != x->place) k++;
      if (k == np) seenp[np++] = x->place;
    }
    if (x->conductor != RF_NONE && nc < 64) {
      uint32_t k = 0;
      while (k < nc && seenc[k] != x->conductor) k++;
      if (k == nc) seenc[nc++] = x->conductor;
    }
  }
  *places = np;
  *conductors = nc;
}

/* transactions seen on the days before day index x (x <= ndays) */
static uint64_t rf_i_days_before(const rf_monitor *m, size_t x) {
  uint64_t s = 0;
  for (size_t i = x; i > 0; i -= i & (~i + 1)) s += m->dayfen[i - 1];
  return s;
}

/* all transactions seen on days [from, to] */
double rf_i_global(const rf_monitor *m, int64_t from, int64_t to) {
  int64_t a = rf_i_dayidx(m, from), b = rf_i_dayidx(m, to);
  if (a < 0) a = 0;
  if (b >= (int64_t)m->ndays) b = (int64_t)m->ndays - 1;
  if (b < a) return 0;
  return (double)(rf_i_days_before(m, (size_t)b + 1) - rf_i_days_before(m, (size_t)a));
}

/* Profile gate: is `count` transactions in the window [now-window, now] far
 * above what this account did over its earlier history? Accounts younger
 * than one window pass (nothing to compare with). */
int rf_i_above_profile(const rf_monitor *m, const rf_i_acct *ac, uint32_t total, uint32_t count,
                       int64_t window, int64_t now) {
  double f = m->cfg.history_factor;
  if (f <= 0 || ac->first_time == INT64_MIN) return 1;
  int64_t span = now - window - ac->first_time;
  if (span < m->cfg.min_history) /* young: pre-existing accounts wait, new ones pass */
    return m->cfg.young_pass;
  /* expected count = the account's earlier share of all traffic applied to the
   * traffic of this window (robust to volume that grows or falls overall) */
  double before = total > count ? (double)(total - count) : 0;
  double g_before = rf_i_global(m, ac->first_time, now - window - 1);
  double g_window = rf_i_global(m, now - window, now);
  if (g_before <= 0) return 1;
  double expected = before * g_window / g_before;
  return (double)count >= f * expected;
}

/* 1a structuring: sub-threshold cash into (or out of) one account */
void rf_i_det_structuring(rf_monitor *m, rf_i_ev *ev, uint32_t acct, const rf_i_ring *r,
                          int outgoing, int64_t now, double thr) {
  const rf_monitor_config *c = &m->cfg;
  uint32_t from = rf_i_ring_from(r, rf_i_rel(m, now - c->struct_window));
  uint32_t count = 0, places = 0, conductors = 0, peers = 0;
  double total = 0;
  uint32_t s1 = rf_i_next_stamp(m);
  rf_i_ev_reset(ev);
  rf_i_ev_acc(ev, acct);
  for (uint32_t i = from; i < r->len; i++) {
    const rf_i_edge *e = &r->e[i];
    if (!(e->flags & RF_I_EF_SUBTHR)) continue;
    count++;
    total += e->amount;
    rf_i_ev_txn(m, ev, e, acct, outgoing);
    if (!(e->flags & RF_I_EF_NOACCT) && m->stamp_a[e->peer] != s1) {
      m->stamp_a[e->peer] = s1;
      peers++;
      rf_i_ev_cp(m, ev, e->peer);
    }
  }
  if (count < c->struct_min_count || total < c->struct_min_total * thr) return;
  rf_i_count_places(m, r, from, RF_I_EF_SUBTHR, &places, &conductors);
  double score = rf_i_score((double)count, (double)c->struct_min_count);
  if (places > 1 || conductors > 1) score = score + (1 - score) * 0.5;
  char x[512];
  snprintf(x, sizeof x,
           "%u cash %s of %.2f..%.2f (just under the %.0f threshold) within %.1f days, total "
           "%.2f; %u counterparties, %u branches/locations, %u conductors (min count %u)",
           count, outgoing ? "withdrawals" : "deposits", thr * (1 - c->struct_margin), thr, thr,
           (double)c->struct_window / RF_I_DAY, total, peers, places, conductors,
           c->struct_min_count);
  rf_i_fire(m, RF_TYP_STRUCTURING, ev, now, count, c->struct_min_count, score, x, 1);
}

/* r holds at least limit distinct peers since `since` */
static int rf_i_peers_reach(rf_monitor *m, const rf_i_ring *r, int64_t since, uint32_t limit) {
  uint32_t s = rf_i_next_stamp(m), n = 0;
  for (uint32_t i = rf_i_ring_from(r, rf_i_rel(m, since)); i < r->len; i++)
    if (m->stamp_a[r->e[i].peer] != s) {
      m->stamp_a[r->e[i].peer] = s;
      if (++n >= limit) return 1;
    }
  return 0;
}

/* v in cents is not a whole number: an amount few ordinary payments share */
static int rf_i_odd_cents(double v) { return fmod(round(v * 100), 100) != 0; }

/* remembers the band of acct's newest split payment (detector 1c) */
static void rf_i_link_seed(rf_monitor *m, uint32_t acct, uint32_t partner, double lo, double hi,
                           double thr, uint8_t channel, int64_t since, int64_t now) {
  rf_i_acct *ac = &m->acct[acct];
  if (!ac->link_id) {
    rf_i_link *n = rf_grow(m->link, &m->link_cap, m->nlink + 1, sizeof *n, 64);
    if (!n) {
      m->oom = 1;
      return;
    }
    m->link = n;
    ac->link_id = (uint32_t)++m->nlink;
    m->link[ac->link_id - 1].nsplits = 0;
  }
  rf_i_link *l = &m->link[ac->link_id - 1];
  double band = m->cfg.link_band;
  uint32_t nsplits = 1;
  /* a split payment in the same band while the last one's window is open
   * (the same payment growing, or another party's: then the account is a
   * collector, or a distributor, of pieces) */
  if (l->nsplits && now <= l->until && l->channel == channel && lo < l->hi && hi >= l->lo) {
    nsplits = l->nsplits + (partner != l->partner);
    lo = fmin(lo, l->piece_lo);
    hi = fmax(hi, l->piece_hi);
  }
  *l = (rf_i_link){
      lo / band, fmin(hi * band, thr), lo, hi, now + m->cfg.link_window, since, partner, nsplits,
      channel};
}

/* a piece of a payment from a to b (pieces of one payment share the payment
 * method) */
#define RF_I_PIECE(e) ((e)->peer == b && (e)->amount < thr && (e)->channel == channel)

/* the near-split record of acct (allocated on first use), NULL when out of
 * memory */
static rf_i_near *rf_i_near_of(rf_monitor *m, uint32_t acct) {
  rf_i_acct *ac = &m->acct[acct];
  if (!ac->near_id) {
    rf_i_near *n = rf_grow(m->near, &m->near_cap, m->nnear + 1, sizeof *n, 64);
    if (!n) {
      m->oom = 1;
      return NULL;
    }
    m->near = n;
    memset(&m->near[m->nnear], 0, sizeof *m->near);
    ac->near_id = (uint32_t)++m->nnear;
  }
  return &m->near[ac->near_id - 1];
}

/* the slot for a near split with peer: the one already with peer, else an
 * empty one, else the oldest */
static rf_i_near_dir *rf_i_near_slot(rf_i_near_dir *d, uint32_t peer) {
  rf_i_near_dir *best = &d[0];
  for (int k = 0; k < RF_I_NEAR_SLOTS; k++) {
    if (!d[k].n || d[k].e[0].peer == peer) return &d[k];
    if (d[k].e[0].t < best->e[0].t) best = &d[k];
  }
  return best;
}

/* Remembers a near split from a to b: the pieces of a's out-ring r from
 * `from` on (too few for a split payment), on both parties, replacing the
 * older near split of that direction. */
static void rf_i_near_keep(rf_monitor *m, uint32_t a, uint32_t b, const rf_i_ring *r, uint32_t from,
                           double thr, uint8_t channel) {
  rf_i_near *na = rf_i_near_of(m, a);
  rf_i_near *nb = na ? rf_i_near_of(m, b) : NULL; /* may move na */
  if (!nb) return;
  na = &m->near[m->acct[a].near_id - 1];
  rf_i_near_dir *out = rf_i_near_slot(na->dir[1], b), *in = rf_i_near_slot(nb->dir[0], a);
  out->n = in->n = 0;
  out->reported = in->reported = 0;
  for (uint32_t i = r->len; i-- > from && out->n < RF_I_NEAR_PIECES;)
    if (RF_I_PIECE(&r->e[i])) {
      out->e[out->n] = r->e[i];
      in->e[in->n] = r->e[i];
      in->e[in->n++].peer = a;
      out->n++;
    }
}

static void rf_i_det_linked_back(rf_monitor *m, rf_i_ev *ev, uint32_t acct, int dir, int64_t now);

/* 1b split transfers: same originator to same beneficiary, repeatedly, within
 * a short window, each below the threshold */
void rf_i_det_split(rf_monitor *m, rf_i_ev *ev, uint32_t a, uint32_t b, int64_t now, double thr,
                    uint8_t channel) {
  /* repeated card purchases at one merchant are shopping, not a transfer
   * split to stay under a reporting threshold */
  if (channel == RF_CH_CARD) return;
  const rf_monitor_config *c = &m->cfg;
  const rf_i_ring *r = &m->acct[a].out;
  uint32_t from = rf_i_ring_from(r, rf_i_rel(m, now - c->split_window));
  uint32_t count = 0;
  double total = 0;
  double lo = 0, hi = 0;
  for (uint32_t i = from; i < r->len; i++)
    if (RF_I_PIECE(&r->e[i])) {
      double v = r->e[i].amount;
      if (!count || v < lo) lo = v;
      if (!count || v > hi) hi = v;
      count++;
    }
  /* or two pieces of one odd amount: a payment split in identical halves
   * (the same value exactly, one unit at least: many tiny conversions round
   * to the same cent) */
  int twin = c->split_twin && count == 2 && count < c->split_min_count && lo == hi && lo >= 1 &&
             rf_i_odd_cents(lo);
  int near = count < c->split_min_count && !twin;
  if (near && (c->link_window <= 0 || count < c->link_min_count)) return;
  /* the pieces of a split payment are of similar size */
  if (c->split_max_spread > 0 && hi > c->split_max_spread * lo) return;
  /* a busy payer (payroll, marketplace) paying the same party twice a day is
   * normal, and so is paying a biller or merchant (many distinct payers) */
  int64_t since = now - c->fan_window;
  if (rf_i_peers_reach(m, &m->acct[a].out, since, c->fan_min_degree) ||
      rf_i_peers_reach(m, &m->acct[b].in, since, c->fan_min_degree))
    return;
  if (near) {
    rf_i_near_keep(m, a, b, r, from, thr, channel);
    return;
  }
  rf_i_ev_reset(ev);
  rf_i_ev_acc(ev, a);
  rf_i_ev_acc(ev, b);
  for (uint32_t i = from; i < r->len; i++)
    if (RF_I_PIECE(&r->e[i])) {
      total += r->e[i].amount;
      rf_i_ev_txn(m, ev, &r->e[i], a, 1);
    }
  char x[512];
  if (twin)
    snprintf(x, sizeof x,
             "2 transfers of exactly %.2f from the same originator to the same beneficiary "
             "within %.1f hours: one odd amount twice, a payment split in identical halves "
             "(split_twin; min count %u otherwise)",
             lo, (double)c->split_window / 3600, c->split_min_count);
  else
    snprintf(x, sizeof x,
             "%u transfers from the same originator to the same beneficiary within %.1f hours, "
             "each below %.0f, total %.2f: a payment split into pieces (min count %u)",
             count, (double)c->split_window / 3600, thr, total, c->split_min_count);
  rf_i_fire(m, RF_TYP_STRUCTURING, ev, now, count, c->split_min_count,
            rf_i_score(count, c->split_min_count), x, 1);
  if (c->link_window > 0) {
    rf_i_link_seed(m, a, b, lo, hi, thr, channel, ev->t[0].time, now);
    rf_i_link_seed(m, b, a, lo, hi, thr, channel, ev->t[0].time, now);
    for (int k = 0; k < 2; k++) {
      uint32_t x = k ? b : a;
      if (m->acct[x].link_id && m->acct[x].near_id)
        for (int dir = 0; dir < 2; dir++) rf_i_det_linked_back(m, ev, x, dir, now);
    }
  }
}

/* v is the smallest or the largest piece of l to the cent, and not whole */
static int rf_i_same_odd_amount(double v, const rf_i_link *l) {
  double c = round(v * 100);
  return rf_i_odd_cents(v) && (c == round(l->piece_lo * 100) || c == round(l->piece_hi * 100));
}

/* e is a piece like those of l: same method, amount in the band */
static int rf_i_link_piece(const rf_i_link *l, const rf_i_edge *e) {
  return e->channel == l->channel && e->amount >= l->lo && e->amount < l->hi;
}

/* 1c linked pieces: the other transfers of a split payment's parties in the
 * amount band of its pieces, by the same method, to or from someone else. */
void rf_i_det_linked(rf_monitor *m, rf_i_ev *ev, uint32_t acct, const rf_i_edge *e, int outgoing,
                     int64_t now) {
  const rf_i_link *l = &m->link[m->acct[acct].link_id - 1];
  if (now > l->until || e->peer == l->partner || !rf_i_link_piece(l, e) ||
      (e->flags & RF_I_EF_NOACCT))
    return;
  const rf_i_acct *ac = &m->acct[acct];
  const rf_i_ring *r = outgoing ? &ac->out : &ac->in;
  /* the new party, too, moves pieces: at least link_min_count in the band
   * within the split window (one payment of a common size is no evidence) */
  rf_i_ev_reset(ev);
  rf_i_ev_acc(ev, acct);
  rf_i_ev_acc(ev, e->peer);
  double total = 0;
  for (uint32_t i = rf_i_ring_from(r, rf_i_rel(m, now - m->cfg.split_window)); i < r->len; i++) {
    const rf_i_edge *f = &r->e[i];
    if (f->peer == e->peer && rf_i_link_piece(l, f)) {
      rf_i_ev_txn(m, ev, f, acct, outgoing);
      total += f->amount;
    }
  }
  /* or one piece of exactly a piece's odd amount (to the cent; not a whole
   * number, which many ordinary payments share) */
  int same = ev->n && rf_i_same_odd_amount(e->amount, l);
  /* or one piece in the band of a collector: split payments from several
   * parties in this band already, so a further sender is a further conductor */
  int collector = ev->n && m->cfg.link_collector && l->nsplits >= m->cfg.link_collector;
  if (ev->n < m->cfg.link_min_count && !same && !collector) return;
  char why[128], x[640];
  if (ev->n >= m->cfg.link_min_count)
    snprintf(why, sizeof why, "at least %u pieces", m->cfg.link_min_count);
  else if (same)
    snprintf(why, sizeof why, "exactly a piece's odd amount, %.2f", e->amount);
  else
    snprintf(why, sizeof why, "one piece in the band of %u split payments with different parties",
             l->nsplits);
  snprintf(x, sizeof x,
           "%zu %s%s another party within %.1f hours, total %.2f, %.1f days after the first "
           "piece of this account's split payment and in its pieces' band %.2f..%.2f (%s; link "
           "window %.0f days): a further party to the same split payments",
           ev->n, outgoing ? "transfer" : "receipt",
           ev->n == 1 ? (outgoing ? " to" : " from") : (outgoing ? "s to" : "s from"),
           (double)m->cfg.split_window / 3600, total, (double)(now - l->since) / RF_I_DAY, l->lo,
           l->hi, why, (double)m->cfg.link_window / RF_I_DAY);
  rf_i_fire(m, RF_TYP_STRUCTURING, ev, now, (double)ev->n, m->cfg.link_min_count,
            0.5 * rf_i_score((double)ev->n, m->cfg.link_min_count), x, 1);
}

/* 1c backwards: when acct's split payment has just set its band, its latest
 * near split in direction dir (0 received, 1 sent) with another party within
 * the link window before, all of whose pieces are in the band, names that
 * party too: the first sender into a collector, before the collector's first
 * split payment. */
static void rf_i_linked_back_one(rf_monitor *m, rf_i_ev *ev, uint32_t acct, rf_i_near_dir *d,
                                 int dir, int64_t now) {
  const rf_i_link *l = &m->link[m->acct[acct].link_id - 1];
  if (!d->n || d->reported || d->e[0].peer == l->partner ||
      rf_i_abs(m, d->e[0].t) < now - m->cfg.link_window)
    return;
  for (uint8_t i = 0; i < d->n; i++)
    if (!rf_i_link_piece(l, &d->e[i])) return;
  d->reported = 1;
  rf_i_ev_reset(ev);
  rf_i_ev_acc(ev, acct);
  rf_i_ev_acc(ev, d->e[0].peer);
  double total = 0;
  for (uint8_t i = d->n; i-- > 0;) {
    rf_i_ev_txn(m, ev, &d->e[i], acct, dir);
    total += d->e[i].amount;
  }
  char x[512];
  snprintf(x, sizeof x,
           "%u %s another party within %.1f hours, total %.2f, %.1f days before this account's "
           "split payment and in its pieces' band %.2f..%.2f (min count %u; link window %.0f "
           "days): an earlier party to the same split payments",
           (unsigned)d->n, dir ? "transfers to" : "receipts from",
           (double)m->cfg.split_window / 3600, total,
           (double)(now - rf_i_abs(m, d->e[0].t)) / RF_I_DAY, l->lo, l->hi, m->cfg.link_min_count,
           (double)m->cfg.link_window / RF_I_DAY);
  rf_i_fire(m, RF_TYP_STRUCTURING, ev, now, (double)d->n, m->cfg.link_min_count,
            0.5 * rf_i_score((double)d->n, m->cfg.link_min_count), x, 0);
}

static void rf_i_det_linked_back(rf_monitor *m, rf_i_ev *ev, uint32_t acct, int dir, int64_t now) {
  for (int k = 0; k < RF_I_NEAR_SLOTS; k++)
    rf_i_linked_back_one(m, ev, acct, &m->near[m->acct[acct].near_id - 1].dir[dir][k], dir, now);
}

/* The payments out of ring r (from index from on; with links, material
 * transfers only) that emptied the account: the largest until they add up
 * to amount, then any others of the same scale (at least half the smallest
 * of those: wires of similar size), in v (RF_I_EMPTYING entries) sorted by
 * index. Returns how many, or UINT32_MAX when there are more payments than
 * fit v. The account's everyday payments in the same days are not part of
 * the scheme. */
uint32_t rf_i_emptying(const rf_i_ring *r, uint32_t from, double amount, int links,
                       rf_ranked v[RF_I_EMPTYING]) {
  uint32_t n = 0;
  for (uint32_t k = from; k < r->len; k++) {
    if (links && !RF_I_LINK(&r->e[k])) continue;
    if (n == RF_I_EMPTYING) return UINT32_MAX;
    v[n++] = (rf_ranked){r->e[k].amount, k};
  }
  qsort(v, n, sizeof *v, rf_ranked_desc);
  uint32_t take = 0;
  for (double sum = 0; take < n && sum < amount; take++) sum += v[take].key;
  double same_scale = take ? 0.5 * v[take - 1].key : INFINITY;
  while (take < n && v[take].key >= same_scale) take++;
  qsort(v, take, sizeof *v, rf_ranked_by_index);
  return take;
}

/* The payments rf_i_emptying picked (take of them in v) as outgoing
 * evidence of acct; when it found too many (UINT32_MAX), every payment of
 * ring r from from on (material ones only with links). */
void rf_i_ev_picked(const rf_monitor *m, rf_i_ev *ev, const rf_i_ring *r, uint32_t from,
                    uint32_t acct, const rf_ranked *v, uint32_t take, int links) {
  if (take == UINT32_MAX) {
    for (uint32_t k = from; k < r->len; k++)
      if (!links || RF_I_LINK(&r->e[k])) {
        rf_i_ev_txn(m, ev, &r->e[k], acct, 1);
        rf_i_ev_cp(m, ev, r->e[k].peer);
      }
    return;
  }
  for (uint32_t k = 0; k < take; k++) {
    rf_i_ev_txn(m, ev, &r->e[v[k].i], acct, 1);
    rf_i_ev_cp(m, ev, r->e[v[k].i].peer);
  }
}

/* the payments that emptied the account as evidence */
static void rf_i_ev_emptying(rf_monitor *m, rf_i_ev *ev, const rf_i_ring *r, uint32_t from,
                             uint32_t acct, double amount) {
  rf_ranked v[RF_I_EMPTYING];
  rf_i_ev_picked(m, ev, r, from, acct, v, rf_i_emptying(r, from, amount, 0, v), 0);
}

/* 2 funnel and 3 pass-through, evaluated when account a sends money out */
/* 3 pass-through: most of what came in within the window left again */
static void rf_i_det_pass_through(rf_monitor *m, rf_i_ev *ev, uint32_t a, int64_t now) {
  const rf_monitor_config *c = &m->cfg;
  rf_i_acct *ac = &m->acct[a];
  if (ac->in.len <= ac->in.head) return;
  uint32_t fi = rf_i_ring_from(&ac->in, rf_i_rel(m, now - c->pass_window));
  double in = 0;
  for (uint32_t i = fi; i < ac->in.len; i++) in += ac->in.e[i].amount;
  if (fi >= ac->in.len || in < c->pass_min_amount) return;
  int64_t t0 = rf_i_abs(m, ac->in.e[fi].t);
  uint32_t fo = rf_i_ring_from(&ac->out, ac->in.e[fi].t);
  /* what was sent on: each payment out counts up to what had come in (in the
   * window) and was not yet sent on when it left; a payment made before the
   * money arrived spends an older balance */
  double out = 0, sent_on = 0, got = 0;
  for (uint32_t k = fo, i = fi; k < ac->out.len; k++) {
    const rf_i_edge *o = &ac->out.e[k];
    while (i < ac->in.len && ac->in.e[i].t <= o->t) got += ac->in.e[i++].amount;
    double room = got - sent_on;
    out += o->amount;
    sent_on += o->amount < room ? o->amount : room > 0 ? room : 0;
  }
  /* most of the inflow leaves after it came in, and not much more leaves (an
   * account spending an older balance is not passing money through); and, as
   * for funnels, the inflow is unusual for the account ([general]
   * history_factor): a treasury or payment account that always forwards what
   * it gets is not */
  if (sent_on < c->pass_ratio * in || out * c->pass_ratio > in ||
      !rf_i_above_profile(m, ac, ac->n_in, ac->in.len - fi, c->pass_window, now))
    return;
  rf_i_ev_reset(ev);
  rf_i_ev_acc(ev, a);
  rf_i_ev_ring(m, ev, &ac->in, fi, a, 0, 0);
  rf_i_ev_emptying(m, ev, &ac->out, fo, a, c->pass_ratio * in);
  double ratio = in > 0 ? sent_on / in : 0;
  double hours = (double)(now - t0) / 3600;
  char x[512];
  snprintf(x, sizeof x,
           "received %.2f in %u transactions and sent on %.2f of it (%.0f%%) after it came in, "
           "within %.1f hours (%.2f paid out in all; min share %.0f%%, window %.1f days)",
           in, ac->in.len - fi, sent_on, 100 * ratio, hours, out, 100 * c->pass_ratio,
           (double)c->pass_window / RF_I_DAY);
  double sc = rf_i_score(in, c->pass_min_amount);
  sc = 0.5 * sc + 0.5 * (hours < 24 ? 1.0 : 24.0 / hours);
  rf_i_fire(m, RF_TYP_PASS_THROUGH, ev, now, ratio, c->pass_ratio, sc, x, 1);
}

/* 2 funnel: cash from many depositors or places, then sent on */
static void rf_i_det_funnel(rf_monitor *m, rf_i_ev *ev, uint32_t a, int64_t now) {
  const rf_monitor_config *c = &m->cfg;
  rf_i_acct *ac = &m->acct[a];
  const rf_i_ring *r = &ac->in;
  uint32_t fi = rf_i_ring_from(r, rf_i_rel(m, now - c->funnel_window));
  uint32_t need =
      c->funnel_min_sources < c->funnel_min_places ? c->funnel_min_sources : c->funnel_min_places;
  if (r->len - fi < need) return;
  uint32_t s = rf_i_next_stamp(m), sources = 0, ncash = 0, np, nc;
  double in = 0;
  for (uint32_t i = fi; i < r->len; i++) {
    const rf_i_edge *e = &r->e[i];
    if (!(e->flags & RF_I_EF_CASH)) continue;
    in += e->amount;
    ncash++;
    if (!(e->flags & RF_I_EF_NOACCT) && m->stamp_a[e->peer] != s) {
      m->stamp_a[e->peer] = s;
      sources++;
    }
  }
  rf_i_count_places(m, r, fi, RF_I_EF_CASH, &np, &nc);
  uint32_t depositors = nc > sources ? nc : sources;
  if (in < c->funnel_min_amount) return;
  if (depositors < c->funnel_min_sources && np < c->funnel_min_places) return;
  /* the cash is unusual for the account: a business that banks its takings
   * every day is no funnel, an account that never saw cash suddenly fed by
   * depositors in several states is (its other traffic does not matter) */
  if (!rf_i_above_profile(m, ac, ac->n_cash_in, ncash, c->funnel_window, now)) return;
  uint32_t fo = rf_i_ring_from(&ac->out, r->e[fi].t);
  double out = 0;
  uint32_t risky = 0;
  for (uint32_t i = fo; i < ac->out.len; i++) {
    out += ac->out.e[i].amount;
    if (ac->out.e[i].flags & RF_I_EF_CORRIDOR) risky++;
  }
  if (out < c->funnel_out_ratio * in) return;
  rf_i_ev_reset(ev);
  rf_i_ev_acc(ev, a);
  rf_i_ev_ring(m, ev, r, fi, a, 0, RF_I_EF_CASH);
  rf_i_ev_emptying(m, ev, &ac->out, fo, a, c->funnel_out_ratio * in);
  char x[512];
  snprintf(x, sizeof x,
           "funnel: %.2f in from %u depositors/conductors at %u locations within %.1f days, "
           "%.0f%% sent out again (%u outflows to high-risk corridors; min %u sources or %u "
           "places, %.0f%% out)",
           in, depositors, np, (double)c->funnel_window / RF_I_DAY, in > 0 ? 100 * out / in : 0,
           risky, c->funnel_min_sources, c->funnel_min_places, 100 * c->funnel_out_ratio);
  double v = depositors >= c->funnel_min_sources ? (double)depositors / c->funnel_min_sources
                                                 : (double)np / c->funnel_min_places;
  double sc = rf_i_score(v, 1);
  if (risky) sc = sc + (1 - sc) * 0.5;
  rf_i_fire(m, RF_TYP_FUNNEL, ev, now, depositors, c->funnel_min_sources, sc, x, 1);
}

void rf_i_det_outflow(rf_monitor *m, rf_i_ev *ev, uint32_t a, int64_t now) {
  if (m->cfg.enabled[RF_TYP_PASS_THROUGH]) rf_i_det_pass_through(m, ev, a, now);
  if (m->cfg.enabled[RF_TYP_FUNNEL]) rf_i_det_funnel(m, ev, a, now);
}

/* 8a corridor: money to or from a high-risk country */
static void rf_i_det_corridor(rf_monitor *m, rf_i_ev *ev, uint32_t acct, const rf_i_ring *r,
                              int outgoing, int64_t now, const char *country) {
  const rf_monitor_config *c = &m->cfg;
  uint32_t from = rf_i_ring_from(r, rf_i_rel(m, now - c->corridor_window));
  uint32_t count = 0;
  double total = 0;
  for (uint32_t i = from; i < r->len; i++)
    if (r->e[i].flags & RF_I_EF_HIGHRISK) {
      count++;
      total += r->e[i].amount;
    }
  if (count < c->corridor_min_count || total < c->corridor_min_amount) return;
  rf_i_ev_reset(ev);
  rf_i_ev_acc(ev, acct);
  rf_i_ev_ring(m, ev, r, from, acct, outgoing, RF_I_EF_HIGHRISK);
  char x[512];
  snprintf(x, sizeof x,
           "%u payments %s high-risk jurisdiction(s) (latest %s) totalling %.2f within %.1f days "
           "(min %.0f)",
           count, outgoing ? "to" : "from", country ? country : "?", total,
           (double)c->corridor_window / RF_I_DAY, c->corridor_min_amount);
  rf_i_fire(m, RF_TYP_CORRIDOR, ev, now, total, c->corridor_min_amount,
            rf_i_score(total, c->corridor_min_amount), x, 1);
}

/* the high-risk payment ring of acct in one direction, created on first use
 * and pruned to the corridor window; NULL when out of memory */
static rf_i_ring *rf_i_hr_ring(rf_monitor *m, uint32_t acct, int outgoing, int64_t now) {
  rf_i_acct *ac = &m->acct[acct];
  if (!ac->hr_id) {
    rf_i_hr *n = rf_grow(m->hr, &m->hr_cap, m->nhr + 1, sizeof *n, 64);
    if (!n) return NULL;
    m->hr = n;
    rf_i_hr *h = &m->hr[m->nhr++];
    memset(h, 0, sizeof *h);
    h->in.head_t = h->out.head_t = INT32_MAX;
    ac->hr_id = (uint32_t)m->nhr;
  }
  rf_i_ring *r = outgoing ? &m->hr[ac->hr_id - 1].out : &m->hr[ac->hr_id - 1].in;
  rf_i_ring_prune(r, rf_i_rel(m, now - m->cfg.corridor_window));
  return r;
}

/* files a high-risk payment in acct's ring and runs the corridor detector */
int rf_i_highrisk(rf_monitor *m, rf_i_ev *ev, uint32_t acct, const rf_i_edge *e, int outgoing,
                  int64_t now, const char *country) {
  rf_i_ring *r = rf_i_hr_ring(m, acct, outgoing, now);
  if (!r || rf_i_ring_push(m, r, e, m->cfg.max_edges)) return -1;
  rf_i_det_corridor(m, ev, acct, r, outgoing, now, country);
  return 0;
}

/* 9 profile: dormant wake-up and volume spike (called before the edge is added) */
void rf_i_det_profile(rf_monitor *m, rf_i_ev *ev, uint32_t acct, const rf_txn *t,
                      const rf_i_edge *e, int outgoing) {
  const rf_monitor_config *c = &m->cfg;
  rf_i_acct *ac = &m->acct[acct];
  int64_t day = t->time >= 0 ? t->time / RF_I_DAY : (t->time - RF_I_DAY + 1) / RF_I_DAY;
  if (ac->first_time == INT64_MIN) {
    ac->first_time = ac->last_time = t->time;
    ac->day = day;
    ac->day_vol = e->amount;
    return;
  }
  if (c->enabled[RF_TYP_DORMANT] && t->time - ac->last_time >= c->dormant_gap &&
      e->amount >= c->dormant_min_amount) {
    rf_i_ev_reset(ev);
    rf_i_ev_acc(ev, acct);
    rf_i_ev_cp(m, ev, e->peer);
    rf_i_ev_txn(m, ev, e, acct, outgoing);
    char x[256];
    double gap = (double)(t->time - ac->last_time) / RF_I_DAY;
    snprintf(x, sizeof x,
             "account dormant for %.0f days moved %.2f (min gap %.0f days, min amount %.0f)", gap,
             e->amount, (double)c->dormant_gap / RF_I_DAY, c->dormant_min_amount);
    double sc = 0.5 * rf_i_score(gap, (double)c->dormant_gap / RF_I_DAY) +
                0.5 * rf_i_score(e->amount, c->dormant_min_amount);
    rf_i_fire(m, RF_TYP_DORMANT, ev, t->time, gap, (double)c->dormant_gap / RF_I_DAY, sc, x, 0);
  }
  if (day != ac->day) {
    if (day > ac->day) {
      ac->hist_vol += ac->day_vol;
      ac->active_days++;
      ac->day = day;
      ac->day_vol = 0;
    }
  }
  ac->day_vol += e->amount;
  if (t->time > ac->last_time) ac->last_time = t->time;
  if (!c->enabled[RF_TYP_VOLUME_SPIKE]) return;
  int64_t hist = day * RF_I_DAY - ac->first_time;
  /* a mean of a few days of heavy-tailed payments says little */
  if (hist < c->spike_min_history || ac->active_days < c->spike_min_days ||
      ac->day_vol < c->spike_min_amount)
    return;
  double days = (double)hist / RF_I_DAY;
  /* the mean over the days the account was active: an account that pays one
   * large bill a month is not spiking on the day it pays it */
  double mean = ac->hist_vol / (ac->active_days ? ac->active_days : 1);
  if (ac->day_vol < c->spike_factor * mean) return;
  rf_i_ev_reset(ev);
  rf_i_ev_acc(ev, acct);
  int64_t d0 = day * RF_I_DAY;
  for (int dir = 0; dir < 2; dir++) {
    const rf_i_ring *r = dir ? &ac->out : &ac->in;
    rf_i_ev_ring(m, ev, r, rf_i_ring_from(r, rf_i_rel(m, d0)), acct, dir, 0);
  }
  rf_i_ev_txn(m, ev, e, acct, outgoing);
  rf_i_ev_cp(m, ev, e->peer);
  double ratio = mean > 0 ? ac->day_vol / mean : c->spike_factor * 10;
  char x[256];
  snprintf(x, sizeof x,
           "day volume %.2f is %.1fx the account's mean volume %.2f on its %u active days "
           "in %.0f days of history (min factor %.1f)",
           ac->day_vol, ratio, mean, ac->active_days, days, c->spike_factor);
  rf_i_fire(m, RF_TYP_VOLUME_SPIKE, ev, t->time, ratio, c->spike_factor,
            rf_i_score(ratio, c->spike_factor), x, 1);
}
