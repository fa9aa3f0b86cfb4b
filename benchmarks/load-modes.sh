#!/usr/bin/env bash
# The load client's run-to-run modes (BENCHMARKS.md, "Added time to first byte / token"): runs
# dev.voicetrace.bench.LoadClient N times against one fake provider server (no agent on it) and prints
# each run's median send -> first byte (TTS, JDK HttpClient) and send -> first chunk (chat, openai-java).
#
#   ./benchmarks/load-modes.sh [runs] [extra JVM flags...]     default 10 runs under voicetrace
#   AGENT=benchmarks/target/agents/opentelemetry-javaagent-2.31.1.jar ./benchmarks/load-modes.sh 10
#   ./benchmarks/load-modes.sh 10 -Dotel.instrumentation.voicetrace.enabled=false
#   THREAD_CPU=1 ./benchmarks/load-modes.sh 10   also prints, per run, the threads that used the most CPU
#                                                during the measured requests
#   THREAD_ALLOC=1 ./benchmarks/load-modes.sh 10 also prints, per run, the heap bytes allocated per chat + TTS
#                                                pair (all threads, and the request thread)
#   AGENT=none ./benchmarks/load-modes.sh 10     the same client with no agent
#
# Uses the jars ./benchmarks/run.sh builds (run it, or its --quick, first).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-10}
shift || true
BOT=sample-bot/target/sample-bot.jar
AGENT=${AGENT:-agent/target/voicetrace-javaagent.jar}
AGENT_FLAG="-javaagent:$AGENT"
LABEL=$AGENT
if [[ "$AGENT" == none ]]; then AGENT_FLAG=""; AGENT=$BOT; fi
for f in "$BOT" "$AGENT" benchmarks/target/classes/dev/voicetrace/bench/LoadClient.class; do
  [[ -f "$f" ]] || { echo "missing $f: run ./benchmarks/run.sh --quick first" >&2; exit 2; }
done
WORK=$(mktemp -d)
java -Dsun.net.httpserver.nodelay=true -cp "$BOT" dev.voicetrace.sample.FakeProviderServer --port 0 --chunk-ms 0 \
  > "$WORK/fake.log" 2>&1 &
FAKE=$!
trap 'kill $FAKE; rm -rf "$WORK"' EXIT
until grep -q FAKE_PROVIDERS_LISTENING "$WORK/fake.log"; do
  kill -0 $FAKE 2>/dev/null || { cat "$WORK/fake.log" >&2; exit 1; }
  sleep 0.1
done
PORT=$(grep -o 'port=[0-9]*' "$WORK/fake.log" | head -n 1 | cut -d= -f2)
echo "agent: $LABEL ${*:-}"
for run in $(seq 1 "$RUNS"); do
  java $AGENT_FLAG -Dotel.traces.exporter=none -Dotel.metrics.exporter=none -Dotel.logs.exporter=none "$@" \
    '-Dotel.instrumentation.voicetrace.session.methods=dev.voicetrace.bench.LoadClient[session]' \
    -cp "benchmarks/target/classes:$BOT" dev.voicetrace.bench.LoadClient --base "http://127.0.0.1:$PORT" \
    --warmup 1500 --requests 200 --per-session 5 --out "$WORK/samples.txt" ${THREAD_CPU:+--thread-cpu} ${THREAD_ALLOC:+--thread-alloc} > "$WORK/load.log" 2>&1 \
    || { cat "$WORK/load.log" >&2; exit 1; }
  # lines "chat <ns>" / "tts <ns>": the median of each kind, in µs
  printf 'run %2d: ' "$run"
  for kind in chat tts; do
    awk -v k="$kind" '$1 == k {print $2 / 1000}' "$WORK/samples.txt" | sort -n \
      | awk -v k="$kind" '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%s %.0f µs  ", k, m}'
  done
  echo
  if [[ -n "${THREAD_ALLOC:-}" ]]; then grep THREAD_ALLOC "$WORK/load.log" | sed 's/^/        /'; fi
  if [[ -n "${THREAD_CPU:-}" ]]; then grep THREAD_CPU "$WORK/load.log" | head -n 6 | sed 's/^/        /'; fi
done
