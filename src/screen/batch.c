/* Batch screening: a CSV in, JSON Lines out, in input order, with a fixed
 * number of chunks in flight (constant memory) and pthread workers. */
#include "screen/screen_i.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double rf_i_cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int rf_screen_match_json(rf_buf *b, const rf_screen_match *m) {
  const rf_entity *e = m->entity;
  int rc = rf_buf_puts(b, "{\"list\":");
  rc |= rf_buf_json_str(b, e->list ? e->list : "");
  rc |= rf_buf_puts(b, ",\"uid\":");
  rc |= rf_buf_json_str(b, e->uid ? e->uid : "");
  rc |= rf_buf_puts(b, ",\"name\":");
  rc |= rf_buf_json_str(b, e->name ? e->name : "");
  rc |= rf_buf_puts(b, ",\"matched_name\":");
  rc |= rf_buf_json_str(b, m->matched_name ? m->matched_name : "");
  rc |= rf_buf_puts(b, ",\"type\":");
  rc |= rf_buf_json_str(b, rf_entity_type_str(e->type));
  rc |= rf_buf_puts(b, ",\"programs\":[");
  for (size_t i = 0; i < e->nprograms; i++) {
    if (i) rc |= rf_buf_putc(b, ',');
    rc |= rf_buf_json_str(b, e->programs[i]);
  }
  rc |= rf_buf_printf(b, "],\"score\":%.4f,\"name_score\":%.4f", m->score, m->name_score);
  if (m->version) {
    rc |= rf_buf_puts(b, ",\"list_version\":");
    rc |= rf_buf_json_str(b, m->version->sha256 ? m->version->sha256 : "");
  }
  rc |= rf_buf_puts(b, ",\"explain\":");
  rc |= rf_screen_explain_json(b, &m->explain);
  rc |= rf_buf_putc(b, '}');
  return rc;
}

/* One input row, copied out of the CSV reader. */
typedef struct rf_i_row {
  size_t row, line;
  char *id, *name, *type, *dob, *country, *idn, *gender;
  char *error; /* reader-level rejection */
  int parts;   /* the name was joined from first / middle / last name columns */
  int recoded; /* a field was not UTF-8 and was read as Windows-1252 */
} rf_i_row;

typedef struct rf_i_chunk {
  rf_i_row *rows;
  size_t n;
  rf_arena arena;
  rf_buf out;
  rf_buf errs;
  size_t screened, rejected, with_hits, matches, recoded;
  double *lat;  /* per-row latency in ms (screened rows) */
  double *clat; /* per-row CPU time in ms */
  size_t nlat;
  int state; /* 0 free, 1 queued, 2 done */
  size_t seq;
} rf_i_chunk;

typedef struct rf_i_batch {
  const rf_screener *s;
  const rf_screen_batch_opts *o;
  rf_i_chunk *chunks;
  size_t nchunks;
  size_t next_todo; /* seq of next chunk a worker should take */
  size_t submitted; /* seq count submitted */
  int done_reading;
  pthread_mutex_t mu;
  pthread_cond_t cv_work, cv_done;
  const char *path;
} rf_i_batch;

