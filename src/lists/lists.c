/* OFAC legacy-CSV loader: the SDN set (sdn.csv, alt.csv, add.csv,
 * sdn_comments.csv) and the consolidated non-SDN set (cons_prim.csv,
 * cons_alt.csv, cons_add.csv, cons_comments.csv). See docs/lists.md. */
#include "lists_i.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define RF_I_MAX_STORED_WARNINGS 1000 /* per load; the count is always exact */
#define RF_I_MAX_FILE (1 << 30)       /* bytes per list file (SDN is ~5 MB) */

typedef struct rf_i_ver {
  rf_list_version v;
  rf_list_file files[4];
  size_t nfiles;
  rf_list_program_count *progs;
  size_t nprogs;
  size_t types[5];
  rf_arena *arena; /* owns this version's entities and strings */
} rf_i_ver;

typedef struct rf_i_post {
  uint32_t ent, next; /* next = index+1, 0 = end */
} rf_i_post;

struct rf_lists {
  rf_entity **ents;
  size_t n, cap;
  rf_i_ver *vers;
  size_t nvers, vcap;
  char **warn;
  size_t nwarn, wcap;
  rf_strmap uids; /* "LIST\x1fuid" -> id, uid_ent[id] = entity index */
  uint32_t *uid_ent;
  size_t uid_cap;
  rf_strmap names; /* folded name -> id */
  uint32_t *nhead, *ntail;
  size_t ncap;
  rf_i_post *post;
  size_t npost, pcap;
};

/* ------------------------------------------------------------ entity type */

const char *rf_entity_type_str(rf_entity_type t) {
  switch (t) {
  case RF_ENT_PERSON: return "person";
  case RF_ENT_ORGANIZATION: return "organization";
  case RF_ENT_VESSEL: return "vessel";
  case RF_ENT_AIRCRAFT: return "aircraft";
  default: return "unknown";
  }
}

rf_entity_type rf_entity_type_parse(const char *s) {
  if (!s) return RF_ENT_UNKNOWN;
  static const struct {
    const char *s;
    rf_entity_type t;
  } m[] = {{"person", RF_ENT_PERSON},
           {"individual", RF_ENT_PERSON},
           {"organization", RF_ENT_ORGANIZATION},
           {"organisation", RF_ENT_ORGANIZATION},
           {"company", RF_ENT_ORGANIZATION},
           {"entity", RF_ENT_ORGANIZATION},
           {"legalentity", RF_ENT_ORGANIZATION},
           {"vessel", RF_ENT_VESSEL},
           {"aircraft", RF_ENT_AIRCRAFT}};
  for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
    if (!rf_strcasecmp_ascii(s, m[i].s)) return m[i].t;
  return RF_ENT_UNKNOWN;
}

/* ------------------------------------------------------------- lifecycle */

rf_status rf_lists_new(rf_lists **out) {
  *out = calloc(1, sizeof **out);
  if (!*out) return RF_ENOMEM;
  rf_strmap_init(&(*out)->uids);
  rf_strmap_init(&(*out)->names);
  return RF_OK;
}

void rf_lists_free(rf_lists *l) {
  if (!l) return;
  for (size_t i = 0; i < l->nvers; i++) {
    rf_arena_destroy(l->vers[i].arena);
    free(l->vers[i].arena);
  }
  for (size_t i = 0; i < l->nwarn; i++) free(l->warn[i]);
  free(l->warn);
  free(l->vers);
  free(l->ents);
  free(l->uid_ent);
  free(l->nhead);
  free(l->ntail);
  free(l->post);
  rf_strmap_destroy(&l->uids);
  rf_strmap_destroy(&l->names);
  free(l);
}

size_t rf_lists_count(const rf_lists *l) { return l ? l->n : 0; }
const rf_entity *rf_lists_get(const rf_lists *l, size_t i) {
  return l && i < l->n ? l->ents[i] : NULL;
}
size_t rf_lists_nversions(const rf_lists *l) { return l ? l->nvers : 0; }
const rf_list_version *rf_lists_version(const rf_lists *l, size_t i) {
  return l && i < l->nvers ? &l->vers[i].v : NULL;
}
size_t rf_lists_nwarnings(const rf_lists *l) { return l ? l->nwarn : 0; }
const char *rf_lists_warning(const rf_lists *l, size_t i) {
  return l && i < l->nwarn ? l->warn[i] : NULL;
}
size_t rf_list_version_nfiles(const rf_lists *l, size_t v) {
  return l && v < l->nvers ? l->vers[v].nfiles : 0;
}
const rf_list_file *rf_list_version_file(const rf_lists *l, size_t v, size_t i) {
  return l && v < l->nvers && i < l->vers[v].nfiles ? &l->vers[v].files[i] : NULL;
}
size_t rf_list_version_nprograms(const rf_lists *l, size_t v) {
  return l && v < l->nvers ? l->vers[v].nprogs : 0;
}
const rf_list_program_count *rf_list_version_program(const rf_lists *l, size_t v, size_t i) {
  return l && v < l->nvers && i < l->vers[v].nprogs ? &l->vers[v].progs[i] : NULL;
}
size_t rf_list_version_type_count(const rf_lists *l, size_t v, rf_entity_type t) {
  return l && v < l->nvers && (unsigned)t < 5 ? l->vers[v].types[t] : 0;
}

static size_t rf_i_uidkey(char *buf, size_t cap, const char *list, const char *uid) {
  int n = snprintf(buf, cap, "%s\x1f%s", list, uid);
  return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}

/* A uid key is live if it points at a loaded entity with that key (keys of
 * a load rolled back after out-of-memory stay interned but dead). */
static int rf_i_uid_valid(const rf_lists *l, int64_t id, const char *list, const char *uid) {
  if (id < 0 || (size_t)id >= l->uid_cap) return 0;
  uint32_t k = l->uid_ent[id];
  return k < l->n && !strcmp(l->ents[k]->list, list) && !strcmp(l->ents[k]->uid, uid);
}

const rf_entity *rf_lists_find(const rf_lists *l, const char *list, const char *uid) {
  if (!l || !uid) return NULL;
  for (int i = 0; i < RF_I_NSETS; i++) {
    const char *li = list ? list : rf_i_set_names[i];
    char key[256];
    size_t n = rf_i_uidkey(key, sizeof key, li, uid);
    int64_t id = rf_strmap_get(&l->uids, key, n);
    if (rf_i_uid_valid(l, id, li, uid)) return l->ents[l->uid_ent[id]];
    if (list) break;
  }
  return NULL;
}

/* ------------------------------------------------------------ name index */

#define RF_I_NAMEKEY 1024 /* folded names are compared on their first 1023 bytes */

/* ASCII lower case, runs of white space collapsed, trimmed. */
static size_t rf_i_fold(const char *s, char *out, size_t cap) {
  size_t j = 0;
  int sp = 0;
  while (*s && isspace((unsigned char)*s)) s++;
  for (; *s && j + 1 < cap; s++) {
    unsigned char c = (unsigned char)*s;
    if (isspace(c)) {
      sp = 1;
      continue;
    }
    if (sp && j) out[j++] = ' ';
    sp = 0;
    if (j + 1 < cap) out[j++] = (char)tolower(c);
  }
  out[j] = '\0';
  return j;
}

