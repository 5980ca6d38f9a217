// readDirStats: a directory's names and the lstat of each, in one call, for the scanner.
// Why native: Node's lstatSync builds a Stats object (and readdirSync a Buffer per name) on the JS heap for every
// file; on a warm cache that per-call work, not the system call, was the scan's cost (100k lstatSync + readdirSync
// in a bare loop took 240 to 270 ms, about what `find` needs for its whole run; docs/benchmarks.md). Here the names
// come back as one Buffer and the stats as flat typed arrays: no JS object per name, however large the directory.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sys.h"
#include "listing.h"

void names_free(struct names *n) {
  free(n->arena);
  free(n->off);
  free(n->dtype);
}

static int names_add(struct names *n, const char *name, unsigned char dtype) {
  size_t len = strlen(name) + 1;
  if (n->used + len > n->cap) {
    size_t cap = n->cap ? n->cap * 2 : 65536;
    while (cap < n->used + len) cap *= 2;
    char *a = realloc(n->arena, cap);
    if (!a) return 0;
    n->arena = a, n->cap = cap;
  }
  if (n->count == n->ocap) {
    size_t cap = n->ocap ? n->ocap * 2 : 1024;
    size_t *o = realloc(n->off, cap * sizeof *o);
    if (!o) return 0;
    n->off = o;
    unsigned char *t = realloc(n->dtype, cap);
    if (!t) return 0;
    n->dtype = t, n->ocap = cap;
  }
  memcpy(n->arena + n->used, name, len);
  n->off[n->count] = n->used;
  n->dtype[n->count++] = dtype;
  n->used += len;
  return 1;
}

// strcmp order, as Node's readdirSync gives names (libuv's scandir sorts them so): the scanner's order of
// warnings, inodes and first mount point met stays what it was.
static int by_bytes(const void *a, const void *b, void *names) {
  const struct names *n = names;
  return strcmp(n->arena + n->off[*(const size_t *)a], n->arena + n->off[*(const size_t *)b]);
}

int read_names(DIR *d, struct names *n) {
  for (;;) {
    errno = 0;
    struct dirent *de = readdir(d);
    if (!de) return errno == 0;
    const char *nm = de->d_name;
    if (nm[0] == '.' && (nm[1] == '\0' || (nm[1] == '.' && nm[2] == '\0'))) continue;
    if (!names_add(n, nm, de->d_type)) return errno = ENOMEM, 0;
  }
}

size_t *sorted_order(const struct names *n) {
  size_t *order = malloc((n->count ? n->count : 1) * sizeof *order);
  if (!order) return errno = ENOMEM, NULL;
  for (size_t i = 0; i < n->count; i++) order[i] = i;
  qsort_r(order, n->count, sizeof *order, by_bytes, (void *)n);
  return order;
}

void put_sorted(const struct names *n, const size_t *order, char *out, const char **at, double *rows) {
  for (size_t i = 0; i < n->count; i++) {
    const char *nm = n->arena + n->off[order[i]];
    size_t len = strlen(nm) + 1;
    memcpy(out, nm, len);
    at[i] = out;
    out += len;
    rows[i * FIELDS + F_DTYPE] = n->dtype[order[i]];
  }
}

// No second '/' after a path that ends in one: childPath in src/scan/measure.ts joins so.
size_t dir_prefix_len(const char *path) {
  size_t len = strlen(path);
  return len == 0 || path[len - 1] != '/' ? len + 1 : len;
}

