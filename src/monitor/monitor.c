/* The streaming detector engine. */
#include "monitor_i.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define RF_I_DAY 86400

/* ------------------------------------------------------------ helpers */

static double rf_i_score(double value, double threshold) {
  /* 0.5 at the threshold, approaching 1 as value grows */
  if (threshold <= 0) return value > 0 ? 0.9 : 0.5;
  double s = 1.0 - pow(0.5, value / threshold);
  return s < 0 ? 0 : (s > 1 ? 1 : s);
}

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

/* Edge times are 32-bit offsets from the monitor's epoch (the first time
 * seen): rf_i_abs gives the time back, rf_i_rel turns a window bound into an
 * offset (clamped: a bound far outside the range still compares right). */
static int64_t rf_i_abs(const rf_monitor *m, int32_t t) { return m->epoch + t; }
static int32_t rf_i_rel(const rf_monitor *m, int64_t t) {
  int64_t d = t - m->epoch;
  return d < -INT32_MAX ? -INT32_MAX : d > INT32_MAX - 1 ? INT32_MAX - 1 : (int32_t)d;
}

static int rf_i_ring_push(rf_monitor *m, rf_i_ring *r, const rf_i_edge *e, uint32_t max_edges) {
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

static void rf_i_ring_prune(rf_i_ring *r, int32_t oldest) {
  if (r->head_t >= oldest) return; /* also when empty (INT32_MAX) */
  while (r->head < r->len && r->e[r->head].t < oldest) r->head++;
  if (r->head == r->len) {
    r->head = r->len = 0;
    r->head_t = INT32_MAX;
  } else {
    r->head_t = r->e[r->head].t;
  }
}

/* first index of r with time >= t. Windows are short and recent: gallop
 * back from the newest edge (touching the lines near the tail the detector
 * scans next), then bisect the last step. */
static uint32_t rf_i_ring_from(const rf_i_ring *r, int32_t t) {
  /* the window holds the whole ring (also when empty): no edge is touched */
  if (r->head_t >= t) return r->head;
  uint32_t head = r->head, hi = r->len, lo = head, step = 1;
  while (hi > head) {
    uint32_t p = hi - head > step ? hi - step : head;
    if (r->e[p].t < t) {
      lo = p + 1;
      break;
    }
    hi = p;
    step *= 2;
  }
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (r->e[mid].t < t)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
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
  for (size_t i = m->nacct; i <= id; i++) {
    rf_i_acct *a = &m->acct[i];
    memset(a, 0, sizeof *a);
    a->first_time = a->last_time = INT64_MIN;
    a->bip_recv_time = INT64_MIN;
    a->day = INT64_MIN;
    a->in.head_t = a->out.head_t = INT32_MAX;
    m->stamp_a[i] = m->stamp_b[i] = 0;
    m->acct_lab[i] = 0;
  }
  m->nacct = (size_t)id + 1;
  return 0;
}

_Static_assert(sizeof(rf_i_acct) == 128, "an account is two cache lines");
_Static_assert(sizeof(rf_i_edge) == 24, "a 24-byte edge");

/* open alert (index + 1) of an account for a typology, 0 = none */
static uint32_t rf_i_open_get(const rf_monitor *m, const rf_i_acct *ac, rf_typology typ) {
  return ac->open_id ? m->open_tab[(size_t)(ac->open_id - 1) * RF_TYP_COUNT + typ] : 0;
}

static int rf_i_open_set(rf_monitor *m, rf_i_acct *ac, rf_typology typ, uint32_t v) {
  if (!ac->open_id) {
    if (m->nopen == m->open_cap) {
      size_t cap = m->open_cap ? m->open_cap * 2 : 256;
      uint32_t *n = realloc(m->open_tab, cap * RF_TYP_COUNT * sizeof *n);
      if (!n) return -1;
      m->open_tab = n;
      m->open_cap = cap;
    }
    memset(m->open_tab + m->nopen * RF_TYP_COUNT, 0, RF_TYP_COUNT * sizeof *m->open_tab);
    ac->open_id = (uint32_t)++m->nopen;
  }
  m->open_tab[(size_t)(ac->open_id - 1) * RF_TYP_COUNT + typ] = v;
  return 0;
}

static uint32_t rf_i_next_stamp(rf_monitor *m) {
  if (++m->stamp == 0) {
    memset(m->stamp_a, 0, m->nacct * sizeof *m->stamp_a);
    memset(m->stamp_b, 0, m->nacct * sizeof *m->stamp_b);
    m->stamp = 1;
  }
  return m->stamp;
}

/* -------------------------------------------------------------- alerts */

static int rf_i_alert_add_acct(rf_i_alert *a, uint32_t acct) {
  for (size_t i = 0; i < a->pub.naccounts; i++)
    if (a->pub.accounts[i] == acct) return 0;
  if (a->pub.naccounts == a->acap) {
    size_t cap = a->acap ? a->acap * 2 : 4;
    uint32_t *n = realloc(a->pub.accounts, cap * sizeof *n);
    if (!n) return -1;
    a->pub.accounts = n;
    a->acap = cap;
  }
  a->pub.accounts[a->pub.naccounts++] = acct;
  return 0;
}

static int rf_i_alert_add_txn(rf_i_alert *a, const rf_alert_txn *t) {
  if (a->pub.ntxns == a->tcap) {
    size_t cap = a->tcap ? a->tcap * 2 : 8;
    rf_alert_txn *n = realloc(a->pub.txns, cap * sizeof *n);
    if (!n) return -1;
    a->pub.txns = n;
    a->tcap = cap;
  }
  a->pub.txns[a->pub.ntxns++] = *t;
  if (t->time < a->pub.window_start) a->pub.window_start = t->time;
  if (t->time > a->pub.window_end) a->pub.window_end = t->time;
  return 0;
}

/* ------------------------------------------------------------ extras */

static const rf_i_extra *rf_i_extra_get(const rf_monitor *m, uint64_t line) {
  if (!m->xcap || !line) return NULL;
  const rf_i_extra *x = &m->extra[line & (m->xcap - 1)];
  return x->line == line ? x : NULL;
}

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

static uint32_t rf_i_edge_txid(const rf_monitor *m, const rf_i_edge *e) {
  const rf_i_extra *x = rf_i_extra_get(m, e->line);
  return x ? x->txid : RF_NONE;
}

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

static void rf_i_ev_reset(rf_i_ev *e) { e->n = e->nacc = 0; }

static int rf_i_ev_txn(const rf_monitor *m, rf_i_ev *e, const rf_i_edge *ed, uint32_t self,
                       int outgoing) {
  if (e->n == e->cap) {
    size_t cap = e->cap ? e->cap * 2 : 64;
    rf_alert_txn *n = realloc(e->t, cap * sizeof *n);
    if (!n) return -1;
    e->t = n;
    e->cap = cap;
  }
  rf_alert_txn *t = &e->t[e->n++];
  t->line = ed->line;
  t->txid = rf_i_edge_txid(m, ed);
  uint32_t other = (ed->flags & RF_I_EF_NOACCT) ? RF_NONE : ed->peer; /* cash at a teller */
  t->src = outgoing ? self : other;
  t->dst = outgoing ? other : self;
  t->time = rf_i_abs(m, ed->t);
  t->amount = ed->amount;
  return 0;
}

static int rf_i_ev_acc(rf_i_ev *e, uint32_t a) {
  for (size_t i = 0; i < e->nacc; i++)
    if (e->acc[i] == a) return 0;
  if (e->nacc == e->acc_cap) {
    size_t cap = e->acc_cap ? e->acc_cap * 2 : 16;
    uint32_t *n = realloc(e->acc, cap * sizeof *n);
    if (!n) return -1;
    e->acc = n;
    e->acc_cap = cap;
  }
  e->acc[e->nacc++] = a;
  return 0;
}

/* A counterparty of an aggregate detector (fan-in, funnel, ...): named in
 * the alert only when [general] name_counterparties is on; it always
 * appears in the evidence transactions. */
static int rf_i_ev_cp(const rf_monitor *m, rf_i_ev *e, uint32_t a) {
  return m->cfg.name_counterparties ? rf_i_ev_acc(e, a) : 0;
}

/* Files an alert for anchor (ev->acc[0]) or extends its open one. */
static void rf_i_fire(rf_monitor *m, rf_typology typ, rf_i_ev *ev, int64_t now, double value,
                      double threshold, double score, const char *expl, int window_evidence) {
  if (!ev->nacc) return;
  uint32_t anchor = ev->acc[0];
  rf_i_acct *ac = &m->acct[anchor];
  rf_i_alert *a = NULL;
  uint32_t open = rf_i_open_get(m, ac, typ);
  if (open) {
    rf_i_alert *o = &m->alerts[open - 1];
    if (now - o->pub.window_end <= m->cfg.cooldown) a = o;
  }
  if (!a) {
    if (m->nalerts == m->alerts_cap) {
      size_t cap = m->alerts_cap ? m->alerts_cap * 2 : 256;
      rf_i_alert *n = realloc(m->alerts, cap * sizeof *n);
      if (!n) {
        m->oom = 1;
        return;
      }
      m->alerts = n;
      m->alerts_cap = cap;
    }
    a = &m->alerts[m->nalerts++];
    memset(a, 0, sizeof *a);
    a->pub.id = m->nalerts;
    a->pub.typology = typ;
    a->pub.window_start = INT64_MAX;
    a->pub.window_end = INT64_MIN;
    if (rf_i_open_set(m, ac, typ, (uint32_t)m->nalerts)) m->oom = 1;
  }
  for (size_t i = 0; i < ev->nacc; i++)
    if (rf_i_alert_add_acct(a, ev->acc[i])) m->oom = 1;
  uint64_t hw = a->max_line;
  for (size_t i = 0; i < ev->n; i++) {
    if (window_evidence && ev->t[i].line <= hw && a->pub.ntxns) continue;
    if (a->pub.ntxns >= RF_I_MAX_EVIDENCE) break;
    if (rf_i_alert_add_txn(a, &ev->t[i])) m->oom = 1;
    if (ev->t[i].line > a->max_line) a->max_line = ev->t[i].line;
  }
  if (now > a->pub.window_end) a->pub.window_end = now;
  if (a->pub.window_start == INT64_MAX) a->pub.window_start = now;
  if (!a->pub.explanation || value >= a->pub.value) {
    char *x = rf_xstrdup(expl);
    free(a->pub.explanation);
    a->pub.explanation = x;
    a->pub.value = value;
    a->pub.threshold = threshold;
  }
  if (score > a->pub.score) a->pub.score = score;
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
  rf_i_arr_free(m->acct, m->acct_cap, sizeof *m->acct);
  free(m->open_tab);
  rf_i_arr_free(m->stamp_a, m->stamp_a_cap, sizeof *m->stamp_a);
  rf_i_arr_free(m->stamp_b, m->stamp_b_cap, sizeof *m->stamp_b);
  free(m->acct_lab);
  for (size_t i = 0; i < m->nalerts; i++) {
    free(m->alerts[i].pub.accounts);
    free(m->alerts[i].pub.txns);
    free(m->alerts[i].pub.explanation);
  }
  free(m->alerts);
  free(m->country_risk);
  for (size_t i = 0; i < m->nname_score; i++) free(m->name_hit[i]);
  free(m->name_hit);
  free(m->name_score);
  free(m->ccy_thr);
  free(m->rate);
  free(m->lab_pos);
  free(m->daycnt);
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

/* ----------------------------------------------------------- detectors */

static int rf_i_is_cash_in(uint8_t ch) { return ch == RF_CH_CASH_DEPOSIT || ch == RF_CH_CASH; }

/* Profile gate: is `count` transactions in the window [now-window, now] far
 * above what this account did over its earlier history? Accounts younger
 * than one window pass (nothing to compare with). */
static int64_t rf_i_dayidx(const rf_monitor *m, int64_t t) {
  int64_t d0 = m->start >= 0 ? m->start / RF_I_DAY : (m->start - RF_I_DAY + 1) / RF_I_DAY;
  int64_t d = t >= 0 ? t / RF_I_DAY : (t - RF_I_DAY + 1) / RF_I_DAY;
  return d - d0;
}

/* all transactions seen on days [from, to] */
static double rf_i_global(const rf_monitor *m, int64_t from, int64_t to) {
  int64_t a = rf_i_dayidx(m, from), b = rf_i_dayidx(m, to);
  if (a < 0) a = 0;
  if (b >= (int64_t)m->ndays) b = (int64_t)m->ndays - 1;
  double s = 0;
  for (int64_t d = a; d <= b; d++) s += (double)m->daycnt[d];
  return s;
}

static int rf_i_above_profile(const rf_monitor *m, const rf_i_acct *ac, uint32_t total,
                              uint32_t count, int64_t window, int64_t now) {
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
static void rf_i_det_structuring(rf_monitor *m, rf_i_ev *ev, uint32_t acct, const rf_i_ring *r,
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

/* 1b split transfers: same originator to same beneficiary, repeatedly, within
 * a short window, each below the threshold */
static void rf_i_det_split(rf_monitor *m, rf_i_ev *ev, uint32_t a, uint32_t b, int64_t now,
                           double thr, uint8_t channel) {
  /* repeated card purchases at one merchant are shopping, not a transfer
   * split to stay under a reporting threshold */
  if (channel == RF_CH_CARD) return;
  const rf_monitor_config *c = &m->cfg;
  const rf_i_ring *r = &m->acct[a].out;
  uint32_t from = rf_i_ring_from(r, rf_i_rel(m, now - c->split_window));
  uint32_t count = 0;
  double total = 0;
  /* pieces of one payment share the payment method */
#define RF_I_PIECE(e) ((e)->peer == b && (e)->amount < thr && (e)->channel == channel)
  double lo = 0, hi = 0;
  for (uint32_t i = from; i < r->len; i++)
    if (RF_I_PIECE(&r->e[i])) {
      double v = r->e[i].amount;
      if (!count || v < lo) lo = v;
      if (!count || v > hi) hi = v;
      count++;
    }
  if (count < c->split_min_count) return;
  /* the pieces of a split payment are of similar size */
  if (c->split_max_spread > 0 && hi > c->split_max_spread * lo) return;
  /* a busy payer (payroll, marketplace) paying the same party twice a day is normal */
  {
    const rf_i_ring *ao = &m->acct[a].out;
    uint32_t s = rf_i_next_stamp(m), payees = 0;
    for (uint32_t i = rf_i_ring_from(ao, rf_i_rel(m, now - c->fan_window)); i < ao->len; i++)
      if (m->stamp_a[ao->e[i].peer] != s) {
        m->stamp_a[ao->e[i].peer] = s;
        if (++payees >= c->fan_min_degree) return;
      }
  }
  /* paying a biller or merchant (many distinct payers) several times a day is normal */
  {
    const rf_i_ring *bi = &m->acct[b].in;
    uint32_t s = rf_i_next_stamp(m), payers = 0;
    for (uint32_t i = rf_i_ring_from(bi, rf_i_rel(m, now - c->fan_window)); i < bi->len; i++)
      if (m->stamp_a[bi->e[i].peer] != s) {
        m->stamp_a[bi->e[i].peer] = s;
        if (++payers >= c->fan_min_degree) return;
      }
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
  snprintf(x, sizeof x,
           "%u transfers from the same originator to the same beneficiary within %.1f hours, "
           "each below %.0f, total %.2f: a payment split into pieces (min count %u)",
           count, (double)c->split_window / 3600, thr, total, c->split_min_count);
  rf_i_fire(m, RF_TYP_STRUCTURING, ev, now, count, c->split_min_count,
            rf_i_score(count, c->split_min_count), x, 1);
}

/* 4 fan-in / fan-out */
static void rf_i_det_fan(rf_monitor *m, rf_i_ev *ev, uint32_t acct, const rf_i_ring *r,
                         int outgoing, int64_t now) {
  const rf_monitor_config *c = &m->cfg;
  rf_typology typ = outgoing ? RF_TYP_FAN_OUT : RF_TYP_FAN_IN;
  const rf_i_acct *acc = &m->acct[acct];
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
  if (open) {
    /* the account is already alerted: the new material transaction joins the
     * open alert without recounting the window */
    rf_i_alert *o = &m->alerts[open - 1];
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

/* 2 funnel and 3 pass-through, evaluated when account a sends money out */
static void rf_i_det_outflow(rf_monitor *m, rf_i_ev *ev, uint32_t a, int64_t now) {
  const rf_monitor_config *c = &m->cfg;
  rf_i_acct *ac = &m->acct[a];
  /* pass-through */
  if (c->enabled[RF_TYP_PASS_THROUGH] && ac->in.len > ac->in.head) {
    uint32_t fi = rf_i_ring_from(&ac->in, rf_i_rel(m, now - c->pass_window));
    double in = 0;
    for (uint32_t i = fi; i < ac->in.len; i++) in += ac->in.e[i].amount;
    if (fi < ac->in.len && in >= c->pass_min_amount) {
      int64_t t0 = rf_i_abs(m, ac->in.e[fi].t);
      uint32_t fo = rf_i_ring_from(&ac->out, ac->in.e[fi].t);
      double out = 0;
      for (uint32_t i = fo; i < ac->out.len; i++) out += ac->out.e[i].amount;
      /* most of the inflow leaves, and not much more (an account spending an
       * older balance is not passing money through); and, as for funnels, the
       * inflow is unusual for the account ([general] history_factor): a
       * treasury or payment account that always forwards what it gets is not */
      if (out >= c->pass_ratio * in && out * c->pass_ratio <= in &&
          rf_i_above_profile(m, ac, ac->n_in, ac->in.len - fi, c->pass_window, now)) {
        rf_i_ev_reset(ev);
        rf_i_ev_acc(ev, a);
        for (uint32_t i = fi; i < ac->in.len; i++) {
          rf_i_ev_txn(m, ev, &ac->in.e[i], a, 0);
          rf_i_ev_cp(m, ev, ac->in.e[i].peer);
        }
        for (uint32_t i = fo; i < ac->out.len; i++) {
          rf_i_ev_txn(m, ev, &ac->out.e[i], a, 1);
          rf_i_ev_cp(m, ev, ac->out.e[i].peer);
        }
        double ratio = in > 0 ? out / in : 0;
        char x[512];
        snprintf(x, sizeof x,
                 "received %.2f in %u transactions and sent on %.2f (%.0f%%) within %.1f hours "
                 "(min share %.0f%%, window %.1f days)",
                 in, ac->in.len - fi, out, 100 * ratio, (double)(now - t0) / 3600,
                 100 * c->pass_ratio, (double)c->pass_window / RF_I_DAY);
        double hours = (double)(now - t0) / 3600;
        double sc = rf_i_score(in, c->pass_min_amount);
        sc = 0.5 * sc + 0.5 * (hours < 24 ? 1.0 : 24.0 / hours);
        rf_i_fire(m, RF_TYP_PASS_THROUGH, ev, now, ratio, c->pass_ratio, sc, x, 1);
      }
    }
  }
  /* funnel */
  if (c->enabled[RF_TYP_FUNNEL]) {
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
    for (uint32_t i = fi; i < r->len; i++) {
      if (!(r->e[i].flags & RF_I_EF_CASH)) continue;
      rf_i_ev_txn(m, ev, &r->e[i], a, 0);
      rf_i_ev_cp(m, ev, r->e[i].peer);
    }
    for (uint32_t i = fo; i < ac->out.len; i++) {
      rf_i_ev_txn(m, ev, &ac->out.e[i], a, 1);
      rf_i_ev_cp(m, ev, ac->out.e[i].peer);
    }
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
}

/* 5a gather-scatter: many senders into a, then many receivers out of a */
static void rf_i_det_gather_scatter(rf_monitor *m, rf_i_ev *ev, uint32_t a, int64_t now) {
  const rf_monitor_config *c = &m->cfg;
  rf_i_acct *ac = &m->acct[a];
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
  {
    double gin = 0, gout = 0;
    for (uint32_t i = fi; i < ac->in.len; i++)
      if (RF_I_LINK(&ac->in.e[i])) gin += ac->in.e[i].amount;
    for (uint32_t i = fo; i < ac->out.len; i++)
      if (RF_I_LINK(&ac->out.e[i])) gout += ac->out.e[i].amount;
    /* the money gathered is the money scattered */
    if (gout < 0.5 * gin || gout > 1.5 * gin) return;
  }
  if (!rf_i_above_profile(m, ac, ac->n_in, ac->in.len - fi, c->sg_window, now)) return;
  rf_i_ev_reset(ev);
  rf_i_ev_acc(ev, a);
  double in = 0, out = 0;
  for (uint32_t i = fi; i < ac->in.len; i++) {
    if (!RF_I_LINK(&ac->in.e[i])) continue;
    rf_i_ev_txn(m, ev, &ac->in.e[i], a, 0);
    rf_i_ev_cp(m, ev, ac->in.e[i].peer);
    in += ac->in.e[i].amount;
  }
  for (uint32_t i = fo; i < ac->out.len; i++) {
    if (!RF_I_LINK(&ac->out.e[i])) continue;
    rf_i_ev_txn(m, ev, &ac->out.e[i], a, 1);
    rf_i_ev_cp(m, ev, ac->out.e[i].peer);
    out += ac->out.e[i].amount;
  }
  char x[512];
  snprintf(x, sizeof x,
           "gather-scatter hub: %u distinct senders (%.2f) then %u distinct receivers (%.2f) "
           "within %.1f days (min %u each side)",
           nin, in, nout, out, (double)c->sg_window / RF_I_DAY, c->gs_min_degree);
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
static void rf_i_det_scatter_gather(rf_monitor *m, rf_i_ev *ev, uint32_t a, uint32_t b,
                                    int64_t now) {
  const rf_monitor_config *c = &m->cfg;
  rf_i_acct *A = &m->acct[a], *B = &m->acct[b];
  int64_t lo = now - c->sg_window;
  uint32_t fb = rf_i_ring_from(&B->in, rf_i_rel(m, lo));
  if (B->in.len - fb < c->sg_min_paths || B->in.len - fb > c->hub_degree) return;
  /* mark the senders into b (the gatherers' side): a local set when few */
  int small = B->in.len - fb <= RF_I_SMALL;
  uint32_t snd[RF_I_SMALL];
  uint32_t sb = 0;
  uint32_t nsend = 0;
  if (small) {
    for (uint32_t i = fb; i < B->in.len; i++)
      if (RF_I_LINK(&B->in.e[i]) && rf_i_small_find(snd, nsend, B->in.e[i].peer) < 0)
        snd[nsend++] = B->in.e[i].peer;
  } else {
    sb = rf_i_next_stamp(m);
    for (uint32_t i = fb; i < B->in.len; i++)
      if (RF_I_LINK(&B->in.e[i]) && m->stamp_b[B->in.e[i].peer] != sb) {
        m->stamp_b[B->in.e[i].peer] = sb;
        nsend++;
      }
  }
  if (nsend < c->sg_min_paths) return;
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
        int j = rf_i_small_find(snd, nsend, mid);
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
  (small                                                                                           \
       ? (rf_i_small_find(snd, nsend, (x)) >= 0 && (used >> rf_i_small_find(snd, nsend, (x)) & 1)) \
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

static void rf_i_det_cycle(rf_monitor *m, rf_i_ev *ev, uint32_t a, uint32_t b,
                           const rf_i_edge *closing, int64_t now) {
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

/* 7 bipartite / stack on new edge a->b */
static void rf_i_det_bipartite(rf_monitor *m, rf_i_ev *ev, uint32_t a, uint32_t b, int64_t now) {
  const rf_monitor_config *c = &m->cfg;
  int64_t lo = now - c->bip_window;
  rf_i_acct *A = &m->acct[a], *B = &m->acct[b];
  /* a sender that makes many payments in the window (payroll, a marketplace,
   * a big company) shares receivers with every other big payer: no layering */
  uint32_t max_out = c->bip_max_payments ? c->bip_max_payments : c->hub_degree;
  uint32_t fa = rf_i_ring_from(&A->out, rf_i_rel(m, lo));
  if (A->out.len - fa < c->bip_min_receivers || A->out.len - fa > max_out) return;
  uint32_t fb = rf_i_ring_from(&B->in, rf_i_rel(m, lo));
  if (B->in.len - fb + 1 < c->bip_min_senders || B->in.len - fb > c->hub_degree) return;
  /* receivers of a: a local set when few */
  int small = A->out.len - fa <= RF_I_SMALL;
  uint32_t rcv[RF_I_SMALL];
  uint32_t sr = 0, nrecv = 0;
  if (small) {
    for (uint32_t i = fa; i < A->out.len; i++)
      if (RF_I_LINK(&A->out.e[i]) && rf_i_small_find(rcv, nrecv, A->out.e[i].peer) < 0)
        rcv[nrecv++] = A->out.e[i].peer;
  } else {
    sr = rf_i_next_stamp(m);
    for (uint32_t i = fa; i < A->out.len; i++)
      if (RF_I_LINK(&A->out.e[i]) && m->stamp_b[A->out.e[i].peer] != sr) {
        m->stamp_b[A->out.e[i].peer] = sr;
        nrecv++;
      }
  }
  if (nrecv < c->bip_min_receivers) return;
#define RF_I_BIP_RCV(x) (small ? rf_i_small_find(rcv, nrecv, (x)) >= 0 : m->stamp_b[(x)] == sr)
  uint32_t group[64], ng = 0;
  group[ng++] = a;
  /* senders looked at (a, then at most 12 more) */
  uint32_t seen[16], nseen = 0;
  seen[nseen++] = a;
  uint32_t tried = 0;
  rf_i_prefetch_senders(m, &B->in, fb, 12);
  for (uint32_t i = B->in.len; i > fb && ng < 64 && tried < 12; i--) {
    uint32_t s = B->in.e[i - 1].peer;
    if (rf_i_small_find(seen, nseen, s) >= 0 || s == b || !RF_I_LINK(&B->in.e[i - 1])) continue;
    seen[nseen++] = s;
    tried++;
    const rf_i_ring *so = &m->acct[s].out;
    uint32_t fs = rf_i_ring_from(so, rf_i_rel(m, lo));
    if (so->len - fs > max_out) continue;
    /* distinct common receivers: use a local small set */
    uint32_t common[16], ncom = 0;
    for (uint32_t k = fs; k < so->len && ncom < 16; k++) {
      uint32_t p = so->e[k].peer;
      if (!RF_I_LINK(&so->e[k]) || !RF_I_BIP_RCV(p)) continue;
      uint32_t q = 0;
      while (q < ncom && common[q] != p) q++;
      if (q == ncom) common[ncom++] = p;
    }
    if (ncom >= c->bip_min_receivers) group[ng++] = s;
  }
  if (ng < c->bip_min_senders) return;
  /* layering mules are fed by the group: a receiver most of whose payers in
   * the window are outside it (a shop, a biller, a payroll account) does not
   * make senders a group */
  if (c->bip_min_share > 0) {
    uint32_t fed = 0, nr = 0, seenr[16], nseenr = 0;
    for (uint32_t i = 0; i < ng && nseenr < 16; i++) {
      const rf_i_ring *so = &m->acct[group[i]].out;
      for (uint32_t k = rf_i_ring_from(so, rf_i_rel(m, lo)); k < so->len && nseenr < 16; k++) {
        uint32_t p = so->e[k].peer;
        if (!RF_I_LINK(&so->e[k]) || !RF_I_BIP_RCV(p) || rf_i_small_find(seenr, nseenr, p) >= 0)
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
    if (nr && fed < c->bip_min_receivers) return;
  }
  int stacked = 0;
  for (uint32_t i = 0; i < ng; i++)
    if (m->acct[group[i]].bip_recv_time != INT64_MIN &&
        now - m->acct[group[i]].bip_recv_time <= c->bip_window)
      stacked = 1;
  rf_typology typ = stacked && c->enabled[RF_TYP_STACK] ? RF_TYP_STACK : RF_TYP_BIPARTITE;
  if (!c->enabled[typ]) return;
  rf_i_ev_reset(ev);
  for (uint32_t i = 0; i < ng; i++) rf_i_ev_acc(ev, group[i]);
  uint32_t recv_used = 0;
  double total = 0;
  for (uint32_t i = 0; i < ng; i++) {
    const rf_i_ring *so = &m->acct[group[i]].out;
    for (uint32_t k = rf_i_ring_from(so, rf_i_rel(m, lo)); k < so->len; k++) {
      uint32_t p = so->e[k].peer;
      if (!RF_I_LINK(&so->e[k]) || !RF_I_BIP_RCV(p)) continue;
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
#undef RF_I_BIP_RCV
  rf_i_fire(m, typ, ev, now, ng, c->bip_min_senders, rf_i_score(ng, c->bip_min_senders), x, 0);
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
  for (uint32_t i = from; i < r->len; i++)
    if (r->e[i].flags & RF_I_EF_HIGHRISK) {
      rf_i_ev_txn(m, ev, &r->e[i], acct, outgoing);
      rf_i_ev_cp(m, ev, r->e[i].peer);
    }
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
    if (m->nhr == m->hr_cap) {
      size_t cap = m->hr_cap ? m->hr_cap * 2 : 64;
      rf_i_hr *n = realloc(m->hr, cap * sizeof *n);
      if (!n) return NULL;
      m->hr = n;
      m->hr_cap = cap;
    }
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
static int rf_i_highrisk(rf_monitor *m, rf_i_ev *ev, uint32_t acct, const rf_i_edge *e,
                         int outgoing, int64_t now, const char *country) {
  rf_i_ring *r = rf_i_hr_ring(m, acct, outgoing, now);
  if (!r || rf_i_ring_push(m, r, e, m->cfg.max_edges)) return -1;
  rf_i_det_corridor(m, ev, acct, r, outgoing, now, country);
  return 0;
}

/* 9 profile: dormant wake-up and volume spike (called before the edge is added) */
static void rf_i_det_profile(rf_monitor *m, rf_i_ev *ev, uint32_t acct, const rf_txn *t,
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
    for (uint32_t i = rf_i_ring_from(r, rf_i_rel(m, d0)); i < r->len; i++) {
      rf_i_ev_txn(m, ev, &r->e[i], acct, dir);
      rf_i_ev_cp(m, ev, r->e[i].peer);
    }
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
  {
    int64_t d = rf_i_dayidx(m, t->time);
    if (d < 0) d = 0;
    if ((size_t)d >= m->ndays) {
      size_t n = m->ndays ? m->ndays : 64;
      while (n <= (size_t)d) n *= 2;
      if (n > ((size_t)1 << 24)) return RF_ELIMIT; /* > 45,000 years of days */
      uint64_t *nd = realloc(m->daycnt, n * sizeof *nd);
      if (!nd) return RF_ENOMEM;
      memset(nd + m->ndays, 0, (n - m->ndays) * sizeof *nd);
      m->daycnt = nd;
      m->ndays = n;
    }
    m->daycnt[d]++;
  }
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

  double thr = rf_i_threshold(m, t->currency);
  rf_i_learn_rate(m, t);
  double paid = rf_i_to_base(m, t->currency, t->amount);
  double recv =
      t->amount_received > 0 ? rf_i_to_base(m, t->currency_received, t->amount_received) : paid;
  rf_i_edge eo, ei;
  memset(&eo, 0, sizeof eo);
  eo.t = (int32_t)rel;
  eo.amount = paid;
  eo.line = t->line;
  eo.channel = t->channel;
  if (rf_i_extra_put(m, t, t->state != RF_NONE ? t->state : t->location)) return RF_ENOMEM;
  eo.peer = b;
  ei = eo;
  ei.peer = a;
  ei.amount = recv;
  /* explicit per-currency thresholds compare raw amounts, the default one
   * compares the base-currency equivalent */
  double samt = rf_i_has_ccy_threshold(m, t->currency) ? t->amount : paid;
  int sub = samt >= thr * (1 - c->struct_margin) && samt < thr;
  if (paid < c->min_amount) eo.flags |= RF_I_EF_SMALL;
  if (recv < c->min_amount) ei.flags |= RF_I_EF_SMALL;
  if (rf_i_is_cash_in(t->channel)) ei.flags |= RF_I_EF_CASH;
  if (sub && rf_i_is_cash_in(t->channel)) ei.flags |= RF_I_EF_SUBTHR;
  if (sub && t->channel == RF_CH_CASH_WITHDRAWAL) eo.flags |= RF_I_EF_SUBTHR | RF_I_EF_CASH;
  const char *ctry_out = NULL, *ctry_in = NULL;
  if (m->text_fn && (c->ncountries || c->ncorridor)) {
    int rd = rf_i_country_risky(m, t->dst_country), rs = rf_i_country_risky(m, t->src_country);
    if (rd) eo.flags |= RF_I_EF_CORRIDOR;
    if (rs) ei.flags |= RF_I_EF_CORRIDOR;
    if (rd & 1) {
      eo.flags |= RF_I_EF_HIGHRISK;
      ctry_out = rf_i_text(m, t->dst_country);
    }
    if (rs & 1) {
      ei.flags |= RF_I_EF_HIGHRISK;
      ctry_in = rf_i_text(m, t->src_country);
    }
  }

  rf_i_ev ev = m->ev; /* scratch kept across calls (saved back below) */
  if (side) {
    int st = rf_i_push_one_sided(m, &ev, t, side == 1 ? &ei : &eo, side == 2, now, thr,
                                 side == 1 ? ctry_in : ctry_out);
    m->ev = ev;
    return st || m->oom ? RF_ENOMEM : RF_OK;
  }
  /* profile detectors look at the history before this transaction */
  if (c->enabled[RF_TYP_DORMANT] || c->enabled[RF_TYP_VOLUME_SPIKE]) {
    rf_i_det_profile(m, &ev, a, t, &eo, 1);
    if (b != a) rf_i_det_profile(m, &ev, b, t, &ei, 0);
  }

  if (a == b) { /* a transfer between an account's own positions moves no money away */
    m->ev = ev;
    return m->oom ? RF_ENOMEM : RF_OK;
  }
  if (rf_i_ring_push(m, &A->out, &eo, c->max_edges) ||
      rf_i_ring_push(m, &B->in, &ei, c->max_edges)) {
    m->ev = ev;
    return RF_ENOMEM;
  }
  A->n_out++;
  B->n_in++;
  if (ei.flags & RF_I_EF_CASH) B->n_cash_in++;
  const rf_i_edge *closing = NULL;
  for (uint32_t i = A->out.len; i > A->out.head; i--)
    if (A->out.e[i - 1].line == t->line) {
      closing = &A->out.e[i - 1];
      break;
    }

  if (c->enabled[RF_TYP_STRUCTURING]) {
    if (ei.flags & RF_I_EF_SUBTHR) rf_i_det_structuring(m, &ev, b, &B->in, 0, now, thr);
    if (eo.flags & RF_I_EF_SUBTHR) rf_i_det_structuring(m, &ev, a, &A->out, 1, now, thr);
    if (paid < c->struct_threshold && a != b)
      rf_i_det_split(m, &ev, a, b, now, c->struct_threshold, t->channel);
  }
  if (c->enabled[RF_TYP_FAN_IN]) rf_i_det_fan(m, &ev, b, &B->in, 0, now);
  if (c->enabled[RF_TYP_FAN_OUT]) rf_i_det_fan(m, &ev, a, &A->out, 1, now);
  rf_i_det_outflow(m, &ev, a, now);
  if (c->enabled[RF_TYP_GATHER_SCATTER]) rf_i_det_gather_scatter(m, &ev, a, now);
  if (c->enabled[RF_TYP_SCATTER_GATHER] && RF_I_MAT(&eo))
    rf_i_det_scatter_gather(m, &ev, a, b, now);
  if (c->enabled[RF_TYP_CYCLE] && closing && RF_I_MAT(closing))
    rf_i_det_cycle(m, &ev, a, b, closing, now);
  if ((c->enabled[RF_TYP_BIPARTITE] || c->enabled[RF_TYP_STACK]) && RF_I_MAT(&eo))
    rf_i_det_bipartite(m, &ev, a, b, now);
  if (((eo.flags & RF_I_EF_HIGHRISK) && rf_i_highrisk(m, &ev, a, &eo, 1, now, ctry_out)) ||
      ((ei.flags & RF_I_EF_HIGHRISK) && rf_i_highrisk(m, &ev, b, &ei, 0, now, ctry_in))) {
    m->ev = ev;
    return RF_ENOMEM;
  }
  if (c->enabled[RF_TYP_SANCTIONED] && m->screen_fn) {
    for (int side = 0; side < 2; side++) {
      uint32_t name = side ? t->src_name : t->dst_name;
      const char *hit;
      double s = rf_i_name_score(m, name, &hit);
      if (s < c->screen_min_score) continue;
      /* anchor: the account of the listed party, so that the payments of
       * all its counterparties within the cooldown make one alert (one hit
       * to disposition); the accounts that dealt with it follow */
      uint32_t listed = side ? a : b, other = side ? b : a;
      rf_i_ev_reset(&ev);
      rf_i_ev_acc(&ev, listed);
      rf_i_ev_acc(&ev, other);
      rf_i_ev_txn(m, &ev, side ? &eo : &ei, listed, side);
      char x[512];
      const char *nm = rf_i_text(m, name);
      snprintf(x, sizeof x, "counterparty '%s' matches a sanctions-list entry (%s) with score %.2f",
               nm ? nm : "?", hit ? hit : "screening hit", s);
      rf_i_fire(m, RF_TYP_SANCTIONED, &ev, now, s, c->screen_min_score, s, x, 0);
    }
  }
  m->ev = ev;
  return m->oom ? RF_ENOMEM : RF_OK;
}

static int rf_i_cmp_txn(const void *x, const void *y) {
  const rf_alert_txn *a = x, *b = y;
  return a->line < b->line ? -1 : a->line > b->line;
}

void rf_monitor_finish(rf_monitor *m) {
  for (size_t i = 0; i < m->nalerts; i++) {
    rf_alert *a = &m->alerts[i].pub;
    if (a->ntxns > 1) {
      qsort(a->txns, a->ntxns, sizeof *a->txns, rf_i_cmp_txn);
      size_t k = 1;
      for (size_t j = 1; j < a->ntxns; j++)
        if (a->txns[j].line != a->txns[k - 1].line) a->txns[k++] = a->txns[j];
      a->ntxns = k;
    }
    if (a->ntxns) {
      a->window_start = a->txns[0].time;
      a->window_end = a->txns[0].time;
      for (size_t j = 1; j < a->ntxns; j++) {
        if (a->txns[j].time < a->window_start) a->window_start = a->txns[j].time;
        if (a->txns[j].time > a->window_end) a->window_end = a->txns[j].time;
      }
    }
    if (!(a->score >= 0)) a->score = 0; /* also NaN */
    if (a->score > 1) a->score = 1;
  }
  if (m->nopen) memset(m->open_tab, 0, m->nopen * RF_TYP_COUNT * sizeof *m->open_tab);
}

void rf_monitor_prefetch(const rf_monitor *m, const rf_txn *t, int stage) {
  if (stage == 0) {
    /* both cache lines of both accounts */
    if (t->src < m->nacct) {
      __builtin_prefetch((const char *)&m->acct[t->src]);
      __builtin_prefetch((const char *)&m->acct[t->src] + 64);
    }
    if (t->dst < m->nacct) {
      __builtin_prefetch((const char *)&m->acct[t->dst]);
      __builtin_prefetch((const char *)&m->acct[t->dst] + 64);
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
  return i < m->nalerts ? &m->alerts[i].pub : NULL;
}
void rf_monitor_counts(const rf_monitor *m, uint64_t counts[RF_TYP_COUNT]) {
  memset(counts, 0, sizeof(uint64_t) * RF_TYP_COUNT);
  for (size_t i = 0; i < m->nalerts; i++) counts[m->alerts[i].pub.typology]++;
}
uint64_t rf_monitor_ntxns(const rf_monitor *m) { return m->ntxns; }
