/* Internal state of the monitor (not a public header). */
#ifndef RF_MONITOR_I_H
#define RF_MONITOR_I_H

#include "redflag/monitor.h"

#include <math.h>
#include <string.h>

#define RF_I_DAY 86400 /* seconds */

/* One transaction as seen from one account: 40 bytes (input lines up to
 * 2^48, rf_monitor_push refuses larger ones). */
typedef struct rf_i_edge {
  int32_t t; /* seconds since rf_monitor.epoch (rf_i_abs / rf_i_rel convert) */
  uint32_t peer;
  double amount;
  uint64_t line : 48;
  uint64_t channel : 8;
  uint64_t flags : 8; /* RF_I_EF_* */
} rf_i_edge; /* 24 bytes: what is rare (transaction id, place, conductor) is in rf_i_extra */

/* Per-row facts only some formats carry (the redflag format's transaction
 * id, branch or state, cash conductor), kept out of the edges so that the
 * rings of AMLworld/AMLSim data stay small. A table indexed by input line
 * modulo its capacity; an entry whose row left every window may be reused,
 * so lookups compare the line. */
typedef struct rf_i_extra {
  uint64_t line; /* 0 = empty */
  int64_t time;
  uint32_t txid, place, conductor, unused;
} rf_i_extra;
#define RF_I_MAX_LINE (((uint64_t)1 << 48) - 1)

#define RF_I_EF_CORRIDOR 1u  /* to/from a corridor or high-risk country */
#define RF_I_EF_HIGHRISK 16u /* to/from a high-risk jurisdiction */
#define RF_I_EF_SUBTHR 2u    /* cash just under the threshold */
#define RF_I_EF_CASH 4u
#define RF_I_EF_SMALL 8u   /* below [general] min_amount (base currency) */
#define RF_I_EF_NOACCT 32u /* cash with no account on the other side: peer = the owner */
#define RF_I_MAT(e) (!((e)->flags & RF_I_EF_SMALL))
/* a material transfer between two accounts: what the graph detectors (fan,
 * scatter-gather, cycle, layering) follow */
#define RF_I_LINK(e) (!((e)->flags & (RF_I_EF_SMALL | RF_I_EF_NOACCT)))

/* Time-ordered edges e[head..len). head_time caches e[head].time
 * (INT64_MAX when empty) so that pruning does not touch the oldest edge. */
typedef struct rf_i_ring {
  rf_i_edge *e;
  uint32_t head, len, cap;
  int32_t head_t; /* time of e[head] (epoch-relative); INT32_MAX when empty */
} rf_i_ring;

/* Edge arrays of the rings come from size-class free lists carved out of
 * large chunks backed by transparent huge pages (malloc/realloc of millions
 * of small arrays cost more than the detectors; 4 KiB pages cost TLB misses
 * on every random account). Sanitizer builds use malloc so that ASan still
 * sees every ring bound. */
#define RF_I_POOL_CLASSES 66
typedef struct rf_i_pool {
  char **chunks;
  size_t nchunks, chunks_cap;
  char *cur;
  size_t left;
  void *free_list[RF_I_POOL_CLASSES]; /* by size class (rf_i_pool_class) */
  /* Pre-faulting: the first write to fresh memory costs a page fault and
   * the kernel zeroing the page, about a fifth of the detector thread's time
   * on a 5M-row run. While rf_monitor_run runs, a helper thread maps and
   * touches the next chunk ahead of need (rf_i_pool_prefault_*). */
  struct rf_i_prefault *pf;
  char *spare; /* a touched chunk not yet in use (owned), spare_size bytes */
  size_t spare_size;
  size_t chunk_size; /* of the chunk being carved */
  int asked;         /* the helper was asked for the next chunk */
} rf_i_pool;

/* One account: two cache lines, 64-byte aligned (the array is allocated
 * aligned), everything a transaction touches on its two accounts. */
