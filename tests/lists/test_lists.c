/* Tests of the lists module: loader counts on real OFAC files, remarks
 * parsing on real remarks, malformed files, name lookup, SHA-256. */
#include "rf_test.h"

#include "lists/lists_i.h"
#include "redflag/lists.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define WATCHMAN RF_SHARED_DATA "/ofac/watchman"

static rf_lists *load(const char *dir) {
  rf_lists *l;
  rf_error err;
  assert_int_equal(rf_lists_new(&l), RF_OK);
  rf_status st = rf_lists_load_dir(l, dir, &err);
  if (st) fprintf(stderr, "load %s: %s\n", dir, err.msg);
  assert_int_equal(st, RF_OK);
  return l;
}

static size_t prog_count(const rf_lists *l, size_t v, const char *p) {
  for (size_t i = 0; i < rf_list_version_nprograms(l, v); i++)
    if (!strcmp(rf_list_version_program(l, v, i)->program, p))
      return rf_list_version_program(l, v, i)->entities;
  return 0;
}

static int has_program(const rf_entity *e, const char *p) {
  for (size_t i = 0; i < e->nprograms; i++)
    if (!strcmp(e->programs[i], p)) return 1;
  return 0;
}

static const rf_entity_name *find_alias(const rf_entity *e, const char *name) {
  for (size_t i = 0; i < e->nnames; i++)
    if (!strcmp(e->names[i].name, name)) return &e->names[i];
  return NULL;
}

static const rf_ident *find_id(const rf_entity *e, const char *kind, const char *number) {
  for (size_t i = 0; i < e->nids; i++)
    if (!strcmp(e->ids[i].kind, kind) && !strcmp(e->ids[i].number, number)) return &e->ids[i];
  return NULL;
}

/* Counts were verified once with an independent Python csv-module count
 * (rows, program tokens, alt rows, "a.k.a." remarks); SDN program figures
 * also match ../shared/data/ofac/SOURCE.md. */
static void test_sdn_2021_counts(void **state) {
  (void)state;
  rf_lists *l = load(WATCHMAN "/sdn_2021-07");
  assert_int_equal(rf_lists_count(l), 8976);
  assert_int_equal(rf_lists_nversions(l), 1);
  const rf_list_version *v = rf_lists_version(l, 0);
  assert_string_equal(v->list, "SDN");
  assert_int_equal(v->entities, 8976);
  assert_int_equal(v->names, 23327); /* 8976 primary + 11910 alt.csv + 2441 remarks a.k.a. */
  assert_int_equal(v->warnings, 0);
  assert_int_equal(strlen(v->sha256), 64);
  assert_int_equal(prog_count(l, 0, "SDNTK"), 1770);
  assert_int_equal(prog_count(l, 0, "SDNT"), 534);
  assert_int_equal(prog_count(l, 0, "SDGT"), 1709);
  assert_int_equal(prog_count(l, 0, "FTO"), 74);
  assert_int_equal(prog_count(l, 0, "TCO"), 131);
  assert_int_equal(prog_count(l, 0, "ILLICIT-DRUGS-EO14059"), 0);
  assert_int_equal(rf_list_version_type_count(l, 0, RF_ENT_PERSON), 4620);
  assert_int_equal(rf_list_version_type_count(l, 0, RF_ENT_ORGANIZATION), 3673);
  assert_int_equal(rf_list_version_type_count(l, 0, RF_ENT_VESSEL), 406);
  assert_int_equal(rf_list_version_type_count(l, 0, RF_ENT_AIRCRAFT), 277);
  assert_int_equal(rf_list_version_nfiles(l, 0), 4);
  const rf_list_file *f = rf_list_version_file(l, 0, 0);
  assert_string_equal(f->name, "sdn.csv");
  assert_int_equal(f->rows, 8976);
  assert_int_equal(rf_list_version_file(l, 0, 1)->rows, 11910);
  assert_int_equal(rf_list_version_file(l, 0, 2)->rows, 13837);
  for (int k = 0; k < 4; k++) assert_int_equal(rf_list_version_file(l, 0, k)->rejected, 0);
  for (size_t i = 0; i < rf_lists_count(l); i++) {
    const rf_entity *e = rf_lists_get(l, i);
    assert_ptr_equal(rf_lists_find(l, "SDN", e->uid), e);
    assert_int_equal(e->index, i);
    assert_non_null(e->name);
    assert_string_equal(e->name, e->names[0].name);
    assert_true(e->nprograms >= 1);
    assert_true(rf_utf8_valid(e->name, strlen(e->name)));
  }
  rf_lists_free(l);
}

