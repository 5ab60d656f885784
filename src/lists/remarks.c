/* OFAC remarks parser: "DOB 12 Jan 1960; POB X; Passport Y (Z); a.k.a. 'W';
 * Linked To: V." into structured entity fields. Never fails on content:
 * parts it does not recognise are kept as props. */
#include "lists_i.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ helpers */

void *rf_i_lists_concat(rf_arena *a, const void *old, size_t n, const void *add, size_t m,
                        size_t elsz) {
  if (!m) return (void *)old;
  void *p = rf_arena_alloc(a, (n + m) * elsz);
  if (!p) return NULL;
  if (n) memcpy(p, old, n * elsz);
  memcpy((char *)p + n * elsz, add, m * elsz);
  return p;
}

void rf_i_vec_init(rf_i_vec *v, size_t elsz) {
  v->data = NULL;
  v->n = v->cap = 0;
  v->elsz = elsz;
}

void rf_i_vec_free(rf_i_vec *v) {
  free(v->data);
  v->data = NULL;
  v->n = v->cap = 0;
}

int rf_i_vec_push(rf_i_vec *v, const void *el) {
  void *p = rf_grow(v->data, &v->cap, v->n + 1, v->elsz, 8);
  if (!p) return -1;
  v->data = p;
  memcpy((char *)v->data + v->n * v->elsz, el, v->elsz);
  v->n++;
  return 0;
}

