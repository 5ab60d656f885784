/* The screener: token statistics and the candidate index over all list
 * names, and single-query screening.
 *
 * Candidate retrieval is exact with respect to the scorer (see score.c):
 *  - a list token can align with a query token only if they are equal, within
 *    the edit budget (found through a symmetric-deletion index over the
 *    vocabulary), share the phonetic key (phonetic index), or one is an
 *    initial of the other (first-letter postings / the one-letter token);
 *  - joined/split alignments are exact concatenations of adjacent tokens
 *    (vocabulary lookup / an index of adjacent-token concatenations);
 *  - every candidate scores <= min(1 - lambda_add*uq, aligned query weight /
 *    w_min). Query tokens are sorted by weight; the lightest ones whose total
 *    weight cannot reach the threshold on their own are "non-essential", and
 *    only names aligning an essential token are fetched (MaxScore pruning).
 * tests/screen/test_index.c checks index == brute force on thousands of
 * queries. */
#include "screen/screen_i.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ multimap */

/* Static hash multimap uint64 key -> list of uint32 values. */
typedef struct rf_i_mm_slot {
  uint64_t key; /* 0 = empty */
  uint32_t start, end;
} rf_i_mm_slot;

typedef struct rf_i_mm {
  rf_i_mm_slot *slots;
  size_t mask;
  uint32_t *vals;
  size_t nvals;
} rf_i_mm;

typedef struct rf_i_kv {
  uint64_t k;
  uint32_t v;
} rf_i_kv;

typedef struct rf_i_kvvec {
  rf_i_kv *d;
  size_t n, cap;
} rf_i_kvvec;

static int rf_i_kv_push(rf_i_kvvec *v, uint64_t k, uint32_t val) {
  rf_i_kv *nd = rf_grow(v->d, &v->cap, v->n + 1, sizeof *nd, 1024);
  if (!nd) return -1;
  v->d = nd;
  v->d[v->n++] = (rf_i_kv){k ? k : 1, val};
  return 0;
}

static int rf_i_kv_cmp(const void *a, const void *b) {
  const rf_i_kv *x = a, *y = b;
  if (x->k != y->k) return x->k < y->k ? -1 : 1;
  return x->v < y->v ? -1 : x->v > y->v;
}

/* Stable LSD radix sort of (k, v) pairs by v then k, 11-bit digits;
 * falls back to qsort if the scratch buffer cannot be allocated. */
static void rf_i_kv_sort(rf_i_kvvec *kv) {
  size_t n = kv->n;
  if (n < 1024) {
    if (n) qsort(kv->d, n, sizeof kv->d[0], rf_i_kv_cmp);
    return;
  }
  rf_i_kv *tmp = malloc(n * sizeof *tmp);
  size_t *cnt = malloc(2049 * sizeof *cnt);
  if (!tmp || !cnt) {
    free(tmp);
    free(cnt);
    qsort(kv->d, n, sizeof kv->d[0], rf_i_kv_cmp);
    return;
  }
  rf_i_kv *src = kv->d, *dst = tmp;
  for (int pass = 0; pass < 9; pass++) { /* 3 digits of v, then 6 of k */
    int onk = pass >= 3, shift = (onk ? pass - 3 : pass) * 11;
    memset(cnt, 0, 2049 * sizeof *cnt);
    for (size_t i = 0; i < n; i++) {
      uint64_t x = onk ? src[i].k : src[i].v;
      cnt[((x >> shift) & 2047) + 1]++;
    }
    for (size_t b = 1; b <= 2048; b++) cnt[b] += cnt[b - 1];
    for (size_t i = 0; i < n; i++) {
      uint64_t x = onk ? src[i].k : src[i].v;
      dst[cnt[(x >> shift) & 2047]++] = src[i];
    }
    rf_i_kv *t = src;
    src = dst;
    dst = t;
  }
  if (src != kv->d) memcpy(kv->d, src, n * sizeof *src);
  free(tmp);
  free(cnt);
}

static int rf_i_mm_build(rf_i_mm *mm, rf_i_kvvec *kv) {
  memset(mm, 0, sizeof *mm);
  rf_i_kv_sort(kv);
  size_t nu = 0, nv = 0;
  for (size_t i = 0; i < kv->n; i++) {
    if (i && kv->d[i].k == kv->d[i - 1].k && kv->d[i].v == kv->d[i - 1].v) continue;
    if (!i || kv->d[i].k != kv->d[i - 1].k) nu++;
    nv++;
  }
  size_t ns = 16;
  while (ns < nu * 2) ns <<= 1;
  mm->slots = calloc(ns, sizeof *mm->slots);
  mm->vals = malloc((nv ? nv : 1) * sizeof *mm->vals);
  if (!mm->slots || !mm->vals) return -1;
  mm->mask = ns - 1;
  size_t w = 0;
  for (size_t i = 0; i < kv->n;) {
    uint64_t k = kv->d[i].k;
    uint32_t start = (uint32_t)w;
    size_t j = i;
    for (; j < kv->n && kv->d[j].k == k; j++)
      if (j == i || kv->d[j].v != kv->d[j - 1].v) mm->vals[w++] = kv->d[j].v;
    size_t h = (size_t)(k * 0x9E3779B97F4A7C15ull >> 17) & mm->mask;
    while (mm->slots[h].key) h = (h + 1) & mm->mask;
    mm->slots[h] = (rf_i_mm_slot){k, start, (uint32_t)w};
    i = j;
  }
  mm->nvals = w;
  free(kv->d);
  memset(kv, 0, sizeof *kv);
  return 0;
}

static const uint32_t *rf_i_mm_get(const rf_i_mm *mm, uint64_t k, size_t *n) {
  *n = 0;
  if (!mm->slots) return NULL;
  if (!k) k = 1;
  size_t h = (size_t)(k * 0x9E3779B97F4A7C15ull >> 17) & mm->mask;
  while (mm->slots[h].key) {
    if (mm->slots[h].key == k) {
      *n = mm->slots[h].end - mm->slots[h].start;
      return mm->vals + mm->slots[h].start;
    }
    h = (h + 1) & mm->mask;
  }
  return NULL;
}

static void rf_i_mm_free(rf_i_mm *mm) {
  free(mm->slots);
  free(mm->vals);
  memset(mm, 0, sizeof *mm);
}

static size_t rf_i_mm_bytes(const rf_i_mm *mm) {
  return mm->slots ? (mm->mask + 1) * sizeof(rf_i_mm_slot) + mm->nvals * 4 : 0;
}

/* ------------------------------------------------------------ screener */

#define RF_I_SN_ORG 1u
#define RF_I_SN_WEAK 2u
typedef struct rf_i_sname {
  uint32_t ent;     /* entity index */
  uint32_t tok_off; /* into s->ntok */
  uint8_t ntok;
  uint8_t var;     /* 1 = a part of the name (parenthesis split), 0 = a whole name */
  uint8_t flags;   /* RF_I_SN_ORG: the entity is an organisation (scorer's lambda_add_org);
                      RF_I_SN_WEAK: an OFAC weak alias */
  uint8_t dup;     /* a vocabulary token occurs twice */
  float wsum;      /* total token weight, rounded down */
  const char *raw; /* the entity's name as published */
  uint64_t c0m;    /* first bytes of its tokens (bit = byte & 63) */
} rf_i_sname;

typedef struct rf_i_ptok {
  const char *s;
  uint32_t v; /* vocabulary id */
  float w;
  uint8_t len, cls, flags, c0;
} rf_i_ptok;

typedef struct rf_i_vtok {
  uint32_t df;
  uint8_t cls, len, c0; /* class, length, first byte */
  float w;
  char key[RF_I_KEYLEN];
} rf_i_vtok;

struct rf_screener {
  const rf_lists *lists;
  size_t nents;
  const rf_entity **ents;
  const rf_list_version **ever;
  /* vocabulary */
  rf_strmap vocab;
  rf_i_vtok *vt;
  size_t nvocab;
  /* names */
  rf_i_sname *names;
  size_t nnames;
  uint32_t *ntok;
  uint8_t *nflags;
  size_t ntoktotal;
  struct rf_i_ptok *ptok; /* packed per-name-token info for fast scoring */
  /* indexes */
  rf_i_mm post;       /* vocab id -> names */
  uint32_t *post_off; /* vocab id v -> its names are post.vals[post_off[v] .. post_off[v+1]) */
  rf_i_mm dels;       /* hash(deletion variant) -> vocab ids */
  rf_i_mm phon;       /* hash(phonetic key) -> vocab ids */
  rf_i_mm joins;      /* hash(concatenation of 2-3 adjacent tokens) -> names */
  rf_i_mm initial;    /* first byte of any token -> names */
  rf_i_mm ids;        /* hash(normalised identity number) -> entities */
  rf_arena arena;
};

double rf_i_rarity(size_t df, size_t n) {
  if (n == 0) return 1.0;
  double r = log((double)(n + 1) / (double)(df + 1)) / log((double)(n + 1));
  if (r < 0) r = 0;
  if (r > 1) r = 1;
  return 0.25 + 0.75 * r;
}

size_t rf_screener_nnames(const rf_screener *s) { return s ? s->nnames : 0; }
const rf_lists *rf_screener_lists(const rf_screener *s) { return s ? s->lists : NULL; }

size_t rf_screener_bytes(const rf_screener *s) {
  if (!s) return 0;
  return rf_i_mm_bytes(&s->post) + (s->nvocab + 1) * 4 + rf_i_mm_bytes(&s->dels) +
         rf_i_mm_bytes(&s->phon) + rf_i_mm_bytes(&s->joins) + rf_i_mm_bytes(&s->initial) +
         rf_i_mm_bytes(&s->ids) + s->nvocab * sizeof(rf_i_vtok) + s->nnames * sizeof(rf_i_sname) +
         s->ntoktotal * 5 + s->vocab.arena.total + s->vocab.nslots * 4 + s->arena.total;
}

/* Calls fn for each distinct string made by deleting up to k bytes of t. */
typedef void (*rf_i_delfn)(void *ctx, uint64_t h);
static void rf_i_deletes(const char *t, size_t n, int k, rf_i_delfn fn, void *ctx) {
  char buf[RF_I_TOKLEN];
  fn(ctx, rf_hash_bytes(t, n));
  if (k < 1 || n < 2) return;
  for (size_t i = 0; i < n; i++) {
    if (i && t[i] == t[i - 1]) continue; /* same result as deleting t[i-1] */
    memcpy(buf, t, i);
    memcpy(buf + i, t + i + 1, n - i - 1);
    fn(ctx, rf_hash_bytes(buf, n - 1));
    if (k < 2 || n < 3) continue;
    for (size_t j = i; j < n - 1; j++) {
      if (j > i && buf[j] == buf[j - 1]) continue;
      char b2[RF_I_TOKLEN];
      memcpy(b2, buf, j);
      memcpy(b2 + j, buf + j + 1, n - 2 - j);
      fn(ctx, rf_hash_bytes(b2, n - 2));
    }
  }
}

typedef struct rf_i_delctx {
  rf_i_kvvec *kv;
  uint32_t v;
  int fail;
} rf_i_delctx;

static void rf_i_del_push(void *ctx, uint64_t h) {
  rf_i_delctx *d = ctx;
  if (rf_i_kv_push(d->kv, h, d->v)) d->fail = 1;
}

static void rf_i_norm_id(const char *s, char *out, size_t outsz) {
  size_t k = 0;
  for (; s && *s && k + 1 < outsz; s++)
    if (isalnum((unsigned char)*s)) out[k++] = (char)toupper((unsigned char)*s);
  out[k] = 0;
}

/* the m tokens from a, concatenated; a span may wrap from the last of n
 * tokens to the first (rf_i_rejoin_next) */
static uint64_t rf_i_join_hash(const uint32_t *toks, const rf_screener *s, size_t a, size_t m,
                               size_t n) {
  char buf[RF_I_TOKLEN * 3];
  size_t k = 0;
  for (size_t t = a; t < a + m; t++) {
    size_t x = t < n ? t : t - n;
    const char *str = s->vocab.keys[toks[x]];
    size_t l = s->vocab.lens[toks[x]];
    memcpy(buf + k, str, l);
    k += l;
  }
  return rf_hash_bytes(buf, k);
}

