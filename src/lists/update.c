/* `lists update`: download OFAC's legacy CSV files with libcurl, validate
 * them with the loader, and swap them in atomically (see docs/lists.md).
 *
 * Layout under the root dir (default ~/.local/share/redflag/lists):
 *   sdn/v-<UTC time>-<sha256 prefix>/   one downloaded, validated version
 *   sdn/current  -> v-...              symlink, replaced with rename(2)
 *   sdn/previous -> v-...              the version current replaced
 * and the same under cons/. */
#include "lists_i.h"

#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------ default dirs */

static char *rf_i_join(const char *a, const char *b) {
  size_t n = strlen(a) + strlen(b) + 2;
  char *p = malloc(n);
  if (p) snprintf(p, n, "%s/%s", a, b);
  return p;
}

char *rf_lists_default_update_dir(void) {
  const char *x = getenv("XDG_DATA_HOME");
  if (x && *x) return rf_i_join(x, "redflag/lists");
  const char *h = getenv("HOME");
  if (!h || !*h) h = ".";
  return rf_i_join(h, ".local/share/redflag/lists");
}

static int rf_i_isdir(const char *p) {
  struct stat sb;
  return !stat(p, &sb) && S_ISDIR(sb.st_mode);
}

size_t rf_lists_default_dirs(const char *source_dir, char **out, size_t max) {
  size_t n = 0;
  const char *env = getenv("REDFLAG_LISTS_DIR");
  if (env && *env) {
    const char *p = env;
    while (*p && n < max) {
      const char *q = strchr(p, ':');
      size_t len = q ? (size_t)(q - p) : strlen(p);
      if (len) {
        char *d = malloc(len + 1);
        if (!d) break;
        memcpy(d, p, len);
        d[len] = '\0';
        out[n++] = d;
      }
      if (!q) break;
      p = q + 1;
    }
    return n;
  }
  char *root = rf_lists_default_update_dir();
  if (root) {
    const char *sets[3] = {"sdn/current", "cons/current", "csl/current"};
    for (int i = 0; i < 3 && n < max; i++) {
      char *d = rf_i_join(root, sets[i]);
      if (d && rf_i_isdir(d) && rf_lists_dir_kind(d))
        out[n++] = d;
      else
        free(d);
    }
    free(root);
  }
  if (n) return n;
  const char *rel[2] = {"../shared/data/ofac/watchman/sdn_2021-07",
                        "../shared/data/ofac/watchman/cons_2025-12"};
  const char *bases[2] = {".", source_dir};
  for (int b = 0; b < 2 && !n; b++) {
    if (!bases[b]) continue;
    for (int i = 0; i < 2 && n < max; i++) {
      char *d = rf_i_join(bases[b], rel[i]);
      if (d && rf_i_isdir(d))
        out[n++] = d;
      else
        free(d);
    }
  }
  return n;
}

/* ---------------------------------------------------------------- helpers */

static int rf_i_mkdirs(const char *path) {
  char buf[4096];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(buf, 0755) && errno != EEXIST) return -1;
    *p = '/';
  }
  if (mkdir(buf, 0755) && errno != EEXIST) return -1;
  return 0;
}

static void rf_i_fsync_path(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd >= 0) {
    (void)fsync(fd);
    close(fd);
  }
}

static void rf_i_rmtree(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *de;
  while ((de = readdir(d))) {
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
    char *p = rf_i_join(dir, de->d_name);
    if (!p) continue;
    struct stat sb;
    if (!lstat(p, &sb) && S_ISDIR(sb.st_mode))
      rf_i_rmtree(p);
    else
      unlink(p);
    free(p);
  }
  closedir(d);
  rmdir(dir);
}

static size_t rf_i_curl_write(char *ptr, size_t size, size_t nmemb, void *ud) {
  return fwrite(ptr, size, nmemb, (FILE *)ud);
}