typedef struct rf_i_acct {
  _Alignas(64) rf_i_ring in;
  rf_i_ring out;
  int64_t first_time, last_time; /* INT64_MIN when never seen */
  int64_t day;                   /* current day index */
  double day_vol, hist_vol;      /* volume of the current day, of the days before */
  int64_t bip_recv_time;         /* last time a receiver in a bipartite group */
  uint32_t n_in, n_out;          /* lifetime transaction counts */
  uint32_t open_id;              /* row + 1 in rf_monitor.open_tab, 0 = no alert yet */
  uint32_t active_days;          /* days before the current one with a transaction */
  uint32_t n_cash_in;            /* lifetime cash deposits */
  uint32_t hr_id;                /* pair + 1 in rf_monitor.hr, 0 = no high-risk payment yet */
  uint32_t link_id;              /* row + 1 in rf_monitor.link, 0 = no split payment yet */
  uint32_t near_id;              /* row + 1 in rf_monitor.near, 0 = no near split yet */
} rf_i_acct;

/* The pieces of the latest split payment of an account (detector 1c): its
 * other transfers in their amount band, by the same method, while the link
 * window lasts, name their counterparties as further parties of the scheme. */
typedef struct rf_i_link {
  double lo, hi;             /* amount band (the pieces widened by [structuring] link_band) */
  double piece_lo, piece_hi; /* the smallest and the largest piece */
  int64_t until;             /* the window ends (stream time) */
  int64_t since;             /* the split payment's first piece */
  uint32_t partner;          /* the other party of the split payment */
  uint32_t nsplits;          /* split payments in overlapping bands, each with a party other than
                                the one before, the last within the link window of the previous */
  uint8_t channel;
} rf_i_link;

/* The latest near splits of an account in each direction (detector 1c,
 * backwards): link_min_count or more pieces between the same two parties
 * within the split window, too few for a split payment. Kept, with copies of
 * the pieces' edges, for as long as the link window, so that a split payment
 * of the account later names that party too (the first sender into a
 * collector often sends too few pieces to be a split payment itself). */
#define RF_I_NEAR_PIECES 3
typedef struct rf_i_near_dir {
  rf_i_edge e[RF_I_NEAR_PIECES]; /* the pieces, as seen from the account */
  uint8_t n;                     /* pieces kept, 0 = none */
  uint8_t reported;              /* already named by a split payment's alert */
} rf_i_near_dir;
/* three per direction: the split payment's own first pieces are a near split
 * too until its next piece, and an ordinary pair may have made one since */
#define RF_I_NEAR_SLOTS 3
typedef struct rf_i_near {
  rf_i_near_dir dir[2][RF_I_NEAR_SLOTS]; /* [0] received, [1] sent */
} rf_i_near;

/* Payments to or from high-risk jurisdictions of one account, kept for the
 * corridor window (30 days by default) apart from the main rings, so that
 * the rarely used long window does not make every ring keep a month. */
typedef struct rf_i_hr {
  rf_i_ring in, out;
} rf_i_hr;

/* evidence transactions kept per alert (an alert that keeps firing on a
 * busy account stops growing here; its explanation says how many fired) */
#define RF_I_MAX_EVIDENCE 256

/* growable evidence of one alert */
typedef struct rf_i_alert {
  rf_alert pub;
  size_t acap, tcap;
  uint64_t max_line; /* high-water mark of window evidence */
  uint32_t anchor;   /* pub.accounts[0], kept when the evidence is released */
  uint8_t state;     /* RF_I_ALERT_* */
  uint8_t hit;       /* released: its evidence held a laundering transaction */
  uint32_t npos;     /* released: the laundering lines of its evidence */
  uint64_t *pos;
} rf_i_alert;
#define RF_I_ALERT_OPEN 0
#define RF_I_ALERT_CLOSED 1    /* final, waiting for the sink */
#define RF_I_ALERT_DELIVERED 2 /* handed to the sink */
#define RF_I_ALERT_RELEASED 3  /* delivered, evidence freed (counted in rf_monitor.evacc) */
#define RF_I_ALERT_FORGOTTEN 4 /* released, and gone (sink.forget): only counted */
#define RF_I_ACHUNK_BITS 10
#define RF_I_ACHUNK ((size_t)1 << RF_I_ACHUNK_BITS)

/* What evaluation needs of alerts whose evidence was released (eval.c):
 * the accounts and input lines any alert named (a released alert keeps
 * its own laundering lines, for the per-typology coverage). */