void rf_screener_free(rf_screener *s) {
  if (!s) return;
  free(s->ents);
  free(s->ever);
  rf_strmap_destroy(&s->vocab);
  free(s->vt);
  free(s->names);
  free(s->ntok);
  free(s->nflags);
  free(s->ptok);
  rf_i_mm_free(&s->post);
  free(s->post_off);
  rf_i_mm_free(&s->dels);
  rf_i_mm_free(&s->phon);
  rf_i_mm_free(&s->joins);
  rf_i_mm_free(&s->initial);
  rf_i_mm_free(&s->ids);
  rf_arena_destroy(&s->arena);
  free(s);
}

/* Letters that are no initials (RF_I_TF_NOINIT). A vessel's or a company's
 * trailing "I", "V" or "X" ("ANA I", "SAND SWAN V") is a roman numeral: it
 * still matches itself, but no longer aligns as an initial with any word of
 * that letter ("Ana Ivanov" scored 0.96 against the vessel "ANA I"). In an
 * aircraft's or a vessel's name every letter is a code (registration prefix
 * "M-VITO", "M/V"), not a person's initial ("Vito Modugno" scored 0.96
 * against the aircraft "M-VITO"). */
static void rf_i_mark_noinit(rf_i_name *nm, rf_entity_type type) {
  if (type == RF_ENT_AIRCRAFT || type == RF_ENT_VESSEL) {
    for (int i = 0; i < nm->n; i++)
      if (nm->t[i].cls == RF_I_TC_INITIAL) nm->t[i].flags |= RF_I_TF_NOINIT;
    return;
  }
  if (nm->n < 2) return;
  rf_i_tok *t = &nm->t[nm->n - 1];
  if (t->cls == RF_I_TC_INITIAL && (t->s[0] == 'i' || t->s[0] == 'v' || t->s[0] == 'x'))
    t->flags |= RF_I_TF_NOINIT;
}

/* The index under construction: key/value pairs collected per entity, then
 * sorted into multimaps, and the growing capacities of the flat arrays. */
typedef struct rf_i_build {
  rf_i_kvvec post, join, init, ids, del, phon;
  size_t cap_names, cap_tok, cap_vt;
  rf_i_name *var; /* RF_I_MAXVAR prepared variants of one name */
} rf_i_build;

/* room for one more name variant and its tokens */
static int rf_i_build_room(rf_screener *s, rf_i_build *b) {
  if (s->nnames == b->cap_names) {
    b->cap_names *= 2;
    rf_i_sname *nn = realloc(s->names, b->cap_names * sizeof *nn);
    if (!nn) return -1;
    s->names = nn;
  }
  if (s->ntoktotal + RF_I_MAXTOK > b->cap_tok) {
    b->cap_tok *= 2;
    uint32_t *nt = realloc(s->ntok, b->cap_tok * sizeof *nt);
    uint8_t *nf = nt ? realloc(s->nflags, b->cap_tok) : NULL;
    if (nt) s->ntok = nt;
    if (nf) s->nflags = nf;
    if (!nt || !nf) return -1;
  }
  return 0;
}

/* the vocabulary id of token tk (a new entry on first sight), or -1 */
static int64_t rf_i_build_vocab(rf_screener *s, rf_i_build *b, const rf_i_tok *tk) {
  int ins = 0;
  int64_t id = rf_strmap_intern(&s->vocab, tk->s, tk->len, &ins);
  if (id < 0 || !ins) return id;
  if (s->nvocab == b->cap_vt) {
    b->cap_vt *= 2;
    rf_i_vtok *nv = realloc(s->vt, b->cap_vt * sizeof *nv);
    if (!nv) return -1;
    s->vt = nv;
  }
  rf_i_vtok *vt = &s->vt[s->nvocab++];
  memset(vt, 0, sizeof *vt);
  vt->cls = tk->cls;
  vt->len = tk->len;
  vt->c0 = (uint8_t)tk->s[0];
  memcpy(vt->key, tk->key, RF_I_KEYLEN);
  return id;
}

/* adjacent concatenations of name nid's tokens (2 or 3, not across a
 * barrier), and their initials, for split and joined matching */
static int rf_i_build_joins(rf_screener *s, rf_i_build *b, uint32_t nid) {
  const rf_i_sname *sn = &s->names[nid];
  const uint32_t *tk = s->ntok + sn->tok_off;
  const uint8_t *fl = s->nflags + sn->tok_off;
  for (size_t a = 0; a < sn->ntok; a++)
    for (size_t m = 2; m <= 3 && a + m <= sn->ntok; m++) {
      int barrier = 0;
      for (size_t t = a; t + 1 < a + m; t++)
        if (fl[t] & RF_I_TF_NOJOIN) barrier = 1;
      if (barrier && m == 2 && rf_i_rejoin_ok(fl[a])) { /* two words across the seam: rejoined */
        if (rf_i_kv_push(&b->join, rf_i_join_hash(tk, s, a, m, sn->ntok), nid)) return -1;
      }
      if (barrier) break;
      if (rf_i_kv_push(&b->join, rf_i_join_hash(tk, s, a, m, sn->ntok), nid)) return -1;
      char ini[4];
      int ok = 1;
      for (size_t t = 0; t < m; t++) {
        const char *w = s->vocab.keys[tk[a + t]];
        if (s->vocab.lens[tk[a + t]] < 2 || w[0] < 'a' || w[0] > 'z') ok = 0;
        ini[t] = w[0];
      }
      if (ok && rf_i_kv_push(&b->join, rf_hash_bytes(ini, m), nid)) return -1;
    }
  /* "LAST, First": the last word and the first were written side by side */
  if (sn->ntok >= 2 && rf_i_one_seam(fl, (int)sn->ntok) &&
      rf_i_kv_push(&b->join, rf_i_join_hash(tk, s, sn->ntok - 1, 2, sn->ntok), nid))
    return -1;
  return 0;
}

/* one prepared variant v of name ni of entity e: its tokens, postings and
 * first letters */
static int rf_i_build_variant(rf_screener *s, rf_i_build *b, uint32_t e, size_t ni,
                              const rf_i_name *v) {
  const rf_entity *ent = s->ents[e];
  if (rf_i_build_room(s, b)) return -1;
  uint32_t nid = (uint32_t)s->nnames++;
  rf_i_sname *sn = &s->names[nid];
  sn->ent = e;
  sn->tok_off = (uint32_t)s->ntoktotal;
  sn->ntok = (uint8_t)v->n;
  sn->var = (uint8_t)(v->partial != 0);
  sn->flags = (uint8_t)((ent->type == RF_ENT_ORGANIZATION ? RF_I_SN_ORG : 0) |
                        (ent->names[ni].weak ? RF_I_SN_WEAK : 0));
  sn->c0m = 0;
  for (int t = 0; t < v->n; t++) sn->c0m |= (uint64_t)1 << ((uint8_t)v->t[t].s[0] & 63);
  sn->raw = ent->names[ni].name;
  uint32_t seen_first[8] = {0};
  for (int t = 0; t < v->n; t++) {
    const rf_i_tok *tk = &v->t[t];
    int64_t id = rf_i_build_vocab(s, b, tk);
    if (id < 0) return -1;
    s->ntok[s->ntoktotal] = (uint32_t)id;
    s->nflags[s->ntoktotal] = tk->flags;
    s->ntoktotal++;
    if (rf_i_kv_push(&b->post, (uint64_t)id + 1, nid)) return -1;
    unsigned char fb = (unsigned char)tk->s[0];
    if (!(seen_first[fb >> 5] >> (fb & 31) & 1)) {
      seen_first[fb >> 5] |= 1u << (fb & 31);
      if (rf_i_kv_push(&b->init, (uint64_t)fb + 1, nid)) return -1;
    }
  }
  return rf_i_build_joins(s, b, nid);
}

/* entity e: its list version, identity numbers and every variant of every
 * name */
static int rf_i_build_entity(rf_screener *s, rf_i_build *b, const rf_lists *lists, uint32_t e) {
  const rf_entity *ent = rf_lists_get(lists, e);
  s->ents[e] = ent;
  for (size_t v = 0; v < rf_lists_nversions(lists); v++) {
    const rf_list_version *ver = rf_lists_version(lists, v);
    if (ver && ver->list && ent->list && !strcmp(ver->list, ent->list)) s->ever[e] = ver;
  }
  for (size_t k = 0; k < ent->nids; k++) {
    char id[128];
    rf_i_norm_id(ent->ids[k].number, id, sizeof id);
    if (strlen(id) >= 4 && rf_i_kv_push(&b->ids, rf_hash_bytes(id, strlen(id)), e)) return -1;
  }
  for (size_t ni = 0; ni < ent->nnames; ni++) {
    const char *raw = ent->names[ni].name;
    if (!raw) continue;
    size_t rl = strlen(raw);
    if (rl > 4 * RF_SCREEN_MAX_NAME) rl = 4 * RF_SCREEN_MAX_NAME;
    int nv = rf_i_name_prepare(raw, rl, b->var);
    if (ent->type != RF_ENT_PERSON && ent->type != RF_ENT_UNKNOWN)
      for (int vi = 0; vi < nv; vi++) rf_i_mark_noinit(&b->var[vi], ent->type);
    for (int vi = 0; vi < nv; vi++)
      if (rf_i_build_variant(s, b, e, ni, &b->var[vi])) return -1;
  }
  return 0;
}

/* token weights from document frequencies (per name, distinct tokens, from
 * the sorted posting pairs), the flat per-token view the scorer reads, and
 * per name the total weight and whether a token repeats */
static int rf_i_build_weights(rf_screener *s, rf_i_build *b) {
  rf_i_kv_sort(&b->post);
  const rf_i_kvvec *kp = &b->post;
  for (size_t i = 0; i < kp->n; i++)
    if (!i || kp->d[i].k != kp->d[i - 1].k || kp->d[i].v != kp->d[i - 1].v)
      s->vt[kp->d[i].k - 1].df++;
  for (size_t v = 0; v < s->nvocab; v++)
    s->vt[v].w = (float)(rf_i_class_mult(s->vt[v].cls) * rf_i_rarity(s->vt[v].df, s->nnames));
  s->ptok = malloc((s->ntoktotal ? s->ntoktotal : 1) * sizeof *s->ptok);
  if (!s->ptok) return -1;
  for (size_t k = 0; k < s->ntoktotal; k++) {
    uint32_t v = s->ntok[k];
    s->ptok[k] = (rf_i_ptok){.s = s->vocab.keys[v],
                             .v = v,
                             .w = s->vt[v].w,
                             .len = s->vt[v].len,
                             .cls = s->vt[v].cls,
                             .flags = s->nflags[k],
                             .c0 = s->vt[v].c0};
  }
  /* the total as the scorer sums it, rounded down to a float */
  for (size_t nid = 0; nid < s->nnames; nid++) {
    rf_i_sname *sn = &s->names[nid];
    const rf_i_ptok *pt = s->ptok + sn->tok_off;
    double C = 0;
    sn->dup = 0;
    for (int j = 0; j < sn->ntok; j++) {
      C += pt[j].w;
      for (int k = 0; k < j; k++)
        if (pt[k].v == pt[j].v) sn->dup = 1;
    }
    float cf = (float)C;
    if ((double)cf > C) cf = nextafterf(cf, 0.0f);
    sn->wsum = cf;
  }
  return 0;
}

/* per vocabulary token: its deletion neighbourhood (typo budget by length)
 * and its phonetic key */
static int rf_i_build_fuzzy(rf_screener *s, rf_i_build *b) {
  for (size_t v = 0; v < s->nvocab; v++) {
    const char *str = s->vocab.keys[v];
    size_t l = s->vocab.lens[v];
    rf_i_delctx dc = {&b->del, (uint32_t)v, 0};
    int k = rf_i_edit_budget(l);
    if (s->vt[v].cls == RF_I_TC_NUMBER || s->vt[v].cls == RF_I_TC_INITIAL) k = 0;
    rf_i_deletes(str, l, k, rf_i_del_push, &dc);
    if (dc.fail) return -1;
    char u[RF_I_TOKLEN];
    size_t ul = l <= RF_I_TOKLEN && s->vt[v].cls == RF_I_TC_WORD ? rf_i_undouble(str, l, u) : l;
    if (ul < l && rf_i_kv_push(&b->del, rf_hash_bytes(u, ul), (uint32_t)v)) return -1;
    if (s->vt[v].key[0] && l >= 3 &&
        rf_i_kv_push(&b->phon, rf_hash_bytes(s->vt[v].key, strlen(s->vt[v].key)), (uint32_t)v))
      return -1;
  }
  return 0;
}

