/* libFuzzer target: the screening batch reader (CSV in, JSON Lines out) and
 * name normalisation/scoring on arbitrary bytes. A tiny real SDN fixture is
 * loaded once from memory. */
#include "redflag/lists.h"
#include "redflag/screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char rf_i_sdn[] =
    "17674,\"OSEGUERA CERVANTES, Nemesio\",\"individual\",\"SDNTK\",-0- ,-0- ,-0- ,-0- ,-0- "
    ",-0- ,-0- ,\"DOB 17 Jul 1966; alt. DOB 17 Jul 1964; POB Naranjo de Chila, Aguililla, "
    "Michoacan, Mexico; a.k.a. 'Mencho'; Linked To: CARTEL DE JALISCO NUEVA GENERACION.\"\n"
    "17671,\"CARTEL DE JALISCO NUEVA GENERACION\",-0- ,\"SDNTK\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- "
    ",-0- ,\"a.k.a. 'CJNG'.\"\n"
    "7157,\"FARMACIA VIDA SUPREMA, S.A. DE C.V.\",-0- ,\"SDNTK\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- "
    ",-0- ,\"R.F.C. FVS-980220-DZ8 (Mexico).\"\n"
    "7226,\"ZAMBADA GARCIA, Ismael\",\"individual\",\"SDNTK\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- "
    ",\"DOB 01 Jan 1948; R.F.C. ZAGI-500130 (Mexico).\"\n";

static rf_lists *rf_i_l;
static rf_screener *rf_i_s;
static char rf_i_path[] = "/tmp/rf_fuzz_batch_XXXXXX";
static int rf_i_fd = -1;
static FILE *rf_i_null, *rf_i_errs;

static void rf_i_init(void) {
  rf_error err = {0};
  if (rf_lists_new(&rf_i_l) ||
      rf_lists_load_mem(rf_i_l, "SDN", "fuzz-sdn", rf_i_sdn, sizeof rf_i_sdn - 1, NULL, 0, NULL, 0,
                        NULL, 0, &err) ||
      rf_screener_new(&rf_i_s, rf_i_l, &err)) {
    fprintf(stderr, "fuzz_batch: setup failed: %s\n", err.msg);
    abort();
  }
  rf_i_fd = mkstemp(rf_i_path);
  rf_i_null = fopen("/dev/null", "w");
  rf_i_errs = fopen("/dev/null", "w");
  if (rf_i_fd < 0 || !rf_i_null || !rf_i_errs) abort();
  unlink(rf_i_path); /* keep using it through /proc/self/fd */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!rf_i_s) rf_i_init();
  /* the whole input as a batch CSV file */
  if (ftruncate(rf_i_fd, 0) || pwrite(rf_i_fd, data, size, 0) != (ssize_t)size) return 0;
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", rf_i_fd);
  rf_screen_batch_opts o = {.threads = 2, .chunk = 3, .errors = rf_i_errs};
  rf_screen_batch_stats st;
  rf_error err = {0};
  if (rf_screen_batch(rf_i_s, path, rf_i_null, &o, &st, &err) == RF_OK &&
      st.rows != st.screened + st.rejected)
    abort(); /* every row is either screened or rejected */
  /* the first two lines as a name pair */
  char a[512], b[512];
  size_t i = 0, k = 0;
  while (i < size && data[i] != '\n' && k + 1 < sizeof a) a[k++] = (char)data[i++];
  a[k] = 0;
  i++;
  k = 0;
  while (i < size && data[i] != '\n' && k + 1 < sizeof b) b[k++] = (char)data[i++];
  b[k] = 0;
  double sc;
  rf_screen_explain_list ex = {0};
  if (rf_screen_match_names(rf_i_s, a, b, NULL, &sc, &ex, &err) == RF_OK && (sc < 0 || sc > 1))
    abort();
  rf_screen_explain_free(&ex);
  return 0;
}