static int rf_i_index_name(rf_lists *l, uint32_t ent, const char *name) {
  char buf[RF_I_NAMEKEY];
  size_t n = rf_i_fold(name, buf, RF_I_NAMEKEY);
  if (!n) return 0;
  int ins = 0;
  int64_t id = rf_strmap_intern(&l->names, buf, n, &ins);
  if (id < 0) return -1;
  if ((size_t)id >= l->ncap) {
    size_t cap = l->ncap ? l->ncap * 2 : 4096;
    while (cap <= (size_t)id) cap *= 2;
    uint32_t *h = realloc(l->nhead, cap * sizeof *h);
    if (!h) return -1;
    l->nhead = h;
    uint32_t *t = realloc(l->ntail, cap * sizeof *t);
    if (!t) return -1;
    l->ntail = t;
    l->ncap = cap;
  }
  if (ins) l->nhead[id] = l->ntail[id] = 0;
  if (l->ntail[id] && l->post[l->ntail[id] - 1].ent == ent) return 0; /* same entity again */
  if (l->npost == l->pcap) {
    size_t cap = l->pcap ? l->pcap * 2 : 8192;
    rf_i_post *p = realloc(l->post, cap * sizeof *p);
    if (!p) return -1;
    l->post = p;
    l->pcap = cap;
  }
  l->post[l->npost] = (rf_i_post){ent, 0};
  uint32_t pi = (uint32_t)++l->npost;
  if (l->ntail[id])
    l->post[l->ntail[id] - 1].next = pi;
  else
    l->nhead[id] = pi;
  l->ntail[id] = pi;
  return 0;
}

static size_t rf_i_find_exact(const rf_lists *l, const char *key, size_t n, const rf_entity **out,
                              size_t max) {
  int64_t id = rf_strmap_get(&l->names, key, n);
  if (id < 0) return 0;
  size_t cnt = 0;
  for (uint32_t p = l->nhead[id]; p; p = l->post[p - 1].next) {
    if (cnt < max && out) out[cnt] = l->ents[l->post[p - 1].ent];
    cnt++;
  }
  return cnt;
}

size_t rf_lists_find_by_name(const rf_lists *l, const char *name, const rf_entity **out,
                             size_t max) {
  if (!l || !name) return 0;
  char buf[RF_I_NAMEKEY + 2];
  size_t n = rf_i_fold(name, buf, RF_I_NAMEKEY);
  if (!n) return 0;
  size_t c = rf_i_find_exact(l, buf, n, out, max);
  if (c) return c;
  if (buf[n - 1] == '.')
    n--;
  else
    buf[n++] = '.';
  buf[n] = '\0';
  return n ? rf_i_find_exact(l, buf, n, out, max) : 0;
}

/* ------------------------------------------------------------- warnings */

static int rf_i_store_warning(rf_lists *l, const char *msg) {
  char **w = rf_grow(l->warn, &l->wcap, l->nwarn + 1, sizeof *w, 64);
  if (!w) return -1;
  l->warn = w;
  char *d = strdup(msg);
  if (!d) return -1;
  l->warn[l->nwarn++] = d;
  return 0;
}

/* ----------------------------------------------------------------- loader */

enum { RF_I_PRIM = 0, RF_I_ALT, RF_I_ADD, RF_I_COMM };

const char *const rf_i_set_names[RF_I_NSETS] = {"SDN", "CONS", "CSL"};
const char *const rf_i_set_files[RF_I_NSETS][4] = {
    {"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"},
    {"cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"},
    {"consolidated.csv", "", "", ""}};
static const size_t rf_i_nfields[4] = {12, 5, 6, 2};
static const char *const rf_i_cols[4][12] = {
    {"ent_num", "SDN_Name", "SDN_Type", "Program", "Title", "Call_Sign", "Vess_type", "Tonnage",
     "GRT", "Vess_flag", "Vess_owner", "Remarks"},
    {"ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks"},
    {"ent_num", "add_num", "address", "city_state_zip", "country", "add_remarks"},
    {"ent_num", "remarks_extended"}};

typedef struct rf_i_src {
  const char *label; /* path or buffer label */
  const char *name;  /* canonical file name */
  const char *data;
  size_t len;
  int present;
} rf_i_src;

typedef struct rf_i_ld {
  rf_lists *l;
  rf_arena *a;
  const char *list;
  rf_i_vec ents; /* rf_entity* */
  rf_strmap uidx;
  size_t nwarn, warn_base;
  rf_error *err;
  const char *label;
  size_t line;
  size_t rejected; /* rows of the current file rejected with a warning */
} rf_i_ld;

static void rf_i_warn(rf_i_ld *ld, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void rf_i_warn(rf_i_ld *ld, const char *fmt, ...) {
  ld->nwarn++;
  if (ld->nwarn > RF_I_MAX_STORED_WARNINGS) return;
  char msg[1200];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  (void)rf_i_store_warning(ld->l, msg);
}

static int rf_i_bad_cp1252(unsigned c) {
  return c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D;
}

/* Field fi (0-based, named col) of the current row as an arena string;
 * NULL for OFAC's null "-0-" or an empty field; keep = keep the spaces
 * around it. Checks bytes, converts Latin-1. */
static rf_status rf_i_fld_named(rf_i_ld *ld, const char *col, size_t fi, int keep, const char *raw,
                                const char **out) {
  *out = NULL;
  size_t n = strlen(raw);
  int high = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)raw[i];
    if (c >= 0x20 && c < 0x7f) continue; /* printable ASCII: the common case */
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
      return rf_error_set(ld->err, RF_ENCODING, "%s:%zu: field %zu (%s): invalid byte 0x%02x",
                          ld->label, ld->line, fi + 1, col, c);
    if (c >= 0x80) high = 1;
  }
  /* OFAC's null is "-0-" (written "-0- "); remarks text keeps its spaces
   * because the comments file may continue it mid-sentence */
  const char *t = raw;
  size_t tn = n;
  while (tn && isspace((unsigned char)t[tn - 1])) tn--;
  while (tn && isspace((unsigned char)*t)) t++, tn--;
  if (!tn || (tn == 3 && !memcmp(t, "-0-", 3))) return RF_OK;
  if (!keep) {
    raw = t;
    n = tn;
  }
  if (high && !rf_utf8_valid(raw, n)) {
    for (size_t i = 0; i < n; i++)
      if (rf_i_bad_cp1252((unsigned char)raw[i]))
        return rf_error_set(ld->err, RF_ENCODING,
                            "%s:%zu: field %zu (%s): invalid byte 0x%02x (neither UTF-8 nor "
                            "Latin-1/Windows-1252 text)",
                            ld->label, ld->line, fi + 1, col, (unsigned char)raw[i]);
    rf_i_warn(ld, "%s:%zu: field %zu (%s): Latin-1 text converted to UTF-8", ld->label, ld->line,
              fi + 1, col);
    *out = rf_latin1_to_utf8(ld->a, raw, n);
  } else {
    *out = rf_arena_strndup(ld->a, raw, n);
  }
  return *out ? RF_OK : rf_error_set(ld->err, RF_ENOMEM, "out of memory");
}

/* field fi of an OFAC file of this kind (remarks keep their spaces: the
 * comments file may continue them mid-sentence) */
static rf_status rf_i_fld(rf_i_ld *ld, int kind, size_t fi, const char *raw, const char **out) {
  int keep = (kind == RF_I_PRIM && fi == 11) || (kind == RF_I_COMM && fi == 1);
  return rf_i_fld_named(ld, rf_i_cols[kind][fi], fi, keep, raw, out);
}

