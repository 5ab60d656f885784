/* Monitor configuration: built-in defaults and an INI loader. */
#include "monitor_i.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define RF_I_DAY 86400

static const char *const rf_i_typ_names[RF_TYP_COUNT] = {
    "structuring",    "funnel",         "pass_through", "fan_in",      "fan_out",
    "scatter_gather", "gather_scatter", "cycle",        "bipartite",   "stack",
    "corridor",       "sanctioned",     "dormant",      "volume_spike"};

const char *rf_typology_str(rf_typology t) {
  return (unsigned)t < RF_TYP_COUNT ? rf_i_typ_names[t] : "unknown";
}

rf_typology rf_typology_parse(const char *s) {
  for (int i = 0; i < RF_TYP_COUNT; i++)
    if (s && strcmp(s, rf_i_typ_names[i]) == 0) return (rf_typology)i;
  return RF_TYP_COUNT;
}

void rf_monitor_config_defaults(rf_monitor_config *c) {
  memset(c, 0, sizeof *c);
  c->max_edges = 512;
  c->cooldown = 3 * RF_I_DAY;
  c->history_factor = 5;
  c->young_pass = 0;
  c->min_history = RF_I_DAY;
  c->min_amount = 1000;
  c->hub_degree = 100;
  strcpy(c->base_currency, "US Dollar");
  strcpy(c->base_currency_code, "USD");
  for (int i = 0; i < RF_TYP_COUNT; i++) c->enabled[i] = 1;
  c->struct_threshold = 10000;
  c->struct_margin = 0.2;
  c->struct_window = 7 * RF_I_DAY;
  c->struct_min_count = 3;
  c->struct_min_total = 1.0;
  c->split_min_count = 3;
  c->split_window = RF_I_DAY;
  c->split_max_spread = 2;
  c->split_twin = 1;
  c->link_window = 90 * RF_I_DAY;
  c->link_band = 1.25;
  c->link_min_count = 2;
  c->link_collector = 2;
  c->funnel_window = 7 * RF_I_DAY;
  c->funnel_min_sources = 5;
  c->funnel_min_places = 3;
  c->funnel_out_ratio = 0.7;
  c->funnel_min_amount = 5000;
  c->pass_window = 12 * 3600;
  c->pass_ratio = 0.9;
  c->pass_min_amount = 10000;
  c->fan_window = 2 * RF_I_DAY;
  c->fan_min_degree = 8;
  c->fan_quantile = 0;
  c->sg_window = 3 * RF_I_DAY;
  c->sg_min_paths = 3;
  c->gs_min_degree = 4;
  c->cycle_window = 10 * RF_I_DAY;
  c->cycle_min_hops = 3;
  c->cycle_max_hops = 8;
  c->cycle_amount_ratio = 0.5;
  c->cycle_budget = 500;
  c->bip_window = 3 * RF_I_DAY;
  c->bip_min_senders = 3;
  c->bip_min_receivers = 2;
  c->bip_min_share = 0.5;
  c->bip_max_payments = 20;
  c->corridor_window = 30 * RF_I_DAY;
  c->corridor_min_amount = 3000;
  c->corridor_min_count = 1;
  /* FATF "black list" and "grey list" style defaults plus corridors named in
   * FinCEN advisories on cartel laundering; edit in the config file. */
  static const char *const ctry[] = {"KP", "IR", "MM"}; /* FATF call for action */
  for (size_t i = 0; i < sizeof ctry / sizeof *ctry; i++)
    memcpy(c->countries[c->ncountries++], ctry[i], 3);
  /* corridors named in FinCEN's cartel and Chinese money-laundering advisories */
  static const char *const corr[] = {"MX", "CN", "HK", "CO", "PA", "VE", "AE"};
  for (size_t i = 0; i < sizeof corr / sizeof *corr; i++)
    memcpy(c->corridor_countries[c->ncorridor++], corr[i], 3);
  c->screen_min_score = 0.95;
  c->dormant_gap = 90 * RF_I_DAY;
  c->dormant_min_amount = 1000;
  c->spike_min_history = 30 * RF_I_DAY;
  c->spike_min_days = 10;
  c->spike_factor = 10;
  c->spike_min_amount = 10000;
}