static void rf_i_screen_chunk(rf_i_batch *bt, rf_screen_ctx *cx, rf_i_chunk *ch) {
  rf_buf_reset(&ch->out);
  rf_buf_reset(&ch->errs);
  ch->screened = ch->rejected = ch->with_hits = ch->matches = ch->recoded = ch->nlat = 0;
  for (size_t i = 0; i < ch->n; i++) {
    rf_i_row *r = &ch->rows[i];
    rf_buf_printf(&ch->out, "{\"row\":%zu", r->row);
    rf_buf_puts(&ch->out, ",\"id\":");
    if (r->id)
      rf_buf_json_str(&ch->out, r->id);
    else
      rf_buf_puts(&ch->out, "null");
    if (r->recoded) {
      ch->recoded++;
      rf_buf_puts(&ch->out, ",\"recoded\":\"windows-1252\"");
    }
    rf_error err = {0};
    rf_status st = RF_OK;
    const rf_screen_result *res = NULL;
    double t0 = rf_now(), c0 = rf_i_cpu_now();
    rf_screen_query q = {0};
    char warn[128] = "";
    if (r->error) {
      st = rf_error_set(&err, RF_EPARSE, "%s", r->error);
    } else {
      q.name = r->name;
      q.dob = r->dob;
      int y, mo, d;
      if (q.dob && *q.dob && rf_i_parse_dob(q.dob, &y, &mo, &d)) {
        /* a date that cannot be read must not keep the name from being screened */
        snprintf(warn, sizeof warn, "field dob: cannot parse '%.60s'; screened by name only",
                 q.dob);
        rf_buf_printf(&ch->errs, "%s:%zu: %s\n", bt->path, r->line, warn);
        q.dob = NULL;
      }
      q.country = r->country;
      q.id_number = r->idn;
      q.gender = r->gender;
      if (r->type && *r->type) {
        q.type = rf_entity_type_parse(r->type);
        if (q.type == RF_ENT_UNKNOWN)
          st = rf_error_set(&err, RF_EINVAL,
                            "field type: '%s' is not person, organization, vessel or aircraft",
                            r->type);
      } else if (r->parts || rf_screen_gender(r->gender)) {
        /* a party with a first and last name, or a gender, is a natural person */
        q.type = RF_ENT_PERSON;
      }
      if (!st && (!r->name || !*r->name)) st = rf_error_set(&err, RF_EINVAL, "field name: empty");
      if (!st) st = rf_screen_one(cx, &q, &bt->o->screen, &res, &err);
    }
    if (st) {
      ch->rejected++;
      if (r->error)
        rf_buf_printf(&ch->errs, "%s\n", err.msg);
      else
        rf_buf_printf(&ch->errs, "%s:%zu: %s\n", bt->path, r->line, err.msg);
      rf_buf_printf(&ch->out, ",\"line\":%zu,\"error\":", r->line);
      rf_buf_json_str(&ch->out, err.msg);
      rf_buf_puts(&ch->out, "}\n");
      continue;
    }
    ch->clat[ch->nlat] = (rf_i_cpu_now() - c0) * 1000.0;
    ch->lat[ch->nlat++] = (rf_now() - t0) * 1000.0;
    ch->screened++;
    if (res->n) ch->with_hits++;
    ch->matches += res->n;
    rf_buf_puts(&ch->out, ",\"query\":");
    rf_buf_json_str(&ch->out, r->name);
    if (*warn) {
      rf_buf_puts(&ch->out, ",\"warning\":");
      rf_buf_json_str(&ch->out, warn);
    }
    rf_buf_puts(&ch->out, ",\"matches\":[");
    for (size_t k = 0; k < res->n; k++) {
      if (k) rf_buf_putc(&ch->out, ',');
      rf_screen_match_json(&ch->out, &res->m[k]);
    }
    rf_buf_puts(&ch->out, "]}\n");
  }
}

static void *rf_i_worker(void *arg) {
  rf_i_batch *bt = arg;
  rf_screen_ctx *cx = rf_screen_ctx_new(bt->s);
  pthread_mutex_lock(&bt->mu);
  for (;;) {
    while (bt->next_todo == bt->submitted && !bt->done_reading)
      pthread_cond_wait(&bt->cv_work, &bt->mu);
    if (bt->next_todo == bt->submitted && bt->done_reading) break;
    rf_i_chunk *ch = &bt->chunks[bt->next_todo % bt->nchunks];
    bt->next_todo++;
    pthread_mutex_unlock(&bt->mu);
    if (cx) {
      rf_i_screen_chunk(bt, cx, ch);
    } else {
      rf_buf_reset(&ch->out);
      for (size_t i = 0; i < ch->n; i++)
        rf_buf_printf(&ch->out, "{\"row\":%zu,\"error\":\"out of memory\"}\n", ch->rows[i].row);
      ch->rejected = ch->n;
      ch->screened = ch->nlat = 0;
    }
    pthread_mutex_lock(&bt->mu);
    ch->state = 2;
    pthread_cond_broadcast(&bt->cv_done);
  }
  pthread_mutex_unlock(&bt->mu);
  rf_screen_ctx_free(cx);
  return NULL;
}