static rf_status rf_i_entnum(rf_i_ld *ld, const char *raw, const char **uid) {
  while (*raw == ' ') raw++;
  size_t n = strlen(raw);
  while (n && raw[n - 1] == ' ') n--;
  int ok = n > 0 && n <= 18;
  for (size_t i = 0; ok && i < n; i++) ok = isdigit((unsigned char)raw[i]);
  if (!ok)
    return rf_error_set(ld->err, RF_EPARSE, "%s:%zu: field 1 (ent_num): '%.40s' is not a number",
                        ld->label, ld->line, raw);
  *uid = raw;
  return RF_OK;
}

/* Looks up the entity a companion row refers to; NULL (+warning) if none. */
static rf_entity *rf_i_owner(rf_i_ld *ld, const char *uid, const char *what, uint32_t *idx) {
  int64_t id = rf_strmap_get(&ld->uidx, uid, strlen(uid));
  if (idx) *idx = id < 0 ? 0 : (uint32_t)id;
  if (id < 0) {
    ld->rejected++;
    rf_i_warn(ld, "%s:%zu: field 1 (ent_num): %s row for unknown entry %s (row rejected)",
              ld->label, ld->line, what, uid);
    return NULL;
  }
  return ((rf_entity **)ld->ents.data)[id];
}

typedef struct rf_i_alt {
  uint32_t ent, seq;
  rf_entity_name nm;
} rf_i_alt;
typedef struct rf_i_addr {
  uint32_t ent, seq;
  rf_address ad;
} rf_i_addr;

static int rf_i_cmp_alt(const void *x, const void *y) {
  const rf_i_alt *a = x, *b = y;
  return a->ent != b->ent ? (a->ent < b->ent ? -1 : 1) : (a->seq < b->seq ? -1 : a->seq > b->seq);
}
static int rf_i_cmp_addr(const void *x, const void *y) {
  const rf_i_addr *a = x, *b = y;
  return a->ent != b->ent ? (a->ent < b->ent ? -1 : 1) : (a->seq < b->seq ? -1 : a->seq > b->seq);
}

/* Strips OFAC's trailing EOF marker and checks that the file ends with a
 * line break (a file cut short mid-line is truncated). */
static rf_status rf_i_prepare(rf_i_ld *ld, const rf_i_src *s, size_t *len) {
  size_t n = s->len;
  if (n == 0)
    return rf_error_set(ld->err, RF_EEMPTY, "%s:1: empty file (0 bytes); expected OFAC %s rows",
                        s->label, s->name);
  if (s->data[n - 1] == 0x1a) n--; /* DOS end-of-file marker OFAC appends */
  if (n && s->data[n - 1] != '\n' && s->data[n - 1] != '\r') {
    size_t lines = 1;
    for (size_t i = 0; i < n; i++) lines += s->data[i] == '\n';
    return rf_error_set(ld->err, RF_EPARSE,
                        "%s:%zu: file truncated: the last line has no line end (download cut "
                        "short?)",
                        s->label, lines);
  }
  *len = n;
  return RF_OK;
}

/* a blank line: rejected with a warning (1), else 0 */
static int rf_i_blank_row(rf_i_ld *ld, char **f, size_t nf) {
  if (nf != 1 || *rf_trim(f[0])) return 0;
  ld->rejected++;
  rf_i_warn(ld, "%s:%zu: blank line (row rejected)", ld->label, ld->line);
  return 1;
}

static rf_status rf_i_read_rows(rf_i_ld *ld, int kind, const rf_i_src *s, rf_list_file *lf,
                                rf_i_vec *alts, rf_i_vec *addrs) {
  size_t len = 0;
  rf_status st = rf_i_prepare(ld, s, &len);
  if (st) return st;
  rf_csv *c;
  rf_csv_opts o = {0};
  o.trim = 1;
  o.max_fields = 64;
  if ((st = rf_csv_open_mem(&c, s->data, len, s->label, &o, ld->err))) return st;
  ld->label = s->label;
  char **f;
  size_t nf;
  size_t rows = 0;
  ld->rejected = 0;
  while ((st = rf_csv_next(c, &f, &nf, ld->err)) == RF_OK) {
    ld->line = rf_csv_line(c);
    rows++;
    if (rf_i_blank_row(ld, f, nf)) continue;
    if (nf != rf_i_nfields[kind]) {
      st = rf_error_set(ld->err, RF_EPARSE,
                        "%s:%zu: field %zu: wrong field count: expected %zu fields (%s ... %s), "
                        "found %zu",
                        ld->label, ld->line, nf < rf_i_nfields[kind] ? nf + 1 : nf,
                        rf_i_nfields[kind], rf_i_cols[kind][0],
                        rf_i_cols[kind][rf_i_nfields[kind] - 1], nf);
      break;
    }
    const char *uid = NULL;
    if ((st = rf_i_entnum(ld, f[0], &uid))) break;
    if (kind == RF_I_PRIM) {
      const char *v[12];
      for (size_t i = 1; i < 12 && !st; i++) st = rf_i_fld(ld, kind, i, f[i], &v[i]);
      if (st) break;
      if (!v[1]) {
        st = rf_error_set(ld->err, RF_EPARSE, "%s:%zu: field 2 (SDN_Name): empty name", ld->label,
                          ld->line);
        break;
      }
      int ins = 0;
      int64_t id = rf_strmap_intern(&ld->uidx, uid, strlen(uid), &ins);
      if (id < 0) {
        st = rf_error_set(ld->err, RF_ENOMEM, "out of memory");
        break;
      }
      if (!ins) {
        ld->rejected++;
        rf_i_warn(ld, "%s:%zu: field 1 (ent_num): duplicate entry %s (row rejected; first kept)",
                  ld->label, ld->line, uid);
        continue;
      }
      rf_entity *e = rf_arena_alloc(ld->a, sizeof *e);
      rf_entity_name *nm = rf_arena_alloc(ld->a, sizeof *nm);
      const char *uidc = rf_arena_strdup(ld->a, uid);
      if (!e || !nm || !uidc || rf_i_vec_push(&ld->ents, &e)) {
        st = rf_error_set(ld->err, RF_ENOMEM, "out of memory");
        break;
      }
      memset(e, 0, sizeof *e);
      e->list = ld->list;
      e->uid = uidc;
      nm->name = v[1];
      nm->kind = RF_NAME_PRIMARY;
      nm->weak = 0;
      e->names = nm;
      e->nnames = 1;
      e->name = v[1];
      if (!v[2])
        e->type = RF_ENT_ORGANIZATION;
      else if (!rf_strcasecmp_ascii(v[2], "individual"))
        e->type = RF_ENT_PERSON;
      else if (!rf_strcasecmp_ascii(v[2], "vessel"))
        e->type = RF_ENT_VESSEL;
      else if (!rf_strcasecmp_ascii(v[2], "aircraft"))
        e->type = RF_ENT_AIRCRAFT;
      else {
        e->type = RF_ENT_UNKNOWN;
        rf_i_warn(ld, "%s:%zu: field 3 (SDN_Type): unknown type '%.40s' (kept as unknown)",
                  ld->label, ld->line, v[2]);
      }
      if (!v[3])
        rf_i_warn(ld, "%s:%zu: field 4 (Program): entry %s has no program", ld->label, ld->line,
                  uid);
      else if (rf_lists_programs_parse(e, v[3], ld->a)) {
        st = rf_error_set(ld->err, RF_ENOMEM, "out of memory");
        break;
      }
      e->title = v[4];
      e->call_sign = v[5];
      e->vessel_type = v[6];
      e->tonnage = v[7];
      e->grt = v[8];
      e->vessel_flag = v[9];
      e->vessel_owner = v[10];
      e->remarks = v[11];
    } else if (kind == RF_I_COMM) {
      const char *txt;
      if ((st = rf_i_fld(ld, kind, 1, f[1], &txt))) break;
      rf_entity *e = rf_i_owner(ld, uid, "comments", NULL);
      if (!e) continue;
      if (!txt) continue; /* empty continuation: nothing to join */
      /* the comments text continues the remarks exactly where sdn.csv cut
       * them (often mid-word), so the two are joined without a separator */
      size_t n1 = e->remarks ? strlen(e->remarks) : 0;
      size_t n2 = strlen(txt);
      char *j = rf_arena_alloc(ld->a, n1 + n2 + 1);
      if (!j) {
        st = rf_error_set(ld->err, RF_ENOMEM, "out of memory");
        break;
      }
      if (n1) memcpy(j, e->remarks, n1);
      memcpy(j + n1, txt, n2 + 1);
      e->remarks = j;
    } else if (kind == RF_I_ALT) {
      const char *v[5];
      for (size_t i = 1; i < 5 && !st; i++) st = rf_i_fld(ld, kind, i, f[i], &v[i]);
      if (st) break;
      uint32_t owner = 0;
      rf_entity *e = rf_i_owner(ld, uid, "alias", &owner);
      if (!e) continue;
      if (!v[3]) {
        ld->rejected++;
        rf_i_warn(ld, "%s:%zu: field 4 (alt_name): empty alias for entry %s (row rejected)",
                  ld->label, ld->line, uid);
        continue;
      }
      rf_i_alt al = {0};
      al.ent = owner;
      al.seq = (uint32_t)alts->n;
      al.nm.name = v[3];
      al.nm.kind = RF_NAME_AKA;
      if (v[2]) {
        if (!rf_strcasecmp_ascii(v[2], "fka"))
          al.nm.kind = RF_NAME_FKA;
        else if (!rf_strcasecmp_ascii(v[2], "nka"))
          al.nm.kind = RF_NAME_NKA;
        else if (rf_strcasecmp_ascii(v[2], "aka"))
          rf_i_warn(ld, "%s:%zu: field 3 (alt_type): unknown alias type '%.20s' (taken as aka)",
                    ld->label, ld->line, v[2]);
      }
      if (v[4] && strstr(v[4], "weak")) al.nm.weak = 1;
      if (rf_i_vec_push(alts, &al)) {
        st = rf_error_set(ld->err, RF_ENOMEM, "out of memory");
        break;
      }
    } else { /* RF_I_ADD */
      const char *v[6];
      for (size_t i = 1; i < 6 && !st; i++) st = rf_i_fld(ld, kind, i, f[i], &v[i]);
      if (st) break;
      uint32_t owner = 0;
      rf_entity *e = rf_i_owner(ld, uid, "address", &owner);
      if (!e) continue;
      if (!v[2] && !v[3] && !v[4]) continue; /* OFAC writes all-null address rows */
      rf_i_addr ad = {0};
      ad.ent = owner;
      ad.seq = (uint32_t)addrs->n;
      ad.ad.address = v[2];
      ad.ad.city = v[3];
      ad.ad.country = v[4];
      if (rf_i_vec_push(addrs, &ad)) {
        st = rf_error_set(ld->err, RF_ENOMEM, "out of memory");
        break;
      }
    }
  }
  if (st == RF_EEMPTY) st = RF_OK;
  if (!st && kind == RF_I_PRIM && ld->ents.n == 0)
    st = rf_error_set(ld->err, RF_EEMPTY, "%s:1: no entries in the file", s->label);
  rf_csv_close(c);
  lf->rows = rows;
  lf->rejected = ld->rejected;
  return st;
}