static void test_cartels(void **state) {
  (void)state;
  rf_lists *l = load(WATCHMAN "/sdn_2021-07");
  const char *uids[3] = {"17671", "11440", "10386"};
  const char *names[3] = {"CARTEL DE JALISCO NUEVA GENERACION", "SINALOA CARTEL", "GULF CARTEL"};
  for (int i = 0; i < 3; i++) {
    const rf_entity *e = rf_lists_find(l, NULL, uids[i]);
    assert_non_null(e);
    assert_string_equal(e->list, "SDN");
    assert_string_equal(e->name, names[i]);
    assert_int_equal(e->type, RF_ENT_ORGANIZATION);
    assert_true(has_program(e, "SDNTK"));
    assert_int_equal(e->nprograms, 1);
  }
  const rf_entity *cjng = rf_lists_find(l, "SDN", "17671");
  assert_non_null(find_alias(cjng, "CJNG"));
  const rf_entity *sin = rf_lists_find(l, "SDN", "11440");
  const rf_entity_name *fed = find_alias(sin, "FEDERATION");
  assert_non_null(fed);
  assert_int_equal(fed->weak, 1);

  /* 17674 OSEGUERA CERVANTES, Nemesio: 'Mencho', two DOBs, POB, Linked To */
  const rf_entity *m = rf_lists_find(l, "SDN", "17674");
  assert_non_null(m);
  assert_string_equal(m->name, "OSEGUERA CERVANTES, Nemesio");
  assert_int_equal(m->type, RF_ENT_PERSON);
  assert_true(has_program(m, "SDNTK"));
  const rf_entity_name *mencho = find_alias(m, "Mencho");
  assert_non_null(mencho);
  assert_int_equal(mencho->weak, 1);
  assert_int_equal(mencho->kind, RF_NAME_AKA);
  assert_int_equal(m->ndobs, 2);
  assert_int_equal(m->dobs[0].year, 1966);
  assert_int_equal(m->dobs[0].month, 7);
  assert_int_equal(m->dobs[0].day, 17);
  assert_int_equal(m->dobs[1].year, 1964);
  assert_int_equal(m->npobs, 1);
  assert_string_equal(m->pobs[0], "Naranjo de Chila, Aguililla, Michoacan, Mexico");
  assert_int_equal(m->nlinked, 1);
  assert_string_equal(m->linked_to[0], "CARTEL DE JALISCO NUEVA GENERACION");
  /* the relation resolves to the cartel */
  const rf_entity *hits[4];
  assert_int_equal(rf_lists_find_by_name(l, m->linked_to[0], hits, 4), 1);
  assert_ptr_equal(hits[0], cjng);

  /* 7226 ZAMBADA GARCIA, Ismael: R.F.C. numbers and a driver's licence */
  const rf_entity *z = rf_lists_find(l, "SDN", "7226");
  assert_non_null(z);
  const rf_ident *rfc = find_id(z, "rfc", "ZAGI-500130");
  assert_non_null(rfc);
  assert_string_equal(rfc->label, "R.F.C.");
  assert_string_equal(rfc->country, "Mexico");
  assert_non_null(find_id(z, "drivers_license", "N36064231"));
  assert_true(z->naddresses >= 1);
  rf_lists_free(l);
}

/* Remarks continued in sdn_comments.csv are joined (mid-word) and parsed. */
static void test_comments_join(void **state) {
  (void)state;
  rf_lists *l = load(WATCHMAN "/sdn_2021-07");
  const rf_entity *e = rf_lists_find(l, "SDN", "28263");
  assert_non_null(e);
  assert_non_null(find_alias(e, "snowsjohn")); /* "...'snowsjo" + "hn'; Linked To: ..." */
  assert_int_equal(e->nlinked, 1);
  assert_string_equal(e->linked_to[0], "LAZARUS GROUP");
  e = rf_lists_find(l, "SDN", "28264");
  const rf_ident *id = find_id(e, "identification_number", "210302198701102136");
  assert_non_null(id);
  assert_string_equal(id->country, "China");
  /* 12300's comments row holds more "Linked To:" names */
  e = rf_lists_find(l, "SDN", "12300");
  size_t n = 0;
  for (const char *p = e->remarks; (p = strstr(p, "Linked To: ")); p++) n++;
  assert_true(n > 10);
  assert_int_equal(e->nlinked, n);
  rf_lists_free(l);
}

static void test_cons(void **state) {
  (void)state;
  rf_lists *l = load(WATCHMAN "/cons_2025-12");
  assert_int_equal(rf_lists_count(l), 442);
  const rf_list_version *v = rf_lists_version(l, 0);
  assert_string_equal(v->list, "CONS");
  assert_int_equal(v->names, 1587);
  assert_int_equal(prog_count(l, 0, "CMIC-EO13959"), 68);
  assert_int_equal(prog_count(l, 0, "UKRAINE-EO13662"), 286);
  assert_int_equal(prog_count(l, 0, "ILLICIT-DRUGS-EO14059"), 1);
  const rf_entity *e = rf_lists_find(l, "CONS", "9639");
  assert_non_null(e);
  assert_string_equal(e->name, "HANIYA, Ismail Abdul Salah");
  assert_int_equal(e->ndobs, 1);
  assert_int_equal(e->dobs[0].year, 1962);
  assert_int_equal(e->dobs[0].month, 0);
  assert_null(rf_lists_find(l, "SDN", "9639"));
  /* 17016's remarks continue in cons_comments.csv ("...'Effec" + "tive Date") */
  e = rf_lists_find(l, "CONS", "17016");
  assert_non_null(strstr(e->remarks, "'Effective Date (EO 14024 Directive)'"));
  assert_non_null(find_id(e, "tax_id", "7744001497"));
  assert_non_null(find_id(e, "lei", "253400WSS48YWMBUA688"));
  rf_lists_free(l);
}

/* Both sets in one rf_lists, as screening uses them. */
static void test_sdn_plus_cons(void **state) {
  (void)state;
  rf_lists *l = load(WATCHMAN "/sdn_2021-07");
  rf_error err;
  assert_int_equal(rf_lists_load_dir(l, WATCHMAN "/cons_2025-12", &err), RF_OK);
  assert_int_equal(rf_lists_count(l), 8976 + 442);
  assert_int_equal(rf_lists_nversions(l), 2);
  assert_string_equal(rf_lists_version(l, 1)->list, "CONS");
  const rf_entity *hits[8];
  assert_int_equal(rf_lists_find_by_name(l, "  cartel de JALISCO   nueva generacion ", hits, 8), 1);
  assert_string_equal(hits[0]->uid, "17671");
  assert_int_equal(rf_lists_find_by_name(l, "cjng", hits, 8), 1);
  assert_int_equal(rf_lists_find_by_name(l, "no such name at all", hits, 8), 0);
  /* a trailing period lost by the remarks is tolerated */
  assert_int_equal(rf_lists_find_by_name(l, "SINALOA CARTEL.", hits, 8), 1);
  rf_lists_free(l);
}