/* a copy of field col (NULL when the row has no such column); text that is
 * not UTF-8 is read as Windows-1252, as the transaction readers do (a bank's
 * export with "Jos\xe9" is still screened), and *recoded is set */
static char *rf_i_dupf(rf_arena *a, char **f, size_t nf, int col, int *recoded) {
  if (col < 0 || (size_t)col >= nf) return NULL;
  size_t n = strlen(f[col]);
  if (!rf_utf8_valid(f[col], n)) *recoded = 1;
  return rf_latin1_to_utf8(a, f[col], n);
}

/* The columns of a batch file, found by any of the names below (case and
 * surrounding spaces ignored; the first name that is present wins). A file
 * without a name column may give the name in parts, first/middle/last. */
enum {
  RF_I_C_NAME,
  RF_I_C_FIRST,
  RF_I_C_MIDDLE,
  RF_I_C_LAST,
  RF_I_C_ID,
  RF_I_C_TYPE,
  RF_I_C_DOB,
  RF_I_C_COUNTRY,
  RF_I_C_IDN,
  RF_I_C_GENDER,
  RF_I_NCOLS
};
static const char *const rf_i_col_names[RF_I_NCOLS][8] = {
    [RF_I_C_NAME] = {"name", "full_name", "fullname", "full name", "customer_name", "party_name"},
    [RF_I_C_FIRST] = {"first_name", "firstname", "first name", "given_name", "given name",
                      "forename"},
    [RF_I_C_MIDDLE] = {"middle_name", "middlename", "middle name"},
    [RF_I_C_LAST] = {"last_name", "lastname", "last name", "surname", "family_name", "family name"},
    [RF_I_C_ID] = {"id", "customer_id", "party_id", "record_id"},
    [RF_I_C_TYPE] = {"type", "entity_type", "party_type"},
    [RF_I_C_DOB] = {"dob", "date_of_birth", "birth_date", "birthdate", "date of birth"},
    [RF_I_C_COUNTRY] = {"country", "nationality", "citizenship", "country_code"},
    [RF_I_C_IDN] = {"id_number", "passport", "passport_number", "national_id"},
    [RF_I_C_GENDER] = {"gender", "sex"},
};

static void rf_i_find_cols(char **f, size_t nf, int col[RF_I_NCOLS]) {
  for (int k = 0; k < RF_I_NCOLS; k++) {
    col[k] = -1;
    for (int j = 0; j < 8 && rf_i_col_names[k][j] && col[k] < 0; j++)
      col[k] = rf_csv_col(f, nf, rf_i_col_names[k][j]);
  }
}

/* the name of a row: its name column, else its name parts joined by spaces
 * (NULL when the row has none of them) */
static char *rf_i_row_name(rf_arena *a, char **f, size_t nf, const int col[RF_I_NCOLS],
                           int *recoded, int *parts) {
  *parts = 0;
  if (col[RF_I_C_NAME] >= 0) return rf_i_dupf(a, f, nf, col[RF_I_C_NAME], recoded);
  char *part[3];
  size_t len = 0;
  int have = 0;
  for (int k = 0; k < 3; k++) {
    part[k] = rf_i_dupf(a, f, nf, col[RF_I_C_FIRST + k], recoded);
    if (part[k]) have = 1, len += strlen(part[k]) + 1;
  }
  if (!have) return NULL;
  *parts = 1;
  char *s = rf_arena_alloc(a, len + 1), *p = s;
  if (!s) return NULL;
  for (int k = 0; k < 3; k++) {
    const char *q = part[k] ? rf_trim(part[k]) : "";
    if (!*q) continue;
    if (p != s) *p++ = ' ';
    size_t n = strlen(q);
    memcpy(p, q, n);
    p += n;
  }
  *p = 0;
  return s;
}

