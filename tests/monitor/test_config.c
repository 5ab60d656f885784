/* Monitor configuration: defaults, INI parsing, errors naming file and line. */
#include "rf_test.h"

#include "redflag/monitor.h"

#include <stdio.h>
#include <stdlib.h>

static rf_status parse(rf_monitor_config *c, const char *text, rf_error *err) {
  rf_monitor_config_defaults(c);
  return rf_monitor_config_parse(c, text, strlen(text), "t.ini", err);
}

static void test_defaults(void **st) {
  (void)st;
  rf_monitor_config c;
  rf_monitor_config_defaults(&c);
  assert_true(c.struct_threshold == 10000);
  assert_int_equal(c.fan_window, 2 * 86400);
  for (int i = 0; i < RF_TYP_COUNT; i++) assert_true(c.enabled[i]);
  assert_true(c.ncountries > 0);
  assert_string_equal(rf_typology_str(RF_TYP_FAN_IN), "fan_in");
  assert_int_equal(rf_typology_parse("scatter_gather"), RF_TYP_SCATTER_GATHER);
  assert_int_equal(rf_typology_parse("nope"), RF_TYP_COUNT);
}

static void test_parse_ok(void **st) {
  (void)st;
  rf_monitor_config c;
  rf_error err;
  const char *ini = "# comment\n"
                    "[structuring]\n"
                    "threshold = 5000   ; trailing comment\n"
                    "window = 36h\n"
                    "currency_thresholds = US Dollar:10000, Mexican Peso:180000\n"
                    "\n"
                    "[fan]\n"
                    "min_degree = 12\n"
                    "fan_out = false\n"
                    "[corridor]\n"
                    "countries = mx, CN ,hk\n"
                    "[general]\n"
                    "young_pass = yes\n";
  assert_int_equal(parse(&c, ini, &err), RF_OK);
  assert_true(c.struct_threshold == 5000);
  assert_int_equal(c.struct_window, 36 * 3600);
  assert_int_equal(c.nccy, 2);
  assert_string_equal(c.ccy_name[1], "Mexican Peso");
  assert_true(c.ccy_threshold[1] == 180000);
  assert_int_equal(c.fan_min_degree, 12);
  assert_false(c.enabled[RF_TYP_FAN_OUT]);
  assert_true(c.enabled[RF_TYP_FAN_IN]);
  assert_int_equal(c.ncountries, 3);
  assert_string_equal(c.countries[0], "MX");
  assert_string_equal(c.countries[2], "HK");
  assert_int_equal(c.young_pass, 1);
}

static void test_errors(void **st) {
  (void)st;
  rf_monitor_config c;
  rf_error err;
  assert_int_equal(parse(&c, "[fan]\nmin_degre = 3\n", &err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "t.ini:2"));
  assert_non_null(strstr(err.msg, "min_degre"));
  assert_int_equal(parse(&c, "[fans]\n", &err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "t.ini:1"));
  assert_non_null(strstr(err.msg, "[fans]"));
  assert_int_equal(parse(&c, "\n\n[cycle]\nwindow = 3 days\n", &err), RF_EPARSE);
  assert_non_null(strstr(err.msg, "t.ini:4"));
  assert_int_equal(parse(&c, "min_degree = 3\n", &err), RF_EPARSE);
  assert_int_equal(parse(&c, "[fan]\nmin_degree = -3\n", &err), RF_EPARSE);
  assert_int_equal(parse(&c, "[fan]\nmin_degree\n", &err), RF_EPARSE);
  assert_int_equal(parse(&c, "[fan]\nfan_in = maybe\n", &err), RF_EPARSE);
  assert_int_equal(parse(&c, "[fan\n", &err), RF_EPARSE);
  assert_int_equal(parse(&c, "[cycle]\nmax_hops = 40\n", &err), RF_EINVAL);
  assert_int_equal(parse(&c, "[structuring]\nlink_band = 0.8\n", &err), RF_EINVAL);
  assert_non_null(strstr(err.msg, "link_band"));
  assert_int_equal(parse(&c, "[structuring]\ncurrency_thresholds = USD\n", &err), RF_EPARSE);
  /* a currency named like a comment would not survive being written back
   * (found by fuzz_monitor_config) */
  assert_int_equal(parse(&c, "[structuring]\ncurrency_thresholds = USD:9000,#MXN:10\n", &err),
                   RF_EPARSE);
  assert_non_null(strstr(err.msg, "bad entry '#MXN:10'"));
  assert_int_equal(parse(&c, "[corridor]\ncountries = MEXICO\n", &err), RF_EPARSE);
  assert_int_equal(rf_monitor_config_load(&c, "/nonexistent/x.ini", &err), RF_EIO);
  assert_non_null(strstr(err.msg, "/nonexistent/x.ini"));
}

/* the horizon of a monitor made with c */
static int64_t horizon_of(const rf_monitor_config *c) {
  rf_monitor *m = NULL;
  rf_error err;
  assert_int_equal(rf_monitor_new(&m, c, &err), RF_OK);
  int64_t h = rf_monitor_horizon(m);
  rf_monitor_free(m);
  return h;
}

/* the horizon: how long after a row an alert closing on schedule can name it
 * (the reader's dedupe window default follows it) */
static void test_horizon(void **st) {
  (void)st;
  rf_monitor_config c;
  rf_error err;
  rf_monitor_config_defaults(&c);
  /* the corridor's 30 days are the longest lookup, plus the 3-day cooldown */
  assert_int_equal(horizon_of(&c), (30 + 3) * 86400LL);
  assert_int_equal(parse(&c, "[cycle]\nwindow = 40d\n[general]\ncooldown = 1d\n", &err), RF_OK);
  assert_int_equal(horizon_of(&c), (40 + 1) * 86400LL);
}

static void test_roundtrip(void **st) {
  (void)st;
  rf_monitor_config a, b;
  rf_error err;
  assert_int_equal(parse(&a,
                         "[structuring]\ncurrency_thresholds = USD:9000\n[pass_through]\n"
                         "ratio = 0.85\n[layering]\nstack = off\n",
                         &err),
                   RF_OK);
  char *text = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&text, &len);
  assert_int_equal(rf_monitor_config_write(&a, fp, &err), RF_OK);
  fclose(fp);
  rf_monitor_config_defaults(&b);
  assert_int_equal(rf_monitor_config_parse(&b, text, len, "written", &err), RF_OK);
  free(text);
  assert_memory_equal(&a, &b, sizeof a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_defaults), cmocka_unit_test(test_parse_ok),
      cmocka_unit_test(test_errors),   cmocka_unit_test(test_roundtrip),
      cmocka_unit_test(test_horizon),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