static void test_sample17(void **state) {
  (void)state;
  rf_lists *l = load(WATCHMAN "/sdn_2025-05_sample17");
  assert_int_equal(rf_lists_count(l), 17);
  /* the fixture's alt/add files hold rows of entries that are not in its
   * sdn.csv: counted warnings, not silence */
  assert_true(rf_lists_version(l, 0)->warnings > 0);
  assert_int_equal(rf_lists_nwarnings(l), rf_lists_version(l, 0)->warnings);
  assert_non_null(strstr(rf_lists_warning(l, 0), "unknown entry"));
  /* vessel */
  const rf_entity *v = rf_lists_find(l, "SDN", "47371");
  assert_int_equal(v->type, RF_ENT_VESSEL);
  assert_string_equal(v->call_sign, "A8LU7");
  assert_string_equal(v->vessel_type, "Crude Oil Tanker");
  assert_string_equal(v->vessel_flag, "Gabon");
  assert_non_null(find_id(v, "imo", "9339301"));
  assert_non_null(find_id(v, "mmsi", "636013272"));
  v = rf_lists_find(l, "SDN", "40716");
  assert_non_null(find_id(v, "imo", "9486910"));
  /* aircraft */
  const rf_entity *a = rf_lists_find(l, "SDN", "48727");
  assert_int_equal(a->type, RF_ENT_AIRCRAFT);
  assert_string_equal(a->aircraft_model, "Ilyushin IL-76TD");
  assert_string_equal(a->aircraft_serial, "1023409321");
  assert_string_equal(a->aircraft_built, "1992");
  assert_int_equal(a->nprograms, 4);
  assert_string_equal(a->programs[3], "IFSR");
  a = rf_lists_find(l, "SDN", "20540");
  assert_string_equal(a->aircraft_operator, "Air Koryo");
  /* crypto, e-mail, gender, nationality */
  const rf_entity *p = rf_lists_find(l, "SDN", "48603");
  assert_int_equal(p->ncrypto, 1);
  assert_string_equal(p->crypto_currencies[0], "XBT");
  assert_string_equal(p->crypto_addresses[0], "bc1qvhnfknw852ephxyc5hm4q520zmvf9maphetc9z");
  assert_int_equal(p->nemails, 2);
  assert_string_equal(p->gender, "Male");
  assert_non_null(find_alias(p, "LOCKBITSUPP"));
  assert_non_null(find_id(p, "tax_id", "366110340670"));
  assert_int_equal(p->nnationalities, 2); /* nationality + citizen */
  /* 33151's crypto list continues in sdn_comments.csv */
  const rf_entity *s = rf_lists_find(l, "SDN", "33151");
  size_t n = 0;
  for (const char *q = s->remarks; (q = strstr(q, "Digital Currency Address - ")); q++) n++;
  assert_true(n > 13);
  assert_int_equal(s->ncrypto, n);
  assert_string_equal(s->websites[0], "suex.io");
  rf_lists_free(l);
}

/* ------------------------------------------------------ remarks parser */

