// Extended attributes, read and written without following a symlink (Glance's xattr cache driver keeps its counters there).

#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <limits.h>
#include <linux/limits.h>
#include <node_api.h>
#include "sys.h"

// getxattr(pathOrFd, name) -> Buffer | null. A path is not followed (lgetxattr).
napi_value js_getxattr(napi_env env, napi_callback_info info) {
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
napi_value js_setxattr(napi_env env, napi_callback_info info) {
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
