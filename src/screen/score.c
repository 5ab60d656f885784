/* Name-pair scoring: weighted token alignment with explanation.
 *
 * score = base * coverage * information
 *   base        weighted mean similarity of the aligned token pairs
 *               (pair weight = query token weights + list token weights)
 *   coverage    1 - lambda_add * max(uq, uc) - lambda_sub * min(uq, uc),
 *               uq / uc = share of query / list weight left unaligned:
 *               weight missing on one side only (extra middle name) costs
 *               little, weight missing on both sides (a substituted name)
 *               costs a lot
 *   information min(1, aligned weight / w_min): a common word or surname
 *               alone cannot make a strong hit
 *
 * Property used by the candidate index (see rf_i_score_bound): for any
 * candidate, score <= min(1 - lambda_add * uq, aligned query weight / w_min).
 */
#include "screen/screen_i.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const rf_i_params rf_i_default_params = {
    .lambda_add = 0.35,
    .lambda_sub = 1.0,
    .lambda_add_org = 0.5,
    .order_penalty = 0.25,
    .w_min = 0.8,
    .joined_sim = 0.95,
    .initial_sim = 0.9,
    .soft_min = 0.75,
    .soft_credit = 0.5,
    .initial_info = 0.25,
    .single_penalty = 0.15,
    .roman_penalty = 0.08,
    .edit2_penalty = 0.15,
    .weak_penalty = 0.15,
    .oov_swap_sim = 0.85,
};

void rf_i_side_from_name(rf_i_side *sd, const rf_i_name *nm) {
  sd->n = nm->n;
  for (int i = 0; i < nm->n; i++) {
    sd->s[i] = nm->t[i].s;
    sd->len[i] = nm->t[i].len;
    sd->cls[i] = nm->t[i].cls;
    sd->flags[i] = nm->t[i].flags;
    sd->c0[i] = (uint8_t)nm->t[i].s[0];
    sd->w[i] = 1.0;
  }
  sd->org = 0;
  sd->romanised = nm->romanised;
  sd->nick = nm->partial == 2;
}

void rf_i_ex_reset(rf_screen_explain_list *ex) {
  if (ex) ex->n = 0;
}

rf_screen_explain *rf_i_ex_add(rf_screen_explain_list *ex, const char *kind, const char *q,
                               const char *c, double sim, double weight, double value) {
  if (!ex) return NULL;
  rf_screen_explain *ne = rf_grow(ex->e, &ex->cap, ex->n + 1, sizeof *ne, 16);
  if (!ne) return NULL;
  ex->e = ne;
  rf_screen_explain *e = &ex->e[ex->n++];
  snprintf(e->kind, sizeof e->kind, "%s", kind);
  snprintf(e->query, sizeof e->query, "%s", q ? q : "");
  snprintf(e->list, sizeof e->list, "%s", c ? c : "");
  e->sim = sim;
  e->weight = weight;
  e->value = value;
  return e;
}

void rf_screen_explain_free(rf_screen_explain_list *ex) {
  if (!ex) return;
  free(ex->e);
  ex->e = NULL;
  ex->n = ex->cap = 0;
}

static int rf_i_is_patronymic(const char *s, size_t n) {
  return (n == 3 && (!memcmp(s, "bin", 3) || !memcmp(s, "ibn", 3) || !memcmp(s, "ben", 3))) ||
         (n == 4 && !memcmp(s, "bint", 4));
}

typedef struct rf_i_pair {
  double s, w;
  uint8_t kind, qi, qn, cj, cn;
} rf_i_pair;

#define RF_I_MAXPAIRS 2048

static int rf_i_pair_cmp(const void *a, const void *b) {
  const rf_i_pair *x = a, *y = b;
  if (x->s != y->s) return x->s > y->s ? -1 : 1;
  if (x->w != y->w) return x->w > y->w ? -1 : 1;
  if (x->qi != y->qi) return x->qi < y->qi ? -1 : 1;
  return x->cj < y->cj ? -1 : x->cj > y->cj;
}

/* Token t of the span of count tokens from first: a rejoined pair may wrap
 * from the last token to the first (rf_i_rejoin_next). */
static inline int rf_i_span_at(const rf_i_side *sd, int first, int t) {
  int x = first + t;
  return x < sd->n ? x : x - sd->n;
}