static void test_remarks_real(void **state) {
  (void)state;
  rf_arena a;
  rf_arena_init(&a, 0);
  rf_entity e;
  memset(&e, 0, sizeof e);
  /* 9338 ARRIOLA MARQUEZ, Miguel Angel */
  assert_int_equal(rf_lists_remarks_parse(&e,
                                          "DOB 15 Dec 1967; POB Chihuahua, Mexico; nationality "
                                          "Mexico; citizen Mexico; R.F.C. AIMM-671215-387 "
                                          "(Mexico); C.U.R.P. AIMM67125HCHRRG06 (Mexico) issued "
                                          "1968.",
                                          &a),
                   RF_OK);
  assert_int_equal(e.ndobs, 1);
  assert_int_equal(e.dobs[0].day, 15);
  assert_int_equal(e.dobs[0].month, 12);
  assert_int_equal(e.nnationalities, 2);
  const rf_ident *c = find_id(&e, "curp", "AIMM67125HCHRRG06");
  assert_non_null(c);
  assert_string_equal(c->label, "C.U.R.P.");
  assert_string_equal(c->country, "Mexico");
  assert_non_null(find_id(&e, "rfc", "AIMM-671215-387"));

  /* 4107 RODRIGUEZ OREJUELA: cedula, alt. cedula, passports */
  memset(&e, 0, sizeof e);
  rf_lists_remarks_parse(&e,
                         "DOB 31 Jan 1939; Cedula No. 6068015 (Colombia); alt. Cedula No. "
                         "6067015 (Colombia); Passport T321642 (Colombia); alt. Passport 6067015 "
                         "(Comoros).",
                         &a);
  assert_int_equal(e.nids, 4);
  assert_string_equal(e.ids[1].kind, "cedula");
  assert_string_equal(e.ids[1].label, "Cedula No.");
  assert_string_equal(e.ids[1].number, "6067015");
  assert_string_equal(e.ids[3].country, "Comoros");

  /* 8244 AERO CONTINENTE: NIT #, RUC #, US FEIN, registration document */
  memset(&e, 0, sizeof e);
  rf_lists_remarks_parse(&e,
                         "NIT # 8300720300 (Colombia); US FEIN 55-2197267; RUC # 20108363101 "
                         "(Peru); Business Registration Document # F01000003035 (United States).",
                         &a);
  assert_int_equal(e.nids, 4);
  assert_non_null(find_id(&e, "nit", "8300720300"));
  assert_string_equal(find_id(&e, "nit", "8300720300")->label, "NIT #");
  assert_non_null(find_id(&e, "tax_id", "55-2197267"));
  assert_non_null(find_id(&e, "ruc", "20108363101"));
  assert_non_null(find_id(&e, "registration_number", "F01000003035"));

  /* 7178 ABAUNZA MARTINEZ: D.N.I. */
  memset(&e, 0, sizeof e);
  rf_lists_remarks_parse(&e,
                         "DOB 01 Jan 1965; POB Guernica, Vizcaya Province, Spain; D.N.I. "
                         "78.865.882 (Spain); Member ETA.",
                         &a);
  assert_non_null(find_id(&e, "dni", "78.865.882"));
  assert_int_equal(e.nprops, 1);
  assert_null(e.props[0].key);
  assert_string_equal(e.props[0].value, "Member ETA");

  /* 44525: a registration number with state and country */
  memset(&e, 0, sizeof e);
  rf_lists_remarks_parse(&e,
                         "Organization Established Date 1998; Tax ID No. 52-2083095 (United "
                         "States); Business Registration Number 0582030 (Connecticut) (United "
                         "States).",
                         &a);
  assert_string_equal(find_id(&e, "registration_number", "0582030")->country, "United States");
  assert_string_equal(e.props[0].key, "Organization Established Date");
  assert_string_equal(e.props[0].value, "1998");

  /* 7782: circa; aliases of each kind; tags in remarks */
  memset(&e, 0, sizeof e);
  rf_lists_remarks_parse(&e,
                         "DOB circa 1951; alt. DOB 1960 to 1962; a.k.a. 'EL MENCHO'; f.k.a. "
                         "'OLD NAME'; n.k.a. 'NEW NAME'; Linked To: D'S SUPERMARKET COMPANY "
                         "LTD.; [ILLICIT-DRUGS-EO14059]; Email Address x@example.com; Website "
                         "www.example.com; Gender Female.",
                         &a);
  assert_int_equal(e.ndobs, 2);
  assert_int_equal(e.dobs[0].circa, 1);
  assert_int_equal(e.dobs[0].year, 1951);
  assert_int_equal(e.dobs[1].year, 1960);
  assert_int_equal(e.dobs[1].year_to, 1962);
  assert_int_equal(e.nnames, 3);
  assert_string_equal(e.name, "EL MENCHO");
  assert_int_equal(e.names[1].kind, RF_NAME_FKA);
  assert_int_equal(e.names[2].kind, RF_NAME_NKA);
  assert_string_equal(e.linked_to[0], "D'S SUPERMARKET COMPANY LTD.");
  assert_int_equal(e.nprograms, 1);
  assert_string_equal(e.programs[0], "ILLICIT-DRUGS-EO14059");
  assert_string_equal(e.emails[0], "x@example.com");
  assert_string_equal(e.websites[0], "www.example.com");
  assert_string_equal(e.gender, "Female");

  /* appending: a second parse adds to what is there */
  rf_lists_remarks_parse(&e, "a.k.a. 'OTHER'; DOB 1970", &a);
  assert_int_equal(e.nnames, 4);
  assert_int_equal(e.ndobs, 3);
  /* nothing to parse */
  assert_int_equal(rf_lists_remarks_parse(&e, NULL, &a), RF_OK);
  assert_int_equal(rf_lists_remarks_parse(&e, "", &a), RF_OK);
  assert_int_equal(rf_lists_remarks_parse(&e, ";;; . ;", &a), RF_OK);
  rf_arena_destroy(&a);
}

static void test_dob_parse(void **state) {
  (void)state;
  rf_dob d;
  char buf[32];
  assert_int_equal(rf_lists_dob_parse("12 Jan 1960", &d), RF_OK);
  rf_dob_format(&d, buf, sizeof buf);
  assert_string_equal(buf, "1960-01-12");
  assert_int_equal(rf_lists_dob_parse("Jan 1960", &d), RF_OK);
  rf_dob_format(&d, buf, sizeof buf);
  assert_string_equal(buf, "1960-01");
  assert_int_equal(rf_lists_dob_parse("1960", &d), RF_OK);
  assert_int_equal(d.month, 0);
  assert_int_equal(rf_lists_dob_parse("circa 1965", &d), RF_OK);
  rf_dob_format(&d, buf, sizeof buf);
  assert_string_equal(buf, "~1965");
  assert_int_equal(rf_lists_dob_parse("1960 to 1962", &d), RF_OK);
  rf_dob_format(&d, buf, sizeof buf);
  assert_string_equal(buf, "1960..1962");
  assert_int_equal(rf_lists_dob_parse("01 Jan 1958 to 31 Dec 1960", &d), RF_OK);
  assert_int_equal(d.year, 1958);
  assert_int_equal(d.year_to, 1960);
  assert_int_equal(rf_lists_dob_parse("abc", &d), RF_EPARSE);
  assert_int_equal(rf_lists_dob_parse("32 Jan 1960", &d), RF_EPARSE);
  assert_int_equal(rf_lists_dob_parse("1962 to 1960", &d), RF_EPARSE);
  assert_int_equal(rf_lists_dob_parse("12 Foo 1960", &d), RF_EPARSE);
  assert_int_equal(rf_lists_dob_parse("", &d), RF_EPARSE);
  /* a DOB that is not a date is kept as a prop, never lost */
  rf_arena a;
  rf_arena_init(&a, 0);
  rf_entity e;
  memset(&e, 0, sizeof e);
  rf_lists_remarks_parse(&e, "DOB unknown", &a);
  assert_int_equal(e.ndobs, 0);
  assert_string_equal(e.props[0].key, "DOB");
  assert_string_equal(e.props[0].value, "unknown");
  rf_arena_destroy(&a);
}

static void test_ident_norm(void **state) {
  (void)state;
  char b[32];
  assert_int_equal(rf_ident_number_norm("AIMM-671215-387", b, sizeof b), 13);
  assert_string_equal(b, "AIMM671215387");
  rf_ident_number_norm("78.865.882", b, sizeof b);
  assert_string_equal(b, "78865882");
  rf_ident_number_norm("rl 1794375", b, sizeof b);
  assert_string_equal(b, "RL1794375");
  assert_int_equal(rf_ident_number_norm("123456789", b, 4), 3);
  assert_string_equal(b, "123");
  assert_int_equal(rf_ident_number_norm(NULL, b, sizeof b), 0);
}

