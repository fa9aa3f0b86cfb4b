#!/usr/bin/env bash
# Counts how often openai-java's AsyncStreamResponse.close() loses its race with the stream's reading
# thread (onCompleteFuture fails with "Stream failed") in StreamingReplySmokeTest's app.
# usage (after `mvn -o -B package -DskipTests -pl '!benchmarks'` and one smoke-test run, which copies
# the jars to smoke-tests/target/smoke-artifacts):
#   smoke-tests/openai-close-race.sh RUNS JAVA_HOME [JVM flags, e.g. -javaagent:agent/target/voicetrace-javaagent.jar]
set -uo pipefail
cd "$(dirname "$0")/.."
RUNS=$1; JH=$2; shift 2
ART=smoke-tests/target/smoke-artifacts
WORK=$(mktemp -d)
java -cp "$ART/sample-bot.jar" dev.voicetrace.sample.FakeProviderServer --port 0 --chunk-ms 30 --ttfb-ms 100 > "$WORK/fake.log" 2>&1 &
FAKE=$!
trap 'kill $FAKE; rm -rf "$WORK"' EXIT
until grep -q FAKE_PROVIDERS_LISTENING "$WORK/fake.log"; do sleep 0.1; done
PORT=$(grep -o 'port=[0-9]*' "$WORK/fake.log" | head -n 1 | cut -d= -f2)
failed=0; failedDone=0; ok=0; other=0
for _ in $(seq 1 "$RUNS"); do
  # a run that loses the race prints CLOSE_RACE ... Stream failed (the app treats it as closed and goes on)
  timeout 15 "$JH/bin/java" -Xmx256m -XX:TieredStopAtLevel=1 "$@" \
    -Dotel.traces.exporter=none -Dotel.metrics.exporter=none -Dotel.logs.exporter=none \
    '-Dotel.instrumentation.voicetrace.session.methods=dev.voicetrace.smoke.apps.StreamingReplyApp[openAiStreamSpeaks,openAiAsyncStreamSpeaks,jdkSseSpeaks,openAiStreamBargeIn,openAiAsyncStreamBargeIn,jdkSseBargeIn]' \
    -cp "smoke-tests/target/test-classes:$ART/sample-bot.jar" dev.voicetrace.smoke.apps.StreamingReplyApp "http://127.0.0.1:$PORT" > "$WORK/out" 2>&1
  if grep -q "Stream failed" "$WORK/out"; then failed=$((failed + 1)); grep -q APP_DONE "$WORK/out" && failedDone=$((failedDone + 1))
  elif grep -q APP_DONE "$WORK/out"; then ok=$((ok + 1))
  else other=$((other + 1)); grep -m 1 -A 2 Exception "$WORK/out"
  fi
done
echo "Stream failed: $failed (the app went on to APP_DONE in $failedDone), completed: $ok, other: $other, of $RUNS runs"
