#!/bin/sh
# One run of a deletion race, all of it inside a private mount namespace:
#   unshare -m --propagation private sh __tests__/hostile/scenario.sh CASE REPO FILES
# REPO is the checkout whose built bin/cachesweep is attacked (another checkout's build can be tried the same way).
# The cache, the outside directory and the attacker's files live on a tmpfs mounted here, gone with the namespace.
#   symlink-swap  cache/big/sub holds FILES files; outside/ holds files of the same names. When sub's mtime changes
#                 (its deletion began) the attacker swaps sub and attacker/link (-> outside) with RENAME_EXCHANGE.
#   symlink-swap-unopened
#                 the same, but cache/big itself holds FILES files besides sub/ (100 files) and the swap is made when
#                 big's mtime changes: sub is swapped after big was listed and before the deletion opens sub.
#   bind-mount    cache/e6 holds FILES files and an empty m/; outside/ holds 51 files. When e6's mtime changes,
#                 the attacker bind-mounts outside/ on cache/e6/m (same filesystem: same st_dev).
# Prints one JSON line: the case, cachesweep's exit code, how many outside files are left of how many, what the
# attacker did, cachesweep's stderr and the "applied" part of its --json report.
set -eu
case=$1
repo=$2
files=$3
race="python3 $(dirname "$0")/race.py"
w=$(mktemp -d /tmp/cachesweep-hostile-XXXXXX)
cleanup() {
  umount -R "$w" 2>/dev/null || umount -R -l "$w"
  rmdir "$w"
}
trap cleanup EXIT
mount -t tmpfs -o size=1g tmpfs "$w"
mkdir "$w/cache" "$w/outside" "$w/attacker" "$w/state" "$w/hold"

case $case in
symlink-swap)
  $race tree "$w/cache/big/sub" "$files"
  $race tree "$w/outside" "$files"
  ln -s "$w/outside" "$w/attacker/link"
  touch -d '10 days ago' "$w/cache/big"
  total=$files
  ;;
symlink-swap-unopened)
  $race tree "$w/cache/big" "$files"
  $race tree "$w/cache/big/sub" 100
  $race tree "$w/outside" 100
  ln -s "$w/outside" "$w/attacker/link"
  touch -d '10 days ago' "$w/cache/big"
  total=100
  ;;
bind-mount)
  $race tree "$w/cache/e6" "$files"
  mkdir "$w/cache/e6/m"
  touch -d '10 days ago' "$w/cache/e6/m" "$w/cache/e6"
  $race tree "$w/outside" 51
  total=51
  ;;
*)
  echo "unknown case $case" >&2
  exit 2
  ;;
esac

node "$repo/bin/cachesweep" clean "$w/cache" --max-age 1d --json --state-dir "$w/state" --hold-before-apply "$w/hold" \
  >"$w/out.json" 2>"$w/err" &
cs=$!
# Bounded waits: a hang becomes a clear failure, never a stuck test.
waitfor() {
  n=0
  while [ ! -e "$1" ]; do
    sleep 0.02
    n=$((n + 1))
    if [ $n -gt 6000 ]; then
      kill $cs 2>/dev/null || true
      echo "{\"error\":\"gave up waiting for $1\"}"
      exit 1
    fi
  done
}
waitfor "$w/hold/planned"
case $case in
symlink-swap) $race swap-when-changed "$w/ready" "$w/cache/big/sub" "$w/attacker/link" >"$w/race" & ;;
symlink-swap-unopened) $race swap-when-changed "$w/ready" "$w/cache/big" "$w/attacker/link" "$w/cache/big/sub" >"$w/race" & ;;
bind-mount) $race mount-when-changed "$w/ready" "$w/cache/e6" "$w/outside" "$w/cache/e6/m" >"$w/race" & ;;
esac
rp=$!
waitfor "$w/ready"
touch "$w/hold/go"
set +e
wait $cs
code=$?
kill $rp 2>/dev/null
wait $rp
set -e
left=$(find "$w/outside" -mindepth 1 -maxdepth 1 | wc -l)

python3 - "$case" "$code" "$left" "$total" "$w" <<'PY'
import json, sys
case, code, left, total, w = sys.argv[1:6]
read = lambda name: open(f'{w}/{name}', errors='replace').read()
try:
    applied = json.loads(read('out.json')).get('applied')
except ValueError:
    applied = None
print(json.dumps({'case': case, 'exit': int(code), 'outsideLeft': int(left), 'outsideTotal': int(total),
                  'race': read('race').strip() or 'not triggered', 'stderr': read('err'), 'applied': applied}))
PY