typedef struct rf_i_evacc {
  uint8_t *flag; /* per account: named by an alert */
  size_t nflag;
  uint64_t *t, *b; /* lines in any alert's / in a behaviour alert's evidence */
  size_t words;
} rf_i_evacc;

/* Evidence being assembled by a detector before it is filed. */
typedef struct rf_i_ev {
  rf_alert_txn *t;
  size_t n, cap;
  uint32_t *acc;
  size_t nacc, acc_cap;
} rf_i_ev;

struct rf_monitor {
  rf_monitor_config cfg;
  rf_i_acct *acct; /* 64-byte aligned */
  size_t nacct, acct_cap;
  rf_i_pool pool;
  rf_i_extra *extra; /* xcap entries (a power of two), NULL until a row has extras */
  size_t xcap;
  uint32_t *open_tab; /* RF_TYP_COUNT open alert indexes (+1) per alerted account */
  size_t nopen, open_cap;
  rf_i_hr *hr; /* high-risk payment rings, nhr used of hr_cap */
  size_t nhr, hr_cap;
  rf_i_link *link; /* split-payment bands (1c), nlink used of link_cap */
  size_t nlink, link_cap;
  rf_i_near *near; /* near splits (1c backwards), nnear used of near_cap */
  size_t nnear, near_cap;
  int64_t keep_window;         /* longest window any row is looked up in (extras) */
  uint32_t *stamp_a, *stamp_b; /* per-account scratch marks */
  size_t stamp_a_cap, stamp_b_cap, lab_cap;
  uint32_t stamp;
  /* alerts by index (id - 1) in chunks of RF_I_ACHUNK: a chunk whose every
   * alert was forgotten (sink.forget) is freed and its slot set to NULL */
  rf_i_alert **achunk;
  uint32_t *alive; /* per chunk: alerts not forgotten */
  size_t nachunk, achunk_cap;
  size_t nalerts;
  uint64_t typ_alerts[RF_TYP_COUNT]; /* alerts opened per typology */
  uint64_t nforgotten;
  uint64_t ntxns;
  int64_t now;      /* newest time seen */
  int64_t start;    /* first time seen */
  int64_t epoch;    /* edge times are seconds since this (the first time seen) */
  uint64_t *dayfen; /* transactions per day since the day of `start`, as a
                     * Fenwick tree (range sums in O(log ndays)) */
  size_t ndays;     /* a power of two, or 0 */
  /* text resolution and caches indexed by text id */
  rf_monitor_text_fn text_fn;
  void *text_ud;
  rf_monitor_screen_fn screen_fn;
  void *screen_ud;
  int8_t *country_risk; /* -1 unknown, else bits: 1 high risk, 2 corridor */
  size_t ncountry_risk;
  float *name_score; /* -2 unknown */
  char **name_hit;
  size_t nname_score;
  double *ccy_thr; /* <0 unknown */
  double *rate;    /* per currency text id: units per base unit, 0 unknown, -1 unresolved */
  size_t nrate;
  size_t nccy_thr;
  /* labels for evaluation: bitsets by input line */
  uint64_t *lab_pos, *lab_seen;
  size_t lab_words;
  uint8_t *acct_lab; /* per account: 1 if in a laundering txn */
  int have_txn_labels;
  rf_i_ev ev;                             /* detector scratch */
  uint64_t fan_hist[2][256], fan_nobs[2]; /* window counts seen by fan-in [0] / fan-out [1] */
  uint32_t fan_q[2];                      /* their population_quantile */
  /* streaming delivery of final alerts (sink.c) */
  rf_monitor_sink sink;
  uint32_t *pending; /* alerts not yet final, by id */
  size_t npending, pending_cap;
  uint32_t *closed; /* final alerts not yet delivered */
  size_t nclosed, closed_cap;
  uint32_t *opened; /* alerts opened since the last delivery (sink.early) */
  size_t nopened, opened_cap;
  rf_alert *early; /* their copies while the sink has them */
  size_t early_cap;
  const rf_alert **batch;
  size_t batch_cap;
  int64_t next_close; /* stream time of the next check for final alerts */
  int in_run;         /* rf_monitor_run delivers between batches */
  int sink_failed;
  rf_i_evacc evacc; /* released alerts */
  int oom;
};