static uint32_t rf_i_span_mask(const rf_i_side *sd, int first, int count) {
  uint32_t m = 0;
  for (int t = 0; t < count; t++) m |= 1u << rf_i_span_at(sd, first, t);
  return m;
}

static double rf_i_span_weight(const rf_i_side *sd, int first, int count) {
  double w = 0;
  for (int t = 0; t < count; t++) w += sd->w[rf_i_span_at(sd, first, t)];
  return w;
}

static void rf_i_tokstr(const rf_i_side *sd, int i, int n, char *out, size_t outsz) {
  size_t k = 0;
  for (int t = 0; t < n; t++) {
    int x = rf_i_span_at(sd, i, t);
    size_t l = sd->len[x];
    if (k + l + 2 >= outsz) break;
    if (t > 0) out[k++] = '+';
    memcpy(out + k, sd->s[x], l);
    k += l;
  }
  out[k] = 0;
}

static const char *rf_i_kind_name(int k) {
  switch (k) {
  case RF_I_SK_EXACT: return "exact";
  case RF_I_SK_FUZZY:
  case RF_I_SK_FUZZY2:
  case RF_I_SK_FUZZYW: return "fuzzy";
  case RF_I_SK_PHONETIC: return "phonetic";
  case RF_I_SK_INITIAL: return "initial";
  case 10: return "joined";
  case 11: return "split";
  case 12: return "initials";
  case 13: return "rejoined";
  default: return "?";
  }
}

/* appends word to the space-separated list buf (cap bytes, *k used),
 * truncating when full */
static void rf_i_words_add(char *buf, size_t cap, size_t *k, const char *word) {
  if (*k + 1 >= cap) return;
  int m = snprintf(buf + *k, cap - *k, "%s%s", *k ? " " : "", word);
  if (m > 0) *k += (size_t)m < cap - *k ? (size_t)m : cap - *k - 1;
}