typedef enum { K_DUR, K_U32, K_DBL, K_ENABLE, K_COUNTRIES, K_CCY, K_BOOL, K_STR } rf_i_ktype;

typedef struct rf_i_key {
  const char *section, *key;
  rf_i_ktype type;
  size_t off;
  int typ; /* for K_ENABLE */
} rf_i_key;

#define O(f) offsetof(rf_monitor_config, f)
static const rf_i_key rf_i_keys[] = {
    {"general", "max_edges", K_U32, O(max_edges), 0},
    {"general", "cooldown", K_DUR, O(cooldown), 0},
    {"general", "history_factor", K_DBL, O(history_factor), 0},
    {"general", "young_pass", K_BOOL, O(young_pass), 0},
    {"general", "min_history", K_DUR, O(min_history), 0},
    {"general", "name_counterparties", K_BOOL, O(name_counterparties), 0},
    {"general", "min_amount", K_DBL, O(min_amount), 0},
    {"general", "hub_degree", K_U32, O(hub_degree), 0},
    {"general", "base_currency", K_STR, O(base_currency), 32},
    {"general", "base_currency_code", K_STR, O(base_currency_code), 8},
    {"structuring", "enabled", K_ENABLE, 0, RF_TYP_STRUCTURING},
    {"structuring", "threshold", K_DBL, O(struct_threshold), 0},
    {"structuring", "currency_thresholds", K_CCY, 0, 0},
    {"structuring", "margin", K_DBL, O(struct_margin), 0},
    {"structuring", "window", K_DUR, O(struct_window), 0},
    {"structuring", "min_count", K_U32, O(struct_min_count), 0},
    {"structuring", "min_total", K_DBL, O(struct_min_total), 0},
    {"structuring", "split_min_count", K_U32, O(split_min_count), 0},
    {"structuring", "split_window", K_DUR, O(split_window), 0},
    {"structuring", "split_max_spread", K_DBL, O(split_max_spread), 0},
    {"structuring", "split_twin", K_BOOL, O(split_twin), 0},
    {"structuring", "link_window", K_DUR, O(link_window), 0},
    {"structuring", "link_band", K_DBL, O(link_band), 0},
    {"structuring", "link_min_count", K_U32, O(link_min_count), 0},
    {"structuring", "link_collector", K_U32, O(link_collector), 0},
    {"funnel", "enabled", K_ENABLE, 0, RF_TYP_FUNNEL},
    {"funnel", "window", K_DUR, O(funnel_window), 0},
    {"funnel", "min_sources", K_U32, O(funnel_min_sources), 0},
    {"funnel", "min_places", K_U32, O(funnel_min_places), 0},
    {"funnel", "out_ratio", K_DBL, O(funnel_out_ratio), 0},
    {"funnel", "min_amount", K_DBL, O(funnel_min_amount), 0},
    {"pass_through", "enabled", K_ENABLE, 0, RF_TYP_PASS_THROUGH},
    {"pass_through", "window", K_DUR, O(pass_window), 0},
    {"pass_through", "ratio", K_DBL, O(pass_ratio), 0},
    {"pass_through", "min_amount", K_DBL, O(pass_min_amount), 0},
    {"fan", "fan_in", K_ENABLE, 0, RF_TYP_FAN_IN},
    {"fan", "fan_out", K_ENABLE, 0, RF_TYP_FAN_OUT},
    {"fan", "window", K_DUR, O(fan_window), 0},
    {"fan", "min_degree", K_U32, O(fan_min_degree), 0},
    {"fan", "population_quantile", K_DBL, O(fan_quantile), 0},
    {"scatter_gather", "scatter_gather", K_ENABLE, 0, RF_TYP_SCATTER_GATHER},
    {"scatter_gather", "gather_scatter", K_ENABLE, 0, RF_TYP_GATHER_SCATTER},
    {"scatter_gather", "window", K_DUR, O(sg_window), 0},
    {"scatter_gather", "min_paths", K_U32, O(sg_min_paths), 0},
    {"scatter_gather", "gather_min_degree", K_U32, O(gs_min_degree), 0},
    {"cycle", "enabled", K_ENABLE, 0, RF_TYP_CYCLE},
    {"cycle", "window", K_DUR, O(cycle_window), 0},
    {"cycle", "min_hops", K_U32, O(cycle_min_hops), 0},
    {"cycle", "max_hops", K_U32, O(cycle_max_hops), 0},
    {"cycle", "amount_ratio", K_DBL, O(cycle_amount_ratio), 0},
    {"cycle", "budget", K_U32, O(cycle_budget), 0},
    {"layering", "bipartite", K_ENABLE, 0, RF_TYP_BIPARTITE},
    {"layering", "stack", K_ENABLE, 0, RF_TYP_STACK},
    {"layering", "window", K_DUR, O(bip_window), 0},
    {"layering", "min_senders", K_U32, O(bip_min_senders), 0},
    {"layering", "min_receivers", K_U32, O(bip_min_receivers), 0},
    {"layering", "min_share", K_DBL, O(bip_min_share), 0},
    {"layering", "max_payments", K_U32, O(bip_max_payments), 0},
    {"corridor", "enabled", K_ENABLE, 0, RF_TYP_CORRIDOR},
    {"corridor", "sanctioned", K_ENABLE, 0, RF_TYP_SANCTIONED},
    {"corridor", "window", K_DUR, O(corridor_window), 0},
    {"corridor", "min_amount", K_DBL, O(corridor_min_amount), 0},
    {"corridor", "min_count", K_U32, O(corridor_min_count), 0},
    {"corridor", "countries", K_COUNTRIES, 0, 0},
    {"corridor", "corridor_countries", K_COUNTRIES, 0, 1},
    {"corridor", "screen_min_score", K_DBL, O(screen_min_score), 0},
    {"profile", "dormant", K_ENABLE, 0, RF_TYP_DORMANT},
    {"profile", "volume_spike", K_ENABLE, 0, RF_TYP_VOLUME_SPIKE},
    {"profile", "dormant_gap", K_DUR, O(dormant_gap), 0},
    {"profile", "dormant_min_amount", K_DBL, O(dormant_min_amount), 0},
    {"profile", "spike_min_history", K_DUR, O(spike_min_history), 0},
    {"profile", "spike_factor", K_DBL, O(spike_factor), 0},
    {"profile", "spike_min_amount", K_DBL, O(spike_min_amount), 0},
    {"profile", "spike_min_days", K_U32, O(spike_min_days), 0},
};
#undef O
#define RF_I_NKEYS (sizeof rf_i_keys / sizeof *rf_i_keys)

