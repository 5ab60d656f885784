/* The streaming detector engine: lifecycle, the per-account arrays and their
 * edge rings, the extras table, text / threshold / country / name lookups,
 * currency rates, and rf_monitor_push, which files each transaction in the
 * rings and runs the detectors (detect_flow.c, detect_graph.c); then finish,
 * prefetch and the accessors. */
#include "monitor_i.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* ------------------------------------------------ memory for big arrays */

/* Per-account arrays: small ones from malloc (64-byte aligned), from 2 MiB
 * up anonymous mappings that grow with mremap (no copy, and pages already
 * touched are not zeroed again). cap/oldcap in elements of esz bytes. */
static int rf_i_arr_big(size_t bytes) { return bytes >= RF_I_HUGE; }

static void *rf_i_arr_grow(void *old, size_t oldcap, size_t n, size_t cap, size_t esz) {
  size_t ob = oldcap * esz, nb = cap * esz;
  void *p;
  if (old && rf_i_arr_big(ob)) {
    p = mremap(old, ob, nb, MREMAP_MAYMOVE);
    if (p == MAP_FAILED) return NULL;
#ifdef MADV_HUGEPAGE
    (void)madvise(p, nb, MADV_HUGEPAGE);
#endif
    return p;
  }
  if (rf_i_arr_big(nb)) {
    p = mmap(NULL, nb, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
#ifdef MADV_HUGEPAGE
    (void)madvise(p, nb, MADV_HUGEPAGE);
#endif
  } else {
    p = aligned_alloc(64, (nb + 63) & ~(size_t)63);
    if (!p) return NULL;
  }
  if (n) memcpy(p, old, n * esz);
  free(old);
  return p;
}

static void rf_i_arr_free(void *p, size_t cap, size_t esz) {
  if (!p) return;
  if (rf_i_arr_big(cap * esz))
    munmap(p, cap * esz);
  else
    free(p);
}

/* ------------------------------------------------- rings and accounts */

int rf_i_ring_push(rf_monitor *m, rf_i_ring *r, const rf_i_edge *e, uint32_t max_edges) {
  if (r->len == r->cap) {
    if (r->head > 0 && (r->head >= r->cap / 4 || r->cap >= max_edges)) {
      memmove(r->e, r->e + r->head, (size_t)(r->len - r->head) * sizeof *r->e);
      r->len -= r->head;
      r->head = 0;
    } else if (r->cap >= max_edges) {
      /* full: drop the oldest quarter at once (amortised O(1) per push) */
      uint32_t drop = r->len / 4 ? r->len / 4 : 1;
      memmove(r->e, r->e + drop, (size_t)(r->len - drop) * sizeof *r->e);
      r->len -= drop;
      r->head_t = r->len > r->head ? r->e[r->head].t : INT32_MAX;
    } else {
      /* 2, 3, 4, 6, 8, 12, ...: about a sixth of a ring is slack on average
       * (a quarter when doubling) */
      uint32_t cap = !r->cap                    ? 2
                     : !(r->cap & (r->cap - 1)) ? r->cap + r->cap / 2
                                                : r->cap + r->cap / 3;
      if (cap > max_edges) cap = max_edges;
      rf_i_edge *ne = rf_i_pool_get(&m->pool, cap);
      if (!ne) return -1;
      if (r->len) memcpy(ne + r->head, r->e + r->head, (size_t)(r->len - r->head) * sizeof *ne);
      rf_i_pool_put(&m->pool, r->e, r->cap);
      r->e = ne;
      r->cap = cap;
    }
  }
  /* keep time order when a row arrives slightly late */
  uint32_t i = r->len;
  while (i > r->head && r->e[i - 1].t > e->t) {
    r->e[i] = r->e[i - 1];
    i--;
  }
  r->e[i] = *e;
  r->len++;
  if (i == r->head) r->head_t = e->t;
  return 0;
}

static int rf_i_grow_accounts(rf_monitor *m, uint32_t id) {
  if (id < m->nacct) return 0;
  if (id >= m->acct_cap) {
    size_t cap = m->acct_cap ? m->acct_cap : 1024;
    while (cap <= id) cap *= 2;
    /* 64-byte aligned: an account is exactly two cache lines */
    rf_i_acct *na = rf_i_arr_grow(m->acct, m->acct_cap, m->nacct, cap, sizeof *na);
    if (!na) return -1;
    m->acct = na;
    m->acct_cap = cap;
  }
  if (id >= m->stamp_a_cap) {
    uint32_t *sa = rf_i_arr_grow(m->stamp_a, m->stamp_a_cap, m->nacct, m->acct_cap, sizeof *sa);
    if (!sa) return -1;
    m->stamp_a = sa;
    m->stamp_a_cap = m->acct_cap;
  }
  if (id >= m->stamp_b_cap) {
    uint32_t *sb = rf_i_arr_grow(m->stamp_b, m->stamp_b_cap, m->nacct, m->acct_cap, sizeof *sb);
    if (!sb) return -1;
    m->stamp_b = sb;
    m->stamp_b_cap = m->acct_cap;
  }
  if (id >= m->lab_cap) {
    uint8_t *al = realloc(m->acct_lab, m->acct_cap);
    if (!al) return -1;
    m->acct_lab = al;
    m->lab_cap = m->acct_cap;
  }
  static const rf_i_acct fresh = {.in.head_t = INT32_MAX,
                                  .out.head_t = INT32_MAX,
                                  .first_time = INT64_MIN,
                                  .last_time = INT64_MIN,
                                  .day = INT64_MIN,
                                  .bip_recv_time = INT64_MIN};
  for (size_t i = m->nacct; i <= id; i++) {
    m->acct[i] = fresh;
    m->stamp_a[i] = m->stamp_b[i] = 0;
    m->acct_lab[i] = 0;
  }
  m->nacct = (size_t)id + 1;
  return 0;
}

_Static_assert(sizeof(rf_i_acct) == 128, "an account is two cache lines");
_Static_assert(sizeof(rf_i_edge) == 24, "a 24-byte edge");

/* ------------------------------------------------------------ extras */

/* Two live rows never share a slot: they differ by less than the old
 * capacity, so they differ modulo the new one too. */
static int rf_i_extra_grow(rf_monitor *m) {
  size_t ncap = m->xcap ? m->xcap * 2 : 1024;
  rf_i_extra *nx = calloc(ncap, sizeof *nx);
  if (!nx) return -1;
  for (size_t i = 0; i < m->xcap; i++)
    if (m->extra[i].line) nx[m->extra[i].line & (ncap - 1)] = m->extra[i];
  free(m->extra);
  m->extra = nx;
  m->xcap = ncap;
  return 0;
}

static int rf_i_extra_put(rf_monitor *m, const rf_txn *t, uint32_t place) {
  if (t->txid == RF_NONE && place == RF_NONE && t->conductor == RF_NONE) return 0;
  if (!t->line) return 0; /* cannot be told apart from an empty slot */
  int64_t expired = m->now - m->keep_window;
  for (;;) {
    if (m->xcap) {
      rf_i_extra *x = &m->extra[t->line & (m->xcap - 1)];
      if (!x->line || x->line == t->line || x->time < expired) {
        *x = (rf_i_extra){t->line, t->time, t->txid, place, t->conductor, 0};
        return 0;
      }
    }
    if (rf_i_extra_grow(m)) return -1;
  }
}

/* ------------------------------------------------------------ lifecycle */

/* How long the account rings keep edges: the longest window of an enabled
 * detector that reads them (the corridor detector has its own rings, and
 * the volume-spike evidence is the current day's). */
static int64_t rf_i_ring_window(const rf_monitor_config *c) {
  const int *on = c->enabled;
  struct {
    int use;
    int64_t w;
  } ws[] = {{on[RF_TYP_VOLUME_SPIKE], RF_I_DAY},
            {on[RF_TYP_STRUCTURING], c->struct_window},
            {on[RF_TYP_STRUCTURING], c->split_window},
            {on[RF_TYP_STRUCTURING], c->fan_window}, /* the split rule's busy-payer check */
            {on[RF_TYP_FUNNEL], c->funnel_window},
            {on[RF_TYP_PASS_THROUGH], c->pass_window},
            {on[RF_TYP_FAN_IN] || on[RF_TYP_FAN_OUT], c->fan_window},
            {on[RF_TYP_SCATTER_GATHER] || on[RF_TYP_GATHER_SCATTER], c->sg_window},
            {on[RF_TYP_CYCLE], c->cycle_window},
            {on[RF_TYP_BIPARTITE] || on[RF_TYP_STACK], c->bip_window}};
  int64_t w = 0;
  for (size_t i = 0; i < sizeof ws / sizeof *ws; i++)
    if (ws[i].use && ws[i].w > w) w = ws[i].w;
  return w;
}

int64_t rf_monitor_horizon(const rf_monitor *m) { return m->keep_window + m->cfg.cooldown; }

rf_status rf_monitor_new(rf_monitor **out, const rf_monitor_config *cfg, rf_error *err) {
  rf_monitor *m = calloc(1, sizeof *m);
  if (!m) return rf_error_set(err, RF_ENOMEM, "monitor: out of memory");
  if (cfg)
    m->cfg = *cfg;
  else
    rf_monitor_config_defaults(&m->cfg);
  rf_monitor_config *c = &m->cfg;
  if (c->max_edges < 8) c->max_edges = 8;
  c->max_window = rf_i_ring_window(c);
  m->keep_window = c->max_window > c->corridor_window ? c->max_window : c->corridor_window;
  m->now = INT64_MIN;
  *out = m;
  return RF_OK;
}

void rf_monitor_free(rf_monitor *m) {
  if (!m) return;
  free(m->extra);
#if RF_I_POOL
  rf_i_pool_free(&m->pool);
#else
  for (size_t i = 0; i < m->nacct; i++) {
    free(m->acct[i].in.e);
    free(m->acct[i].out.e);
  }
  for (size_t i = 0; i < m->nhr; i++) {
    free(m->hr[i].in.e);
    free(m->hr[i].out.e);
  }
#endif
  free(m->hr);
  free(m->link);
  free(m->near);
  rf_i_arr_free(m->acct, m->acct_cap, sizeof *m->acct);
  free(m->open_tab);
  rf_i_arr_free(m->stamp_a, m->stamp_a_cap, sizeof *m->stamp_a);
  rf_i_arr_free(m->stamp_b, m->stamp_b_cap, sizeof *m->stamp_b);
  free(m->acct_lab);
  for (size_t i = 0; i < m->nalerts; i++) {
    rf_i_alert *a = rf_i_al(m, i);
    if (!a) continue;
    free(a->pub.accounts);
    free(a->pub.txns);
    free(a->pub.explanation);
    free(a->pos);
  }
  for (size_t c = 0; c < m->nachunk; c++) free(m->achunk[c]);
  free(m->achunk);
  free(m->alive);
  rf_i_sink_free(m);
  free(m->country_risk);
  for (size_t i = 0; i < m->nname_score; i++) free(m->name_hit[i]);
  free(m->name_hit);
  free(m->name_score);
  free(m->ccy_thr);
  free(m->rate);
  free(m->lab_pos);
  free(m->dayfen);
  free(m->ev.t);
  free(m->ev.acc);
  free(m->lab_seen);
  free(m);
}

void rf_monitor_set_text(rf_monitor *m, rf_monitor_text_fn fn, void *ud) {
  m->text_fn = fn;
  m->text_ud = ud;
}

void rf_monitor_set_screen(rf_monitor *m, rf_monitor_screen_fn fn, void *ud) {
  m->screen_fn = fn;
  m->screen_ud = ud;
}

static const char *rf_i_text(rf_monitor *m, uint32_t id) {
  if (id == RF_NONE || !m->text_fn) return NULL;
  return m->text_fn(m->text_ud, id);
}

static double rf_i_threshold(rf_monitor *m, uint32_t ccy) {
  if (ccy == RF_NONE || !m->cfg.nccy) return m->cfg.struct_threshold;
  if (ccy >= m->nccy_thr) {
    size_t n = m->nccy_thr ? m->nccy_thr : 16;
    while (n <= ccy) n *= 2;
    double *nt = realloc(m->ccy_thr, n * sizeof *nt);
    if (!nt) return m->cfg.struct_threshold;
    for (size_t i = m->nccy_thr; i < n; i++) nt[i] = -1;
    m->ccy_thr = nt;
    m->nccy_thr = n;
  }
  if (m->ccy_thr[ccy] < 0) m->ccy_thr[ccy] = rf_i_config_ccy_threshold(&m->cfg, rf_i_text(m, ccy));
  return m->ccy_thr[ccy];
}

static int rf_i_country_risky(rf_monitor *m, uint32_t id) {
  if (id == RF_NONE || !m->text_fn) return 0;
  if (id >= m->ncountry_risk) {
    size_t n = m->ncountry_risk ? m->ncountry_risk : 64;
    while (n <= id) n *= 2;
    int8_t *nr = realloc(m->country_risk, n);
    if (!nr) return 0;
    memset(nr + m->ncountry_risk, -1, n - m->ncountry_risk);
    m->country_risk = nr;
    m->ncountry_risk = n;
  }
  if (m->country_risk[id] < 0) {
    const char *s = rf_i_text(m, id);
    int r = 0;
    for (size_t i = 0; s && i < m->cfg.ncountries; i++)
      if (!rf_strcasecmp_ascii(s, m->cfg.countries[i])) r |= 1;
    for (size_t i = 0; s && i < m->cfg.ncorridor; i++)
      if (!rf_strcasecmp_ascii(s, m->cfg.corridor_countries[i])) r |= 2;
    m->country_risk[id] = (int8_t)r;
  }
  return m->country_risk[id];
}

static double rf_i_name_score(rf_monitor *m, uint32_t id, const char **hit) {
  *hit = NULL;
  if (id == RF_NONE || !m->screen_fn) return -1;
  if (id >= m->nname_score) {
    size_t n = m->nname_score ? m->nname_score : 64;
    while (n <= id) n *= 2;
    float *ns = realloc(m->name_score, n * sizeof *ns);
    if (!ns) return -1;
    m->name_score = ns;
    char **nh = realloc(m->name_hit, n * sizeof *nh);
    if (!nh) return -1;
    m->name_hit = nh;
    for (size_t i = m->nname_score; i < n; i++) {
      ns[i] = -2;
      nh[i] = NULL;
    }
    m->nname_score = n;
  }
  if (m->name_score[id] < -1.5) {
    char buf[256] = "";
    const char *nm = rf_i_text(m, id);
    double s = nm && *nm ? m->screen_fn(m->screen_ud, nm, buf, sizeof buf) : -1;
    m->name_score[id] = (float)s;
    if (buf[0]) m->name_hit[id] = rf_xstrdup(buf);
  }
  *hit = m->name_hit[id];
  return m->name_score[id];
}

/* ------------------------------------------------------ currency rates */

/* Units of currency `ccy` per unit of the base currency; 0 = unknown.
 * The base currency's rate is 1. Rates are learnt from rows that pay in one
 * currency and receive in another (AMLworld carries both amounts). */
static int rf_i_rate_slot(rf_monitor *m, uint32_t ccy) {
  if (ccy < m->nrate) return 0;
  size_t n = m->nrate ? m->nrate : 64;
  while (n <= ccy) n *= 2;
  double *nr = realloc(m->rate, n * sizeof *nr);
  if (!nr) return -1;
  for (size_t i = m->nrate; i < n; i++) nr[i] = -1; /* -1 = not looked at yet */
  m->rate = nr;
  m->nrate = n;
  return 0;
}

static double rf_i_rate(rf_monitor *m, uint32_t ccy) {
  if (ccy == RF_NONE || rf_i_rate_slot(m, ccy)) return 0;
  if (m->rate[ccy] < 0) {
    const char *s = rf_i_text(m, ccy);
    m->rate[ccy] = s && (!rf_strcasecmp_ascii(s, m->cfg.base_currency) ||
                         !rf_strcasecmp_ascii(s, m->cfg.base_currency_code))
                       ? 1.0
                       : 0.0;
  }
  return m->rate[ccy];
}

static void rf_i_learn_rate(rf_monitor *m, const rf_txn *t) {
  if (t->currency == t->currency_received || t->currency == RF_NONE ||
      t->currency_received == RF_NONE || !(t->amount > 0) || !(t->amount_received > 0))
    return;
  double rp = rf_i_rate(m, t->currency), rr = rf_i_rate(m, t->currency_received);
  if (rp > 0 && rr == 0)
    m->rate[t->currency_received] = rp * t->amount_received / t->amount;
  else if (rr > 0 && rp == 0)
    m->rate[t->currency] = rr * t->amount / t->amount_received;
}

/* amount in base-currency units; unknown rates leave the amount as is */
static double rf_i_to_base(rf_monitor *m, uint32_t ccy, double amount) {
  if (ccy == RF_NONE) return amount;
  double r = rf_i_rate(m, ccy);
  return r > 0 ? amount / r : amount;
}

static int rf_i_has_ccy_threshold(rf_monitor *m, uint32_t ccy) {
  return ccy != RF_NONE && m->cfg.nccy && ccy < m->nccy_thr && m->ccy_thr[ccy] >= 0 &&
         m->ccy_thr[ccy] != m->cfg.struct_threshold;
}

/* ---------------------------------------------------------------- push */

static int rf_i_is_cash_in(uint8_t ch) { return ch == RF_CH_CASH_DEPOSIT || ch == RF_CH_CASH; }

static int rf_i_label_mark(rf_monitor *m, uint64_t line, int pos) {
  size_t w = (size_t)(line >> 6);
  if (w >= m->lab_words) {
    size_t n = m->lab_words ? m->lab_words : 1024;
    while (n <= w) n *= 2;
    uint64_t *p = realloc(m->lab_pos, n * sizeof *p);
    if (!p) return -1;
    m->lab_pos = p;
    uint64_t *s = realloc(m->lab_seen, n * sizeof *s);
    if (!s) return -1;
    m->lab_seen = s;
    memset(p + m->lab_words, 0, (n - m->lab_words) * sizeof *p);
    memset(s + m->lab_words, 0, (n - m->lab_words) * sizeof *s);
    m->lab_words = n;
  }
  m->lab_seen[w] |= 1ull << (line & 63);
  if (pos) m->lab_pos[w] |= 1ull << (line & 63);
  return 0;
}

/* A cash deposit with no originator account, or a cash withdrawal with no
 * beneficiary account: the money enters or leaves through a teller, so only
 * the account's own side exists. Its ring gets the edge (peer = the account
 * itself, flagged RF_I_EF_NOACCT so that the graph detectors skip it) and
 * the detectors of a single account run: profile, cash structuring, the
 * outflow detectors (funnel, pass-through) on a withdrawal, corridor. */
static int rf_i_push_one_sided(rf_monitor *m, rf_i_ev *ev, const rf_txn *t, rf_i_edge *e,
                               int outgoing, int64_t now, double thr, const char *country) {
  const rf_monitor_config *c = &m->cfg;
  uint32_t acct = e->peer;
  e->flags |= RF_I_EF_NOACCT;
  if (c->enabled[RF_TYP_DORMANT] || c->enabled[RF_TYP_VOLUME_SPIKE])
    rf_i_det_profile(m, ev, acct, t, e, outgoing);
  rf_i_acct *ac = &m->acct[acct];
  rf_i_ring *r = outgoing ? &ac->out : &ac->in;
  if (rf_i_ring_push(m, r, e, c->max_edges)) return -1;
  if (outgoing)
    ac->n_out++;
  else
    ac->n_in++;
  if (!outgoing && (e->flags & RF_I_EF_CASH)) ac->n_cash_in++;
  if (c->enabled[RF_TYP_STRUCTURING] && (e->flags & RF_I_EF_SUBTHR))
    rf_i_det_structuring(m, ev, acct, r, outgoing, now, thr);
  if (outgoing) rf_i_det_outflow(m, ev, acct, now);
  if (e->flags & RF_I_EF_HIGHRISK) return rf_i_highrisk(m, ev, acct, e, outgoing, now, country);
  return 0;
}

/* transactions per day of the stream (the profile detectors' baseline) */
static rf_status rf_i_count_day(rf_monitor *m, int64_t time) {
  int64_t d = rf_i_dayidx(m, time);
  if (d < 0) d = 0;
  if ((size_t)d >= m->ndays) {
    size_t n = m->ndays ? m->ndays : 64;
    while (n <= (size_t)d) n *= 2;
    if (n > ((size_t)1 << 24)) return RF_ELIMIT; /* > 45,000 years of days */
    uint64_t *nd = realloc(m->dayfen, n * sizeof *nd);
    if (!nd) return RF_ENOMEM;
    memset(nd + m->ndays, 0, (n - m->ndays) * sizeof *nd);
    /* a Fenwick tree of power-of-two size keeps its nodes when doubled: the
     * new upper half starts empty except its last node, which covers all */
    for (size_t k = m->ndays; k && k < n; k *= 2) nd[2 * k - 1] = nd[k - 1];
    m->dayfen = nd;
    m->ndays = n;
  }
  for (size_t i = (size_t)d + 1; i <= m->ndays; i += i & (~i + 1)) m->dayfen[i - 1]++;
  return RF_OK;
}

/* The transaction as the originator's out-edge (eo) and the beneficiary's
 * in-edge (ei), with the flags the detectors select on; the countries of
 * payments to or from a high-risk jurisdiction (ctry_out, ctry_in). */
typedef struct rf_i_pair {
  rf_i_edge eo, ei;
  double paid, thr;
  const char *ctry_out, *ctry_in;
} rf_i_pair;

static void rf_i_pair_make(rf_monitor *m, const rf_txn *t, uint32_t a, uint32_t b, int64_t rel,
                           rf_i_pair *p) {
  const rf_monitor_config *c = &m->cfg;
  p->thr = rf_i_threshold(m, t->currency);
  rf_i_learn_rate(m, t);
  double paid = rf_i_to_base(m, t->currency, t->amount);
  double recv =
      t->amount_received > 0 ? rf_i_to_base(m, t->currency_received, t->amount_received) : paid;
  p->paid = paid;
  rf_i_edge *eo = &p->eo, *ei = &p->ei;
  memset(eo, 0, sizeof *eo);
  eo->t = (int32_t)rel;
  eo->amount = paid;
  eo->line = t->line;
  eo->channel = t->channel;
  eo->peer = b;
  *ei = *eo;
  ei->peer = a;
  ei->amount = recv;
  /* explicit per-currency thresholds compare raw amounts, the default one
   * compares the base-currency equivalent */
  double samt = rf_i_has_ccy_threshold(m, t->currency) ? t->amount : paid;
  int sub = samt >= p->thr * (1 - c->struct_margin) && samt < p->thr;
  if (paid < c->min_amount) eo->flags |= RF_I_EF_SMALL;
  if (recv < c->min_amount) ei->flags |= RF_I_EF_SMALL;
  if (rf_i_is_cash_in(t->channel)) ei->flags |= RF_I_EF_CASH;
  if (sub && rf_i_is_cash_in(t->channel)) ei->flags |= RF_I_EF_SUBTHR;
  if (sub && t->channel == RF_CH_CASH_WITHDRAWAL) eo->flags |= RF_I_EF_SUBTHR | RF_I_EF_CASH;
  p->ctry_out = p->ctry_in = NULL;
  if (m->text_fn && (c->ncountries || c->ncorridor)) {
    int rd = rf_i_country_risky(m, t->dst_country), rs = rf_i_country_risky(m, t->src_country);
    if (rd) eo->flags |= RF_I_EF_CORRIDOR;
    if (rs) ei->flags |= RF_I_EF_CORRIDOR;
    if (rd & 1) {
      eo->flags |= RF_I_EF_HIGHRISK;
      p->ctry_out = rf_i_text(m, t->dst_country);
    }
    if (rs & 1) {
      ei->flags |= RF_I_EF_HIGHRISK;
      p->ctry_in = rf_i_text(m, t->src_country);
    }
  }
}

/* 8b: a counterparty whose name matches a sanctions-list entry */
static void rf_i_det_sanctioned(rf_monitor *m, rf_i_ev *ev, const rf_txn *t, uint32_t a, uint32_t b,
                                const rf_i_pair *p, int64_t now) {
  const rf_monitor_config *c = &m->cfg;
  for (int side = 0; side < 2; side++) {
    uint32_t name = side ? t->src_name : t->dst_name;
    const char *hit;
    double s = rf_i_name_score(m, name, &hit);
    if (s < c->screen_min_score) continue;
    /* anchor: the account of the listed party, so that the payments of all
     * its counterparties within the cooldown make one alert (one hit to
     * disposition); the accounts that dealt with it follow */
    uint32_t listed = side ? a : b, other = side ? b : a;
    rf_i_ev_reset(ev);
    rf_i_ev_acc(ev, listed);
    rf_i_ev_acc(ev, other);
    rf_i_ev_txn(m, ev, side ? &p->eo : &p->ei, listed, side);
    char x[512];
    const char *nm = rf_i_text(m, name);
    snprintf(x, sizeof x, "counterparty '%s' matches a sanctions-list entry (%s) with score %.2f",
             nm ? nm : "?", hit ? hit : "screening hit", s);
    rf_i_fire(m, RF_TYP_SANCTIONED, ev, now, s, c->screen_min_score, s, x, 0);
  }
}

/* The detectors of a transfer between two accounts a != b, after its edges
 * were pushed; closing = a's out-edge of this transaction. Returns -1 when
 * out of memory. */
static int rf_i_detect_pair(rf_monitor *m, rf_i_ev *ev, const rf_txn *t, uint32_t a, uint32_t b,
                            const rf_i_pair *p, const rf_i_edge *closing, int64_t now) {
  const rf_monitor_config *c = &m->cfg;
  rf_i_acct *A = &m->acct[a], *B = &m->acct[b];
  const rf_i_edge *eo = &p->eo, *ei = &p->ei;
  if (c->enabled[RF_TYP_STRUCTURING]) {
    /* before the split rule, which may renew a band with this very piece */
    if (A->link_id) rf_i_det_linked(m, ev, a, eo, 1, now);
    if (B->link_id) rf_i_det_linked(m, ev, b, ei, 0, now);
    if (ei->flags & RF_I_EF_SUBTHR) rf_i_det_structuring(m, ev, b, &B->in, 0, now, p->thr);
    if (eo->flags & RF_I_EF_SUBTHR) rf_i_det_structuring(m, ev, a, &A->out, 1, now, p->thr);
    if (p->paid < c->struct_threshold)
      rf_i_det_split(m, ev, a, b, now, c->struct_threshold, t->channel);
  }
  if (c->enabled[RF_TYP_FAN_IN]) rf_i_det_fan(m, ev, b, &B->in, 0, now);
  if (c->enabled[RF_TYP_FAN_OUT]) rf_i_det_fan(m, ev, a, &A->out, 1, now);
  rf_i_det_outflow(m, ev, a, now);
  if (c->enabled[RF_TYP_GATHER_SCATTER]) rf_i_det_gather_scatter(m, ev, a, now);
  if (c->enabled[RF_TYP_SCATTER_GATHER] && RF_I_MAT(eo)) rf_i_det_scatter_gather(m, ev, a, b, now);
  if (c->enabled[RF_TYP_CYCLE] && closing && RF_I_MAT(closing))
    rf_i_det_cycle(m, ev, a, b, closing, now);
  if ((c->enabled[RF_TYP_BIPARTITE] || c->enabled[RF_TYP_STACK]) && RF_I_MAT(eo))
    rf_i_det_bipartite(m, ev, a, b, now);
  if (((eo->flags & RF_I_EF_HIGHRISK) && rf_i_highrisk(m, ev, a, eo, 1, now, p->ctry_out)) ||
      ((ei->flags & RF_I_EF_HIGHRISK) && rf_i_highrisk(m, ev, b, ei, 0, now, p->ctry_in)))
    return -1;
  if (c->enabled[RF_TYP_SANCTIONED] && m->screen_fn) rf_i_det_sanctioned(m, ev, t, a, b, p, now);
  return 0;
}

rf_status rf_monitor_push(rf_monitor *m, const rf_txn *t) {
  const rf_monitor_config *c = &m->cfg;
  uint32_t a = t->src, b = t->dst;
  /* a cash deposit without an originator account (or a withdrawal without a
   * beneficiary account) has only one side: 1 = the beneficiary's, 2 = the
   * originator's */
  int side = 0;
  if (a == RF_NONE && b == RF_NONE) return RF_OK;
  if (a == RF_NONE) {
    a = b;
    side = 1;
  } else if (b == RF_NONE) {
    b = a;
    side = 2;
  }
  if (t->line > RF_I_MAX_LINE) return RF_ELIMIT; /* edges keep 48-bit line numbers */
  if (!m->ntxns) m->epoch = t->time;
  int64_t rel = t->time - m->epoch; /* edges keep 32-bit epoch-relative seconds */
  if (rel < -INT32_MAX || rel > INT32_MAX - 1) return RF_ELIMIT;
  uint32_t hi = a > b ? a : b;
  if (rf_i_grow_accounts(m, hi)) return RF_ENOMEM;
  if (m->ntxns++ == 0) m->start = t->time;
  if (t->time > m->now) m->now = t->time;
  rf_status st = rf_i_count_day(m, t->time);
  if (st) return st;
  int64_t now = t->time;
  if (t->label >= 0) {
    m->have_txn_labels = 1;
    if (rf_i_label_mark(m, t->line, t->label == 1)) return RF_ENOMEM;
    if (t->label == 1) m->acct_lab[a] = m->acct_lab[b] = 1;
  }
  rf_i_acct *A = &m->acct[a], *B = &m->acct[b];
  int64_t oldest = now - c->max_window;
  /* only the rings written now are pruned: detectors select their window by
   * time anyway, pruning just bounds memory */
  rf_i_ring_prune(&A->out, rf_i_rel(m, oldest));
  rf_i_ring_prune(&B->in, rf_i_rel(m, oldest));
  rf_i_pair p;
  rf_i_pair_make(m, t, a, b, rel, &p);
  if (rf_i_extra_put(m, t, t->state != RF_NONE ? t->state : t->location)) return RF_ENOMEM;

  rf_i_ev ev = m->ev; /* scratch kept across calls (saved back below) */
  if (side) {
    int one = rf_i_push_one_sided(m, &ev, t, side == 1 ? &p.ei : &p.eo, side == 2, now, p.thr,
                                  side == 1 ? p.ctry_in : p.ctry_out);
    m->ev = ev;
    return one || m->oom ? RF_ENOMEM : RF_OK;
  }
  /* profile detectors look at the history before this transaction */
  if (c->enabled[RF_TYP_DORMANT] || c->enabled[RF_TYP_VOLUME_SPIKE]) {
    rf_i_det_profile(m, &ev, a, t, &p.eo, 1);
    if (b != a) rf_i_det_profile(m, &ev, b, t, &p.ei, 0);
  }
  if (a == b) { /* a transfer between an account's own positions moves no money away */
    m->ev = ev;
    return m->oom ? RF_ENOMEM : RF_OK;
  }
  if (rf_i_ring_push(m, &A->out, &p.eo, c->max_edges) ||
      rf_i_ring_push(m, &B->in, &p.ei, c->max_edges)) {
    m->ev = ev;
    return RF_ENOMEM;
  }
  A->n_out++;
  B->n_in++;
  if (p.ei.flags & RF_I_EF_CASH) B->n_cash_in++;
  const rf_i_edge *closing = NULL;
  for (uint32_t i = A->out.len; i > A->out.head; i--)
    if (A->out.e[i - 1].line == t->line) {
      closing = &A->out.e[i - 1];
      break;
    }
  int bad = rf_i_detect_pair(m, &ev, t, a, b, &p, closing, now);
  m->ev = ev;
  if (bad || m->oom) return RF_ENOMEM;
  return m->sink.fn ? rf_i_close_due(m) : RF_OK;
}

void rf_monitor_prefetch(const rf_monitor *m, const rf_txn *t, int stage) {
  if (stage == 0) {
    /* both cache lines of both accounts, also of an account not seen yet
     * whose slot is already allocated (ids are dense: a new account is the
     * next slot; on a file where most accounts are new, as an AMLworld
     * slice, its first write otherwise misses) */
    if (t->src < m->acct_cap) {
      __builtin_prefetch((const char *)&m->acct[t->src], 1);
      __builtin_prefetch((const char *)&m->acct[t->src] + 64, 1);
    }
    if (t->dst < m->acct_cap) {
      __builtin_prefetch((const char *)&m->acct[t->dst], 1);
      __builtin_prefetch((const char *)&m->acct[t->dst] + 64, 1);
    }
    return;
  }
  if (t->src < m->nacct) {
    const rf_i_ring *r = &m->acct[t->src].out;
    if (r->len) {
      __builtin_prefetch(&r->e[r->len - 1]);
      if (r->len < r->cap) __builtin_prefetch(&r->e[r->len], 1);
    }
    const rf_i_ring *q = &m->acct[t->src].in;
    if (q->len) __builtin_prefetch(&q->e[q->len - 1]);
  }
  if (t->dst < m->nacct) {
    const rf_i_ring *r = &m->acct[t->dst].in;
    if (r->len) {
      __builtin_prefetch(&r->e[r->len - 1]);
      if (r->len < r->cap) __builtin_prefetch(&r->e[r->len], 1);
    }
  }
}

size_t rf_monitor_nalerts(const rf_monitor *m) { return m->nalerts; }
const rf_alert *rf_monitor_alert(const rf_monitor *m, size_t i) {
  const rf_i_alert *a = i < m->nalerts ? rf_i_al_kept(m, i) : NULL;
  return a ? &a->pub : NULL;
}
void rf_monitor_counts(const rf_monitor *m, uint64_t counts[RF_TYP_COUNT]) {
  memcpy(counts, m->typ_alerts, sizeof(uint64_t) * RF_TYP_COUNT);
}
uint64_t rf_monitor_ntxns(const rf_monitor *m) { return m->ntxns; }
