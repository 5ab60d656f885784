/* Graph readers: researchers' edge lists and adjacency matrices. The
 * transaction formats are in read_ingest.c. */
#include "graph/graph_i.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

rf_status rf_graph_format_parse(const char *s, rf_graph_format *out) {
  static const struct {
    const char *name;
    rf_graph_format f;
  } names[] = {
      {"edgelist", RF_GRAPH_EDGELIST}, {"edges", RF_GRAPH_EDGELIST}, {"matrix", RF_GRAPH_MATRIX},
      {"amlworld", RF_GRAPH_AMLWORLD}, {"amlsim", RF_GRAPH_AMLSIM},  {"redflag", RF_GRAPH_REDFLAG},
      {"rda", RF_GRAPH_RDA},           {"rds", RF_GRAPH_RDA},        {"r", RF_GRAPH_RDA}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (s && !rf_strcasecmp_ascii(s, names[i].name)) {
      *out = names[i].f;
      return RF_OK;
    }
  return RF_EINVAL;
}

const char *rf_graph_format_str(rf_graph_format f) {
  switch (f) {
  case RF_GRAPH_EDGELIST: return "edgelist";
  case RF_GRAPH_MATRIX: return "matrix";
  case RF_GRAPH_AMLWORLD: return "amlworld";
  case RF_GRAPH_AMLSIM: return "amlsim";
  case RF_GRAPH_REDFLAG: return "redflag";
  case RF_GRAPH_RDA: return "rda";
  }
  return "?";
}

static int rf_i_has(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  for (const char *p = hay; *p; p++)
    if (!strncasecmp(p, needle, n)) return 1;
  return 0;
}

/* "FILE:NAME" where path itself does not exist but FILE does: the file and
 * the graph NAME in it (*object; NULL for a plain path). file holds the
 * path to open. */
static void rf_i_split_object(const char *path, char *file, size_t cap, const char **object) {
  struct stat sb;
  *object = NULL;
  snprintf(file, cap, "%s", path);
  const char *c = strrchr(path, ':');
  if (!c || c == path || !strcmp(path, "-") || stat(path, &sb) == 0 || (size_t)(c - path) >= cap)
    return;
  char head[4096];
  snprintf(head, sizeof head, "%.*s", (int)(c - path), path);
  if (stat(head, &sb) != 0 || S_ISDIR(sb.st_mode)) return;
  snprintf(file, cap, "%s", head);
  *object = c + 1;
}

rf_status rf_graph_format_sniff(const char *arg, rf_graph_format *out, rf_error *err) {
  char path[4096];
  const char *object;
  rf_i_split_object(arg, path, sizeof path, &object);
  struct stat sb;
  if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
    *out = RF_GRAPH_AMLSIM;
    return RF_OK;
  }
  FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : NULL;
  if (!fp) {
    if (!strcmp(path, "-")) {
      *out = RF_GRAPH_EDGELIST;
      return RF_OK;
    }
    return rf_error_set(err, RF_EIO, "%s: cannot open: %s", path, strerror(errno));
  }
  char line[4096];
  size_t n = fread(line, 1, sizeof line - 1, fp);
  fclose(fp);
  line[n] = 0;
  /* compressed: the start of what it holds decides */
  unsigned char *head = NULL;
  size_t hn = 0;
  if (rf_compression_kind((const unsigned char *)line, n) &&
      rf_graph_i_unpack((const unsigned char *)line, n, sizeof line - 1, 1, &head, &hn, path,
                        err) == RF_OK &&
      head) {
    n = hn < sizeof line - 1 ? hn : sizeof line - 1;
    memcpy(line, head, n);
    line[n] = 0;
    free(head);
  }
  if (object || rf_graph_i_rda_magic((const unsigned char *)line, n)) {
    *out = RF_GRAPH_RDA;
    return RF_OK;
  }
  char *p = line;
  if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3;
  p[strcspn(p, "\r\n")] = 0;
  if (*p == '{')
    *out = RF_GRAPH_REDFLAG;
  else if (rf_i_has(p, "From Bank") || (rf_i_has(p, "Timestamp") && rf_i_has(p, "Account")))
    *out = RF_GRAPH_AMLWORLD;
  else if (rf_i_has(p, "orig_acct") || rf_i_has(p, "bene_acct"))
    *out = RF_GRAPH_AMLSIM;
  else if (rf_i_has(p, "orig_account") || rf_i_has(p, "bene_account"))
    *out = RF_GRAPH_REDFLAG;
  else if (*p == ',' || *p == ';' || *p == '\t' || !strncmp(p, "\"\",", 3))
    *out = RF_GRAPH_MATRIX;
  else
    *out = RF_GRAPH_EDGELIST;
  return RF_OK;
}