/* sink.c */
int rf_i_pending_add(rf_monitor *m, uint32_t idx);
/* queues a newly opened alert for early delivery (sink.early) */
int rf_i_opened_add(rf_monitor *m, uint32_t idx);
/* the alert of index idx (id - 1); NULL once its chunk was freed */
static inline rf_i_alert *rf_i_al(const rf_monitor *m, size_t idx) {
  rf_i_alert *c = m->achunk[idx >> RF_I_ACHUNK_BITS];
  return c ? &c[idx & (RF_I_ACHUNK - 1)] : NULL;
}
/* the alert of index idx unless it was forgotten */
static inline const rf_i_alert *rf_i_al_kept(const rf_monitor *m, size_t idx) {
  const rf_i_alert *a = rf_i_al(m, idx);
  return a && a->state != RF_I_ALERT_FORGOTTEN ? a : NULL;
}
/* alert.c: frees chunk c (every alert of it forgotten) */
void rf_i_achunk_drop(rf_monitor *m, size_t c);
/* alerts are waiting for the sink: final ones, or opened ones (early) */
static inline int rf_i_deliverable(const rf_monitor *m) { return m->nclosed || m->nopened; }
rf_status rf_i_close_due(rf_monitor *m);
rf_status rf_i_deliver(rf_monitor *m);
void rf_i_alert_finalize(rf_alert *a);
void rf_i_sink_free(rf_monitor *m);
/* eval.c: adds an alert to e (grown to cover it); returns 1 when its
 * evidence holds a laundering line, 0 if not, -1 out of memory */
int rf_i_evacc_add(const rf_monitor *m, rf_i_evacc *e, const rf_alert *a);
int rf_i_is_pos(const rf_monitor *m, uint64_t line); /* a laundering input line */
void rf_i_evacc_free(rf_i_evacc *e);

/* pool.c: edge arrays for the rings */
#if defined(__SANITIZE_ADDRESS__)
#define RF_I_POOL 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RF_I_POOL 0
#endif
#endif
#ifndef RF_I_POOL
#define RF_I_POOL 1
#endif
#define RF_I_HUGE ((size_t)2 << 20)
rf_i_edge *rf_i_pool_get(rf_i_pool *p, uint32_t cap);
void rf_i_pool_put(rf_i_pool *p, rf_i_edge *e, uint32_t cap);
void rf_i_pool_free(rf_i_pool *p);
/* start / stop the helper thread that touches the next chunk ahead of need;
 * without it (or when it cannot start) chunks are faulted in on first use */
void rf_i_pool_prefault_start(rf_i_pool *p);
void rf_i_pool_prefault_stop(rf_i_pool *p);

/* config.c */
double rf_i_config_ccy_threshold(const rf_monitor_config *cfg, const char *ccy);

/* monitor.c */
/* files edge e in ring r in time order (grows r up to max_edges, then drops its oldest quarter) */
int rf_i_ring_push(rf_monitor *m, rf_i_ring *r, const rf_i_edge *e, uint32_t max_edges);

/* alert.c: alerts and their evidence */
/* appends t to the evidence of alert a and widens its window */
int rf_i_alert_add_txn(rf_i_alert *a, const rf_alert_txn *t);
/* appends edge ed of account self (sent when outgoing) to the evidence being assembled */
int rf_i_ev_txn(const rf_monitor *m, rf_i_ev *e, const rf_i_edge *ed, uint32_t self, int outgoing);
/* transactions the stream held on the days of times [from, to] (detect_flow.c) */
double rf_i_global(const rf_monitor *m, int64_t from, int64_t to);
/* the payments that emptied an account (detect_flow.c) */
#define RF_I_EMPTYING 256
uint32_t rf_i_emptying(const rf_i_ring *r, uint32_t from, double amount, int links,
                       rf_ranked v[RF_I_EMPTYING]);
void rf_i_ev_picked(const rf_monitor *m, rf_i_ev *ev, const rf_i_ring *r, uint32_t from,
                    uint32_t acct, const rf_ranked *v, uint32_t take, int links);