static void test_programs_parse(void **state) {
  (void)state;
  rf_arena a;
  rf_arena_init(&a, 0);
  rf_entity e;
  memset(&e, 0, sizeof e);
  rf_lists_programs_parse(&e, "SDGT] [NPWMD] [IRGC", &a);
  assert_int_equal(e.nprograms, 3);
  assert_string_equal(e.programs[2], "IRGC");
  rf_lists_programs_parse(&e, "[SDNTK] [SDGT] [CAATSA - RUSSIA]", &a);
  assert_int_equal(e.nprograms, 5); /* SDGT not repeated */
  assert_string_equal(e.programs[3], "SDNTK");
  assert_string_equal(e.programs[4], "CAATSA - RUSSIA");
  rf_lists_programs_parse(&e, "-0-", &a);
  assert_int_equal(e.nprograms, 5);
  rf_arena_destroy(&a);
}

/* --------------------------------------------------------- bad input */

static char tmpdir[256];

static void put(const char *name, const char *data, size_t n) {
  char p[512];
  snprintf(p, sizeof p, "%s/%s", tmpdir, name);
  FILE *f = fopen(p, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, n, f), n);
  fclose(f);
}
#define PUT(name, lit) put(name, lit, sizeof(lit) - 1)

static const char SDN_OK[] =
    "100,\"DOE, John\",\"individual\",\"SDNTK\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 1960; "
    "a.k.a. 'JD'.\"\r\n"
    "200,\"ACME, S.A. DE C.V.\",-0- ,\"SDNTK] [SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- "
    "\r\n\x1a";

static void fresh_set(void) {
  snprintf(tmpdir, sizeof tmpdir, "/tmp/rf_lists_test_XXXXXX");
  assert_non_null(mkdtemp(tmpdir));
  PUT("sdn.csv", SDN_OK);
  PUT("alt.csv", "100,1,\"aka\",\"DOE, Johnny\",-0- \r\n");
  PUT("add.csv", "200,2,\"Calle 1, #2\",\"Culiacan, Sinaloa\",\"Mexico\",-0- \r\n");
  PUT("sdn_comments.csv", "\x1a"); /* OFAC's end-of-file marker only */
}

static void cleanup(void) {
  const char *f[] = {"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"};
  for (int i = 0; i < 4; i++) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s", tmpdir, f[i]);
    unlink(p);
  }
  rmdir(tmpdir);
}

/* Loads tmpdir expecting failure; returns the message. */
static rf_status load_bad(rf_error *err) {
  rf_lists *l;
  rf_lists_new(&l);
  rf_status st = rf_lists_load_dir(l, tmpdir, err);
  if (st) { /* nothing of a failed set stays loaded */
    assert_int_equal(rf_lists_count(l), 0);
    assert_int_equal(rf_lists_nversions(l), 0);
    assert_int_equal(rf_lists_nwarnings(l), 0);
  }
  rf_lists_free(l);
  return st;
}

static void test_tiny_ok(void **state) {
  (void)state;
  fresh_set();
  PUT("sdn_comments.csv", "\x1a");
  rf_lists *l = load(tmpdir);
  assert_int_equal(rf_lists_count(l), 2);
  const rf_entity *e = rf_lists_find(l, "SDN", "100");
  assert_int_equal(e->nnames, 3); /* primary, alt, remarks */
  assert_string_equal(e->names[1].name, "DOE, Johnny");
  assert_int_equal(e->names[1].weak, 0);
  assert_string_equal(e->names[2].name, "JD");
  assert_null(e->title); /* "-0- " is null */
  e = rf_lists_find(l, "SDN", "200");
  assert_string_equal(e->name, "ACME, S.A. DE C.V."); /* quoted comma */
  assert_int_equal(e->type, RF_ENT_ORGANIZATION);
  assert_int_equal(e->nprograms, 2);
  assert_string_equal(e->addresses[0].address, "Calle 1, #2");
  assert_null(e->remarks);
  assert_int_equal(rf_lists_version(l, 0)->warnings, 0);
  rf_lists_free(l);
  cleanup();
}

static void test_wrong_field_count(void **state) {
  (void)state;
  rf_error err;
  fresh_set();
  PUT("sdn.csv", "100,\"DOE, John\",\"individual\",\"SDNTK\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- "
                 ",-0- \r\n200,\"X\",-0- ,\"SDNTK\",-0- \r\n");
  assert_int_equal(load_bad(&err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "sdn.csv:2:"));
  assert_non_null(strstr(err.msg, "field"));
  assert_non_null(strstr(err.msg, "expected 12 fields"));
  cleanup();
  fresh_set();
  PUT("alt.csv", "100,1,\"aka\"\r\n");
  assert_int_equal(load_bad(&err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "alt.csv:1:"));
  cleanup();
}

static void test_broken_quote_and_truncated(void **state) {
  (void)state;
  rf_error err;
  fresh_set();
  /* an unterminated quote runs to the end of the file */
  PUT("sdn.csv", "100,\"DOE, John,\"individual\",\"SDNTK\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- "
                 ",-0- \r\n");
  assert_int_equal(load_bad(&err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "sdn.csv:1:"));
  cleanup();
  /* cut short mid-row (no quote open): the last line has no line end */
  fresh_set();
  put("sdn.csv", SDN_OK, 150);
  assert_int_equal(load_bad(&err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "sdn.csv:2:"));
  assert_non_null(strstr(err.msg, "truncated"));
  cleanup();
  /* cut inside a quoted field */
  fresh_set();
  put("sdn.csv", SDN_OK, 40);
  assert_int_equal(load_bad(&err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "sdn.csv:1:"));
  cleanup();
  /* a bad ent_num */
  fresh_set();
  PUT("add.csv", "2x0,2,-0- ,-0- ,-0- ,-0- \r\n");
  assert_int_equal(load_bad(&err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "add.csv:1: field 1 (ent_num)"));
  cleanup();
}