/* Latency histogram: 10 us buckets up to 100 ms (constant memory). */
#define RF_I_LAT_BUCKETS 10000

static void rf_i_lat_add(size_t *hist, size_t *chist, const rf_i_chunk *ch,
                         rf_screen_batch_stats *stats) {
  for (size_t k = 0; k < ch->nlat; k++) {
    size_t b = (size_t)(ch->lat[k] * 100.0), cb = (size_t)(ch->clat[k] * 100.0);
    hist[b > RF_I_LAT_BUCKETS ? RF_I_LAT_BUCKETS : b]++;
    chist[cb > RF_I_LAT_BUCKETS ? RF_I_LAT_BUCKETS : cb]++;
    if (ch->lat[k] > stats->max_ms) stats->max_ms = ch->lat[k];
  }
}

/* Upper bucket edges of the 50th and 99th percentiles. */
static void rf_i_pct(const size_t *h, double *p50, double *p99) {
  size_t tot = 0, acc = 0;
  int have50 = 0;
  for (size_t k = 0; k <= RF_I_LAT_BUCKETS; k++) tot += h[k];
  for (size_t k = 0; k <= RF_I_LAT_BUCKETS && tot; k++) {
    acc += h[k];
    if (!have50 && acc * 100 >= tot * 50) {
      *p50 = (double)(k + 1) / 100.0;
      have50 = 1;
    }
    if (acc * 100 >= tot * 99) {
      *p99 = (double)(k + 1) / 100.0;
      break;
    }
  }
}

/* Where finished chunks go, in input order. */
typedef struct rf_i_writer {
  FILE *out;
  const rf_screen_batch_opts *o;
  const char *csv_path;
  size_t errlines;
  int werr;
  size_t *hist, *chist;
  rf_screen_batch_stats *stats;
} rf_i_writer;

/* writes a screened chunk and its rejects, adds its counts and latencies,
 * and frees its slot (the caller holds no lock) */
static void rf_i_emit(rf_i_writer *w, rf_i_chunk *ch) {
  if (fwrite(ch->out.data, 1, ch->out.len, w->out) != ch->out.len) w->werr = 1;
  if (ch->errs.len && w->errlines < w->o->max_error_lines) {
    fwrite(ch->errs.data, 1, ch->errs.len, w->o->errors);
    for (size_t k = 0; k < ch->errs.len; k++) w->errlines += ch->errs.data[k] == '\n';
    if (w->errlines >= w->o->max_error_lines)
      fprintf(w->o->errors, "%s: further rejected rows are not printed (see the output)\n",
              w->csv_path);
  }
  w->stats->screened += ch->screened;
  w->stats->rejected += ch->rejected;
  w->stats->with_hits += ch->with_hits;
  w->stats->matches += ch->matches;
  w->stats->recoded += ch->recoded;
  rf_i_lat_add(w->hist, w->chist, ch, w->stats);
  ch->state = 0;
}

/* waits (bt->mu held) for the oldest unwritten chunk, *written, to be
 * screened and writes it with the lock released; returns with it held */
static void rf_i_emit_oldest(rf_i_batch *bt, rf_i_writer *w, size_t *written) {
  rf_i_chunk *old = &bt->chunks[*written % bt->nchunks];
  while (old->state != 2) pthread_cond_wait(&bt->cv_done, &bt->mu);
  pthread_mutex_unlock(&bt->mu);
  rf_i_emit(w, old);
  (*written)++;
  pthread_mutex_lock(&bt->mu);
}