/* dense offsets for the postings (looked up for every neighbour of every
 * query token): the multimap's values are grouped by key = id + 1 in key
 * order, so each vocabulary id's names are one contiguous range */
static int rf_i_build_post_offsets(rf_screener *s) {
  s->post_off = malloc((s->nvocab + 1) * sizeof *s->post_off);
  if (!s->post_off) return -1;
  for (size_t v = 0; v < s->nvocab; v++) {
    size_t n;
    const uint32_t *ns = rf_i_mm_get(&s->post, (uint64_t)v + 1, &n);
    s->post_off[v] = ns ? (uint32_t)(ns - s->post.vals) : (v ? s->post_off[v - 1] : 0);
    if (ns && v && s->post_off[v] < s->post_off[v - 1]) return -1; /* not in key order */
  }
  s->post_off[s->nvocab] = (uint32_t)s->post.nvals;
  for (size_t v = 0; v < s->nvocab; v++) { /* each range must be exact */
    size_t n;
    rf_i_mm_get(&s->post, (uint64_t)v + 1, &n);
    if (s->post_off[v + 1] - s->post_off[v] != n) return -1;
  }
  return 0;
}

static int rf_i_build_all(rf_screener *s, rf_i_build *b, const rf_lists *lists) {
  for (size_t e = 0; e < s->nents; e++)
    if (rf_i_build_entity(s, b, lists, (uint32_t)e)) return -1;
  if (rf_i_build_weights(s, b) || rf_i_build_fuzzy(s, b)) return -1;
  if (rf_i_mm_build(&s->post, &b->post) || rf_i_mm_build(&s->dels, &b->del) ||
      rf_i_mm_build(&s->phon, &b->phon) || rf_i_mm_build(&s->joins, &b->join) ||
      rf_i_mm_build(&s->initial, &b->init) || rf_i_mm_build(&s->ids, &b->ids))
    return -1;
  return rf_i_build_post_offsets(s);
}

rf_status rf_screener_new(rf_screener **out, const rf_lists *lists, rf_error *err) {
  *out = NULL;
  if (!lists) return rf_error_set(err, RF_EINVAL, "screener: no lists");
  rf_screener *s = calloc(1, sizeof *s);
  if (!s) return rf_error_set(err, RF_ENOMEM, "screener: out of memory");
  s->lists = lists;
  rf_strmap_init(&s->vocab);
  rf_arena_init(&s->arena, 1 << 16);
  s->nents = rf_lists_count(lists);
  s->ents = calloc(s->nents ? s->nents : 1, sizeof *s->ents);
  s->ever = calloc(s->nents ? s->nents : 1, sizeof *s->ever);
  rf_i_build b = {.cap_names = 1024, .cap_tok = 8192, .cap_vt = 4096};
  s->names = malloc(b.cap_names * sizeof *s->names);
  s->ntok = malloc(b.cap_tok * sizeof *s->ntok);
  s->nflags = malloc(b.cap_tok);
  s->vt = malloc(b.cap_vt * sizeof *s->vt);
  b.var = malloc(RF_I_MAXVAR * sizeof *b.var);
  int fail = !s->ents || !s->ever || !s->names || !s->ntok || !s->nflags || !s->vt || !b.var ||
             rf_i_build_all(s, &b, lists);
  free(b.var);
  free(b.post.d);
  free(b.del.d);
  free(b.phon.d);
  free(b.join.d);
  free(b.init.d);
  free(b.ids.d);
  if (fail) {
    rf_screener_free(s);
    return rf_error_set(err, RF_ENOMEM, "screener: out of memory while building the index");
  }
  *out = s;
  return RF_OK;
}

/* Names containing vocabulary token v. */
static inline const uint32_t *rf_i_post(const rf_screener *s, uint32_t v, size_t *n) {
  *n = s->post_off[v + 1] - s->post_off[v];
  return s->post.vals + s->post_off[v];
}

/* ------------------------------------------------------------ neighbours */

/* Enumerates every vocabulary token v with tsim(t, v) > 0 for a query token
 * t that is not an initial (initials are handled through first-letter
 * postings). Each v is reported at most once per call via the mark array. */
typedef void (*rf_i_nbfn)(void *ctx, uint32_t v, double sim, int kind);

typedef struct rf_i_nbctx {
  const rf_screener *s;
  const rf_i_tok *t;
  uint32_t *mark;
  uint32_t stamp;
  rf_i_nbfn fn;
  void *fctx;
} rf_i_nbctx;

static void rf_i_nb_try(rf_i_nbctx *c, uint32_t v) {
  if (c->mark[v] == c->stamp) return;
  c->mark[v] = c->stamp;
  int kind;
  const rf_screener *s = c->s;
  double sim =
      rf_i_tsim_str(c->t, s->vocab.keys[v], s->vocab.lens[v], s->vt[v].key, s->vt[v].cls, &kind);
  if (sim > 0) c->fn(c->fctx, v, sim, kind);
}

static void rf_i_nb_del(void *ctx, uint64_t h) {
  rf_i_nbctx *c = ctx;
  size_t n;
  const uint32_t *vs = rf_i_mm_get(&c->s->dels, h, &n);
  for (size_t i = 0; i < n; i++) rf_i_nb_try(c, vs[i]);
}

/* the list tokens whose key is key, and for an abjad token (lenient) every
 * key that differs from it only in its labials (rf_i_key_labial), from position at */
static void rf_i_nb_keys(rf_i_nbctx *c, char *key, size_t at, int lenient) {
  size_t len = strlen(key);
  while (lenient && at < len && !rf_i_key_labial(key[at])) at++;
  if (!lenient || at >= len) {
    size_t n;
    const uint32_t *vs = rf_i_mm_get(&c->s->phon, rf_hash_bytes(key, len), &n);
    for (size_t i = 0; i < n; i++) rf_i_nb_try(c, vs[i]);
    return;
  }
  char keep = key[at];
  for (const char *l = RF_I_KEY_LABIALS; *l; l++) {
    key[at] = *l;
    rf_i_nb_keys(c, key, at + 1, lenient);
  }
  key[at] = keep;
}

static void rf_i_neighbours(const rf_screener *s, const rf_i_tok *t, uint32_t *mark, uint32_t stamp,
                            rf_i_nbfn fn, void *fctx) {
  rf_i_nbctx c = {s, t, mark, stamp, fn, fctx};
  int k = rf_i_edit_budget(t->len);
  if (t->cls == RF_I_TC_NUMBER) k = 0;
  rf_i_deletes(t->s, t->len, k, rf_i_nb_del, &c);
  /* the short-word rules of rf_i_tsim: a word, not a romanised syllable */
  if (t->cls == RF_I_TC_WORD && !(t->flags & RF_I_TF_SYLLABLE) && t->len <= RF_I_TOKLEN) {
    char u[RF_I_TOKLEN]; /* list words of the same letters undoubled */
    size_t ul = rf_i_undouble(t->s, t->len, u);
    if (ul < t->len) rf_i_nb_del(&c, rf_hash_bytes(u, ul));
    /* two adjacent letters swapped: three-letter words, and two-letter
     * ones in no list name (RF_I_TF_OOV) */
    int sw = t->len == 3 || (t->len == 2 && (t->flags & RF_I_TF_OOV));
    for (size_t i = 0; sw && i + 1 < t->len; i++) {
      char w[3] = {t->s[0], t->s[1], t->len == 3 ? t->s[2] : 0};
      w[i] = t->s[i + 1];
      w[i + 1] = t->s[i];
      int64_t v = rf_strmap_get(&s->vocab, w, t->len);
      if (v >= 0) rf_i_nb_try(&c, (uint32_t)v);
    }
  }
  if (t->key[0] && t->len >= 3) {
    char key[RF_I_KEYLEN];
    memcpy(key, t->key, RF_I_KEYLEN);
    key[RF_I_KEYLEN - 1] = 0;
    /* at most 4^3 probes: labials past the third are left as they are */
    int lenient = (t->flags & RF_I_TF_ABJAD) != 0;
    if (lenient) {
      int nl = 0;
      for (char *p = key; *p; p++)
        if (rf_i_key_labial(*p) && ++nl > 3) {
          lenient = 0; /* too many: the exact key only */
          break;
        }
    }
    rf_i_nb_keys(&c, key, 0, lenient);
  }
  if (t->len > 1) { /* a list initial of this word */
    int64_t v = rf_strmap_get(&s->vocab, t->s, 1);
    if (v >= 0) rf_i_nb_try(&c, (uint32_t)v);
  }
}

typedef struct rf_i_dfctx {
  const rf_screener *s;
  size_t df;
} rf_i_dfctx;

static void rf_i_df_cb(void *ctx, uint32_t v, double sim, int kind) {
  (void)sim;
  rf_i_dfctx *d = ctx;
  if (kind == RF_I_SK_INITIAL) return;
  if (d->s->vt[v].df > d->df) d->df = d->s->vt[v].df;
}

double rf_i_token_weight(const rf_screener *s, const rf_i_tok *t) {
  double m = rf_i_class_mult(t->cls);
  if (!s || !s->nnames) return m;
  int64_t v = rf_strmap_get(&s->vocab, t->s, t->len);
  if (v >= 0) return m * rf_i_rarity(s->vt[v].df, s->nnames);
  if (t->cls == RF_I_TC_INITIAL) return m;
  /* unseen: as frequent as its most frequent neighbour */
  uint32_t *mark = calloc(s->nvocab ? s->nvocab : 1, sizeof *mark);
  if (!mark) return m;
  rf_i_dfctx d = {s, 0};
  rf_i_neighbours(s, t, mark, 1, rf_i_df_cb, &d);
  free(mark);
  return m * rf_i_rarity(d.df, s->nnames);
}

void rf_i_side_weights(const rf_screener *s, rf_i_side *sd, const rf_i_name *nm) {
  rf_i_side_from_name(sd, nm);
  for (int i = 0; i < nm->n; i++) sd->w[i] = rf_i_token_weight(s, &nm->t[i]);
}

/* ------------------------------------------------------------ contexts */

typedef struct rf_i_qent {
  uint32_t v;
  uint32_t bits; /* query tokens i with s[i] > 0 */
  float s[RF_I_MAXTOK];
  uint8_t kind[RF_I_MAXTOK];
} rf_i_qent;

typedef struct rf_i_cand {
  uint32_t name;
  float score;
} rf_i_cand;

/* Per-context cache of a query token's neighbours (direct-mapped): names in
 * a customer file share first names and surnames, and replaying the cached
 * list gives exactly what rf_i_neighbours would report. */
typedef struct rf_i_nbent {
  uint32_t v;
  float s;
  uint8_t kind;
} rf_i_nbent;

typedef struct rf_i_nbcache {
  char tok[RF_I_TOKLEN];
  uint8_t cls, flags, used; /* neighbours depend on class and flags (a romanised
                               syllable has no typo budget) as well as text */
  uint32_t n, cap;
  rf_i_nbent *e;
} rf_i_nbcache;

#define RF_I_NBCACHE 65536
#define RF_I_WTAB_BITS 8

struct rf_screen_ctx {
  const rf_screener *s;
  rf_i_nbcache *nbc; /* RF_I_NBCACHE slots */
  rf_i_nbcache *rec; /* slot being recorded */
  /* per vocab */
  uint64_t *vm; /* per vocab: stamp << 32 | slot in qe */
  uint32_t *nbmark;
  uint32_t vstamp, nbstamp;
  /* per name */
  uint32_t *nmark; /* brute-force scan (tests) */
  uint32_t nstamp;
  uint64_t *nbits; /* candidate set of the current query variant (bit per name) */
  size_t nwords;
  uint64_t *nsum;  /* bit per non-zero word of nbits */
  double *accw;    /* per candidate: list weight of the similar tokens found */
  uint64_t *acc;   /* per candidate: query tokens with a similar list token; bit 63:
                      fetched through a structural lookup */
  int acc_partial; /* acc bits incomplete: check candidates token by token */
  /* per entity */
  uint32_t *emark, *eslot;
  uint32_t estamp;
  rf_i_qent *qe;
  size_t nqe, cqe;
  uint32_t *cand;
  size_t ncand, ccand;
  /* current query */
  const rf_i_name *qn;
  uint32_t qbyc0[64];    /* query tokens by first byte & 63 */
  uint32_t qinit, qword; /* query tokens of class initial / word */
  /* per set of query tokens (queries of up to RF_I_WTAB_BITS tokens): total
   * weight, the query-side bound (rf_i_score_bound less the single-word penalty)
   * and whether that penalty surely applies */
  double wtab[1 << RF_I_WTAB_BITS], btab[1 << RF_I_WTAB_BITS];
  uint8_t stab[1 << RF_I_WTAB_BITS];
  uint64_t qrunm[RF_I_MAXTOK]; /* initial token i: its first byte (bit = byte & 63),
                                  which any list word starting so aligns with */
  int curq;
  size_t df_est[RF_I_MAXTOK];
  /* hits (one per entity) and the result */
  struct rf_i_hit *hits;
  size_t nhits, chits;
  rf_screen_result res;
  size_t cres;
  rf_screen_explain_list *exbuf; /* cres explanation buffers, reused */
  rf_i_name var[RF_I_MAXVAR];
  rf_i_side qside[RF_I_MAXVAR];
};

