/* Synthetic labelled transactions (AMLworld CSV or redflag CSV) with a
 * patterns file. Model and parameters: docs/gen.md.
 *
 * Plan of a run: (1) per-account state is drawn (bank, currency, state,
 * activity); (2) every laundering attempt is materialised up front (a small
 * minority of rows) and sorted by time; (3) the normal rows are generated
 * minute by minute along a daily/weekly cycle and merged with the laundering
 * rows into the output stream; (4) the patterns file (and truth file) is
 * written from the laundering rows, which now know their output line. */
#include "redflag/gen.h"
#include "redflag/ingest.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ PRNG */

typedef struct rf_i_rng {
  uint64_t s[4];
  int has_gauss;
  double gauss;
} rf_i_rng;

static uint64_t rf_i_splitmix(uint64_t *x) {
  uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

static void rf_i_rng_seed(rf_i_rng *r, uint64_t seed) {
  uint64_t x = seed;
  for (int i = 0; i < 4; i++) r->s[i] = rf_i_splitmix(&x);
  r->has_gauss = 0;
}

static inline uint64_t rf_i_rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t rf_i_next(rf_i_rng *r) { /* xoshiro256** */
  uint64_t *s = r->s;
  uint64_t res = rf_i_rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rf_i_rotl(s[3], 45);
  return res;
}

static inline double rf_i_unif(rf_i_rng *r) { return (double)(rf_i_next(r) >> 11) * 0x1.0p-53; }

/* Uniform integer in [lo, hi]. */
static inline int64_t rf_i_range(rf_i_rng *r, int64_t lo, int64_t hi) {
  return lo + (int64_t)(rf_i_unif(r) * (double)(hi - lo + 1));
}

static double rf_i_gauss(rf_i_rng *r) {
  if (r->has_gauss) {
    r->has_gauss = 0;
    return r->gauss;
  }
  double u, v, s;
  do {
    u = 2 * rf_i_unif(r) - 1;
    v = 2 * rf_i_unif(r) - 1;
    s = u * u + v * v;
  } while (s >= 1 || s == 0);
  double m = sqrt(-2 * log(s) / s);
  r->gauss = v * m;
  r->has_gauss = 1;
  return u * m;
}

static double rf_i_lognormal(rf_i_rng *r, double mu, double sigma) {
  return exp(mu + sigma * rf_i_gauss(r));
}

static inline uint32_t rf_i_perm32(uint32_t x, uint32_t key) { /* bijection on 32 bits */
  x ^= key;
  x *= 0x9E3779B1u;
  x ^= x >> 15;
  x *= 0x85EBCA77u;
  x ^= x >> 13;
  x += key;
  x *= 0xC2B2AE3Du;
  x ^= x >> 16;
  return x;
}

/* ------------------------------------------------------------- the world */

typedef struct rf_i_cur {
  const char *aml; /* AMLworld spelling */
  const char *iso;
  double usd;     /* value of one unit in US dollars (fixed, 2022 levels) */
  int dec;        /* decimals written */
  const char *cc; /* country of accounts holding it */
  double share;   /* share of accounts */
} rf_i_cur;

enum { CUR_USD = 0, CUR_EUR, CUR_CNY, CUR_MXN, CUR_BTC = 14, NCUR = 15 };
static const rf_i_cur rf_i_curs[NCUR] = {
    {"US Dollar", "USD", 1.0, 2, "US", 0.55},
    {"Euro", "EUR", 1.0, 2, "DE", 0.10},
    {"Yuan", "CNY", 0.145, 2, "CN", 0.06},
    {"Mexican Peso", "MXN", 0.05, 2, "MX", 0.07},
    {"UK Pound", "GBP", 1.15, 2, "GB", 0.04},
    {"Rupee", "INR", 0.0125, 2, "IN", 0.04},
    {"Yen", "JPY", 0.007, 2, "JP", 0.03},
    {"Ruble", "RUB", 0.0165, 2, "RU", 0.02},
    {"Canadian Dollar", "CAD", 0.76, 2, "CA", 0.03},
    {"Australian Dollar", "AUD", 0.68, 2, "AU", 0.02},
    {"Swiss Franc", "CHF", 1.03, 2, "CH", 0.01},
    {"Shekel", "ILS", 0.29, 2, "IL", 0.01},
    {"Saudi Riyal", "SAR", 0.266, 2, "SA", 0.005},
    {"Brazil Real", "BRL", 0.19, 2, "BR", 0.015},
    {"Bitcoin", "BTC", 20000.0, 6, "", 0.0},
};

typedef struct rf_i_state {
  const char *st, *city, *zip3;
} rf_i_state;
#define NSTATE 12
static const rf_i_state rf_i_states[NSTATE] = {
    {"TX", "El Paso", "799"},   {"TX", "Houston", "770"},   {"CA", "Los Angeles", "900"},
    {"CA", "San Diego", "921"}, {"AZ", "Phoenix", "850"},   {"NY", "New York", "100"},
    {"FL", "Miami", "331"},     {"IL", "Chicago", "606"},   {"NJ", "Newark", "071"},
    {"GA", "Atlanta", "303"},   {"NV", "Las Vegas", "891"}, {"WA", "Seattle", "981"}};

static const char *const rf_i_first[] = {
    "Maria",  "Juan",  "Jose",    "Ana",   "Luis",  "Carmen", "Carlos", "Rosa",
    "Wei",    "Li",    "Ming",    "Jing",  "James", "Mary",   "John",   "Patricia",
    "Robert", "Linda", "Michael", "Sarah", "David", "Emma",   "Ahmed",  "Fatima",
    "Priya",  "Raj",   "Olga",    "Ivan",  "Sofia", "Diego",  "Elena",  "Miguel"};
static const char *const rf_i_last[] = {
    "Garcia", "Martinez", "Lopez",  "Hernandez", "Gonzalez", "Perez",   "Sanchez",  "Ramirez",
    "Wang",   "Zhang",    "Chen",   "Liu",       "Smith",    "Johnson", "Williams", "Brown",
    "Jones",  "Miller",   "Davis",  "Wilson",    "Khan",     "Patel",   "Ivanov",   "Silva",
    "Torres", "Flores",   "Rivera", "Gomez",     "Diaz",     "Cruz",    "Morales",  "Reyes"};

/* AMLworld payment formats used for normal traffic, with their share and
 * log-normal amount parameters (US dollars). */
typedef struct rf_i_chan {
  rf_channel ch;
  const char *aml;
  double share, mu, sigma;
} rf_i_chan;
#define NCHAN 7
static const rf_i_chan rf_i_chans[NCHAN] = {{RF_CH_CHECK, "Cheque", 0.36, 7.0, 1.4},
                                            {RF_CH_CARD, "Credit Card", 0.26, 4.3, 1.0},
                                            {RF_CH_ACH, "ACH", 0.13, 7.3, 1.5},
                                            {RF_CH_CASH, "Cash", 0.11, 5.8, 1.2},
                                            {RF_CH_REINVESTMENT, "Reinvestment", 0.06, 6.0, 1.6},
                                            {RF_CH_WIRE, "Wire", 0.06, 8.5, 1.5},
                                            {RF_CH_CRYPTO, "Bitcoin", 0.02, 6.5, 1.5}};

/* ACC_APART: kept out of normal traffic (a dormant account, a listed payee) */
enum { ACC_DORMANT = 1, ACC_LAUNDER = 2, ACC_WATCH = 4, ACC_APART = ACC_DORMANT | ACC_WATCH };
typedef struct rf_i_acct {
  uint32_t hexid; /* account id written as "8%08X" */
  uint32_t bank;
  uint8_t cur;
  uint8_t state; /* rf_i_states index, 0xFF outside the US */
  uint8_t flags;
  int8_t mu; /* personal amount offset, tenths of a log unit */
} rf_i_acct;

/* Kinds of cash movement (for the redflag schema, which tells them apart). */
enum { K_XFER = 0, K_CASH_IN, K_CASH_OUT };

/* One transaction of the internal model, written to either format. */
typedef struct rf_i_rec {
  int64_t time;
  uint32_t src, dst;
  int64_t paid, recv; /* minor units (cents; 1e-6 for Bitcoin) */
  uint8_t cur_pay, cur_recv;
  uint8_t chan; /* rf_i_chans index */
  uint8_t kind;
  int8_t label;
  uint8_t state; /* branch state for cash, 0xFF none */
  uint16_t branch;
  uint32_t conductor; /* account whose holder handled the cash, UINT32_MAX none */
  uint32_t attempt;   /* UINT32_MAX for normal rows */
  uint64_t line;      /* output line, filled while streaming */
} rf_i_rec;

typedef struct rf_i_attempt {
  rf_gen_pattern pat;
  size_t first, n; /* recs[first .. first+n) */
  char detail[96];
} rf_i_attempt;

typedef struct rf_i_gen {
  rf_gen_opts o;
  rf_i_rng rng;
  rf_i_acct *acc;
  uint32_t nacc, nbank;
  uint32_t key; /* account id permutation key */
  double cur_cdf[NCUR];
  double chan_cdf[NCHAN];
  rf_i_rec *recs;
  size_t nrecs, caprecs;
  rf_i_attempt *att;
  size_t natt, capatt;
  int64_t t_end;
  uint32_t ndormant;
  uint32_t watched[64]; /* payees given watch_names[k % nwatch], k = index here */
  uint32_t nwatched;
  rf_buf out;
  FILE *fp;
  uint64_t line;
  char minute_key[24];
  int64_t minute_cached;
  char iso_key[24];
  int64_t iso_cached;
} rf_i_gen;

/* ------------------------------------------------------------- sampling */

/* Skewed draws: payers ~ u^2 from the low end of the index, payees ~ u^3
 * from the high end, so a few accounts are very active and the two roles
 * differ. The index is not visible in the output (account ids are a keyed
 * permutation of it) and the active accounts sit together in memory, which
 * keeps generation cache-friendly at any scale. */
static inline uint32_t rf_i_succ(rf_i_gen *g, uint32_t i) { return i + 1 == g->nacc ? 0 : i + 1; }

static uint32_t rf_i_payer(rf_i_gen *g) {
  double u = rf_i_unif(&g->rng);
  uint32_t i = (uint32_t)(g->nacc * u * u);
  while (g->acc[i].flags & ACC_APART) i = rf_i_succ(g, i);
  return i;
}

static uint32_t rf_i_payee(rf_i_gen *g, uint32_t src) {
  double u;
  if (rf_i_unif(&g->rng) < 0.55) { /* one of the payer's regular counterparties */
    uint32_t k = (uint32_t)rf_i_range(&g->rng, 0, 3);
    u = rf_i_perm32(src * 4 + k, g->key ^ 0xA5A5A5A5u) * 0x1.0p-32;
  } else {
    u = rf_i_unif(&g->rng);
  }
  uint32_t i = g->nacc - 1 - (uint32_t)(g->nacc * u * u * u);
  while ((g->acc[i].flags & ACC_APART) || i == src) i = rf_i_succ(g, i);
  return i;
}

/* Uniform account for laundering (not dormant); want_cur < 0 = any currency. */
static uint32_t rf_i_any(rf_i_gen *g, int want_cur) {
  for (int tries = 0;; tries++) {
    uint32_t i = (uint32_t)rf_i_range(&g->rng, 0, g->nacc - 1);
    if (g->acc[i].flags & ACC_APART) continue;
    if (want_cur >= 0 && g->acc[i].cur != want_cur && tries < 10000) continue;
    return i;
  }
}

/* the listed name a planted payee (ACC_WATCH) carries */
static const char *rf_i_watch_name(const rf_i_gen *g, uint32_t acct) {
  uint32_t k = 0;
  while (k + 1 < g->nwatched && g->watched[k] != acct) k++;
  return g->o.watch_names[k % g->o.nwatch];
}

static int rf_i_pick_cdf(rf_i_gen *g, const double *cdf, int n) {
  double u = rf_i_unif(&g->rng);
  for (int i = 0; i < n - 1; i++)
    if (u < cdf[i]) return i;
  return n - 1;
}

static int64_t rf_i_minor(double units, int dec) {
  double m = dec == 6 ? 1e6 : 100.0;
  int64_t v = (int64_t)llround(units * m);
  return v < 1 ? 1 : v;
}

/* ---------------------------------------------------------------- world */

static rf_status rf_i_world(rf_i_gen *g, rf_error *err) {
  uint64_t na = g->o.accounts ? g->o.accounts : g->o.transactions / 10;
  if (na < 100) na = 100;
  if (na > 200000000) return rf_error_set(err, RF_ELIMIT, "gen: at most 200000000 accounts");
  g->nacc = (uint32_t)na;
  uint64_t nb = g->o.banks ? g->o.banks : na / 17;
  if (nb < 10) nb = 10;
  if (nb > 9999999) nb = 9999999;
  g->nbank = (uint32_t)nb;
  g->acc = calloc(g->nacc, sizeof *g->acc);
  if (!g->acc) return rf_error_set(err, RF_ENOMEM, "gen: out of memory for %u accounts", g->nacc);
  g->key = (uint32_t)rf_i_next(&g->rng);
  double c = 0, tot = 0;
  for (int i = 0; i < NCUR; i++) tot += rf_i_curs[i].share;
  for (int i = 0; i < NCUR; i++) g->cur_cdf[i] = (c += rf_i_curs[i].share / tot);
  c = 0;
  for (int i = 0; i < NCHAN; i++) g->chan_cdf[i] = (c += rf_i_chans[i].share);
  for (uint32_t i = 0; i < g->nacc; i++) {
    rf_i_acct *a = &g->acc[i];
    a->hexid = rf_i_perm32(i, g->key);
    double u = rf_i_unif(&g->rng);
    a->bank = (uint32_t)(g->nbank * u * u); /* big banks hold more accounts */
    a->cur = (uint8_t)rf_i_pick_cdf(g, g->cur_cdf, NCUR);
    a->state = a->cur == CUR_USD ? (uint8_t)rf_i_range(&g->rng, 0, NSTATE - 1) : 0xFF;
    a->mu = (int8_t)rf_i_range(&g->rng, -5, 5);
  }
  return RF_OK;
}

/* ------------------------------------------------------ laundering rows */

static rf_i_rec *rf_i_push(rf_i_gen *g) {
  if (g->nrecs == g->caprecs) {
    size_t cap = g->caprecs ? g->caprecs * 2 : 1024;
    rf_i_rec *p = realloc(g->recs, cap * sizeof *p);
    if (!p) return NULL;
    g->recs = p;
    g->caprecs = cap;
  }
  rf_i_rec *r = &g->recs[g->nrecs++];
  memset(r, 0, sizeof *r);
  r->state = 0xFF;
  r->conductor = UINT32_MAX;
  r->attempt = UINT32_MAX;
  return r;
}

static int rf_i_chan_index(rf_channel ch) {
  for (int i = 0; i < NCHAN; i++)
    if (rf_i_chans[i].ch == ch) return i;
  return 0;
}

/* Adds a transfer of usd dollars (converted to the accounts' currencies;
 * cur_pay < 0 = the payer's). Returns the record or NULL. */
static rf_i_rec *rf_i_add(rf_i_gen *g, int64_t t, uint32_t src, uint32_t dst, double usd,
                          rf_channel ch, int label, int cur_pay) {
  rf_i_rec *r = rf_i_push(g);
  if (!r) return NULL;
  if (t >= g->t_end) t = g->t_end - 60;
  r->time = t - t % 60;
  r->src = src;
  r->dst = dst;
  r->chan = (uint8_t)rf_i_chan_index(ch);
  r->label = (int8_t)label;
  r->attempt = label ? (uint32_t)g->natt : UINT32_MAX;
  int cp = cur_pay >= 0 ? cur_pay : g->acc[src].cur, cr = cp;
  if (ch == RF_CH_CRYPTO)
    cp = cr = CUR_BTC;
  else if ((ch == RF_CH_WIRE || ch == RF_CH_ACH) && g->acc[dst].cur != cp)
    cr = g->acc[dst].cur;
  r->cur_pay = (uint8_t)cp;
  r->cur_recv = (uint8_t)cr;
  r->paid = rf_i_minor(usd / rf_i_curs[cp].usd, rf_i_curs[cp].dec);
  r->recv = cr == cp ? r->paid : rf_i_minor(usd / rf_i_curs[cr].usd, rf_i_curs[cr].dec);
  return r;
}

static rf_i_rec *rf_i_cash_in(rf_i_gen *g, int64_t t, uint32_t conductor, uint32_t dst, double usd,
                              int state, int label) {
  rf_i_rec *r = rf_i_add(g, t, conductor, dst, usd, RF_CH_CASH, label, CUR_USD);
  if (!r) return NULL;
  r->cur_recv = CUR_USD;
  r->recv = r->paid;
  r->kind = K_CASH_IN;
  r->conductor = conductor;
  r->state = (uint8_t)state;
  r->branch = (uint16_t)rf_i_range(&g->rng, 1, 40);
  return r;
}

static rf_channel rf_i_laundry_channel(rf_i_gen *g) {
  double u = rf_i_unif(&g->rng);
  if (u < 0.50) return RF_CH_ACH;
  if (u < 0.65) return RF_CH_WIRE;
  if (u < 0.80) return RF_CH_CHECK;
  if (u < 0.88) return RF_CH_CASH;
  if (u < 0.94) return RF_CH_CRYPTO;
  return RF_CH_CARD;
}

/* Distinct accounts (small sets, linear check). */
static void rf_i_distinct(rf_i_gen *g, uint32_t *out, int n, int want_cur) {
  for (int i = 0; i < n; i++) {
    for (;;) {
      uint32_t a = rf_i_any(g, want_cur);
      int dup = 0;
      for (int j = 0; j < i; j++) dup |= out[j] == a;
      if (!dup) {
        out[i] = a;
        break;
      }
    }
    g->acc[out[i]].flags |= ACC_LAUNDER;
  }
}

static int64_t rf_i_step(rf_i_gen *g, int64_t lo, int64_t hi) {
  int64_t span = g->o.days * 86400LL;
  double scale = span < 3 * 86400 ? (double)span / (3 * 86400) : 1.0; /* short runs */
  int64_t v = rf_i_range(&g->rng, lo, hi);
  return (int64_t)(v * scale) + 60;
}

#define MAXSET 24
/* fail (return -1) unless x: an allocation, or a record that could be added */
#define REQUIRE(x)                                                                                 \
  do {                                                                                             \
    if (!(x)) return -1;                                                                           \
  } while (0)

/* What every attempt draws first, in this order (the output is
 * deterministic by seed): a start time, a channel and a typical amount. */
typedef struct rf_i_att_ctx {
  rf_gen_pattern pat;
  int64_t t;
  rf_channel ch;
  double base;
} rf_i_att_ctx;

/* fan-out / fan-in: one account pays (or is paid by) 4-16 others */
static int rf_i_att_fan(rf_i_gen *g, const rf_i_att_ctx *c, rf_i_attempt *A) {
  int64_t t = c->t;
  rf_channel ch = c->ch;
  double base = c->base;
  rf_gen_pattern pat = c->pat;
  uint32_t s[MAXSET];
  int k = (int)rf_i_range(&g->rng, 4, 16);
  rf_i_distinct(g, s, k + 1, -1);
  for (int i = 1; i <= k; i++) {
    t += rf_i_step(g, 600, 6 * 3600);
    double amt = base * (0.7 + 0.6 * rf_i_unif(&g->rng));
    REQUIRE(pat == RF_PAT_FAN_OUT ? rf_i_add(g, t, s[0], s[i], amt, ch, 1, -1)
                                  : rf_i_add(g, t, s[i], s[0], amt, ch, 1, -1));
  }
  snprintf(A->detail, sizeof A->detail, "Max %d-degree %s", k,
           pat == RF_PAT_FAN_OUT ? "Fan-Out" : "Fan-In");
  return 0;
}

/* gather-scatter: many pay one account, which pays many others */
static int rf_i_att_gather_scatter(rf_i_gen *g, const rf_i_att_ctx *c, rf_i_attempt *A) {
  int64_t t = c->t;
  rf_channel ch = c->ch;
  double base = c->base;
  uint32_t s[MAXSET];
  int k1 = (int)rf_i_range(&g->rng, 3, 8), k2 = (int)rf_i_range(&g->rng, 3, 8);
  rf_i_distinct(g, s, k1 + k2 + 1, -1);
  double tot = 0;
  for (int i = 1; i <= k1; i++) {
    t += rf_i_step(g, 600, 4 * 3600);
    double amt = base * (0.7 + 0.6 * rf_i_unif(&g->rng));
    tot += amt;
    REQUIRE(rf_i_add(g, t, s[i], s[0], amt, ch, 1, -1));
  }
  for (int i = 0; i < k2; i++) {
    t += rf_i_step(g, 600, 4 * 3600);
    REQUIRE(rf_i_add(g, t, s[0], s[k1 + 1 + i], tot * 0.95 / k2, ch, 1, -1));
  }
  snprintf(A->detail, sizeof A->detail, "Max %d-degree Fan-In, %d-degree Fan-Out", k1, k2);
  return 0;
}

/* scatter-gather: one account pays several, which all pay one other */
static int rf_i_att_scatter_gather(rf_i_gen *g, const rf_i_att_ctx *c, rf_i_attempt *A) {
  int64_t t = c->t;
  rf_channel ch = c->ch;
  double base = c->base;
  uint32_t s[MAXSET];
  int k = (int)rf_i_range(&g->rng, 3, 8);
  rf_i_distinct(g, s, k + 2, -1);
  int64_t t1 = t;
  double amts[MAXSET];
  for (int i = 0; i < k; i++) {
    t1 += rf_i_step(g, 600, 3 * 3600);
    amts[i] = base * (0.7 + 0.6 * rf_i_unif(&g->rng));
    REQUIRE(rf_i_add(g, t1, s[0], s[2 + i], amts[i], ch, 1, -1));
  }
  for (int i = 0; i < k; i++) {
    t1 += rf_i_step(g, 600, 3 * 3600);
    REQUIRE(
        rf_i_add(g, t1, s[2 + i], s[1], amts[i] * (0.95 + 0.04 * rf_i_unif(&g->rng)), ch, 1, -1));
  }
  snprintf(A->detail, sizeof A->detail, "Max %d-degree Fan-Out, %d-degree Fan-In", k, k);
  return 0;
}

/* a cycle of 2-8 hops back to the first account, amounts shrinking a little */
static int rf_i_att_cycle(rf_i_gen *g, const rf_i_att_ctx *c, rf_i_attempt *A) {
  int64_t t = c->t;
  rf_channel ch = c->ch;
  double base = c->base;
  uint32_t s[MAXSET];
  int k = (int)rf_i_range(&g->rng, 2, 8);
  rf_i_distinct(g, s, k, -1);
  double amt = base;
  for (int i = 0; i < k; i++) {
    t += rf_i_step(g, 1800, 24 * 3600);
    REQUIRE(rf_i_add(g, t, s[i], s[(i + 1) % k], amt, ch, 1, -1));
    amt *= 0.95 + 0.04 * rf_i_unif(&g->rng);
  }
  snprintf(A->detail, sizeof A->detail, "Max %d hops", k);
  return 0;
}

/* a random walk that sometimes returns to an earlier account */
static int rf_i_att_random(rf_i_gen *g, const rf_i_att_ctx *c, rf_i_attempt *A) {
  int64_t t = c->t;
  rf_channel ch = c->ch;
  double base = c->base;
  uint32_t s[MAXSET];
  int k = (int)rf_i_range(&g->rng, 3, 8);
  rf_i_distinct(g, s, k + 1, -1);
  double amt = base;
  for (int i = 0; i < k; i++) {
    t += rf_i_step(g, 1800, 18 * 3600);
    /* a random walk: usually onward, sometimes back to an earlier account */
    uint32_t to =
        (i >= 2 && rf_i_unif(&g->rng) < 0.25) ? s[rf_i_range(&g->rng, 0, i - 2)] : s[i + 1];
    REQUIRE(rf_i_add(g, t, s[i], to, amt, ch, 1, -1));
    if (to != s[i + 1]) s[i + 1] = to;
    amt *= 0.93 + 0.06 * rf_i_unif(&g->rng);
  }
  snprintf(A->detail, sizeof A->detail, "Max %d hops", k);
  return 0;
}

/* bipartite: each of a few senders pays most of a few receivers */
static int rf_i_att_bipartite(rf_i_gen *g, const rf_i_att_ctx *c, rf_i_attempt *A) {
  (void)A; /* no detail line */
  int64_t t = c->t;
  rf_channel ch = c->ch;
  double base = c->base;
  uint32_t s[MAXSET];
  int a = (int)rf_i_range(&g->rng, 2, 5), b = (int)rf_i_range(&g->rng, 2, 5);
  rf_i_distinct(g, s, a + b, -1);
  for (int i = 0; i < a; i++)
    for (int j = 0; j < b; j++) {
      if (j > 0 && rf_i_unif(&g->rng) < 0.3) continue;
      t += rf_i_step(g, 300, 3 * 3600);
      REQUIRE(rf_i_add(g, t, s[i], s[a + j], base * (0.6 + 0.8 * rf_i_unif(&g->rng)), ch, 1, -1));
    }
  return 0;
}

/* stack: two bipartite layers in a row */
static int rf_i_att_stack(rf_i_gen *g, const rf_i_att_ctx *c, rf_i_attempt *A) {
  (void)A; /* no detail line */
  int64_t t = c->t;
  rf_channel ch = c->ch;
  double base = c->base;
  uint32_t s[MAXSET];
  int l1 = (int)rf_i_range(&g->rng, 2, 4), l2 = (int)rf_i_range(&g->rng, 2, 4),
      l3 = (int)rf_i_range(&g->rng, 2, 4);
  rf_i_distinct(g, s, l1 + l2 + l3, -1);
  for (int i = 0; i < l1; i++)
    for (int j = 0; j < l2; j++) {
      t += rf_i_step(g, 300, 2 * 3600);
      REQUIRE(rf_i_add(g, t, s[i], s[l1 + j], base * (0.6 + 0.8 * rf_i_unif(&g->rng)), ch, 1, -1));
    }
  for (int j = 0; j < l2; j++)
    for (int q = 0; q < l3; q++) {
      t += rf_i_step(g, 300, 2 * 3600);
      REQUIRE(rf_i_add(g, t, s[l1 + j], s[l1 + l2 + q], base * (0.6 + 0.8 * rf_i_unif(&g->rng)), ch,
                       1, -1));
    }
  return 0;
}

/* structuring: conductors deposit cash just under the threshold into one account */
static int rf_i_att_structuring(rf_i_gen *g, const rf_i_att_ctx *c, rf_i_attempt *A) {
  int64_t t = c->t;
  uint32_t s[MAXSET];
  /* conductors deposit cash just under the threshold into one account,
   * at branches in several states, over a few days */
  int nc = (int)rf_i_range(&g->rng, 3, 8);
  rf_i_distinct(g, s, nc + 1, CUR_USD);
  int nst = (int)rf_i_range(&g->rng, 2, 5);
  int st0 = (int)rf_i_range(&g->rng, 0, NSTATE - 1);
  int ndep = 0;
  double thr = g->o.threshold;
  for (int i = 1; i <= nc; i++) {
    int reps = (int)rf_i_range(&g->rng, 1, 4);
    for (int r = 0; r < reps; r++) {
      t += rf_i_step(g, 900, 10 * 3600);
      double amt = thr * (0.80 + 0.199 * rf_i_unif(&g->rng));
      REQUIRE(rf_i_cash_in(g, t, s[i], s[0], amt,
                           (st0 + (int)rf_i_range(&g->rng, 0, nst - 1)) % NSTATE, 1));
      ndep++;
    }
  }
  snprintf(A->detail, sizeof A->detail, "%d conductors, %d cash deposits under %.0f US Dollar", nc,
           ndep, thr);
  return 0;
}

/* funnel: cash from many depositors in several states, wired to a corridor */
static int rf_i_att_funnel(rf_i_gen *g, const rf_i_att_ctx *c, rf_i_attempt *A) {
  int64_t t = c->t;
  uint32_t s[MAXSET];
  int nd = (int)rf_i_range(&g->rng, 6, 20);
  if (nd + 2 > MAXSET) nd = MAXSET - 2;
  rf_i_distinct(g, s, nd + 1, CUR_USD);
  int corridor = rf_i_unif(&g->rng) < 0.6 ? CUR_MXN : CUR_CNY;
  uint32_t bene = rf_i_any(g, corridor);
  g->acc[bene].flags |= ACC_LAUNDER;
  int nst = (int)rf_i_range(&g->rng, 3, 6);
  int st0 = (int)rf_i_range(&g->rng, 0, NSTATE - 1);
  double tot = 0;
  for (int i = 1; i <= nd; i++) {
    t += rf_i_step(g, 600, 5 * 3600);
    double amt = rf_i_range(&g->rng, 1500, 9500) + rf_i_unif(&g->rng);
    tot += amt;
    REQUIRE(rf_i_cash_in(g, t, s[i], s[0], amt, (st0 + i % nst) % NSTATE, 1));
  }
  int nw = (int)rf_i_range(&g->rng, 1, 3);
  double out = tot * (0.85 + 0.13 * rf_i_unif(&g->rng));
  for (int w = 0; w < nw; w++) {
    t += rf_i_step(g, 1800, 30 * 3600);
    REQUIRE(rf_i_add(g, t, s[0], bene, out / nw, RF_CH_WIRE, 1, CUR_USD));
  }
  snprintf(A->detail, sizeof A->detail, "%d depositors in %d states, %d wires to %s", nd, nst, nw,
           rf_i_curs[corridor].cc);
  return 0;
}

/* pass-through: large inflows leave again within hours */
static int rf_i_att_pass_through(rf_i_gen *g, const rf_i_att_ctx *c, rf_i_attempt *A) {
  int64_t t = c->t;
  uint32_t s[MAXSET];
  rf_i_distinct(g, s, 6, -1);
  int nin = (int)rf_i_range(&g->rng, 1, 2), nout = (int)rf_i_range(&g->rng, 1, 3);
  double tot = 0;
  for (int i = 0; i < nin; i++) {
    t += rf_i_step(g, 60, 1800);
    double amt = rf_i_lognormal(&g->rng, 10.5, 0.6);
    tot += amt;
    REQUIRE(rf_i_add(g, t, s[1 + i], s[0], amt, rf_i_unif(&g->rng) < 0.5 ? RF_CH_WIRE : RF_CH_ACH,
                     1, -1));
  }
  int64_t t_in = t;
  double out = tot * (0.90 + 0.09 * rf_i_unif(&g->rng));
  for (int i = 0; i < nout; i++) {
    t += rf_i_range(&g->rng, 5, 240) * 60 / nout + 60;
    REQUIRE(rf_i_add(g, t, s[0], s[3 + i], out / nout, RF_CH_WIRE, 1, -1));
  }
  snprintf(A->detail, sizeof A->detail, "%d in, %d out within %lld minutes", nin, nout,
           (long long)((t - t_in) / 60));
  return 0;
}

/* a dormant account wakes up with a burst in and out */
static int rf_i_att_dormant(rf_i_gen *g, const rf_i_att_ctx *c, rf_i_attempt *A) {
  (void)c; /* its own times and amounts */
  int64_t span = g->o.days * 86400LL;
  uint32_t m[MAXSET];
  /* small history early on (normal rows), silence, then a burst */
  uint32_t a = rf_i_any(g, -1);
  g->acc[a].flags |= ACC_DORMANT | ACC_LAUNDER;
  g->ndormant++;
  int64_t t0 = g->o.start + rf_i_range(&g->rng, 0, span / 8);
  int nh = (int)rf_i_range(&g->rng, 2, 4);
  for (int i = 0; i < nh; i++) {
    t0 += rf_i_range(&g->rng, 60, span / 40 + 60);
    uint32_t c = rf_i_any(g, -1);
    double amt = rf_i_lognormal(&g->rng, 5.0, 0.8);
    REQUIRE(i % 2 ? rf_i_add(g, t0, a, c, amt, RF_CH_CHECK, 0, -1)
                  : rf_i_add(g, t0, c, a, amt, RF_CH_ACH, 0, -1));
  }
  int64_t tw = g->o.start + span * 6 / 10 + rf_i_range(&g->rng, 0, span / 5);
  int nin = (int)rf_i_range(&g->rng, 3, 8), nout = (int)rf_i_range(&g->rng, 2, 5);
  rf_i_distinct(g, m, nin + nout, -1);
  double tot = 0;
  for (int i = 0; i < nin; i++) {
    tw += rf_i_step(g, 300, 4 * 3600);
    double amt = rf_i_lognormal(&g->rng, 9.5, 0.6);
    tot += amt;
    REQUIRE(
        rf_i_add(g, tw, m[i], a, amt, rf_i_unif(&g->rng) < 0.5 ? RF_CH_WIRE : RF_CH_ACH, 1, -1));
  }
  for (int i = 0; i < nout; i++) {
    tw += rf_i_step(g, 600, 8 * 3600);
    REQUIRE(rf_i_add(g, tw, a, m[nin + i], tot * 0.92 / nout, RF_CH_WIRE, 1, -1));
  }
  snprintf(A->detail, sizeof A->detail, "%d in, %d out after %d days without activity", nin, nout,
           (int)((tw - t0) / 86400));
  return 0;
}

/* wires to a listed (watched) party */
static int rf_i_att_sanctioned(rf_i_gen *g, const rf_i_att_ctx *c, rf_i_attempt *A) {
  int64_t t = c->t;
  /* one to three customers wire money to a listed party (a new payee, or
   * one planted before once 64 are in use); the payee has no other traffic */
  uint32_t w;
  if (g->nwatched < sizeof g->watched / sizeof *g->watched) {
    int cur = rf_i_unif(&g->rng) < 0.7 ? CUR_MXN : -1;
    /* not a party of an earlier attempt, whose rows would carry the name */
    w = rf_i_any(g, cur);
    for (int tries = 0; tries < 1000 && (g->acc[w].flags & ACC_LAUNDER); tries++)
      w = rf_i_any(g, cur);
    g->acc[w].flags |= ACC_WATCH | ACC_LAUNDER;
    g->watched[g->nwatched++] = w;
  } else {
    w = g->watched[rf_i_range(&g->rng, 0, g->nwatched - 1)];
  }
  int np = (int)rf_i_range(&g->rng, 1, 3);
  for (int i = 0; i < np; i++) {
    t += rf_i_step(g, 3600, 48 * 3600);
    REQUIRE(rf_i_add(g, t, rf_i_any(g, CUR_USD), w, rf_i_lognormal(&g->rng, 8.8, 0.7), RF_CH_WIRE,
                     1, CUR_USD));
  }
  snprintf(A->detail, sizeof A->detail, "%d wires to listed party %.60s", np,
           rf_i_watch_name(g, w));
  return 0;
}

/* Builds one attempt; returns 0 or -1 (out of memory). */
static int rf_i_build_attempt(rf_i_gen *g, rf_gen_pattern pat) {
  if (g->natt == g->capatt) {
    size_t cap = g->capatt ? g->capatt * 2 : 256;
    rf_i_attempt *p = realloc(g->att, cap * sizeof *p);
    REQUIRE(p);
    g->att = p;
    g->capatt = cap;
  }
  rf_i_attempt *A = &g->att[g->natt];
  A->pat = pat;
  A->detail[0] = '\0';
  size_t first = g->nrecs;
  int64_t span = g->o.days * 86400LL;
  /* attempts take up to ~3 days; start anywhere they fit */
  int64_t fit = span > 4 * 86400 ? span - 4 * 86400 : span / 4;
  rf_i_att_ctx c = {.pat = pat};
  c.t = g->o.start + rf_i_range(&g->rng, 0, fit > 0 ? fit : 0);
  c.ch = rf_i_laundry_channel(g);
  c.base = rf_i_lognormal(&g->rng, 8.3, 0.8); /* typical laundering amount, USD */
  static int (*const build[RF_PAT_COUNT])(rf_i_gen *, const rf_i_att_ctx *, rf_i_attempt *) = {
      [RF_PAT_FAN_OUT] = rf_i_att_fan,
      [RF_PAT_FAN_IN] = rf_i_att_fan,
      [RF_PAT_GATHER_SCATTER] = rf_i_att_gather_scatter,
      [RF_PAT_SCATTER_GATHER] = rf_i_att_scatter_gather,
      [RF_PAT_CYCLE] = rf_i_att_cycle,
      [RF_PAT_RANDOM] = rf_i_att_random,
      [RF_PAT_BIPARTITE] = rf_i_att_bipartite,
      [RF_PAT_STACK] = rf_i_att_stack,
      [RF_PAT_STRUCTURING] = rf_i_att_structuring,
      [RF_PAT_FUNNEL] = rf_i_att_funnel,
      [RF_PAT_PASS_THROUGH] = rf_i_att_pass_through,
      [RF_PAT_DORMANT] = rf_i_att_dormant,
      [RF_PAT_SANCTIONED] = rf_i_att_sanctioned};
  REQUIRE((unsigned)pat >= RF_PAT_COUNT || !build[pat] || build[pat](g, &c, A) == 0);
  A->first = first;
  A->n = g->nrecs - first;
  g->natt++;
  return 0;
}

/* ---------------------------------------------------------------- output */

/* Writers into a line buffer reserved in advance (rf_i_line reserves 2 KiB;
 * a line is well under 1 KiB). */
static inline void rf_i_put(char **b, const char *s, size_t n) {
  memcpy(*b, s, n);
  *b += n;
}
static inline void rf_i_puts(char **b, const char *s) { rf_i_put(b, s, strlen(s)); }
static inline void rf_i_putc(char **b, char c) { *(*b)++ = c; }

static void rf_i_put_u(char **b, uint64_t v, int width) {
  char tmp[24];
  int n = 24;
  if (v <= UINT32_MAX) {
    uint32_t w = (uint32_t)v;
    do {
      tmp[--n] = (char)('0' + w % 10);
      w /= 10;
    } while (w);
  } else {
    do {
      tmp[--n] = (char)('0' + v % 10);
      v /= 10;
    } while (v);
  }
  while (24 - n < width) tmp[--n] = '0';
  rf_i_put(b, tmp + n, (size_t)(24 - n));
}

static void rf_i_put_amount(char **b, int64_t minor, int dec) {
  uint64_t m = dec == 6 ? 1000000 : 100;
  rf_i_put_u(b, (uint64_t)minor / m, 1);
  rf_i_putc(b, '.');
  rf_i_put_u(b, (uint64_t)minor % m, dec);
}

static void rf_i_put_hexid(char **b, uint32_t h) {
  static const char hex[] = "0123456789ABCDEF";
  char s[9];
  s[0] = '8';
  for (int i = 0; i < 8; i++) s[1 + i] = hex[(h >> (28 - 4 * i)) & 15];
  rf_i_put(b, s, 9);
}

static void rf_i_put_bank(char **b, uint32_t bank) {
  uint32_t v = bank + 1;
  rf_i_put_u(b, v, v < 100 ? 3 : v < 10000 ? 5 : 7);
}

/* "2022/09/01 00:20" (AMLworld) or "2022-09-01T00:20:00Z", cached per minute. */
static void rf_i_put_time(rf_i_gen *g, char **b, int64_t t, int iso) {
  char *key = iso ? g->iso_key : g->minute_key;
  int64_t *cached = iso ? &g->iso_cached : &g->minute_cached;
  if (*cached != t || !key[0]) {
    char s[32];
    rf_time_format(t, s, sizeof s); /* YYYY-MM-DDTHH:MM:SSZ */
    if (iso) {
      memcpy(key, s, 21);
    } else {
      memcpy(key, s, 16);
      key[4] = key[7] = '/';
      key[10] = ' ';
      key[16] = '\0';
    }
    *cached = t;
  }
  rf_i_puts(b, key);
}

/* a listed payee's name, CSV-quoted when it needs it (list names have
 * commas: "GUZMAN LOPEZ, Ovidio"); at most 120 bytes of it */
static int rf_i_put_watch_name(const rf_i_gen *g, char **b, uint32_t acct) {
  if (!(g->acc[acct].flags & ACC_WATCH)) return 0;
  const char *s = rf_i_watch_name(g, acct);
  size_t n = strnlen(s, 120);
  int quote = memchr(s, ',', n) || memchr(s, '"', n);
  if (quote) rf_i_putc(b, '"');
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\n' || s[i] == '\r') continue;
    if (s[i] == '"') rf_i_putc(b, '"');
    rf_i_putc(b, s[i]);
  }
  if (quote) rf_i_putc(b, '"');
  return 1;
}

