/* Graphs saved by R: igraph objects in .rda / .RData files (save()) and
 * .rds files (saveRDS()), compressed with gzip, xz or bzip2 or not at all,
 * as criminal-network collections ship them (SNAnalyst/DF, networkdata).
 *
 * R's serialisation (XDR, format versions 2 and 3) is read into a small tree
 * in an arena; then every igraph object in the file, or in a list in it, is
 * a candidate graph. An igraph object is a list of at least 9 items: vertex
 * count, directed flag, edge tails and heads (0-based), four index vectors,
 * and the attributes (graph, vertex and edge lists: vertex "name" gives the
 * labels, edge "weight" the weights). */
#include "graph/graph_i.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* decompressed data beyond this is refused: 64 MiB holds an igraph object of
 * about a million edges (bigger graphs travel as edge lists), and the bound
 * keeps a decompression bomb from taking the machine */
#define RF_I_RDA_MAX ((size_t)64 << 20)
#define RF_I_RDA_DEPTH 200 /* nesting of non-pairlist items */

enum {
  RX_NIL = 0,
  RX_SYM = 1,
  RX_LIST = 2,
  RX_CLO = 3,
  RX_ENV = 4,
  RX_PROM = 5,
  RX_LANG = 6,
  RX_SPECIAL = 7,
  RX_BUILTIN = 8,
  RX_CHAR = 9,
  RX_LGL = 10,
  RX_INT = 13,
  RX_REAL = 14,
  RX_CPLX = 15,
  RX_STR = 16,
  RX_DOT = 17,
  RX_VEC = 19,
  RX_EXPR = 20,
  RX_BCODE = 21,
  RX_EXTPTR = 22,
  RX_WEAKREF = 23,
  RX_RAW = 24,
  RX_S4 = 25,
  RX_ALTREP = 238,
  RX_ATTRLIST = 239,
  RX_ATTRLANG = 240,
  RX_BCREPREF = 243,
  RX_BCREPDEF = 244,
  RX_EMPTYENV = 242,
  RX_BASEENV = 241,
  RX_PERSIST = 247,
  RX_PACKAGE = 248,
  RX_NAMESPACE = 249,
  RX_BASENS = 250,
  RX_MISSING = 251,
  RX_UNBOUND = 252,
  RX_GLOBALENV = 253,
  RX_NILVALUE = 254,
  RX_REF = 255
};

/* One R object. Vectors: n items in v (int32 for logical/integer, double
 * for real, rx* for character/list, char for a CHARSXP: NUL-terminated,
 * NULL when NA). Pairlists: car/cdr/tag. Attributes: a pairlist. */
typedef struct rx {
  int type;
  int64_t n;
  void *v;
  struct rx *attr, *tag, *car, *cdr;
} rx;

typedef struct rx_in {
  const unsigned char *start, *p, *end;
  rf_arena *arena;
  rx **refs;
  size_t nrefs, refs_cap;
  const char *label;
  rf_error *err;
  rf_status status; /* the first failure */
  int failed;
} rx_in;

/* R's NULL and the other constants: one shared node, read-only (placed in
 * read-only memory, so a write through it would fault at once) */
static const rx rx_nil_node = {RX_NIL, 0, NULL, NULL, NULL, NULL, NULL};
#define RX_NILP ((rx *)&rx_nil_node)

static int rx_fail(rx_in *in, const char *what) {
  if (!in->failed)
    in->status = rf_error_set(in->err, RF_EPARSE, "%s: R data at byte %zu (decompressed): %s",
                              in->label, (size_t)(in->p - in->start), what);
  in->failed = 1;
  return -1;
}

static int rx_int(rx_in *in, int32_t *out) {
  if (in->end - in->p < 4) return rx_fail(in, "truncated");
  *out = (int32_t)((uint32_t)in->p[0] << 24 | (uint32_t)in->p[1] << 16 | (uint32_t)in->p[2] << 8 |
                   in->p[3]);
  in->p += 4;
  return 0;
}

static double rx_double_at(const unsigned char *p) {
  uint64_t u = 0;
  for (int i = 0; i < 8; i++) u = u << 8 | p[i];
  double d;
  memcpy(&d, &u, sizeof d);
  return d;
}

