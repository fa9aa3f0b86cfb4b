#!/usr/bin/env bash
# Where the agent's start-up goes: wall time from `java ... -jar sample-bot.jar` to VOICE_BOT_LISTENING under
# settings that switch parts of the agent off one at a time (issue 6; the table in BENCHMARKS.md "Reading").
#
#   ./benchmarks/startup-split.sh [runs]      default 5 runs per setting, interleaved; prints one line per
#                                             launch and a median per setting. Uses the jars that
#                                             ./benchmarks/run.sh builds (run it, or its --quick, first).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
BOT=sample-bot/target/sample-bot.jar
VT=agent/target/voicetrace-javaagent.jar
STOCK=$(ls benchmarks/target/agents/opentelemetry-javaagent-*.jar 2>/dev/null | head -n 1 || true)
for jar in "$BOT" "$VT" "$STOCK"; do
  [[ -n "$jar" && -f "$jar" ]] || { echo "missing ${jar:-the stock agent jar}: run ./benchmarks/run.sh --quick first" >&2; exit 2; }
done
EXP="-Dotel.traces.exporter=none -Dotel.metrics.exporter=none -Dotel.logs.exporter=none"
# the upstream names the voice profile keeps on (VoiceProfile.VOICE_INSTRUMENTATIONS), all set false
PROFILE_OFF=$(sed -n '/VOICE_INSTRUMENTATIONS = /,/));/p' voice-core/src/main/java/dev/voicetrace/core/wiring/VoiceProfile.java \
  | grep -o '"[a-z0-9-]*"' | tr -d '"' | sed 's/.*/-Dotel.instrumentation.&.enabled=false/' | tr '\n' ' ')
# the same upstream names set true, everything else off: the stock agent with the voice profile's module set
PROFILE_ON=$(echo "$PROFILE_OFF" | sed 's/=false/=true/g')
declare -A CFG=(
  [none]=""
  [stock_disabled]="-javaagent:$STOCK -Dotel.javaagent.enabled=false"
  [stock_no_instrumentation]="-javaagent:$STOCK $EXP -Dotel.instrumentation.common.default-enabled=false"
  [stock_voice_profile_set]="-javaagent:$STOCK $EXP -Dotel.instrumentation.common.default-enabled=false $PROFILE_ON"
  [voicetrace_own_modules_off]="-javaagent:$VT $EXP -Dotel.instrumentation.voicetrace.enabled=false"
  [voicetrace_own_modules_only]="-javaagent:$VT $EXP $PROFILE_OFF"
  [voicetrace_no_executors]="-javaagent:$VT $EXP -Dotel.instrumentation.executors.enabled=false"
  [voicetrace]="-javaagent:$VT $EXP"
  [stock]="-javaagent:$STOCK $EXP"
)
ORDER=(none stock_disabled stock_no_instrumentation stock_voice_profile_set voicetrace_own_modules_off voicetrace_own_modules_only
  voicetrace_no_executors voicetrace stock)
LOG=$(mktemp -d)
trap 'rm -rf "$LOG"' EXIT
declare -A TIMES
for run in $(seq 1 "$RUNS"); do
  for name in "${ORDER[@]}"; do
    t0=$(date +%s%N)
    # shellcheck disable=SC2086
    java ${CFG[$name]} -jar "$BOT" --port 0 --openai-base-url http://127.0.0.1:9/v1 \
      --elevenlabs-base-url http://127.0.0.1:9 > "$LOG/out" 2>&1 &
    pid=$!
    until grep -q VOICE_BOT_LISTENING "$LOG/out"; do
      kill -0 "$pid" 2>/dev/null || { echo "$name: the bot exited before listening:" >&2; cat "$LOG/out" >&2; exit 1; }
      sleep 0.005
    done
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    kill "$pid"; wait "$pid" 2>/dev/null || true
    echo "$name run $run: $ms ms"
    TIMES[$name]="${TIMES[$name]:-} $ms"
  done
done
echo "median wall to VOICE_BOT_LISTENING (ms):"
for name in "${ORDER[@]}"; do
  printf '  %-30s %s\n' "$name" "$(echo ${TIMES[$name]} | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')"
done