rf_screen_ctx *rf_screen_ctx_new(const rf_screener *s) {
  if (!s) return NULL;
  rf_screen_ctx *cx = calloc(1, sizeof *cx);
  if (!cx) return NULL;
  cx->s = s;
  size_t nv = s->nvocab ? s->nvocab : 1, nn = s->nnames ? s->nnames : 1,
         ne = s->nents ? s->nents : 1;
  cx->vm = calloc(nv, 8);
  cx->nbmark = calloc(nv, 4);
  cx->nmark = calloc(nn, 4);
  cx->nwords = (nn + 63) / 64;
  cx->nbits = calloc(cx->nwords, 8);
  cx->nsum = calloc((cx->nwords + 63) / 64, 8);
  cx->acc = calloc(nn, 8);
  cx->accw = calloc(nn, sizeof *cx->accw);
  cx->emark = calloc(ne, 4);
  cx->eslot = calloc(ne, 4);
  cx->nbc = calloc(RF_I_NBCACHE, sizeof *cx->nbc);
  if (!cx->nbc || !cx->vm || !cx->acc || !cx->accw || !cx->nbmark || !cx->nmark || !cx->nbits ||
      !cx->nsum || !cx->emark || !cx->eslot) {
    rf_screen_ctx_free(cx);
    return NULL;
  }
  return cx;
}

void rf_screen_ctx_free(rf_screen_ctx *cx) {
  if (!cx) return;
  free(cx->vm);
  free(cx->nbmark);
  free(cx->nmark);
  free(cx->nbits);
  free(cx->nsum);
  free(cx->acc);
  free(cx->accw);
  free(cx->emark);
  free(cx->eslot);
  free(cx->qe);
  free(cx->cand);
  for (size_t i = 0; cx->nbc && i < RF_I_NBCACHE; i++) free(cx->nbc[i].e);
  free(cx->nbc);
  for (size_t i = 0; i < cx->cres; i++) rf_screen_explain_free(&cx->exbuf[i]);
  free(cx->exbuf);
  free(cx->res.m);
  free(cx->hits);
  free(cx);
}

static void rf_i_stamp(uint32_t *stamp, uint32_t *arr, size_t n) {
  if (++*stamp == 0) {
    memset(arr, 0, n * 4);
    *stamp = 1;
  }
}

static void rf_i_qe_cb(void *ctx, uint32_t v, double sim, int kind) {
  rf_screen_ctx *cx = ctx;
  rf_i_nbcache *rc = cx->rec;
  if (rc) { /* recording into the cache; on failure the slot is dropped */
    if (rc->n == rc->cap) {
      uint32_t nc = rc->cap ? rc->cap * 2 : 16;
      rf_i_nbent *ne = realloc(rc->e, nc * sizeof *ne);
      if (!ne) {
        rc->used = 0;
        cx->rec = NULL;
      } else {
        rc->e = ne;
        rc->cap = nc;
      }
    }
    if (cx->rec) rc->e[rc->n++] = (rf_i_nbent){v, (float)sim, (uint8_t)kind};
  }
  rf_i_qent *e;
  if ((uint32_t)(cx->vm[v] >> 32) != cx->vstamp) {
    if (cx->nqe == cx->cqe) {
      size_t nc = cx->cqe ? cx->cqe * 2 : 64;
      rf_i_qent *ne = realloc(cx->qe, nc * sizeof *ne);
      if (!ne) return; /* out of memory: candidate lost; screening continues */
      cx->qe = ne;
      cx->cqe = nc;
    }
    cx->vm[v] = (uint64_t)cx->vstamp << 32 | (uint32_t)cx->nqe;
    e = &cx->qe[cx->nqe++];
    e->v = v;
    e->bits = 0;
    memset(e->s, 0, sizeof e->s);
    memset(e->kind, 0, sizeof e->kind);
  } else {
    e = &cx->qe[(uint32_t)cx->vm[v]];
  }
  e->s[cx->curq] = (float)sim;
  e->kind[cx->curq] = (uint8_t)kind;
  if (e->s[cx->curq] > 0)
    e->bits |= 1u << cx->curq;
  else
    e->bits &= ~(1u << cx->curq);
  if (kind != RF_I_SK_INITIAL && cx->s->vt[v].df > cx->df_est[cx->curq])
    cx->df_est[cx->curq] = cx->s->vt[v].df;
}

typedef struct rf_i_isim {
  rf_screen_ctx *cx;
  const rf_i_ptok *pt;
} rf_i_isim;

static double rf_i_index_sim(void *ctx, int qi, int cj, int *kind) {
  rf_i_isim *is = ctx;
  rf_screen_ctx *cx = is->cx;
  uint32_t v = is->pt[cj].v;
  const rf_i_tok *qt = &cx->qn->t[qi];
  if (qt->cls == RF_I_TC_INITIAL) {
    const rf_screener *s = cx->s;
    double x =
        rf_i_tsim_str(qt, s->vocab.keys[v], s->vocab.lens[v], s->vt[v].key, s->vt[v].cls, kind);
    return rf_i_list_guard(is->pt[cj].flags, x, kind); /* as the brute-force path does */
  }
  uint64_t vm = cx->vm[v];
  if ((uint32_t)(vm >> 32) != cx->vstamp) {
    *kind = RF_I_SK_NONE;
    return 0.0;
  }
  const rf_i_qent *e = &cx->qe[(uint32_t)vm];
  *kind = e->kind[qi];
  return rf_i_list_guard(is->pt[cj].flags, e->s[qi], kind);
}

static void rf_i_cside(const rf_screener *s, uint32_t nid, rf_i_side *c) {
  const rf_i_sname *sn = &s->names[nid];
  const rf_i_ptok *pt = s->ptok + sn->tok_off;
  c->n = sn->ntok;
  for (int j = 0; j < sn->ntok; j++) {
    c->s[j] = pt[j].s;
    c->len[j] = pt[j].len;
    c->cls[j] = pt[j].cls;
    c->flags[j] = pt[j].flags;
    c->c0[j] = pt[j].c0;
    c->w[j] = pt[j].w;
  }
  c->org = s->ents[sn->ent]->type == RF_ENT_ORGANIZATION;
  c->romanised = 0;
  c->nick = 0;
}

/* acc bit: the name was reached through a structural lookup (its list-side
 * aligned weight is then unknown) */
#define RF_I_ACC_STRUCT ((uint64_t)1 << 62)

/* Adds names to the candidate set, recording the query tokens (bits) they
 * may align and the list weight w of the vocabulary token they were found
 * through (a list token is found through one lookup only). */
static void rf_i_add_cands(rf_screen_ctx *cx, const uint32_t *ns, size_t n, uint64_t bits,
                           double w) {
  for (size_t i = 0; i < n; i++) {
    uint32_t nid = ns[i];
    uint64_t *wd = &cx->nbits[nid >> 6], b = (uint64_t)1 << (nid & 63);
    if (*wd & b) {
      cx->acc[nid] |= bits;
      cx->accw[nid] += w;
      continue;
    }
    if (!*wd) cx->nsum[nid >> 12] |= (uint64_t)1 << (nid >> 6 & 63);
    *wd |= b;
    cx->acc[nid] = bits;
    cx->accw[nid] = w;
    cx->ncand++;
  }
}

typedef struct rf_i_wi {
  double w;
  int i;
} rf_i_wi;

static int rf_i_wi_cmp(const void *a, const void *b) {
  const rf_i_wi *x = a, *y = b;
  if (x->w != y->w) return x->w < y->w ? -1 : 1;
  return x->i - y->i;
}

/* Bits set in a token mask (few: no libgcc call without -mpopcnt). */
static inline int rf_i_popc(uint32_t x) {
  int k = 0;
  for (; x; x &= x - 1) k++;
  return k;
}

void rf_i_query_oov(const rf_screener *s, rf_i_name *var, int nv) {
  for (int vi = 0; vi < nv; vi++)
    for (int i = 0; i < var[vi].n; i++) {
      rf_i_tok *t = &var[vi].t[i];
      if (t->cls == RF_I_TC_WORD && (t->len == 2 || t->len == 3) &&
          !(t->flags & RF_I_TF_SYLLABLE) && rf_strmap_get(&s->vocab, t->s, t->len) < 0)
        t->flags |= RF_I_TF_OOV;
    }
}

/* The variants of a query name (rf_i_name_prepare), flagged by rf_i_query_oov. */
static int rf_i_query_names(const rf_screener *s, const char *name, size_t n, rf_i_name *var) {
  int nv = rf_i_name_prepare(name, n, var);
  rf_i_query_oov(s, var, nv);
  return nv;
}

/* Prepares query tokens of one variant: neighbour table, weights. Fills q. */
static void rf_i_query_prepare(rf_screen_ctx *cx, const rf_i_name *qn, rf_i_side *q) {
  const rf_screener *s = cx->s;
  cx->qn = qn;
  if (++cx->vstamp == 0) {
    memset(cx->vm, 0, (s->nvocab ? s->nvocab : 1) * sizeof *cx->vm);
    cx->vstamp = 1;
  }
  cx->nqe = 0;
  rf_i_side_from_name(q, qn);
  memset(cx->qbyc0, 0, sizeof cx->qbyc0);
  cx->qinit = cx->qword = 0;
  for (int i = 0; i < qn->n; i++) {
    cx->qbyc0[(uint8_t)qn->t[i].s[0] & 63] |= 1u << i;
    if (qn->t[i].cls == RF_I_TC_INITIAL) cx->qinit |= 1u << i;
    if (qn->t[i].cls == RF_I_TC_WORD) cx->qword |= 1u << i;
    /* the fetch bits cover every other alignment */
    cx->qrunm[i] =
        qn->t[i].cls == RF_I_TC_INITIAL ? (uint64_t)1 << ((uint8_t)qn->t[i].s[0] & 63) : 0;
  }
  for (int i = 0; i < qn->n; i++) {
    const rf_i_tok *t = &qn->t[i];
    cx->curq = i;
    cx->df_est[i] = 0;
    int64_t ev = rf_strmap_get(&s->vocab, t->s, t->len);
    if (t->cls != RF_I_TC_INITIAL) {
      uint64_t h = rf_hash_bytes(t->s, t->len) ^ t->cls ^ ((uint64_t)t->flags << 8);
      rf_i_nbcache *c = &cx->nbc[h & (RF_I_NBCACHE - 1)];
      if (c->used && c->cls == t->cls && c->flags == t->flags && !strcmp(c->tok, t->s)) {
        for (uint32_t k = 0; k < c->n; k++) rf_i_qe_cb(cx, c->e[k].v, c->e[k].s, c->e[k].kind);
      } else {
        memcpy(c->tok, t->s, t->len + 1u);
        c->cls = t->cls;
        c->flags = t->flags;
        c->n = 0;
        c->used = 1;
        cx->rec = c;
        rf_i_stamp(&cx->nbstamp, cx->nbmark, s->nvocab);
        rf_i_neighbours(s, t, cx->nbmark, cx->nbstamp, rf_i_qe_cb, cx);
        cx->rec = NULL;
      }
    } else if (ev >= 0) {
      rf_i_qe_cb(cx, (uint32_t)ev, 1.0, RF_I_SK_EXACT);
    }
    size_t df = ev >= 0 ? s->vt[ev].df : (t->cls == RF_I_TC_INITIAL ? 0 : cx->df_est[i]);
    q->w[i] = rf_i_class_mult(t->cls) * (s->nnames ? rf_i_rarity(df, s->nnames) : 1.0);
  }
  /* weight of every token set, summed in token order like the loops */
  if (qn->n <= RF_I_WTAB_BITS) {
    cx->wtab[0] = 0;
    for (uint32_t m = 1; m < (1u << qn->n); m++) {
      int hi = 31 - __builtin_clz(m);
      cx->wtab[m] = cx->wtab[m ^ (1u << hi)] + q->w[hi];
    }
    double Q = 0; /* as rf_screen_one sums it */
    int qwords = 0;
    for (int i = 0; i < q->n; i++) {
      Q += q->w[i];
      qwords += q->cls[i] == RF_I_TC_WORD;
    }
    for (uint32_t m = 0; m < (1u << qn->n); m++) {
      int words = rf_i_popc(m & cx->qword);
      int single = words <= 1 && qwords > words;
      cx->stab[m] = (uint8_t)single;
      cx->btab[m] = rf_i_score_bound(&rf_i_default_params, cx->wtab[m], Q) -
                    (single ? rf_i_default_params.single_penalty : 0);
    }
  }
}