void rf_graph_i_reject(const rf_graph_read_opts *o, rf_graph_read_stats *st, rf_status code,
                       const char *fmt, ...) {
  (void)st;
  if (!o || !o->on_reject) return;
  rf_error e;
  e.code = code;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e.msg, sizeof e.msg, fmt, ap);
  va_end(ap);
  o->on_reject(o->ctx, &e);
}

/* Reads the whole file; "-" is stdin. */
rf_status rf_graph_i_slurp(const char *path, char **data, size_t *len, rf_error *err) {
  FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!fp) return rf_error_set(err, RF_EIO, "%s: cannot open: %s", path, strerror(errno));
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  if (!buf) {
    if (fp != stdin) fclose(fp);
    return rf_error_set(err, RF_ENOMEM, "%s: out of memory", path);
  }
  for (;;) {
    if (n == cap) {
      char *nb = realloc(buf, cap * 2);
      if (!nb) {
        free(buf);
        if (fp != stdin) fclose(fp);
        return rf_error_set(err, RF_ENOMEM, "%s: out of memory", path);
      }
      buf = nb;
      cap *= 2;
    }
    size_t r = fread(buf + n, 1, cap - n, fp);
    n += r;
    if (r == 0) break;
  }
  int bad = ferror(fp);
  if (fp != stdin) fclose(fp);
  if (bad) {
    free(buf);
    return rf_error_set(err, RF_EIO, "%s: read error", path);
  }
  *data = buf;
  *len = n;
  return RF_OK;
}

/* ------------------------------------------------------------ edge list */

static int rf_i_is_header_name(const char *s) {
  /* no single letters: "a b" is as likely an edge as a header */
  static const char *h[] = {
      "source",  "target", "from", "to",     "src",      "dst",    "node1",     "node2",
      "node",    "id1",    "id2",  "sender", "receiver", "weight", "source_id", "target_id",
      "from_id", "to_id",  "ego",  "alter",  "head",     "tail",   "origin",    "destination"};
  for (size_t i = 0; i < sizeof h / sizeof h[0]; i++)
    if (!rf_strcasecmp_ascii(s, h[i])) return 1;
  return 0;
}

/* Splits line (NUL-terminated, modified in place) into at most max fields.
 * sep ',' ';' or '\t' splits on that character (double quotes honoured);
 * sep ' ' splits on runs of blanks. */
static size_t rf_i_split(char *line, char sep, char **f, size_t max) {
  size_t n = 0;
  char *p = line;
  if (sep == ' ') {
    while (*p) {
      while (*p == ' ' || *p == '\t') p++;
      if (!*p) break;
      char *s = p;
      while (*p && *p != ' ' && *p != '\t') p++;
      if (*p) *p++ = 0;
      if (n < max) f[n++] = s;
    }
    return n;
  }
  for (;;) {
    while (*p == ' ' || (*p == '\t' && sep != '\t')) p++;
    char *s = p, *w = p;
    if (*p == '"') {
      p++;
      for (;;) {
        if (!*p) break;
        if (*p == '"') {
          if (p[1] == '"') {
            *w++ = '"';
            p += 2;
            continue;
          }
          p++;
          break;
        }
        *w++ = *p++;
      }
      while (*p && *p != sep) p++;
    } else {
      while (*p && *p != sep) *w++ = *p++;
    }
    int more = *p == sep;
    if (*p) p++;
    *w = 0;
    rf_trim(s);
    if (n < max) f[n++] = s;
    if (!more) break;
  }
  return n;
}

typedef struct rf_i_lines {
  const char *p, *end;
  size_t line; /* physical line of the last returned line */
  size_t next_line;
} rf_i_lines;

