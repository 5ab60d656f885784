/* Time parsing and formatting, clocks and memory figures. */
#define _POSIX_C_SOURCE 200809L
#include "redflag/core.h"

#include <ctype.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

int64_t rf_days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

static void rf_i_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* Reads exactly n digits. */
static int rf_i_digits(const char **p, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (!isdigit((unsigned char)(*p)[i])) return -1;
    v = v * 10 + ((*p)[i] - '0');
  }
  *p += n;
  *out = v;
  return 0;
}

static int rf_i_days_in_month(int y, int m) {
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return dm[m - 1];
}

rf_status rf_time_parse(const char *s, int64_t *epoch) {
  const char *p = s;
  while (*p == ' ') p++;
  int y, mo, d, h = 0, mi = 0, se = 0;
  if (rf_i_digits(&p, 4, &y)) return RF_EPARSE;
  char dsep = *p;
  if (dsep != '-' && dsep != '/') return RF_EPARSE;
  p++;
  if (rf_i_digits(&p, 2, &mo) || *p++ != dsep || rf_i_digits(&p, 2, &d)) return RF_EPARSE;
  if (mo < 1 || mo > 12 || d < 1 || d > rf_i_days_in_month(y, mo)) return RF_EPARSE;
  int64_t off = 0;
  if (*p == 'T' || *p == ' ') {
    p++;
    if (rf_i_digits(&p, 2, &h) || *p++ != ':' || rf_i_digits(&p, 2, &mi)) return RF_EPARSE;
    if (*p == ':') {
      p++;
      if (rf_i_digits(&p, 2, &se)) return RF_EPARSE;
      if (*p == '.' || *p == ',') {
        p++;
        if (!isdigit((unsigned char)*p)) return RF_EPARSE;
        while (isdigit((unsigned char)*p)) p++;
      }
    }
    if (h > 23 || mi > 59 || se > 60) return RF_EPARSE;
    if (*p == 'Z') {
      p++;
    } else if (*p == '+' || *p == '-') {
      int sign = *p == '-' ? -1 : 1, oh, om = 0;
      p++;
      if (rf_i_digits(&p, 2, &oh)) return RF_EPARSE;
      if (*p == ':') p++;
      if (isdigit((unsigned char)*p) && rf_i_digits(&p, 2, &om)) return RF_EPARSE;
      if (oh > 23 || om > 59) return RF_EPARSE;
      off = sign * (oh * 3600 + om * 60);
    }
  }
  while (*p == ' ') p++;
  if (*p) return RF_EPARSE;
  *epoch = rf_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se - off;
  return RF_OK;
}

void rf_time_format(int64_t epoch, char *out, size_t outsz) {
  int64_t days = epoch >= 0 ? epoch / 86400 : -((-epoch + 86399) / 86400);
  int64_t rem = epoch - days * 86400;
  int64_t y;
  unsigned m, d;
  rf_i_civil_from_days(days, &y, &m, &d);
  snprintf(out, outsz, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, m, d, (int)(rem / 3600),
           (int)(rem / 60 % 60), (int)(rem % 60));
}

double rf_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

size_t rf_peak_rss(void) {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru)) return 0;
  return (size_t)ru.ru_maxrss * 1024;
}
