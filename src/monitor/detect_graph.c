/* Graph detectors that follow money between accounts: fan-in / fan-out,
 * gather-scatter, scatter-gather, cycles, bipartite and stacked layering. */
#include "monitor_i.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* 4 fan-in / fan-out */
void rf_i_det_fan(rf_monitor *m, rf_i_ev *ev, uint32_t acct, const rf_i_ring *r, int outgoing,
                  int64_t now) {
  const rf_monitor_config *c = &m->cfg;
  rf_typology typ = outgoing ? RF_TYP_FAN_OUT : RF_TYP_FAN_IN;
  const rf_i_acct *acc = &m->acct[acct];
  /* too few edges in the whole ring for any window to hold a fan (the
   * population gate needs the exact count) */
  if (rf_i_ring_live(r) < c->fan_min_degree && c->fan_quantile <= 0) return;
  uint32_t from0 = rf_i_ring_from(r, rf_i_rel(m, now - c->fan_window));
  uint32_t wcount = r->len - from0;
  /* population gate: the window's transaction count must be in the top
   * (1 - population_quantile) of what this direction shows across accounts */
  if (c->fan_quantile > 0) {
    uint64_t *h = m->fan_hist[outgoing];
    h[wcount < 255 ? wcount : 255]++;
    if (++m->fan_nobs[outgoing] % 65536 == 0) {
      uint64_t tot = m->fan_nobs[outgoing], cum = 0, need = (uint64_t)(c->fan_quantile * tot);
      uint32_t k = 0;
      while (k < 255 && cum + h[k] < need) cum += h[k++];
      m->fan_q[outgoing] = k;
    }
    if (m->fan_nobs[outgoing] >= 65536 && wcount < m->fan_q[outgoing]) return;
  }
  uint32_t open = rf_i_open_get(m, acc, typ);
  if (open && wcount >= c->fan_min_degree &&
      rf_i_above_profile(m, acc, outgoing ? acc->n_out : acc->n_in, wcount, c->fan_window, now)) {
    /* the account is already alerted and its window still holds a fan's
     * worth of transactions, still unusual for it: the new material
     * transaction joins the open alert without recounting the window (once
     * the burst is over, or the account's history shows it is always this
     * busy, its later everyday payments do not) */
    rf_i_alert *o = rf_i_al(m, open - 1);
    const rf_i_edge *e = r->len ? &r->e[r->len - 1] : NULL;
    if (now - o->pub.window_end <= c->cooldown && e && rf_i_abs(m, e->t) == now) {
      if (RF_I_LINK(e) && o->pub.ntxns < RF_I_MAX_EVIDENCE) {
        rf_alert_txn at = {e->line,
                           rf_i_edge_txid(m, e),
                           outgoing ? acct : e->peer,
                           outgoing ? e->peer : acct,
                           rf_i_abs(m, e->t),
                           e->amount};
        if (rf_i_alert_add_txn(o, &at)) m->oom = 1;
        if (e->line > o->max_line) o->max_line = e->line;
      }
      return;
    }
  }
  uint32_t from = from0;
  if (r->len - from < c->fan_min_degree) return;
  uint32_t s = rf_i_next_stamp(m), distinct = 0;
  double total = 0;
  rf_i_ev_reset(ev);
  rf_i_ev_acc(ev, acct);
  /* profile gate first: it is cheaper than counting distinct counterparties */
  if (!rf_i_above_profile(m, acc, outgoing ? acc->n_out : acc->n_in, r->len - from, c->fan_window,
                          now))
    return;
  uint32_t nmat = 0;
  for (uint32_t i = from; i < r->len; i++) {
    const rf_i_edge *e = &r->e[i];
    if (!RF_I_LINK(e)) continue;
    nmat++;
    if (m->stamp_a[e->peer] != s) {
      m->stamp_a[e->peer] = s;
      distinct++;
    }
  }
  if (distinct < c->fan_min_degree) return;
  s = rf_i_next_stamp(m);
  for (uint32_t i = from; i < r->len; i++) {
    const rf_i_edge *e = &r->e[i];
    if (!RF_I_LINK(e)) continue;
    total += e->amount;
    rf_i_ev_txn(m, ev, e, acct, outgoing);
    if (m->stamp_a[e->peer] != s) {
      m->stamp_a[e->peer] = s;
      rf_i_ev_cp(m, ev, e->peer);
    }
  }
  char x[512];
  snprintf(x, sizeof x, "%u distinct %s within %.1f days (%u transactions, total %.2f; min %u)",
           distinct, outgoing ? "beneficiaries" : "originators", (double)c->fan_window / RF_I_DAY,
           nmat, total, c->fan_min_degree);
  rf_i_fire(m, typ, ev, now, distinct, c->fan_min_degree, rf_i_score(distinct, c->fan_min_degree),
            x, 1);
}