/* Downloads url into path. *http gets the HTTP status (0 if none). */
static rf_status rf_i_download(const char *url, const char *path, long timeout, long *http,
                               rf_error *err) {
  *http = 0;
  FILE *fp = fopen(path, "wb");
  if (!fp) return rf_error_set(err, RF_EIO, "%s: cannot create file: %s", path, strerror(errno));
  CURL *c = curl_easy_init();
  if (!c) {
    fclose(fp);
    return rf_error_set(err, RF_ENOMEM, "libcurl: cannot create a handle");
  }
  char ebuf[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, rf_i_curl_write);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, fp);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_USERAGENT, "redflag/" RF_VERSION);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); /* gzip if the server offers it */
  CURLcode rc = curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, http);
  curl_easy_cleanup(c);
  int wbad = fflush(fp) != 0;
  if (!wbad) wbad = fsync(fileno(fp)) != 0 && errno != EINVAL;
  wbad |= fclose(fp) != 0;
  if (rc != CURLE_OK)
    return rf_error_set(err, RF_ENET, "%s: download failed: %s", url,
                        *ebuf ? ebuf : curl_easy_strerror(rc));
  if (*http != 200) return rf_error_set(err, RF_ENET, "%s: HTTP status %ld", url, *http);
  if (wbad) return rf_error_set(err, RF_EIO, "%s: write error", path);
  return RF_OK;
}