static void rf_i_put_name(const rf_i_gen *g, char **b, uint32_t acct) {
  if (rf_i_put_watch_name(g, b, acct)) return;
  uint32_t h = rf_i_perm32(acct, 0x5bd1e995u);
  rf_i_puts(b, rf_i_first[h % 32]);
  rf_i_putc(b, ' ');
  rf_i_puts(b, rf_i_last[(h >> 8) % 32]);
}

/* One party of a redflag-schema row: account,name,bank,country, or four
 * empty fields when the party is absent (the cash side of a deposit). */
static void rf_i_put_party(const rf_i_gen *g, char **b, int present, const rf_i_acct *a,
                           uint32_t acct) {
  if (!present) {
    rf_i_puts(b, ",,,");
    return;
  }
  rf_i_put_hexid(b, a->hexid);
  rf_i_putc(b, ',');
  rf_i_put_name(g, b, acct);
  rf_i_putc(b, ',');
  rf_i_put_bank(b, a->bank);
  rf_i_putc(b, ',');
  rf_i_puts(b, rf_i_curs[a->cur].cc);
}

static const char *const rf_i_rf_header =
    "txn_id,time,channel,amount,currency,amount_received,currency_received,orig_account,orig_"
    "name,orig_bank,orig_country,bene_account,bene_name,bene_bank,bene_country,branch,city,state,"
    "zip,conductor,label\n";