double rf_i_score(const rf_i_params *p, const rf_i_side *q, const rf_i_side *c, rf_i_simfn fn,
                  void *fctx, double need, rf_screen_explain_list *ex) {
  rf_i_pair pairs[RF_I_MAXPAIRS];
  size_t np = 0;
  if (q->n == 0 || c->n == 0) return 0.0;
  for (int i = 0; i < q->n; i++)
    for (int j = 0; j < c->n && np < RF_I_MAXPAIRS; j++) {
      int kind;
      double s = fn(fctx, i, j, &kind);
      if (s > 0)
        pairs[np++] =
            (rf_i_pair){s, q->w[i] + c->w[j], (uint8_t)kind, (uint8_t)i, 1, (uint8_t)j, 1};
    }
  /* joined/split/initials alignments all start on a shared first byte */
  uint64_t qm0[4] = {0, 0, 0, 0}, cm0[4] = {0, 0, 0, 0};
  for (int i = 0; i < q->n; i++) qm0[q->c0[i] >> 6] |= (uint64_t)1 << (q->c0[i] & 63);
  for (int j = 0; j < c->n; j++) cm0[c->c0[j] >> 6] |= (uint64_t)1 << (c->c0[j] & 63);
  int shared = (qm0[0] & cm0[0]) || (qm0[1] & cm0[1]) || (qm0[2] & cm0[2]) || (qm0[3] & cm0[3]);
  /* joined (query tokens written together in the list) and split */
  for (int m = 1; m <= 2 && shared && (q->n > 1 || c->n > 1); m++) {
    for (int i = 0; i + m < q->n; i++)
      for (int j = 0; j < c->n && np < RF_I_MAXPAIRS; j++)
        if (rf_i_join_eq(q, i, m, c, j)) {
          double w = c->w[j];
          for (int k = 0; k <= m; k++) w += q->w[i + k];
          pairs[np++] =
              (rf_i_pair){p->joined_sim, w, 10, (uint8_t)i, (uint8_t)(m + 1), (uint8_t)j, 1};
        }
    for (int j = 0; j + m < c->n; j++)
      for (int i = 0; i < q->n && np < RF_I_MAXPAIRS; i++)
        if (rf_i_join_eq(c, j, m, q, i)) {
          double w = q->w[i];
          for (int k = 0; k <= m; k++) w += c->w[j + k];
          pairs[np++] =
              (rf_i_pair){p->joined_sim, w, 11, (uint8_t)i, 1, (uint8_t)j, (uint8_t)(m + 1)};
        }
  }
  /* rejoined: two adjacent words on each side, the same letters with the
   * space elsewhere */
  for (int i = 0; i < q->n && shared; i++)
    for (int j = 0; j < c->n && np < RF_I_MAXPAIRS; j++)
      if (rf_i_rejoin_eq(q, i, c, j)) {
        /* it explains the four words: drop their fuzzy pairs ("chols" ~
         * "chol"), which would otherwise come first and leave "u" and "su" */
        uint32_t qm = rf_i_span_mask(q, i, 2), cm = rf_i_span_mask(c, j, 2);
        size_t kept = 0;
        for (size_t k = 0; k < np; k++) {
          const rf_i_pair *x = &pairs[k];
          int inside = x->qn == 1 && x->cn == 1 && (qm >> x->qi & 1) && (cm >> x->cj & 1) &&
                       x->kind != RF_I_SK_EXACT;
          if (!inside) pairs[kept++] = *x;
        }
        np = kept;
        double w = rf_i_span_weight(q, i, 2) + rf_i_span_weight(c, j, 2);
        pairs[np++] = (rf_i_pair){p->joined_sim, w, 13, (uint8_t)i, 2, (uint8_t)j, 2};
      }
  /* a token of 2-3 letters spelling the initials of 2-3 adjacent words */
  for (int m = 1; m <= 2 && shared; m++) {
    for (int i = 0; i + m < q->n; i++)
      for (int j = 0; j < c->n && np < RF_I_MAXPAIRS; j++)
        if (rf_i_initials_eq(q, i, m, c, j)) {
          double w = c->w[j];
          for (int k = 0; k <= m; k++) w += q->w[i + k];
          pairs[np++] =
              (rf_i_pair){p->initial_sim, w, 12, (uint8_t)i, (uint8_t)(m + 1), (uint8_t)j, 1};
        }
    for (int j = 0; j + m < c->n; j++)
      for (int i = 0; i < q->n && np < RF_I_MAXPAIRS; i++)
        if (rf_i_initials_eq(c, j, m, q, i)) {
          double w = q->w[i];
          for (int k = 0; k <= m; k++) w += c->w[j + k];
          pairs[np++] =
              (rf_i_pair){p->initial_sim, w, 12, (uint8_t)i, 1, (uint8_t)j, (uint8_t)(m + 1)};
        }
  }
  if (np > 24)
    qsort(pairs, np, sizeof pairs[0], rf_i_pair_cmp);
  else
    for (size_t a = 1; a < np; a++) { /* insertion sort: usually a handful */
      rf_i_pair t = pairs[a];
      size_t b = a;
      while (b > 0 && rf_i_pair_cmp(&t, &pairs[b - 1]) < 0) {
        pairs[b] = pairs[b - 1];
        b--;
      }
      pairs[b] = t;
    }
  uint32_t qused = 0, cused = 0;
  double num = 0, den = 0, wq_m = 0, wc_m = 0, info_sum = 0;
  int qwords_m = 0;
  int spelt = 0, loose = 0; /* a word spelt exactly; a second-edit or initials alignment */
  double Q = 0, C = 0;
  for (int i = 0; i < q->n; i++) Q += q->w[i];
  for (int j = 0; j < c->n; j++) C += c->w[j];
  rf_i_pair chosen[RF_I_MAXTOK];
  int nch = 0;
  for (size_t k = 0; k < np && nch < RF_I_MAXTOK; k++) {
    rf_i_pair *pp = &pairs[k];
    uint32_t qm = rf_i_span_mask(q, pp->qi, pp->qn), cm = rf_i_span_mask(c, pp->cj, pp->cn);
    if ((qm & qused) || (cm & cused)) continue;
    qused |= qm;
    cused |= cm;
    double wq = rf_i_span_weight(q, pp->qi, pp->qn), wc = rf_i_span_weight(c, pp->cj, pp->cn);
    num += pp->s * (wq + wc);
    den += wq + wc;
    wq_m += wq;
    wc_m += wc;
    /* information both sides agree on; an initial or an acronym says little */
    double iw = wq < wc ? wq : wc;
    if ((pp->kind == RF_I_SK_INITIAL || pp->kind == 12) && iw > p->initial_info)
      iw = p->initial_info;
    info_sum += iw;
    if (pp->kind != RF_I_SK_INITIAL && pp->kind != 12) {
      for (int t = 0; t < pp->qn; t++)
        if (q->cls[rf_i_span_at(q, pp->qi, t)] == RF_I_TC_WORD) qwords_m++;
    }
    if (pp->kind == RF_I_SK_EXACT || pp->kind == 10 || pp->kind == 11 || pp->kind == 13) spelt = 1;
    if (pp->kind == RF_I_SK_FUZZY2 || pp->kind == RF_I_SK_INITIAL || pp->kind == 12) loose = 1;
    chosen[nch++] = *pp;
  }
  if (den <= 0 || Q <= 0 || C <= 0) {
    if (ex) rf_i_ex_add(ex, "base", "no token aligned", "", 0, 0, 0);
    return 0.0;
  }
  double base = num / den;
  double uq = 1.0 - wq_m / Q, uc = 1.0 - wc_m / C;
  if (uq < 1e-9) uq = 0;
  if (uc < 1e-9) uc = 0;
  double mx = uq > uc ? uq : uc, mn = uq > uc ? uc : uq;
  /* near misses: tokens left on both sides that still look alike (beyond
   * the edit budget) soften the substitution term only, so the bound used
   * by the index (which depends on lambda_add * uq) still holds */
  double la = (q->org || c->org) ? p->lambda_add_org : p->lambda_add;
  double info_w = info_sum;
  double info = info_w / p->w_min;
  if (info > 1.0) info = 1.0;
  /* one shared word is not a name match when either side has more words */
  int single = 0;
  if (qwords_m <= 1) {
    single = q->nick || c->nick;
    for (int i = 0; i < q->n && !single; i++)
      if (!(qused >> i & 1) && q->cls[i] == RF_I_TC_WORD) single = 1;
    for (int j = 0; j < c->n && !single; j++)
      if (!(cused >> j & 1) && c->cls[j] == RF_I_TC_WORD) single = 1;
  }
  /* early exit: even with every near miss fully credited (soft <= mn *
   * soft_credit) the score stays below what the caller needs; the value
   * returned is then only an upper bound below need */
  if (!ex && need > 0) {
    double opt = 1.0 - la * mx - p->lambda_sub * mn * (1.0 - p->soft_credit) -
                 (single ? p->single_penalty : 0.0);
    if (opt < 0) opt = 0;
    if (base * opt * info < need) return base * opt * info;
  }
  double soft = 0;
  if (mn > 0 && p->soft_credit > 0) {
    uint32_t qs = qused, cs2 = cused;
    double sq = 0, scc = 0;
    for (;;) {
      double bj = 0;
      int bi = -1, bjj = -1;
      for (int i = 0; i < q->n; i++) {
        if ((qs >> i & 1) || q->cls[i] == RF_I_TC_INITIAL || q->cls[i] == RF_I_TC_NUMBER) continue;
        for (int j = 0; j < c->n; j++) {
          if ((cs2 >> j & 1) || c->cls[j] == RF_I_TC_INITIAL || c->cls[j] == RF_I_TC_NUMBER)
            continue;
          double jw = rf_i_jaro_winkler(q->s[i], q->len[i], c->s[j], c->len[j]);
          if (jw > bj) {
            bj = jw;
            bi = i;
            bjj = j;
          }
        }
      }
      if (bi < 0 || bj < p->soft_min) break;
      double g = p->soft_credit * (bj - p->soft_min) / (1.0 - p->soft_min);
      sq += g * q->w[bi] / Q;
      scc += g * c->w[bjj] / C;
      qs |= 1u << bi;
      cs2 |= 1u << bjj;
    }
    soft = sq < scc ? sq : scc;
    if (soft > mn) soft = mn;
  }
  double cover = 1.0 - la * mx - p->lambda_sub * (mn - soft);
  /* Arabic nasab: "X bin Y" is not "Y bin X": the names right before and
   * after a particle in the query sit right after and before one in the list */
  int swapped = 0;
  int qpos[RF_I_MAXTOK], cpos[RF_I_MAXTOK]; /* aligned list position of each token */
  for (int i = 0; i < q->n; i++) qpos[i] = -1;
  for (int j = 0; j < c->n; j++) cpos[j] = -1;
  for (int k = 0; k < nch; k++)
    if (chosen[k].qn == 1 && chosen[k].cn == 1) {
      qpos[chosen[k].qi] = chosen[k].cj;
      cpos[chosen[k].cj] = chosen[k].qi;
    }
  for (int i = 1; i + 1 < q->n && !swapped; i++) {
    if (!rf_i_is_patronymic(q->s[i], q->len[i])) continue;
    int a = qpos[i - 1], b2 = qpos[i + 1];
    if (a < 1 || b2 < 0 || a + 1 >= c->n + 1) continue;
    if (b2 + 2 == a && rf_i_is_patronymic(c->s[b2 + 1], c->len[b2 + 1])) swapped = 1;
  }
  (void)cpos;
  if (swapped) cover -= p->order_penalty;
  if (single) cover -= p->single_penalty;
  /* a word two edits off, a letter read as a word's initial, or a word read
   * as two words' initials is a guess unless some other word is spelt
   * exactly: "Vasquez" ~ "Marquez" beside "Andrea" ~ "Andree", "Om" ~
   * O(mid) M(ousazadeh), "Kyra Smith" ~ "SMT-K" */
  int weak = loose && !spelt;
  if (weak) cover -= p->weak_penalty;
  int roman = q->romanised || c->romanised;
  if (roman) cover -= p->roman_penalty;
  if (cover < 0) cover = 0;
  double score = base * cover * info;
  if (score > 1.0) score = 1.0;
  if (score < 0.0) score = 0.0;
  if (ex) {
    char a[64], b[64];
    for (int k = 0; k < nch; k++) {
      rf_i_tokstr(q, chosen[k].qi, chosen[k].qn, a, sizeof a);
      rf_i_tokstr(c, chosen[k].cj, chosen[k].cn, b, sizeof b);
      double w = rf_i_span_weight(q, chosen[k].qi, chosen[k].qn) +
                 rf_i_span_weight(c, chosen[k].cj, chosen[k].cn);
      rf_i_ex_add(ex, rf_i_kind_name(chosen[k].kind), a, b, chosen[k].s, w, chosen[k].s * w / den);
    }
    rf_i_ex_add(ex, "base", "weighted mean similarity", "", base, den, base);
    char lq[64] = "", lc[64] = "";
    size_t kq = 0, kc = 0;
    for (int i = 0; i < q->n; i++)
      if (!(qused >> i & 1)) rf_i_words_add(lq, sizeof lq, &kq, q->s[i]);
    for (int j = 0; j < c->n; j++)
      if (!(cused >> j & 1)) rf_i_words_add(lc, sizeof lc, &kc, c->s[j]);
    if (mx > 0) {
      int qside = uq >= uc;
      rf_i_ex_add(ex, qside ? "unmatched_query" : "unmatched_list", qside ? lq : "",
                  qside ? "" : lc, 0, qside ? uq : uc, -base * la * mx);
    }
    if (mn > 0) {
      int qside = uq < uc;
      rf_i_ex_add(ex, "substitution", qside ? lq : "", qside ? "" : lc, 0, mn,
                  -base * p->lambda_sub * (mn - soft));
    }
    if (single)
      rf_i_ex_add(ex, "single_word", "only one word in common", "", 0, 0,
                  -base * p->single_penalty);
    if (weak)
      rf_i_ex_add(ex, "weak_alignment", "two edits off, or an initial, with no word spelt exactly",
                  "", 0, 0, -base * p->weak_penalty);
    if (roman)
      rf_i_ex_add(ex, "romanised", "name romanised from another script", "", 0, 0,
                  -base * p->roman_penalty);
    if (swapped)
      rf_i_ex_add(ex, "patronymic_order", "names swapped around bin/ibn", "", 0, 0,
                  -base * p->order_penalty);
    if (info < 1.0)
      rf_i_ex_add(ex, "low_information", "aligned weight below minimum", "", 0, info_w,
                  -base * cover * (1.0 - info));
  }
  return score;
}
