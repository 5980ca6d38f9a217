{
  "targets": [
    {
      "target_name": "cachesweep_sys",
      "sources": ["native/sys.c", "native/fd.c", "native/locks.c", "native/xattr.c", "native/dirstats.c", "native/memory.c"],
      "cflags": ["-std=gnu11", "-Wall", "-Wextra", "-Wno-unused-parameter", "-O2"]
    }
  ]
}