/* ------------------------------------------- trade.gov Consolidated Screening List
 * consolidated.csv: one row per entry of eleven US export-control and
 * sanctions lists (SDN, SSI, FSE, Entity List, Denied Persons, ...), columns
 * found by name. Several values sit in one field separated by ';' (aliases,
 * programs, addresses, dates of birth); identity documents and other facts
 * are "label, value[, country]" items. Those, the dates and places of birth
 * and the nationalities are written as OFAC remarks ("DOB 05 Dec 1978;
 * Passport 836238033 (KP)") and read by the remarks parser like the SDN's. */
enum {
  RF_I_CSL_ID,
  RF_I_CSL_SOURCE,
  RF_I_CSL_ENTNUM,
  RF_I_CSL_TYPE,
  RF_I_CSL_PROGRAMS,
  RF_I_CSL_NAME,
  RF_I_CSL_TITLE,
  RF_I_CSL_ADDRESSES,
  RF_I_CSL_CALLSIGN,
  RF_I_CSL_VTYPE,
  RF_I_CSL_TONNAGE,
  RF_I_CSL_GRT,
  RF_I_CSL_VFLAG,
  RF_I_CSL_VOWNER,
  RF_I_CSL_REMARKS,
  RF_I_CSL_ALT,
  RF_I_CSL_CITIZEN,
  RF_I_CSL_DOB,
  RF_I_CSL_NATIONALITY,
  RF_I_CSL_POB,
  RF_I_CSL_IDS,
  RF_I_CSL_NCOLS
};
static const char *const rf_i_csl_cols[RF_I_CSL_NCOLS] = {
    "_id",          "source",         "entity_number", "type",
    "programs",     "name",           "title",         "addresses",
    "call_sign",    "vessel_type",    "gross_tonnage", "gross_registered_tonnage",
    "vessel_flag",  "vessel_owner",   "remarks",       "alt_names",
    "citizenships", "dates_of_birth", "nationalities", "places_of_birth",
    "ids"};

/* the ';'-separated items of s, trimmed, empty ones skipped: calls fn for each */
static int rf_i_csl_items(const char *s, int (*fn)(void *, const char *, size_t), void *ud) {
  while (s && *s) {
    const char *e = strchr(s, ';');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    const char *t = s;
    while (n && isspace((unsigned char)*t)) t++, n--;
    while (n && isspace((unsigned char)t[n - 1])) n--;
    if (n && fn(ud, t, n)) return -1;
    s = e ? e + 1 : NULL;
  }
  return 0;
}

typedef struct rf_i_csl_row {
  rf_i_ld *ld;
  rf_entity *e;
  rf_i_vec names, addrs;
  rf_buf rem; /* the remarks written the OFAC way */
} rf_i_csl_row;

static int rf_i_csl_alias(void *ud, const char *s, size_t n) {
  rf_i_csl_row *r = ud;
  rf_entity_name nm = {rf_arena_strndup(r->ld->a, s, n), RF_NAME_AKA, 0};
  return !nm.name || rf_i_vec_push(&r->names, &nm);
}

static int rf_i_csl_program(void *ud, const char *s, size_t n) {
  rf_i_csl_row *r = ud;
  const char *p = rf_arena_strndup(r->ld->a, s, n);
  return !p || rf_lists_programs_parse(r->e, p, r->ld->a) != RF_OK;
}

/* "street, city, postal code, CC": the last item is the country */
static int rf_i_csl_address(void *ud, const char *s, size_t n) {
  rf_i_csl_row *r = ud;
  rf_address ad = {0};
  const char *c = s + n;
  while (c > s && c[-1] != ',') c--;
  size_t cn = (size_t)(s + n - c), an = c > s ? (size_t)(c - s) - 1 : 0; /* without the comma */
  while (cn && isspace((unsigned char)*c)) c++, cn--;
  while (an && isspace((unsigned char)s[an - 1])) an--;
  ad.country = cn ? rf_arena_strndup(r->ld->a, c, cn) : NULL;
  ad.address = an ? rf_arena_strndup(r->ld->a, s, an) : NULL;
  if ((cn && !ad.country) || (an && !ad.address)) return -1;
  return rf_i_vec_push(&r->addrs, &ad);
}