static void test_invalid_bytes_and_latin1(void **state) {
  (void)state;
  rf_error err;
  fresh_set();
  PUT("sdn.csv", "100,\"DOE\x01 John\",\"individual\",\"SDNTK\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- "
                 ",-0- ,-0- \r\n");
  assert_int_equal(load_bad(&err), RF_ENCODING);
  assert_non_null(strstr(err.msg, "sdn.csv:1: field 2 (SDN_Name): invalid byte 0x01"));
  cleanup();
  fresh_set();
  PUT("sdn.csv", "100,\"DOE \x81 John\",\"individual\",\"SDNTK\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- "
                 ",-0- ,-0- \r\n");
  assert_int_equal(load_bad(&err), RF_ENCODING);
  assert_non_null(strstr(err.msg, "invalid byte 0x81"));
  cleanup();
  /* Latin-1 (as OFAC's files are encoded): converted, counted */
  fresh_set();
  PUT("sdn.csv", "100,\"MU\xd1OZ, Jos\xe9\",\"individual\",\"SDNTK\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- "
                 ",-0- ,\"POB Le\xf3n, Mexico.\"\r\n");
  rf_lists *l = load(tmpdir);
  const rf_entity *e = rf_lists_find(l, "SDN", "100");
  assert_string_equal(e->name, "MU\xc3\x91OZ, Jos\xc3\xa9");
  assert_string_equal(e->pobs[0], "Le\xc3\xb3n, Mexico");
  /* name + remarks converted; add.csv's row for 200 has no entry here */
  assert_int_equal(rf_lists_version(l, 0)->warnings, 3);
  assert_non_null(strstr(rf_lists_warning(l, 0), "sdn.csv:1: field 2 (SDN_Name): Latin-1"));
  assert_non_null(strstr(rf_lists_warning(l, 1), "sdn.csv:1: field 12 (Remarks): Latin-1"));
  const rf_entity *hits[2];
  assert_int_equal(rf_lists_find_by_name(l, "mu\xc3\x91oz, jos\xc3\xa9", hits, 2), 1);
  rf_lists_free(l);
  cleanup();
}

static void test_empty_and_missing(void **state) {
  (void)state;
  rf_error err;
  fresh_set();
  PUT("sdn.csv", "");
  assert_int_equal(load_bad(&err), RF_EEMPTY);
  assert_non_null(strstr(err.msg, "sdn.csv:1: empty file"));
  cleanup();
  fresh_set();
  PUT("sdn.csv", "\r\n\x1a");
  assert_int_equal(load_bad(&err), RF_EEMPTY);
  assert_non_null(strstr(err.msg, "no entries"));
  cleanup();
  /* a 0-byte companion is an error too (a failed download looks like that) */
  fresh_set();
  PUT("alt.csv", "");
  assert_int_equal(load_bad(&err), RF_EEMPTY);
  assert_non_null(strstr(err.msg, "alt.csv"));
  cleanup();
  /* missing companion: error, or a counted warning when allowed */
  fresh_set();
  char p[512];
  snprintf(p, sizeof p, "%s/add.csv", tmpdir);
  unlink(p);
  assert_int_equal(load_bad(&err), RF_ENOTFOUND);
  assert_non_null(strstr(err.msg, "add.csv: missing companion file of the SDN set"));
  rf_lists *l;
  rf_lists_new(&l);
  assert_int_equal(rf_lists_load_dir_opts(l, tmpdir, 1, &err), RF_OK);
  assert_int_equal(rf_lists_count(l), 2);
  assert_int_equal(rf_lists_version(l, 0)->warnings, 1);
  assert_null(rf_list_version_file(l, 0, 2)->sha256);
  rf_lists_free(l);
  cleanup();
  /* the real partial set lacks sdn.csv */
  rf_lists_new(&l);
  assert_int_equal(rf_lists_load_dir(l, WATCHMAN "/sdn_2025-12_partial", &err), RF_ENOTFOUND);
  assert_non_null(strstr(err.msg, "sdn_2025-12_partial/sdn.csv: missing primary file"));
  assert_int_equal(rf_lists_load_dir_opts(l, WATCHMAN "/sdn_2025-12_partial", 1, &err),
                   RF_ENOTFOUND);
  assert_int_equal(rf_lists_load_dir(l, "/nonexistent/dir", &err), RF_ENOTFOUND);
  assert_int_equal(rf_lists_load_dir(l, RF_SHARED_DATA, &err), RF_ENOTFOUND);
  assert_non_null(strstr(err.msg, "no list found"));
  assert_int_equal(rf_lists_count(l), 0);
  rf_lists_free(l);
}

static void test_quirk_warnings(void **state) {
  (void)state;
  fresh_set();
  PUT("sdn.csv", "100,\"DOE, John\",\"individual\",\"SDNTK\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- "
                 ",-0- \r\n\r\n100,\"DOE, Jim\",\"individual\",\"SDNTK\",-0- ,-0- ,-0- ,-0- ,-0- "
                 ",-0- ,-0- ,-0- \r\n300,\"X\",\"spaceship\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- "
                 ",-0- ,-0- \r\n");
  PUT("alt.csv", "999,1,\"aka\",\"NOBODY\",-0- \r\n100,2,\"xka\",\"DOE, J.\",-0- \r\n");
  PUT("sdn_comments.csv", "100,\"DOB 1950.\"\r\n");
  rf_lists *l = load(tmpdir);
  /* rows read = processed + rejected: 4 sdn rows -> 2 entities, 1 blank, 1 dup */
  assert_int_equal(rf_lists_count(l), 2);
  assert_int_equal(rf_list_version_file(l, 0, 0)->rows, 4);
  assert_int_equal(rf_list_version_file(l, 0, 0)->rejected, 2);
  assert_int_equal(rf_list_version_file(l, 0, 1)->rows, 2);
  assert_int_equal(rf_list_version_file(l, 0, 1)->rejected, 1);
  /* blank line, duplicate, unknown type, no program, unknown alias owner,
   * unknown alias type, address of an entry (200) not in this sdn.csv */
  assert_int_equal(rf_lists_version(l, 0)->warnings, 7);
  const rf_entity *e = rf_lists_find(l, "SDN", "100");
  assert_string_equal(e->name, "DOE, John"); /* first kept */
  assert_int_equal(e->ndobs, 1);             /* from the comments file */
  assert_int_equal(e->nnames, 2);
  assert_int_equal(rf_lists_find(l, "SDN", "300")->type, RF_ENT_UNKNOWN);
  rf_lists_free(l);
  cleanup();
}