static rx *rx_new(rx_in *in, int type) {
  rx *x = rf_arena_alloc(in->arena, sizeof *x);
  if (!x) {
    if (!in->failed) in->status = rf_error_set(in->err, RF_ENOMEM, "%s: out of memory", in->label);
    in->failed = 1;
    return NULL;
  }
  *x = rx_nil_node;
  x->type = type;
  x->attr = x->tag = x->car = x->cdr = RX_NILP;
  return x;
}

static int rx_ref_add(rx_in *in, rx *x) {
  rx **r = rf_grow(in->refs, &in->refs_cap, in->nrefs + 1, sizeof *r, 64);
  if (!r) return rx_fail(in, "out of memory");
  in->refs = r;
  in->refs[in->nrefs++] = x;
  return 0;
}

/* a vector length: -1 announces a long length in two more ints; at least
 * unit bytes per item must remain */
static int rx_length(rx_in *in, size_t unit, int64_t *n) {
  int32_t a;
  if (rx_int(in, &a)) return -1;
  int64_t len = a;
  if (a == -1) {
    int32_t hi, lo;
    if (rx_int(in, &hi) || rx_int(in, &lo)) return -1;
    len = (int64_t)((uint64_t)(uint32_t)hi << 32 | (uint32_t)lo);
  }
  if (len < 0) return rx_fail(in, "negative length");
  if (unit && (uint64_t)len > (uint64_t)(in->end - in->p) / unit)
    return rx_fail(in, "length beyond the end of the data");
  *n = len;
  return 0;
}

static rx *rx_item(rx_in *in, int depth);

static rx *rx_item_flags(rx_in *in, int32_t flags, int depth);

/* a CHARSXP (flags already read) */
static rx *rx_charsxp(rx_in *in) {
  int32_t len;
  if (rx_int(in, &len)) return NULL;
  rx *x = rx_new(in, RX_CHAR);
  if (!x) return NULL;
  if (len == -1) return x; /* NA_STRING: v stays NULL */
  if (len < 0 || len > in->end - in->p) return rx_fail(in, "bad string length"), NULL;
  x->v = rf_arena_strndup(in->arena, (const char *)in->p, (size_t)len);
  if (!x->v) return rx_fail(in, "out of memory"), NULL;
  x->n = len;
  in->p += len;
  return x;
}

/* pairlist-like types: attr, tag, car, then the cdr chain iteratively */
static rx *rx_pairlist(rx_in *in, int32_t flags, int depth) {
  rx *head = NULL, *prev = NULL;
  for (;;) {
    int type = flags & 0xFF;
    rx *x = rx_new(in, type);
    if (!x) return NULL;
    if ((flags & (1 << 9)) && !(x->attr = rx_item(in, depth + 1))) return NULL;
    if ((flags & (1 << 10)) && !(x->tag = rx_item(in, depth + 1))) return NULL;
    if (!(x->car = rx_item(in, depth + 1))) return NULL;
    if (prev)
      prev->cdr = x;
    else
      head = x;
    prev = x;
    if (rx_int(in, &flags)) return NULL;
    int t = flags & 0xFF;
    if (t != RX_LIST && t != RX_LANG && t != RX_CLO && t != RX_PROM && t != RX_DOT) {
      if (!(prev->cdr = rx_item_flags(in, flags, depth + 1))) return NULL;
      return head;
    }
  }
}

static rx *rx_vector(rx_in *in, int type, int depth) {
  rx *x = rx_new(in, type);
  if (!x) return NULL;
  size_t unit = type == RX_REAL ? 8 : type == RX_CPLX ? 16 : type == RX_RAW ? 1 : 4;
  if (rx_length(in, unit, &x->n)) return NULL;
  size_t n = (size_t)x->n;
  switch (type) {
  case RX_LGL:
  case RX_INT: {
    int32_t *v = rf_arena_alloc(in->arena, n * sizeof *v + 1);
    if (!v) return rx_fail(in, "out of memory"), NULL;
    for (size_t i = 0; i < n; i++) rx_int(in, &v[i]);
    x->v = v;
    break;
  }
  case RX_REAL: {
    double *v = rf_arena_alloc(in->arena, n * sizeof *v + 1);
    if (!v) return rx_fail(in, "out of memory"), NULL;
    for (size_t i = 0; i < n; i++, in->p += 8) v[i] = rx_double_at(in->p);
    x->v = v;
    break;
  }
  case RX_CPLX:
  case RX_RAW: in->p += n * unit; break; /* not needed for graphs */
  case RX_STR:
  case RX_VEC:
  case RX_EXPR: {
    rx **v = rf_arena_alloc(in->arena, n * sizeof *v + 1);
    if (!v) return rx_fail(in, "out of memory"), NULL;
    for (size_t i = 0; i < n; i++)
      if (!(v[i] = rx_item(in, depth + 1))) return NULL;
    x->v = v;
    break;
  }
  }
  return x;
}