/* 5a gather-scatter: many senders into a, then many receivers out of a */
void rf_i_det_gather_scatter(rf_monitor *m, rf_i_ev *ev, uint32_t a, int64_t now) {
  const rf_monitor_config *c = &m->cfg;
  rf_i_acct *ac = &m->acct[a];
  if (rf_i_ring_live(&ac->in) < c->gs_min_degree || rf_i_ring_live(&ac->out) < c->gs_min_degree)
    return;
  uint32_t fi = rf_i_ring_from(&ac->in, rf_i_rel(m, now - c->sg_window));
  if (ac->in.len - fi < c->gs_min_degree) return;
  uint32_t fo = rf_i_ring_from(&ac->out, ac->in.e[fi].t);
  if (ac->out.len - fo < c->gs_min_degree) return;
  uint32_t s = rf_i_next_stamp(m), nin = 0, nout = 0;
  for (uint32_t i = fi; i < ac->in.len; i++)
    if (RF_I_LINK(&ac->in.e[i]) && m->stamp_a[ac->in.e[i].peer] != s) {
      m->stamp_a[ac->in.e[i].peer] = s;
      nin++;
    }
  if (nin < c->gs_min_degree) return;
  s = rf_i_next_stamp(m);
  for (uint32_t i = fo; i < ac->out.len; i++)
    if (RF_I_LINK(&ac->out.e[i]) && m->stamp_a[ac->out.e[i].peer] != s) {
      m->stamp_a[ac->out.e[i].peer] = s;
      nout++;
    }
  if (nout < c->gs_min_degree) return;
  double gin = 0, gout = 0;
  for (uint32_t i = fi; i < ac->in.len; i++)
    if (RF_I_LINK(&ac->in.e[i])) gin += ac->in.e[i].amount;
  for (uint32_t i = fo; i < ac->out.len; i++)
    if (RF_I_LINK(&ac->out.e[i])) gout += ac->out.e[i].amount;
  /* the money gathered is the money scattered */
  if (gout < 0.5 * gin || gout > 1.5 * gin) return;
  if (!rf_i_above_profile(m, ac, ac->n_in, ac->in.len - fi, c->sg_window, now)) return;
  /* evidence: the payments that scattered the money (as for funnels, not
   * the hub's everyday payments) and what was gathered before the last of
   * them */
  rf_ranked sc[RF_I_EMPTYING];
  uint32_t nsc = rf_i_emptying(&ac->out, fo, 0.5 * gin, 1, sc);
  int32_t until = nsc == UINT32_MAX ? INT32_MAX : nsc ? ac->out.e[sc[nsc - 1].i].t : INT32_MIN;
  rf_i_ev_reset(ev);
  rf_i_ev_acc(ev, a);
  for (uint32_t i = fi; i < ac->in.len && ac->in.e[i].t <= until; i++) {
    if (!RF_I_LINK(&ac->in.e[i])) continue;
    rf_i_ev_txn(m, ev, &ac->in.e[i], a, 0);
    rf_i_ev_cp(m, ev, ac->in.e[i].peer);
  }
  rf_i_ev_picked(m, ev, &ac->out, fo, a, sc, nsc, 1);
  char x[512];
  snprintf(x, sizeof x,
           "gather-scatter hub: %u distinct senders (%.2f) then %u distinct receivers (%.2f) "
           "within %.1f days (min %u each side)",
           nin, gin, nout, gout, (double)c->sg_window / RF_I_DAY, c->gs_min_degree);
  double v = nin < nout ? nin : nout;
  rf_i_fire(m, RF_TYP_GATHER_SCATTER, ev, now, v, c->gs_min_degree, rf_i_score(v, c->gs_min_degree),
            x, 1);
}

