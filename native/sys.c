// cachesweep_sys: the Linux system calls Node's fs lacks, for deleting relative to directory handles and for
// seeing other processes' locks and leases. Every function is synchronous, does one system call (or a short
// fixed sequence) and throws a Node-style Error (.code = errno name, .errno, .syscall) on failure.
// Names are bytes: a string argument is taken as UTF-8, a Buffer as is; names read back are Buffers.
// dirstats.c adds one call Node has but pays too much for (a directory's names and their lstats, for the scan).
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <node_api.h>
#include "sys.h"

#ifndef STATX_MNT_ID
#define STATX_MNT_ID 0x00001000U
#endif
#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

#define CHECK(call)                                                                                                 \
  do {                                                                                                              \
    if ((call) != napi_ok) return NULL;                                                                             \
  } while (0)

// errno names for the codes these calls return; anything else is E<number> (strerrorname_np is glibc >= 2.32, and
// the hosts this runs on include older ones).
static const char *errno_name(int e) {
  switch (e) {
#define E(x) case x: return #x;
    E(EPERM) E(ENOENT) E(ESRCH) E(EINTR) E(EIO) E(ENXIO) E(E2BIG) E(EBADF) E(EAGAIN) E(ENOMEM) E(EACCES)
    E(EFAULT) E(EBUSY) E(EEXIST) E(EXDEV) E(ENODEV) E(ENOTDIR) E(EISDIR) E(EINVAL) E(ENFILE) E(EMFILE)
    E(ETXTBSY) E(EFBIG) E(ENOSPC) E(ESPIPE) E(EROFS) E(EMLINK) E(ERANGE) E(EDEADLK) E(ENAMETOOLONG) E(ENOLCK)
    E(ENOSYS) E(ENOTEMPTY) E(ELOOP) E(ENODATA) E(EOPNOTSUPP) E(ESTALE) E(EDQUOT) E(EOVERFLOW)
#undef E
    default: return NULL;
  }
}

// Throw Error("CODE: description, syscall 'path'") with .code, .errno (negative, as Node's), .syscall, .path.
napi_value throw_errno(napi_env env, int e, const char *syscall, const char *path) {
  char code[32];
  const char *name = errno_name(e);
  if (name) snprintf(code, sizeof code, "%s", name);
  else snprintf(code, sizeof code, "E%d", e);
  char desc[128];
  snprintf(desc, sizeof desc, "%s", strerror(e));
  if (desc[0] >= 'A' && desc[0] <= 'Z' && !(desc[1] >= 'A' && desc[1] <= 'Z')) desc[0] = (char)(desc[0] - 'A' + 'a');
  size_t len = strlen(code) + strlen(desc) + strlen(syscall) + (path ? strlen(path) : 0) + 16;
  char *msg = malloc(len);
  if (!msg) return NULL;
  if (path) snprintf(msg, len, "%s: %s, %s '%s'", code, desc, syscall, path);
  else snprintf(msg, len, "%s: %s, %s", code, desc, syscall);
  napi_value m, c, err, v;
  napi_status s = napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &m);
  free(msg);
  if (s != napi_ok) return NULL;
  CHECK(napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &c));
  CHECK(napi_create_error(env, c, m, &err));
  CHECK(napi_create_int32(env, -e, &v));
  CHECK(napi_set_named_property(env, err, "errno", v));
  CHECK(napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &v));
  CHECK(napi_set_named_property(env, err, "syscall", v));
  if (path) {
    CHECK(napi_create_string_utf8(env, path, NAPI_AUTO_LENGTH, &v));
    CHECK(napi_set_named_property(env, err, "path", v));
  }
  napi_throw(env, err);
  return NULL;
}

static napi_value throw_type(napi_env env, const char *msg) {
  napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", msg);
  return NULL;
}

// Arguments of the current call; missing ones read as undefined.
#define ARGS(n)                                                                                                     \
  size_t argc = n;                                                                                                  \
  napi_value argv[n];                                                                                               \
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));                                                      \
  for (size_t i_ = argc; i_ < n; i_++) napi_get_undefined(env, &argv[i_]);

static int get_int(napi_env env, napi_value v, int *out, const char *what) {
  if (napi_get_value_int32(env, v, out) != napi_ok) {
    char msg[96];
    snprintf(msg, sizeof msg, "%s must be an integer", what);
    throw_type(env, msg);
    return 0;
  }
  return 1;
}

int get_bool(napi_env env, napi_value v, int dflt) {
  napi_valuetype t;
  bool b;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_boolean) return dflt;
  napi_get_value_bool(env, v, &b);
  return b;
}