/* compact sequences and wrappers that R 3.5+ may write (ALTREP) */
static rx *rx_altrep(rx_in *in, int depth) {
  rx *info = rx_item(in, depth + 1), *state = info ? rx_item(in, depth + 1) : NULL;
  rx *attr = state ? rx_item(in, depth + 1) : NULL;
  if (!attr) return NULL;
  const char *cls = info->type == RX_LIST && info->car->type == RX_SYM &&
                            info->car->car->type == RX_CHAR && info->car->car->v
                        ? info->car->car->v
                        : "";
  rx *x = NULL;
  if ((!strcmp(cls, "compact_intseq") || !strcmp(cls, "compact_realseq")) &&
      state->type == RX_REAL && state->n == 3) {
    const double *s = state->v;
    double len = s[0], n1 = s[1], inc = s[2];
    if (!(len >= 0 && len <= (double)(in->end - in->p) * 64 + 1e6))
      return rx_fail(in, "bad compact sequence"), NULL;
    int is_int = !strcmp(cls, "compact_intseq");
    x = rx_new(in, is_int ? RX_INT : RX_REAL);
    if (!x) return NULL;
    x->n = (int64_t)len;
    if (is_int) {
      int32_t *v = rf_arena_alloc(in->arena, (size_t)x->n * sizeof *v + 1);
      if (!v) return rx_fail(in, "out of memory"), NULL;
      for (int64_t i = 0; i < x->n; i++) {
        double d = n1 + (double)i * inc; /* an R integer: finite, within int32 */
        if (!(d > (double)INT32_MIN && d <= (double)INT32_MAX))
          return rx_fail(in, "bad compact integer sequence"), NULL;
        v[i] = (int32_t)d;
      }
      x->v = v;
    } else {
      double *v = rf_arena_alloc(in->arena, (size_t)x->n * sizeof *v + 1);
      if (!v) return rx_fail(in, "out of memory"), NULL;
      for (int64_t i = 0; i < x->n; i++) v[i] = n1 + (double)i * inc;
      x->v = v;
    }
  } else if (!strncmp(cls, "wrap_", 5) && state->type == RX_LIST && state->car->type != RX_NIL) {
    x = state->car; /* list(x, metadata) */
  } else if (!strcmp(cls, "deferred_string") && state->type == RX_LIST) {
    rx *src = state->car; /* numbers shown as strings */
    x = rx_new(in, RX_STR);
    if (!x) return NULL;
    x->n = src->type == RX_INT || src->type == RX_REAL ? src->n : 0;
    rx **v = rf_arena_alloc(in->arena, (size_t)x->n * sizeof *v + 1);
    if (!v) return rx_fail(in, "out of memory"), NULL;
    for (int64_t i = 0; i < x->n; i++) {
      char buf[32];
      if (src->type == RX_INT)
        snprintf(buf, sizeof buf, "%d", ((const int32_t *)src->v)[i]);
      else
        snprintf(buf, sizeof buf, "%.15g", ((const double *)src->v)[i]);
      if (!(v[i] = rx_new(in, RX_CHAR)) || !(v[i]->v = rf_arena_strdup(in->arena, buf)))
        return rx_fail(in, "out of memory"), NULL;
    }
    x->v = v;
  } else {
    return rx_fail(in, "unsupported compact R vector (ALTREP)"), NULL;
  }
  if (attr->type != RX_NIL) x->attr = attr;
  return x;
}

/* Byte code (a compiled function saved with the data): read to be skipped.
 * Its constants hold language objects whose shared parts are numbered in a
 * table of reps slots (BCREPDEF n / BCREPREF n). */
static int rx_bc1(rx_in *in, int32_t nreps, int depth);