static const char *const rf_i_aw_header =
    "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount "
    "Paid,Payment Currency,Payment Format,Is Laundering\n";

/* One data line (with '\n') for rec r, to be written at output line `line`. */
static void rf_i_line_w(rf_i_gen *g, char **b, const rf_i_rec *r, uint64_t line);
static void rf_i_line(rf_i_gen *g, rf_buf *out, const rf_i_rec *r, uint64_t line) {
  if (rf_buf_reserve(out, 2048)) return;
  char *p = out->data + out->len;
  rf_i_line_w(g, &p, r, line);
  out->len = (size_t)(p - out->data);
  out->data[out->len] = '\0';
}
static void rf_i_line_w(rf_i_gen *g, char **b, const rf_i_rec *r, uint64_t line) {
  const rf_i_acct *S = &g->acc[r->src], *D = &g->acc[r->dst];
  const rf_i_cur *cp = &rf_i_curs[r->cur_pay], *cr = &rf_i_curs[r->cur_recv];
  if (g->o.format == RF_GEN_AMLWORLD) {
    rf_i_put_time(g, b, r->time, 0);
    rf_i_putc(b, ',');
    rf_i_put_bank(b, S->bank);
    rf_i_putc(b, ',');
    rf_i_put_hexid(b, S->hexid);
    rf_i_putc(b, ',');
    rf_i_put_bank(b, D->bank);
    rf_i_putc(b, ',');
    rf_i_put_hexid(b, D->hexid);
    rf_i_putc(b, ',');
    rf_i_put_amount(b, r->recv, cr->dec);
    rf_i_putc(b, ',');
    rf_i_puts(b, cr->aml);
    rf_i_putc(b, ',');
    rf_i_put_amount(b, r->paid, cp->dec);
    rf_i_putc(b, ',');
    rf_i_puts(b, cp->aml);
    rf_i_putc(b, ',');
    rf_i_puts(b, rf_i_chans[r->chan].aml);
    rf_i_puts(b, r->label == 1 ? ",1\n" : ",0\n");
    return;
  }
  /* redflag schema */
  rf_channel ch = rf_i_chans[r->chan].ch;
  const char *chs = r->kind == K_CASH_IN    ? "cash_deposit"
                    : r->kind == K_CASH_OUT ? "cash_withdrawal"
                                            : rf_channel_str(ch);
  rf_i_putc(b, 'T');
  rf_i_put_u(b, line, 9);
  rf_i_putc(b, ',');
  rf_i_put_time(g, b, r->time, 1);
  rf_i_putc(b, ',');
  rf_i_puts(b, chs);
  rf_i_putc(b, ',');
  rf_i_put_amount(b, r->paid, cp->dec);
  rf_i_putc(b, ',');
  rf_i_puts(b, cp->iso);
  rf_i_putc(b, ',');
  rf_i_put_amount(b, r->recv, cr->dec);
  rf_i_putc(b, ',');
  rf_i_puts(b, cr->iso);
  rf_i_putc(b, ',');
  rf_i_put_party(g, b, r->kind != K_CASH_IN, S, r->src); /* originator */
  rf_i_putc(b, ',');
  rf_i_put_party(g, b, r->kind != K_CASH_OUT, D, r->dst); /* beneficiary */
  rf_i_putc(b, ',');
  if (r->state != 0xFF) {
    const rf_i_state *st = &rf_i_states[r->state];
    rf_i_puts(b, "BR-");
    rf_i_puts(b, st->st);
    rf_i_putc(b, '-');
    rf_i_put_u(b, (uint64_t)r->state * 100 + r->branch, 4);
    rf_i_putc(b, ',');
    rf_i_puts(b, st->city);
    rf_i_putc(b, ',');
    rf_i_puts(b, st->st);
    rf_i_putc(b, ',');
    rf_i_puts(b, st->zip3);
    rf_i_put_u(b, r->branch % 100, 2);
    rf_i_putc(b, ',');
  } else {
    rf_i_puts(b, ",,,,");
  }
  if (r->conductor != UINT32_MAX) rf_i_put_name(g, b, r->conductor);
  rf_i_puts(b, r->label == 1 ? ",1\n" : ",0\n");
}

