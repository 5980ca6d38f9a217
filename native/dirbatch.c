// readDirsStats: readDirStats of several directories at once, each on whichever thread takes it.
// Why: a sharded cache (ccache's a/b/<hash>, Bazel's ac/ab/<hash>, 256 x 256 shards of ~15 files) has too few names
// per directory for readDirStats to split, and its scan is 65,536 directories of open, getdents, 15 fstatat and
// close, one after the other. The walker (src/scan/walk.ts) knows which sibling directories it will enter next and
// asks for a batch of them; each is read exactly as readDirStats reads it, so the results, and the walker's order of
// warnings, are what one call per directory gave.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sys.h"
#include "listing.h"

// One directory, listed on a worker thread into malloc'd memory (no Node call off the main thread).
struct dir_result {
  char *path;
  int err; // 0, or the errno of the Error readDirStats would have thrown
  char *names;
  size_t names_len, count;
  double *rows;
  int32_t *errs;
};

struct batch {
  struct dir_result *dirs;
  int nofollow;
};

static int list_one(struct dir_result *r, int nofollow) {
  int dfd = open(r->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
  if (dfd < 0) return errno;
  DIR *d = fdopendir(dfd);
  if (!d) {
    int e = errno;
    close(dfd);
    return e;
  }
  struct names n = {0};
  int e = 0;
  size_t *order = NULL;
  const char **at = NULL;
  if (!read_names(d, &n)) e = errno;
  else {
    size_t k = n.count ? n.count : 1;
    order = sorted_order(&n);
    at = malloc(k * sizeof *at);
    r->names = malloc(n.used ? n.used : 1);
    r->rows = calloc(k * FIELDS, sizeof *r->rows); // zeros, as readDirStats' ArrayBuffer: a failed lstat's row
    r->errs = malloc(k * sizeof *r->errs);
    if (!order || !at || !r->names || !r->rows || !r->errs) e = ENOMEM;
    else {
      r->names_len = n.used;
      r->count = n.count;
      put_sorted(&n, order, r->names, at, r->rows);
      // one thread per directory already: a large one in a batch is not split again
      stat_rows(dirfd(d), dir_prefix_len(r->path), at, r->rows, r->errs, n.count, 1);
    }
  }
  free(order);
  free(at);
  closedir(d);
  names_free(&n);
  return e;
}

static void list_slice(void *ctx, size_t b, size_t e) {
  struct batch *bt = ctx;
  for (size_t i = b; i < e; i++) bt->dirs[i].err = list_one(&bt->dirs[i], bt->nofollow);
}

static void dir_result_free(struct dir_result *r) {
  free(r->path);
  free(r->names);
  free(r->rows);
  free(r->errs);
}

// A listed directory as readDirStats returns it (copied: the rows of a batch's small directories are a few KB).
static napi_value result_object(napi_env env, const struct dir_result *r) {
  napi_value out, names, stats_ab, stats, errs_ab, errs;
  void *nbuf, *sdata, *edata;
  CHECK(napi_create_object(env, &out));
  CHECK(napi_create_buffer_copy(env, r->names_len, r->names, &nbuf, &names));
  CHECK(napi_create_arraybuffer(env, r->count * FIELDS * sizeof(double), &sdata, &stats_ab));
  CHECK(napi_create_arraybuffer(env, r->count * sizeof(int32_t), &edata, &errs_ab));
  memcpy(sdata, r->rows, r->count * FIELDS * sizeof(double));
  memcpy(edata, r->errs, r->count * sizeof(int32_t));
  CHECK(napi_create_typedarray(env, napi_float64_array, r->count * FIELDS, stats_ab, 0, &stats));
  CHECK(napi_create_typedarray(env, napi_int32_array, r->count, errs_ab, 0, &errs));
  CHECK(napi_set_named_property(env, out, "names", names));
  CHECK(napi_set_named_property(env, out, "stats", stats));
  CHECK(napi_set_named_property(env, out, "errs", errs));
  return out;
}

// Paths from the JS array, each copied (the workers read them after this returns to the loop below).
static int get_paths(napi_env env, napi_value arr, struct dir_result *dirs, uint32_t count) {
  char path[PATH_MAX + 1];
  for (uint32_t i = 0; i < count; i++) {
    napi_value v;
    if (napi_get_element(env, arr, i, &v) != napi_ok || !get_name(env, v, path, sizeof path, "readDirsStats")) return 0;
    if (!(dirs[i].path = strdup(path))) return throw_errno(env, ENOMEM, "readDirsStats", NULL), 0;
  }
  return 1;
}

// readDirsStats(paths, nofollow = true, threads = 0): for each path, what readDirStats(path, nofollow) returns, or
// the Error it would have thrown (returned, not thrown). The directories are read on up to one thread per
// idle CPU (`threads` > 0 caps their count instead), in no particular order; the array is in the order of `paths`.
napi_value js_read_dirs_stats(napi_env env, napi_callback_info info) {
  ARGS(3);
  bool is_array = false;
  uint32_t count = 0;
  if (napi_is_array(env, argv[0], &is_array) != napi_ok || !is_array) return throw_type(env, "readDirsStats: paths must be an array");
  CHECK(napi_get_array_length(env, argv[0], &count));
  int nofollow = get_bool(env, argv[1], 1);
  int forced = 0;
  napi_valuetype t;
  if (napi_typeof(env, argv[2], &t) == napi_ok && t != napi_undefined && !get_int(env, argv[2], &forced, "threads")) return NULL;
  struct dir_result *dirs = calloc(count ? count : 1, sizeof *dirs);
  if (!dirs) return throw_errno(env, ENOMEM, "readDirsStats", NULL);
  napi_value out = NULL;
  if (get_paths(env, argv[0], dirs, count)) {
    struct batch bt = {dirs, nofollow};
    parallel_for(count, 1, threads_for(count, 1, forced), list_slice, &bt);
    if (napi_create_array_with_length(env, count, &out) != napi_ok) out = NULL;
    for (uint32_t i = 0; out && i < count; i++) {
      napi_value v = dirs[i].err ? errno_error(env, dirs[i].err, "scandir", dirs[i].path) : result_object(env, &dirs[i]);
      if (!v || napi_set_element(env, out, i, v) != napi_ok) out = NULL;
    }
  }
  for (uint32_t i = 0; i < count; i++) dir_result_free(&dirs[i]);
  free(dirs);
  return out;
}