static int rf_i_prefix(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

static int rf_i_iprefix(const char *s, const char *p) {
  size_t n = strlen(p);
  for (size_t i = 0; i < n; i++)
    if (tolower((unsigned char)s[i]) != tolower((unsigned char)p[i])) return 0;
  return 1;
}

/* Arena copy of s[0..n) with ASCII spaces trimmed; NULL if empty. */
static const char *rf_i_dup_trim(rf_arena *a, const char *s, size_t n, int *oom) {
  while (n && isspace((unsigned char)*s)) s++, n--;
  while (n && isspace((unsigned char)s[n - 1])) n--;
  if (!n) return NULL;
  char *d = rf_arena_strndup(a, s, n);
  if (!d) *oom = 1;
  return d;
}

/* ---------------------------------------------------------------- DOB */

static const char *const rf_i_months[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};

static int rf_i_month(const char *s, size_t n) {
  if (n < 3) return 0;
  static const char *const full[12] = {"january",   "february", "march",    "april",
                                       "may",       "june",     "july",     "august",
                                       "september", "october",  "november", "december"};
  for (int m = 0; m < 12; m++) {
    if (n == 3 && rf_i_iprefix(s, rf_i_months[m])) return m + 1;
    if (n == 4 && m == 8 && rf_i_iprefix(s, "sept")) return 9;
    if (n == strlen(full[m]) && rf_i_iprefix(s, full[m])) return m + 1;
  }
  return 0;
}

/* Reads one word (letters/digits) at *p; returns its length. */
static size_t rf_i_word(const char **p) {
  while (**p == ' ' || **p == ',') (*p)++;
  const char *s = *p;
  while (isalnum((unsigned char)**p)) (*p)++;
  return (size_t)(*p - s);
}

static int rf_i_num(const char *s, size_t n, int *v) {
  if (!n || n > 4) return 0;
  int x = 0;
  for (size_t i = 0; i < n; i++) {
    if (!isdigit((unsigned char)s[i])) return 0;
    x = x * 10 + (s[i] - '0');
  }
  *v = x;
  return 1;
}

/* [DD] [Mon] YYYY */
static int rf_i_date1(const char **p, int *y, int *m, int *d) {
  *y = *m = *d = 0;
  const char *s = *p;
  size_t n = rf_i_word(p);
  s = *p - n;
  int v;
  if (rf_i_num(s, n, &v) && n <= 2) { /* day */
    *d = v;
    n = rf_i_word(p);
    s = *p - n;
    if (!(*m = rf_i_month(s, n))) return 0;
    n = rf_i_word(p);
    s = *p - n;
  } else if ((*m = rf_i_month(s, n))) {
    n = rf_i_word(p);
    s = *p - n;
  }
  if (n != 4 || !rf_i_num(s, n, y)) return 0;
  if (*y < 1000 || *y > 2999) return 0;
  if (*d > 31 || (*d && !*m)) return 0;
  return 1;
}

rf_status rf_lists_dob_parse(const char *s, rf_dob *out) {
  memset(out, 0, sizeof *out);
  if (!s) return RF_EPARSE;
  const char *p = s;
  while (*p == ' ') p++;
  if (rf_i_iprefix(p, "circa ")) {
    out->circa = 1;
    p += 6;
  } else if (rf_i_iprefix(p, "approximately ")) {
    out->circa = 1;
    p += 14;
  }
  int y, m, d;
  if (!rf_i_date1(&p, &y, &m, &d)) return RF_EPARSE;
  out->year = out->year_to = (int16_t)y;
  out->month = (uint8_t)m;
  out->day = (uint8_t)d;
  while (*p == ' ') p++;
  if (rf_i_iprefix(p, "to ") || *p == '-') {
    p += *p == '-' ? 1 : 3;
    int y2, m2, d2;
    if (!rf_i_date1(&p, &y2, &m2, &d2) || y2 < y) return RF_EPARSE;
    out->year_to = (int16_t)y2;
    if (y2 != y || m2 != m) out->month = out->day = 0; /* keep only what is common */
    while (*p == ' ') p++;
  }
  if (*p) return RF_EPARSE;
  return RF_OK;
}

void rf_dob_format(const rf_dob *d, char *out, size_t outsz) {
  int n = snprintf(out, outsz, "%s%04d", d->circa ? "~" : "", d->year);
  if (n < 0 || (size_t)n >= outsz) return;
  if (d->month) n += snprintf(out + n, outsz - n, "-%02d", d->month);
  if ((size_t)n >= outsz) return;
  if (d->month && d->day) n += snprintf(out + n, outsz - n, "-%02d", d->day);
  if ((size_t)n >= outsz) return;
  if (d->year_to != d->year) snprintf(out + n, outsz - n, "..%04d", d->year_to);
}

size_t rf_ident_number_norm(const char *number, char *out, size_t outsz) {
  size_t j = 0;
  if (!outsz) return 0;
  for (const char *p = number ? number : ""; *p && j + 1 < outsz; p++)
    if (isalnum((unsigned char)*p) && !((unsigned char)*p & 0x80))
      out[j++] = (char)toupper((unsigned char)*p);
  out[j] = '\0';
  return j;
}

/* ------------------------------------------------------------ programs */

static int rf_i_add_program(rf_i_vec *v, const char *const *old, size_t nold, const char *s,
                            size_t n, rf_arena *a) {
  for (size_t i = 0; i < nold; i++)
    if (strlen(old[i]) == n && !memcmp(old[i], s, n)) return 0;
  for (size_t i = 0; i < v->n; i++) {
    const char *q = ((const char **)v->data)[i];
    if (strlen(q) == n && !memcmp(q, s, n)) return 0;
  }
  const char *d = rf_arena_strndup(a, s, n);
  if (!d) return -1;
  return rf_i_vec_push(v, &d);
}

rf_status rf_lists_programs_parse(rf_entity *e, const char *programs, rf_arena *a) {
  if (!programs) return RF_OK;
  rf_i_vec v;
  rf_i_vec_init(&v, sizeof(const char *));
  const char *p = programs;
  int oom = 0;
  while (*p && !oom) {
    while (*p == '[' || *p == ']' || isspace((unsigned char)*p)) p++;
    const char *s = p;
    while (*p && *p != '[' && *p != ']') p++;
    size_t n = (size_t)(p - s);
    while (n && isspace((unsigned char)s[n - 1])) n--;
    if (n && !(n == 3 && !memcmp(s, "-0-", 3)))
      oom = rf_i_add_program(&v, e->programs, e->nprograms, s, n, a) != 0;
  }
  if (!oom && v.n) {
    const char **np = rf_i_lists_concat(a, e->programs, e->nprograms, v.data, v.n, v.elsz);
    if (!np)
      oom = 1;
    else {
      e->programs = np;
      e->nprograms += v.n;
    }
  }
  rf_i_vec_free(&v);
  return oom ? RF_ENOMEM : RF_OK;
}

/* ------------------------------------------------------- identity kinds */

typedef struct rf_i_idkind {
  const char *label, *kind;
} rf_i_idkind;

/* Labels as OFAC writes them; the longest matching label wins. */
static const rf_i_idkind rf_i_idkinds[] = {
    {"Passport", "passport"},
    {"Passport No.", "passport"},
    {"Diplomatic Passport", "diplomatic_passport"},
    {"National ID No.", "national_id"},
    {"National ID", "national_id"},
    {"National Identification Number", "national_id"},
    {"Kenyan ID No.", "national_id"},
    {"Citizen's Card Number", "national_id"},
    {"Numero de Identidad", "national_id"},
    {"Cedula No.", "cedula"},
    {"Cedula", "cedula"},
    {"C.U.R.P.", "curp"},
    {"CURP", "curp"},
    {"CURP #", "curp"},
    {"R.F.C.", "rfc"},
    {"RFC", "rfc"},
    {"RFC #", "rfc"},
    {"NIT #", "nit"},
    {"NIT", "nit"},
    {"RUC #", "ruc"},
    {"RUC", "ruc"},
    {"RIF #", "rif"},
    {"RIF", "rif"},
    {"D.N.I.", "dni"},
    {"DNI", "dni"},
    {"C.U.I.T.", "tax_id"},
    {"C.U.I.L.", "tax_id"},
    {"SSN", "ssn"},
    {"US FEIN", "tax_id"},
    {"Tax ID No.", "tax_id"},
    {"Italian Fiscal Code", "tax_id"},
    {"Registration ID", "registration_id"},
    {"Registration Number", "registration_number"},
    {"Business Registration Number", "registration_number"},
    {"Business Registration Document #", "registration_number"},
    {"Public Registration Number", "registration_number"},
    {"Government Gazette Number", "registration_number"},
    {"Company Number", "company_number"},
    {"UK Company Number", "company_number"},
    {"V.A.T. Number", "vat"},
    {"Legal Entity Number", "lei"},
    {"Driver's License No.", "drivers_license"},
    {"Electoral Registry No.", "electoral_id"},
    {"Credencial electoral", "electoral_id"},
    {"I.F.E.", "electoral_id"},
    {"Cartilla de Servicio Militar Nacional", "military_id"},
    {"Folio Mercantil No.", "folio_mercantil"},
    {"Matricula Mercantil No", "matricula_mercantil"},
    {"Matricula Mercantil No.", "matricula_mercantil"},
    {"Commercial Registry Number", "commercial_registry"},
    {"C.R. No.", "commercial_registry"},
    {"Chamber of Commerce Number", "commercial_registry"},
    {"Certificate of Incorporation Number", "registration_number"},
    {"Trade License No.", "trade_license"},
    {"Personal ID Card", "personal_id"},
    {"Birth Certificate Number", "birth_certificate"},
    {"Residency Number", "residency"},
    {"Identification Number", "identification_number"},
    {"Unified Social Credit Code (USCC)", "uscc"},
    {"D-U-N-S Number", "duns"},
    {"ISIN", "isin"},
    {"SWIFT/BIC", "swift"},
    {"MMSI", "mmsi"},
    {"IMO", "imo"},
    {"Vessel Registration Identification", "imo"},
    {"Stateless Person ID Card", "personal_id"},
    {"Refugee ID Card", "personal_id"},
    {"Immigration No.", "residency"},
    {"Social Security Number", "ssn"},
    {"Tax ID", "tax_id"},
    {"Fiscal Code", "tax_id"},
    {"Turkish Identification Number", "national_id"},
    {"National Foreign ID Number", "national_id"},
    {"Tazkira National ID", "national_id"},
    {"Moroccan Personal ID No.", "national_id"},
    {"Bosnian Personal ID No.", "national_id"},
    {"Travel Document Number", "travel_document"},
    {"United Social Credit Code", "uscc"},
    {"Public Security and Immigration No.", "residency"},
    {"International Maritime Organization No.", "imo"},
    {"Registered Charity No.", "registration_number"},
    {"LE Number", "lei"},
};

/* Longest label that s starts with, followed by a space. */
static const rf_i_idkind *rf_i_idkind_match(const char *s) {
  const rf_i_idkind *best = NULL;
  size_t bestn = 0;
  for (size_t i = 0; i < sizeof rf_i_idkinds / sizeof rf_i_idkinds[0]; i++) {
    if (s[0] != rf_i_idkinds[i].label[0]) continue;
    size_t n = strlen(rf_i_idkinds[i].label);
    if (n > bestn && !strncmp(s, rf_i_idkinds[i].label, n) && s[n] == ' ') {
      best = &rf_i_idkinds[i];
      bestn = n;
    }
  }
  return best;
}

/* Labelled facts kept as props (key = label). Longest match wins. */
static const char *const rf_i_proplabels[] = {
    "Phone Number",
    "Telephone No.",
    "Telephone",
    "Fax No.",
    "Fax",
    "Organization Established Date",
    "Target Type",
    "Equity Ticker",
    "Vessel Year of Build",
    "Former Vessel Flag",
    "Other Vessel Flag",
    "Other Vessel Call Sign",
    "Other Vessel Type",
    "Vessel Flag",
    "Vessel Type",
    "Aircraft Construction Number (also called L/N or S/N or F/N)",
    "Aircraft Mode S Transponder Code",
    "Previous Aircraft Tail Number",
    "Aircraft Manufacturer",
    "Executive Order 13662 Directive Determination -",
    "Executive Order 13846 information:",
    "Additional Sanctions Information -",
    "License",
    "Title",
    "Position"};

static const char *rf_i_proplabel_match(const char *s) {
  const char *best = NULL;
  size_t bestn = 0;
  for (size_t i = 0; i < sizeof rf_i_proplabels / sizeof rf_i_proplabels[0]; i++) {
    if (s[0] != rf_i_proplabels[i][0]) continue;
    size_t n = strlen(rf_i_proplabels[i]);
    if (n > bestn && !strncmp(s, rf_i_proplabels[i], n) && s[n] == ' ') {
      best = rf_i_proplabels[i];
      bestn = n;
    }
  }
  return best;
}

/* --------------------------------------------------------------- parser */

typedef struct rf_i_rp {
  rf_arena *a;
  int oom;
  rf_i_vec names, dobs, pobs, nats, ids, linked, emails, webs, crypto, ccur, props, progs;
} rf_i_rp;

static void rf_i_push_str(rf_i_rp *r, rf_i_vec *v, const char *s, size_t n) {
  const char *d = rf_i_dup_trim(r->a, s, n, &r->oom);
  if (d && rf_i_vec_push(v, &d)) r->oom = 1;
}

static void rf_i_push_prop(rf_i_rp *r, const char *key, size_t keyn, const char *val) {
  rf_entity_prop p = {NULL, NULL};
  while (key && keyn && (key[keyn - 1] == ' ' || key[keyn - 1] == '-' || key[keyn - 1] == ':'))
    keyn--;
  if (key) p.key = rf_i_dup_trim(r->a, key, keyn, &r->oom);
  p.value = rf_i_dup_trim(r->a, val, strlen(val), &r->oom);
  if (!p.value && !p.key) return;
  if (rf_i_vec_push(&r->props, &p)) r->oom = 1;
}

/* "a.k.a. 'X'" -> X (outermost quotes, single or double). */
static void rf_i_alias(rf_i_rp *r, const char *s, rf_name_kind kind) {
  while (*s == ' ') s++;
  size_t n = strlen(s);
  const char *b = s, *e = s + n;
  if (n >= 2 && (*s == '\'' || *s == '"')) {
    const char *q = strrchr(s, *s);
    if (q > s) {
      b = s + 1;
      e = q;
    }
  }
  rf_entity_name nm = {rf_i_dup_trim(r->a, b, (size_t)(e - b), &r->oom), kind, 1};
  if (nm.name && rf_i_vec_push(&r->names, &nm)) r->oom = 1;
}

static int rf_i_has_digit(const char *s) {
  for (; *s; s++)
    if (isdigit((unsigned char)*s)) return 1;
  return 0;
}

/* "<label> <number> [(<country>)]... [issued ...] [expires ...]" */
static void rf_i_ident(rf_i_rp *r, const char *seg, size_t labeln, const char *kind) {
  const char *rest = seg + labeln;
  while (*rest == ' ') rest++;
  size_t lab_len = labeln;
  if (strcmp(kind, "imo") && rf_i_prefix(rest, "IMO ")) { /* "Identification Number IMO 1234" */
    kind = "imo";
    rest += 4;
    lab_len = (size_t)(rest - seg) - 1;
  } else if (!strcmp(kind, "imo") && rf_i_prefix(rest, "IMO ")) {
    rest += 4;
    lab_len = (size_t)(rest - seg) - 1;
  }
  while (*rest == ' ') rest++;
  size_t end = strlen(rest);
  const char *stop[] = {" (", " issued", " expires", " Issue Date", " Expiration Date"};
  for (size_t i = 0; i < sizeof stop / sizeof stop[0]; i++) {
    const char *q = strstr(rest, stop[i]);
    if (q && (size_t)(q - rest) < end) end = (size_t)(q - rest);
  }
  while (end && (rest[end - 1] == ',' || rest[end - 1] == ' ')) end--;
  rf_ident id = {0};
  id.kind = kind;
  id.label = rf_i_dup_trim(r->a, seg, lab_len, &r->oom);
  id.number = rf_i_dup_trim(r->a, rest, end, &r->oom);
  /* country: the last "(...)" group after the number, before issued/expires */
  const char *lim = rest + strlen(rest);
  const char *iss = strstr(rest + end, " issued");
  if (iss) lim = iss;
  const char *exp = strstr(rest + end, " expires");
  if (exp && exp < lim) lim = exp;
  const char *open = NULL, *close = NULL;
  for (const char *q = rest + end; q < lim; q++) {
    if (*q == '(') {
      const char *c = memchr(q, ')', (size_t)(lim - q));
      if (!c) break;
      open = q + 1;
      close = c;
      q = c;
    }
  }
  if (open) id.country = rf_i_dup_trim(r->a, open, (size_t)(close - open), &r->oom);
  if (!id.number) return; /* label without a number: keep as a prop instead */
  if (rf_i_vec_push(&r->ids, &id)) r->oom = 1;
}

/* Program-like tags in brackets inside remarks: "[ILLICIT-DRUGS-EO14059]". */
static void rf_i_tags(rf_i_rp *r, const char *seg, const rf_entity *e) {
  for (const char *p = strchr(seg, '['); p; p = strchr(p + 1, '[')) {
    const char *q = p + 1;
    int letters = 0, ok = 1;
    while (*q && *q != ']') {
      if (isupper((unsigned char)*q))
        letters++;
      else if (!isdigit((unsigned char)*q) && *q != '-' && *q != '_' && *q != ' ')
        ok = 0;
      q++;
    }
    size_t n = (size_t)(q - p - 1);
    if (*q == ']' && ok && letters && n >= 2 && n <= 40)
      if (rf_i_add_program(&r->progs, e->programs, e->nprograms, p + 1, n, r->a)) r->oom = 1;
  }
}

static void rf_i_segment(rf_i_rp *r, rf_entity *e, char *seg) {
  rf_trim(seg);
  if (!*seg) return;
  if (rf_i_prefix(seg, "alt. ") || rf_i_prefix(seg, "Alt. ")) {
    seg += 5;
    while (*seg == ' ') seg++;
  }
  rf_i_tags(r, seg, e);
  const char *v;
  if (rf_i_prefix(seg, "DOB ")) {
    rf_dob d;
    if (rf_lists_dob_parse(seg + 4, &d) == RF_OK) {
      if (rf_i_vec_push(&r->dobs, &d)) r->oom = 1;
    } else
      rf_i_push_prop(r, "DOB", 3, seg + 4);
  } else if (rf_i_prefix(seg, "POB ")) {
    rf_i_push_str(r, &r->pobs, seg + 4, strlen(seg + 4));
  } else if (rf_i_prefix(seg, "nationality ") || rf_i_prefix(seg, "Nationality ")) {
    rf_i_push_str(r, &r->nats, seg + 12, strlen(seg + 12));
  } else if (rf_i_prefix(seg, "citizen ") || rf_i_prefix(seg, "Citizen ")) {
    rf_i_push_str(r, &r->nats, seg + 8, strlen(seg + 8));
  } else if (rf_i_prefix(seg, "Gender ")) {
    const char *g = seg + 7;
    while (*g == ' ') g++;
    if (!e->gender || strcmp(e->gender, g)) e->gender = rf_i_dup_trim(r->a, g, strlen(g), &r->oom);
  } else if (rf_i_prefix(seg, "a.k.a. ") || rf_i_prefix(seg, "a.k.a ")) {
    rf_i_alias(r, strchr(seg, ' ') + 1, RF_NAME_AKA);
  } else if (rf_i_prefix(seg, "f.k.a. ") || rf_i_prefix(seg, "f.k.a ")) {
    rf_i_alias(r, strchr(seg, ' ') + 1, RF_NAME_FKA);
  } else if (rf_i_prefix(seg, "n.k.a. ") || rf_i_prefix(seg, "n.k.a ")) {
    rf_i_alias(r, strchr(seg, ' ') + 1, RF_NAME_NKA);
  } else if (rf_i_iprefix(seg, "Linked To:")) {
    rf_i_push_str(r, &r->linked, seg + 10, strlen(seg + 10));
  } else if (rf_i_prefix(seg, "Email Address ") || rf_i_prefix(seg, "Email ")) {
    v = strchr(seg, ' ') + 1;
    if (rf_i_prefix(seg, "Email Address ")) v = seg + 14;
    rf_i_push_str(r, &r->emails, v, strlen(v));
  } else if (rf_i_prefix(seg, "Website ")) {
    rf_i_push_str(r, &r->webs, seg + 8, strlen(seg + 8));
  } else if (rf_i_prefix(seg, "Digital Currency Address - ")) {
    v = seg + 27;
    while (*v == ' ') v++;
    const char *sp = strchr(v, ' ');
    if (sp) {
      size_t nbefore = r->crypto.n;
      rf_i_push_str(r, &r->crypto, sp + 1, strlen(sp + 1));
      if (r->crypto.n > nbefore) rf_i_push_str(r, &r->ccur, v, (size_t)(sp - v));
      if (r->crypto.n != r->ccur.n) { /* keep the arrays parallel */
        const char *none = "";
        if (rf_i_vec_push(&r->ccur, &none)) r->oom = 1;
      }
    } else
      rf_i_push_prop(r, "Digital Currency Address", 24, v);
  } else if (rf_i_prefix(seg, "Aircraft Model ")) {
    e->aircraft_model = rf_i_dup_trim(r->a, seg + 15, strlen(seg + 15), &r->oom);
  } else if (rf_i_prefix(seg, "Aircraft Operator ")) {
    e->aircraft_operator = rf_i_dup_trim(r->a, seg + 18, strlen(seg + 18), &r->oom);
  } else if (rf_i_prefix(seg, "Aircraft Manufacturer's Serial Number (MSN) ")) {
    e->aircraft_serial = rf_i_dup_trim(r->a, seg + 44, strlen(seg + 44), &r->oom);
  } else if (rf_i_prefix(seg, "Aircraft Tail Number ")) {
    e->aircraft_tail = rf_i_dup_trim(r->a, seg + 21, strlen(seg + 21), &r->oom);
  } else if (rf_i_prefix(seg, "Aircraft Manufacture Date ")) {
    e->aircraft_built = rf_i_dup_trim(r->a, seg + 26, strlen(seg + 26), &r->oom);
  } else {
    const rf_i_idkind *k = rf_i_idkind_match(seg);
    const char *pl = rf_i_proplabel_match(seg);
    if (k && (!pl || strlen(k->label) >= strlen(pl)) && rf_i_has_digit(seg + strlen(k->label))) {
      rf_i_ident(r, seg, strlen(k->label), k->kind);
      return;
    }
    if (pl) {
      rf_i_push_prop(r, pl, strlen(pl), seg + strlen(pl));
      return;
    }
    const char *colon = strstr(seg, ": ");
    if (colon && colon - seg < 120) {
      rf_i_push_prop(r, seg, (size_t)(colon - seg), colon + 2);
      return;
    }
    /* "<Something> No./Number/#/ID <token with digits>": an identity number of
     * a kind we do not know */
    const char *ends[] = {" No. ", " No ", " Number ", " # ", " ID ", " Card ", " Code "};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
      const char *q = strstr(seg, ends[i]);
      if (q && q - seg < 60 && rf_i_has_digit(q + strlen(ends[i]))) {
        rf_i_ident(r, seg, (size_t)(q - seg) + strlen(ends[i]) - 1, "other_id");
        return;
      }
    }
    rf_i_push_prop(r, NULL, 0, seg);
  }
}

