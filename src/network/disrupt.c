/* Node-removal disruption: rank, remove, measure (LCC fraction, components,
 * global efficiency), sequentially or in blocks. */
#include "network/network_i.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const rf_i_names[RF_DISRUPT_NSTRATEGIES] = {"degree", "betweenness", "katz",
                                                               "ci", "random"};

const char *rf_disrupt_strategy_str(rf_disrupt_strategy s) {
  return (unsigned)s < RF_DISRUPT_NSTRATEGIES ? rf_i_names[s] : "?";
}

rf_status rf_disrupt_strategy_parse(const char *s, rf_disrupt_strategy *out) {
  for (int i = 0; i < RF_DISRUPT_NSTRATEGIES; i++)
    if (s && !rf_strcasecmp_ascii(s, rf_i_names[i])) {
      *out = (rf_disrupt_strategy)i;
      return RF_OK;
    }
  if (s && (!rf_strcasecmp_ascii(s, "collective-influence") || !rf_strcasecmp_ascii(s, "CI"))) {
    *out = RF_DISRUPT_CI;
    return RF_OK;
  }
  return RF_EINVAL;
}

void rf_disrupt_curve_free(rf_disrupt_curve *c) {
  if (!c) return;
  free(c->steps);
  free(c->order);
  memset(c, 0, sizeof *c);
}

/* Two scores are a tie when they agree to 1e-10 relative: mathematically
 * equal centralities summed in a different order differ in the last bits. */
static int rf_i_tie(double a, double b) {
  double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
  return fabs(a - b) <= 1e-10 * m;
}

typedef struct rf_i_idx {
  double s;
  uint32_t v, key; /* key: tie-break rank, larger wins */
} rf_i_idx;
static int rf_i_cmp_idx(const void *pa, const void *pb) {
  const rf_i_idx *a = pa, *b = pb;
  if (a->s != b->s) return a->s > b->s ? -1 : 1;
  return a->key > b->key ? -1 : a->key < b->key;
}
static int rf_i_cmp_key_desc(const void *pa, const void *pb) {
  const rf_i_idx *a = pa, *b = pb;
  return a->key > b->key ? -1 : a->key < b->key;
}

/* Picks the k best live nodes (score descending; near-ties to the larger
 * tie key) into pick[]; returns how many. */
static size_t rf_i_top(const double *score, const uint8_t *rm, const uint32_t *key, uint32_t n,
                       size_t k, uint32_t *pick, rf_i_idx *tmp) {
  if (k == 1) {
    int64_t best = -1;
    double bs = 0;
    for (uint32_t v = 0; v < n; v++) {
      if (rm[v]) continue;
      if (best < 0 || score[v] > bs) best = v, bs = score[v];
    }
    if (best < 0) return 0;
    /* the largest key among the near-ties of the maximum */
    uint32_t win = (uint32_t)best;
    for (uint32_t v = 0; v < n; v++)
      if (!rm[v] && rf_i_tie(score[v], bs) && key[v] > key[win]) win = v;
    pick[0] = win;
    return 1;
  }
  size_t m = 0;
  for (uint32_t v = 0; v < n; v++)
    if (!rm[v]) tmp[m++] = (rf_i_idx){score[v], v, key[v]};
  qsort(tmp, m, sizeof *tmp, rf_i_cmp_idx);
  /* regroup runs of near-ties by key, descending */
  for (size_t i = 0; i < m;) {
    size_t j = i + 1;
    while (j < m && rf_i_tie(tmp[j].s, tmp[i].s)) j++;
    if (j - i > 1) qsort(tmp + i, j - i, sizeof *tmp, rf_i_cmp_key_desc);
    if (j >= k) break;
    i = j;
  }
  if (k > m) k = m;
  for (size_t i = 0; i < k; i++) pick[i] = tmp[i].v;
  return k;
}

/* Label order: numbers (as numbers) before other labels (bytewise). */
static int rf_i_label_cmp(const char *a, const char *b) {
  double x, y;
  int na = a && rf_parse_double(a, &x) == RF_OK, nb = b && rf_parse_double(b, &y) == RF_OK;
  if (na && nb) return x < y ? -1 : x > y;
  if (na != nb) return na ? -1 : 1;
  return strcmp(a ? a : "", b ? b : "");
}
typedef struct rf_i_lab {
  const char *s;
  uint32_t v;
} rf_i_lab;
static int rf_i_cmp_lab(const void *pa, const void *pb) {
  const rf_i_lab *a = pa, *b = pb;
  int c = rf_i_label_cmp(a->s, b->s);
  return c ? c : (a->v > b->v) - (a->v < b->v);
}

