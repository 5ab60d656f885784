/* Result codes and error messages. */
#include "redflag/core.h"

#include <string.h>

const char *rf_status_str(rf_status st) {
  switch (st) {
  case RF_OK: return "ok";
  case RF_ENOMEM: return "out of memory";
  case RF_EIO: return "i/o error";
  case RF_EPARSE: return "parse error";
  case RF_EINVAL: return "invalid argument";
  case RF_ENOTFOUND: return "not found";
  case RF_ELIMIT: return "limit exceeded";
  case RF_ENCODING: return "invalid encoding";
  case RF_ENET: return "network error";
  case RF_EDB: return "storage error";
  case RF_EEMPTY: return "empty input";
  }
  return "unknown error";
}

rf_status rf_error_set(rf_error *err, rf_status code, const char *fmt, ...) {
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    err->code = code;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
  }
  return code;
}

void rf_error_clear(rf_error *err) {
  if (err) {
    err->code = RF_OK;
    err->msg[0] = '\0';
  }
}
