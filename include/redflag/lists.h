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

/* A labelled fact from the remarks that has no field of its own (extension). */
typedef struct rf_entity_prop {
  const char *key, *value; /* key NULL for an unlabelled note */
} rf_entity_prop;

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
  /* ---- extensions (added by the lists module; all optional) ---- */
  const char **crypto_currencies; /* parallel to crypto_addresses: "XBT", "ETH", ... */
  /* aircraft fields from remarks (NULL when absent) */
  const char *aircraft_model, *aircraft_operator, *aircraft_serial, *aircraft_tail, *aircraft_built;
  /* every other labelled remark ("Phone Number", "SWIFT/BIC", "Organization
   * Established Date", ...) and unlabelled notes (key NULL), in order */
  rf_entity_prop *props;
  size_t nprops;
  size_t index; /* position in rf_lists_get order */
} rf_entity;

/* One loaded list source: which files, their hashes, counts. */
typedef struct rf_list_version {
  const char *list; /* "SDN" / "CONS" */
  const char *dir;
  const char *sha256; /* hash over the set's files, hex */
  size_t entities, names, warnings;
} rf_list_version;

/* Thread safety: loading mutates; once loading is done every const
 * accessor (get, find, find_by_name, versions, warnings) may be called from
 * several threads at once. */
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

/* ------------------------------------------------------------ extensions */

/* Identity-number kinds (rf_ident.kind) the remarks parser produces:
 * passport, diplomatic_passport, national_id, cedula, curp, rfc, nit, ruc, rif, dni,
 * ssn, tax_id, registration_id, registration_number, company_number, vat, lei,
 * drivers_license, electoral_id, military_id, folio_mercantil, matricula_mercantil,
 * commercial_registry, trade_license, personal_id, birth_certificate, residency,
 * identification_number, travel_document, imo, mmsi, uscc, duns, isin, swift,
 * other_id (a numbered label not in the table; rf_ident.label says which). */

/* Like rf_lists_load_dir, but a missing companion file (alt/add/comments)
 * becomes a counted warning instead of an error. */
rf_status rf_lists_load_dir_opts(rf_lists *l, const char *dir, int allow_missing_companions,
                                 rf_error *err);
/* Loads one set held in memory: kind "SDN" (data = sdn.csv) or "CONS"
 * (cons_prim.csv); companions may be NULL/0. label names the buffer in
 * messages. Used by the fuzz target and tests. */
rf_status rf_lists_load_mem(rf_lists *l, const char *kind, const char *label, const char *prim,
                            size_t nprim, const char *alt, size_t nalt, const char *add,
                            size_t nadd, const char *comments, size_t ncomments, rf_error *err);

/* Which set a directory holds: "SDN", "CONS" or NULL (neither primary file). */
const char *rf_lists_dir_kind(const char *dir);

/* Parses OFAC remarks text ("DOB 12 Jan 1960; POB ...; a.k.a. 'X'; Linked
 * To: Y.") into e's structured fields, appending to what e already holds
 * (names, ids, ...). Every string is copied into arena a. Never fails on
 * content: unknown parts become props. Returns RF_ENOMEM only. */
rf_status rf_lists_remarks_parse(rf_entity *e, const char *remarks, rf_arena *a);

/* Splits an OFAC programs column ("SDNTK] [SDGT" or "[SDNTK] [SDGT]") into
 * e->programs, appending (duplicates dropped). */
rf_status rf_lists_programs_parse(rf_entity *e, const char *programs, rf_arena *a);

/* Parses a DOB text ("12 Jan 1960", "Jan 1960", "1960", "circa 1965",
 * "1960 to 1962", "01 Jan 1960 to 31 Dec 1962"). RF_EPARSE if not a date. */
rf_status rf_lists_dob_parse(const char *s, rf_dob *out);
/* Normalises an identity number for comparison: ASCII letters and digits
 * only, upper case ("AIMM-671215-387" -> "AIMM671215387", "78.865.882" ->
 * "78865882"). Writes at most outsz-1 bytes; returns the length written. */
size_t rf_ident_number_norm(const char *number, char *out, size_t outsz);