/* Adds the names fetched for one lookup, or (mark_only) only records the
 * query tokens and the list weight w on names already fetched. */
static void rf_i_run_cands(rf_screen_ctx *cx, const uint32_t *ns, size_t n, uint64_t bits, double w,
                           int mark_only) {
  if (!mark_only) {
    rf_i_add_cands(cx, ns, n, bits, w);
    return;
  }
  for (size_t k = 0; k < n; k++)
    if (cx->nbits[ns[k] >> 6] >> (ns[k] & 63) & 1) {
      cx->acc[ns[k]] |= bits;
      cx->accw[ns[k]] += w;
    }
}

/* Joined and initials alignments of runs of adjacent query tokens: runs
 * holding an essential token fetch names; the others (mark_only) record
 * their tokens on the names already fetched, and the split lookups of the
 * non-essential tokens too, so that the bits cover every structural
 * alignment. */
static void rf_i_struct_runs(rf_screen_ctx *cx, const uint8_t *essential, int mark_only) {
  const rf_screener *s = cx->s;
  const rf_i_name *qn = cx->qn;
  if (mark_only)
    for (int i = 0; i < qn->n; i++) {
      if (essential[i]) continue;
      size_t n;
      const uint32_t *ns = rf_i_mm_get(&s->joins, rf_hash_bytes(qn->t[i].s, qn->t[i].len), &n);
      rf_i_run_cands(cx, ns, n, ((uint64_t)1 << i) | RF_I_ACC_STRUCT, 0, 1);
    }
  /* initials: adjacent query words written as one list token of initials */
  for (int i = 0; i < qn->n; i++) {
    char ini[4];
    int any_ess = 0;
    for (int m = 0; m <= 2 && i + m < qn->n; m++) {
      if (m && (qn->t[i + m - 1].flags & RF_I_TF_NOJOIN)) break;
      const rf_i_tok *tk = &qn->t[i + m];
      if (tk->len < 2 || tk->s[0] < 'a' || tk->s[0] > 'z') break;
      ini[m] = tk->s[0];
      any_ess |= essential[i + m];
      if (!m || (!any_ess) != mark_only) continue;
      int64_t v = rf_strmap_get(&s->vocab, ini, (size_t)m + 1);
      if (v < 0) continue;
      size_t n;
      const uint32_t *ns = rf_i_post(s, (uint32_t)v, &n);
      rf_i_run_cands(cx, ns, n, (((uint64_t)1 << (m + 1)) - 1) << i, s->vt[v].w, mark_only);
    }
  }
  /* joined: adjacent query tokens written as one list token */
  for (int i = 0; i < qn->n; i++) {
    char buf[RF_I_TOKLEN * 3];
    size_t k = 0;
    int any_ess = essential[i];
    for (int m = 1; m <= 2 && i + m < qn->n; m++) {
      unsigned f = qn->t[i + m - 1].flags;
      if ((f & RF_I_TF_NOJOIN) && (m > 1 || !rf_i_rejoin_ok(f))) break;
      if (m == 1) {
        memcpy(buf, qn->t[i].s, qn->t[i].len);
        k = qn->t[i].len;
      }
      memcpy(buf + k, qn->t[i + m].s, qn->t[i + m].len);
      k += qn->t[i + m].len;
      any_ess |= essential[i + m];
      if ((!any_ess) != mark_only) continue;
      size_t n;
      const uint32_t *ns;
      if (m == 1) { /* rejoined: two list words of the same letters */
        ns = rf_i_mm_get(&s->joins, rf_hash_bytes(buf, k), &n);
        rf_i_run_cands(cx, ns, n, ((uint64_t)3 << i) | RF_I_ACC_STRUCT, 0, mark_only);
        if (f & RF_I_TF_NOJOIN) break; /* across the seam: no joined word */
      }
      int64_t v = rf_strmap_get(&s->vocab, buf, k);
      if (v < 0) continue;
      ns = rf_i_post(s, (uint32_t)v, &n);
      rf_i_run_cands(cx, ns, n, (((uint64_t)1 << (m + 1)) - 1) << i, s->vt[v].w, mark_only);
    }
  }
  /* rejoined across a "LAST, First" query's wrap (rf_i_rejoin_next) */
  int last = qn->n - 1;
  uint8_t qf[RF_I_MAXTOK];
  for (int i = 0; i <= last; i++) qf[i] = qn->t[i].flags;
  if (last >= 1 && rf_i_one_seam(qf, qn->n) && (!(essential[last] || essential[0])) == mark_only) {
    char buf[RF_I_TOKLEN * 2];
    memcpy(buf, qn->t[last].s, qn->t[last].len);
    memcpy(buf + qn->t[last].len, qn->t[0].s, qn->t[0].len);
    size_t n;
    const uint32_t *ns =
        rf_i_mm_get(&s->joins, rf_hash_bytes(buf, (size_t)qn->t[last].len + qn->t[0].len), &n);
    rf_i_run_cands(cx, ns, n, ((uint64_t)1 << last) | 1u | RF_I_ACC_STRUCT, 0, mark_only);
  }
}

/* the query tokens vocabulary entry qe is similar to (as bits), and whether
 * one of them is essential */
static int rf_i_qe_bits(const rf_i_qent *qe, int n, const uint8_t *essential, uint64_t *bits) {
  int need = 0;
  *bits = 0;
  for (int i = 0; i < n; i++)
    if (qe->s[i] > 0) {
      *bits |= (uint64_t)1 << i;
      need |= essential[i];
    }
  return need;
}

/* Collects candidate names for prepared query q at name threshold t. */
static void rf_i_collect(rf_screen_ctx *cx, const rf_i_side *q, double t) {
  const rf_screener *s = cx->s;
  const rf_i_name *qn = cx->qn;
  cx->ncand = 0; /* counts set bits of nbits (all clear here) */
  double Q = 0;
  rf_i_wi order[RF_I_MAXTOK];
  for (int i = 0; i < q->n; i++) {
    Q += q->w[i];
    order[i] = (rf_i_wi){q->w[i], i};
  }
  for (int a = 1; a < q->n; a++) { /* insertion sort: a handful of tokens */
    rf_i_wi t = order[a];
    int b = a;
    while (b > 0 && rf_i_wi_cmp(&t, &order[b - 1]) < 0) {
      order[b] = order[b - 1];
      b--;
    }
    order[b] = t;
  }
  /* non-essential prefix: lightest tokens that cannot reach t alone. A
   * candidate aligning only tokens of a set L scores at most
   * min(1 - lambda_add * (1 - w(L)/Q) - single, w(L)/w_min), where single is
   * the single-word penalty when L holds at most one word and the query has
   * more (score.c); the bound only grows with L. */
  int qwords = 0;
  for (int i = 0; i < q->n; i++) qwords += q->cls[i] == RF_I_TC_WORD;
  int ness = 0, lwords = 0;
  double acc = 0;
  while (ness < q->n) {
    int lw = lwords + (q->cls[order[ness].i] == RF_I_TC_WORD);
    double b = rf_i_score_bound(&rf_i_default_params, acc + order[ness].w, Q);
    if (lw <= 1 && qwords > lw) b -= rf_i_default_params.single_penalty;
    if (b >= t) break;
    acc += order[ness].w;
    lwords = lw;
    ness++;
  }
  uint8_t essential[RF_I_MAXTOK] = {0};
  for (int k = ness; k < q->n; k++) essential[order[k].i] = 1;
  /* single-token alignments of essential tokens; the bits record which
   * query tokens each fetched name has a similar token for */
  cx->acc_partial = 0;
  for (size_t e = 0; e < cx->nqe; e++) {
    const rf_i_qent *qe = &cx->qe[e];
    uint64_t bits;
    int need = rf_i_qe_bits(qe, q->n, essential, &bits);
    if (!need) continue;
    size_t n;
    const uint32_t *ns = rf_i_post(s, (uint32_t)qe->v, &n);
    rf_i_add_cands(cx, ns, n, bits, s->vt[qe->v].w);
  }
  for (int i = 0; i < q->n; i++) {
    if (!essential[i]) continue;
    const rf_i_tok *tk = &qn->t[i];
    size_t n;
    const uint32_t *ns;
    if (tk->cls == RF_I_TC_INITIAL) { /* an initial aligns with any word starting so */
      ns = rf_i_mm_get(&s->initial, (uint64_t)(unsigned char)tk->s[0] + 1, &n);
      rf_i_add_cands(cx, ns, n, ((uint64_t)1 << i) | RF_I_ACC_STRUCT, 0);
    }
    /* split: the list writes this token as 2-3 adjacent tokens */
    ns = rf_i_mm_get(&s->joins, rf_hash_bytes(tk->s, tk->len), &n);
    rf_i_add_cands(cx, ns, n, ((uint64_t)1 << i) | RF_I_ACC_STRUCT, 0);
  }
  rf_i_struct_runs(cx, essential, 0);
  /* complete the bits with the non-essential tokens' similar tokens, unless
   * their postings are much longer than the candidate list (then candidates
   * are checked token by token) */
  size_t budget = 8 * cx->ncand + 2048, walked = 0;
  for (size_t e = 0; e < cx->nqe && !cx->acc_partial; e++) {
    const rf_i_qent *qe = &cx->qe[e];
    uint64_t bits;
    int need = rf_i_qe_bits(qe, q->n, essential, &bits);
    if (need || !bits) continue; /* already walked */
    size_t n;
    const uint32_t *ns = rf_i_post(s, (uint32_t)qe->v, &n);
    walked += n;
    if (walked > budget) {
      cx->acc_partial = 1;
      break;
    }
    double w = s->vt[qe->v].w;
    for (size_t k = 0; k < n; k++)
      if (cx->nbits[ns[k] >> 6] >> (ns[k] & 63) & 1) {
        cx->acc[ns[k]] |= bits;
        cx->accw[ns[k]] += w;
      }
  }
  if (!cx->acc_partial) rf_i_struct_runs(cx, essential, 1);
  /* the candidate list in name order (memory locality when scoring); the
   * bitmap is cleared on the way */
  if (cx->ncand > cx->ccand) {
    size_t nc = cx->ccand ? cx->ccand : 256;
    while (nc < cx->ncand) nc *= 2;
    uint32_t *nd = realloc(cx->cand, nc * 4);
    if (nd) {
      cx->cand = nd;
      cx->ccand = nc;
    }
  }
  size_t w = 0;
  for (size_t h = 0; h < (cx->nwords + 63) / 64; h++) {
    for (uint64_t y = cx->nsum[h]; y; y &= y - 1) {
      size_t k = h * 64 + (size_t)__builtin_ctzll(y);
      uint64_t x = cx->nbits[k];
      cx->nbits[k] = 0;
      for (; x; x &= x - 1)
        if (w < cx->ccand) cx->cand[w++] = (uint32_t)(k * 64 + (size_t)__builtin_ctzll(x));
    }
    cx->nsum[h] = 0;
  }
  cx->ncand = w;
}

