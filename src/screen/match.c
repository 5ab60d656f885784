/* Name-pair matching (`redflag match`) and explanation output helpers. */
#include "screen/screen_i.h"

#include <string.h>

typedef struct rf_i_direct {
  const rf_i_name *q, *c;
} rf_i_direct;

static double rf_i_direct_sim(void *ctx, int qi, int cj, int *kind) {
  rf_i_direct *d = ctx;
  return rf_i_tsim(&d->q->t[qi], &d->c->t[cj], kind);
}

static int rf_i_schema_ok(const char *schema) {
  static const char *const known[] = {
      "Person",   "Company", "Organization", "LegalEntity", "Vessel", "Airplane",
      "Aircraft", "Thing",   "Individual",   "Entity",      NULL};
  if (!schema || !*schema) return 1;
  for (size_t i = 0; known[i]; i++)
    if (!rf_strcasecmp_ascii(known[i], schema)) return 1;
  return 0;
}

rf_status rf_screen_match_names(const rf_screener *s, const char *name1, const char *name2,
                                const char *schema, double *score, rf_screen_explain_list *ex,
                                rf_error *err) {
  *score = 0;
  if (!name1 || !name2) return rf_error_set(err, RF_EINVAL, "match: missing name");
  size_t l1 = strlen(name1), l2 = strlen(name2);
  if (l1 > RF_SCREEN_MAX_NAME || l2 > RF_SCREEN_MAX_NAME)
    return rf_error_set(err, RF_ELIMIT, "match: name longer than %d bytes", RF_SCREEN_MAX_NAME);
  if (!rf_utf8_valid(name1, l1) || !rf_utf8_valid(name2, l2))
    return rf_error_set(err, RF_ENCODING, "match: name is not valid UTF-8");
  if (!rf_i_schema_ok(schema))
    return rf_error_set(err, RF_EINVAL,
                        "match: unknown schema '%s' (Person, Company, Organization, "
                        "LegalEntity, Vessel)",
                        schema);
  rf_i_name v1[RF_I_MAXVAR], v2[RF_I_MAXVAR];
  int n1 = rf_i_name_prepare(name1, l1, v1);
  int n2 = rf_i_name_prepare(name2, l2, v2);
  if (s) rf_i_query_oov(s, v1, n1); /* name1 is the query, as in screening */
  if (ex) rf_i_ex_reset(ex);
  if (!n1 || !n2) return RF_OK; /* no token on one side: score 0 */
  int org = schema && (!rf_strcasecmp_ascii(schema, "Company") ||
                       !rf_strcasecmp_ascii(schema, "Organization") ||
                       !rf_strcasecmp_ascii(schema, "LegalEntity"));
  double best = -1;
  int bi = 0, bj = 0;
  rf_i_side q, c;
  for (int i = 0; i < n1; i++)
    for (int j = 0; j < n2; j++) {
      if (v1[i].partial && v2[j].partial) continue; /* partial variants only against whole names */
      rf_i_side_weights(s, &q, &v1[i]);
      rf_i_side_weights(s, &c, &v2[j]);
      q.org = c.org = org;
      rf_i_direct d = {&v1[i], &v2[j]};
      double sc = rf_i_score(&rf_i_default_params, &q, &c, rf_i_direct_sim, &d, 0, NULL);
      if (sc > best) {
        best = sc;
        bi = i;
        bj = j;
      }
    }
  if (ex) {
    rf_i_side_weights(s, &q, &v1[bi]);
    rf_i_side_weights(s, &c, &v2[bj]);
    q.org = c.org = org;
    rf_i_direct d = {&v1[bi], &v2[bj]};
    rf_i_score(&rf_i_default_params, &q, &c, rf_i_direct_sim, &d, 0, ex);
  }
  *score = best < 0 ? 0 : best;
  return RF_OK;
}

int rf_screen_explain_json(rf_buf *b, const rf_screen_explain_list *ex) {
  int rc = rf_buf_putc(b, '[');
  for (size_t i = 0; ex && i < ex->n; i++) {
    const rf_screen_explain *e = &ex->e[i];
    if (i) rc |= rf_buf_putc(b, ',');
    rc |= rf_buf_puts(b, "{\"kind\":");
    rc |= rf_buf_json_str(b, e->kind);
    if (e->query[0]) {
      rc |= rf_buf_puts(b, ",\"query\":");
      rc |= rf_buf_json_str(b, e->query);
    }
    if (e->list[0]) {
      rc |= rf_buf_puts(b, ",\"list\":");
      rc |= rf_buf_json_str(b, e->list);
    }
    if (e->sim > 0) rc |= rf_buf_printf(b, ",\"sim\":%.3f", e->sim);
    if (e->weight > 0) rc |= rf_buf_printf(b, ",\"weight\":%.3f", e->weight);
    rc |= rf_buf_printf(b, ",\"value\":%.3f}", e->value);
  }
  rc |= rf_buf_putc(b, ']');
  return rc;
}

int rf_screen_explain_text(rf_buf *b, const rf_screen_explain_list *ex) {
  int rc = 0;
  for (size_t i = 0; ex && i < ex->n; i++) {
    const rf_screen_explain *e = &ex->e[i];
    if (!strcmp(e->kind, "base"))
      rc |= rf_buf_printf(b, "    %-16s %-40s = %.3f\n", e->kind, e->query, e->value);
    else if (e->sim > 0)
      rc |= rf_buf_printf(b, "    %-16s %-18s ~ %-19s sim %.3f weight %.3f -> %+.3f\n", e->kind,
                          e->query, e->list, e->sim, e->weight, e->value);
    else
      rc |= rf_buf_printf(b, "    %-16s %-40s %+.3f\n", e->kind, e->query[0] ? e->query : e->list,
                          e->value);
  }
  return rc;
}