static void fill_row(double *row, const struct stat *st) {
  row[F_MODE] = st->st_mode;
  row[F_SIZE] = (double)st->st_size;
  row[F_BLOCKS] = (double)st->st_blocks;
  row[F_ATIME] = ms_of(st->st_atim.tv_sec, st->st_atim.tv_nsec);
  row[F_MTIME] = ms_of(st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
  row[F_CTIME] = ms_of(st->st_ctim.tv_sec, st->st_ctim.tv_nsec);
  row[F_INO] = (double)st->st_ino;
  row[F_DEV] = (double)st->st_dev;
  row[F_NLINK] = (double)st->st_nlink;
}

struct stat_job {
  int dfd;
  size_t dir_len;
  const char *const *names;
  double *rows;
  int32_t *errs;
};

// Rows [b, e): any thread, each its own rows; nothing here touches Node.
static void stat_slice(void *ctx, size_t b, size_t e) {
  const struct stat_job *j = ctx;
  for (size_t i = b; i < e; i++) {
    struct stat st;
    if (j->dir_len + strlen(j->names[i]) >= PATH_MAX) {
      j->errs[i] = ENAMETOOLONG; // what lstat of the whole path gives: the scan's answer for a tree this deep is unchanged
    } else if (fstatat(j->dfd, j->names[i], &st, AT_SYMLINK_NOFOLLOW) == 0) {
      fill_row(j->rows + i * FIELDS, &st);
      j->errs[i] = 0;
    } else {
      j->errs[i] = errno; // errno is per thread
    }
  }
}

void stat_rows(int dfd, size_t dir_len, const char *const *names, double *rows, int32_t *errs, size_t count, int threads) {
  struct stat_job j = {dfd, dir_len, names, rows, errs};
  // chunks of 256 names: few enough atomic takes, small enough that threads finish together
  if (threads <= 1) stat_slice(&j, 0, count);
  else parallel_for(count, 256, threads, stat_slice, &j);
}

// The result object: names (Buffer, each name followed by NUL, sorted by bytes), stats (Float64Array, FIELDS per
// name), errs (Int32Array: 0, or the errno of that name's fstatat, whose row is then zeros but for its d_type).
// The stats are written where JS will read them (no copy: a million names are 80 MB of rows).
static napi_value make_result(napi_env env, int dfd, size_t dir_len, struct names *n, int forced) {
  napi_value out, names, stats_ab, stats, errs_ab, errs;
  void *nbuf, *sdata, *edata;
  if (napi_create_object(env, &out) != napi_ok || napi_create_buffer(env, n->used, &nbuf, &names) != napi_ok ||
      napi_create_arraybuffer(env, n->count * FIELDS * sizeof(double), &sdata, &stats_ab) != napi_ok ||
      napi_create_arraybuffer(env, n->count * sizeof(int32_t), &edata, &errs_ab) != napi_ok ||
      napi_create_typedarray(env, napi_float64_array, n->count * FIELDS, stats_ab, 0, &stats) != napi_ok ||
      napi_create_typedarray(env, napi_int32_array, n->count, errs_ab, 0, &errs) != napi_ok)
    return NULL;
  size_t *order = sorted_order(n);
  const char **at = malloc((n->count ? n->count : 1) * sizeof *at);
  if (!order || !at) {
    free(order);
    free(at);
    return throw_errno(env, ENOMEM, "readDirStats", NULL);
  }
  put_sorted(n, order, nbuf, at, sdata); // the ArrayBuffer is zeroed: rows are zeros but for their d_type
  free(order);
  stat_rows(dfd, dir_len, at, sdata, edata, n->count, threads_for(n->count, NAMES_PER_THREAD, forced));
  free(at);
  if (napi_set_named_property(env, out, "names", names) != napi_ok || napi_set_named_property(env, out, "stats", stats) != napi_ok ||
      napi_set_named_property(env, out, "errs", errs) != napi_ok)
    return NULL;
  return out;
}

// readDirStats(path, nofollow = true, threads = 0): open the directory (O_NOFOLLOW unless told: a name that was a
// directory when its parent was read and is a symbolic link now is not followed elsewhere), list it, fstatat each
// name without following links, on several threads for a large directory (`threads` > 0 caps their count instead
// of the idle CPUs: tests and benchmarks). Throws as readdirSync would (syscall "scandir") when the directory cannot
// be opened or read.
napi_value js_read_dir_stats(napi_env env, napi_callback_info info) {
  ARGS(3);
  char path[PATH_MAX + 1];
  if (argc < 1 || !get_name(env, argv[0], path, sizeof path, "readDirStats")) return NULL;
  int nofollow = get_bool(env, argv[1], 1);
  int forced = 0;
  napi_valuetype t;
  if (napi_typeof(env, argv[2], &t) == napi_ok && t != napi_undefined && !get_int(env, argv[2], &forced, "threads")) return NULL;
  int dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
  if (dfd < 0) return throw_errno(env, errno, "scandir", path);
  DIR *d = fdopendir(dfd);
  if (!d) {
    int e = errno;
    close(dfd);
    return throw_errno(env, e, "scandir", path);
  }
  struct names n = {0};
  napi_value out = NULL;
  if (!read_names(d, &n)) throw_errno(env, errno, "scandir", path);
  else out = make_result(env, dirfd(d), dir_prefix_len(path), &n, forced);
  closedir(d);
  names_free(&n);
  return out;
}