/* Upper bound on the score of a candidate when at most the query tokens of
 * weight wq (out of Q, wwords of them words) and the list tokens of weight
 * wc (out of C) can be aligned (score.c): base <= 1,
 *   cover <= 1 - la * max(uq, uc) - lambda_sub * (1 - soft_credit) * min(uq, uc)
 *            - single_penalty (when one word at most is shared and a word is
 *              surely left over on either side)
 *   information <= min(wq, wc) / w_min,
 * all decreasing as fewer tokens can align. */
static inline double rf_i_pair_bound(double wq, double Q, double wc, double C, double la,
                                     int single) {
  const rf_i_params *p = &rf_i_default_params;
  if (Q <= 0 || C <= 0) return 0.0;
  double uq = 1.0 - wq / Q, uc = 1.0 - wc / C;
  if (uq < 0) uq = 0;
  if (uc < 0) uc = 0;
  double mx = uq > uc ? uq : uc, mn = uq > uc ? uc : uq;
  double cover = 1.0 - la * mx - p->lambda_sub * (1.0 - p->soft_credit) * mn -
                 (single ? p->single_penalty : 0.0);
  if (cover <= 0) return 0.0;
  double info = (wq < wc ? wq : wc) / p->w_min;
  if (info > 1.0) info = 1.0;
  return cover * info;
}

/* Slack for rounding in the bounds (sums taken in another order than the
 * scorer's): a candidate is dropped only when clearly below. */
#define RF_I_BOUND_EPS 1e-9

/* Decides whether a candidate may reach t before full scoring, and fills c
 * (the list side for the scorer) when it may. Query tokens can only align
 * with a similar list token (neighbour table) or, for initial / joined /
 * split / initials alignments, when the first byte of the run they start or
 * belong to equals the first byte of a token on the other side; the same
 * holds for list tokens. Stage 1 uses the bits gathered while fetching
 * (no token read), stage 2 reads the list tokens and bounds with both
 * sides' weights, stage 3 runs the scorer's own structural predicates. */
static int rf_i_reach_tokens(const rf_screen_ctx *cx, const rf_i_side *q, const rf_i_sname *sn,
                             double lim, double Q, int qwords, rf_i_side *c) {
  const rf_screener *s = cx->s;
  const rf_i_params *p = &rf_i_default_params;
  /* stage 2: the list tokens; the aligned weight of both sides */
  const rf_i_ptok *pt = s->ptok + sn->tok_off;
  int n = sn->ntok;
  uint32_t poss = 0, cposs = 0, cstart = 0;
  double C = 0;
  c->n = n;
  c->org = (sn->flags & RF_I_SN_ORG) != 0;
  c->romanised = 0;
  c->nick = 0;
  for (int j = 0; j < n; j++) {
    const rf_i_ptok *tk = &pt[j];
    c->s[j] = tk->s;
    c->len[j] = tk->len;
    c->cls[j] = tk->cls;
    c->flags[j] = tk->flags;
    c->c0[j] = tk->c0;
    c->w[j] = tk->w;
    C += c->w[j];
    uint64_t vm = cx->vm[tk->v];
    if ((uint32_t)(vm >> 32) == cx->vstamp) {
      uint32_t bits = cx->qe[(uint32_t)vm].bits;
      if (bits) {
        poss |= bits;
        cposs |= 1u << j;
      }
    }
    if (cx->qbyc0[tk->c0 & 63]) cstart |= 1u << j;
  }
  /* structural alignments (initial, joined, split, initials) start on a
   * query token i and a list token j with the same first byte; a cheap
   * shape test comes before the scorer's own predicate */
  for (uint32_t xs = cstart; xs; xs &= xs - 1) {
    int j = __builtin_ctz(xs);
    int cjoin = j + 1 < n && !(c->flags[j] & RF_I_TF_NOJOIN);
    size_t lc = c->len[j];
    const char *cs = c->s[j];
    for (uint32_t same = cx->qbyc0[c->c0[j] & 63]; same; same &= same - 1) {
      int i = __builtin_ctz(same);
      if (q->c0[i] != c->c0[j]) continue;
      int qjoin = i + 1 < q->n && !(q->flags[i] & RF_I_TF_NOJOIN);
      size_t lq = q->len[i];
      const char *qs = q->s[i];
      if (q->cls[i] == RF_I_TC_INITIAL && lc > 1) {
        poss |= 1u << i;
        cposs |= 1u << j;
      }
      /* query tokens i.. written as list token j (joined, or its initials) */
      if (qjoin && ((lq < lc && (uint8_t)cs[lq] == q->c0[i + 1] && !memcmp(cs, qs, lq)) ||
                    ((lc == 2 || lc == 3) && lq >= 2 && (uint8_t)cs[1] == q->c0[i + 1])))
        for (int m = 1; m <= 2; m++)
          if (rf_i_join_eq(q, i, m, c, j) || rf_i_initials_eq(q, i, m, c, j)) {
            poss |= ((1u << (m + 1)) - 1) << i;
            cposs |= 1u << j;
          }
      /* query tokens i, i+1 the letters of list tokens j, j+1 (rejoined) */
      if (rf_i_rejoin_eq(q, i, c, j)) {
        poss |= 1u << i | 1u << rf_i_rejoin_next(q, i);
        cposs |= 1u << j | 1u << rf_i_rejoin_next(c, j);
      }
      /* list tokens j.. written as query token i (split, or its initials) */
      if (cjoin && ((lc < lq && (uint8_t)qs[lc] == c->c0[j + 1] && !memcmp(qs, cs, lc)) ||
                    ((lq == 2 || lq == 3) && lc >= 2 && (uint8_t)qs[1] == c->c0[j + 1])))
        for (int m = 1; m <= 2; m++)
          if (rf_i_join_eq(c, j, m, q, i) || rf_i_initials_eq(c, j, m, q, i)) {
            poss |= 1u << i;
            cposs |= ((1u << (m + 1)) - 1) << j;
          }
    }
  }
  double la = (sn->flags & RF_I_SN_ORG) ? p->lambda_add_org : p->lambda_add;
  double wq = 0, wc = 0;
  int cleft = 0;
  for (uint32_t x = poss; x; x &= x - 1) wq += q->w[__builtin_ctz(x)];
  int words = rf_i_popc(poss & cx->qword);
  for (int j = 0; j < n; j++) {
    if (cposs >> j & 1)
      wc += c->w[j];
    else
      cleft |= c->cls[j] == RF_I_TC_WORD;
  }
  return rf_i_pair_bound(wq, Q, wc, C, la, words <= 1 && (qwords > words || cleft)) >= lim;
}

__attribute__((always_inline)) static inline int
rf_i_reach(const rf_screen_ctx *cx, const rf_i_side *q, const rf_i_sname *sn, uint32_t nid,
           double t, double Q, int qwords, rf_i_side *c) {
  const rf_i_params *p = &rf_i_default_params;
  double lim = t - RF_I_BOUND_EPS;
  /* stage 1: the bits gathered while fetching (single-token, joined,
   * split and initials alignments), plus initials against list words with
   * their letter; no token read */
  if (!cx->acc_partial) {
    uint32_t maybe = (uint32_t)cx->acc[nid];
    for (uint32_t x = cx->qinit & ~maybe; x; x &= x - 1)
      if (sn->c0m & cx->qrunm[__builtin_ctz(x)]) maybe |= x & -x;
    double w2 = 0, b;
    int single;
    if (q->n <= RF_I_WTAB_BITS) { /* tables made by rf_i_query_prepare */
      w2 = cx->wtab[maybe];
      b = cx->btab[maybe];
      single = cx->stab[maybe];
    } else {
      for (uint32_t x = maybe; x; x &= x - 1) w2 += q->w[__builtin_ctz(x)];
      int words2 = rf_i_popc(maybe & cx->qword);
      b = rf_i_score_bound(p, w2, Q);
      single = words2 <= 1 && qwords > words2;
      if (single) b -= p->single_penalty;
    }
    if (b < lim) return 0;
    /* the list side: without structural or initial alignments, the list
     * tokens that can align are those found through the postings, whose
     * weights were summed on the way (each once: no repeated token) */
    if (maybe == (uint32_t)cx->acc[nid] && !(cx->acc[nid] & RF_I_ACC_STRUCT) && !sn->dup &&
        rf_i_pair_bound(w2, Q, cx->accw[nid], sn->wsum,
                        (sn->flags & RF_I_SN_ORG) ? p->lambda_add_org : p->lambda_add,
                        single) < lim)
      return 0;
  }
  return rf_i_reach_tokens(cx, q, sn, lim, Q, qwords, c);
}

/* ------------------------------------------------------------ evidence */

static const char *const rf_i_iso[][2] = {{"MX", "mexico"},
                                          {"US", "united states"},
                                          {"CO", "colombia"},
                                          {"VE", "venezuela"},
                                          {"GT", "guatemala"},
                                          {"HN", "honduras"},
                                          {"SV", "el salvador"},
                                          {"PA", "panama"},
                                          {"CR", "costa rica"},
                                          {"NI", "nicaragua"},
                                          {"BZ", "belize"},
                                          {"EC", "ecuador"},
                                          {"PE", "peru"},
                                          {"BO", "bolivia"},
                                          {"BR", "brazil"},
                                          {"AR", "argentina"},
                                          {"CL", "chile"},
                                          {"PY", "paraguay"},
                                          {"UY", "uruguay"},
                                          {"CU", "cuba"},
                                          {"DO", "dominican republic"},
                                          {"HT", "haiti"},
                                          {"JM", "jamaica"},
                                          {"ES", "spain"},
                                          {"CN", "china"},
                                          {"HK", "hong kong"},
                                          {"RU", "russia"},
                                          {"IR", "iran"},
                                          {"IQ", "iraq"},
                                          {"SY", "syria"},
                                          {"LB", "lebanon"},
                                          {"AF", "afghanistan"},
                                          {"PK", "pakistan"},
                                          {"IN", "india"},
                                          {"KP", "korea, north"},
                                          {"KR", "korea, south"},
                                          {"AE", "united arab emirates"},
                                          {"SA", "saudi arabia"},
                                          {"YE", "yemen"},
                                          {"TR", "turkey"},
                                          {"GB", "united kingdom"},
                                          {"CA", "canada"},
                                          {"DE", "germany"},
                                          {"FR", "france"},
                                          {"IT", "italy"},
                                          {"NL", "netherlands"},
                                          {"BE", "belgium"},
                                          {"CH", "switzerland"},
                                          {"UA", "ukraine"},
                                          {"BY", "belarus"},
                                          {"SO", "somalia"},
                                          {"SD", "sudan"},
                                          {"LY", "libya"},
                                          {"NG", "nigeria"},
                                          {"ML", "mali"},
                                          {"KE", "kenya"},
                                          {"PH", "philippines"},
                                          {"ID", "indonesia"},
                                          {"MY", "malaysia"},
                                          {"BA", "bosnia and herzegovina"},
                                          {"RS", "serbia"},
                                          {"AL", "albania"},
                                          {"CY", "cyprus"},
                                          {"GR", "greece"},
                                          {"PS", "palestinian"},
                                          {"JO", "jordan"},
                                          {"EG", "egypt"},
                                          {"DZ", "algeria"},
                                          {"MA", "morocco"},
                                          {"TN", "tunisia"},
                                          {"QA", "qatar"},
                                          {"KW", "kuwait"},
                                          {"BH", "bahrain"},
                                          {"OM", "oman"},
                                          {"IL", "israel"},
                                          {"ZW", "zimbabwe"},
                                          {"CD", "congo, democratic republic"},
                                          {"MM", "burma"},
                                          {"TH", "thailand"},
                                          {"VN", "vietnam"},
                                          {NULL, NULL}};

static int rf_i_ci_contains(const char *hay, const char *needle) {
  if (!hay || !needle || !*needle) return 0;
  size_t n = strlen(needle);
  for (const char *p = hay; *p; p++)
    if (!strncasecmp(p, needle, n)) return 1;
  return 0;
}

static int rf_i_country_hit(const rf_entity *e, const char *cc) {
  const char *name = cc;
  if (strlen(cc) == 2)
    for (size_t i = 0; rf_i_iso[i][0]; i++)
      if (!rf_strcasecmp_ascii(rf_i_iso[i][0], cc)) {
        name = rf_i_iso[i][1];
        break;
      }
  if (strlen(name) < 3) return 0;
  for (size_t i = 0; i < e->nnationalities; i++)
    if (rf_i_ci_contains(e->nationalities[i], name)) return 1;
  for (size_t i = 0; i < e->npobs; i++)
    if (rf_i_ci_contains(e->pobs[i], name)) return 1;
  for (size_t i = 0; i < e->naddresses; i++)
    if (rf_i_ci_contains(e->addresses[i].country, name)) return 1;
  return 0;
}