static void test_load_mem_and_dir_kind(void **state) {
  (void)state;
  rf_lists *l;
  rf_error err;
  rf_lists_new(&l);
  assert_int_equal(rf_lists_load_mem(l, "CONS", "mem", SDN_OK, sizeof SDN_OK - 1, NULL, 0, NULL, 0,
                                     NULL, 0, &err),
                   RF_OK);
  assert_int_equal(rf_lists_count(l), 2);
  assert_non_null(rf_lists_find(l, "CONS", "100"));
  assert_int_equal(rf_lists_version(l, 0)->warnings, 3); /* three missing companions */
  rf_lists_free(l);
  assert_string_equal(rf_lists_dir_kind(WATCHMAN "/sdn_2021-07"), "SDN");
  assert_string_equal(rf_lists_dir_kind(WATCHMAN "/cons_2025-12"), "CONS");
  assert_null(rf_lists_dir_kind(WATCHMAN "/sdn_2025-12_partial"));
}

/* trade.gov's Consolidated Screening List: one file, columns by name,
 * ';'-separated values, documents as "label, number, country" */
static void test_csl(void **state) {
  (void)state;
  rf_lists *l;
  rf_error err;
  rf_lists_new(&l);
  assert_string_equal(rf_lists_dir_kind(WATCHMAN "/csl_us_sample"), "CSL");
  assert_int_equal(rf_lists_load_dir(l, WATCHMAN "/csl_us_sample", &err), RF_OK);
  assert_int_equal(rf_lists_count(l), 13);
  assert_int_equal(rf_list_version_nfiles(l, 0), 1);
  const rf_entity *e = rf_lists_find(l, NULL, "52291");
  assert_non_null(e);
  assert_string_equal(e->list, "CSL");
  assert_string_equal(e->name, "RIM, Ryong Nam");
  assert_int_equal(e->type, RF_ENT_PERSON);
  assert_int_equal(e->ndobs, 1);
  assert_int_equal(e->dobs[0].year, 1978);
  assert_int_equal(e->dobs[0].month, 12);
  assert_int_equal(e->dobs[0].day, 5);
  assert_int_equal(e->nids, 1);
  assert_string_equal(e->ids[0].number, "836238033");
  assert_string_equal(e->ids[0].country, "KP");
  assert_int_equal(e->naddresses, 2);
  assert_string_equal(e->addresses[0].address, "Shenyang");
  assert_string_equal(e->addresses[0].country, "CN");
  assert_string_equal(e->gender, "Male");
  assert_string_equal(e->props[0].key, "Source");
  assert_non_null(strstr(e->props[0].value, "(SDN)"));
  e = rf_lists_find(l, "CSL", "18283"); /* SME BANK: five aliases */
  assert_non_null(e);
  assert_int_equal(e->nnames, 6);
  assert_string_equal(e->names[2].name, "JSC SME BANK");
  assert_int_equal(e->names[2].kind, RF_NAME_AKA);
  assert_int_equal(e->nprograms, 1);
  rf_lists_free(l);

  /* in memory: two programs, no type, a date of year and month; bad input */
  static const char ok[] = "_id,source,type,programs,name,alt_names,dates_of_birth\n"
                           "a1,Entity List (EL),,\"X-1; Y-2\",ACME TRADING,ACME; ,1960-03\n";
  rf_lists_new(&l);
  assert_int_equal(
      rf_lists_load_mem(l, "CSL", "csl", ok, sizeof ok - 1, NULL, 0, NULL, 0, NULL, 0, &err),
      RF_OK);
  e = rf_lists_find(l, "CSL", "a1");
  assert_non_null(e);
  assert_int_equal(e->type, RF_ENT_UNKNOWN);
  assert_int_equal(e->nprograms, 2);
  assert_int_equal(e->nnames, 2); /* the empty alias is skipped */
  assert_int_equal(e->dobs[0].year, 1960);
  assert_int_equal(e->dobs[0].month, 3);
  rf_lists_free(l);
  static const char noname[] = "_id,source,alias\na1,x,y\n";
  static const char short_row[] = "_id,name,type\na1,ACME\n";
  static const char dup[] = "_id,name\na1,ACME\na1,OTHER\n";
  rf_lists_new(&l);
  assert_int_equal(rf_lists_load_mem(l, "CSL", "csl", noname, sizeof noname - 1, NULL, 0, NULL, 0,
                                     NULL, 0, &err),
                   RF_ENOTFOUND);
  assert_non_null(strstr(err.msg, "missing column 'name'"));
  assert_int_equal(rf_lists_load_mem(l, "CSL", "csl", short_row, sizeof short_row - 1, NULL, 0,
                                     NULL, 0, NULL, 0, &err),
                   RF_EPARSE);
  assert_non_null(strstr(err.msg, "csl/consolidated.csv:2"));
  assert_int_equal(rf_lists_load_mem(l, "CSL", "csl", "", 0, NULL, 0, NULL, 0, NULL, 0, &err),
                   RF_EEMPTY);
  assert_int_equal(
      rf_lists_load_mem(l, "CSL", "csl", dup, sizeof dup - 1, NULL, 0, NULL, 0, NULL, 0, &err),
      RF_OK);
  assert_int_equal(rf_lists_count(l), 1); /* the duplicate is rejected with a warning */
  assert_int_equal(rf_list_version_file(l, 0, 0)->rejected, 1);
  rf_lists_free(l);
}

