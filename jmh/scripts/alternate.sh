#!/usr/bin/env bash
# Runs io.htcengine.jmh.CpuPerTask (the S1 workload, per-thread CPU time) alternately from two or more benchmark jars,
# PAIRS rounds of BATCHES batches each, and prints per jar the medians of: tasks/s, the best batch, and the CPU time
# per task of the scheduler thread and of the submitting thread. On a shared 2-core VM one run varies by +-20 %;
# alternating rounds and medians tell apart changes of ~10 % that single JMH runs cannot.
#
#   jmh/scripts/alternate.sh PAIRS BATCHES before.jar after.jar [more.jar ...]
#   e.g. cp jmh/target/benchmarks.jar /tmp/before.jar; (change, rebuild); jmh/scripts/alternate.sh 8 40 /tmp/before.jar jmh/target/benchmarks.jar
#
# JAVA (default: java) picks the JDK; JAVA_OPTS is passed to every run.
# With DAG_SHAPE (chains, fanOutFanIn or randomLayered) set, each run is io.htcengine.jmh.DagPhases instead: BATCHES
# graphs of that DagBenchmark shape (the jars must hold DagPhases: built at commit 5fa0d5c or later). "Best batch"
# is then "-", and the line also lists every run's tasks/s, sorted.
set -euo pipefail
if [ $# -lt 4 ]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
pairs=$1; batches=$2; shift 2
java=${JAVA:-java}
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for ((round = 1; round <= pairs; round++)); do
  for k in $(seq 1 $#); do
    jar=${!k}
    # CpuPerTask prints "tasks/s T, best batch B", DagPhases "shape: add A, ... run R ns/task (wall); T tasks/s";
    # both one line per thread: "  name  X ns CPU/task".
    if [ -n "${DAG_SHAPE:-}" ]; then
      program=(io.htcengine.jmh.DagPhases "$DAG_SHAPE" "$batches")
    else
      program=(io.htcengine.jmh.CpuPerTask "$batches")
    fi
    # shellcheck disable=SC2086
    "$java" ${JAVA_OPTS:-} -cp "$jar" "${program[@]}" 2>&1 | awk -v k="$k" '
      /^tasks\/s/ { gsub(",", ""); t = $2; b = $5 }
      /ns\/task \(wall\);/ { gsub(",", ""); t = $(NF - 1); b = "-" }
      $1 == "htc-scheduler" { s = $2 }
      $1 == "main" { m = $2 }
      END { if (t != "") print k, t, b, s, m }' >> "$results"
  done
done
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for k in $(seq 1 $#); do
  rows=$(awk -v k="$k" '$1 == k' "$results")
  n=$(printf '%s\n' "$rows" | grep -c . || true)
  t=$(printf '%s\n' "$rows" | awk '{ print $2 / 1e6 }' | median)
  b=$(printf '%s\n' "$rows" | awk '{ print $3 == "-" ? "-" : $3 / 1e6 }' | median)
  s=$(printf '%s\n' "$rows" | awk '{ print $4 }' | median)
  m=$(printf '%s\n' "$rows" | awk '{ print $5 }' | median)
  printf '%s: %s runs, median %s M tasks/s, best batch %s M, scheduler %s ns CPU/task, submitter %s ns CPU/task\n' \
    "${!k}" "$n" "$t" "$b" "$s" "$m"
  if [ -n "${DAG_SHAPE:-}" ]; then
    printf '  every run, M tasks/s: %s\n' "$(printf '%s\n' "$rows" | awk '{ printf "%.2f\n", $2 / 1e6 }' | sort -g | tr '\n' ' ')"
  fi
done