static int rx_bc_lang(rx_in *in, int32_t type, int32_t nreps, int depth) {
  if (depth > RF_I_RDA_DEPTH) return rx_fail(in, "nested too deeply");
  int32_t pos;
  switch (type) {
  case RX_BCREPREF:
    if (rx_int(in, &pos)) return -1;
    return pos >= 0 && pos < nreps ? 0 : rx_fail(in, "bad byte-code reference");
  case RX_BCREPDEF:
    if (rx_int(in, &pos) || rx_int(in, &type)) return -1;
    if (pos < 0 || pos >= nreps) return rx_fail(in, "bad byte-code reference");
    __attribute__((fallthrough)); /* type is now the language type */
  case RX_LANG:
  case RX_LIST:
  case RX_ATTRLANG:
  case RX_ATTRLIST:
    if (type != RX_LANG && type != RX_LIST && type != RX_ATTRLANG && type != RX_ATTRLIST)
      return rx_fail(in, "bad byte-code constant");
    if ((type == RX_ATTRLANG || type == RX_ATTRLIST) && !rx_item(in, depth + 1)) return -1;
    if (!rx_item(in, depth + 1)) return -1; /* tag */
    for (int k = 0; k < 2; k++) {           /* car, then cdr */
      int32_t t;
      if (rx_int(in, &t) || rx_bc_lang(in, t, nreps, depth + 1)) return -1;
    }
    return 0;
  default: return rx_item(in, depth + 1) ? 0 : -1; /* after a pad word */
  }
}

static int rx_bc1(rx_in *in, int32_t nreps, int depth) {
  if (depth > RF_I_RDA_DEPTH) return rx_fail(in, "nested too deeply");
  int32_t n;
  if (!rx_item(in, depth + 1) || rx_int(in, &n)) return -1; /* the code, the constants */
  if (n < 0 || n > (in->end - in->p) / 4) return rx_fail(in, "bad byte-code constants");
  for (int32_t i = 0; i < n; i++) {
    int32_t type;
    if (rx_int(in, &type)) return -1;
    if (type == RX_BCODE ? rx_bc1(in, nreps, depth + 1) : rx_bc_lang(in, type, nreps, depth + 1))
      return -1;
  }
  return 0;
}

static rx *rx_item_flags(rx_in *in, int32_t flags, int depth) {
  if (depth > RF_I_RDA_DEPTH) return rx_fail(in, "nested too deeply"), NULL;
  int type = flags & 0xFF, hasattr = (flags >> 9) & 1;
  rx *x = NULL;
  switch (type) {
  case RX_NILVALUE:
  case RX_EMPTYENV:
  case RX_BASEENV:
  case RX_GLOBALENV:
  case RX_UNBOUND:
  case RX_MISSING:
  case RX_BASENS: return RX_NILP;
  case RX_REF: {
    int32_t i = flags >> 8;
    if (!i && rx_int(in, &i)) return NULL;
    if (i < 1 || (size_t)i > in->nrefs) return rx_fail(in, "bad reference"), NULL;
    return in->refs[i - 1];
  }
  case RX_PERSIST:
  case RX_PACKAGE:
  case RX_NAMESPACE: {
    int32_t zero;
    if (rx_int(in, &zero)) return NULL;
    if (!(x = rx_vector(in, RX_STR, depth))) return NULL;
    x->type = type;
    return rx_ref_add(in, x) ? NULL : x;
  }
  case RX_SYM:
    if (!(x = rx_new(in, RX_SYM)) || !(x->car = rx_item(in, depth + 1))) return NULL;
    return rx_ref_add(in, x) ? NULL : x;
  case RX_ENV: {
    int32_t locked;
    if (rx_int(in, &locked) || !(x = rx_new(in, RX_ENV)) || rx_ref_add(in, x)) return NULL;
    rx *enclos = rx_item(in, depth + 1), *frame = enclos ? rx_item(in, depth + 1) : NULL;
    rx *hash = frame ? rx_item(in, depth + 1) : NULL;
    if (!hash || !(x->attr = rx_item(in, depth + 1))) return NULL;
    x->car = frame;
    x->cdr = hash;
    return x;
  }
  case RX_LIST:
  case RX_LANG:
  case RX_CLO:
  case RX_PROM:
  case RX_DOT: return rx_pairlist(in, flags, depth);
  case RX_CHAR: x = rx_charsxp(in); break;
  case RX_LGL:
  case RX_INT:
  case RX_REAL:
  case RX_CPLX:
  case RX_STR:
  case RX_VEC:
  case RX_EXPR:
  case RX_RAW: x = rx_vector(in, type, depth); break;
  case RX_S4: x = rx_new(in, RX_S4); break;
  case RX_SPECIAL:
  case RX_BUILTIN: {
    int32_t len;
    if (rx_int(in, &len)) return NULL;
    if (len < 0 || len > in->end - in->p) return rx_fail(in, "bad builtin name"), NULL;
    in->p += len;
    x = rx_new(in, type);
    break;
  }
  case RX_EXTPTR:
    if (!(x = rx_new(in, RX_EXTPTR)) || rx_ref_add(in, x) || !(x->car = rx_item(in, depth + 1)) ||
        !(x->tag = rx_item(in, depth + 1)))
      return NULL;
    break;
  case RX_WEAKREF:
    if (!(x = rx_new(in, RX_WEAKREF)) || rx_ref_add(in, x)) return NULL;
    break;
  case RX_ALTREP: return rx_altrep(in, depth);
  case RX_BCODE: {
    int32_t nreps;
    if (rx_int(in, &nreps)) return NULL;
    if (nreps < 0 || nreps > in->end - in->p) return rx_fail(in, "bad byte code"), NULL;
    if (rx_bc1(in, nreps, depth) || !(x = rx_new(in, RX_BCODE))) return NULL;
    break;
  }
  default: {
    char what[64];
    snprintf(what, sizeof what, "unsupported R object type %d", type);
    return rx_fail(in, what), NULL;
  }
  }
  if (!x) return NULL;
  if (hasattr) {
    rx *a = rx_item(in, depth + 1);
    if (!a) return NULL;
    if (type != RX_CHAR) x->attr = a;
  }
  return x;
}

