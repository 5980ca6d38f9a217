{
  "targets": [
    {
      "target_name": "cachesweep_sys",
      "sources": ["native/sys.c", "native/fd.c", "native/locks.c", "native/xattr.c", "native/dirstats.c", "native/dirbatch.c", "native/parallel.c", "native/memory.c"],
      # -pthread: the scan's listings use threads (native/parallel.c); Node's common.gypi adds it on Linux too
      "cflags": ["-std=gnu11", "-Wall", "-Wextra", "-Wno-unused-parameter", "-O2", "-pthread"],
      "ldflags": ["-pthread"]
    }
  ]
}