/* "1978-12-05" -> "DOB 05 Dec 1978"; other forms ("1955", "circa 1960") as written */
static int rf_i_csl_dob(void *ud, const char *s, size_t n) {
  static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  rf_i_csl_row *r = ud;
  int y, m, d;
  char tail;
  char tmp[64];
  snprintf(tmp, sizeof tmp, "%.*s", (int)(n < 63 ? n : 63), s);
  if (sscanf(tmp, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && m >= 1 && m <= 12 && d >= 1 &&
      d <= 31)
    return rf_buf_printf(&r->rem, "DOB %02d %s %04d; ", d, mon[m - 1], y);
  if (sscanf(tmp, "%4d-%2d%c", &y, &m, &tail) == 2 && m >= 1 && m <= 12)
    return rf_buf_printf(&r->rem, "DOB %s %04d; ", mon[m - 1], y);
  return rf_buf_printf(&r->rem, "DOB %.*s; ", (int)n, s);
}

static int rf_i_csl_pob(void *ud, const char *s, size_t n) {
  return rf_buf_printf(&((rf_i_csl_row *)ud)->rem, "POB %.*s; ", (int)n, s);
}
static int rf_i_csl_nat(void *ud, const char *s, size_t n) {
  return rf_buf_printf(&((rf_i_csl_row *)ud)->rem, "nationality %.*s; ", (int)n, s);
}
static int rf_i_csl_citizen(void *ud, const char *s, size_t n) {
  return rf_buf_printf(&((rf_i_csl_row *)ud)->rem, "citizen %.*s; ", (int)n, s);
}

/* "Passport, 836238033, KP" -> "Passport 836238033 (KP)"; "Gender, Male" ->
 * "Gender Male"; "Secondary sanctions risk:, text" -> "Secondary sanctions
 * risk: text" */
static int rf_i_csl_ident(void *ud, const char *s, size_t n) {
  rf_i_csl_row *r = ud;
  const char *c1 = memchr(s, ',', n);
  if (!c1) return rf_buf_printf(&r->rem, "%.*s; ", (int)n, s);
  size_t ln = (size_t)(c1 - s);
  const char *v = c1 + 1;
  size_t vn = n - ln - 1;
  while (vn && *v == ' ') v++, vn--;
  const char *c2 = memchr(v, ',', vn);
  /* a third item of two letters is the issuing country */
  if (c2 && s + n - (c2 + 1) <= 3 && s + n - (c2 + 1) >= 2) {
    const char *cc = c2 + 1;
    while (*cc == ' ') cc++;
    return rf_buf_printf(&r->rem, "%.*s %.*s (%.*s); ", (int)ln, s, (int)(c2 - v), v,
                         (int)(s + n - cc), cc);
  }
  return rf_buf_printf(&r->rem, "%.*s %.*s; ", (int)ln, s, (int)vn, v);
}

static rf_entity_type rf_i_csl_type(rf_i_ld *ld, const char *t) {
  if (!t) return RF_ENT_UNKNOWN; /* BIS and State lists leave it out for people and firms */
  if (!rf_strcasecmp_ascii(t, "individual")) return RF_ENT_PERSON;
  if (!rf_strcasecmp_ascii(t, "entity")) return RF_ENT_ORGANIZATION;
  if (!rf_strcasecmp_ascii(t, "vessel")) return RF_ENT_VESSEL;
  if (!rf_strcasecmp_ascii(t, "aircraft")) return RF_ENT_AIRCRAFT;
  rf_i_warn(ld, "%s:%zu: field type: unknown type '%.40s' (kept as unknown)", ld->label, ld->line,
            t);
  return RF_ENT_UNKNOWN;
}

/* one row of consolidated.csv into an entity; v = its fields by column */
static rf_status rf_i_csl_entity(rf_i_ld *ld, const char *const v[RF_I_CSL_NCOLS]) {
  const char *uid = v[RF_I_CSL_ID] ? v[RF_I_CSL_ID] : v[RF_I_CSL_ENTNUM];
  char lineid[32];
  if (!uid) { /* neither _id nor entity_number: the line identifies the row */
    snprintf(lineid, sizeof lineid, "L%zu", ld->line);
    uid = lineid;
  }
  int ins = 0;
  int64_t id = rf_strmap_intern(&ld->uidx, uid, strlen(uid), &ins);
  if (id < 0) return rf_error_set(ld->err, RF_ENOMEM, "out of memory");
  if (!ins) {
    ld->rejected++;
    rf_i_warn(ld, "%s:%zu: field _id: duplicate entry %s (row rejected; first kept)", ld->label,
              ld->line, uid);
    return RF_OK;
  }
  rf_i_csl_row r = {.ld = ld};
  rf_i_vec_init(&r.names, sizeof(rf_entity_name));
  rf_i_vec_init(&r.addrs, sizeof(rf_address));
  rf_buf_init(&r.rem);
  rf_entity *e = rf_arena_alloc(ld->a, sizeof *e);
  rf_entity_prop *src = rf_arena_alloc(ld->a, sizeof *src);
  const char *uidc = rf_arena_strdup(ld->a, uid);
  int oom = !e || !src || !uidc || rf_i_vec_push(&ld->ents, &e);
  if (!oom) {
    memset(e, 0, sizeof *e);
    r.e = e;
    e->list = ld->list;
    e->uid = uidc;
    e->type = rf_i_csl_type(ld, v[RF_I_CSL_TYPE]);
    rf_entity_name prim = {v[RF_I_CSL_NAME], RF_NAME_PRIMARY, 0};
    oom = rf_i_vec_push(&r.names, &prim) || rf_i_csl_items(v[RF_I_CSL_ALT], rf_i_csl_alias, &r) ||
          rf_i_csl_items(v[RF_I_CSL_PROGRAMS], rf_i_csl_program, &r) ||
          rf_i_csl_items(v[RF_I_CSL_ADDRESSES], rf_i_csl_address, &r) ||
          rf_i_csl_items(v[RF_I_CSL_DOB], rf_i_csl_dob, &r) ||
          rf_i_csl_items(v[RF_I_CSL_POB], rf_i_csl_pob, &r) ||
          rf_i_csl_items(v[RF_I_CSL_NATIONALITY], rf_i_csl_nat, &r) ||
          rf_i_csl_items(v[RF_I_CSL_CITIZEN], rf_i_csl_citizen, &r) ||
          rf_i_csl_items(v[RF_I_CSL_IDS], rf_i_csl_ident, &r) ||
          (v[RF_I_CSL_REMARKS] && rf_buf_printf(&r.rem, "%s", v[RF_I_CSL_REMARKS]));
  }
  if (!oom) {
    e->names = rf_i_lists_concat(ld->a, NULL, 0, r.names.data, r.names.n, sizeof *e->names);
    e->nnames = r.names.n;
    e->name = v[RF_I_CSL_NAME];
    if (r.addrs.n) {
      e->addresses =
          rf_i_lists_concat(ld->a, NULL, 0, r.addrs.data, r.addrs.n, sizeof *e->addresses);
      e->naddresses = r.addrs.n;
    }
    e->remarks = r.rem.len ? rf_arena_strndup(ld->a, r.rem.data, r.rem.len) : NULL;
    /* which of the US lists the entry is on */
    src->key = "Source";
    src->value = v[RF_I_CSL_SOURCE];
    if (src->value) {
      e->props = src;
      e->nprops = 1;
    }
    e->title = v[RF_I_CSL_TITLE];
    e->call_sign = v[RF_I_CSL_CALLSIGN];
    e->vessel_type = v[RF_I_CSL_VTYPE];
    e->tonnage = v[RF_I_CSL_TONNAGE];
    e->grt = v[RF_I_CSL_GRT];
    e->vessel_flag = v[RF_I_CSL_VFLAG];
    e->vessel_owner = v[RF_I_CSL_VOWNER];
    oom = !e->names || (r.addrs.n && !e->addresses) || (r.rem.len && !e->remarks);
  }
  rf_i_vec_free(&r.names);
  rf_i_vec_free(&r.addrs);
  rf_buf_free(&r.rem);
  return oom ? rf_error_set(ld->err, RF_ENOMEM, "out of memory") : RF_OK;
}

static rf_status rf_i_read_csl(rf_i_ld *ld, const rf_i_src *s, rf_list_file *lf) {
  /* trade.gov's file may end without a line break; a row cut short still
   * fails (an open quote, or too few fields) */
  size_t len = s->len;
  rf_status st = RF_OK;
  if (!len) return rf_error_set(ld->err, RF_EEMPTY, "%s:1: empty file (0 bytes)", s->label);
  const char *data = s->data;
  if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) data += 3, len -= 3; /* byte-order mark */
  rf_csv *c;
  rf_csv_opts o = {0};
  o.trim = 1;
  o.max_fields = 256;
  if ((st = rf_csv_open_mem(&c, data, len, s->label, &o, ld->err))) return st;
  ld->label = s->label;
  ld->line = 1;
  ld->rejected = 0;
  char **f;
  size_t nf, ncols = 0, rows = 0;
  int col[RF_I_CSL_NCOLS];
  st = rf_csv_next(c, &f, &nf, ld->err);
  if (st == RF_EEMPTY) st = rf_error_set(ld->err, RF_EEMPTY, "%s:1: no header", s->label);
  if (!st) {
    ncols = nf;
    for (int k = 0; k < RF_I_CSL_NCOLS; k++) col[k] = rf_csv_col(f, nf, rf_i_csl_cols[k]);
    if (col[RF_I_CSL_NAME] < 0)
      st = rf_error_set(ld->err, RF_ENOTFOUND,
                        "%s:1: missing column 'name' (a trade.gov Consolidated Screening List "
                        "has _id,source,...,name,...,alt_names,...)",
                        s->label);
  }
  while (!st && (st = rf_csv_next(c, &f, &nf, ld->err)) == RF_OK) {
    ld->line = rf_csv_line(c);
    rows++;
    if (rf_i_blank_row(ld, f, nf)) continue;
    if (nf != ncols) {
      st = rf_error_set(ld->err, RF_EPARSE,
                        "%s:%zu: field %zu: wrong field count: expected %zu fields as in the "
                        "header, found %zu",
                        ld->label, ld->line, nf < ncols ? nf + 1 : ncols + 1, ncols, nf);
      break;
    }
    const char *v[RF_I_CSL_NCOLS] = {0};
    for (int k = 0; k < RF_I_CSL_NCOLS && !st; k++)
      if (col[k] >= 0)
        st = rf_i_fld_named(ld, rf_i_csl_cols[k], (size_t)col[k], 0, f[col[k]], &v[k]);
    if (st) break;
    if (!v[RF_I_CSL_NAME]) {
      ld->rejected++;
      rf_i_warn(ld, "%s:%zu: field %d (name): empty name (row rejected)", ld->label, ld->line,
                col[RF_I_CSL_NAME] + 1);
      continue;
    }
    st = rf_i_csl_entity(ld, v);
  }
  if (st == RF_EEMPTY) st = RF_OK;
  if (!st && ld->ents.n == 0)
    st = rf_error_set(ld->err, RF_EEMPTY, "%s:1: no entries in the file", s->label);
  rf_csv_close(c);
  lf->rows = rows;
  lf->rejected = ld->rejected;
  return st;
}