/* adds account a to the accounts of the evidence being assembled (once) */
int rf_i_ev_acc(rf_i_ev *e, uint32_t a);
/* files an alert for anchor ev->acc[0] or extends its open one */
void rf_i_fire(rf_monitor *m, rf_typology typ, rf_i_ev *ev, int64_t now, double value,
               double threshold, double score, const char *expl, int window_evidence);

/* detect_flow.c: money-flow detectors on one account */
/* profile gate: are count transactions in the window far above the account's earlier share? */
int rf_i_above_profile(const rf_monitor *m, const rf_i_acct *ac, uint32_t total, uint32_t count,
                       int64_t window, int64_t now);
/* 1a structuring: sub-threshold cash into (or out of) one account */
void rf_i_det_structuring(rf_monitor *m, rf_i_ev *ev, uint32_t acct, const rf_i_ring *r,
                          int outgoing, int64_t now, double thr);
/* 1b split transfers: the same originator pays the same beneficiary repeatedly below thr */
void rf_i_det_split(rf_monitor *m, rf_i_ev *ev, uint32_t a, uint32_t b, int64_t now, double thr,
                    uint8_t channel);
/* 1c linked pieces: edge e of account acct (outgoing or not) in the band of
 * acct's latest split payment */
void rf_i_det_linked(rf_monitor *m, rf_i_ev *ev, uint32_t acct, const rf_i_edge *e, int outgoing,
                     int64_t now);
/* 2 funnel and 3 pass-through, evaluated when account a sends money out */
void rf_i_det_outflow(rf_monitor *m, rf_i_ev *ev, uint32_t a, int64_t now);
/* files a high-risk payment in acct's ring and runs the corridor detector (8a) */
int rf_i_highrisk(rf_monitor *m, rf_i_ev *ev, uint32_t acct, const rf_i_edge *e, int outgoing,
                  int64_t now, const char *country);
/* 9 profile: dormant wake-up and volume spike (called before the edge is added) */
void rf_i_det_profile(rf_monitor *m, rf_i_ev *ev, uint32_t acct, const rf_txn *t,
                      const rf_i_edge *e, int outgoing);

/* detect_graph.c: detectors that follow money between accounts */
/* 4 fan-in / fan-out on ring r of acct */
void rf_i_det_fan(rf_monitor *m, rf_i_ev *ev, uint32_t acct, const rf_i_ring *r, int outgoing,
                  int64_t now);
/* 5a gather-scatter: many senders into a, then many receivers out of a */
void rf_i_det_gather_scatter(rf_monitor *m, rf_i_ev *ev, uint32_t a, int64_t now);
/* 5b scatter-gather on new edge a->b: some source sent to many that all sent to b */
void rf_i_det_scatter_gather(rf_monitor *m, rf_i_ev *ev, uint32_t a, uint32_t b, int64_t now);
/* 6 cycles: new edge a->b (closing) returns money to b through increasing times */
void rf_i_det_cycle(rf_monitor *m, rf_i_ev *ev, uint32_t a, uint32_t b, const rf_i_edge *closing,
                    int64_t now);
/* 7 bipartite / stacked layering on new edge a->b */
void rf_i_det_bipartite(rf_monitor *m, rf_i_ev *ev, uint32_t a, uint32_t b, int64_t now);

/* ------------------------------------------------------------ hot helpers
 * Called per transaction or per edge from several files: static inline so
 * that every file inlines them as the single monitor.c did. */

/* a 0..1 score of value against its threshold */
static inline double rf_i_score(double value, double threshold) {
  /* 0.5 at the threshold, approaching 1 as value grows */
  if (threshold <= 0) return value > 0 ? 0.9 : 0.5;
  double s = 1.0 - pow(0.5, value / threshold);
  return s < 0 ? 0 : (s > 1 ? 1 : s);
}

/* Edge times are 32-bit offsets from the monitor's epoch (the first time
 * seen): rf_i_abs gives the time back, rf_i_rel turns a window bound into an
 * offset (clamped: a bound far outside the range still compares right). */