static int rf_i_flush(rf_i_gen *g, int force) {
  if (g->out.len >= (1u << 20) || (force && g->out.len)) {
    if (fwrite(g->out.data, 1, g->out.len, g->fp) != g->out.len) return -1;
    rf_buf_reset(&g->out);
  }
  return 0;
}

/* ----------------------------------------------------------- normal rows */

static void rf_i_normal(rf_i_gen *g, int64_t t, rf_i_rec *r) {
  memset(r, 0, sizeof *r);
  r->state = 0xFF;
  r->conductor = UINT32_MAX;
  r->attempt = UINT32_MAX;
  r->time = t;
  uint32_t src = rf_i_payer(g);
  int ci = rf_i_pick_cdf(g, g->chan_cdf, NCHAN);
  const rf_i_chan *c = &rf_i_chans[ci];
  r->src = src;
  r->chan = (uint8_t)ci;
  double usd = rf_i_lognormal(&g->rng, c->mu + g->acc[src].mu * 0.1, c->sigma);
  int cp = g->acc[src].cur, cr = cp;
  if (c->ch == RF_CH_REINVESTMENT) {
    r->dst = src;
  } else if (c->ch == RF_CH_CASH) {
    r->dst = src;
    r->kind = rf_i_unif(&g->rng) < 0.6 ? K_CASH_IN : K_CASH_OUT;
    r->conductor = src;
    r->state = g->acc[src].state;
    r->branch = (uint16_t)rf_i_range(&g->rng, 1, 40);
  } else {
    r->dst = rf_i_payee(g, src);
    if (c->ch == RF_CH_CRYPTO)
      cp = cr = CUR_BTC;
    else if ((c->ch == RF_CH_WIRE || c->ch == RF_CH_ACH) && g->acc[r->dst].cur != cp)
      cr = g->acc[r->dst].cur;
  }
  r->cur_pay = (uint8_t)cp;
  r->cur_recv = (uint8_t)cr;
  r->paid = rf_i_minor(usd / rf_i_curs[cp].usd, rf_i_curs[cp].dec);
  r->recv = cr == cp ? r->paid : rf_i_minor(usd / rf_i_curs[cr].usd, rf_i_curs[cr].dec);
}