static rf_status rf_i_attach(rf_i_ld *ld, rf_i_vec *alts, rf_i_vec *addrs) {
  rf_entity **ents = ld->ents.data;
  if (alts->n) {
    rf_i_alt *v = alts->data;
    qsort(v, alts->n, sizeof *v, rf_i_cmp_alt);
    for (size_t i = 0; i < alts->n;) {
      size_t j = i;
      while (j < alts->n && v[j].ent == v[i].ent) j++;
      rf_entity *e = ents[v[i].ent];
      rf_entity_name *nn = rf_arena_alloc(ld->a, (e->nnames + (j - i)) * sizeof *nn);
      if (!nn) return rf_error_set(ld->err, RF_ENOMEM, "out of memory");
      memcpy(nn, e->names, e->nnames * sizeof *nn);
      for (size_t k = i; k < j; k++) nn[e->nnames + (k - i)] = v[k].nm;
      e->names = nn;
      e->nnames += j - i;
      i = j;
    }
  }
  if (addrs->n) {
    rf_i_addr *v = addrs->data;
    qsort(v, addrs->n, sizeof *v, rf_i_cmp_addr);
    for (size_t i = 0; i < addrs->n;) {
      size_t j = i;
      while (j < addrs->n && v[j].ent == v[i].ent) j++;
      rf_entity *e = ents[v[i].ent];
      rf_address *na = rf_arena_alloc(ld->a, (j - i) * sizeof *na);
      if (!na) return rf_error_set(ld->err, RF_ENOMEM, "out of memory");
      for (size_t k = i; k < j; k++) na[k - i] = v[k].ad;
      e->addresses = na;
      e->naddresses = j - i;
      i = j;
    }
  }
  for (size_t i = 0; i < ld->ents.n; i++)
    if (rf_lists_remarks_parse(ents[i], ents[i]->remarks, ld->a))
      return rf_error_set(ld->err, RF_ENOMEM, "out of memory");
  return RF_OK;
}

static int rf_i_cmp_prog(const void *x, const void *y) {
  return strcmp(((const rf_list_program_count *)x)->program,
                ((const rf_list_program_count *)y)->program);
}

