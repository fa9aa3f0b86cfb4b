package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.harness.CallSimulator;
import dev.voicetrace.smoke.harness.CallTreeAssertions;
import dev.voicetrace.smoke.harness.FakeProviders.RecordedRequest;
import dev.voicetrace.smoke.harness.Jdks;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceBot;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Concurrent calls in one bot JVM never share a trace, and no call's work lands in another call's trace:
 * 10 calls × 3 turns on the bot's shared worker pool ({@code CompletableFuture.*Async}), and 50 calls ×
 * 2 turns through the hand-offs upstream does not carry ({@code --hops threads}: a thread per call
 * draining a {@code BlockingQueue} of audio frames, a thread per reply, a thread — virtual on JDK 21+
 * — per spoken sentence, a {@code Timer} reprompt), on JDK 17 and on a JDK with virtual threads.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(240)
class ConcurrentCallsSmokeTest {

  private static final String SERVICE = "smoke-concurrent";
  private static final double TTFB_S = 0.060;
  /** Upper tolerance on voice.ttfb: 10 calls on 2 cores; the first request of each call pays class loading. */
  private static final double TTFB_TOLERANCE_S = 0.150;

  @Test
  void tenConcurrentCallsOfThreeTurnsGiveTenSeparateTraces(SmokeEnv env) {
    concurrentCalls(env, env.plainBot(SERVICE).endpoint("annotated"), SERVICE, 10, 3, TTFB_TOLERANCE_S);
  }

  @Test
  void fiftyConcurrentCallsThroughHandRolledThreadsQueuesAndTimersOnJdk17(SmokeEnv env) {
    String service = SERVICE + "-threads-jdk17";
    concurrentCalls(env, threadsBot(env, service).javaHome(Jdks.current()), service, 50, 2, null);
  }

  @Test
  void fiftyConcurrentCallsThroughVirtualThreadsOnJdk21Plus(SmokeEnv env) {
    String service = SERVICE + "-threads-jdk" + Jdks.feature(Jdks.withVirtualThreads());
    concurrentCalls(env, threadsBot(env, service).javaHome(Jdks.withVirtualThreads()), service, 50, 2, null);
  }

  /**
   * The bot on hand-rolled threads. These runs check which call each span belongs to, not turn timing:
   * 50 calls on 2 cores can starve a reply between its sentences for longer than the default quiet gap,
   * which would rightly split it into two turns, so the gap is 5 s here (turn rules: TurnScenariosSmokeTest).
   */
  private static VoiceBot.Builder threadsBot(SmokeEnv env, String service) {
    return env.plainBot(service).endpoint("annotated").arg("--hops").arg("threads")
        .systemProperty("otel.instrumentation.voicetrace.turn.quiet-gap", "5s");
  }

