#!/usr/bin/env bash
# Same seed, same history across a change: runs a few seeds and store
# settings on the simulation backend in this tree and in another git ref
# (default main), and compares history.jsonl (and each node's log) byte for
# byte. A refactor of the store or the simulator must print only "same".
#
#   sim/same-history.sh [ref] [seeds]      e.g. sim/same-history.sh main "1 2 3"
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
ref=${1:-main}
seeds=${2:-1 2 3}
work=$(mktemp -d /tmp/same-history.XXXXXX)
trap 'rm -rf "$work"' EXIT

mkdir "$work/other"
git -C "$here" archive "$ref" | tar -x -C "$work/other"
ln -s "$here/node_modules" "$work/other/node_modules"

variants=(
  "plain|"
  "failover|--nemesis partition,kill,clock,pause,link --nemesis-interval 1 --read-from leader --replication sync --failover-timeout-ms 500"
  "shards|--read-from lsn-token --shards 3 --apply-delay-ms n3=300 --nemesis partition,kill --nemesis-interval 1"
  "statement|--log-format statement --replication semi-sync --sync-followers 1 --read-from leader-window --failover-timeout-ms 400 --unsafe-failover --nemesis partition --nemesis-interval 1"
)

run() { # tree out seed args...
  local tree=$1 out=$2 seed=$3
  shift 3
  (cd "$tree" && node bin/splitbrain.js run --backend sim --seed "$seed" --time-limit 10 \
    --quiet --out "$out" --test t "$@" >/dev/null) || true
}

status=0
for seed in $seeds; do
  for v in "${variants[@]}"; do
    name=${v%%|*}
    read -r -a args <<<"${v#*|}"
    run "$here" "$work/a-$name-$seed" "$seed" "${args[@]}"
    run "$work/other" "$work/b-$name-$seed" "$seed" "${args[@]}"
    a=$(echo "$work"/a-"$name"-"$seed"/t/2*)
    b=$(echo "$work"/b-"$name"-"$seed"/t/2*)
    if [[ ! -s "$a/history.jsonl" || ! -s "$b/history.jsonl" ]]; then
      printf '%-10s seed %-3s a run wrote no history (see %s)\n' "$name" "$seed" "$work"
      status=1
      trap - EXIT
      continue
    fi
    lines=$(wc -l <"$a/history.jsonl")
    if cmp -s "$a/history.jsonl" "$b/history.jsonl"; then verdict=same; else verdict=DIFFERENT; status=1; fi
    logs=same
    for f in "$a"/nodes/*.log; do
      cmp -s "$f" "$b/nodes/$(basename "$f")" || logs=different
    done
    printf '%-10s seed %-3s %6s lines  history %-9s node logs %s\n' "$name" "$seed" "$lines" "$verdict" "$logs"
  done
done
exit $status