/* Moves a successfully parsed set into l. */
static rf_status rf_i_commit(rf_i_ld *ld, rf_i_ver *ver) {
  rf_lists *l = ld->l;
  rf_entity **ents = ld->ents.data;
  size_t need = l->n + ld->ents.n;
  if (need > l->cap) {
    size_t cap = l->cap ? l->cap : 1024;
    while (cap < need) cap *= 2;
    rf_entity **p = realloc(l->ents, cap * sizeof *p);
    if (!p) return rf_error_set(ld->err, RF_ENOMEM, "out of memory");
    l->ents = p;
    l->cap = cap;
  }
  rf_strmap progs;
  rf_strmap_init(&progs);
  rf_i_vec pc;
  rf_i_vec_init(&pc, sizeof(size_t));
  size_t names = 0;
  rf_status st = RF_OK;
  for (size_t i = 0; i < ld->ents.n && !st; i++) {
    rf_entity *e = ents[i];
    char key[256];
    size_t kn = rf_i_uidkey(key, sizeof key, e->list, e->uid);
    int ins = 0;
    int64_t id = rf_strmap_intern(&l->uids, key, kn, &ins);
    if (id < 0) {
      st = rf_error_set(ld->err, RF_ENOMEM, "out of memory");
      break;
    }
    if (!ins && rf_i_uid_valid(l, id, e->list, e->uid)) {
      rf_i_warn(ld, "%s: entry %s %s is already loaded from another directory (skipped)",
                ver->v.dir, e->list, e->uid);
      continue;
    }
    uint32_t *ue = rf_grow(l->uid_ent, &l->uid_cap, (size_t)id + 1, sizeof *ue, 4096);
    if (!ue) {
      st = rf_error_set(ld->err, RF_ENOMEM, "out of memory");
      break;
    }
    l->uid_ent = ue;
    e->index = l->n;
    l->uid_ent[id] = (uint32_t)l->n;
    l->ents[l->n++] = e;
    names += e->nnames;
    ver->types[e->type < 5 ? e->type : 0]++;
    for (size_t k = 0; k < e->nnames && !st; k++)
      if (rf_i_index_name(l, (uint32_t)e->index, e->names[k].name))
        st = rf_error_set(ld->err, RF_ENOMEM, "out of memory");
    for (size_t k = 0; k < e->nprograms && !st; k++) {
      int pins = 0;
      int64_t pid = rf_strmap_intern(&progs, e->programs[k], strlen(e->programs[k]), &pins);
      size_t zero = 0;
      if (pid < 0 || (pins && rf_i_vec_push(&pc, &zero)))
        st = rf_error_set(ld->err, RF_ENOMEM, "out of memory");
      else
        ((size_t *)pc.data)[pid]++;
    }
  }
  if (!st) {
    ver->nprogs = progs.n;
    ver->progs = rf_arena_alloc(ver->arena, (progs.n ? progs.n : 1) * sizeof *ver->progs);
    if (!ver->progs) st = rf_error_set(ld->err, RF_ENOMEM, "out of memory");
    for (size_t i = 0; !st && i < progs.n; i++) {
      ver->progs[i].program = rf_arena_strdup(ver->arena, progs.keys[i]);
      ver->progs[i].entities = ((size_t *)pc.data)[i];
    }
    if (!st) qsort(ver->progs, ver->nprogs, sizeof *ver->progs, rf_i_cmp_prog);
  }
  rf_strmap_destroy(&progs);
  rf_i_vec_free(&pc);
  ver->v.entities = ld->ents.n;
  ver->v.names = names;
  return st;
}

static rf_status rf_i_load_set(rf_lists *l, const char *list, const char *dir, rf_i_src src[4],
                               rf_error *err) {
  rf_i_ld ld;
  memset(&ld, 0, sizeof ld);
  ld.l = l;
  ld.list = !strcmp(list, "SDN") ? "SDN" : !strcmp(list, "CSL") ? "CSL" : "CONS";
  int csl = ld.list[1] == 'S'; /* one file, trade.gov's layout */
  ld.err = err;
  ld.warn_base = l->nwarn;
  rf_i_vec_init(&ld.ents, sizeof(rf_entity *));
  rf_strmap_init(&ld.uidx);
  rf_i_vec alts, addrs;
  rf_i_vec_init(&alts, sizeof(rf_i_alt));
  rf_i_vec_init(&addrs, sizeof(rf_i_addr));
  rf_i_ver ver;
  memset(&ver, 0, sizeof ver);
  ver.arena = malloc(sizeof *ver.arena);
  rf_status st = RF_OK;
  if (!ver.arena) st = rf_error_set(err, RF_ENOMEM, "out of memory");
  if (!st) {
    size_t total = 0; /* block size follows the input: 64 KiB .. 1 MiB */
    for (int k = 0; k < 4; k++) total += src[k].present ? src[k].len : 0;
    rf_arena_init(ver.arena, total < ((size_t)64 << 10)  ? (size_t)64 << 10
                             : total > ((size_t)1 << 20) ? (size_t)1 << 20
                                                         : total);
    ld.a = ver.arena;
  }
  for (int k = 0; k < (csl ? 1 : 4) && !st; k++) {
    if (!src[k].present) {
      rf_i_warn(&ld, "%s: companion file %s missing (loaded without it)", dir, src[k].name);
      continue;
    }
  }
  /* primary, comments (remarks continue there), aliases, addresses */
  static const int order[4] = {RF_I_PRIM, RF_I_COMM, RF_I_ALT, RF_I_ADD};
  if (csl && !st) st = rf_i_read_csl(&ld, &src[0], &ver.files[0]);
  for (int oi = 0; oi < 4 && !st && !csl; oi++) {
    int k = order[oi];
    if (!src[k].present) continue;
    st = rf_i_read_rows(&ld, k, &src[k], &ver.files[k], &alts, &addrs);
  }
  if (!st) st = rf_i_attach(&ld, &alts, &addrs);
  if (!st) {
    /* version: per-file hashes and a set hash over "name hash\n" lines */
    rf_buf b;
    rf_buf_init(&b);
    for (int k = 0; k < (csl ? 1 : 4); k++) {
      rf_list_file *f = &ver.files[k];
      f->name = src[k].name;
      if (!src[k].present) continue;
      char hex[65];
      rf_lists_sha256_hex(src[k].data, src[k].len, hex);
      f->sha256 = rf_arena_strdup(ver.arena, hex);
      f->bytes = src[k].len;
      rf_buf_printf(&b, "%s %s\n", f->name, hex);
    }
    ver.nfiles = csl ? 1 : 4;
    char hex[65];
    rf_lists_sha256_hex(b.data ? b.data : "", b.len, hex);
    rf_buf_free(&b);
    ver.v.sha256 = rf_arena_strdup(ver.arena, hex);
    ver.v.dir = rf_arena_strdup(ver.arena, dir);
    ver.v.list = ld.list;
    if (!ver.v.sha256 || !ver.v.dir) st = rf_error_set(err, RF_ENOMEM, "out of memory");
  }
  if (!st) {
    rf_i_ver *p = rf_grow(l->vers, &l->vcap, l->nvers + 1, sizeof *p, 4);
    if (!p)
      st = rf_error_set(err, RF_ENOMEM, "out of memory");
    else
      l->vers = p;
  }
  size_t n_before = l->n;
  if (!st) st = rf_i_commit(&ld, &ver);
  if (!st) {
    if (ld.nwarn > RF_I_MAX_STORED_WARNINGS) {
      char msg[256];
      snprintf(msg, sizeof msg, "%s: %zu more warnings not shown", dir,
               ld.nwarn - RF_I_MAX_STORED_WARNINGS);
      rf_i_store_warning(l, msg);
    }
    ver.v.warnings = ld.nwarn;
    l->vers[l->nvers++] = ver;
  } else {
    /* roll back: drop this set's warnings and entities */
    for (size_t i = ld.warn_base; i < l->nwarn; i++) free(l->warn[i]);
    l->nwarn = ld.warn_base;
    l->n = n_before; /* uid keys of dropped entries fail rf_i_uid_valid */
    if (ver.arena) {
      rf_arena_destroy(ver.arena);
      free(ver.arena);
    }
  }
  rf_i_vec_free(&ld.ents);
  rf_i_vec_free(&alts);
  rf_i_vec_free(&addrs);
  rf_strmap_destroy(&ld.uidx);
  return st;
}

/* --------------------------------------------------------------- files */

