#!/usr/bin/env bash
# The benchmark command: builds the benchmarks module (and what it depends on, the CLI included), then runs
# io.cloudrig.bench.Benchmarks. Figures go to stdout; see docs/benchmarks.md for what each one means.
#   scripts/bench.sh                 # everything: store, pipeline, latency, pairs, virsh, cli, rally, lxc, openstack, ec2 (store and pipeline warm up until the JIT is quiet)
#   scripts/bench.sh pairs           # issue 18's ratio in pairs: compare-and-sets and a pipeline burst back to back, 5 times
#   scripts/bench.sh store pipeline  # some of them
#   scripts/bench.sh latency --rate 50 --seconds 20
#   scripts/bench.sh --help          # every option
# BENCH_SKIP_BUILD=1 reuses the last build. BENCH_JAVA_OPTS sets the benchmark JVM's options.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  MVN=./mvnw
  [[ -x "$MVN" ]] || MVN=mvn
  echo "[bench] building: ${MVN##*/} -pl benchmarks -am package -DskipTests" >&2
  # offline first (nothing to download once the tests have run); online when something is missing
  "$MVN" -q -B -ntp -o -pl benchmarks -am package -DskipTests >&2 \
    || "$MVN" -q -B -ntp -pl benchmarks -am package -DskipTests >&2
fi
CP="$(cat "$ROOT/benchmarks/target/classpath.txt")"
if [[ "$CP" == *"/io/cloudrig/"* ]]; then
  echo "[bench] benchmarks/target/classpath.txt names installed cloudrig jars, not this tree's (built without -am?);" \
    "run without BENCH_SKIP_BUILD=1" >&2
  exit 2
fi
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
  COMMIT="$COMMIT (with uncommitted changes)"
fi
exec java ${BENCH_JAVA_OPTS:--Xmx2g} -Dcloudrig.bench.commit="$COMMIT" \
  -cp "$ROOT/benchmarks/target/classes:$CP" io.cloudrig.bench.Benchmarks --root "$ROOT" "$@"