static rx *rx_item(rx_in *in, int depth) {
  int32_t flags;
  if (in->failed || rx_int(in, &flags)) return NULL;
  return rx_item_flags(in, flags, depth);
}

/* ------------------------------------------------------ decompression */

int rf_graph_i_rda_magic(const unsigned char *p, size_t n) {
  if (n >= 5 && (!memcmp(p, "RDX2\n", 5) || !memcmp(p, "RDX3\n", 5))) return 1;
  return n >= 6 && !memcmp(p, "X\n\0\0\0", 5) && (p[5] == 2 || p[5] == 3);
}

/* ------------------------------------------------------------ graphs */

static const rx *rx_attr(const rx *x, const char *name) {
  for (const rx *a = x->attr; a && a->type == RX_LIST; a = a->cdr)
    if (a->tag->type == RX_SYM && a->tag->car->v && !strcmp(a->tag->car->v, name)) return a->car;
  return NULL;
}

static int rx_is_igraph(const rx *x) {
  if (x->type != RX_VEC || x->n < 9) return 0;
  const rx *cls = rx_attr(x, "class");
  if (!cls || cls->type != RX_STR) return 0;
  for (int64_t i = 0; i < cls->n; i++) {
    const rx *c = ((rx **)cls->v)[i];
    if (c->v && !strcmp(c->v, "igraph")) return 1;
  }
  return 0;
}

/* the element named name of a named list, or NULL */
static const rx *rx_named(const rx *list, const char *name) {
  if (list->type != RX_VEC) return NULL;
  const rx *nm = rx_attr(list, "names");
  if (!nm || nm->type != RX_STR) return NULL;
  for (int64_t i = 0; i < nm->n && i < list->n; i++) {
    const rx *c = ((rx **)nm->v)[i];
    if (c->v && !strcmp(c->v, name)) return ((rx **)list->v)[i];
  }
  return NULL;
}

static int rx_num(const rx *x, int64_t i, double *out) {
  if (!x || i < 0 || i >= x->n) return -1;
  if (x->type == RX_REAL) {
    *out = ((const double *)x->v)[i];
    return 0;
  }
  if (x->type == RX_INT || x->type == RX_LGL) {
    int32_t v = ((const int32_t *)x->v)[i];
    if (v == INT32_MIN) return -1; /* NA */
    *out = v;
    return 0;
  }
  return -1;
}

typedef struct rf_i_rgraph {
  const rx *g;
  char *name; /* "object", "object$element" or "object[[k]]" */
} rf_i_rgraph;

typedef struct rf_i_rfound {
  rf_i_rgraph *v;
  size_t n, cap;
  rf_arena *arena;
} rf_i_rfound;

