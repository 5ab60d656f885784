/* Account sets and cost files for exposure and freeze planning. */
#include "redflag/network_flow.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RF_I_REPORT_MAX 1000 /* unknown-id lines kept in a report */

rf_status rf_network_graph_load(rf_graph **out, const char *path, const char *format, int directed,
                                int weighted, void (*on_reject)(void *ctx, const rf_error *e),
                                void *ctx, rf_graph_read_stats *stats, rf_error *err) {
  *out = NULL;
  if (!path) return rf_error_set(err, RF_EINVAL, "graph: missing input path");
  rf_graph_read_opts ro = {.directed = directed, .weighted = weighted};
  if (format) {
    if (rf_graph_format_parse(format, &ro.format) != RF_OK)
      return rf_error_set(err, RF_EINVAL,
                          "input format '%s' is not edgelist, matrix, amlworld, amlsim or redflag",
                          format);
  } else {
    rf_status st = rf_graph_format_sniff(path, &ro.format, err);
    if (st != RF_OK) return st;
  }
  if (ro.format == RF_GRAPH_AMLWORLD || ro.format == RF_GRAPH_AMLSIM ||
      ro.format == RF_GRAPH_REDFLAG) {
    ro.directed = 1;
    ro.weighted = 1;
  }
  ro.on_reject = on_reject;
  ro.ctx = ctx;
  rf_graph_read_stats local;
  return rf_graph_read(out, path, &ro, stats ? stats : &local, err);
}

static int64_t rf_i_lookup(const rf_graph *g, const char *id) {
  int64_t v = rf_strmap_get(&g->labels, id, strlen(id));
  return v >= 0 && (uint64_t)v < g->n ? v : -1;
}

static const char *rf_i_id_cols[] = {"account", "account_id", "id", "node", NULL};

typedef struct rf_i_setb {
  rf_nodeset *s;
  uint8_t *seen;
  size_t cap;
  uint64_t reported;
  char first_unknown[256];
} rf_i_setb;

static rf_status rf_i_set_add(rf_i_setb *b, const rf_graph *g, const char *id, const char *label,
                              size_t line, rf_error *err) {
  rf_nodeset *s = b->s;
  s->rows++;
  int64_t v = rf_i_lookup(g, id);
  if (v < 0) {
    s->unknown++;
    if (!b->first_unknown[0])
      snprintf(b->first_unknown, sizeof b->first_unknown, "%s:%zu: '%.200s'", label, line, id);
    if (b->reported++ < RF_I_REPORT_MAX) {
      rf_buf_printf(&s->report, "%s:%zu: unknown account '", label, line);
      rf_buf_puts(&s->report, id);
      rf_buf_puts(&s->report, "' (not in the graph)\n");
    }
    return RF_OK;
  }
  if (b->seen[v]) {
    s->duplicates++;
    return RF_OK;
  }
  b->seen[v] = 1;
  uint32_t *p = rf_grow(s->ids, &b->cap, s->n + 1, sizeof *p, 64);
  if (!p) return rf_error_set(err, RF_ENOMEM, "%s: out of memory", label);
  s->ids = p;
  s->ids[s->n++] = (uint32_t)v;
  return RF_OK;
}

static rf_status rf_i_set_finish(rf_i_setb *b, const char *label, rf_error *err) {
  rf_nodeset *s = b->s;
  free(b->seen);
  if (b->reported > RF_I_REPORT_MAX)
    rf_buf_printf(&s->report, "%s: ... %llu more unknown accounts\n", label,
                  (unsigned long long)(b->reported - RF_I_REPORT_MAX));
  if (s->rows == 0) return rf_error_set(err, RF_EEMPTY, "%s: no account ids", label);
  if (s->n == 0)
    return rf_error_set(err, RF_ENOTFOUND,
                        "%s: none of the %llu account ids is in the graph (first: %s)", label,
                        (unsigned long long)s->rows, b->first_unknown);
  return RF_OK;
}

rf_status rf_network_nodeset_read(const rf_graph *g, const char *path, rf_nodeset *out,
                                  rf_error *err) {
  memset(out, 0, sizeof *out);
  rf_buf_init(&out->report);
  if (!g || !path) return rf_error_set(err, RF_EINVAL, "account set: missing graph or path");
  rf_csv_opts o = {.trim = 1};
  rf_csv *c = NULL;
  rf_status st = rf_csv_open(&c, path, &o, err);
  if (st != RF_OK) return st;
  rf_i_setb b = {.s = out, .seen = calloc(g->n ? g->n : 1, 1)};
  if (!b.seen) {
    rf_csv_close(c);
    return rf_error_set(err, RF_ENOMEM, "%s: out of memory", path);
  }
  int col = -2; /* -2: header not examined yet */
  char **f;
  size_t nf;
  for (;;) {
    rf_error e2;
    st = rf_csv_next(c, &f, &nf, &e2);
    if (st == RF_EEMPTY) {
      st = RF_OK;
      break;
    }
    if (st != RF_OK) { /* malformed row: count it, report it, continue */
      out->rows++;
      out->unknown++;
      rf_buf_printf(&out->report, "%s\n", e2.msg);
      continue;
    }
    size_t line = rf_csv_line(c);
    if (nf == 0 || (nf == 1 && !f[0][0]) || f[0][0] == '#') continue;
    if (col == -2) {
      col = 0;
      int hdr = -1;
      for (int k = 0; rf_i_id_cols[k] && hdr < 0; k++) hdr = rf_csv_col(f, nf, rf_i_id_cols[k]);
      if (hdr >= 0 && rf_i_lookup(g, f[hdr]) < 0) {
        col = hdr;
        continue; /* header row */
      }
    }
    if ((size_t)col >= nf || !f[col][0]) {
      out->rows++;
      out->unknown++;
      rf_buf_printf(&out->report, "%s:%zu: missing account id\n", path, line);
      continue;
    }
    st = rf_i_set_add(&b, g, f[col], path, line, err);
    if (st != RF_OK) break;
  }
  rf_csv_close(c);
  if (st != RF_OK) {
    free(b.seen);
    return st;
  }
  return rf_i_set_finish(&b, path, err);
}

