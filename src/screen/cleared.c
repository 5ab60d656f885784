/* Cleared hits (a "good-guy list"): pairs of a screened name and a listed
 * entity that an analyst reviewed and found to be different parties. The
 * name is keyed by its normalised tokens in sorted order, so "LOPEZ, Luis",
 * "Luis López" and "luis  lopez" are one key; the entity by list and uid. */
#include "screen_i.h"

#include <stdlib.h>
#include <string.h>

struct rf_screen_cleared {
  rf_strmap names; /* normalised name keys with at least one clearing */
  rf_strmap pairs; /* name key + '\x1f' + list + ':' + uid */
  size_t n;        /* rows loaded (pairs, duplicates counted once) */
};

static int rf_i_tok_cmp(const void *a, const void *b) {
  return strcmp(((const rf_i_tok *)a)->s, ((const rf_i_tok *)b)->s);
}

/* the order-free key of a name into out; 0 when the name has no token */
int rf_i_cleared_key(const char *name, char *out, size_t outsz) {
  rf_i_name var[RF_I_MAXVAR];
  if (!rf_i_name_prepare(name, strlen(name), var)) return 0;
  qsort(var[0].t, (size_t)var[0].n, sizeof var[0].t[0], rf_i_tok_cmp);
  rf_i_name_str(&var[0], out, outsz);
  return out[0] != 0;
}

static size_t rf_i_pair_key(char *out, size_t outsz, const char *key, const char *list,
                            const char *uid) {
  int n = snprintf(out, outsz, "%s\x1f%s:%s", key, list ? list : "", uid ? uid : "");
  return n < 0 ? 0 : (size_t)n < outsz ? (size_t)n : outsz - 1;
}

int rf_i_cleared_name(const rf_screen_cleared *c, const char *key) {
  return c && rf_strmap_get(&c->names, key, strlen(key)) >= 0;
}

int rf_i_cleared_pair(const rf_screen_cleared *c, const char *key, const rf_entity *e) {
  char k[RF_I_MAXTOK * RF_I_TOKLEN + 128];
  size_t n = rf_i_pair_key(k, sizeof k, key, e->list, e->uid);
  return rf_strmap_get(&c->pairs, k, n) >= 0;
}

void rf_screen_cleared_free(rf_screen_cleared *c) {
  if (!c) return;
  rf_strmap_destroy(&c->names);
  rf_strmap_destroy(&c->pairs);
  free(c);
}

size_t rf_screen_cleared_count(const rf_screen_cleared *c) { return c ? c->n : 0; }

/* one row: name (UTF-8), list (may be empty: SDN), uid */
static rf_status rf_i_cleared_add(rf_screen_cleared *c, const char *label, size_t line,
                                  const char *name, const char *list, const char *uid,
                                  rf_error *err) {
  char key[RF_I_MAXTOK * RF_I_TOKLEN];
  if (!rf_i_cleared_key(name, key, sizeof key))
    return rf_error_set(err, RF_EPARSE, "%s:%zu: field name: empty (no letters or digits)", label,
                        line);
  if (!*uid) return rf_error_set(err, RF_EPARSE, "%s:%zu: field uid: empty", label, line);
  char k[sizeof key + 128];
  size_t kn = rf_i_pair_key(k, sizeof k, key, list, uid);
  int ins = 0;
  if (rf_strmap_intern(&c->names, key, strlen(key), NULL) < 0 ||
      rf_strmap_intern(&c->pairs, k, kn, &ins) < 0)
    return rf_error_set(err, RF_ENOMEM, "out of memory");
  c->n += (size_t)ins;
  return RF_OK;
}

/* one row; a name that is not UTF-8 is read as Windows-1252 (as the batch
 * files it clears hits of) */
static rf_status rf_i_cleared_row(rf_screen_cleared *c, const rf_csv *csv, char **f,
                                  const int col[3], rf_error *err) {
  rf_buf nb;
  rf_buf_init(&nb);
  const char *name = rf_text_utf8(&nb, f[col[0]], NULL);
  rf_status st =
      !name ? rf_error_set(err, RF_ENOMEM, "out of memory")
            : rf_i_cleared_add(c, rf_csv_label(csv), rf_csv_line(csv), name,
                               col[1] >= 0 && *f[col[1]] ? f[col[1]] : "SDN", f[col[2]], err);
  rf_buf_free(&nb);
  return st;
}

/* reads the header and rows of csv into a new set */
static rf_status rf_i_cleared_read(rf_screen_cleared **out, rf_csv *csv, rf_error *err) {
  *out = NULL;
  const char *path = rf_csv_label(csv);
  rf_screen_cleared *c = calloc(1, sizeof *c);
  if (!c) return rf_error_set(err, RF_ENOMEM, "out of memory");
  rf_strmap_init(&c->names);
  rf_strmap_init(&c->pairs);
  char **f;
  size_t n;
  rf_status st = rf_csv_next(csv, &f, &n, err);
  if (st == RF_EEMPTY) st = rf_error_set(err, RF_EPARSE, "%s: empty file (no header line)", path);
  int col[3] = {-1, -1, -1};
  if (!st) {
    col[0] = rf_csv_col(f, n, "name");
    col[1] = rf_csv_col(f, n, "list");
    col[2] = rf_csv_col(f, n, "uid");
    if (col[0] < 0 || col[2] < 0)
      st = rf_error_set(err, RF_EPARSE, "%s:1: header needs columns name and uid (list optional)",
                        path);
  }
  int need = col[0] > col[2] ? col[0] : col[2];
  if (col[1] > need) need = col[1];
  while (!st && (st = rf_csv_next(csv, &f, &n, err)) == RF_OK) {
    if (n == 1 && !*f[0]) continue; /* blank line */
    if ((int)n <= need)
      st = rf_error_set(err, RF_EPARSE, "%s:%zu: expected %d fields, got %zu (truncated line?)",
                        path, rf_csv_line(csv), need + 1, n);
    else
      st = rf_i_cleared_row(c, csv, f, col, err);
  }
  if (st != RF_EEMPTY) {
    rf_screen_cleared_free(c);
    return st;
  }
  *out = c;
  return RF_OK;
}

/* reads from csv opened with status st, then closes it */
static rf_status rf_i_cleared_open(rf_screen_cleared **out, rf_status st, rf_csv *csv,
                                   rf_error *err) {
  if (!st) st = rf_i_cleared_read(out, csv, err);
  rf_csv_close(csv);
  return st;
}

rf_status rf_screen_cleared_load(rf_screen_cleared **out, const char *path, rf_error *err) {
  *out = NULL;
  rf_csv_opts co = {.trim = 1};
  rf_csv *csv = NULL;
  rf_status st = rf_csv_open(&csv, path, &co, err);
  return rf_i_cleared_open(out, st, csv, err);
}

rf_status rf_screen_cleared_load_mem(rf_screen_cleared **out, const char *data, size_t len,
                                     const char *label, rf_error *err) {
  *out = NULL;
  rf_csv_opts co = {.trim = 1};
  rf_csv *csv = NULL;
  rf_status st = rf_csv_open_mem(&csv, data, len, label, &co, err);
  return rf_i_cleared_open(out, st, csv, err);
}