static int rf_i_collect(rf_i_rfound *f, const rx *x, const char *name, int depth) {
  if (rx_is_igraph(x)) {
    rf_i_rgraph *v = rf_grow(f->v, &f->cap, f->n + 1, sizeof *v, 8);
    if (!v) return -1;
    f->v = v;
    if (!(f->v[f->n].name = rf_arena_strdup(f->arena, name))) return -1;
    f->v[f->n++].g = x;
    return 0;
  }
  if (x->type != RX_VEC || depth >= 3) return 0;
  const rx *nm = rx_attr(x, "names");
  for (int64_t i = 0; i < x->n; i++) {
    char sub[512];
    const rx *c = nm && nm->type == RX_STR && i < nm->n ? ((rx **)nm->v)[i] : NULL;
    if (c && c->v && *(const char *)c->v)
      snprintf(sub, sizeof sub, "%s$%s", name, (const char *)c->v);
    else
      snprintf(sub, sizeof sub, "%s[[%lld]]", name, (long long)i + 1);
    if (rf_i_collect(f, ((rx **)x->v)[i], sub, depth + 1)) return -1;
  }
  return 0;
}

/* does want pick candidate k (name, last name part after '$', or 1-based
 * index among the candidates)? */
static int rf_i_pick(const rf_i_rgraph *g, size_t k, const char *want) {
  if (!want || !*want) return 1;
  if (!strcmp(g->name, want)) return 1;
  const char *d = strrchr(g->name, '$');
  if (d && !strcmp(d + 1, want)) return 1;
  char *end;
  unsigned long long i = strtoull(want, &end, 10);
  return !*end && i == k + 1;
}

/* vertex v's name: a string, a factor's level, or a number (buf); NULL
 * when there is none or it is NA */
static const char *rf_i_vertex_name(const rx *names, uint32_t v, char *buf, size_t cap) {
  if (!names || v >= names->n) return NULL;
  if (names->type == RX_STR) return ((rx **)names->v)[v]->v;
  double x;
  if (rx_num(names, v, &x)) return NULL;
  const rx *lev = names->type == RX_INT ? rx_attr(names, "levels") : NULL;
  if (lev && lev->type == RX_STR) /* a factor: 1-based codes into its levels */
    return x >= 1 && x <= (double)lev->n ? ((rx **)lev->v)[(int64_t)x - 1]->v : NULL;
  snprintf(buf, cap, "%.15g", x);
  return buf;
}