/* Small account sets (a window's counterparties) live in a local array:
 * scanning a few values in L1 beats marking a per-account stamp array at
 * random. Windows above RF_I_SMALL entries use the stamps. */
#define RF_I_SMALL 64
static int rf_i_small_find(const uint32_t *v, uint32_t n, uint32_t x) {
  for (uint32_t i = 0; i < n; i++)
    if (v[i] == x) return (int)i;
  return -1;
}

/* The distinct peers of the material transfers r->e[from..len): listed in
 * set when small (at most RF_I_SMALL edges), else marked in stamp_b with a
 * new stamp, returned in *stamp. Returns how many there are. */
static uint32_t rf_i_peer_set(rf_monitor *m, const rf_i_ring *r, uint32_t from, int small,
                              uint32_t *set, uint32_t *stamp) {
  uint32_t n = 0;
  if (small) {
    for (uint32_t i = from; i < r->len; i++)
      if (RF_I_LINK(&r->e[i]) && rf_i_small_find(set, n, r->e[i].peer) < 0) set[n++] = r->e[i].peer;
    return n;
  }
  uint32_t s = *stamp = rf_i_next_stamp(m);
  for (uint32_t i = from; i < r->len; i++)
    if (RF_I_LINK(&r->e[i]) && m->stamp_b[r->e[i].peer] != s) {
      m->stamp_b[r->e[i].peer] = s;
      n++;
    }
  return n;
}

/* A window's distinct counterparties as a set (rf_i_peer_set). */
typedef struct rf_i_pset {
  int small;      /* listed in v (at most RF_I_SMALL edges), else marked in stamp_b */
  uint32_t n;     /* distinct peers */
  uint32_t stamp; /* the stamp_b mark when not small */
  uint32_t v[RF_I_SMALL];
} rf_i_pset;

static void rf_i_pset_build(rf_monitor *m, const rf_i_ring *r, uint32_t from, rf_i_pset *ps) {
  ps->small = r->len - from <= RF_I_SMALL;
  ps->stamp = 0;
  ps->n = rf_i_peer_set(m, r, from, ps->small, ps->v, &ps->stamp);
}

static inline int rf_i_pset_has(const rf_monitor *m, const rf_i_pset *ps, uint32_t x) {
  return ps->small ? rf_i_small_find(ps->v, ps->n, x) >= 0 : m->stamp_b[x] == ps->stamp;
}

/* Detectors that visit the out-rings of several other accounts (the latest
 * senders in r) ask for all of them first, so that the cache misses overlap
 * instead of queueing one after another: the account headers, then the
 * newest edges of their rings. */
static void rf_i_prefetch_senders(const rf_monitor *m, const rf_i_ring *r, uint32_t from,
                                  uint32_t max) {
  uint32_t n = 0;
  for (uint32_t i = r->len; i > from && n < max; i--, n++)
    __builtin_prefetch(&m->acct[r->e[i - 1].peer].out);
  n = 0;
  for (uint32_t i = r->len; i > from && n < max; i--, n++) {
    const rf_i_ring *o = &m->acct[r->e[i - 1].peer].out;
    if (o->len) __builtin_prefetch(&o->e[o->len - 1]);
  }
}