static inline int64_t rf_i_abs(const rf_monitor *m, int32_t t) { return m->epoch + t; }
static inline int32_t rf_i_rel(const rf_monitor *m, int64_t t) {
  int64_t d = t - m->epoch;
  return d < -INT32_MAX ? -INT32_MAX : d > INT32_MAX - 1 ? INT32_MAX - 1 : (int32_t)d;
}

/* drops the edges of r older than oldest (epoch-relative) */
static inline void rf_i_ring_prune(rf_i_ring *r, int32_t oldest) {
  if (r->head_t >= oldest) return; /* also when empty (INT32_MAX) */
  while (r->head < r->len && r->e[r->head].t < oldest) r->head++;
  if (r->head == r->len) {
    r->head = r->len = 0;
    r->head_t = INT32_MAX;
  } else {
    r->head_t = r->e[r->head].t;
  }
}

/* edges still in the ring: a bound on any window's count that touches no edge */
static inline uint32_t rf_i_ring_live(const rf_i_ring *r) { return r->len - r->head; }

/* first index of r with time >= t. Windows are short and recent: gallop
 * back from the newest edge (touching the lines near the tail the detector
 * scans next), then bisect the last step. */
static inline uint32_t rf_i_ring_from(const rf_i_ring *r, int32_t t) {
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

/* a fresh mark for the per-account scratch arrays stamp_a / stamp_b */
static inline uint32_t rf_i_next_stamp(rf_monitor *m) {
  if (++m->stamp == 0) {
    memset(m->stamp_a, 0, m->nacct * sizeof *m->stamp_a);
    memset(m->stamp_b, 0, m->nacct * sizeof *m->stamp_b);
    m->stamp = 1;
  }
  return m->stamp;
}

/* open alert (index + 1) of an account for a typology, 0 = none */
static inline uint32_t rf_i_open_get(const rf_monitor *m, const rf_i_acct *ac, rf_typology typ) {
  return ac->open_id ? m->open_tab[(size_t)(ac->open_id - 1) * RF_TYP_COUNT + typ] : 0;
}

/* the extras of input line `line`; NULL when it has none (or its slot was reused) */
static inline const rf_i_extra *rf_i_extra_get(const rf_monitor *m, uint64_t line) {
  if (!m->xcap || !line) return NULL;
  const rf_i_extra *x = &m->extra[line & (m->xcap - 1)];
  return x->line == line ? x : NULL;
}

/* transaction id of edge e, RF_NONE when its format has none */
static inline uint32_t rf_i_edge_txid(const rf_monitor *m, const rf_i_edge *e) {
  const rf_i_extra *x = rf_i_extra_get(m, e->line);
  return x ? x->txid : RF_NONE;
}

/* empties the evidence being assembled */
static inline void rf_i_ev_reset(rf_i_ev *e) { e->n = e->nacc = 0; }

/* A counterparty of an aggregate detector (fan-in, funnel, ...): named in
 * the alert only when [general] name_counterparties is on; it always
 * appears in the evidence transactions. */
static inline int rf_i_ev_cp(const rf_monitor *m, rf_i_ev *e, uint32_t a) {
  return m->cfg.name_counterparties ? rf_i_ev_acc(e, a) : 0;
}
/* the edges r->e[from..len) that carry every flag in need (0 = all edges)
 * as evidence of acct, their counterparties as configured */
static inline void rf_i_ev_ring(const rf_monitor *m, rf_i_ev *e, const rf_i_ring *r, uint32_t from,
                                uint32_t acct, int outgoing, unsigned need) {
  for (uint32_t i = from; i < r->len; i++)
    if ((r->e[i].flags & need) == need) {
      rf_i_ev_txn(m, e, &r->e[i], acct, outgoing);
      rf_i_ev_cp(m, e, r->e[i].peer);
    }
}

/* day index of time t counted from the day of the first transaction seen */
static inline int64_t rf_i_dayidx(const rf_monitor *m, int64_t t) {
  int64_t d0 = m->start >= 0 ? m->start / RF_I_DAY : (m->start - RF_I_DAY + 1) / RF_I_DAY;
  int64_t d = t >= 0 ? t / RF_I_DAY : (t - RF_I_DAY + 1) / RF_I_DAY;
  return d - d0;
}

#endif