/* Activity weight of a minute: daily cycle times weekly cycle. */
static double rf_i_minute_weight(int64_t t) {
  static const double hour[24] = {0.25, 0.18, 0.15, 0.15, 0.2, 0.3, 0.5, 0.8, 1.1, 1.4, 1.6, 1.7,
                                  1.7,  1.6,  1.6,  1.5,  1.4, 1.3, 1.2, 1.0, 0.9, 0.7, 0.5, 0.35};
  int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  int h = (int)((t - days * 86400) / 3600);
  int dow = (int)(((days % 7) + 7 + 3) % 7); /* 0 = Monday (1970-01-01 was a Thursday) */
  return hour[h] * (dow >= 5 ? 0.6 : 1.0);
}

static int rf_i_cmp_time(const void *a, const void *b, void *ctx) {
  const rf_i_rec *recs = ctx;
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  if (recs[x].time != recs[y].time) return recs[x].time < recs[y].time ? -1 : 1;
  return x < y ? -1 : x > y;
}

/* qsort_r is a GNU extension; a small merge sort keeps this portable. */
static void rf_i_sort(size_t *v, size_t *tmp, size_t n, const rf_i_rec *recs) {
  if (n < 2) return;
  size_t h = n / 2;
  rf_i_sort(v, tmp, h, recs);
  rf_i_sort(v + h, tmp, n - h, recs);
  size_t i = 0, j = h, k = 0;
  while (i < h && j < n)
    tmp[k++] = rf_i_cmp_time(&v[i], &v[j], (void *)recs) <= 0 ? v[i++] : v[j++];
  while (i < h) tmp[k++] = v[i++];
  while (j < n) tmp[k++] = v[j++];
  memcpy(v, tmp, n * sizeof *v);
}