/* 5b scatter-gather on new edge a->b: some S sent to many M that all sent to b */
void rf_i_det_scatter_gather(rf_monitor *m, rf_i_ev *ev, uint32_t a, uint32_t b, int64_t now) {
  const rf_monitor_config *c = &m->cfg;
  rf_i_acct *A = &m->acct[a], *B = &m->acct[b];
  int64_t lo = now - c->sg_window;
  if (rf_i_ring_live(&B->in) < c->sg_min_paths) return;
  uint32_t fb = rf_i_ring_from(&B->in, rf_i_rel(m, lo));
  if (B->in.len - fb < c->sg_min_paths || B->in.len - fb > c->hub_degree) return;
  /* mark the senders into b (the gatherers' side): a local set when few */
  rf_i_pset snd;
  rf_i_pset_build(m, &B->in, fb, &snd);
  if (snd.n < c->sg_min_paths) return;
  int small = snd.small;
  uint32_t nsend = snd.n, sb = snd.stamp;
  uint32_t fa = rf_i_ring_from(&A->in, rf_i_rel(m, lo));
  uint32_t tried = 0;
  rf_i_prefetch_senders(m, &A->in, fa, 8);
  for (uint32_t i = A->in.len; i > fa && tried < 8; i--) {
    uint32_t src = A->in.e[i - 1].peer;
    if (src == b || src == a || !RF_I_LINK(&A->in.e[i - 1])) continue;
    tried++;
    const rf_i_ring *so = &m->acct[src].out;
    uint32_t fs = rf_i_ring_from(so, rf_i_rel(m, lo));
    if (so->len - fs < c->sg_min_paths || so->len - fs > c->hub_degree) continue;
    uint32_t sa = 0, paths = 0;
    uint64_t used = 0; /* small: the senders into b reached from src, by index in snd */
    if (small) {
      for (uint32_t k = fs; k < so->len; k++) {
        uint32_t mid = so->e[k].peer;
        if (!RF_I_LINK(&so->e[k]) || mid == b) continue;
        int j = rf_i_small_find(snd.v, nsend, mid);
        if (j >= 0 && !(used >> j & 1)) {
          used |= (uint64_t)1 << j;
          paths++;
        }
      }
    } else {
      sa = rf_i_next_stamp(m);
      for (uint32_t k = fs; k < so->len; k++) {
        uint32_t mid = so->e[k].peer;
        if (RF_I_LINK(&so->e[k]) && mid != b && m->stamp_b[mid] == sb && m->stamp_a[mid] != sa) {
          m->stamp_a[mid] = sa;
          paths++;
        }
      }
    }
    if (paths < c->sg_min_paths) continue;
#define RF_I_SG_MID(x)                                                                             \
  (small ? (rf_i_small_find(snd.v, nsend, (x)) >= 0 &&                                             \
            (used >> rf_i_small_find(snd.v, nsend, (x)) & 1))                                      \
         : m->stamp_a[(x)] == sa)
    /* evidence: src->mid and mid->b edges */
    rf_i_ev_reset(ev);
    rf_i_ev_acc(ev, b);
    rf_i_ev_acc(ev, src);
    double total = 0;
    for (uint32_t k = fs; k < so->len; k++) {
      uint32_t mid = so->e[k].peer;
      if (RF_I_LINK(&so->e[k]) && mid != b && RF_I_SG_MID(mid)) {
        rf_i_ev_txn(m, ev, &so->e[k], src, 1);
        rf_i_ev_acc(ev, mid);
        total += so->e[k].amount;
      }
    }
    for (uint32_t k = fb; k < B->in.len; k++)
      if (RF_I_LINK(&B->in.e[k]) && RF_I_SG_MID(B->in.e[k].peer))
        rf_i_ev_txn(m, ev, &B->in.e[k], b, 0);
#undef RF_I_SG_MID
    char x[512];
    snprintf(x, sizeof x,
             "scatter-gather: one source split %.2f over %u intermediaries that all paid the same "
             "beneficiary within %.1f days (min %u paths)",
             total, paths, (double)c->sg_window / RF_I_DAY, c->sg_min_paths);
    rf_i_fire(m, RF_TYP_SCATTER_GATHER, ev, now, paths, c->sg_min_paths,
              rf_i_score(paths, c->sg_min_paths), x, 0);
    return;
  }
}

/* 6 cycles: new edge a->b closes b -> x1 -> ... -> a -> b with increasing
 * times. Depth-first backwards from a over in-edges. */
typedef struct rf_i_cyc {
  rf_monitor *m;
  uint32_t target; /* b */
  int32_t lo;      /* epoch-relative, as edge times */
  uint32_t budget;
  uint32_t depth, maxd, mind;
  const rf_i_edge *path[16];
  uint32_t node[16];
  uint32_t found;
} rf_i_cyc;

static int rf_i_amt_ok(double later, double earlier, double ratio) {
  if (earlier <= 0 || later <= 0) return 0;
  double q = later / earlier;
  return q >= ratio && q <= 1.0 / ratio;
}

