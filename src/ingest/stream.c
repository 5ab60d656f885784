/* Input that is not a regular file (a pipe, a FIFO, a terminal, a socket)
 * is read as it arrives, so that a feed that stays open yields its rows
 * (and the monitor its alerts) without waiting for a buffer to fill: the
 * FILE is unbuffered, and a read returns what is there, waiting only for
 * the first byte. Regular files keep stdio's large buffered reads. */
#include "ingest/ingest_i.h"

#include <errno.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

int rf_i_stream_setup(FILE *fp) {
  struct stat sb;
  if (!fp || fstat(fileno(fp), &sb) || S_ISREG(sb.st_mode)) return 0;
  /* before any read: stdio must hold no bytes that read(2) would skip */
  return setvbuf(fp, NULL, _IONBF, 0) == 0;
}

int rf_i_readable(FILE *fp, int timeout_ms) {
  struct pollfd p = {.fd = fileno(fp), .events = POLLIN};
  for (;;) {
    int k = poll(&p, 1, timeout_ms);
    if (k >= 0 || errno != EINTR) return k != 0; /* an error: let the read report it */
  }
}

size_t rf_i_read(FILE *fp, int stream, char *buf, size_t n) {
  if (!stream || n < 2) return fread(buf, 1, n, fp);
  size_t k = fread(buf, 1, 1, fp); /* waits; also returns a byte given back by ungetc */
  if (k == 0 || !rf_i_readable(fp, 0)) return k;
  ssize_t r;
  do r = read(fileno(fp), buf + 1, n - 1);
  while (r < 0 && errno == EINTR);
  return r > 0 ? k + (size_t)r : k;
}
