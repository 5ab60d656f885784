/* libFuzzer target: the OFAC remarks parser, the DOB parser and the
 * programs-column parser on arbitrary text. */
#include "redflag/lists.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  if (!s) return 0;
  memcpy(s, data, size);
  s[size] = '\0';
  rf_arena a;
  rf_arena_init(&a, 0);
  rf_entity e;
  memset(&e, 0, sizeof e);
  if (rf_lists_remarks_parse(&e, s, &a) == RF_OK) {
    /* parse twice: appending must keep every array consistent */
    rf_lists_remarks_parse(&e, s, &a);
    for (size_t i = 0; i < e.nnames; i++)
      if (!e.names[i].name || !*e.names[i].name) abort();
    for (size_t i = 0; i < e.nids; i++)
      if (!e.ids[i].kind || !e.ids[i].number) abort();
    for (size_t i = 0; i < e.ncrypto; i++)
      if (!e.crypto_addresses[i] || !e.crypto_currencies[i]) abort();
    for (size_t i = 0; i < e.ndobs; i++) {
      char buf[32];
      rf_dob_format(&e.dobs[i], buf, sizeof buf);
      if (e.dobs[i].year_to < e.dobs[i].year) abort();
    }
  }
  rf_dob d;
  rf_lists_dob_parse(s, &d);
  rf_lists_programs_parse(&e, s, &a);
  rf_arena_destroy(&a);
  free(s);
  return 0;
}