static const char *const rf_i_months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                          "jul", "aug", "sep", "oct", "nov", "dec"};

/* Parses "1966", "1966-07", "1966-07-17", "1966/07/17", "17 Jul 1966",
 * "Jul 1966". Returns 0 on success. */
char rf_screen_gender(const char *s) {
  static const struct {
    const char *w;
    char g;
  } words[] = {{"male", 'M'},      {"m", 'M'},      {"man", 'M'},   {"female", 'F'},
               {"f", 'F'},         {"woman", 'F'},  {"other", 'X'}, {"non-binary", 'X'},
               {"nonbinary", 'X'}, {"diverse", 'X'}};
  if (!s) return 0;
  while (*s == ' ') s++;
  size_t n = strlen(s);
  while (n && s[n - 1] == ' ') n--;
  char low[16];
  if (n >= sizeof low) return 0;
  for (size_t i = 0; i < n; i++) low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
  low[n] = 0;
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    if (!strcmp(low, words[i].w)) return words[i].g;
  return 0;
}

int rf_i_parse_dob(const char *s, int *y, int *m, int *d) {
  *y = *m = *d = 0;
  if (!s) return -1;
  int a, b, c;
  char mon[16];
  if (sscanf(s, "%4d-%2d-%2d", &a, &b, &c) == 3 || sscanf(s, "%4d/%2d/%2d", &a, &b, &c) == 3) {
    *y = a;
    *m = b;
    *d = c;
  } else if (sscanf(s, "%4d-%2d", &a, &b) == 2) {
    *y = a;
    *m = b;
  } else if (sscanf(s, "%d %15s %d", &c, mon, &a) == 3 || sscanf(s, "%15s %d", mon, &a) == 2) {
    int found = 0;
    for (int i = 0; i < 12; i++)
      if (!strncasecmp(mon, rf_i_months[i], 3)) {
        *m = i + 1;
        found = 1;
      }
    if (!found) return -1;
    *y = a;
    if (isdigit((unsigned char)s[0])) *d = c;
  } else if (sscanf(s, "%4d", &a) == 1) {
    *y = a;
  } else
    return -1;
  if (*y < 1800 || *y > 2200 || *m < 0 || *m > 12 || *d < 0 || *d > 31) return -1;
  return 0;
}

/* A date one keystroke off a listed one: a single part (year, month or day)
 * one away with the others equal, or day and month swapped. */
static int rf_i_dob_near(const rf_dob *b, int y, int m, int d) {
  if (b->circa || b->year_to > b->year) return 0; /* those already have their slack */
  int dy = y - b->year, dm = m && b->month ? m - b->month : 0,
      dd = d && b->day && m == b->month ? d - b->day : 0;
  if (d && b->day && m && b->month && dy == 0 && m == b->day && d == b->month) return 1;
  if (d && b->day && m != b->month && dy == 0 && dm && d != b->day) return 0; /* two parts */
  return (abs(dy) == 1 && !dm && !dd) || (!dy && abs(dm) == 1 && (!d || !b->day || d == b->day)) ||
         (!dy && !dm && abs(dd) == 1);
}

/* 1 agree, -1 conflict, 2 a date one keystroke off (no conflict), 0 unknown */
static int rf_i_dob_cmp(const rf_entity *e, int y, int m, int d) {
  if (!e->ndobs || !y) return 0;
  int any_conflict = 0, near = 0;
  for (size_t i = 0; i < e->ndobs; i++) {
    const rf_dob *b = &e->dobs[i];
    if (!b->year) continue;
    int slack = b->circa ? 2 : 0;
    int yto = b->year_to >= b->year ? b->year_to : b->year;
    if (y < b->year - slack || y > yto + slack) {
      any_conflict = 1;
      continue;
    }
    if (!b->circa && b->year == yto && m && b->month && m != b->month) {
      any_conflict = 1;
      continue;
    }
    if (!b->circa && b->year == yto && d && b->day && m == b->month && d != b->day) {
      any_conflict = 1;
      continue;
    }
    return 1;
  }
  for (size_t i = 0; i < e->ndobs && any_conflict; i++)
    near |= e->dobs[i].year && rf_i_dob_near(&e->dobs[i], y, m, d);
  return near ? 2 : any_conflict ? -1 : 0;
}

static int rf_i_has_program(const rf_entity *e, const char *p) {
  for (size_t i = 0; i < e->nprograms; i++)
    if (e->programs[i] && !rf_strcasecmp_ascii(e->programs[i], p)) return 1;
  return 0;
}

/* ------------------------------------------------------------ screening */

#define RF_I_DOB_BONUS 0.05
#define RF_I_DOB_PENALTY 0.15
#define RF_I_COUNTRY_BONUS 0.03
#define RF_I_TYPE_PENALTY 0.15
#define RF_I_GENDER_PENALTY 0.15

typedef struct rf_i_hit {
  uint32_t ent, name;
  int var;
  double name_score, score;
} rf_i_hit;

static rf_i_hit *rf_i_hit_slot(rf_screen_ctx *cx, uint32_t ent) {
  if (cx->emark[ent] == cx->estamp) return &cx->hits[cx->eslot[ent]];
  if (cx->nhits == cx->chits) {
    size_t nc = cx->chits ? cx->chits * 2 : 32;
    rf_i_hit *nh = realloc(cx->hits, nc * sizeof *nh);
    if (!nh) return NULL;
    cx->hits = nh;
    cx->chits = nc;
  }
  cx->emark[ent] = cx->estamp;
  cx->eslot[ent] = (uint32_t)cx->nhits;
  rf_i_hit *h = &cx->hits[cx->nhits++];
  *h = (rf_i_hit){ent, UINT32_MAX, -1, -1.0, -1.0};
  return h;
}

static int rf_i_hit_cmp_ctx(const rf_screener *s, const rf_i_hit *x, const rf_i_hit *y) {
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  const rf_entity *a = s->ents[x->ent], *b = s->ents[y->ent];
  int c = strcmp(a->list ? a->list : "", b->list ? b->list : "");
  if (c) return c;
  c = strcmp(a->uid ? a->uid : "", b->uid ? b->uid : "");
  if (c) return c;
  return x->ent < y->ent ? -1 : x->ent > y->ent;
}

/* insertion sort keeps this free of a global comparator context */
static void rf_i_hits_sort(const rf_screener *s, rf_i_hit *h, size_t n) {
  for (size_t i = 1; i < n; i++) {
    rf_i_hit t = h[i];
    size_t j = i;
    while (j > 0 && rf_i_hit_cmp_ctx(s, &t, &h[j - 1]) < 0) {
      h[j] = h[j - 1];
      j--;
    }
    h[j] = t;
  }
}

typedef struct rf_i_dsim {
  const rf_i_name *q;
  const rf_screener *s;
  const uint32_t *ctok;
  const uint8_t *cflags;
} rf_i_dsim;

/* Direct similarity against list tokens (same function as the index path). */
static double rf_i_direct_vsim(void *ctx, int qi, int cj, int *kind) {
  rf_i_dsim *d = ctx;
  uint32_t v = d->ctok[cj];
  double x = rf_i_tsim_str(&d->q->t[qi], d->s->vocab.keys[v], d->s->vocab.lens[v], d->s->vt[v].key,
                           d->s->vt[v].cls, kind);
  return rf_i_list_guard(d->cflags[cj], x, kind);
}

static int rf_i_id_hit(const rf_entity *ent, const char *qid, char *which, size_t wsz) {
  for (size_t k = 0; k < ent->nids; k++) {
    char id[128];
    rf_i_norm_id(ent->ids[k].number, id, sizeof id);
    if (!strcmp(id, qid)) {
      snprintf(which, wsz, "%s %s", ent->ids[k].label ? ent->ids[k].label : "id",
               ent->ids[k].number ? ent->ids[k].number : "");
      return 1;
    }
  }
  return 0;
}

/* Applies secondary evidence to a name score; appends explanation lines
 * when ex is non-NULL. */
static double rf_i_evidence(const rf_screen_query *q, const rf_entity *ent, double sc, int qy,
                            int qm, int qd, const char *cc, const char *qid,
                            rf_screen_explain_list *ex) {
  char which[160];
  if (qy) {
    int dc = rf_i_dob_cmp(ent, qy, qm, qd);
    if (dc == 2) {
      if (ex) rf_i_ex_add(ex, "dob_near", q->dob, "a list date of birth one part off", 0, 0, 0);
    } else if (dc > 0) {
      sc += RF_I_DOB_BONUS;
      if (ex) rf_i_ex_add(ex, "dob_match", q->dob, "list date of birth", 0, 0, RF_I_DOB_BONUS);
    } else if (dc < 0) {
      sc -= RF_I_DOB_PENALTY;
      if (ex)
        rf_i_ex_add(ex, "dob_conflict", q->dob, "list date(s) of birth", 0, 0, -RF_I_DOB_PENALTY);
    }
  }
  if (cc && rf_i_country_hit(ent, cc)) {
    sc += RF_I_COUNTRY_BONUS;
    if (ex)
      rf_i_ex_add(ex, "country_match", cc, "nationality/birthplace/address", 0, 0,
                  RF_I_COUNTRY_BONUS);
  }
  if (q->type != RF_ENT_UNKNOWN && ent->type != RF_ENT_UNKNOWN && q->type != ent->type) {
    sc -= RF_I_TYPE_PENALTY;
    if (ex)
      rf_i_ex_add(ex, "type_mismatch", rf_entity_type_str(q->type), rf_entity_type_str(ent->type),
                  0, 0, -RF_I_TYPE_PENALTY);
  }
  char qg = rf_screen_gender(q->gender), lg = rf_screen_gender(ent->gender);
  if ((qg == 'M' || qg == 'F') && (lg == 'M' || lg == 'F') && qg != lg) {
    sc -= RF_I_GENDER_PENALTY;
    if (ex) rf_i_ex_add(ex, "gender_conflict", q->gender, ent->gender, 0, 0, -RF_I_GENDER_PENALTY);
  }
  if (sc > 1) sc = 1;
  if (sc < 0) sc = 0;
  if (qid[0] && rf_i_id_hit(ent, qid, which, sizeof which)) {
    double nsc = 0.95 + 0.05 * sc;
    if (ex) rf_i_ex_add(ex, "id_match", q->id_number, which, 1.0, 0, nsc - sc);
    sc = nsc;
  }
  return sc;
}

