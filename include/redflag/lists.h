/*
 * redflag lists: sanctions-list loading (OFAC legacy CSV: SDN and the
 * consolidated non-SDN set), the entity model, the remarks parser, list
 * versions and downloads.
 *
 * Ownership: an rf_lists owns every entity and string it hands out; they stay
 * valid until rf_lists_free.
 */
#ifndef REDFLAG_LISTS_H
#define REDFLAG_LISTS_H

#include "redflag/core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rf_entity_type {
  RF_ENT_UNKNOWN = 0,
  RF_ENT_PERSON,
  RF_ENT_ORGANIZATION, /* OFAC's blank type: companies, groups, cartels */
  RF_ENT_VESSEL,
  RF_ENT_AIRCRAFT
} rf_entity_type;

const char *rf_entity_type_str(rf_entity_type t);   /* "person", ... */
rf_entity_type rf_entity_type_parse(const char *s); /* case-insensitive; UNKNOWN if not known */

typedef enum rf_name_kind {
  RF_NAME_PRIMARY = 0,
  RF_NAME_AKA, /* "a.k.a." */
  RF_NAME_FKA, /* "f.k.a." */
  RF_NAME_NKA  /* "n.k.a." */
} rf_name_kind;

typedef struct rf_entity_name {
  const char *name; /* UTF-8, as published */
  rf_name_kind kind;
  int weak; /* OFAC "weak" a.k.a. (low-quality alias) */
} rf_entity_name;

/* A date of birth: exact, year-month, year only, circa, or a range. */
typedef struct rf_dob {
  int16_t year, year_to; /* year_to == year unless a range ("1960 to 1962") */
  uint8_t month, day;    /* 0 = unknown */
  uint8_t circa;         /* "circa 1965" */
} rf_dob;

typedef struct rf_ident {
  const char *kind;   /* normalised kind: "passport", "national_id", "rfc", "curp", "cedula", "nit",
                         "ssn", "tax_id", ... */
  const char *label;  /* kind as written ("Passport", "R.F.C.", "C.U.R.P.") */
  const char *number; /* as written */
  const char *country; /* as written, may be NULL */
} rf_ident;

typedef struct rf_address {
  const char *address, *city, *country; /* may be NULL */
} rf_address;

typedef struct rf_entity {
  const char *list; /* "SDN" or "CONS" */
  const char *uid;  /* ent_num as text */
  rf_entity_type type;
  const char *name;      /* primary name (names[0].name) */
  rf_entity_name *names; /* primary first, then aliases (alt file + remarks) */
  size_t nnames;
  const char **programs; /* "SDNTK", "SDGT", "FTO", "ILLICIT-DRUGS-EO14059", ... */
  size_t nprograms;
  const char *title;   /* may be NULL */
  const char *remarks; /* full remarks including comments-file continuation */
  rf_dob *dobs;
  size_t ndobs;
  const char **pobs; /* places of birth */
  size_t npobs;
  const char **nationalities; /* nationality and citizenship, as written */
  size_t nnationalities;
  const char *gender; /* "Male" / "Female" / NULL */
  rf_ident *ids;
  size_t nids;
  const char **linked_to; /* names from "Linked To:" */
  size_t nlinked;
  rf_address *addresses;
  size_t naddresses;
  /* vessel / aircraft fields (NULL when absent) */
  const char *call_sign, *vessel_type, *tonnage, *grt, *vessel_flag, *vessel_owner;
  const char **emails, **websites, **crypto_addresses; /* from remarks */
  size_t nemails, nwebsites, ncrypto;
} rf_entity;

/* One loaded list source: which files, their hashes, counts. */
typedef struct rf_list_version {
  const char *list; /* "SDN" / "CONS" */
  const char *dir;
  const char *sha256; /* hash over the set's files, hex */
  size_t entities, names, warnings;
} rf_list_version;

typedef struct rf_lists rf_lists;

rf_status rf_lists_new(rf_lists **out);
/* Loads one OFAC legacy-CSV set from dir: sdn.csv (+alt,add,sdn_comments)
 * or cons_prim.csv (+cons_alt, cons_add, cons_comments). A missing primary
 * file is an error; missing companions are errors too unless
 * allow_missing_companions. Quirks OFAC really has are counted warnings. */
rf_status rf_lists_load_dir(rf_lists *l, const char *dir, rf_error *err);
void rf_lists_free(rf_lists *l);

size_t rf_lists_count(const rf_lists *l);
const rf_entity *rf_lists_get(const rf_lists *l, size_t i);
/* Finds an entity by list + uid (list may be NULL for any). */
const rf_entity *rf_lists_find(const rf_lists *l, const char *list, const char *uid);
size_t rf_lists_nversions(const rf_lists *l);
const rf_list_version *rf_lists_version(const rf_lists *l, size_t i);
/* Warning messages collected while loading (file:line: text). */
size_t rf_lists_nwarnings(const rf_lists *l);
const char *rf_lists_warning(const rf_lists *l, size_t i);

#ifdef __cplusplus
}
#endif
#endif
