// Shared by the addon's C files: Node-style errors, argument reading, and each file's calls (init in sys.c exports them).
#ifndef CACHESWEEP_SYS_H
#define CACHESWEEP_SYS_H
#include <node_api.h>
#include <stddef.h>
#include <sys/stat.h>
#include <time.h>

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

// Arguments of the current call; missing ones read as undefined.
#define ARGS(n)                                                                                                     \
  size_t argc = n;                                                                                                  \
  napi_value argv[n];                                                                                               \
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));                                                      \
  for (size_t i_ = argc; i_ < n; i_++) napi_get_undefined(env, &argv[i_]);

napi_value errno_error(napi_env env, int e, const char *syscall, const char *path);
napi_value throw_errno(napi_env env, int e, const char *syscall, const char *path);
napi_value throw_type(napi_env env, const char *msg);
int get_name(napi_env env, napi_value v, char *buf, size_t cap, const char *what);
int get_int(napi_env env, napi_value v, int *out, const char *what);
int get_bool(napi_env env, napi_value v, int dflt);
napi_value num(napi_env env, double d);
napi_value undef(napi_env env);
void set_num(napi_env env, napi_value o, const char *k, double d);
double ms_of(long long sec, long nsec);
double ms(struct timespec t);
napi_value stat_object(napi_env env, const struct stat *st);

// fd.c: descriptors, names relative to them, deletion and renames.
napi_value js_openat(napi_env env, napi_callback_info info);
napi_value js_close(napi_env env, napi_callback_info info);
napi_value js_fstat(napi_env env, napi_callback_info info);
napi_value js_fstatat(napi_env env, napi_callback_info info);
napi_value js_mount_id(napi_env env, napi_callback_info info);
napi_value js_readdir_fd(napi_env env, napi_callback_info info);
napi_value js_unlinkat(napi_env env, napi_callback_info info);
napi_value js_renameat2(napi_env env, napi_callback_info info);

// locks.c: whole-file locks and leases.
napi_value js_lock(napi_env env, napi_callback_info info);
napi_value js_unlock(napi_env env, napi_callback_info info);
napi_value js_lock_holder(napi_env env, napi_callback_info info);
napi_value js_set_lease(napi_env env, napi_callback_info info);
napi_value js_get_lease(napi_env env, napi_callback_info info);

// xattr.c: extended attributes (Glance's xattr cache driver).
napi_value js_getxattr(napi_env env, napi_callback_info info);
napi_value js_setxattr(napi_env env, napi_callback_info info);

// dirstats.c: a directory's names and their lstats in one call.
napi_value js_read_dir_stats(napi_env env, napi_callback_info info);
// dirbatch.c: the same for several directories at once, on threads.
napi_value js_read_dirs_stats(napi_env env, napi_callback_info info);
// memory.c: give the C heap's free memory back to the system.
napi_value js_trim_memory(napi_env env, napi_callback_info info);

#endif