/* -------------------------------------------------------------- driver */

static const char *const rf_i_pat_names[RF_PAT_COUNT] = {
    "FAN-OUT",      "FAN-IN",    "GATHER-SCATTER", "SCATTER-GATHER", "CYCLE",
    "RANDOM",       "BIPARTITE", "STACK",          "STRUCTURING",    "FUNNEL",
    "PASS-THROUGH", "DORMANT",   "SANCTIONED"};

const char *rf_gen_pattern_name(rf_gen_pattern p) {
  return (unsigned)p < RF_PAT_COUNT ? rf_i_pat_names[p] : "UNKNOWN";
}

int rf_gen_pattern_parse(const char *name) {
  for (int i = 0; i < RF_PAT_COUNT; i++)
    if (name && rf_strcasecmp_ascii(name, rf_i_pat_names[i]) == 0) return i;
  return -1;
}

void rf_gen_opts_default(rf_gen_opts *o) {
  memset(o, 0, sizeof *o);
  o->seed = 1;
  o->transactions = 100000;
  o->laundering_rate = 0.002;
  o->start = rf_days_from_civil(2022, 9, 1) * 86400;
  o->days = 10;
  o->format = RF_GEN_AMLWORLD;
  o->threshold = 10000;
}

static void rf_i_gen_free(rf_i_gen *g) {
  free(g->acc);
  free(g->recs);
  free(g->att);
  rf_buf_free(&g->out);
}