/* Next physical line (LF, CRLF or CR ends) copied into buf. */
static int rf_i_next_line(rf_i_lines *L, rf_buf *buf) {
  if (L->p >= L->end) return 0;
  const char *s = L->p;
  while (L->p < L->end && *L->p != '\n' && *L->p != '\r') L->p++;
  rf_buf_reset(buf);
  if (rf_buf_append(buf, s, (size_t)(L->p - s))) return -1;
  /* embedded NUL bytes would cut the line short silently: make them visible */
  for (size_t i = 0; i < buf->len; i++)
    if (!buf->data[i]) buf->data[i] = '?';
  if (L->p < L->end) {
    if (*L->p == '\r' && L->p + 1 < L->end && L->p[1] == '\n') L->p++;
    L->p++;
  }
  L->line = L->next_line++;
  return 1;
}

static int rf_i_weight_ok(double w) { return isfinite(w) && w > 0; }

/* A label as UTF-8: a label that is not valid UTF-8 is read as
 * Windows-1252 (Latin-1) into tmp, counted in st->recoded, and the first
 * one of a file is reported as a note naming line and field. NULL when out
 * of memory. */
static const char *rf_i_label(rf_buf *tmp, const char *s, const char *label, size_t line,
                              const char *field, const rf_graph_read_opts *o,
                              rf_graph_read_stats *st) {
  int recoded = 0;
  const char *u = rf_text_utf8(tmp, s, &recoded);
  if (u && recoded && !st->recoded++)
    rf_graph_i_reject(o, st, RF_OK,
                      "%s:%zu: field %s: label is not valid UTF-8; such labels are read as "
                      "Windows-1252 (Latin-1), here '%.60s'",
                      label, line, field, u);
  return u;
}

static rf_status rf_i_read_edgelist(rf_graph_builder *b, const char *data, size_t len,
                                    const char *label, const rf_graph_read_opts *o,
                                    rf_graph_read_stats *st, rf_error *err) {
  rf_i_lines L = {data, data + len, 0, 1};
  if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) L.p += 3;
  rf_buf line, lab[2];
  rf_buf_init(&line);
  rf_buf_init(&lab[0]);
  rf_buf_init(&lab[1]);
  char sep = 0;
  int first = 1;
  char *f[8];
  int r;
  while ((r = rf_i_next_line(&L, &line)) > 0) {
    char *s = line.data;
    while (*s == ' ' || *s == '\t') s++;
    if (!*s || *s == '#' || *s == '%') continue;
    if (!sep) sep = strchr(s, ',') ? ',' : strchr(s, ';') ? ';' : strchr(s, '\t') ? '\t' : ' ';
    size_t nf = rf_i_split(s, sep, f, 8);
    if (first) {
      first = 0;
      double d;
      int hdr = nf >= 2 && rf_i_is_header_name(f[0]) && rf_i_is_header_name(f[1]);
      if (nf >= 3 && rf_parse_double(f[2], &d) != RF_OK && rf_parse_double(f[0], &d) != RF_OK &&
          rf_parse_double(f[1], &d) != RF_OK)
        hdr = 1;
      if (nf >= 3 && !rf_strcasecmp_ascii(f[2], "weight")) hdr = 1;
      if (hdr) continue;
    }
    st->rows++;
    if (nf < 2 || !*f[0] || !*f[1]) {
      st->rejected++;
      rf_graph_i_reject(o, st, RF_EPARSE,
                        "%s:%zu: expected 'source target [weight]', got %zu field%s", label, L.line,
                        nf, nf == 1 ? "" : "s");
      continue;
    }
    double w = 1;
    if (o->weighted && nf >= 3 && *f[2]) {
      if (rf_parse_double(f[2], &w) != RF_OK) {
        st->rejected++;
        rf_graph_i_reject(o, st, RF_EPARSE, "%s:%zu: field weight: '%.40s' is not a number", label,
                          L.line, f[2]);
        continue;
      }
      if (!rf_i_weight_ok(w)) {
        st->rejected++;
        st->nonpositive++;
        rf_graph_i_reject(o, st, RF_EPARSE,
                          "%s:%zu: field weight: %g is not positive (edge %s -- %s skipped)", label,
                          L.line, w, f[0], f[1]);
        continue;
      }
    }
    const char *u = rf_i_label(&lab[0], f[0], label, L.line, "source", o, st);
    const char *v = rf_i_label(&lab[1], f[1], label, L.line, "target", o, st);
    if (!u || !v || rf_graph_builder_edge(b, u, v, w, 0) != RF_OK) {
      rf_buf_free(&line);
      rf_buf_free(&lab[0]);
      rf_buf_free(&lab[1]);
      return rf_error_set(err, RF_ENOMEM, "%s:%zu: out of memory", label, L.line);
    }
    if (!strcmp(u, v)) st->self_loops++;
    st->edges++;
  }
  rf_buf_free(&line);
  rf_buf_free(&lab[0]);
  rf_buf_free(&lab[1]);
  if (r < 0) return rf_error_set(err, RF_ENOMEM, "%s: out of memory", label);
  return RF_OK;
}

