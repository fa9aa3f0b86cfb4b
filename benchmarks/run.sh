#!/usr/bin/env bash
# voicetrace overhead benchmarks (issue 6). From the repository root or anywhere:
#
#   ./benchmarks/run.sh            full run (~25 min on 2 cores): start-up, CPU per call, added TTFB/TTFT, JMH;
#                                  rewrites the result tables in BENCHMARKS.md
#   ./benchmarks/run.sh --quick    a few runs, to check the harness (results only under benchmarks/target/)
#   ./benchmarks/run.sh --soak     only the soak: 10,000 WebSocket calls and 10,000 method sessions (~10 min)
#
# Further options: --runs N --requests N --warmup N --calls N --soak-sessions N --no-jmh --no-write
set -euo pipefail
cd "$(dirname "$0")/.."
# the agent, the sample bot and this module from this checkout, in one reactor (nothing is installed, so a
# stale snapshot in ~/.m2 can never be what is measured)
echo "[bench] building the agent, the sample bot and the benchmarks (mvn -B -DskipTests -Pbench -pl agent,sample-bot,benchmarks -am package)"
mvn -q -B -DskipTests -Pbench -pl agent,sample-bot,benchmarks -am package
exec java -Dbench.root="$PWD" \
  -cp "benchmarks/target/classes:benchmarks/target/lib/*:sample-bot/target/sample-bot.jar" \
  dev.voicetrace.bench.Bench "$@"
