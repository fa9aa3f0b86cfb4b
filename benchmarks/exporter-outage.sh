#!/usr/bin/env bash
# Issue 6, exporter faults over minutes: the sample bot under voicetrace exports OTLP to an endpoint that is
# down (a closed port on 127.0.0.1) while simulated Twilio calls keep coming. After each batch of calls: the
# bot's live heap after a full GC (jcmd GC.run + GC.heap_info), its live thread count and whether every call
# heard every reply. Bounded memory = the heap stops growing once the span queue is full.
#
#   ./benchmarks/exporter-outage.sh [minutes]      default 3; uses the jars ./benchmarks/run.sh builds
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=${1:-3}
BOT=sample-bot/target/sample-bot.jar
VT=agent/target/voicetrace-javaagent.jar
for f in "$BOT" "$VT"; do [[ -f "$f" ]] || { echo "missing $f: run ./benchmarks/run.sh --quick first" >&2; exit 2; }; done
WORK=$(mktemp -d)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null; rm -rf "$WORK"' EXIT
await() { # file pattern pid
  until grep -q "$2" "$1"; do kill -0 "$3" 2>/dev/null || { cat "$1" >&2; exit 1; }; sleep 0.1; done
}
java -Dsun.net.httpserver.nodelay=true -cp "$BOT" dev.voicetrace.sample.FakeProviderServer --port 0 > "$WORK/fake.log" 2>&1 &
PIDS+=($!); await "$WORK/fake.log" FAKE_PROVIDERS_LISTENING $!
FAKE_PORT=$(grep -o 'port=[0-9]*' "$WORK/fake.log" | head -n 1 | cut -d= -f2)
java -javaagent:"$VT" -Dotel.exporter.otlp.endpoint=http://127.0.0.1:9 -Dotel.service.name=outage-bot \
  -jar "$BOT" --port 0 --openai-base-url "http://127.0.0.1:$FAKE_PORT/v1" \
  --elevenlabs-base-url "http://127.0.0.1:$FAKE_PORT" > "$WORK/bot.log" 2>&1 &
BOT_PID=$!; PIDS+=($BOT_PID); await "$WORK/bot.log" VOICE_BOT_LISTENING $BOT_PID
BOT_PORT=$(grep -o 'port=[0-9]*' "$WORK/bot.log" | head -n 1 | cut -d= -f2)
heap_kib() { jcmd "$BOT_PID" GC.run > /dev/null; jcmd "$BOT_PID" GC.heap_info | grep -o 'used [0-9]*K' | head -n 1 | grep -o '[0-9]*'; }
threads() { ls "/proc/$BOT_PID/task" | wc -l; }
calls() {
  java -cp "$BOT" dev.voicetrace.sample.CallSimulator --url "ws://127.0.0.1:$BOT_PORT/media" --calls 20 \
    --utterances 2 --timeout-s 120 > "$WORK/sim.log" 2>&1 && echo ok || echo FAILED
}
echo "exporter endpoint down (127.0.0.1:9); batches of 20 calls x 2 utterances for $MINUTES min"
echo "batch  elapsed_s  calls  live_heap_KiB_after_GC  threads  result"
calls > /dev/null
echo "base   0          20     $(heap_kib)  $(threads)  warm-up"
start=$(date +%s); batch=0; total=20
while (( $(date +%s) - start < MINUTES * 60 )); do
  batch=$((batch + 1)); r=$(calls); total=$((total + 20))
  echo "$batch  $(( $(date +%s) - start ))  $total  $(heap_kib)  $(threads)  $r"
done
echo "export warnings in the bot's log: $(grep -c -i 'failed to export' "$WORK/bot.log") lines; first one:"
grep -i -m 1 'failed to export' "$WORK/bot.log" | cut -c1-240 || true
