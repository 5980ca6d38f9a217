// Descriptors and names relative to them: open, stat, list, delete and rename without following a path twice.

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <stdio.h>
#include <node_api.h>
#include "sys.h"

// openat(dirFd, name, flags, mode = 0o666): O_CLOEXEC is always added, so no child process inherits a handle.
napi_value js_openat(napi_env env, napi_callback_info info) {
  ARGS(4);
  int dirfd, flags, mode = 0666;
  char name[PATH_MAX + 1];
  if (!get_int(env, argv[0], &dirfd, "dirFd") || !get_name(env, argv[1], name, sizeof name, "openat") ||
      !get_int(env, argv[2], &flags, "flags"))
    return NULL;
  napi_valuetype t;
  napi_typeof(env, argv[3], &t);
  if (t != napi_undefined && !get_int(env, argv[3], &mode, "mode")) return NULL;
  int fd = openat(dirfd, name, flags | O_CLOEXEC, (mode_t)mode);
  if (fd < 0) return throw_errno(env, errno, "openat", name);
  return num(env, fd);
}

napi_value js_close(napi_env env, napi_callback_info info) {
  ARGS(1);
  int fd;
  if (!get_int(env, argv[0], &fd, "fd")) return NULL;
  // Linux releases the descriptor even when close reports EINTR: never retried (it could close another's fd).
  if (close(fd) < 0 && errno != EINTR) return throw_errno(env, errno, "close", NULL);
  return undef(env);
}

napi_value js_fstat(napi_env env, napi_callback_info info) {
  ARGS(1);
  int fd;
  struct stat st;
  if (!get_int(env, argv[0], &fd, "fd")) return NULL;
  if (fstat(fd, &st) < 0) return throw_errno(env, errno, "fstat", NULL);
  return stat_object(env, &st);
}

// fstatat(dirFd, name, nofollow = true)
napi_value js_fstatat(napi_env env, napi_callback_info info) {
  ARGS(3);
  int dirfd;
  char name[PATH_MAX + 1];
  struct stat st;
  if (!get_int(env, argv[0], &dirfd, "dirFd") || !get_name(env, argv[1], name, sizeof name, "fstatat")) return NULL;
  int flags = get_bool(env, argv[2], 1) ? AT_SYMLINK_NOFOLLOW : 0;
  if (fstatat(dirfd, name, &st, flags) < 0) return throw_errno(env, errno, "fstatat", name);
  return stat_object(env, &st);
}

// The mount the descriptor is on. A bind mount of the same filesystem keeps st_dev but has its own mount id.
napi_value js_mount_id(napi_env env, napi_callback_info info) {
  ARGS(1);
  int fd;
  if (!get_int(env, argv[0], &fd, "fd")) return NULL;
  struct statx stx;
  memset(&stx, 0, sizeof stx);
  if (syscall(SYS_statx, fd, "", AT_EMPTY_PATH, STATX_MNT_ID, &stx) == 0 && (stx.stx_mask & STATX_MNT_ID))
    return num(env, (double)stx.stx_mnt_id);
  if (errno == EBADF) return throw_errno(env, EBADF, "statx", NULL);
  // Kernels before 5.8: the same number is in /proc/self/fdinfo/FD (since 3.15).
  char path[64], line[256];
  snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
  FILE *f = fopen(path, "re");
  if (!f) return throw_errno(env, errno, "open", path);
  long long id = -1;
  while (fgets(line, sizeof line, f))
    if (sscanf(line, "mnt_id: %lld", &id) == 1) break;
  fclose(f);
  if (id < 0) return throw_errno(env, ENOSYS, "mountId", path);
  return num(env, (double)id);
}

// The names in a directory as Buffers with their d_type (DT_UNKNOWN where the filesystem does not say),
// without . and ..; read through a duplicate so the caller's descriptor stays open and usable.
napi_value js_readdir_fd(napi_env env, napi_callback_info info) {
  ARGS(1);
  int fd;
  if (!get_int(env, argv[0], &fd, "fd")) return NULL;
  int dup_fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (dup_fd < 0) return throw_errno(env, errno, "dup", NULL);
  DIR *d = fdopendir(dup_fd);
  if (!d) {
    int e = errno;
    close(dup_fd);
    return throw_errno(env, e, "fdopendir", NULL);
  }
  rewinddir(d); // the duplicate shares the offset: a directory listed before is listed again from the start
  napi_value arr;
  if (napi_create_array(env, &arr) != napi_ok) return closedir(d), NULL;
  uint32_t n = 0;
  for (;;) {
    errno = 0;
    struct dirent *de = readdir(d);
    if (!de) break;
    const char *nm = de->d_name;
    if (nm[0] == '.' && (nm[1] == '\0' || (nm[1] == '.' && nm[2] == '\0'))) continue;
    napi_value o, b, t;
    void *unused;
    if (napi_create_object(env, &o) != napi_ok || napi_create_buffer_copy(env, strlen(nm), nm, &unused, &b) != napi_ok ||
        napi_create_uint32(env, de->d_type, &t) != napi_ok || napi_set_named_property(env, o, "name", b) != napi_ok ||
        napi_set_named_property(env, o, "type", t) != napi_ok || napi_set_element(env, arr, n++, o) != napi_ok) {
      closedir(d);
      return NULL;
    }
  }
  int e = errno;
  closedir(d);
  if (e) return throw_errno(env, e, "readdir", NULL);
  return arr;
}

// unlinkat(dirFd, name, removeDir)
napi_value js_unlinkat(napi_env env, napi_callback_info info) {
  ARGS(3);
  int dirfd;
  char name[PATH_MAX + 1];
  if (!get_int(env, argv[0], &dirfd, "dirFd") || !get_name(env, argv[1], name, sizeof name, "unlinkat")) return NULL;
  if (unlinkat(dirfd, name, get_bool(env, argv[2], 0) ? AT_REMOVEDIR : 0) < 0) return throw_errno(env, errno, "unlinkat", name);
  return undef(env);
}

// renameat2(oldDirFd, oldName, newDirFd, newName, flags); through syscall(2): glibc has the wrapper only since 2.28.
napi_value js_renameat2(napi_env env, napi_callback_info info) {
  ARGS(5);
  int odir, ndir, flags;
  char oname[PATH_MAX + 1], nname[PATH_MAX + 1];
  if (!get_int(env, argv[0], &odir, "oldDirFd") || !get_name(env, argv[1], oname, sizeof oname, "renameat2") ||
      !get_int(env, argv[2], &ndir, "newDirFd") || !get_name(env, argv[3], nname, sizeof nname, "renameat2") ||
      !get_int(env, argv[4], &flags, "flags"))
    return NULL;
  if (syscall(SYS_renameat2, odir, oname, ndir, nname, (unsigned)flags) < 0) return throw_errno(env, errno, "renameat2", oname);
  return undef(env);
}