/* key[v]: tie-break rank of v (larger wins). */
static rf_status rf_i_tie_keys(const rf_graph *g, rf_disrupt_tie tie, uint32_t *key,
                               rf_error *err) {
  uint32_t n = g->n;
  for (uint32_t v = 0; v < n; v++) key[v] = v;
  if (tie != RF_DISRUPT_TIE_LABEL || !n) return RF_OK;
  rf_i_lab *l = malloc((size_t)n * sizeof *l);
  if (!l) return rf_error_set(err, RF_ENOMEM, "disrupt: out of memory");
  for (uint32_t v = 0; v < n; v++) l[v] = (rf_i_lab){rf_graph_label(g, v), v};
  qsort(l, n, sizeof *l, rf_i_cmp_lab);
  for (uint32_t i = 0; i < n; i++) key[l[i].v] = i;
  free(l);
  return RF_OK;
}

static rf_status rf_i_score(const rf_graph *g, const rf_disrupt_opts *o, const uint8_t *rm,
                            double *score, rf_error *err) {
  rf_net_opts no = {0};
  no.weighted = o->weighted;
  no.threads = o->threads;
  no.removed = rm;
  switch (o->strategy) {
  case RF_DISRUPT_DEGREE: return rf_net_degree(g, &no, score, err);
  case RF_DISRUPT_BETWEENNESS:
    if (o->betweenness_samples && o->betweenness_samples < g->n) {
      /* evenly spread live sources */
      uint32_t live = rf_net_i_live(g, rm), k = o->betweenness_samples;
      if (k > live) k = live;
      if (!k) return rf_net_betweenness(g, &no, score, err);
      uint32_t *src = malloc((size_t)k * sizeof *src);
      if (!src) return rf_error_set(err, RF_ENOMEM, "disrupt: out of memory");
      uint32_t j = 0, seen = 0;
      for (uint32_t v = 0; v < g->n && j < k; v++) {
        if (rm && rm[v]) continue;
        if ((uint64_t)seen * k / live == j) src[j++] = v;
        seen++;
      }
      rf_status st = rf_net_betweenness_sources(g, &no, src, j, score, err);
      free(src);
      return st;
    }
    return rf_net_betweenness(g, &no, score, err);
  case RF_DISRUPT_KATZ:
    return rf_net_katz(g, &no, o->katz_alpha > 0 ? o->katz_alpha : -1, 1.0, score, err);
  case RF_DISRUPT_CI: return rf_net_ci(g, &no, o->ci_radius ? o->ci_radius : 2, score, err);
  default: return rf_error_set(err, RF_EINVAL, "disrupt: unknown strategy %d", (int)o->strategy);
  }
}

static rf_status rf_i_measure(const rf_graph *g, const rf_disrupt_opts *o, const uint8_t *rm,
                              uint32_t removed, uint32_t lcc0, rf_disrupt_curve *c, size_t *cap,
                              rf_error *err) {
  rf_disrupt_step s = {0};
  s.removed = removed;
  uint32_t lcc = 0, nc = 0;
  rf_status st = rf_net_components(g, rm, NULL, &nc, &lcc, err);
  if (st != RF_OK) return st;
  s.components = nc;
  s.lcc_fraction = lcc0 ? (double)lcc / lcc0 : (removed ? 0.0 : 1.0);
  s.efficiency = NAN;
  if (!o->no_efficiency) {
    rf_net_opts no = {0};
    no.threads = o->threads;
    no.removed = rm;
    if ((st = rf_net_efficiency(g, &no, o->efficiency_samples, o->seed, &s.efficiency, err)) !=
        RF_OK)
      return st;
  }
  rf_disrupt_step *ns = rf_grow(c->steps, cap, c->nsteps + 1, sizeof *ns, 64);
  if (!ns) return rf_error_set(err, RF_ENOMEM, "disrupt: out of memory");
  c->steps = ns;
  c->steps[c->nsteps++] = s;
  return RF_OK;
}