static int rf_i_parse_dur(const char *s, int64_t *out) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || errno || !isfinite(v) || v < 0) return -1;
  double mul = 1;
  if (*end) {
    switch (*end) {
    case 's': mul = 1; break;
    case 'm': mul = 60; break;
    case 'h': mul = 3600; break;
    case 'd': mul = 86400; break;
    case 'w': mul = 7 * 86400; break;
    default: return -1;
    }
    if (end[1]) return -1;
  }
  v *= mul;
  if (v > 1e15) return -1;
  *out = (int64_t)v;
  return 0;
}

static int rf_i_parse_bool(const char *s, int *out) {
  if (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "on") || !strcmp(s, "1")) {
    *out = 1;
    return 0;
  }
  if (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "off") || !strcmp(s, "0")) {
    *out = 0;
    return 0;
  }
  return -1;
}

static rf_status rf_i_set(rf_monitor_config *c, const rf_i_key *k, char *val, const char *label,
                          size_t line, rf_error *err) {
  char *base = (char *)c;
  switch (k->type) {
  case K_DUR: {
    int64_t v;
    if (rf_i_parse_dur(val, &v))
      return rf_error_set(err, RF_EPARSE,
                          "%s:%zu: [%s] %s: '%s' is not a duration (e.g. 36h, 7d, 600)", label,
                          line, k->section, k->key, val);
    memcpy(base + k->off, &v, sizeof v);
    return RF_OK;
  }
  case K_U32: {
    int64_t v;
    if (rf_parse_i64(val, &v) || v < 0 || v > 100000000)
      return rf_error_set(err, RF_EPARSE, "%s:%zu: [%s] %s: '%s' is not a count in 0..1e8", label,
                          line, k->section, k->key, val);
    uint32_t u = (uint32_t)v;
    memcpy(base + k->off, &u, sizeof u);
    return RF_OK;
  }
  case K_DBL: {
    double v;
    if (rf_parse_double(val, &v) || !isfinite(v) || v < 0)
      return rf_error_set(err, RF_EPARSE, "%s:%zu: [%s] %s: '%s' is not a non-negative number",
                          label, line, k->section, k->key, val);
    memcpy(base + k->off, &v, sizeof v);
    return RF_OK;
  }
  case K_STR: {
    if (strlen(val) >= (size_t)k->typ)
      return rf_error_set(err, RF_ELIMIT, "%s:%zu: [%s] %s: longer than %d bytes", label, line,
                          k->section, k->key, k->typ - 1);
    memset(base + k->off, 0, (size_t)k->typ);
    memcpy(base + k->off, val, strlen(val));
    return RF_OK;
  }
  case K_BOOL: {
    int b;
    if (rf_i_parse_bool(val, &b))
      return rf_error_set(err, RF_EPARSE, "%s:%zu: [%s] %s: '%s' is not true/false", label, line,
                          k->section, k->key, val);
    memcpy(base + k->off, &b, sizeof b);
    return RF_OK;
  }
  case K_ENABLE: {
    int b;
    if (rf_i_parse_bool(val, &b))
      return rf_error_set(err, RF_EPARSE, "%s:%zu: [%s] %s: '%s' is not true/false", label, line,
                          k->section, k->key, val);
    c->enabled[k->typ] = b;
    return RF_OK;
  }
  case K_COUNTRIES: {
    size_t *ncp = k->typ ? &c->ncorridor : &c->ncountries;
    char(*list)[4] = k->typ ? c->corridor_countries : c->countries;
    *ncp = 0;
    if (!rf_strcasecmp_ascii(val, "none")) return RF_OK; /* an empty list, written as 'none' */
    for (char *tok = strtok(val, ", \t"); tok; tok = strtok(NULL, ", \t")) {
      size_t n = strlen(tok), letters = 0;
      while (letters < n && isalpha((unsigned char)tok[letters])) letters++;
      if (n < 2 || n > 3 || letters != n)
        return rf_error_set(err, RF_EPARSE, "%s:%zu: [corridor] %s: '%s' is not an ISO 3166 code",
                            label, line, k->key, tok);
      if (*ncp == RF_MONITOR_MAX_COUNTRIES)
        return rf_error_set(err, RF_ELIMIT, "%s:%zu: [corridor] %s: more than %d", label, line,
                            k->key, RF_MONITOR_MAX_COUNTRIES);
      for (size_t i = 0; i < n; i++) tok[i] = (char)toupper((unsigned char)tok[i]);
      memcpy(list[(*ncp)++], tok, n + 1);
    }
    if (!*ncp)
      return rf_error_set(err, RF_EPARSE,
                          "%s:%zu: [corridor] %s: no country code (write 'none' for an empty list)",
                          label, line, k->key);
    return RF_OK;
  }
  case K_CCY: {
    c->nccy = 0;
    for (char *tok = strtok(val, ","); tok; tok = strtok(NULL, ",")) {
      char *colon = strrchr(tok, ':');
      double v;
      if (!colon)
        return rf_error_set(
            err, RF_EPARSE,
            "%s:%zu: [structuring] currency_thresholds: '%s' is not CURRENCY:AMOUNT", label, line,
            rf_trim(tok));
      *colon = 0;
      char *name = rf_trim(tok);
      char *num = rf_trim(colon + 1);
      /* a name may not start with a comment character: written back as
       * ", #name" it would read as a comment */
      if (!*name || strlen(name) >= sizeof c->ccy_name[0] || *name == '#' || *name == ';' ||
          rf_parse_double(num, &v) || v <= 0)
        return rf_error_set(err, RF_EPARSE,
                            "%s:%zu: [structuring] currency_thresholds: bad entry '%s:%s'", label,
                            line, name, num);
      if (c->nccy == sizeof c->ccy_name / sizeof *c->ccy_name)
        return rf_error_set(err, RF_ELIMIT,
                            "%s:%zu: [structuring] currency_thresholds: more than 16", label, line);
      strcpy(c->ccy_name[c->nccy], name);
      c->ccy_threshold[c->nccy++] = v;
    }
    return RF_OK;
  }
  }
  return RF_OK;
}

