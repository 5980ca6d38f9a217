// cachesweep_sys: the Linux system calls Node's fs lacks, for deleting relative to directory handles and for
// seeing other processes' locks and leases. Every function is synchronous, does one system call (or a short
// fixed sequence) and throws a Node-style Error (.code = errno name, .errno, .syscall) on failure.
// Names are bytes: a string argument is taken as UTF-8, a Buffer as is; names read back are Buffers.
// This file: errors, argument reading and the module's exports; the calls are in fd.c, locks.c and xattr.c, and
// dirstats.c adds one call Node has but pays too much for (a directory's names and their lstats, for the scan).

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <dirent.h>
#include <unistd.h>
#include <stdlib.h>
#include <node_api.h>
#include "sys.h"

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

// Error("CODE: description, syscall 'path'") with .code, .errno (negative, as Node's), .syscall, .path.
napi_value errno_error(napi_env env, int e, const char *syscall, const char *path) {
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
  return err;
}

napi_value throw_errno(napi_env env, int e, const char *syscall, const char *path) {
  napi_value err = errno_error(env, e, syscall, path);
  if (err) napi_throw(env, err);
  return NULL;
}

napi_value throw_type(napi_env env, const char *msg) {
  napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", msg);
  return NULL;
}


int get_int(napi_env env, napi_value v, int *out, const char *what) {
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

napi_value num(napi_env env, double d) {
  napi_value v;
  napi_create_double(env, d, &v);
  return v;
}

napi_value undef(napi_env env) {
  napi_value v;
  napi_get_undefined(env, &v);
  return v;
}

void set_num(napi_env env, napi_value o, const char *k, double d) { napi_set_named_property(env, o, k, num(env, d)); }

// Times as Node computes atimeMs (sec * 1e3 + nsec / 1e6), so that the two compare equal.
double ms_of(long long sec, long nsec) { return (double)sec * 1e3 + (double)nsec / 1e6; }
double ms(struct timespec t) { return ms_of(t.tv_sec, t.tv_nsec); }

napi_value stat_object(napi_env env, const struct stat *st) {
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
  export_fn(env, exports, "readDirsStats", js_read_dirs_stats);
  export_fn(env, exports, "trimMemory", js_trim_memory);
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