rf_status rf_screen_one(rf_screen_ctx *cx, const rf_screen_query *q, const rf_screen_opts *opts,
                        const rf_screen_result **res, rf_error *err) {
  *res = NULL;
  if (!cx || !q) return rf_error_set(err, RF_EINVAL, "screen: no context or query");
  const rf_screener *s = cx->s;
  double T = opts && opts->threshold > 0 ? opts->threshold : RF_SCREEN_DEFAULT_THRESHOLD;
  size_t limit = opts && opts->limit ? opts->limit : RF_SCREEN_DEFAULT_LIMIT;
  const char *program = opts && opts->program && *opts->program ? opts->program : NULL;
  int explain = !(opts && opts->no_explain);
  int skip_weak = opts && opts->skip_weak;
  if (!q->name) return rf_error_set(err, RF_EINVAL, "field name: missing");
  size_t nl = strlen(q->name);
  if (nl > RF_SCREEN_MAX_NAME)
    return rf_error_set(err, RF_ELIMIT, "field name: longer than %d bytes (%zu)",
                        RF_SCREEN_MAX_NAME, nl);
  if (!rf_utf8_valid(q->name, nl))
    return rf_error_set(err, RF_ENCODING, "field name: invalid UTF-8");
  int nv = rf_i_query_names(s, q->name, nl, cx->var);
  if (!nv) return rf_error_set(err, RF_EINVAL, "field name: empty (no letters or digits)");
  /* reviewed false hits of this name (rare: a lookup per query) */
  const rf_screen_cleared *clr = opts ? opts->cleared : NULL;
  char ckey[RF_I_MAXTOK * RF_I_TOKLEN];
  if (clr && !(rf_i_cleared_key(q->name, ckey, sizeof ckey) && rf_i_cleared_name(clr, ckey)))
    clr = NULL;
  int qy = 0, qm = 0, qd = 0;
  if (q->dob && *q->dob && rf_i_parse_dob(q->dob, &qy, &qm, &qd))
    return rf_error_set(err, RF_EPARSE, "field dob: cannot parse '%s'", q->dob);
  const char *cc = q->country && *q->country ? q->country : NULL;
  char qid[128] = "";
  if (q->id_number) rf_i_norm_id(q->id_number, qid, sizeof qid);
  if (strlen(qid) < 4) qid[0] = 0;
  /* the index threshold leaves room for the largest possible bonus */
  double tidx = T - (qy ? RF_I_DOB_BONUS : 0) - (cc ? RF_I_COUNTRY_BONUS : 0);
  rf_i_stamp(&cx->estamp, cx->emark, s->nents);
  cx->nhits = 0;
  cx->res.n = 0;
  cx->res.candidates = 0;
  cx->res.collected = 0;
  rf_i_side cs;
  for (int vi = 0; vi < nv; vi++) {
    rf_i_side *qs = &cx->qside[vi];
    rf_i_query_prepare(cx, &cx->var[vi], qs);
    rf_i_collect(cx, qs, tidx);
    cx->res.collected += cx->ncand;
    rf_i_isim is = {cx, NULL};
    double Q = 0;
    int qwords = 0;
    for (int i = 0; i < qs->n; i++) {
      Q += qs->w[i];
      qwords += qs->cls[i] == RF_I_TC_WORD;
    }
    for (size_t k = 0; k < cx->ncand; k++) {
      uint32_t nid = cx->cand[k];
      /* hide memory latency: names 16 ahead, their tokens 8 ahead */
      if (k + 16 < cx->ncand) __builtin_prefetch(&s->names[cx->cand[k + 16]]);
      if (k + 8 < cx->ncand) __builtin_prefetch(s->ptok + s->names[cx->cand[k + 8]].tok_off);
      const rf_i_sname *sn = &s->names[nid];
      if (cx->var[vi].partial && sn->var) continue; /* partial variants only against whole names */
      if (skip_weak && (sn->flags & RF_I_SN_WEAK)) continue;
      if (!rf_i_reach(cx, qs, sn, nid, tidx, Q, qwords, &cs)) continue;
      cx->res.candidates++;
      if (program && !rf_i_has_program(s->ents[sn->ent], program)) continue;
      if (clr && rf_i_cleared_pair(clr, ckey, s->ents[sn->ent])) continue;
      is.pt = s->ptok + sn->tok_off;
      double sc = rf_i_score(&rf_i_default_params, qs, &cs, rf_i_index_sim, &is, tidx, NULL);
      if (sc < tidx) continue;
      rf_i_hit *h = rf_i_hit_slot(cx, sn->ent);
      if (!h) return rf_error_set(err, RF_ENOMEM, "screen: out of memory");
      if (sc > h->name_score || (sc == h->name_score && nid < h->name)) {
        h->name_score = sc;
        h->name = nid;
        h->var = vi;
      }
    }
  }
  /* identity numbers: near-decisive, retrieved regardless of the name */
  if (qid[0]) {
    size_t n;
    const uint32_t *es = rf_i_mm_get(&s->ids, rf_hash_bytes(qid, strlen(qid)), &n);
    for (size_t i = 0; i < n; i++) {
      const rf_entity *ent = s->ents[es[i]];
      char which[160];
      if (!rf_i_id_hit(ent, qid, which, sizeof which)) continue;
      if (program && !rf_i_has_program(ent, program)) continue;
      rf_i_hit *h = rf_i_hit_slot(cx, es[i]);
      if (!h) return rf_error_set(err, RF_ENOMEM, "screen: out of memory");
      if (h->name_score < 0) h->name_score = 0;
    }
  }
  size_t w = 0;
  for (size_t i = 0; i < cx->nhits; i++) {
    rf_i_hit *h = &cx->hits[i];
    h->score = rf_i_evidence(q, s->ents[h->ent], h->name_score, qy, qm, qd, cc, qid, NULL);
    if (h->score >= T) cx->hits[w++] = *h;
  }
  cx->nhits = w;
  rf_i_hits_sort(s, cx->hits, cx->nhits);
  size_t n = cx->nhits < limit ? cx->nhits : limit;
  if (n > cx->cres) {
    rf_screen_match *nm = realloc(cx->res.m, n * sizeof *nm);
    if (!nm) return rf_error_set(err, RF_ENOMEM, "screen: out of memory");
    cx->res.m = nm;
    rf_screen_explain_list *ne = realloc(cx->exbuf, n * sizeof *ne);
    if (!ne) return rf_error_set(err, RF_ENOMEM, "screen: out of memory");
    memset(ne + cx->cres, 0, (n - cx->cres) * sizeof *ne);
    cx->exbuf = ne;
    cx->cres = n;
  }
  for (size_t i = 0; i < n; i++) {
    rf_i_hit *h = &cx->hits[i];
    rf_screen_match *m = &cx->res.m[i];
    const rf_entity *ent = s->ents[h->ent];
    m->entity = ent;
    m->matched_name = h->name != UINT32_MAX ? s->names[h->name].raw : ent->name;
    m->score = h->score;
    m->name_score = h->name_score;
    m->version = s->ever[h->ent];
    rf_screen_explain_list *ex = &cx->exbuf[i];
    rf_i_ex_reset(ex);
    if (explain) {
      if (h->name != UINT32_MAX) {
        const rf_i_sname *sn = &s->names[h->name];
        rf_i_cside(s, h->name, &cs);
        rf_i_dsim d = {&cx->var[h->var], s, s->ntok + sn->tok_off, s->nflags + sn->tok_off};
        rf_i_score(&rf_i_default_params, &cx->qside[h->var], &cs, rf_i_direct_vsim, &d, 0, ex);
      }
      rf_i_evidence(q, ent, h->name_score, qy, qm, qd, cc, qid, ex);
    }
    m->explain = *ex;
  }
  cx->res.n = n;
  *res = &cx->res;
  return RF_OK;
}

/* Brute force: scores every list name with the full scorer, the token
 * similarities computed directly against every vocabulary token (no index
 * involved). For tests of the index. Returns the number of names whose
 * score is >= t for some variant; writes up to max name ids into out. */
typedef struct rf_i_bsim {
  const float *sim; /* [qi * nvocab + v] */
  const uint8_t *kind;
  size_t nvocab;
  const uint32_t *ctok;
  const uint8_t *cflags;
} rf_i_bsim;

static double rf_i_brute_sim(void *ctx, int qi, int cj, int *kind) {
  rf_i_bsim *b = ctx;
  size_t k = (size_t)qi * b->nvocab + b->ctok[cj];
  *kind = b->kind[k];
  return rf_i_list_guard(b->cflags[cj], b->sim[k], kind);
}

size_t rf_i_screen_brute(rf_screen_ctx *cx, const char *name, double t, uint32_t *out, size_t max,
                         double *scores);
size_t rf_i_screen_brute(rf_screen_ctx *cx, const char *name, double t, uint32_t *out, size_t max,
                         double *scores) {
  const rf_screener *s = cx->s;
  int nv = rf_i_query_names(s, name, strlen(name), cx->var);
  size_t cnt = 0;
  size_t nvoc = s->nvocab ? s->nvocab : 1;
  float *sim = malloc((size_t)RF_I_MAXTOK * nvoc * sizeof *sim);
  uint8_t *kind = malloc((size_t)RF_I_MAXTOK * nvoc);
  if (!sim || !kind) {
    free(sim);
    free(kind);
    return 0;
  }
  rf_i_stamp(&cx->nstamp, cx->nmark, s->nnames);
  for (int vi = 0; vi < nv; vi++) {
    const rf_i_name *qn = &cx->var[vi];
    rf_i_side_from_name(&cx->qside[vi], qn);
    for (int i = 0; i < qn->n; i++) {
      size_t dfmax = 0;
      for (size_t v = 0; v < s->nvocab; v++) {
        int kd;
        double x = rf_i_tsim_str(&qn->t[i], s->vocab.keys[v], s->vocab.lens[v], s->vt[v].key,
                                 s->vt[v].cls, &kd);
        sim[(size_t)i * nvoc + v] = (float)x;
        kind[(size_t)i * nvoc + v] = (uint8_t)kd;
        if (x > 0 && kd != RF_I_SK_INITIAL && s->vt[v].df > dfmax) dfmax = s->vt[v].df;
      }
      /* weight computed independently of the index: exact df, else the
       * most frequent similar token's df (initials: unseen) */
      int64_t ev = rf_strmap_get(&s->vocab, qn->t[i].s, qn->t[i].len);
      size_t df = ev >= 0 ? s->vt[ev].df : (qn->t[i].cls == RF_I_TC_INITIAL ? 0 : dfmax);
      cx->qside[vi].w[i] =
          rf_i_class_mult(qn->t[i].cls) * (s->nnames ? rf_i_rarity(df, s->nnames) : 1.0);
    }
    rf_i_bsim b = {sim, kind, nvoc, NULL, NULL};
    rf_i_side cs;
    for (uint32_t nid = 0; nid < s->nnames; nid++) {
      if (cx->nmark[nid] == cx->nstamp) continue;
      const rf_i_sname *sn = &s->names[nid];
      if (qn->partial && sn->var) continue;
      /* cheap necessary condition: some token pair is similar, or shares
       * its first byte (every joined/split/initials alignment does) */
      int any = 0;
      const uint32_t *ct = s->ntok + sn->tok_off;
      for (int i = 0; i < qn->n && !any; i++)
        for (int j = 0; j < sn->ntok && !any; j++)
          if (sim[(size_t)i * nvoc + ct[j]] > 0 || qn->t[i].s[0] == s->vocab.keys[ct[j]][0])
            any = 1;
      if (!any) continue;
      rf_i_cside(s, nid, &cs);
      b.ctok = s->ntok + sn->tok_off;
      b.cflags = s->nflags + sn->tok_off;
      double sc =
          rf_i_score(&rf_i_default_params, &cx->qside[vi], &cs, rf_i_brute_sim, &b, t, NULL);
      if (sc >= t) {
        cx->nmark[nid] = cx->nstamp;
        if (cnt < max) {
          out[cnt] = nid;
          if (scores) scores[cnt] = sc;
        }
        cnt++;
      }
    }
  }
  free(sim);
  free(kind);
  return cnt;
}

/* Index path at name level: names scoring >= t (same contract). */
size_t rf_i_screen_index(rf_screen_ctx *cx, const char *name, double t, uint32_t *out, size_t max,
                         double *scores);
size_t rf_i_screen_index(rf_screen_ctx *cx, const char *name, double t, uint32_t *out, size_t max,
                         double *scores) {
  const rf_screener *s = cx->s;
  int nv = rf_i_query_names(s, name, strlen(name), cx->var);
  size_t cnt = 0;
  /* a separate dedupe over variants: use emark over names is not sized for
   * names, so collect then dedupe */
  for (int vi = 0; vi < nv; vi++) {
    rf_i_query_prepare(cx, &cx->var[vi], &cx->qside[vi]);
    rf_i_collect(cx, &cx->qside[vi], t);
    rf_i_isim is = {cx, NULL};
    rf_i_side cs;
    double Q = 0;
    int qwords = 0;
    for (int i = 0; i < cx->qside[vi].n; i++) {
      Q += cx->qside[vi].w[i];
      qwords += cx->qside[vi].cls[i] == RF_I_TC_WORD;
    }
    for (size_t k = 0; k < cx->ncand; k++) {
      uint32_t nid = cx->cand[k];
      if (cx->var[vi].partial && s->names[nid].var) continue;
      if (!rf_i_reach(cx, &cx->qside[vi], &s->names[nid], nid, t, Q, qwords, &cs)) continue;
      is.pt = s->ptok + s->names[nid].tok_off;
      double sc =
          rf_i_score(&rf_i_default_params, &cx->qside[vi], &cs, rf_i_index_sim, &is, t, NULL);
      if (sc < t) continue;
      int dup = 0;
      for (size_t j = 0; j < cnt && j < max; j++)
        if (out[j] == nid) dup = 1;
      if (dup) continue;
      if (cnt < max) {
        out[cnt] = nid;
        if (scores) scores[cnt] = sc;
      }
      cnt++;
    }
  }
  return cnt;
}