rf_status rf_screen_batch(const rf_screener *s, const char *csv_path, FILE *out,
                          const rf_screen_batch_opts *opts, rf_screen_batch_stats *stats,
                          rf_error *err) {
  rf_screen_batch_opts o = opts ? *opts : (rf_screen_batch_opts){0};
  memset(stats, 0, sizeof *stats);
  if (!o.threads) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    o.threads = n > 0 ? (int)n : 1;
  }
  if (o.threads > 256) o.threads = 256;
  if (!o.chunk) o.chunk = 256;
  if (!o.errors) o.errors = stderr;
  if (!o.max_error_lines) o.max_error_lines = 50;
  rf_csv_opts co = {.max_field = 64 * 1024};
  rf_csv *c;
  rf_status st = rf_csv_open(&c, csv_path, &co, err);
  if (st) return st;
  char **f;
  size_t nf;
  st = rf_csv_next(c, &f, &nf, err);
  if (st) {
    rf_csv_close(c);
    if (st == RF_EEMPTY)
      return rf_error_set(err, RF_EEMPTY, "%s:1: empty file, expected a header with a name column",
                          csv_path);
    return st;
  }
  int col[RF_I_NCOLS];
  rf_i_find_cols(f, nf, col);
  int cname = col[RF_I_C_NAME];
  if (cname < 0 && (col[RF_I_C_FIRST] >= 0 || col[RF_I_C_LAST] >= 0))
    cname = col[RF_I_C_FIRST] > col[RF_I_C_LAST] ? col[RF_I_C_FIRST] : col[RF_I_C_LAST];
  if (cname < 0) {
    size_t hl = rf_csv_line(c);
    rf_csv_close(c);
    return rf_error_set(err, RF_ENOTFOUND,
                        "%s:%zu: header: no 'name' column (nor full_name, customer_name, or the "
                        "parts first_name / last_name; see docs/screen.md)",
                        csv_path, hl);
  }
  rf_i_batch bt = {0};
  bt.s = s;
  bt.o = &o;
  bt.path = csv_path;
  bt.nchunks = (size_t)o.threads * 3;
  bt.chunks = calloc(bt.nchunks, sizeof *bt.chunks);
  size_t *hist = calloc(2 * (RF_I_LAT_BUCKETS + 1), sizeof *hist);
  size_t *chist = hist ? hist + RF_I_LAT_BUCKETS + 1 : NULL;
  if (!bt.chunks || !hist) {
    free(bt.chunks);
    free(hist);
    rf_csv_close(c);
    return rf_error_set(err, RF_ENOMEM, "batch: out of memory");
  }
  for (size_t i = 0; i < bt.nchunks; i++) {
    rf_arena_init(&bt.chunks[i].arena, 1 << 16);
    rf_buf_init(&bt.chunks[i].out);
    rf_buf_init(&bt.chunks[i].errs);
    bt.chunks[i].rows = calloc(o.chunk, sizeof(rf_i_row));
    bt.chunks[i].lat = calloc(o.chunk, sizeof(double));
    bt.chunks[i].clat = calloc(o.chunk, sizeof(double));
    if (!bt.chunks[i].rows || !bt.chunks[i].lat || !bt.chunks[i].clat) st = RF_ENOMEM;
  }
  pthread_mutex_init(&bt.mu, NULL);
  pthread_cond_init(&bt.cv_work, NULL);
  pthread_cond_init(&bt.cv_done, NULL);
  pthread_t *th = calloc((size_t)o.threads, sizeof *th);
  int nth = 0;
  if (!th) st = RF_ENOMEM;
  for (int i = 0; !st && i < o.threads; i++)
    if (!pthread_create(&th[i], NULL, rf_i_worker, &bt)) nth++;
  if (!st && !nth) st = RF_ENOMEM;
  double t0 = rf_now();
  size_t written = 0; /* seq of next chunk to write */
  size_t row = 0;
  int eof = 0, ioerr = 0;
  rf_i_writer wr = {out, &o, csv_path, 0, 0, hist, chist, stats};
  while (!st && !eof) {
    /* wait for a free slot: the oldest chunk must be written first */
    pthread_mutex_lock(&bt.mu);
    while (bt.submitted - written == bt.nchunks) rf_i_emit_oldest(&bt, &wr, &written);
    pthread_mutex_unlock(&bt.mu);
    rf_i_chunk *ch = &bt.chunks[bt.submitted % bt.nchunks];
    rf_arena_destroy(&ch->arena);
    rf_arena_init(&ch->arena, 1 << 16);
    ch->n = 0;
    while (ch->n < o.chunk) {
      rf_error e2 = {0};
      rf_status rs = rf_csv_next(c, &f, &nf, &e2);
      if (rs == RF_EEMPTY) {
        eof = 1;
        break;
      }
      if (rs == RF_EIO) { /* the input failed: what came before it is screened */
        if (err) *err = e2;
        ioerr = eof = 1;
        break;
      }
      rf_i_row *r = &ch->rows[ch->n++];
      memset(r, 0, sizeof *r);
      r->row = ++row;
      r->line = rf_csv_line(c);
      if (rs) {
        r->error = rf_arena_strdup(&ch->arena, e2.msg);
        continue;
      }
      if ((size_t)cname >= nf) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s:%zu: field name: missing (row has %zu fields)", csv_path,
                 r->line, nf);
        r->error = rf_arena_strdup(&ch->arena, msg);
        continue;
      }
      r->name = rf_i_row_name(&ch->arena, f, nf, col, &r->recoded, &r->parts);
      r->id = rf_i_dupf(&ch->arena, f, nf, col[RF_I_C_ID], &r->recoded);
      r->type = rf_i_dupf(&ch->arena, f, nf, col[RF_I_C_TYPE], &r->recoded);
      r->dob = rf_i_dupf(&ch->arena, f, nf, col[RF_I_C_DOB], &r->recoded);
      r->country = rf_i_dupf(&ch->arena, f, nf, col[RF_I_C_COUNTRY], &r->recoded);
      r->idn = rf_i_dupf(&ch->arena, f, nf, col[RF_I_C_IDN], &r->recoded);
      r->gender = rf_i_dupf(&ch->arena, f, nf, col[RF_I_C_GENDER], &r->recoded);
      if (!r->name) r->error = rf_arena_strdup(&ch->arena, "out of memory");
    }
    stats->rows += ch->n;
    if (ch->n) {
      pthread_mutex_lock(&bt.mu);
      ch->state = 1;
      bt.submitted++;
      pthread_cond_signal(&bt.cv_work);
      pthread_mutex_unlock(&bt.mu);
    }
  }
  /* drain */
  pthread_mutex_lock(&bt.mu);
  bt.done_reading = 1;
  pthread_cond_broadcast(&bt.cv_work);
  while (written < bt.submitted) rf_i_emit_oldest(&bt, &wr, &written);
  pthread_mutex_unlock(&bt.mu);
  for (int i = 0; i < nth; i++) pthread_join(th[i], NULL);
  stats->seconds = rf_now() - t0;
  /* latency percentiles from the histograms */
  rf_i_pct(hist, &stats->p50_ms, &stats->p99_ms);
  rf_i_pct(chist, &stats->p50_cpu_ms, &stats->p99_cpu_ms);
  for (size_t i = 0; i < bt.nchunks; i++) {
    rf_arena_destroy(&bt.chunks[i].arena);
    rf_buf_free(&bt.chunks[i].out);
    rf_buf_free(&bt.chunks[i].errs);
    free(bt.chunks[i].rows);
    free(bt.chunks[i].lat);
    free(bt.chunks[i].clat);
  }
  free(bt.chunks);
  free(th);
  free(hist);
  pthread_mutex_destroy(&bt.mu);
  pthread_cond_destroy(&bt.cv_work);
  pthread_cond_destroy(&bt.cv_done);
  rf_csv_close(c);
  if (st) return rf_error_set(err, st, "batch: out of memory");
  if (wr.werr || fflush(out)) return rf_error_set(err, RF_EIO, "batch: cannot write the output");
  return ioerr ? RF_EIO : RF_OK;
}