rf_status rf_network_nodeset_parse(const rf_graph *g, const char *list, const char *label,
                                   rf_nodeset *out, rf_error *err) {
  memset(out, 0, sizeof *out);
  rf_buf_init(&out->report);
  if (!label) label = "list";
  if (!g || !list) return rf_error_set(err, RF_EINVAL, "%s: missing graph or list", label);
  rf_i_setb b = {.s = out, .seen = calloc(g->n ? g->n : 1, 1)};
  if (!b.seen) return rf_error_set(err, RF_ENOMEM, "%s: out of memory", label);
  const char *p = list;
  size_t item = 0;
  rf_status st = RF_OK;
  char tok[1024];
  while (*p) {
    const char *e = strchr(p, ',');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    item++;
    if (len >= sizeof tok) len = sizeof tok - 1;
    memcpy(tok, p, len);
    tok[len] = 0;
    rf_trim(tok);
    if (tok[0]) {
      st = rf_i_set_add(&b, g, tok, label, item, err);
      if (st != RF_OK) break;
    }
    p = e ? e + 1 : p + strlen(p);
  }
  if (st != RF_OK) {
    free(b.seen);
    return st;
  }
  return rf_i_set_finish(&b, label, err);
}

void rf_network_nodeset_free(rf_nodeset *s) {
  if (!s) return;
  free(s->ids);
  rf_buf_free(&s->report);
  memset(s, 0, sizeof *s);
}

rf_status rf_network_costs_read(const rf_graph *g, const char *path, double **out, rf_buf *report,
                                rf_error *err) {
  *out = NULL;
  if (!g || !path) return rf_error_set(err, RF_EINVAL, "costs: missing graph or path");
  double *cost = malloc((g->n ? g->n : 1) * sizeof *cost);
  if (!cost) return rf_error_set(err, RF_ENOMEM, "%s: out of memory", path);
  for (uint32_t v = 0; v < g->n; v++) cost[v] = 1;
  rf_csv_opts o = {.trim = 1};
  rf_csv *c = NULL;
  rf_status st = rf_csv_open(&c, path, &o, err);
  if (st != RF_OK) {
    free(cost);
    return st;
  }
  char **f;
  size_t nf;
  int ca = 0, cc = 1, first = 1;
  uint64_t rows = 0, unknown = 0;
  for (;;) {
    st = rf_csv_next(c, &f, &nf, err);
    if (st == RF_EEMPTY) {
      st = RF_OK;
      break;
    }
    if (st != RF_OK) break; /* a broken cost file is fatal: costs decide the plan */
    size_t line = rf_csv_line(c);
    if (nf == 0 || (nf == 1 && !f[0][0]) || f[0][0] == '#') continue;
    if (first) {
      first = 0;
      int a = -1;
      for (int k = 0; rf_i_id_cols[k] && a < 0; k++) a = rf_csv_col(f, nf, rf_i_id_cols[k]);
      int b = rf_csv_col(f, nf, "cost");
      if (b < 0) b = rf_csv_col(f, nf, "weight");
      if (a >= 0 && b >= 0) {
        ca = a;
        cc = b;
        continue;
      }
    }
    if ((size_t)ca >= nf || (size_t)cc >= nf) {
      st = rf_error_set(err, RF_EPARSE, "%s:%zu: expected 'account,cost'", path, line);
      break;
    }
    double x;
    if (!rf_strcasecmp_ascii(f[cc], "inf") || !rf_strcasecmp_ascii(f[cc], "infinity")) {
      x = INFINITY;
    } else if (rf_parse_double(f[cc], &x) != RF_OK || !isfinite(x)) {
      st = rf_error_set(err, RF_EPARSE, "%s:%zu: field cost: '%.100s' is not a number", path, line,
                        f[cc]);
      break;
    } else if (!(x > 0)) {
      st = rf_error_set(err, RF_EINVAL,
                        "%s:%zu: field cost: %g must be > 0 (use 'inf' for never freeze)", path,
                        line, x);
      break;
    }
    rows++;
    int64_t v = rf_i_lookup(g, f[ca]);
    if (v < 0) {
      if (report && unknown < RF_I_REPORT_MAX) {
        rf_buf_printf(report, "%s:%zu: unknown account '", path, line);
        rf_buf_puts(report, f[ca]);
        rf_buf_puts(report, "' (not in the graph)\n");
      }
      unknown++;
      continue;
    }
    cost[v] = x;
  }
  rf_csv_close(c);
  if (st == RF_OK && rows == 0) st = rf_error_set(err, RF_EEMPTY, "%s: no costs", path);
  if (st != RF_OK) {
    free(cost);
    return st;
  }
  *out = cost;
  return RF_OK;
}