rf_status rf_gen_write(const rf_gen_opts *opts, FILE *out, FILE *patterns, FILE *truth,
                       rf_gen_stats *stats, rf_error *err) {
  rf_i_gen G;
  memset(&G, 0, sizeof G);
  rf_i_gen *g = &G;
  if (opts)
    g->o = *opts;
  else
    rf_gen_opts_default(&g->o);
  if (stats) memset(stats, 0, sizeof *stats);
  if (!out) return rf_error_set(err, RF_EINVAL, "gen: no output stream");
  if (g->o.days < 1 || g->o.days > 3660)
    return rf_error_set(err, RF_EINVAL, "gen: --days must be between 1 and 3660");
  if (!(g->o.laundering_rate >= 0 && g->o.laundering_rate <= 0.2))
    return rf_error_set(err, RF_EINVAL, "gen: --laundering-rate must be between 0 and 0.2");
  if (g->o.transactions < 1 || g->o.transactions > 10000000000ULL)
    return rf_error_set(err, RF_EINVAL, "gen: --transactions must be between 1 and 1e10");
  if (!(g->o.threshold > 0)) g->o.threshold = 10000;
  g->fp = out;
  g->t_end = g->o.start + g->o.days * 86400LL;
  rf_i_rng_seed(&g->rng, g->o.seed);
  rf_buf_init(&g->out);
  rf_status st = rf_i_world(g, err);
  if (st) {
    rf_i_gen_free(g);
    return st;
  }
  /* laundering attempts until the labelled rows reach the target share;
   * from 10,000 rows on every typology appears at least once (round robin
   * first, then drawn uniformly) */
  uint64_t target = (uint64_t)llround((double)g->o.transactions * g->o.laundering_rate);
  int all_types = target > 0 && g->o.transactions >= 10000;
  /* SANCTIONED needs names, so the redflag format and watch_names */
  int npat = g->o.nwatch && g->o.format == RF_GEN_REDFLAG ? RF_PAT_COUNT : RF_PAT_SANCTIONED;
  uint64_t lrows = 0;
  for (int i = 0; lrows < target || (all_types && i < npat); i++) {
    rf_gen_pattern p =
        i < npat ? (rf_gen_pattern)i : (rf_gen_pattern)rf_i_range(&g->rng, 0, npat - 1);
    /* at most a quarter of the accounts may be made dormant (they leave the
     * normal traffic); past that, dormant attempts are replaced */
    while (p == RF_PAT_DORMANT && g->ndormant >= g->nacc / 4)
      p = (rf_gen_pattern)rf_i_range(&g->rng, 0, RF_PAT_DORMANT - 1);
    if (rf_i_build_attempt(g, p)) {
      rf_i_gen_free(g);
      return rf_error_set(err, RF_ENOMEM, "gen: out of memory");
    }
    const rf_i_attempt *A = &g->att[g->natt - 1];
    for (size_t k = A->first; k < A->first + A->n; k++) lrows += g->recs[k].label == 1;
    if (g->nrecs * 2 > g->o.transactions) break;
  }
  if (g->nrecs * 2 > g->o.transactions) { /* laundering must stay a minority */
    rf_i_gen_free(g);
    return rf_error_set(err, RF_EINVAL,
                        "gen: %llu transactions are too few for the laundering patterns (%zu "
                        "rows); raise --transactions or lower --laundering-rate",
                        (unsigned long long)g->o.transactions, g->nrecs);
  }
  size_t *order = malloc((g->nrecs + 1) * sizeof *order);
  size_t *tmp = malloc((g->nrecs + 1) * sizeof *tmp);
  if (!order || !tmp) {
    free(order);
    free(tmp);
    rf_i_gen_free(g);
    return rf_error_set(err, RF_ENOMEM, "gen: out of memory");
  }
  for (size_t i = 0; i < g->nrecs; i++) order[i] = i;
  rf_i_sort(order, tmp, g->nrecs, g->recs);
  free(tmp);

  /* stream: header, then minute by minute normal rows merged with the
   * pre-built rows of the same minute */
  uint64_t nnormal = g->o.transactions - g->nrecs;
  int64_t nmin = g->o.days * 1440LL;
  double wtot = 0;
  for (int64_t m = 0; m < nmin; m++) wtot += rf_i_minute_weight(g->o.start + m * 60);
  rf_buf_puts(&g->out, g->o.format == RF_GEN_AMLWORLD ? rf_i_aw_header : rf_i_rf_header);
  g->line = 1;
  g->minute_cached = g->iso_cached = INT64_MIN;
  size_t li = 0;
  uint64_t emitted = 0;
  double wcum = 0;
  rf_i_rec nr;
  int ioerr = 0;
  for (int64_t m = 0; m < nmin && !ioerr; m++) {
    int64_t t = g->o.start + m * 60;
    wcum += rf_i_minute_weight(t);
    uint64_t upto = m == nmin - 1 ? nnormal : (uint64_t)((double)nnormal * (wcum / wtot));
    if (upto > nnormal) upto = nnormal;
    /* interleave: pre-built rows of this minute go first (stable order) */
    while (li < g->nrecs && g->recs[order[li]].time <= t) {
      rf_i_rec *r = &g->recs[order[li++]];
      r->line = ++g->line;
      rf_i_line(g, &g->out, r, r->line);
    }
    for (; emitted < upto; emitted++) {
      rf_i_normal(g, t, &nr);
      rf_i_line(g, &g->out, &nr, ++g->line);
      if (rf_i_flush(g, 0)) {
        ioerr = 1;
        break;
      }
    }
  }
  while (!ioerr && li < g->nrecs) { /* cannot happen (times < t_end), kept for safety */
    rf_i_rec *r = &g->recs[order[li++]];
    r->line = ++g->line;
    rf_i_line(g, &g->out, r, r->line);
  }
  free(order);
  if (ioerr || rf_i_flush(g, 1) || fflush(out)) {
    rf_i_gen_free(g);
    return rf_error_set(err, RF_EIO, "gen: cannot write output");
  }

  /* patterns file (AMLworld *_Patterns.txt style) and truth file */
  if (patterns) {
    rf_buf *b = &g->out;
    g->fp = patterns;
    for (size_t a = 0; a < g->natt; a++) {
      const rf_i_attempt *A = &g->att[a];
      const char *nm = rf_gen_pattern_name(A->pat);
      rf_buf_printf(b, "BEGIN LAUNDERING ATTEMPT - %s%s%s\n", nm, A->detail[0] ? ":  " : "",
                    A->detail);
      for (size_t k = A->first; k < A->first + A->n; k++)
        if (g->recs[k].label == 1) rf_i_line(g, b, &g->recs[k], g->recs[k].line);
      rf_buf_printf(b, "END LAUNDERING ATTEMPT - %s\n\n", nm);
      if (rf_i_flush(g, 0)) ioerr = 1;
    }
    if (ioerr || rf_i_flush(g, 1) || fflush(patterns)) {
      rf_i_gen_free(g);
      return rf_error_set(err, RF_EIO, "gen: cannot write patterns file");
    }
  }
  if (truth) {
    rf_buf *b = &g->out;
    rf_buf_puts(b, "line,txn,attempt,pattern\n");
    for (size_t a = 0; a < g->natt; a++)
      for (size_t k = g->att[a].first; k < g->att[a].first + g->att[a].n; k++) {
        const rf_i_rec *r = &g->recs[k];
        if (r->label != 1) continue;
        if (g->o.format == RF_GEN_AMLWORLD)
          rf_buf_printf(b, "%llu,L%llu,%zu,%s\n", (unsigned long long)r->line,
                        (unsigned long long)r->line, a + 1, rf_gen_pattern_name(g->att[a].pat));
        else
          rf_buf_printf(b, "%llu,T%09llu,%zu,%s\n", (unsigned long long)r->line,
                        (unsigned long long)r->line, a + 1, rf_gen_pattern_name(g->att[a].pat));
      }
    g->fp = truth;
    if (rf_i_flush(g, 1) || fflush(truth)) {
      rf_i_gen_free(g);
      return rf_error_set(err, RF_EIO, "gen: cannot write truth file");
    }
  }
  if (stats) {
    stats->rows = g->line - 1;
    stats->accounts = g->nacc;
    stats->banks = g->nbank;
    stats->attempts = g->natt;
    for (size_t a = 0; a < g->natt; a++) {
      stats->pattern_attempts[g->att[a].pat]++;
      for (size_t k = g->att[a].first; k < g->att[a].first + g->att[a].n; k++)
        if (g->recs[k].label == 1) {
          stats->pattern_rows[g->att[a].pat]++;
          stats->laundering_rows++;
        }
    }
  }
  rf_i_gen_free(g);
  return RF_OK;
}

