/* Common includes for redflag's cmocka tests. */
#ifndef RF_TEST_H
#define RF_TEST_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#ifndef RF_SHARED_DATA
#define RF_SHARED_DATA "../shared/data"
#endif
#endif
