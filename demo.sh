#!/usr/bin/env bash
# The voicetrace demo: builds everything, starts the fake providers, the sample voice bot with the
# agent (console exporter), and a few concurrent simulated phone calls, then prints each finished
# call as a tree. Needs only a JDK 17+ and Maven; no keys, no backend.
#   ./demo.sh [calls] [utterances-per-call]
set -euo pipefail
cd "$(dirname "$0")"
calls=${1:-3}
utterances=${2:-2}

echo "== building (mvn -q -DskipTests package) ..."
mvn -q -B -Dstyle.color=never -DskipTests package

bot_jar=sample-bot/target/sample-bot.jar
agent=agent/target/voicetrace-javaagent.jar
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

await_line() { # file pattern seconds
  for _ in $(seq 1 $(( $3 * 10 ))); do
    if grep -q "$2" "$1" 2>/dev/null; then grep -m1 "$2" "$1"; return 0; fi
    sleep 0.1
  done
  echo "timed out waiting for '$2' in $1" >&2; cat "$1" >&2; return 1
}

java -cp "$bot_jar" dev.voicetrace.sample.FakeProviderServer --port 0 --ttfb-ms 120 >"$work/providers.out" 2>&1 &
pids+=($!)
providers_port=$(await_line "$work/providers.out" FAKE_PROVIDERS_LISTENING 30 | sed 's/.*port=\([0-9]*\).*/\1/')
echo "== fake OpenAI + ElevenLabs on 127.0.0.1:$providers_port"

# The bot's stdout carries the traces (voicetrace-console); its own logs go to a file.
java -javaagent:"$agent" \
  -Dotel.service.name=voicetrace-demo-bot \
  -Dotel.traces.exporter=voicetrace-console \
  -Dotel.metrics.exporter=none -Dotel.logs.exporter=none \
  -jar "$bot_jar" --port 0 \
  --openai-base-url "http://127.0.0.1:$providers_port/v1" \
  --elevenlabs-base-url "http://127.0.0.1:$providers_port" \
  >"$work/bot.out" 2>"$work/bot.err" &
bot=$!
pids+=($bot)
bot_port=$(await_line "$work/bot.out" VOICE_BOT_LISTENING 90 | sed 's/.*port=\([0-9]*\).*/\1/')
grep -m1 '^\[voicetrace\]' "$work/bot.err" || true
echo "== voice bot (with the agent) on ws://127.0.0.1:$bot_port/media; dialling $calls calls ..."
tail -n +1 -f "$work/bot.out" | grep --line-buffered -v VOICE_BOT_LISTENING &
pids+=($!)

java -cp "$bot_jar" dev.voicetrace.sample.CallSimulator \
  --url "ws://127.0.0.1:$bot_port/media" --calls "$calls" --utterances "$utterances"

# each call's tree is printed once its session span is exported (within ~200 ms of hang-up)
for _ in $(seq 1 100); do
  [ "$(grep -c '^voice.session' "$work/bot.out" || true)" -ge "$calls" ] && break
  sleep 0.1
done
# SIGTERM: the agent ends what is still open and flushes before the JVM exits.
kill "$bot" && wait "$bot" 2>/dev/null || true
echo "== done. Bot logs: $work/bot.err"