rf_status rf_gen_run(const rf_gen_opts *o, const char *out_path, const char *patterns_path,
                     const char *truth_path, rf_gen_stats *stats, rf_error *err) {
  FILE *out = NULL, *pat = NULL, *tru = NULL;
  rf_status st = RF_OK;
  if (!out_path || strcmp(out_path, "-") == 0)
    out = stdout;
  else if (!(out = fopen(out_path, "wb")))
    return rf_error_set(err, RF_EIO, "%s: cannot create file", out_path);
  if (patterns_path && !(pat = fopen(patterns_path, "wb")))
    st = rf_error_set(err, RF_EIO, "%s: cannot create file", patterns_path);
  if (!st && truth_path && !(tru = fopen(truth_path, "wb")))
    st = rf_error_set(err, RF_EIO, "%s: cannot create file", truth_path);
  if (!st) st = rf_gen_write(o, out, pat, tru, stats, err);
  if (out != stdout && fclose(out) && !st)
    st = rf_error_set(err, RF_EIO, "%s: cannot write file", out_path);
  if (pat && fclose(pat) && !st)
    st = rf_error_set(err, RF_EIO, "%s: cannot write file", patterns_path);
  if (tru && fclose(tru) && !st)
    st = rf_error_set(err, RF_EIO, "%s: cannot write file", truth_path);
  return st;
}