rf_status rf_monitor_config_parse(rf_monitor_config *c, const char *text, size_t len,
                                  const char *label, rf_error *err) {
  char section[64] = "";
  size_t line = 0, pos = 0;
  char buf[4096];
  if (!label) label = "config";
  while (pos < len) {
    size_t end = pos;
    while (end < len && text[end] != '\n') end++;
    line++;
    size_t n = end - pos;
    if (n >= sizeof buf)
      return rf_error_set(err, RF_ELIMIT, "%s:%zu: line longer than %zu bytes", label, line,
                          sizeof buf - 1);
    memcpy(buf, text + pos, n);
    buf[n] = 0;
    pos = end + 1;
    if (memchr(buf, 0, n))
      return rf_error_set(err, RF_EPARSE, "%s:%zu: NUL byte in config", label, line);
    /* strip comments (# or ; at start or after whitespace) */
    for (char *p = buf; *p; p++)
      if ((*p == '#' || *p == ';') && (p == buf || isspace((unsigned char)p[-1]))) {
        *p = 0;
        break;
      }
    char *s = rf_trim(buf);
    if (!*s) continue;
    if (*s == '[') {
      char *close = strchr(s, ']');
      if (!close || close[1])
        return rf_error_set(err, RF_EPARSE, "%s:%zu: malformed section header '%s'", label, line,
                            s);
      *close = 0;
      char *name = rf_trim(s + 1);
      int known = 0;
      for (size_t i = 0; i < RF_I_NKEYS; i++)
        if (!strcmp(rf_i_keys[i].section, name)) known = 1;
      if (!known || strlen(name) >= sizeof section)
        return rf_error_set(err, RF_EPARSE, "%s:%zu: unknown section [%s]", label, line, name);
      strcpy(section, name);
      continue;
    }
    char *eq = strchr(s, '=');
    if (!eq) return rf_error_set(err, RF_EPARSE, "%s:%zu: expected key = value", label, line);
    *eq = 0;
    char *key = rf_trim(s), *val = rf_trim(eq + 1);
    if (!*section)
      return rf_error_set(err, RF_EPARSE, "%s:%zu: key '%s' outside a [section]", label, line, key);
    if (!*val)
      return rf_error_set(err, RF_EPARSE, "%s:%zu: [%s] %s: empty value", label, line, section,
                          key);
    if (*val == '#' || *val == ';') /* would read back as a comment */
      return rf_error_set(err, RF_EPARSE, "%s:%zu: [%s] %s: a value may not start with '%c'", label,
                          line, section, key, *val);
    const rf_i_key *k = NULL;
    for (size_t i = 0; i < RF_I_NKEYS; i++)
      if (!strcmp(rf_i_keys[i].section, section) && !strcmp(rf_i_keys[i].key, key))
        k = &rf_i_keys[i];
    if (!k)
      return rf_error_set(err, RF_EPARSE, "%s:%zu: unknown key '%s' in [%s]", label, line, key,
                          section);
    rf_status st = rf_i_set(c, k, val, label, line, err);
    if (st) return st;
  }
  if (c->max_edges < 8)
    return rf_error_set(err, RF_EINVAL, "%s: [general] max_edges must be at least 8", label);
  if (c->cycle_max_hops > 12 || c->cycle_min_hops < 2 || c->cycle_min_hops > c->cycle_max_hops)
    return rf_error_set(err, RF_EINVAL, "%s: [cycle] need 2 <= min_hops <= max_hops <= 12", label);
  if (c->fan_quantile >= 1)
    return rf_error_set(err, RF_EINVAL, "%s: [fan] population_quantile must be below 1", label);
  if (c->struct_margin >= 1)
    return rf_error_set(err, RF_EINVAL, "%s: [structuring] margin must be below 1", label);
  if (c->link_band < 1)
    return rf_error_set(err, RF_EINVAL, "%s: [structuring] link_band must be at least 1", label);
  return RF_OK;
}