// A name or path (string as UTF-8, or Buffer as bytes) into buf, NUL-terminated. A NUL byte inside is refused:
// the kernel would stop there and act on another name.
int get_name(napi_env env, napi_value v, char *buf, size_t cap, const char *what) {
  bool isbuf = false;
  napi_is_buffer(env, v, &isbuf);
  size_t len = 0;
  if (isbuf) {
    void *data;
    if (napi_get_buffer_info(env, v, &data, &len) != napi_ok) return 0;
    if (len >= cap) return throw_errno(env, ENAMETOOLONG, what, NULL), 0;
    memcpy(buf, data, len);
  } else {
    napi_valuetype t;
    napi_typeof(env, v, &t);
    if (t != napi_string) {
      char msg[96];
      snprintf(msg, sizeof msg, "%s must be a string or a Buffer", what);
      return throw_type(env, msg), 0;
    }
    if (napi_get_value_string_utf8(env, v, buf, cap, &len) != napi_ok) return 0;
    if (len >= cap - 1) return throw_errno(env, ENAMETOOLONG, what, NULL), 0;
  }
  buf[len] = '\0';
  if (strlen(buf) != len) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_VALUE", "a name must not contain a NUL byte");
    return 0;
  }
  return 1;
}

static napi_value num(napi_env env, double d) {
  napi_value v;
  napi_create_double(env, d, &v);
  return v;
}

static napi_value undef(napi_env env) {
  napi_value v;
  napi_get_undefined(env, &v);
  return v;
}

static void set_num(napi_env env, napi_value o, const char *k, double d) { napi_set_named_property(env, o, k, num(env, d)); }

// Times as Node computes atimeMs (sec * 1e3 + nsec / 1e6), so that the two compare equal.
double ms_of(long long sec, long nsec) { return (double)sec * 1e3 + (double)nsec / 1e6; }
static double ms(struct timespec t) { return ms_of(t.tv_sec, t.tv_nsec); }

static napi_value stat_object(napi_env env, const struct stat *st) {
  napi_value o;
  CHECK(napi_create_object(env, &o));
  set_num(env, o, "dev", (double)st->st_dev);
  set_num(env, o, "ino", (double)st->st_ino);
  set_num(env, o, "mode", st->st_mode);
  set_num(env, o, "nlink", (double)st->st_nlink);
  set_num(env, o, "uid", st->st_uid);
  set_num(env, o, "gid", st->st_gid);
  set_num(env, o, "size", (double)st->st_size);
  set_num(env, o, "blocks", (double)st->st_blocks);
  set_num(env, o, "atimeMs", ms(st->st_atim));
  set_num(env, o, "mtimeMs", ms(st->st_mtim));
  set_num(env, o, "ctimeMs", ms(st->st_ctim));
  return o;
}