static void copy_file(const char *from, const char *to) {
  FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
  assert_non_null(in);
  assert_non_null(out);
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) assert_int_equal(fwrite(buf, 1, n, out), n);
  fclose(in);
  fclose(out);
}

/* One directory holding both sets, saved under OFAC's upper-case names. */
static void test_both_sets_upper_case(void **state) {
  (void)state;
  char dir[] = "/tmp/rf_lists_both_XXXXXX";
  assert_non_null(mkdtemp(dir));
  const char *sdn[4] = {"sdn", "alt", "add", "sdn_comments"};
  const char *sdnu[4] = {"SDN.CSV", "ALT.CSV", "ADD.CSV", "SDN_COMMENTS.CSV"};
  const char *cons[4] = {"cons_prim", "cons_alt", "cons_add", "cons_comments"};
  char from[512], to[512];
  for (int i = 0; i < 4; i++) {
    snprintf(from, sizeof from, "%s/sdn_2025-05_sample17/%s.csv", WATCHMAN, sdn[i]);
    snprintf(to, sizeof to, "%s/%s", dir, sdnu[i]);
    copy_file(from, to);
    snprintf(from, sizeof from, "%s/cons_2025-12/%s.csv", WATCHMAN, cons[i]);
    snprintf(to, sizeof to, "%s/%s.csv", dir, cons[i]);
    copy_file(from, to);
  }
  assert_string_equal(rf_lists_dir_kind(dir), "SDN");
  rf_lists *l = load(dir);
  assert_int_equal(rf_lists_nversions(l), 2);
  assert_int_equal(rf_lists_count(l), 17 + 442);
  assert_string_equal(rf_list_version_file(l, 0, 0)->name, "sdn.csv");
  assert_string_equal(rf_list_version_file(l, 1, 0)->name, "cons_prim.csv");
  rf_lists_free(l);
  for (int i = 0; i < 4; i++) {
    snprintf(to, sizeof to, "%s/%s", dir, sdnu[i]);
    unlink(to);
    snprintf(to, sizeof to, "%s/%s.csv", dir, cons[i]);
    unlink(to);
  }
  rmdir(dir);
}

static void test_sha256(void **state) {
  (void)state;
  char h[65], h2[65];
  rf_lists_sha256_hex("", 0, h);
  assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  rf_lists_sha256_hex("abc", 3, h);
  assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  rf_lists_sha256_hex(m, strlen(m), h);
  assert_string_equal(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  /* accelerated and portable code agree on every length around block edges */
  unsigned char buf[300];
  for (size_t i = 0; i < sizeof buf; i++) buf[i] = (unsigned char)(i * 7 + 3);
  for (size_t n = 0; n <= sizeof buf; n++) {
    rf_lists_sha256_hex(buf, n, h);
    rf_lists_sha256_hex_portable(buf, n, h2);
    assert_string_equal(h, h2);
  }
}

static void test_default_dirs(void **state) {
  (void)state;
  char *d[8];
  setenv("REDFLAG_LISTS_DIR", "/a/b::/c", 1);
  size_t n = rf_lists_default_dirs(NULL, d, 8);
  assert_int_equal(n, 2);
  assert_string_equal(d[0], "/a/b");
  assert_string_equal(d[1], "/c");
  for (size_t i = 0; i < n; i++) free(d[i]);
  unsetenv("REDFLAG_LISTS_DIR");
  char home[] = "/tmp/rf_lists_home_XXXXXX";
  assert_non_null(mkdtemp(home));
  setenv("HOME", home, 1);
  unsetenv("XDG_DATA_HOME");
  char *u = rf_lists_default_update_dir();
  assert_non_null(strstr(u, "/.local/share/redflag/lists"));
  free(u);
  /* no installed lists: the shared test copies, relative to the source dir */
  assert_int_equal(chdir("/"), 0);
  n = rf_lists_default_dirs(RF_SOURCE_DIR, d, 8);
  assert_int_equal(n, 2);
  assert_non_null(strstr(d[0], "sdn_2021-07"));
  assert_non_null(strstr(d[1], "cons_2025-12"));
  for (size_t i = 0; i < n; i++) free(d[i]);
  assert_int_equal(rf_lists_default_dirs(NULL, d, 8), 0);
  rmdir(home);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sdn_2021_counts),
      cmocka_unit_test(test_cartels),
      cmocka_unit_test(test_comments_join),
      cmocka_unit_test(test_cons),
      cmocka_unit_test(test_sdn_plus_cons),
      cmocka_unit_test(test_sample17),
      cmocka_unit_test(test_remarks_real),
      cmocka_unit_test(test_dob_parse),
      cmocka_unit_test(test_ident_norm),
      cmocka_unit_test(test_programs_parse),
      cmocka_unit_test(test_tiny_ok),
      cmocka_unit_test(test_wrong_field_count),
      cmocka_unit_test(test_broken_quote_and_truncated),
      cmocka_unit_test(test_invalid_bytes_and_latin1),
      cmocka_unit_test(test_empty_and_missing),
      cmocka_unit_test(test_quirk_warnings),
      cmocka_unit_test(test_load_mem_and_dir_kind),
      cmocka_unit_test(test_csl),
      cmocka_unit_test(test_both_sets_upper_case),
      cmocka_unit_test(test_sha256),
      cmocka_unit_test(test_default_dirs),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
