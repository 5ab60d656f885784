/* Internal to the core library: the UTF-16 layer of rf_zfile_wrap. */
#ifndef RF_CORE_I_H
#define RF_CORE_I_H

#include "redflag/core.h"

#include <stdio.h>

/* what the first bytes of a text say of its encoding */
enum {
  RF_I_UTF16LE_BOM = 1, /* FF FE */
  RF_I_UTF16BE_BOM,     /* FE FF */
  RF_I_UTF16LE,         /* no mark: ASCII, 00 */
  RF_I_UTF16BE          /* no mark: 00, ASCII */
};
/* one of the above for the first n bytes of a text, 0 when it is not UTF-16 */
int rf_i_utf16_kind(const unsigned char *p, size_t n);
/* a FILE that reads in (UTF-16 of that kind, past any byte-order mark) as
 * UTF-8 and closes in when closed; NULL (in closed) when memory runs out */
FILE *rf_i_utf16_wrap(FILE *in, int kind);

#endif