static rf_status rf_i_read_file(const char *path, char **data, size_t *len, rf_error *err) {
  *data = NULL;
  *len = 0;
  int kind = 0;
  FILE *fp = rf_fopen_read(path, &kind); /* compressed files read through */
  if (!fp) {
    if (errno == ENOENT) return RF_ENOTFOUND;
    return rf_error_set(err, RF_EIO, "%s: cannot open file: %s", path, strerror(errno));
  }
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  if (!buf) {
    fclose(fp);
    return rf_error_set(err, RF_ENOMEM, "out of memory");
  }
  for (;;) {
    if (n == cap) {
      char *p = realloc(buf, cap * 2);
      if (!p) {
        free(buf);
        fclose(fp);
        return rf_error_set(err, RF_ENOMEM, "out of memory");
      }
      buf = p;
      cap *= 2;
    }
    if (n >= RF_I_MAX_FILE) {
      free(buf);
      fclose(fp);
      return rf_error_set(err, RF_ELIMIT, "%s: larger than %d MiB, not an OFAC list file", path,
                          RF_I_MAX_FILE >> 20);
    }
    size_t r = fread(buf + n, 1, cap - n, fp);
    n += r;
    if (r == 0) break;
  }
  int bad = ferror(fp);
  fclose(fp);
  if (bad) {
    free(buf);
    return rf_error_set(err, RF_EIO, "%s: read error%s", path, rf_zfile_error_hint(kind));
  }
  *data = buf;
  *len = n;
  return RF_OK;
}

/* Finds dir/name, also in upper case (files saved from OFAC's service are
 * named SDN.CSV), each also compressed (sdn.csv.gz, .xz, .bz2: rf_path_find).
 * Returns a malloc'ed path of an existing file or NULL. */
static char *rf_i_find_file(const char *dir, const char *name) {
  size_t n = strlen(dir) + strlen(name) + 8;
  char *p = malloc(n);
  if (!p) return NULL;
  if (!rf_path_find(dir, name, p, n)) return p;
  char up[64];
  size_t k = 0;
  for (; name[k] && k + 1 < sizeof up; k++) up[k] = (char)toupper((unsigned char)name[k]);
  up[k] = '\0';
  if (!rf_path_find(dir, up, p, n)) return p;
  free(p);
  return NULL;
}

const char *rf_lists_dir_kind(const char *dir) {
  char *p = rf_i_find_file(dir, "sdn.csv");
  if (p) {
    free(p);
    return "SDN";
  }
  p = rf_i_find_file(dir, "cons_prim.csv");
  if (p) {
    free(p);
    return "CONS";
  }
  p = rf_i_find_file(dir, rf_i_set_files[RF_I_SET_CSL][0]);
  if (p) {
    free(p);
    return "CSL";
  }
  return NULL;
}

static rf_status rf_i_load_dir_set(rf_lists *l, const char *dir, const char *list,
                                   const char *const files[4], int allow_missing, rf_error *err) {
  rf_i_src src[4];
  char *paths[4] = {0};
  char *bufs[4] = {0};
  memset(src, 0, sizeof src);
  rf_status st = RF_OK;
  for (int k = 0; k < 4 && !st; k++) {
    src[k].name = files[k];
    if (!*files[k]) continue; /* a one-file list */
    paths[k] = rf_i_find_file(dir, files[k]);
    if (!paths[k]) {
      if (k == RF_I_PRIM || !allow_missing)
        st = rf_error_set(err, RF_ENOTFOUND,
                          "%s/%s: missing %s file of the %s set (it needs %s, %s, %s and %s)", dir,
                          files[k], k == RF_I_PRIM ? "primary" : "companion", list, files[0],
                          files[1], files[2], files[3]);
      continue;
    }
    st = rf_i_read_file(paths[k], &bufs[k], &src[k].len, err);
    if (st == RF_ENOTFOUND)
      st = rf_error_set(err, RF_ENOTFOUND, "%s: file vanished while loading", paths[k]);
    src[k].label = paths[k];
    src[k].data = bufs[k];
    src[k].present = !st;
  }
  if (!st) st = rf_i_load_set(l, list, dir, src, err);
  for (int k = 0; k < 4; k++) {
    free(paths[k]);
    free(bufs[k]);
  }
  return st;
}

rf_status rf_lists_load_dir_opts(rf_lists *l, const char *dir, int allow_missing, rf_error *err) {
  if (!l || !dir) return rf_error_set(err, RF_EINVAL, "rf_lists_load_dir: no list or dir");
  struct stat sb;
  if (stat(dir, &sb) || !S_ISDIR(sb.st_mode))
    return rf_error_set(err, RF_ENOTFOUND, "%s: not a directory (expected an OFAC list dir)", dir);
  char *sdn = rf_i_find_file(dir, "sdn.csv"), *cons = rf_i_find_file(dir, "cons_prim.csv");
  int has_sdn = sdn != NULL, has_cons = cons != NULL;
  free(sdn);
  free(cons);
  char *csl = !has_sdn && !has_cons ? rf_i_find_file(dir, rf_i_set_files[RF_I_SET_CSL][0]) : NULL;
  if (csl) { /* trade.gov's Consolidated Screening List */
    free(csl);
    return rf_i_load_dir_set(l, dir, "CSL", rf_i_set_files[RF_I_SET_CSL], 1, err);
  }
  if (!has_sdn && !has_cons) {
    /* companions without their primary: name the missing primary */
    for (int set = 0; set < 2; set++) {
      const char *const *files = rf_i_set_files[set];
      char found[256] = "";
      for (int k = 1; k < 4; k++) {
        char *p = rf_i_find_file(dir, files[k]);
        if (p) {
          size_t fl = strlen(found);
          snprintf(found + fl, sizeof found - fl, "%s%s", fl ? ", " : "", files[k]);
          free(p);
        }
      }
      if (*found)
        return rf_error_set(err, RF_ENOTFOUND,
                            "%s/%s: missing primary file of the %s set (found only %s)", dir,
                            files[0], rf_i_set_names[set], found);
    }
    return rf_error_set(err, RF_ENOTFOUND,
                        "%s: no list found (expected OFAC's sdn.csv or cons_prim.csv, or "
                        "trade.gov's consolidated.csv)",
                        dir);
  }
  rf_status st = RF_OK;
  if (has_sdn)
    st = rf_i_load_dir_set(l, dir, "SDN", rf_i_set_files[RF_I_SET_SDN], allow_missing, err);
  if (!st && has_cons)
    st = rf_i_load_dir_set(l, dir, "CONS", rf_i_set_files[RF_I_SET_CONS], allow_missing, err);
  return st;
}

rf_status rf_lists_load_dir(rf_lists *l, const char *dir, rf_error *err) {
  return rf_lists_load_dir_opts(l, dir, 0, err);
}

rf_status rf_lists_load_mem(rf_lists *l, const char *kind, const char *label, const char *prim,
                            size_t nprim, const char *alt, size_t nalt, const char *add,
                            size_t nadd, const char *comments, size_t ncomments, rf_error *err) {
  if (!l || !kind || !prim) return rf_error_set(err, RF_EINVAL, "rf_lists_load_mem: bad args");
  int cons = !rf_strcasecmp_ascii(kind, "CONS"), csl = !rf_strcasecmp_ascii(kind, "CSL");
  const char *const *files = rf_i_set_files[csl    ? RF_I_SET_CSL
                                            : cons ? RF_I_SET_CONS
                                                   : RF_I_SET_SDN];
  const char *data[4] = {prim, alt, add, comments};
  size_t lens[4] = {nprim, nalt, nadd, ncomments};
  char labels[4][512];
  rf_i_src src[4];
  memset(src, 0, sizeof src);
  for (int k = 0; k < 4; k++) {
    snprintf(labels[k], sizeof labels[k], "%s/%s", label ? label : "<mem>", files[k]);
    src[k].label = labels[k];
    src[k].name = files[k];
    src[k].data = data[k];
    src[k].len = lens[k];
    src[k].present = data[k] != NULL;
  }
  if (csl) src[1].present = src[2].present = src[3].present = 0;
  return rf_i_load_set(l, csl ? "CSL" : cons ? "CONS" : "SDN", label ? label : "<mem>", src, err);
}
