/* The market's transactions per day (the profile gate's baseline), kept as
 * a Fenwick tree: range sums equal a plain count over any days, also after
 * the table doubled (64, 128, 256, 512 days) and around days without rows. */
#include "rf_test.h"

#include "monitor_test.h"

#include "redflag/monitor.h"
#include "monitor/monitor_i.h" /* rf_i_global */

#include <stdlib.h>
#include <string.h>

#define T0 1700006400LL /* a midnight */
#define D 86400LL

static void test_day_sums(void **st) {
  (void)st;
  rf_monitor *m = rf_test_monitor_defaults();
  assert_non_null(m);
  enum { DAYS = 300 };
  static uint64_t count[DAYS];
  uint64_t line = 0;
  for (int d = 0; d < DAYS; d++) {
    int n = (d * 37) % 11; /* 0..10 rows a day, some days none */
    for (int i = 0; i < n; i++) {
      rf_txn t = rf_test_txn(++line, (uint32_t)(1 + i), (uint32_t)(100 + d % 17),
                             T0 + d * D + i * 600, 100, RF_CH_WIRE);
      assert_int_equal(rf_monitor_push(m, &t), RF_OK);
      count[d]++;
    }
  }
  for (int a = 0; a < DAYS; a += 7)
    for (int b = a; b < DAYS; b += 13) {
      uint64_t want = 0;
      for (int d = a; d <= b; d++) want += count[d];
      double got = rf_i_global(m, T0 + a * D + 3600, T0 + b * D + 7200);
      if (got != (double)want)
        fail_msg("days %d..%d: %.0f, want %llu", a, b, got, (unsigned long long)want);
    }
  /* beyond the last day and before the first: clamped */
  uint64_t all = 0;
  for (int d = 0; d < DAYS; d++) all += count[d];
  assert_true(rf_i_global(m, T0 - 10 * D, T0 + 2 * DAYS * D) == (double)all);
  assert_true(rf_i_global(m, T0 + 5 * D, T0 + 4 * D) == 0);
  rf_monitor_free(m);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_day_sums)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