static void rf_i_log(FILE *log, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void rf_i_log(FILE *log, const char *fmt, ...) {
  if (!log) return;
  va_list ap;
  va_start(ap, fmt);
  vfprintf(log, fmt, ap);
  va_end(ap);
  fflush(log);
}

/* Points link at target (relative name) atomically: symlink + rename. */
static int rf_i_swap_link(const char *setdir, const char *link, const char *target) {
  char tmp[4096], dst[4096];
  if (snprintf(tmp, sizeof tmp, "%s/.%s.tmp", setdir, link) >= (int)sizeof tmp ||
      snprintf(dst, sizeof dst, "%s/%s", setdir, link) >= (int)sizeof dst)
    return -1;
  unlink(tmp);
  if (symlink(target, tmp)) return -1;
  if (rename(tmp, dst)) {
    unlink(tmp);
    return -1;
  }
  return 0;
}

/* ------------------------------------------------------------------ update */

/* snprintf that reports truncation (paths longer than our buffers). */
#define RF_I_PATH(buf, ...) (snprintf(buf, sizeof buf, __VA_ARGS__) >= (int)sizeof buf)

/* where `lists update` keeps each set (rf_i_set_files order) */
static const char *const rf_i_set_dir[RF_I_NSETS] = {"sdn", "cons", "csl"};

static rf_status rf_i_update_locked(const rf_lists_update_opts *o, const char *setdir, int set,
                                    rf_lists_update_result *res, rf_error *err);

static rf_status rf_i_update_set(const rf_lists_update_opts *o, const char *root, int set,
                                 rf_lists_update_result *res, rf_error *err) {
  const char *setname = rf_i_set_dir[set];
  char setdir[4096];
  if (RF_I_PATH(setdir, "%s/%s", root, setname) || rf_i_mkdirs(setdir))
    return rf_error_set(err, RF_EIO, "%s: cannot create directory: %s", setdir, strerror(errno));
  /* one update per set at a time */
  char lockp[4096];
  if (RF_I_PATH(lockp, "%s/.lock", setdir))
    return rf_error_set(err, RF_ELIMIT, "%s: path too long", setdir);
  int lockfd = open(lockp, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lockfd < 0 || flock(lockfd, LOCK_EX)) {
    if (lockfd >= 0) close(lockfd);
    return rf_error_set(err, RF_EIO, "%s: cannot lock: %s", lockp, strerror(errno));
  }
  rf_status st = rf_i_update_locked(o, setdir, set, res, err);
  close(lockfd);
  return st;
}

static rf_status rf_i_update_locked(const rf_lists_update_opts *o, const char *setdir, int set,
                                    rf_lists_update_result *res, rf_error *err) {
  const char *const *files = rf_i_set_files[set];
  const char *setname = rf_i_set_dir[set];
  int csl = set == RF_I_SET_CSL;
  const char *base = o->base_url && *o->base_url ? o->base_url
                     : csl                       ? RF_CSL_BASE_URL
                                                 : RF_OFAC_BASE_URL;
  long timeout = o->timeout_s > 0 ? o->timeout_s : 300;
  char tmpdir[4096];
  if (RF_I_PATH(tmpdir, "%s/.download-XXXXXX", setdir) || !mkdtemp(tmpdir))
    return rf_error_set(err, RF_EIO, "%s: cannot create a temporary directory: %s", setdir,
                        strerror(errno));
  rf_status st = RF_OK;
  for (int k = 0; k < 4 && *files[k] && !st; k++) {
    char upper[64], url[4096], path[4096];
    size_t i = 0;
    /* OFAC's service names its files in upper case; trade.gov in lower */
    for (; files[k][i] && i + 1 < sizeof upper; i++)
      upper[i] =
          (char)(!csl && files[k][i] >= 'a' && files[k][i] <= 'z' ? files[k][i] - 32 : files[k][i]);
    upper[i] = '\0';
    size_t bl = strlen(base);
    const char *sep = bl && base[bl - 1] == '/' ? "" : "/";
    if (RF_I_PATH(path, "%s/%s", tmpdir, files[k]) || RF_I_PATH(url, "%s%s%s", base, sep, upper)) {
      st = rf_error_set(err, RF_ELIMIT, "%s: path or URL too long", tmpdir);
      break;
    }
    rf_i_log(o->log, "lists update: %s\n", url);
    long http = 0;
    st = rf_i_download(url, path, timeout, &http, err);
    if (st && http == 404 && !csl) { /* mirrors may use OFAC's lower-case names */
      if (RF_I_PATH(url, "%s%s%s", base, sep, files[k])) break;
      rf_i_log(o->log, "lists update: %s\n", url);
      st = rf_i_download(url, path, timeout, &http, err);
    }
  }
  rf_i_fsync_path(tmpdir);
  /* validate with the real loader (strict: all four files) */
  rf_lists *l = NULL;
  char sha[65] = "";
  size_t ents = 0;
  if (!st) {
    rf_error verr;
    rf_error_clear(&verr);
    if (rf_lists_new(&l)) st = rf_error_set(err, RF_ENOMEM, "out of memory");
    if (!st && rf_lists_load_dir(l, tmpdir, &verr))
      st =
          rf_error_set(err, verr.code ? verr.code : RF_EPARSE,
                       "downloaded %s files are invalid, current copy kept: %s", setname, verr.msg);
    if (!st &&
        (rf_lists_nversions(l) != 1 || strcmp(rf_lists_version(l, 0)->list, rf_i_set_names[set])))
      st = rf_error_set(err, RF_EPARSE, "downloaded %s files hold the wrong list", setname);
    if (!st) {
      snprintf(sha, sizeof sha, "%s", rf_lists_version(l, 0)->sha256);
      ents = rf_lists_version(l, 0)->entities;
      rf_i_log(o->log, "lists update: %s valid: %zu entries, %zu warnings, sha256 %s\n", setname,
               ents, rf_lists_version(l, 0)->warnings, sha);
    }
  }
  rf_lists_free(l);
  if (st) {
    rf_i_rmtree(tmpdir);
    return st;
  }
  int idx = set;
  res->entities[idx] = ents;
  snprintf(res->sha256[idx], sizeof res->sha256[idx], "%s", sha);
  char cur[4096];
  if (RF_I_PATH(cur, "%s/current", setdir)) return rf_error_set(err, RF_ELIMIT, "path too long");
  if (snprintf(res->current[idx], sizeof res->current[idx], "%s", cur) < 0)
    res->current[idx][0] = 0;
  /* unchanged? compare with the installed version */
  if (rf_i_isdir(cur)) {
    rf_lists *old = NULL;
    rf_error oerr;
    if (!rf_lists_new(&old) && !rf_lists_load_dir(old, cur, &oerr) &&
        rf_lists_nversions(old) == 1) {
      const rf_list_version *ov = rf_lists_version(old, 0);
      if (!strcmp(ov->sha256, sha)) {
        rf_lists_free(old);
        rf_i_rmtree(tmpdir);
        rf_i_log(o->log, "lists update: %s unchanged\n", setname);
        res->changed[idx] = 0;
        return RF_OK;
      }
      /* a well-formed file cut at a line end passes validation: refuse a
       * set that lost more than half its entries unless forced */
      if (!o->force && ents < ov->entities / 2) {
        rf_status sst = rf_error_set(err, RF_EPARSE,
                                     "refusing the downloaded %s set: %zu entries against %zu in "
                                     "the current copy (cut short? --force installs it); current "
                                     "copy kept",
                                     setname, ents, ov->entities);
        rf_lists_free(old);
        rf_i_rmtree(tmpdir);
        res->current[idx][0] = '\0';
        return sst;
      }
    }
    rf_lists_free(old);
  }
  /* install: rename the temp dir to its version name, then swap links */
  char vname[128], vdir[4096];
  time_t now = time(NULL);
  struct tm tmv;
  gmtime_r(&now, &tmv);
  char ts[32];
  strftime(ts, sizeof ts, "%Y%m%dT%H%M%SZ", &tmv);
  snprintf(vname, sizeof vname, "v-%s-%.12s", ts, sha);
  if (RF_I_PATH(vdir, "%s/%s", setdir, vname)) return rf_error_set(err, RF_ELIMIT, "path too long");
  if (rf_i_isdir(vdir)) rf_i_rmtree(vdir);
  if (rename(tmpdir, vdir)) {
    st = rf_error_set(err, RF_EIO, "%s: cannot rename to %s: %s", tmpdir, vdir, strerror(errno));
    rf_i_rmtree(tmpdir);
    return st;
  }
  rf_i_fsync_path(setdir);
  char oldtarget[4096] = "";
  struct stat sb;
  if (!lstat(cur, &sb)) {
    if (S_ISLNK(sb.st_mode)) {
      ssize_t n = readlink(cur, oldtarget, sizeof oldtarget - 1);
      oldtarget[n > 0 ? n : 0] = '\0';
    } else if (S_ISDIR(sb.st_mode)) { /* a plain directory from an older layout */
      snprintf(oldtarget, sizeof oldtarget, "v-legacy-%s", ts);
      char legacy[4096];
      if (RF_I_PATH(legacy, "%s/%s", setdir, oldtarget) || rename(cur, legacy)) oldtarget[0] = '\0';
    }
  }
  if (rf_i_swap_link(setdir, "current", vname))
    return rf_error_set(err, RF_EIO, "%s: cannot switch 'current' to %s: %s", setdir, vname,
                        strerror(errno));
  if (*oldtarget && rf_i_swap_link(setdir, "previous", oldtarget))
    return rf_error_set(err, RF_EIO, "%s: cannot set 'previous': %s", setdir, strerror(errno));
  rf_i_fsync_path(setdir);
  res->changed[idx] = 1;
  rf_i_log(o->log, "lists update: %s installed as %s%s%s\n", setname, vdir,
           *oldtarget ? ", previous " : "", oldtarget);
  /* drop versions neither current nor previous points at */
  DIR *d = opendir(setdir);
  if (d) {
    struct dirent *de;
    while ((de = readdir(d))) {
      if (strncmp(de->d_name, "v-", 2)) continue;
      if (!strcmp(de->d_name, vname) || !strcmp(de->d_name, oldtarget)) continue;
      char *p = rf_i_join(setdir, de->d_name);
      if (p) rf_i_rmtree(p);
      free(p);
    }
    closedir(d);
  }
  return RF_OK;
}

rf_status rf_lists_update(const rf_lists_update_opts *o, rf_lists_update_result *res,
                          rf_error *err) {
  rf_lists_update_opts def = {0};
  if (!o) o = &def;
  rf_lists_update_result dummy;
  if (!res) res = &dummy;
  memset(res, 0, sizeof *res);
  char *root = o->dir ? strdup(o->dir) : rf_lists_default_update_dir();
  if (!root) return rf_error_set(err, RF_ENOMEM, "out of memory");
  if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
    free(root);
    return rf_error_set(err, RF_ENET, "libcurl: global init failed");
  }
  /* OFAC's two sets unless only some are asked for; the CSL when asked */
  int ofac = !o->sdn && !o->cons && !o->csl;
  int want[RF_I_NSETS] = {o->sdn || ofac, o->cons || ofac, o->csl};
  rf_status st = RF_OK;
  rf_error later;
  rf_error_clear(&later);
  for (int set = 0; set < RF_I_NSETS; set++) {
    if (!want[set]) continue;
    /* the first failure is reported; the other sets are still updated */
    rf_status s2 = rf_i_update_set(o, root, set, res, st ? &later : err);
    if (!st) st = s2;
  }
  curl_global_cleanup();
  free(root);
  return st;
}
