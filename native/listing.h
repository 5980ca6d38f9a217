// Shared by dirstats.c (one directory: readDirStats), dirbatch.c (several: readDirsStats) and parallel.c.
#ifndef CACHESWEEP_LISTING_H
#define CACHESWEEP_LISTING_H
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>

// The row of one name in `stats`; src/sys/native.ts (DirStats) reads the same offsets.
enum { F_MODE, F_SIZE, F_BLOCKS, F_ATIME, F_MTIME, F_CTIME, F_INO, F_DEV, F_NLINK, F_DTYPE, FIELDS };

enum { MAX_THREADS = 8 };
// A directory is split over threads from 2 x this many names (below, thread start-up costs more than it saves).
enum { NAMES_PER_THREAD = 1024 };

// A directory's names as read, before sorting.
struct names {
  char *arena; // each name NUL-terminated, in the kernel's order
  size_t used, cap;
  size_t *off; // where each name starts in arena
  unsigned char *dtype;
  size_t count, ocap;
};

void names_free(struct names *n);
// All names but . and .. of the open directory; 0 with errno set when reading fails.
int read_names(DIR *d, struct names *n);
// The indices of the names in strcmp order (malloc'd; NULL with errno ENOMEM).
size_t *sorted_order(const struct names *n);
// Copy the names in `order` into `out` (each followed by its NUL), their starts into `at`, their d_types into rows.
void put_sorted(const struct names *n, const size_t *order, char *out, const char **at, double *rows);
// The length of "path/" as the scanner joins a child's path to `path`.
size_t dir_prefix_len(const char *path);
// fstatat(AT_SYMLINK_NOFOLLOW) of names[0..count) in `dfd` into their rows (zeroed by the caller, d_type set) and
// errs, on `threads` threads.
void stat_rows(int dfd, size_t dir_len, const char *const *names, double *rows, int32_t *errs, size_t count, int threads);

// parallel.c
void parallel_for(size_t n, size_t chunk, int threads, void (*fn)(void *ctx, size_t begin, size_t end), void *ctx);
int cpu_count(void);
int threads_for(size_t work, size_t per_thread, int forced);

#endif