/* --------------------------------------------------------------- matrix */

typedef struct rf_i_cell {
  uint32_t row, col;
  double w;
} rf_i_cell;

static rf_status rf_i_read_matrix(rf_graph_builder *b, const char *data, size_t len,
                                  const char *label, const rf_graph_read_opts *o,
                                  rf_graph_read_stats *st, rf_error *err) {
  /* separator: the most frequent of , ; TAB on the first line */
  size_t nc = 0, ns = 0, nt = 0;
  for (size_t i = 0; i < len && data[i] != '\n' && data[i] != '\r'; i++)
    nc += data[i] == ',', ns += data[i] == ';', nt += data[i] == '\t';
  rf_csv_opts co = {0};
  co.sep = nt > nc && nt > ns ? '\t' : ns > nc ? ';' : ',';
  co.trim = 1;
  co.max_fields = 1u << 16;
  rf_csv *csv = NULL;
  rf_status s = rf_csv_open_mem(&csv, data, len, label, &co, err);
  if (s != RF_OK) return s;
  rf_strmap cols, rows;
  rf_strmap_init(&cols);
  rf_strmap_init(&rows);
  rf_buf lab;
  rf_buf_init(&lab);
  rf_i_cell *cells = NULL;
  size_t ncells = 0, capcells = 0;
  char **f;
  size_t nf, ncols = 0;
  int have_header = 0;
  rf_error e;
  s = RF_OK;
  for (;;) {
    rf_status r = rf_csv_next(csv, &f, &nf, &e);
    if (r == RF_EEMPTY) break;
    if (r != RF_OK) {
      if (!have_header) {
        s = rf_error_set(err, r, "%s", e.msg);
        goto done;
      }
      st->rows++;
      st->rejected++;
      if (o->on_reject) o->on_reject(o->ctx, &e);
      continue;
    }
    size_t line = rf_csv_line(csv);
    if (nf == 1 && !*f[0]) continue; /* blank line */
    if (!have_header) {
      have_header = 1;
      if (nf < 2) {
        s = rf_error_set(err, RF_EPARSE,
                         "%s:%zu: matrix header needs a corner cell and at least one column label",
                         label, line);
        goto done;
      }
      for (size_t i = 1; i < nf; i++) {
        int ins = 0;
        const char *c = rf_i_label(&lab, f[i], label, line, "column label", o, st);
        if (!c || rf_strmap_intern(&cols, c, strlen(c), &ins) < 0) goto oom;
        if (!ins) {
          s = rf_error_set(err, RF_EPARSE, "%s:%zu: column %zu: duplicate column label '%.60s'",
                           label, line, i + 1, c);
          goto done;
        }
      }
      ncols = nf - 1;
      continue;
    }
    st->rows++;
    const char *rl = rf_i_label(&lab, f[0], label, line, "row label", o, st);
    if (!rl) goto oom;
    if (nf != ncols + 1) {
      st->rejected++;
      rf_graph_i_reject(o, st, RF_EPARSE,
                        "%s:%zu: ragged matrix row '%.60s': %zu cells, header has %zu columns",
                        label, line, rl, nf - 1, ncols);
      continue;
    }
    if (rf_strmap_get(&rows, rl, strlen(rl)) >= 0) {
      st->rejected++;
      rf_graph_i_reject(o, st, RF_EPARSE, "%s:%zu: duplicate row label '%.60s' (row skipped)",
                        label, line, rl);
      continue;
    }
    size_t mark = ncells;
    int bad = 0;
    uint32_t rid = (uint32_t)rows.n; /* interned below once the row is accepted */
    for (size_t c = 0; c < ncols; c++) {
      const char *x = f[c + 1];
      double w = 0;
      if (!*x) continue;
      if (rf_parse_double(x, &w) != RF_OK || !isfinite(w)) {
        rf_graph_i_reject(o, st, RF_EPARSE, "%s:%zu: column '%.60s': '%.40s' is not a number",
                          label, line, cols.keys[c], x);
        bad = 1;
        break;
      }
      if (w == 0) continue;
      if (w < 0) {
        st->nonpositive++;
        if (o->weighted) {
          rf_graph_i_reject(o, st, RF_EPARSE,
                            "%s:%zu: column '%.60s': negative weight %g (cell skipped)", label,
                            line, cols.keys[c], w);
          continue;
        }
      }
      if (ncells == capcells) {
        size_t ncap = capcells ? capcells * 2 : 1024;
        rf_i_cell *nc2 = realloc(cells, ncap * sizeof *nc2);
        if (!nc2) goto oom;
        cells = nc2;
        capcells = ncap;
      }
      cells[ncells++] = (rf_i_cell){rid, (uint32_t)c, o->weighted ? w : 1.0};
    }
    if (bad) {
      ncells = mark;
      st->rejected++;
      continue;
    }
    if (rf_strmap_intern(&rows, rl, strlen(rl), NULL) < 0) goto oom;
  }
  if (!have_header) goto done; /* empty file: empty graph */
  /* 1-mode or 2-mode? 2-mode when no row label is a column label. */
  size_t overlap = 0;
  for (size_t r = 0; r < rows.n; r++)
    if (rf_strmap_get(&cols, rows.keys[r], rows.lens[r]) >= 0) overlap++;
  int two_mode = rows.n > 0 && overlap == 0;
  if (!two_mode) {
    for (size_t c = 0; c < cols.n; c++)
      if (rf_graph_builder_node(b, cols.keys[c]) < 0) goto oom;
    if (overlap < rows.n)
      rf_graph_i_reject(o, st, RF_OK,
                        "%s: warning: %zu of %zu row labels are not column labels (added as nodes)",
                        label, rows.n - overlap, rows.n);
    for (size_t i = 0; i < ncells; i++) {
      const char *u = rows.keys[cells[i].row], *v = cols.keys[cells[i].col];
      if (!strcmp(u, v)) st->self_loops++;
      if (rf_graph_builder_edge(b, u, v, cells[i].w, 0) != RF_OK) goto oom;
      st->edges++;
    }
    for (size_t r = 0; r < rows.n; r++)
      if (rf_graph_builder_node(b, rows.keys[r]) < 0) goto oom;
  } else if (o->bipartite) {
    for (size_t r = 0; r < rows.n; r++)
      if (rf_graph_builder_node(b, rows.keys[r]) < 0) goto oom;
    for (size_t c = 0; c < cols.n; c++)
      if (rf_graph_builder_node(b, cols.keys[c]) < 0) goto oom;
    for (size_t i = 0; i < ncells; i++) {
      if (rf_graph_builder_edge(b, rows.keys[cells[i].row], cols.keys[cells[i].col], cells[i].w,
                                0) != RF_OK)
        goto oom;
      st->edges++;
    }
  } else {
    /* projection onto the rows: u -- v weighted by the number of shared
     * columns (each cell counts once, whatever its value) */
    for (size_t r = 0; r < rows.n; r++)
      if (rf_graph_builder_node(b, rows.keys[r]) < 0) goto oom;
    rf_graph_i_tie *ties = malloc((ncells ? ncells : 1) * sizeof *ties);
    if (!ties) goto oom;
    for (size_t i = 0; i < ncells; i++) ties[i] = (rf_graph_i_tie){cells[i].col, cells[i].row};
    char what[700];
    snprintf(what, sizeof what, "%s: projecting the 2-mode matrix (%zu x %zu)", label, rows.n,
             ncols);
    s = rf_graph_i_project(b, ties, ncells, what, err);
    free(ties);
    if (s) goto done;
    st->edges += ncells;
    rf_graph_i_reject(o, st, RF_OK,
                      "%s: note: 2-mode matrix (%zu rows x %zu columns, no shared labels) "
                      "projected onto the rows: weight = shared columns",
                      label, rows.n, ncols);
  }
  goto done;
oom:
  s = rf_error_set(err, RF_ENOMEM, "%s: out of memory", label);
done:
  free(cells);
  rf_buf_free(&lab);
  rf_strmap_destroy(&cols);
  rf_strmap_destroy(&rows);
  rf_csv_close(csv);
  return s;
}