static int rf_i_cyc_dfs(rf_i_cyc *cs, uint32_t v, int32_t before, double next_amount) {
  rf_monitor *m = cs->m;
  const rf_i_ring *r = &m->acct[v].in;
  uint32_t from = rf_i_ring_from(r, cs->lo);
  if (r->len - from > m->cfg.hub_degree) return 0; /* money is not traced through hubs */
  for (uint32_t i = r->len; i > from; i--) {
    const rf_i_edge *e = &r->e[i - 1];
    if (e->t >= before || !RF_I_LINK(e)) continue;
    if (cs->budget == 0) return 0;
    cs->budget--;
    if (!rf_i_amt_ok(next_amount, e->amount, m->cfg.cycle_amount_ratio)) continue;
    uint32_t u = e->peer;
    /* hops so far = depth+1 (the closing edge) + this edge */
    cs->path[cs->depth] = e;
    cs->node[cs->depth] = u;
    uint32_t hops = cs->depth + 2;
    if (u == cs->target) {
      if (hops >= cs->mind) {
        cs->depth++;
        return 1;
      }
      continue;
    }
    int seen = (u == v);
    for (uint32_t k = 0; k < cs->depth && !seen; k++)
      if (cs->node[k] == u) seen = 1;
    if (seen || hops >= cs->maxd) continue;
    cs->depth++;
    if (rf_i_cyc_dfs(cs, u, e->t, e->amount)) return 1;
    cs->depth--;
  }
  return 0;
}

void rf_i_det_cycle(rf_monitor *m, rf_i_ev *ev, uint32_t a, uint32_t b, const rf_i_edge *closing,
                    int64_t now) {
  const rf_monitor_config *c = &m->cfg;
  if (a == b) return;
  if (m->acct[b].out.len == m->acct[b].out.head) return; /* b never sent: no cycle */
  rf_i_cyc cs;
  memset(&cs, 0, sizeof cs);
  cs.m = m;
  cs.target = b;
  cs.lo = rf_i_rel(m, now - c->cycle_window);
  cs.budget = c->cycle_budget;
  cs.maxd = c->cycle_max_hops > 15 ? 15 : c->cycle_max_hops;
  cs.mind = c->cycle_min_hops;
  if (!rf_i_cyc_dfs(&cs, a, closing->t + 1, closing->amount)) return;
  rf_i_ev_reset(ev);
  /* origin b first, then the path in time order */
  rf_i_ev_acc(ev, b);
  double first = 0;
  for (uint32_t k = cs.depth; k > 0; k--) {
    const rf_i_edge *e = cs.path[k - 1];
    uint32_t dst = k >= 2 ? cs.node[k - 2] : a;
    rf_i_ev_acc(ev, dst);
    rf_i_ev_txn(m, ev, e, dst, 0);
    if (k == cs.depth) first = e->amount;
  }
  rf_i_ev_txn(m, ev, closing, a, 1);
  int64_t span = (int64_t)closing->t - cs.path[cs.depth - 1]->t;
  uint32_t hops = cs.depth + 1;
  char x[512];
  snprintf(x, sizeof x,
           "money returned to its origin through %u hops in %.1f days with increasing times: "
           "%.2f left, %.2f came back (%.0f%%; hop ratio within %.2f..%.2f)",
           hops, (double)span / RF_I_DAY, first, closing->amount,
           first > 0 ? 100 * closing->amount / first : 0, c->cycle_amount_ratio,
           1 / c->cycle_amount_ratio);
  double sc = 0.6 + 0.4 * (first > 0 ? fmin(closing->amount / first, first / closing->amount) : 0);
  rf_i_fire(m, RF_TYP_CYCLE, ev, now, hops, c->cycle_min_hops, sc, x, 0);
}

/* The layering group of a's payment to b: a, then the latest other senders
 * into b (at most 12 looked at) that paid at least bip_min_receivers of a's
 * receivers rcv since lo, each making at most max_out payments. */
