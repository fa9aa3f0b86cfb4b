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
if [[ ! -f agent/target/voicetrace-javaagent.jar || ! -f sample-bot/target/sample-bot.jar ]]; then
  echo "[bench] building the agent and the sample bot (mvn -B -DskipTests install)"
  mvn -q -B -DskipTests install
fi
mvn -q -B -pl benchmarks -Pbench package
exec java -Dbench.root="$PWD" \
  -cp "benchmarks/target/classes:benchmarks/target/lib/*:sample-bot/target/sample-bot.jar" \
  dev.voicetrace.bench.Bench "$@"