static rf_status rf_i_add_igraph(rf_graph_builder *b, const rf_i_rgraph *rg, const char *label,
                                 const rf_graph_read_opts *o, rf_graph_read_stats *st,
                                 rf_error *err) {
  const rx *const *it = (const rx *const *)rg->g->v;
  double nv, dir;
  if (rx_num(it[0], 0, &nv) || !(nv >= 0 && nv < 4e9))
    return rf_error_set(err, RF_EPARSE, "%s: %s: the igraph vertex count is not a count", label,
                        rg->name);
  if (rx_num(it[1], 0, &dir)) dir = 0;
  if (dir) rf_graph_i_builder_set_directed(b, 1);
  const rx *from = it[2], *to = it[3];
  if ((from->type != RX_REAL && from->type != RX_INT) || from->type != to->type || from->n != to->n)
    return rf_error_set(err, RF_EPARSE, "%s: %s: igraph edge vectors of different types or lengths",
                        label, rg->name);
  const rx *attrs = it[8], *vnames = NULL, *weight = NULL, *vtype = NULL;
  if (attrs->type == RX_VEC && attrs->n >= 3) {
    /* (graph, vertex, edge) attribute lists, after a version vector since
     * igraph 1.0 */
    const rx *va = ((rx **)attrs->v)[attrs->n - 2], *ea = ((rx **)attrs->v)[attrs->n - 1];
    vnames = rx_named(va, "name");
    vtype = rx_named(va, "type");
    if (o->weighted) weight = rx_named(ea, "weight");
  }
  /* the count must be backed by the object (the index vector os holds n + 1
   * entries, the names n), not just claimed by it */
  const rx *os = it[6];
  if ((os->type != RX_REAL && os->type != RX_INT) || (double)os->n != nv + 1)
    if (!vnames || vnames->type != RX_STR || (double)vnames->n != nv)
      return rf_error_set(err, RF_EPARSE,
                          "%s: %s: igraph vertex count %.0f does not match its index vectors",
                          label, rg->name, nv);
  uint32_t n = (uint32_t)nv;
  /* igraph's 2-mode convention: a logical vertex attribute "type"; projected
   * onto the FALSE vertices unless both modes are asked for */
  const int32_t *mode =
      vtype && vtype->type == RX_LGL && vtype->n == (int64_t)n && !o->bipartite ? vtype->v : NULL;
#define RF_I_EVENT(v) (mode && mode[v] == 1)
  uint32_t *ids = malloc(((size_t)n + 1) * sizeof *ids);
  rf_graph_i_tie *ties = mode ? malloc(((size_t)from->n + 1) * sizeof *ties) : NULL;
  size_t nties = 0, people = 0;
  if (!ids || (mode && !ties)) {
    free(ids);
    free(ties);
    return rf_error_set(err, RF_ENOMEM, "%s: out of memory", label);
  }
  rf_buf tmp;
  rf_buf_init(&tmp);
  for (uint32_t v = 0; v < n; v++) {
    ids[v] = UINT32_MAX;
    if (RF_I_EVENT(v)) continue;
    people++;
    char num[32];
    const char *lab = rf_i_vertex_name(vnames, v, num, sizeof num);
    if (!lab || !*lab) {
      snprintf(num, sizeof num, "%u", v + 1); /* R numbers vertices from 1 */
      lab = num;
    }
    int recoded = 0;
    const char *u = rf_text_utf8(&tmp, lab, &recoded); /* R may keep Latin-1 strings */
    if (u && recoded && !st->recoded++)
      rf_graph_i_reject(o, st, RF_OK,
                        "%s: %s: vertex name is not UTF-8; read as Windows-1252 (Latin-1): '%.60s'",
                        label, rg->name, u);
    int64_t id = u ? rf_graph_builder_node(b, u) : -1;
    if (id < 0) {
      rf_buf_free(&tmp);
      free(ids);
      free(ties);
      return rf_error_set(err, RF_ENOMEM, "%s: out of memory", label);
    }
    ids[v] = (uint32_t)id;
  }
  rf_buf_free(&tmp);
  for (int64_t e = 0; e < from->n; e++) {
    double u, v, w = 1;
    st->rows++;
    if (rx_num(from, e, &u) || rx_num(to, e, &v) || !(u >= 0 && u < nv) || !(v >= 0 && v < nv) ||
        u != floor(u) || v != floor(v)) {
      st->rejected++;
      rf_graph_i_reject(o, st, RF_EPARSE, "%s: %s: edge %lld: endpoint not a vertex of the graph",
                        label, rg->name, (long long)e + 1);
      continue;
    }
    uint32_t a = (uint32_t)u, c = (uint32_t)v;
    if (RF_I_EVENT(a) != RF_I_EVENT(c)) { /* a person at an event */
      /* a person at an event: the event is an object vertex id, the person a node */
      ties[nties++] = RF_I_EVENT(a) ? (rf_graph_i_tie){a, ids[c]} : (rf_graph_i_tie){c, ids[a]};
      st->edges++;
      continue;
    }
    if (RF_I_EVENT(a)) { /* event -- event: no person to tie */
      st->skipped++;
      continue;
    }
    if (weight && rx_num(weight, e, &w)) w = NAN;
    if (weight && !(isfinite(w) && w > 0)) {
      st->rejected++;
      st->nonpositive++;
      rf_graph_i_reject(o, st, RF_EPARSE, "%s: %s: edge %lld: weight %g is not positive", label,
                        rg->name, (long long)e + 1, w);
      continue;
    }
    if (rf_graph_builder_edge_id(b, ids[a], ids[c], w, 0) != RF_OK) {
      free(ids);
      free(ties);
      return rf_error_set(err, RF_ENOMEM, "%s: out of memory", label);
    }
    if (u == v) st->self_loops++;
    st->edges++;
  }
#undef RF_I_EVENT
  rf_status s = RF_OK;
  if (mode) {
    char what[600];
    snprintf(what, sizeof what, "%s: %s: projecting the 2-mode graph", label, rg->name);
    s = rf_graph_i_project(b, ties, nties, what, err);
    if (!s)
      rf_graph_i_reject(o, st, RF_OK,
                        "%s: note: %s is 2-mode (vertex attribute type): projected onto its %zu "
                        "type-FALSE vertices, weight = shared type-TRUE vertices (bipartite "
                        "keeps both modes)",
                        label, rg->name, people);
  }
  free(ties);
  free(ids);
  return s;
}