/* ------------------------------------------------------------- dispatch */

rf_status rf_graph_read_mem(rf_graph **out, const char *data, size_t len, const char *label,
                            const rf_graph_read_opts *opts, rf_graph_read_stats *stats,
                            rf_error *err) {
  *out = NULL;
  rf_graph_read_opts o = {0};
  if (opts) o = *opts;
  rf_graph_read_stats dummy;
  rf_graph_read_stats *st = stats ? stats : &dummy;
  memset(st, 0, sizeof *st);
  if (!label) label = "<memory>";
  int directed = o.directed;
  rf_graph_builder *b = NULL;
  if (rf_graph_builder_new(&b, directed) != RF_OK)
    return rf_error_set(err, RF_ENOMEM, "%s: out of memory", label);
  rf_graph_merge merge = o.merge;
  if (o.format == RF_GRAPH_MATRIX && !directed && merge == RF_GRAPH_MERGE_SUM)
    merge = RF_GRAPH_MERGE_MAX; /* a symmetric matrix lists each tie twice */
  rf_graph_builder_set_merge(b, merge);
  rf_status s = RF_OK;
  /* a compressed edge list or matrix (R data decompresses itself, with its
   * own bound) */
  unsigned char *text = NULL;
  if (o.format == RF_GRAPH_EDGELIST || o.format == RF_GRAPH_MATRIX) {
    s = rf_graph_i_unpack((const unsigned char *)data, len, RF_GRAPH_I_TEXT_MAX, 0, &text, &len,
                          label, err);
    if (text) data = (const char *)text;
  }
  if (s)
    ;
  else if (o.format == RF_GRAPH_EDGELIST)
    s = rf_i_read_edgelist(b, data, len, label, &o, st, err);
  else if (o.format == RF_GRAPH_RDA)
    s = rf_graph_i_read_rda(b, data, len, label, &o, st, err);
  else if (o.format == RF_GRAPH_MATRIX)
    s = rf_i_read_matrix(b, data, len, label, &o, st, err);
  else
    s = rf_error_set(err, RF_EINVAL, "%s: in-memory reading supports edgelist, matrix and rda only",
                     label);
  free(text);
  if (s != RF_OK) {
    rf_graph_builder_free(b);
    return s;
  }
  rf_graph *g = NULL;
  if ((s = rf_graph_builder_finish(b, &g, o.keep_self_loops, err)) != RF_OK) return s;
  st->duplicates = g->merged;
  *out = g;
  return RF_OK;
}

rf_status rf_graph_read(rf_graph **out, const char *arg, const rf_graph_read_opts *opts,
                        rf_graph_read_stats *stats, rf_error *err) {
  *out = NULL;
  rf_graph_read_opts o = {0};
  if (opts) o = *opts;
  char path[4096];
  const char *object = NULL;
  if (o.format == RF_GRAPH_RDA) /* "FILE:NAME" names one graph of an R file */
    rf_i_split_object(arg, path, sizeof path, &object);
  else
    snprintf(path, sizeof path, "%s", arg);
  if (object && !o.object) o.object = object;
  if (o.format == RF_GRAPH_AMLWORLD || o.format == RF_GRAPH_AMLSIM || o.format == RF_GRAPH_REDFLAG)
    return rf_graph_i_read_ingest(out, path, &o, stats, err);
  char *data = NULL;
  size_t len = 0;
  rf_status s = rf_graph_i_slurp(path, &data, &len, err);
  if (s != RF_OK) return s;
  s = rf_graph_read_mem(out, data, len, path, &o, stats, err);
  free(data);
  return s;
}