rf_status rf_monitor_config_load(rf_monitor_config *c, const char *path, rf_error *err) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return rf_error_set(err, RF_EIO, "%s: cannot open config: %s", path, strerror(errno));
  rf_buf b;
  rf_buf_init(&b);
  char chunk[8192];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
    if (b.len + n > (1u << 20)) {
      fclose(fp);
      rf_buf_free(&b);
      return rf_error_set(err, RF_ELIMIT, "%s: config larger than 1 MiB", path);
    }
    if (rf_buf_append(&b, chunk, n)) {
      fclose(fp);
      rf_buf_free(&b);
      return rf_error_set(err, RF_ENOMEM, "%s: out of memory", path);
    }
  }
  int bad = ferror(fp);
  fclose(fp);
  if (bad) {
    rf_buf_free(&b);
    return rf_error_set(err, RF_EIO, "%s: read error", path);
  }
  rf_status st = rf_monitor_config_parse(c, b.data ? b.data : "", b.len, path, err);
  rf_buf_free(&b);
  return st;
}

static void rf_i_write_dur(FILE *fp, const char *k, int64_t v) {
  if (v % 86400 == 0 && v)
    fprintf(fp, "%s = %lldd\n", k, (long long)(v / 86400));
  else if (v % 3600 == 0 && v)
    fprintf(fp, "%s = %lldh\n", k, (long long)(v / 3600));
  else
    fprintf(fp, "%s = %llds\n", k, (long long)v);
}

