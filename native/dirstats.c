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

// The row of one name in `stats`; src/sys/native.ts (DirStats) reads the same offsets.
enum { F_MODE, F_SIZE, F_BLOCKS, F_ATIME, F_MTIME, F_CTIME, F_INO, F_DEV, F_NLINK, F_DTYPE, FIELDS };

struct names {
  char *arena; // each name NUL-terminated, in the kernel's order
  size_t used, cap;
  size_t *off; // where each name starts in arena
  unsigned char *dtype;
  size_t count, ocap;
};

static void names_free(struct names *n) {
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

// All names but . and .., read through the open directory; 0 with errno set when reading fails.
static int read_names(DIR *d, struct names *n) {
  for (;;) {
    errno = 0;
    struct dirent *de = readdir(d);
    if (!de) return errno == 0;
    const char *nm = de->d_name;
    if (nm[0] == '.' && (nm[1] == '\0' || (nm[1] == '.' && nm[2] == '\0'))) continue;
    if (!names_add(n, nm, de->d_type)) return errno = ENOMEM, 0;
  }
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

// The result object: names (Buffer, each name followed by NUL, sorted by bytes), stats (Float64Array, FIELDS per
// name), errs (Int32Array: 0, or the errno of that name's fstatat, whose row is then zeros but for its d_type).
static napi_value make_result(napi_env env, int dfd, size_t dir_len, struct names *n) {
  napi_value out, names, stats_ab, stats, errs_ab, errs;
  void *nbuf, *sdata, *edata;
  if (napi_create_object(env, &out) != napi_ok || napi_create_buffer(env, n->used, &nbuf, &names) != napi_ok ||
      napi_create_arraybuffer(env, n->count * FIELDS * sizeof(double), &sdata, &stats_ab) != napi_ok ||
      napi_create_arraybuffer(env, n->count * sizeof(int32_t), &edata, &errs_ab) != napi_ok ||
      napi_create_typedarray(env, napi_float64_array, n->count * FIELDS, stats_ab, 0, &stats) != napi_ok ||
      napi_create_typedarray(env, napi_int32_array, n->count, errs_ab, 0, &errs) != napi_ok)
    return NULL;
  size_t *order = malloc((n->count ? n->count : 1) * sizeof *order);
  if (!order) return throw_errno(env, ENOMEM, "readDirStats", NULL);
  for (size_t i = 0; i < n->count; i++) order[i] = i;
  qsort_r(order, n->count, sizeof *order, by_bytes, n);
  char *np = nbuf;
  double *row = sdata;
  int32_t *err = edata;
  for (size_t i = 0; i < n->count; i++, row += FIELDS) {
    const char *nm = n->arena + n->off[order[i]];
    size_t len = strlen(nm) + 1;
    memcpy(np, nm, len);
    np += len;
    struct stat st;
    memset(row, 0, FIELDS * sizeof *row);
    if (dir_len + (len - 1) >= PATH_MAX) {
      err[i] = ENAMETOOLONG; // what lstat of the whole path gives: the scan's answer for a tree this deep is unchanged
    } else if (fstatat(dfd, nm, &st, AT_SYMLINK_NOFOLLOW) == 0) {
      fill_row(row, &st);
      err[i] = 0;
    } else {
      err[i] = errno;
    }
    row[F_DTYPE] = n->dtype[order[i]];
  }
  free(order);
  if (napi_set_named_property(env, out, "names", names) != napi_ok || napi_set_named_property(env, out, "stats", stats) != napi_ok ||
      napi_set_named_property(env, out, "errs", errs) != napi_ok)
    return NULL;
  return out;
}

// readDirStats(path, nofollow = true): open the directory (O_NOFOLLOW unless told: a name that was a directory
// when its parent was read and is a symbolic link now is not followed elsewhere), list it, fstatat each name
// without following links. Throws as readdirSync would (syscall "scandir") when the directory cannot be opened or read.
napi_value js_read_dir_stats(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  char path[PATH_MAX + 1];
  if (argc < 1 || !get_name(env, argv[0], path, sizeof path, "readDirStats")) return NULL;
  int nofollow = argc < 2 ? 1 : get_bool(env, argv[1], 1);
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
  else {
    // the length of "path/" as the scanner joins a child's path (childPath in src/scan/measure.ts): no second '/' after one
    size_t dir_len = strlen(path);
    if (dir_len == 0 || path[dir_len - 1] != '/') dir_len++;
    out = make_result(env, dirfd(d), dir_len, &n);
  }
  closedir(d);
  names_free(&n);
  return out;
}