static uint32_t rf_i_bip_group(rf_monitor *m, uint32_t a, uint32_t b, uint32_t fb, int64_t lo,
                               uint32_t max_out, const rf_i_pset *rcv, uint32_t group[64]) {
  const rf_monitor_config *c = &m->cfg;
  const rf_i_ring *bin = &m->acct[b].in;
  uint32_t ng = 0, seen[16], nseen = 0, tried = 0;
  group[ng++] = a;
  seen[nseen++] = a;
  rf_i_prefetch_senders(m, bin, fb, 12);
  for (uint32_t i = bin->len; i > fb && ng < 64 && tried < 12; i--) {
    uint32_t s = bin->e[i - 1].peer;
    if (rf_i_small_find(seen, nseen, s) >= 0 || s == b || !RF_I_LINK(&bin->e[i - 1])) continue;
    seen[nseen++] = s;
    tried++;
    const rf_i_ring *so = &m->acct[s].out;
    uint32_t fs = rf_i_ring_from(so, rf_i_rel(m, lo));
    if (so->len - fs > max_out) continue;
    /* distinct common receivers: use a local small set */
    uint32_t common[16], ncom = 0;
    for (uint32_t k = fs; k < so->len && ncom < 16; k++) {
      uint32_t p = so->e[k].peer;
      if (!RF_I_LINK(&so->e[k]) || !rf_i_pset_has(m, rcv, p)) continue;
      uint32_t q = 0;
      while (q < ncom && common[q] != p) q++;
      if (q == ncom) common[ncom++] = p;
    }
    if (ncom >= c->bip_min_receivers) group[ng++] = s;
  }
  return ng;
}

/* Layering mules are fed by the group: a receiver most of whose payers in
 * the window are outside it (a shop, a biller, a payroll account) does not
 * make the senders a group. Whether enough receivers (of the first 16) are. */
static int rf_i_bip_fed(rf_monitor *m, const uint32_t *group, uint32_t ng, int64_t lo,
                        const rf_i_pset *rcv) {
  const rf_monitor_config *c = &m->cfg;
  uint32_t fed = 0, nr = 0, seenr[16], nseenr = 0;
  for (uint32_t i = 0; i < ng && nseenr < 16; i++) {
    const rf_i_ring *so = &m->acct[group[i]].out;
    for (uint32_t k = rf_i_ring_from(so, rf_i_rel(m, lo)); k < so->len && nseenr < 16; k++) {
      uint32_t p = so->e[k].peer;
      if (!RF_I_LINK(&so->e[k]) || !rf_i_pset_has(m, rcv, p) ||
          rf_i_small_find(seenr, nseenr, p) >= 0)
        continue;
      seenr[nseenr++] = p;
      const rf_i_ring *pi = &m->acct[p].in;
      uint32_t in_group = 0, all = 0;
      for (uint32_t q = rf_i_ring_from(pi, rf_i_rel(m, lo)); q < pi->len; q++) {
        if (!RF_I_LINK(&pi->e[q])) continue;
        all++;
        in_group += rf_i_small_find(group, ng, pi->e[q].peer) >= 0;
      }
      nr++;
      if (all && in_group >= c->bip_min_share * all) fed++;
    }
  }
  return !nr || fed >= c->bip_min_receivers;
}

/* How many members of the group paid each of a's receivers rcv since lo:
 * receivers in r[], counts in n[] (at most RF_I_SMALL receivers; those past
 * the table count as shared). */
typedef struct rf_i_payers {
  uint32_t r[RF_I_SMALL], n[RF_I_SMALL], last[RF_I_SMALL];
  uint32_t len;
} rf_i_payers;

static void rf_i_bip_payers(rf_monitor *m, const uint32_t *group, uint32_t ng, int64_t lo,
                            const rf_i_pset *rcv, rf_i_payers *py) {
  py->len = 0;
  for (uint32_t i = 0; i < ng; i++) {
    const rf_i_ring *so = &m->acct[group[i]].out;
    for (uint32_t k = rf_i_ring_from(so, rf_i_rel(m, lo)); k < so->len; k++) {
      uint32_t p = so->e[k].peer;
      if (!RF_I_LINK(&so->e[k]) || !rf_i_pset_has(m, rcv, p)) continue;
      int j = rf_i_small_find(py->r, py->len, p);
      if (j < 0 && py->len < RF_I_SMALL) {
        j = (int)py->len++;
        py->r[j] = p;
        py->n[j] = 0;
        py->last[j] = UINT32_MAX;
      }
      if (j >= 0 && py->last[j] != i) { /* a member not counted yet (members come one by one) */
        py->last[j] = i;
        py->n[j]++;
      }
    }
  }
}

/* the alert: the group's payments to the receivers two or more of them paid
 * (a payment of one sender to a receiver no other sender shares is that
 * sender's own business), which are marked as receivers of a layer (a later
 * group of them is a stack) */