#define RF_I_FLUSH(vec, arr, cnt)                                                                  \
  do {                                                                                             \
    if (!r.oom && r.vec.n) {                                                                       \
      void *np_ = rf_i_lists_concat(a, e->arr, e->cnt, r.vec.data, r.vec.n, r.vec.elsz);           \
      if (!np_)                                                                                    \
        r.oom = 1;                                                                                 \
      else {                                                                                       \
        e->arr = np_;                                                                              \
        e->cnt += r.vec.n;                                                                         \
      }                                                                                            \
    }                                                                                              \
  } while (0)

rf_status rf_lists_remarks_parse(rf_entity *e, const char *remarks, rf_arena *a) {
  if (!remarks || !*remarks) return RF_OK;
  char *buf = strdup(remarks);
  if (!buf) return RF_ENOMEM;
  rf_trim(buf);
  size_t n = strlen(buf);
  if (n && buf[n - 1] == '.') buf[--n] = '\0';
  rf_i_rp r;
  memset(&r, 0, sizeof r);
  r.a = a;
  rf_i_vec_init(&r.names, sizeof(rf_entity_name));
  rf_i_vec_init(&r.dobs, sizeof(rf_dob));
  rf_i_vec_init(&r.ids, sizeof(rf_ident));
  rf_i_vec_init(&r.props, sizeof(rf_entity_prop));
  rf_i_vec *sv[] = {&r.pobs, &r.nats, &r.linked, &r.emails, &r.webs, &r.crypto, &r.ccur, &r.progs};
  for (size_t i = 0; i < sizeof sv / sizeof sv[0]; i++) rf_i_vec_init(sv[i], sizeof(char *));
  /* split at ';' outside parentheses */
  int depth = 0;
  char *seg = buf;
  for (char *p = buf;; p++) {
    if (*p == '(') depth++;
    if (*p == ')' && depth > 0) depth--;
    if (*p == '\0' || (*p == ';' && depth == 0)) {
      int end = *p == '\0';
      *p = '\0';
      rf_i_segment(&r, e, seg);
      if (end || r.oom) break;
      seg = p + 1;
    }
  }
  /* crypto currencies stay parallel to addresses even for entities that had
   * addresses before without currencies */
  if (!r.oom && r.crypto.n && e->ncrypto && !e->crypto_currencies) {
    const char **cc = rf_arena_alloc(a, e->ncrypto * sizeof *cc);
    if (!cc)
      r.oom = 1;
    else {
      for (size_t i = 0; i < e->ncrypto; i++) cc[i] = "";
      e->crypto_currencies = cc;
    }
  }
  if (!r.oom && r.crypto.n) {
    const char **cc = rf_i_lists_concat(a, e->crypto_currencies, e->ncrypto, r.ccur.data, r.ccur.n,
                                        sizeof(char *));
    if (!cc)
      r.oom = 1;
    else
      e->crypto_currencies = cc;
  }
  RF_I_FLUSH(crypto, crypto_addresses, ncrypto);
  RF_I_FLUSH(names, names, nnames);
  RF_I_FLUSH(dobs, dobs, ndobs);
  RF_I_FLUSH(pobs, pobs, npobs);
  RF_I_FLUSH(nats, nationalities, nnationalities);
  RF_I_FLUSH(ids, ids, nids);
  RF_I_FLUSH(linked, linked_to, nlinked);
  RF_I_FLUSH(emails, emails, nemails);
  RF_I_FLUSH(webs, websites, nwebsites);
  RF_I_FLUSH(props, props, nprops);
  RF_I_FLUSH(progs, programs, nprograms);
  if (!e->name && e->nnames) e->name = e->names[0].name;
  rf_i_vec *all[] = {&r.names,  &r.dobs,   &r.ids,  &r.props,  &r.pobs, &r.nats,
                     &r.linked, &r.emails, &r.webs, &r.crypto, &r.ccur, &r.progs};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) rf_i_vec_free(all[i]);
  free(buf);
  return r.oom ? RF_ENOMEM : RF_OK;
}