// openat(dirFd, name, flags, mode = 0o666): O_CLOEXEC is always added, so no child process inherits a handle.
static napi_value js_openat(napi_env env, napi_callback_info info) {
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

static napi_value js_close(napi_env env, napi_callback_info info) {
  ARGS(1);
  int fd;
  if (!get_int(env, argv[0], &fd, "fd")) return NULL;
  // Linux releases the descriptor even when close reports EINTR: never retried (it could close another's fd).
  if (close(fd) < 0 && errno != EINTR) return throw_errno(env, errno, "close", NULL);
  return undef(env);
}

static napi_value js_fstat(napi_env env, napi_callback_info info) {
  ARGS(1);
  int fd;
  struct stat st;
  if (!get_int(env, argv[0], &fd, "fd")) return NULL;
  if (fstat(fd, &st) < 0) return throw_errno(env, errno, "fstat", NULL);
  return stat_object(env, &st);
}

// fstatat(dirFd, name, nofollow = true)
static napi_value js_fstatat(napi_env env, napi_callback_info info) {
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
static napi_value js_mount_id(napi_env env, napi_callback_info info) {
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
static napi_value js_readdir_fd(napi_env env, napi_callback_info info) {
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
static napi_value js_unlinkat(napi_env env, napi_callback_info info) {
  ARGS(3);
  int dirfd;
  char name[PATH_MAX + 1];
  if (!get_int(env, argv[0], &dirfd, "dirFd") || !get_name(env, argv[1], name, sizeof name, "unlinkat")) return NULL;
  if (unlinkat(dirfd, name, get_bool(env, argv[2], 0) ? AT_REMOVEDIR : 0) < 0) return throw_errno(env, errno, "unlinkat", name);
  return undef(env);
}

// renameat2(oldDirFd, oldName, newDirFd, newName, flags); through syscall(2): glibc has the wrapper only since 2.28.
static napi_value js_renameat2(napi_env env, napi_callback_info info) {
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

// Whole-file byte-range locks. Classic POSIX locks (F_SETLK) belong to the process and are what Python's
// fcntl.lockf and oslo.concurrency take; OFD locks belong to the open file description. They conflict with
// each other.
static int lock_cmd(int ofd, int wait) {
  return ofd ? (wait ? F_OFD_SETLKW : F_OFD_SETLK) : (wait ? F_SETLKW : F_SETLK);
}

// lock(fd, exclusive, wait, ofd)
static napi_value js_lock(napi_env env, napi_callback_info info) {
  ARGS(4);
  int fd;
  if (!get_int(env, argv[0], &fd, "fd")) return NULL;
  struct flock fl;
  memset(&fl, 0, sizeof fl);
  fl.l_type = get_bool(env, argv[1], 1) ? F_WRLCK : F_RDLCK;
  fl.l_whence = SEEK_SET;
  if (fcntl(fd, lock_cmd(get_bool(env, argv[3], 1), get_bool(env, argv[2], 0)), &fl) < 0) return throw_errno(env, errno, "fcntl", NULL);
  return undef(env);
}

// unlock(fd, ofd)
static napi_value js_unlock(napi_env env, napi_callback_info info) {
  ARGS(2);
  int fd;
  if (!get_int(env, argv[0], &fd, "fd")) return NULL;
  struct flock fl;
  memset(&fl, 0, sizeof fl);
  fl.l_type = F_UNLCK;
  fl.l_whence = SEEK_SET;
  if (fcntl(fd, lock_cmd(get_bool(env, argv[1], 1), 0), &fl) < 0) return throw_errno(env, errno, "fcntl", NULL);
  return undef(env);
}

// lockHolder(fd, ofd): the pid of a lock that would block an exclusive lock on the whole file (-1 when that lock
// is an OFD lock, which has no single owner), or null.
static napi_value js_lock_holder(napi_env env, napi_callback_info info) {
  ARGS(2);
  int fd;
  if (!get_int(env, argv[0], &fd, "fd")) return NULL;
  struct flock fl;
  memset(&fl, 0, sizeof fl);
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  if (fcntl(fd, get_bool(env, argv[1], 1) ? F_OFD_GETLK : F_GETLK, &fl) < 0) return throw_errno(env, errno, "fcntl", NULL);
  if (fl.l_type == F_UNLCK) {
    napi_value n;
    napi_get_null(env, &n);
    return n;
  }
  return num(env, fl.l_pid);
}

// setLease(fd, kind): 0 none, 1 read, 2 write.
static napi_value js_set_lease(napi_env env, napi_callback_info info) {
  ARGS(2);
  int fd, kind;
  if (!get_int(env, argv[0], &fd, "fd") || !get_int(env, argv[1], &kind, "kind")) return NULL;
  int type = kind == 2 ? F_WRLCK : kind == 1 ? F_RDLCK : F_UNLCK;
  if (fcntl(fd, F_SETLEASE, type) < 0) return throw_errno(env, errno, "fcntl", NULL);
  return undef(env);
}

static napi_value js_get_lease(napi_env env, napi_callback_info info) {
  ARGS(1);
  int fd;
  if (!get_int(env, argv[0], &fd, "fd")) return NULL;
  int type = fcntl(fd, F_GETLEASE);
  if (type < 0) return throw_errno(env, errno, "fcntl", NULL);
  return num(env, type == F_WRLCK ? 2 : type == F_RDLCK ? 1 : 0);
}

// getxattr(pathOrFd, name) -> Buffer | null. A path is not followed (lgetxattr).
static napi_value js_getxattr(napi_env env, napi_callback_info info) {
  ARGS(2);
  napi_valuetype t;
  napi_typeof(env, argv[0], &t);
  int fd = -1;
  char path[PATH_MAX + 1], name[XATTR_NAME_MAX + 2];
  if (t == napi_number ? !get_int(env, argv[0], &fd, "fd") : !get_name(env, argv[0], path, sizeof path, "getxattr")) return NULL;
  if (!get_name(env, argv[1], name, sizeof name, "getxattr")) return NULL;
  for (int attempt = 0; attempt < 4; attempt++) {
    ssize_t size = fd >= 0 ? fgetxattr(fd, name, NULL, 0) : lgetxattr(path, name, NULL, 0);
    if (size >= 0) {
      void *data = NULL;
      napi_value b;
      CHECK(napi_create_buffer(env, (size_t)size, &data, &b));
      ssize_t got = size == 0 ? 0 : fd >= 0 ? fgetxattr(fd, name, data, (size_t)size) : lgetxattr(path, name, data, (size_t)size);
      if (got >= 0) {
        if (got == size) return b;
        napi_value sliced;
        void *d2;
        CHECK(napi_create_buffer_copy(env, (size_t)got, data, &d2, &sliced));
        return sliced;
      }
      if (errno == ERANGE) continue; // grew between the two calls
    }
    if (errno == ENODATA) {
      napi_value n;
      napi_get_null(env, &n);
      return n;
    }
    return throw_errno(env, errno, fd >= 0 ? "fgetxattr" : "lgetxattr", fd >= 0 ? NULL : path);
  }
  return throw_errno(env, ERANGE, "getxattr", fd >= 0 ? NULL : path);
}

// setxattr(pathOrFd, name, value, flags)
static napi_value js_setxattr(napi_env env, napi_callback_info info) {
  ARGS(4);
  napi_valuetype t;
  napi_typeof(env, argv[0], &t);
  int fd = -1, flags = 0;
  char path[PATH_MAX + 1], name[XATTR_NAME_MAX + 2];
  if (t == napi_number ? !get_int(env, argv[0], &fd, "fd") : !get_name(env, argv[0], path, sizeof path, "setxattr")) return NULL;
  if (!get_name(env, argv[1], name, sizeof name, "setxattr")) return NULL;
  bool isbuf = false;
  void *data;
  size_t len;
  napi_is_buffer(env, argv[2], &isbuf);
  if (!isbuf) return throw_type(env, "value must be a Buffer");
  CHECK(napi_get_buffer_info(env, argv[2], &data, &len));
  napi_typeof(env, argv[3], &t);
  if (t != napi_undefined && !get_int(env, argv[3], &flags, "flags")) return NULL;
  int r = fd >= 0 ? fsetxattr(fd, name, data, len, flags) : lsetxattr(path, name, data, len, flags);
  if (r < 0) return throw_errno(env, errno, fd >= 0 ? "fsetxattr" : "lsetxattr", fd >= 0 ? NULL : path);
  return undef(env);
}

static void export_fn(napi_env env, napi_value exports, const char *name, napi_callback cb) {
  napi_value fn;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, NULL, &fn);
  napi_set_named_property(env, exports, name, fn);
}

static napi_value init(napi_env env, napi_value exports) {
  export_fn(env, exports, "openat", js_openat);
  export_fn(env, exports, "close", js_close);
  export_fn(env, exports, "fstat", js_fstat);
  export_fn(env, exports, "fstatat", js_fstatat);
  export_fn(env, exports, "mountId", js_mount_id);
  export_fn(env, exports, "readdirFd", js_readdir_fd);
  export_fn(env, exports, "unlinkat", js_unlinkat);
  export_fn(env, exports, "renameat2", js_renameat2);
  export_fn(env, exports, "lock", js_lock);
  export_fn(env, exports, "unlock", js_unlock);
  export_fn(env, exports, "lockHolder", js_lock_holder);
  export_fn(env, exports, "setLease", js_set_lease);
  export_fn(env, exports, "getLease", js_get_lease);
  export_fn(env, exports, "getxattr", js_getxattr);
  export_fn(env, exports, "setxattr", js_setxattr);
  export_fn(env, exports, "readDirStats", js_read_dir_stats);
  napi_value c;
  napi_create_object(env, &c);
  const struct { const char *k; int v; } consts[] = {
    {"AT_FDCWD", AT_FDCWD}, {"O_RDONLY", O_RDONLY}, {"O_WRONLY", O_WRONLY}, {"O_RDWR", O_RDWR}, {"O_CREAT", O_CREAT},
    {"O_EXCL", O_EXCL}, {"O_TRUNC", O_TRUNC}, {"O_DIRECTORY", O_DIRECTORY}, {"O_NOFOLLOW", O_NOFOLLOW},
    {"O_CLOEXEC", O_CLOEXEC}, {"O_PATH", O_PATH}, {"O_NOATIME", O_NOATIME}, {"O_NONBLOCK", O_NONBLOCK},
    {"RENAME_NOREPLACE", RENAME_NOREPLACE}, {"RENAME_EXCHANGE", RENAME_EXCHANGE}, {"XATTR_CREATE", XATTR_CREATE},
    {"XATTR_REPLACE", XATTR_REPLACE}, {"DT_UNKNOWN", DT_UNKNOWN}, {"DT_FIFO", DT_FIFO}, {"DT_CHR", DT_CHR},
    {"DT_DIR", DT_DIR}, {"DT_BLK", DT_BLK}, {"DT_REG", DT_REG}, {"DT_LNK", DT_LNK}, {"DT_SOCK", DT_SOCK},
  };
  for (size_t i = 0; i < sizeof consts / sizeof consts[0]; i++) set_num(env, c, consts[i].k, consts[i].v);
  napi_set_named_property(env, exports, "constants", c);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