static rf_status rf_i_rda_parse(rx_in *in, rx **top, int *is_rda) {
  *is_rda = in->end - in->p >= 5 && in->p[0] == 'R' && in->p[1] == 'D';
  if (*is_rda) {
    if (memcmp(in->p, "RDX2\n", 5) && memcmp(in->p, "RDX3\n", 5))
      return rf_error_set(in->err, RF_EPARSE,
                          "%s: R data saved in ASCII or native format; save it with "
                          "save(..., ascii = FALSE) (XDR, R's default)",
                          in->label);
    in->p += 5;
  }
  if (in->end - in->p < 2 || in->p[0] != 'X' || in->p[1] != '\n')
    return rf_error_set(in->err, RF_EPARSE,
                        "%s: not R data (expected an R serialisation in XDR format)", in->label);
  in->p += 2;
  int32_t version, wv, mv;
  if (rx_int(in, &version) || rx_int(in, &wv) || rx_int(in, &mv)) return in->status;
  if (version != 2 && version != 3)
    return rf_error_set(in->err, RF_EPARSE, "%s: R serialisation version %d is not 2 or 3",
                        in->label, version);
  if (version == 3) {
    int32_t nelen;
    if (rx_int(in, &nelen)) return in->status;
    if (nelen < 0 || nelen > in->end - in->p)
      return rf_error_set(in->err, RF_EPARSE, "%s: bad native encoding", in->label);
    in->p += nelen;
  }
  *top = rx_item(in, 0);
  return *top ? RF_OK : in->status;
}

rf_status rf_graph_i_read_rda(rf_graph_builder *b, const char *data, size_t len, const char *label,
                              const rf_graph_read_opts *o, rf_graph_read_stats *st, rf_error *err) {
  const unsigned char *p = (const unsigned char *)data;
  unsigned char *raw = NULL;
  size_t rlen = len;
  rf_status s = rf_graph_i_unpack(p, len, RF_I_RDA_MAX, 0, &raw, &rlen, label, err);
  if (s) return s;
  rf_arena arena;
  rf_arena_init(&arena, 1 << 16);
  const unsigned char *d = raw ? raw : p;
  rx_in in = {d, d, d + rlen, &arena, NULL, 0, 0, label, err, RF_OK, 0};
  rx *top = NULL;
  int is_rda = 0;
  rf_i_rfound f = {NULL, 0, 0, &arena};
  s = rf_i_rda_parse(&in, &top, &is_rda);
  if (!s) {
    /* save(): a pairlist of named objects; saveRDS(): the object itself */
    if (is_rda && top->type == RX_LIST) {
      for (const rx *x = top; x->type == RX_LIST && !s; x = x->cdr) {
        const char *nm = x->tag->type == RX_SYM && x->tag->car->v ? x->tag->car->v : "object";
        if (rf_i_collect(&f, x->car, nm, 0)) s = rf_error_set(err, RF_ENOMEM, "out of memory");
      }
    } else if (rf_i_collect(&f, top, "object", 0)) {
      s = rf_error_set(err, RF_ENOMEM, "out of memory");
    }
  }
  if (!s && !f.n) s = rf_error_set(err, RF_ENOTFOUND, "%s: no igraph object in this R file", label);
  size_t picked = 0;
  for (size_t k = 0; !s && k < f.n; k++)
    if (rf_i_pick(&f.v[k], k, o->object)) {
      s = rf_i_add_igraph(b, &f.v[k], label, o, st, err);
      picked++;
    }
  if (!s && !picked) {
    rf_buf names;
    rf_buf_init(&names);
    for (size_t k = 0; k < f.n; k++)
      rf_buf_printf(&names, "%s%zu=%s", k ? ", " : "", k + 1, f.v[k].name);
    s = rf_error_set(err, RF_ENOTFOUND, "%s: no graph '%s'; the file holds %s", label, o->object,
                     names.data ? names.data : "");
    rf_buf_free(&names);
  }
  if (!s && picked > 1) {
    rf_buf names;
    rf_buf_init(&names);
    for (size_t k = 0; k < f.n; k++)
      if (rf_i_pick(&f.v[k], k, o->object))
        rf_buf_printf(&names, "%s%s", names.len ? ", " : "", f.v[k].name);
    rf_graph_i_reject(o, st, RF_OK,
                      "%s: %zu graphs read as one (parallel edges merged): %.600s; pick one "
                      "with FILE:NAME or FILE:K",
                      label, picked, names.data ? names.data : "");
    rf_buf_free(&names);
  }
  free(f.v);
  free(in.refs);
  rf_arena_destroy(&arena);
  free(raw);
  return s;
}