static void rf_i_bip_fire(rf_monitor *m, rf_i_ev *ev, rf_typology typ, const uint32_t *group,
                          uint32_t ng, int64_t lo, const rf_i_pset *rcv, int64_t now) {
  const rf_monitor_config *c = &m->cfg;
  rf_i_payers py;
  rf_i_bip_payers(m, group, ng, lo, rcv, &py);
  rf_i_ev_reset(ev);
  for (uint32_t i = 0; i < ng; i++) rf_i_ev_acc(ev, group[i]);
  uint32_t recv_used = 0;
  double total = 0;
  for (uint32_t i = 0; i < ng; i++) {
    const rf_i_ring *so = &m->acct[group[i]].out;
    for (uint32_t k = rf_i_ring_from(so, rf_i_rel(m, lo)); k < so->len; k++) {
      uint32_t p = so->e[k].peer;
      if (!RF_I_LINK(&so->e[k]) || !rf_i_pset_has(m, rcv, p)) continue;
      int j = rf_i_small_find(py.r, py.len, p);
      if (j >= 0 && py.n[j] < 2) continue;
      rf_i_ev_txn(m, ev, &so->e[k], group[i], 1);
      total += so->e[k].amount;
      size_t before = ev->nacc;
      rf_i_ev_acc(ev, p);
      if (ev->nacc > before) {
        recv_used++;
        m->acct[p].bip_recv_time = now;
      }
    }
  }
  char x[512];
  snprintf(
      x, sizeof x,
      "%s: %u senders each paid at least %u of the same %u receivers within %.1f days "
      "(total %.2f; min %u senders)%s",
      typ == RF_TYP_STACK ? "stacked layering" : "bipartite layering", ng, c->bip_min_receivers,
      recv_used, (double)c->bip_window / RF_I_DAY, total, c->bip_min_senders,
      typ == RF_TYP_STACK ? "; the senders were themselves receivers of an earlier layer" : "");
  rf_i_fire(m, typ, ev, now, ng, c->bip_min_senders, rf_i_score(ng, c->bip_min_senders), x, 0);
}

/* 7 bipartite / stack on new edge a->b */
void rf_i_det_bipartite(rf_monitor *m, rf_i_ev *ev, uint32_t a, uint32_t b, int64_t now) {
  const rf_monitor_config *c = &m->cfg;
  int64_t lo = now - c->bip_window;
  rf_i_acct *A = &m->acct[a], *B = &m->acct[b];
  /* a sender that makes many payments in the window (payroll, a marketplace,
   * a big company) shares receivers with every other big payer: no layering */
  uint32_t max_out = c->bip_max_payments ? c->bip_max_payments : c->hub_degree;
  if (rf_i_ring_live(&A->out) < c->bip_min_receivers ||
      rf_i_ring_live(&B->in) + 1 < c->bip_min_senders)
    return;
  uint32_t fa = rf_i_ring_from(&A->out, rf_i_rel(m, lo));
  if (A->out.len - fa < c->bip_min_receivers || A->out.len - fa > max_out) return;
  uint32_t fb = rf_i_ring_from(&B->in, rf_i_rel(m, lo));
  if (B->in.len - fb + 1 < c->bip_min_senders || B->in.len - fb > c->hub_degree) return;
  rf_i_pset rcv;
  rf_i_pset_build(m, &A->out, fa, &rcv);
  if (rcv.n < c->bip_min_receivers) return;
  uint32_t group[64];
  uint32_t ng = rf_i_bip_group(m, a, b, fb, lo, max_out, &rcv, group);
  if (ng < c->bip_min_senders) return;
  if (c->bip_min_share > 0 && !rf_i_bip_fed(m, group, ng, lo, &rcv)) return;
  int stacked = 0;
  for (uint32_t i = 0; i < ng; i++)
    if (m->acct[group[i]].bip_recv_time != INT64_MIN &&
        now - m->acct[group[i]].bip_recv_time <= c->bip_window)
      stacked = 1;
  rf_typology typ = stacked && c->enabled[RF_TYP_STACK] ? RF_TYP_STACK : RF_TYP_BIPARTITE;
  if (c->enabled[typ]) rf_i_bip_fire(m, ev, typ, group, ng, lo, &rcv, now);
}
