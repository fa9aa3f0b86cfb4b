package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.apps.VendorCalls;
import dev.voicetrace.smoke.apps.VendorCalls.VendorCall;
import dev.voicetrace.smoke.apps.VendorMatrixApp;
import dev.voicetrace.smoke.harness.AgentProperties;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.FakeProviders;
import dev.voicetrace.smoke.harness.ForkedJvm;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vendor × client matrix: every {@link VendorCalls} request (each TTS and STT wire format of the
 * fake provider server) over each HTTP client the agent hooks, read to the end. For each client the app
 * runs with the agent and, at the same time, without it. Each request must become exactly one stage
 * span in its session's turn, with upstream's HTTP client span under it, carrying what {@link
 * VendorExpectations} reads from that vendor's bodies (audio bytes equal to what the app got), and
 * ending within 10 ms of the app's end of reading (25 ms for the first request of a JVM). The app must see the same
 * statuses, audio and transcripts with and without the agent, and the fake server must receive the same
 * requests (method, path, query, headers, body bytes) from both, but for the trace context headers.
 *
 * <p>Time to first byte: the fake server sends each response's first body byte {@link #TTFB_MS} after
 * the request arrived. Every {@code voice.ttfb} must lie between that delay and the moment the app got
 * its first body byte (measured by the app from the send call); over the client's requests, the app's
 * own time to first byte must be within a median {@link #TTFB_TOLERANCE_MS} of {@code voice.ttfb} and of
 * its time to first byte without the agent (the two JVMs run side by side), and {@code voice.ttfb}
 * within a median {@link #TTFB_OVER_DELAY_BOUND_MS} of the delay.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(150)
class VendorMatrixSmokeTest {
  /** The fake server's delay between the response headers and the first body byte. */
  private static final long TTFB_MS = 100;
  /**
   * Issue 3's bar, ±5 ms: the median voice.ttfb against the app's own time to first byte, and the app's against
   * its time to first byte without the agent.
   */
  private static final long TTFB_TOLERANCE_MS = 5;
  /**
   * The median voice.ttfb against the configured delay: the client's own work and the machine's load come on top
   * of the delay with or without an agent (on this 2-core machine the no-agent JDK client alone has reached a
   * median 5 ms over it while other builds ran), so this bound is wider; the ±5 ms bars above are what voicetrace
   * answers for.
   */
  private static final long TTFB_OVER_DELAY_BOUND_MS = 15;
  private static final Pattern RESULT =
      Pattern.compile("RESULT scenario=(\\w+) status=(\\d+) audio=(\\d+) text=(.*) startMicros=(\\d+) "
          + "firstByteMicros=(\\d+) endMicros=(\\d+) compressed=(true|false)");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdk", "okhttp", "okhttp5", "apache", "urlconnection", "reactor-netty", "apache-async",
      "apache4"})
  void everyVendorOverThisClientBecomesOneTrueStageSpan(String client, SmokeEnv env) {
    check(env, client, null);
  }

  /**
   * The matrix over {@code client}: every vendor request (and the malformed ones), or with an {@code encoding}
   * ({@code gzip}, {@code deflate}) the vendor requests whose response is JSON or an event stream, each served so
   * ({@link VendorCalls#servedCompressed}).
   */
  static void check(SmokeEnv env, String client, String encoding) {
    env.providers().control("{\"ttfbMs\":" + TTFB_MS + "}");
    String service = "smoke-matrix-" + (encoding != null ? encoding + "-" : "") + client;
    String app = VendorMatrixApp.class.getName();
    String classPath = classPath(client);
    List<VendorCall> calls = VendorCalls.matrixRun(encoding);
    Map<String, String[]> with;
    Map<String, String[]> without;
    try (ForkedJvm agentJvm = ForkedJvm.builder(service + "-agent")
            .javaagent(Artifacts.agentJar())
            .systemProperties(AgentProperties.exportingTo(env.receiver(), service))
            .systemProperty("otel.instrumentation.voicetrace.session.methods", app + "[call]")
            .systemProperty("otel.instrumentation.voicetrace.capture-content", "true")
            .mainClass(classPath, app)
            .args(env.providers().baseUrl(), client, "agent", encoding != null ? encoding : "plain")
            .start();
        ForkedJvm plainJvm = ForkedJvm.builder(service + "-plain")
            .mainClass(classPath, app)
            .args(env.providers().baseUrl(), client, "plain", encoding != null ? encoding : "plain")
            .start()) {
      assertEquals(0, plainJvm.awaitExit(Duration.ofSeconds(90)), "app without agent\n" + plainJvm.tail());
      assertEquals(0, agentJvm.awaitExit(Duration.ofSeconds(90)), "app with agent\n" + agentJvm.tail());
      with = results(agentJvm);
      without = results(plainJvm);
      if (client.startsWith("okhttp")) {
        String jar = client.equals("okhttp5") ? "okhttp-jvm-5.5.1.jar" : "sample-bot";
        agentJvm.awaitLine(Pattern.compile("OKHTTP_JAR .*" + Pattern.quote(jar)), Duration.ofSeconds(1));
      }
    }

    List<String> names = calls.stream().map(VendorCall::name).toList();
    assertEquals(names, List.copyOf(without.keySet()), "requests the app made without the agent");
    for (String name : names) {
      String[] w = with.get(name);
      String[] wo = without.get(name);
      assertNotNull(w, name + " printed no result with the agent");
      assertEquals(wo[0] + " " + wo[1] + " " + wo[2], w[0] + " " + w[1] + " " + w[2],
          name + ": status, audio bytes and transcript the app got with and without the agent");
      if (!name.startsWith("bad") && !name.startsWith("notJson")) {
        assertEquals("200", w[0], name);
      }
      // served compressed, the body reaches the app so on the clients that do not inflate it (and is inflated by
      // the app): so that voicetrace's reading through the compression is what the span's facts came from
      assertEquals(String.valueOf(encoding != null && handsOverCompressed(client, encoding)), w[6],
          name + ": the body reached the app " + (encoding != null ? encoding : "uncompressed"));
    }

    assertSameRequests(env, client, calls.size());

    int n = calls.size();
    TraceView view = new TraceView(env.receiver().awaitServiceSpans(service,
        n + " sessions, stage spans and HTTP client spans", spans -> {
          TraceView v = new TraceView(spans);
          return v.sessions().size() >= n
              && spans.stream().filter(VoiceSpans::isStage).count() >= n
              && spans.stream().filter(VoiceSpans::isHttpClient).count() >= n + 1;
        }, Duration.ofSeconds(20)));
    List<ReceivedSpan> sessions = view.sessions();
    assertEquals(n, sessions.size(), "one session per request\n" + view.render());
    assertEquals(n, view.matching(VoiceSpans::isStage).size(),
        "one stage span per vendor request, none for the warm-up's unknown path\n" + view.render());

    List<Double> overDelay = new ArrayList<>();
    List<Double> behindApp = new ArrayList<>();
    List<Double> slowerThanPlain = new ArrayList<>();
    List<Double> plainOverDelay = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = names.get(i);
      String[] seen = with.get(name);
      ReceivedSpan session = sessions.get(i);
      List<ReceivedSpan> stages = view.descendants(session).stream().filter(VoiceSpans::isStage).toList();
      assertEquals(1, stages.size(), name + ": one stage span in its session\n" + view.render());
      ReceivedSpan stage = stages.get(0);
      String where = client + " " + name + ": " + stage.describe() + "\n" + view.renderTrace(stage.traceId());

      ReceivedSpan turn = view.parentOf(stage).orElse(null);
      assertNotNull(turn, where);
      assertEquals(TraceView.TURN, turn.name(), "the stage's parent is the session's turn\n" + where);
      assertEquals(session.spanId(), turn.parentSpanId(), "the turn belongs to the session\n" + where);
      List<ReceivedSpan> http = view.descendants(session).stream().filter(VoiceSpans::isHttpClient).toList();
      assertEquals(1, http.size(), "one upstream HTTP client span in the session\n" + where);
      assertEquals(stage.spanId(), http.get(0).parentSpanId(), "upstream's HTTP span nests under the stage\n" + where);

      assertNotEquals(Boolean.TRUE, stage.boolAttr("voice.cancelled"), "read to the end: not cancelled\n" + where);
      if (name.startsWith("bad") || name.startsWith("notJson")) {
        checkMalformed(name, stage, where, Integer.parseInt(seen[0]), Long.parseLong(seen[1]));
        continue;
      }
      assertNotEquals("ERROR", stage.statusCode(), where);
      VendorExpectations.check(name, stage, where, Long.parseLong(seen[1]), seen[2]);

      double ttfbMs = stage.doubleAttr("voice.ttfb") * 1000;
      double appTtfbMs = (Long.parseLong(seen[4]) - Long.parseLong(seen[3])) / 1000.0;
      assertTrue(ttfbMs >= TTFB_MS, "voice.ttfb " + ttfbMs + " ms: at least the server's " + TTFB_MS + " ms\n" + where);
      // an event stream's voice.ttfb is its first whole data event (CONVENTIONS), which a loaded machine can
      // deliver a read after the first byte: 5 ms there, the tolerance; 1 ms for a plain body
      double behind = name.endsWith("Sse") || name.contains("Stream") || name.contains("Chat") ? 5 : 1;
      assertTrue(ttfbMs <= appTtfbMs + behind, "voice.ttfb " + ttfbMs + " ms: not after the app had its first byte, "
          + appTtfbMs + " ms in\n" + where);
      overDelay.add(ttfbMs - TTFB_MS);
      behindApp.add(appTtfbMs - ttfbMs);
      String[] plain = without.get(name);
      double plainTtfbMs = (Long.parseLong(plain[4]) - Long.parseLong(plain[3])) / 1000.0;
      slowerThanPlain.add(appTtfbMs - plainTtfbMs);
      plainOverDelay.add(plainTtfbMs - TTFB_MS);
      long endGap = stage.endEpochNanos() / 1000 - Long.parseLong(seen[5]);
      // the first vendor request of a JVM runs voicetrace's cold path (class loading, first metric records) between
      // the span's end and the app's end of reading: 10.6 ms once in CI (okhttp5, 2026-12-07), so it gets the
      // first-request slack ClientScenarioChecks gives its first request
      long endSlack = i == 0 ? ClientScenarioChecks.FIRST_END_SLACK_MICROS : ClientScenarioChecks.END_SLACK_MICROS;
      assertTrue(Math.abs(endGap) <= endSlack,
          "the span ends within " + endSlack / 1000 + " ms of the app's end of reading: " + endGap + " µs\n" + where);
    }
    // one request can be late on a busy 2-core machine (the first in a JVM pays for loading classes): the
    // ±5 ms bars are on the medians, the order above on every request
    System.out.println("TTFB " + client + ": voice.ttfb - delay (ms) " + overDelay + "; app's - voice.ttfb (ms) "
        + behindApp);
    assertTrue(median(overDelay) <= TTFB_OVER_DELAY_BOUND_MS, client + ": median voice.ttfb over the server's "
        + TTFB_MS + " ms is " + median(overDelay) + " ms, more than " + TTFB_OVER_DELAY_BOUND_MS + ": " + overDelay);
    System.out.println("TTFB " + client + ": app's with the agent - app's without (ms) " + slowerThanPlain
        + "; medians: voice.ttfb - delay " + median(overDelay) + ", app's without the agent - delay "
        + median(plainOverDelay));
    assertTrue(median(slowerThanPlain) <= TTFB_TOLERANCE_MS, client + ": with the agent the app got its first "
        + "byte a median " + median(slowerThanPlain) + " ms later than without it: " + slowerThanPlain);
    assertTrue(median(behindApp) <= TTFB_TOLERANCE_MS, client + ": the app got its first byte a median "
        + median(behindApp) + " ms after voice.ttfb, more than " + TTFB_TOLERANCE_MS + ": " + behindApp);
  }

  /**
   * A malformed request's span: the vendor's operation and provider, ERROR with the status as {@code error.type}
   * when the provider refused it, the audio bytes the app got when it did not, and nothing read from the garbage
   * that is not in it (no model from a cut {@code model_id}).
   */
  private static void checkMalformed(String name, ReceivedSpan s, String where, int status, long appAudio) {
    String provider = switch (name) {
      case "badJsonElevenLabs" -> "elevenlabs";
      case "badSsmlAzure" -> "azure.speech";
      case "badMultipartOpenAi" -> "openai";
      case "badUtf8Polly" -> "aws.polly";
      default -> "gcp.speech";
    };
    assertEquals(provider, s.stringAttr("gen_ai.provider.name"), where);
    assertTrue(s.name().startsWith(name.contains("Stt") || name.contains("Multipart") ? "speech_to_text"
        : "text_to_speech"), where);
    if (status >= 400) {
      assertEquals("ERROR", s.statusCode(), "the provider refused it\n" + where);
      assertEquals(String.valueOf(status), s.stringAttr("error.type"), where);
    } else {
      assertNotEquals("ERROR", s.statusCode(), where);
      if (appAudio > 0) {
        assertEquals(appAudio, s.longAttr("voice.tts.audio_bytes"), "audio bytes == what the app got\n" + where);
      }
    }
    if (name.equals("badJsonElevenLabs")) {
      assertTrue(s.stringAttr("gen_ai.request.model") == null, "no model from a cut model_id\n" + where);
    }
  }

  private static double median(List<Double> values) {
    return values.stream().sorted().toList().get(values.size() / 2);
  }

  /**
   * The client hands a body in {@code encoding} to the app as it came: OkHttp inflates gzip only, the Apache classic
   * clients gzip and deflate, the others neither.
   */
  private static boolean handsOverCompressed(String client, String encoding) {
    return switch (client) {
      case "apache", "apache4" -> false;
      case "okhttp", "okhttp5" -> !encoding.equals("gzip");
      default -> true;
    };
  }

  /** Headers upstream's context propagation adds (and the run's own name, and the pid in the STT call's sid). */
  private static final java.util.Set<String> AGENT_OR_RUN_HEADERS =
      java.util.Set.of("traceparent", "tracestate", "baggage", VendorMatrixApp.RUN_HEADER, "x-call-sid");

  /**
   * The fake server received the same requests from both runs, in the same order: method, path, query, body
   * (length and SHA-256) and headers (content length or chunked framing included), but for the trace context
   * the agent adds.
   */
  private static void assertSameRequests(SmokeEnv env, String client, int calls) {
    List<FakeProviders.RecordedRequest> received = env.providers().requests();
    Map<String, List<String>> byRun = new LinkedHashMap<>();
    for (FakeProviders.RecordedRequest r : received) {
      String run = r.headers().get(VendorMatrixApp.RUN_HEADER);
      Map<String, String> headers = new java.util.TreeMap<>(r.headers());
      headers.keySet().removeAll(AGENT_OR_RUN_HEADERS);
      byRun.computeIfAbsent(run, k -> new ArrayList<>()).add(r.method() + " " + r.path() + "?" + r.query() + " body="
          + r.bodyBytes() + " sha256=" + r.bodySha256() + " headers=" + headers);
    }
    List<String> plain = byRun.getOrDefault("plain", List.of());
    assertEquals(calls + 1, plain.size(), client + ": requests without the agent (the vendor calls and the warm-up)\n"
        + byRun);
    for (int i = 0; i < plain.size(); i++) {
      assertEquals(plain.get(i), byRun.getOrDefault("agent", List.of()).get(i),
          client + ": request " + i + " as the server got it, with the agent vs without");
    }
    assertNotNull(received.stream()
        .filter(r -> "agent".equals(r.headers().get(VendorMatrixApp.RUN_HEADER)) && r.traceparent() != null)
        .findAny().orElse(null), client + ": the agent's requests carry trace context");
  }

  private static String classPath(String client) {
    return switch (client) {
      case "jdk", "urlconnection" -> Artifacts.testClassesDir().toString();
      case "okhttp" -> Artifacts.testClassesDir() + File.pathSeparator + Artifacts.sampleBotJar();
      // OkHttp 5.5.1 (okhttp-jvm keeps the 4.x API the app is compiled against)
      case "okhttp5" -> Artifacts.testClassesDir() + File.pathSeparator + LlmClientChecks.classPath("okhttp-5");
      case "apache", "apache-async" -> ClientScenarioChecks.classPath(ClientScenarioChecks.APACHE_HTTPCLIENT5);
      case "reactor-netty" -> ClientScenarioChecks.classPath(ClientScenarioChecks.REACTOR_NETTY);
      case "apache4" -> ClientScenarioChecks.classPath(ClientScenarioChecks.APACHE_HTTPCLIENT4);
      default -> throw new IllegalArgumentException(client);
    };
  }

  /** scenario -> {status, audio, text, startMicros, firstByteMicros, endMicros, compressed}, in the order printed. */
  private static Map<String, String[]> results(ForkedJvm jvm) {
    Map<String, String[]> out = new LinkedHashMap<>();
    for (Matcher m : jvm.findLines(RESULT)) {
      out.put(m.group(1),
          new String[] {m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), m.group(7), m.group(8)});
    }
    return out;
  }
}