rf_status rf_disrupt_run(const rf_graph *g0, const rf_disrupt_opts *opts, rf_disrupt_curve *out,
                         rf_error *err) {
  memset(out, 0, sizeof *out);
  rf_disrupt_opts o = *opts;
  out->strategy = o.strategy;
  if ((unsigned)o.strategy >= RF_DISRUPT_NSTRATEGIES)
    return rf_error_set(err, RF_EINVAL, "disrupt: unknown strategy %d", (int)o.strategy);
  if (o.block_fraction <= 0) o.block_fraction = 0.05;
  if (o.block && !(o.block_fraction <= 1))
    return rf_error_set(err, RF_EINVAL, "disrupt: block fraction %g is not in (0, 1]",
                        o.block_fraction);
  const rf_graph *g = g0;
  rf_graph *ug = NULL;
  rf_status st;
  if (g0->directed || (o.inverse_weights && o.weighted)) {
    if ((st = rf_graph_undirected(g0, &ug, err)) != RF_OK) return st;
    g = ug;
    if (o.inverse_weights && o.weighted)
      for (uint64_t a = 0; a < ug->m; a++)
        ug->out_w[a] = ug->out_w[a] > 0 ? 1.0 / ug->out_w[a] : INFINITY;
  }
  uint32_t n = g->n;
  uint8_t *rm = calloc((size_t)n + 1, 1);
  double *score = malloc(((size_t)n + 1) * sizeof *score);
  rf_i_idx *tmp = malloc(((size_t)n + 1) * sizeof *tmp);
  uint32_t *pick = malloc(((size_t)n + 1) * sizeof *pick);
  uint32_t *perm = NULL;
  uint32_t *key = malloc(((size_t)n + 1) * sizeof *key);
  out->order = malloc(((size_t)n + 1) * sizeof *out->order);
  size_t cap = 0;
  if (!rm || !score || !tmp || !pick || !key || !out->order) {
    st = rf_error_set(err, RF_ENOMEM, "disrupt: out of memory");
    goto done;
  }
  rf_disrupt_tie tie = o.tie;
  if (o.tie_label_ci_only && o.strategy != RF_DISRUPT_CI) tie = RF_DISRUPT_TIE_ADDED;
  if ((st = rf_i_tie_keys(g, tie, key, err)) != RF_OK) goto done;
  uint32_t lcc0 = 0;
  if ((st = rf_net_components(g, NULL, NULL, NULL, &lcc0, err)) != RF_OK) goto done;
  out->lcc0 = lcc0;
  uint32_t bs = 1;
  if (o.block) {
    bs = o.block_size ? o.block_size : (uint32_t)llround(o.block_fraction * n);
    if (bs < 1) bs = 1;
  }
  if (o.strategy == RF_DISRUPT_RANDOM) {
    perm = malloc(((size_t)n + 1) * sizeof *perm);
    if (!perm) {
      st = rf_error_set(err, RF_ENOMEM, "disrupt: out of memory");
      goto done;
    }
    uint64_t seed = o.seed;
    for (uint32_t v = 0; v < n; v++) perm[v] = v;
    for (uint32_t i = n; i > 1; i--) {
      uint32_t j = (uint32_t)(rf_net_i_rand(&seed) % i);
      uint32_t t = perm[i - 1];
      perm[i - 1] = perm[j];
      perm[j] = t;
    }
  }
  uint32_t removed = 0, live = n;
  if ((st = rf_i_measure(g, &o, rm, 0, lcc0, out, &cap, err)) != RF_OK) goto done;
  while (live > o.stop_at && live > 0 && (!o.max_removed || removed < o.max_removed)) {
    size_t k = bs;
    if (k > live - o.stop_at) k = live - o.stop_at;
    if (o.max_removed && k > o.max_removed - removed) k = o.max_removed - removed;
    size_t got;
    if (perm) {
      for (got = 0; got < k; got++) pick[got] = perm[removed + got];
    } else {
      if ((st = rf_i_score(g, &o, rm, score, err)) != RF_OK) goto done;
      got = rf_i_top(score, rm, key, n, k, pick, tmp);
    }
    if (!got) break;
    for (size_t i = 0; i < got; i++) {
      rm[pick[i]] = 1;
      out->order[out->norder++] = pick[i];
    }
    removed += (uint32_t)got;
    live -= (uint32_t)got;
    if ((st = rf_i_measure(g, &o, rm, removed, lcc0, out, &cap, err)) != RF_OK) goto done;
  }
done:
  free(rm);
  free(score);
  free(tmp);
  free(pick);
  free(perm);
  free(key);
  rf_graph_free(ug);
  if (st != RF_OK) rf_disrupt_curve_free(out);
  return st;
}

/* Shortest text that reads back as the same double, always with a '.'. */
void rf_net_i_fmt(char *buf, size_t sz, double x) {
  if (isnan(x)) {
    snprintf(buf, sz, "nan");
    return;
  }
  for (int p = 1; p <= 17; p++) {
    snprintf(buf, sz, "%.*g", p, x);
    if (strtod(buf, NULL) == x) break;
  }
  if (!strpbrk(buf, ".eEni")) strncat(buf, ".0", sz - strlen(buf) - 1);
}

rf_status rf_disrupt_write_csv(const rf_disrupt_curve *c, const char *path, rf_error *err) {
  FILE *fp = strcmp(path, "-") ? fopen(path, "w") : stdout;
  if (!fp) return rf_error_set(err, RF_EIO, "%s: cannot write: %s", path, strerror(errno));
  fputs("removed,lcc_fraction,components,efficiency\n", fp);
  char a[40], b[40];
  for (size_t i = 0; i < c->nsteps; i++) {
    const rf_disrupt_step *s = &c->steps[i];
    rf_net_i_fmt(a, sizeof a, s->lcc_fraction);
    rf_net_i_fmt(b, sizeof b, s->efficiency);
    fprintf(fp, "%u,%s,%u,%s\n", s->removed, a, s->components, b);
  }
  int bad = ferror(fp);
  if (fp != stdout)
    bad |= fclose(fp);
  else
    fflush(fp);
  if (bad) return rf_error_set(err, RF_EIO, "%s: write error", path);
  return RF_OK;
}