rf_status rf_monitor_config_write(const rf_monitor_config *c, FILE *fp, rf_error *err) {
  const char *sec = "";
  const char *base = (const char *)c;
  for (size_t i = 0; i < RF_I_NKEYS; i++) {
    const rf_i_key *k = &rf_i_keys[i];
    if (strcmp(sec, k->section)) {
      fprintf(fp, "%s[%s]\n", *sec ? "\n" : "", k->section);
      sec = k->section;
    }
    switch (k->type) {
    case K_DUR: {
      int64_t v;
      memcpy(&v, base + k->off, sizeof v);
      rf_i_write_dur(fp, k->key, v);
      break;
    }
    case K_U32: {
      uint32_t v;
      memcpy(&v, base + k->off, sizeof v);
      fprintf(fp, "%s = %u\n", k->key, v);
      break;
    }
    case K_DBL: {
      double v;
      memcpy(&v, base + k->off, sizeof v);
      fprintf(fp, "%s = %.15g\n", k->key, v);
      break;
    }
    case K_ENABLE: fprintf(fp, "%s = %s\n", k->key, c->enabled[k->typ] ? "true" : "false"); break;
    case K_STR: fprintf(fp, "%s = %s\n", k->key, base + k->off); break;
    case K_BOOL: {
      int v;
      memcpy(&v, base + k->off, sizeof v);
      fprintf(fp, "%s = %s\n", k->key, v ? "true" : "false");
      break;
    }
    case K_COUNTRIES:
      fprintf(fp, "%s = ", k->key);
      if (!(k->typ ? c->ncorridor : c->ncountries)) fputs("none", fp);
      for (size_t j = 0; j < (k->typ ? c->ncorridor : c->ncountries); j++)
        fprintf(fp, "%s%s", j ? ", " : "", k->typ ? c->corridor_countries[j] : c->countries[j]);
      fputc('\n', fp);
      break;
    case K_CCY:
      if (!c->nccy) {
        fprintf(fp, "# %s = US Dollar:10000, Mexican Peso:200000\n", k->key);
        break;
      }
      fprintf(fp, "%s = ", k->key);
      for (size_t j = 0; j < c->nccy; j++)
        fprintf(fp, "%s%s:%.15g", j ? ", " : "", c->ccy_name[j], c->ccy_threshold[j]);
      fputc('\n', fp);
      break;
    }
  }
  if (ferror(fp)) return rf_error_set(err, RF_EIO, "cannot write config");
  return RF_OK;
}

double rf_i_config_ccy_threshold(const rf_monitor_config *c, const char *ccy) {
  if (ccy)
    for (size_t i = 0; i < c->nccy; i++)
      if (!rf_strcasecmp_ascii(c->ccy_name[i], ccy)) return c->ccy_threshold[i];
  return c->struct_threshold;
}