  /**
   * Runs {@code calls} concurrent calls of {@code utterances} turns each and checks every call's trace.
   * {@code ttfbTolerance}: upper bound on {@code voice.ttfb} above the server's delay after turn 1, or
   * {@code null} to check only the lower bound (50 calls on 2 cores queue for CPU, so the time to first
   * byte the bot sees is honestly longer than the server's delay).
   */
  private static void concurrentCalls(SmokeEnv env, VoiceBot.Builder botBuilder, String service, int calls,
      int utterances, Double ttfbTolerance) {
    // a little latency on every provider response keeps the calls' requests interleaved
    env.providers().control("{\"ttfbMs\":60,\"chunkMs\":10}");
    try (VoiceBot bot = botBuilder.start()) {
      CallSimulator.Result result = CallSimulator.against(bot).protocol("twilio").hangup("stop")
          .calls(calls).utterances(utterances).timeoutSeconds(120).run().assertSucceeded(calls);
      Set<String> callSids = result.calls().stream().map(CallSimulator.Call::callSid).collect(Collectors.toSet());
      assertEquals(calls, callSids.size(), "distinct callSids " + result.calls());

      List<RecordedRequest> requests = env.providers().requests();
      List<ReceivedSpan> spans = env.receiver().awaitServiceSpans(service,
          calls + " complete call traces",
          received -> {
            TraceView v = new TraceView(received);
            return callSids.stream().allMatch(sid -> v.sessionOf(sid).isPresent())
                && received.stream().filter(VoiceSpans::isStage).count() >= requests.size()
                && callSids.stream().allMatch(sid -> {
                  ReceivedSpan s = v.sessionOf(sid).get();
                  Long turns = s.longAttr("voice.session.turns");
                  return turns != null && v.trace(s.traceId()).stream().filter(VoiceSpans::isTurn).count() >= turns;
                });
          },
          Duration.ofSeconds(30));
      TraceView view = new TraceView(spans);

      // one session per call, each the root of its own trace
      Map<String, ReceivedSpan> sessionByCall = callSids.stream()
          .collect(Collectors.toMap(Function.identity(), sid -> CallTreeAssertions.forCall(view, sid).session()));
      Set<String> traces = new HashSet<>();
      sessionByCall.values().forEach(s -> traces.add(s.traceId()));
      assertEquals(calls, traces.size(), "each call must have its own trace\n" + view.render());
      assertEquals(calls, view.sessions().size(), "no extra voice.session\n" + view.render());
      Map<String, String> callByTrace = sessionByCall.entrySet().stream()
          .collect(Collectors.toMap(e -> e.getValue().traceId(), Map.Entry::getKey));

      // every provider request was made in the trace of the call whose x-call-sid it carries
      for (RecordedRequest r : requests) {
        assertNotNull(r.callSid(), "request without x-call-sid: " + r);
        assertTrue(callSids.contains(r.callSid()), "request of an unknown call: " + r);
        assertEquals(sessionByCall.get(r.callSid()).traceId(), r.traceId(),
            r.method() + " " + r.path() + " of call " + r.callSid() + " carried traceparent " + r.traceparent()
                + " of call " + callByTrace.get(r.traceId()) + "\n" + view.render());
      }

      // every stage span sits in the trace of the call that made it: the request it sent (matched
      // through the traceparent the fake server recorded) carries that call's x-call-sid
      Map<String, RecordedRequest> requestBySendingSpan = requests.stream()
          .filter(r -> r.parentSpanId() != null)
          .collect(Collectors.toMap(RecordedRequest::parentSpanId, Function.identity(), (a, b) -> a));
      List<ReceivedSpan> stages = view.matching(VoiceSpans::isStage);
      assertEquals(requests.size(), stages.size(), "one stage span per provider request\n" + view.render());
      for (ReceivedSpan stage : stages) {
        String owner = callByTrace.get(stage.traceId());
        assertNotNull(owner, "stage span outside every call's trace: " + stage.describe() + "\n" + view.render());
        List<RecordedRequest> sent = view.children(stage).stream()
            .map(child -> requestBySendingSpan.get(child.spanId()))
            .filter(r -> r != null)
            .toList();
        assertEquals(1, sent.size(), "stage span " + stage.describe() + " should have sent exactly one request,"
            + " found " + sent + "\n" + view.render());
        assertEquals(sent.get(0).callSid(), owner, "stage span " + stage.describe() + " for call "
            + sent.get(0).callSid() + " is in the trace of call " + owner + "\n" + view.render());
      }

      // voice.ttfb is the fake server's configured delay, within the tolerance (turns after the first)
      for (ReceivedSpan stage : stages) {
        Double ttfb = stage.doubleAttr("voice.ttfb");
        assertNotNull(ttfb, "voice.ttfb missing: " + stage.describe());
        assertTrue(ttfb >= TTFB_S, "voice.ttfb below the server's delay: " + stage.describe());
        ReceivedSpan turn = view.parentOf(stage).orElseThrow();
        Long number = turn.longAttr("voice.turn.number");
        if (ttfbTolerance != null && number != null && number > 1) {
          assertTrue(ttfb <= TTFB_S + ttfbTolerance, "voice.ttfb " + ttfb + " s for a configured "
              + TTFB_S + " s (tolerance " + ttfbTolerance + " s): " + stage.describe());
        }
      }

      // and each call's tree is whole
      for (CallSimulator.Call call : result.calls()) {
        CallTreeAssertions.forCall(view, call.callSid())
            .assertSession("twilio", call.callSid(), utterances, "stop")
            .assertTreeShape(utterances)
            .assertOneStageSpanPerRequest(requests.stream().filter(r -> call.callSid().equals(r.callSid())).toList());
      }
    }
  }
}