/* Formats a DOB back ("1960-01-12", "1960-01", "1960", "~1965", "1960..1962"). */
void rf_dob_format(const rf_dob *d, char *out, size_t outsz);

/* Exact, case-insensitive (ASCII) lookup of a primary or alias name across
 * all loaded lists. Writes up to max matches into out (distinct entities,
 * load order) and returns the total number of matching entities. If nothing
 * matches, the name with a trailing '.' added or removed is tried (OFAC's
 * remarks lose a final "LTD." period). */
size_t rf_lists_find_by_name(const rf_lists *l, const char *name, const rf_entity **out,
                             size_t max);

/* Per-version file details (hash per file, rows per file) and program counts. */
typedef struct rf_list_file {
  const char *name;   /* "sdn.csv" */
  const char *sha256; /* hex; NULL if the file was absent */
  size_t rows;        /* data rows read (excluding the trailing EOF marker) */
  uint64_t bytes;
  size_t rejected; /* rows read but rejected, each with a warning: rows = used + rejected */
} rf_list_file;
typedef struct rf_list_program_count {
  const char *program;
  size_t entities;
} rf_list_program_count;
size_t rf_list_version_nfiles(const rf_lists *l, size_t version);
const rf_list_file *rf_list_version_file(const rf_lists *l, size_t version, size_t i);
/* Programs of one loaded version sorted by name; counts are entities. */
size_t rf_list_version_nprograms(const rf_lists *l, size_t version);
const rf_list_program_count *rf_list_version_program(const rf_lists *l, size_t version, size_t i);
/* Entities of one version by type (index = rf_entity_type). */
size_t rf_list_version_type_count(const rf_lists *l, size_t version, rf_entity_type t);

/* Default list directories when the user gave none, in order:
 *   1. $REDFLAG_LISTS_DIR (colon-separated directories), if set and non-empty;
 *   2. <data>/sdn/current and <data>/cons/current written by `lists update`,
 *      <data> = $XDG_DATA_HOME/redflag/lists or ~/.local/share/redflag/lists,
 *      those of them that exist;
 *   3. ../shared/data/ofac/watchman/{sdn_2021-07,cons_2025-12} relative to the
 *      current directory, else relative to source_dir (may be NULL; the CLI
 *      passes its compile-time RF_SOURCE_DIR).
 * Fills up to max malloc'ed paths into out (caller frees each) and returns how
 * many; 0 if none found. */
size_t rf_lists_default_dirs(const char *source_dir, char **out, size_t max);
/* The directory `lists update` uses by default (malloc'ed), see above. */
char *rf_lists_default_update_dir(void);

/* Download + validate + atomic swap (see docs/lists.md). */
typedef struct rf_lists_update_opts {
  const char *dir;      /* root; NULL = rf_lists_default_update_dir() */
  const char *base_url; /* NULL = OFAC's Sanctions List Service exports (trade.gov's for the
                           CSL); given, every set is fetched from it */
  int sdn, cons;        /* which OFAC sets (both 0 = both, unless csl alone is asked for) */
  int csl;              /* also trade.gov's Consolidated Screening List (only when asked) */
  long timeout_s;       /* per file; 0 = 300 */
  FILE *log;            /* progress messages; may be NULL */
  int force;            /* install even if the new set has < half the current entries */
} rf_lists_update_opts;
typedef struct rf_lists_update_result {
  int changed[3];        /* [0]=SDN [1]=CONS [2]=CSL: 1 new version installed, 0 unchanged */
  char current[3][4096]; /* resulting current directories ("" if not updated) */
  char sha256[3][65];
  size_t entities[3];
} rf_lists_update_result;
#define RF_OFAC_BASE_URL                                                                           \
  "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
#define RF_CSL_BASE_URL "https://data.trade.gov/downloadable_consolidated_screening_list/v1/"
rf_status rf_lists_update(const rf_lists_update_opts *o, rf_lists_update_result *res,
                          rf_error *err);

/* SHA-256 of a buffer as 64 hex digits + NUL. */
void rf_lists_sha256_hex(const void *data, size_t n, char out[65]);

#ifdef __cplusplus
}
#endif
#endif
