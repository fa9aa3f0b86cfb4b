package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.harness.AgentProperties;
import dev.voicetrace.smoke.harness.AppWithAndWithoutAgent;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.ForkedJvm;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Amazon Polly through the AWS SDK for Java v2 ({@code software.amazon.awssdk:polly} 2.59.1, app in
 * {@code client-apps/aws-polly}): {@code PollyClient.synthesizeSpeech} against the fake Polly route,
 * signed (SigV4) with static fake credentials, region us-east-1, the endpoint overridden. Each
 * scenario is a configured session method making one request on a client of its own; the app runs
 * with and without the agent and must see the same status, audio (length and SHA-256), billed
 * characters and content type.
 *
 * <p>Synchronous clients: voicetrace opens the {@code text_to_speech} span when the SDK's client handler
 * starts executing {@code SynthesizeSpeech} ({@code voicetrace-aws-sdk}), and voicetrace's hook on the SDK's
 * synchronous HTTP SPI ({@code SdkHttpClient.prepareRequest}) takes it over and reports the body, whichever
 * client runs under it: {@code UrlConnectionHttpClient} ({@code HttpURLConnection}), {@code Apache5HttpClient}
 * (Apache HttpClient 5 classic), the SDK's default {@code ApacheHttpClient} (Apache HttpClient 4.5) and the
 * AWS Common Runtime's native {@code AwsCrtHttpClient}. Upstream's AWS SDK instrumentation ({@code aws-sdk}, on in
 * the voice profile) makes a CLIENT span {@code Polly.SynthesizeSpeech} for every call inside that handler,
 * so it nests under the {@code text_to_speech} span, and it suppresses upstream's HTTP span under it, as it
 * does without voicetrace; for a {@code ResponseInputStream} it ends when the SDK hands the stream to the
 * app, before the audio is read. The SDK's retries are one span with {@code voice.attempts}.
 *
 * <p>{@code PollyAsyncClient}: the same, around the SDK's asynchronous client handler; the HTTP hook that
 * takes the call over is voicetrace's on the SDK's asynchronous HTTP client SPI ({@code
 * SdkAsyncHttpClient.execute}), tested on {@code NettyNioAsyncHttpClient} and {@code
 * AwsCrtAsyncHttpClient}, and the attempts the SDK's asynchronous retry loop sends from its scheduler are
 * the same call.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class AwsPollySdkSmokeTest {
  private static final String APP = "dev.voicetrace.clients.AwsPollyApp";
  private static final long TTFB_MS = 150;
  private static final long END_SLACK_MICROS = 10_000;
  private static final String AWS_SPAN = "Polly.SynthesizeSpeech";
  private static final String AWS_SCOPE = "io.opentelemetry.aws-sdk-2.2";
  private static final Pattern RESULT = Pattern.compile("RESULT scenario=(\\w+) status=(\\d+) bytes=(\\d+)"
      + " sha256=(\\w+) characters=(\\d+) contentType=(\\S+) requestId=(\\S+) endMicros=(\\d+)");

  /** What the app saw for one scenario. */
  record Seen(String status, long bytes, String sha256, long characters, String contentType, String requestId,
      long endMicros) {
    /** What must be the same with and without the agent (not the random request id, nor the time). */
    String comparable() {
      return status + " " + bytes + " " + sha256 + " " + characters + " " + contentType;
    }
  }

  /**
   * {@code UrlConnectionHttpClient}, {@code Apache5HttpClient} and the default {@code ApacheHttpClient}, each with a {@code
   * ResponseInputStream} read to its end ({@code *Stream}: 16 kHz PCM, Joanna) and with {@code
   * ResponseTransformer.toBytes()} ({@code *Bytes}: 22.05 kHz MP3, Matthew): one {@code
   * text_to_speech neural} span per call under the session's turn, with upstream's {@code
   * Polly.SynthesizeSpeech} span under it and no HTTP span (upstream suppresses it under its SDK span).
   * The scenarios run on the client their name says; the trace no longer names it, as upstream's HTTP span
   * is not there: the request id, audio bytes and characters the transport hook read show it took over.
   */
  @Test
  void onUrlConnectionApache5AndDefaultApache4EachCallIsOneTtsSpan(SmokeEnv env) {
    checkEachCallIsOneTtsSpan(env, "smoke-aws-polly", List.of("urlConnectionStream", "urlConnectionBytes",
        "apache5Stream", "apache5Bytes", "apache4Stream", "apache4Bytes"));
  }

  /**
   * The AWS Common Runtime's synchronous {@code AwsCrtHttpClient}: native HTTP, no Java HTTP client under it
   * for a transport hook to see, so voicetrace's hook on the SDK's synchronous HTTP SPI ({@code
   * SdkHttpClient.prepareRequest}: the prepared request's {@code call()} and the body stream it returns) takes
   * the call over. The same checks as on the other synchronous clients: a {@code ResponseInputStream} read
   * to its end ends the span at the app's end of body (without the hook the span would end when the SDK
   * returned the stream, with no audio bytes), and the bytes of a {@code toBytes()} body are counted.
   */
  @Test
  void onTheCrtSyncClientEachCallIsOneTtsSpan(SmokeEnv env) {
    checkEachCallIsOneTtsSpan(env, "smoke-aws-polly-crt", List.of("crtStream", "crtBytes"));
  }

  /** Runs {@code scenarios} with and without the agent, then checks one TTS span per call ({@link #checkOneTtsSpanPerCall}). */
  private static void checkEachCallIsOneTtsSpan(SmokeEnv env, String service, List<String> scenarios) {
    Map<String, Seen> seen = runWithAndWithoutAgent(env, service, scenarios);
    int n = scenarios.size();
    TraceView view = new TraceView(env.receiver().awaitServiceSpans(service,
        n + " sessions, " + n + " TTS spans and " + n + " " + AWS_SPAN + " spans", spans -> {
          TraceView v = new TraceView(spans);
          return v.sessions().size() >= n && v.matching(VoiceSpans::isTts).size() >= n
              && v.named(AWS_SPAN).size() >= n;
        }, Duration.ofSeconds(20)));
    checkOneTtsSpanPerCall(env, view, scenarios, seen);
  }

  /**
   * Each scenario's session: one {@code text_to_speech neural} span under the turn with what the app got,
   * upstream's SDK span under it, and nothing else.
   */
  private static void checkOneTtsSpanPerCall(SmokeEnv env, TraceView view, List<String> scenarios,
      Map<String, Seen> seen) {
    int n = scenarios.size();
    List<ReceivedSpan> sessions = view.sessions();
    assertEquals(n, sessions.size(), "one session per scenario method\n" + view.render());

    for (int i = 0; i < n; i++) {
      String scenario = scenarios.get(i);
      Seen app = seen.get(scenario);
      ReceivedSpan session = sessions.get(i);
      List<ReceivedSpan> stages = view.descendants(session).stream().filter(VoiceSpans::isStage).toList();
      assertEquals(1, stages.size(), scenario + ": one stage span in its session\n" + view.renderTrace(session.traceId()));
      ReceivedSpan tts = stages.get(0);
      String where = scenario + ": " + tts.describe() + "\n" + view.renderTrace(tts.traceId());

      ReceivedSpan turn = view.parentOf(tts).orElse(null);
      assertNotNull(turn, where);
      assertEquals(TraceView.TURN, turn.name(), "the text_to_speech span's parent is the turn\n" + where);
      assertEquals(session.spanId(), turn.parentSpanId(), "the turn is the session's\n" + where);

      boolean stream = scenario.endsWith("Stream");
      assertEquals("text_to_speech neural", tts.name(), where);
      assertEquals("CLIENT", tts.kind(), where);
      assertEquals("text_to_speech", tts.stringAttr("gen_ai.operation.name"), where);
      assertEquals("aws.polly", tts.stringAttr("gen_ai.provider.name"), where);
      assertEquals(stream ? "Joanna" : "Matthew", tts.stringAttr("gen_ai.speech.voice"), where);
      assertEquals(stream ? "pcm_16000" : "mp3_22050", tts.stringAttr("voice.tts.audio_format"), where);
      assertEquals(stream ? "audio/pcm" : "audio/mpeg", app.contentType(), "the fake's content type, as the SDK read it");
      assertEquals(app.characters(), tts.longAttr("voice.tts.characters"),
          "characters == the SDK's requestCharacters() (x-amzn-RequestCharacters)\n" + where);
      assertEquals(app.bytes(), tts.longAttr("voice.tts.audio_bytes"), "audio bytes == bytes the app read\n" + where);
      assertEquals(app.requestId(), tts.stringAttr("voice.provider.request_id"),
          "the request id the SDK reported (x-amzn-RequestId)\n" + where);
      Double ttfb = tts.doubleAttr("voice.ttfb");
      assertNotNull(ttfb, where);
      assertTrue(ttfb >= TTFB_MS / 1000.0, "voice.ttfb >= the server's " + TTFB_MS + " ms\n" + where);
      assertNotEquals("ERROR", tts.statusCode(), where);
      assertNotEquals(Boolean.TRUE, tts.boolAttr("voice.cancelled"), "read to the end: not cancelled\n" + where);
      if (stream) {
        // the app reads the ResponseInputStream itself: the span ends at its end of body
        long endMicros = tts.endEpochNanos() / 1000;
        assertTrue(Math.abs(endMicros - app.endMicros()) <= END_SLACK_MICROS,
            "the span ends within 10 ms of the app's end of body: " + (endMicros - app.endMicros()) + " µs\n" + where);
      }

      checkWhereTheRequestWent(env, tts, where);

      List<ReceivedSpan> inner = view.descendants(tts);
      assertEquals(1, inner.size(), "only upstream's SDK span under the text_to_speech span\n" + where);
      ReceivedSpan aws = awsSpan(view, session, tts, app, where);
      assertTrue(aws.startEpochNanos() >= tts.startEpochNanos(), "the stage opens around the SDK's span\n" + where);
      List<String> names = view.descendants(session).stream().map(ReceivedSpan::name).sorted().toList();
      assertEquals(List.of(AWS_SPAN, "text_to_speech neural", TraceView.TURN), names,
          "nothing else in the session: upstream's HTTP span is suppressed under its SDK span\n" + where);
    }
  }

  /**
   * {@code PollyAsyncClient} on {@code NettyNioAsyncHttpClient} and on the AWS Common Runtime's {@code
   * AwsCrtAsyncHttpClient} ({@code AsyncResponseTransformer.toBytes()}):
   * the span opened around the SDK's asynchronous client handler, taken over by voicetrace's hook on the
   * SDK's {@code SdkAsyncHttpClient.execute}, gives the same one {@code text_to_speech neural} span per call
   * under the turn, with the same attributes as on the blocking clients, ending when the body's last buffer
   * reached the SDK; upstream's {@code Polly.SynthesizeSpeech} span under it, and upstream's HTTP span (Netty;
   * the CRT client has none) suppressed under that one.
   */
  @Test
  void onNettyAndCrtEachAsyncCallIsOneTtsSpan(SmokeEnv env) {
    checkEachCallIsOneTtsSpan(env, "smoke-aws-polly-netty", List.of("nettyAsyncBytes", "crtAsyncBytes"));
  }

  /**
   * The SDK's own retries: the fake answers the first two attempts of each call 500, the SDK (standard
   * retry mode, 3 attempts) tries again and the app gets its audio. voicetrace opens the call around the
   * SDK's client handler, which runs the retry loop, so the three attempts are one {@code text_to_speech}
   * span with {@code voice.attempts} 3, not ERROR (the last attempt succeeded), with the audio and request
   * id of the last attempt, and upstream's one {@code Polly.SynthesizeSpeech} span under it. The fake's
   * failure count is one for the whole server, so each call runs alone in a JVM of its own, with and
   * then without the agent (the app gets the same audio).
   */
  @Test
  void sdkRetriesAreOneTtsSpanWithItsAttempts(SmokeEnv env) {
    List<String> scenarios = List.of("urlConnectionBytes", "apache5Stream", "crtStream", "nettyAsyncBytes",
        "crtAsyncBytes");
    String service = "smoke-aws-polly-retries";
    Map<String, Seen> seen = new LinkedHashMap<>();
    for (String scenario : scenarios) {
      // one call per run, each run with its own two failures, with the agent and then without it
      Seen with = runAlone(env, service, scenario, true);
      Seen without = runAlone(env, service + "-plain", scenario, false);
      assertEquals(without.comparable(), with.comparable(),
          scenario + ": what the app got with and without the agent");
      seen.put(scenario, with);
    }
    assertEquals(2 * 3 * scenarios.size(), env.providers().requests().stream()
        .filter(r -> r.path().equals("/v1/speech")).count(),
        "three attempts per call reached the fake, in the runs with and without the agent");

    int n = scenarios.size();
    TraceView view = new TraceView(env.receiver().awaitServiceSpans(service,
        n + " sessions with a TTS span and an " + AWS_SPAN + " span each", spans -> {
          TraceView v = new TraceView(spans);
          return v.sessions().size() >= n && v.matching(VoiceSpans::isTts).size() >= n
              && v.named(AWS_SPAN).size() >= n;
        }, Duration.ofSeconds(20)));
    List<ReceivedSpan> sessions = view.sessions();
    assertEquals(n, sessions.size(), view.render());
    for (int i = 0; i < n; i++) {
      String scenario = scenarios.get(i);
      Seen app = seen.get(scenario);
      ReceivedSpan session = sessions.get(i);
      String where = scenario + "\n" + view.renderTrace(session.traceId());
      List<ReceivedSpan> turns = view.children(session).stream().filter(VoiceSpans::isTurn).toList();
      assertEquals(1, turns.size(), "one turn\n" + where);
      List<ReceivedSpan> stages = view.children(turns.get(0));
      assertEquals(1, stages.size(), "the three attempts are one text_to_speech span\n" + where);
      ReceivedSpan tts = stages.get(0);
      assertTrue(VoiceSpans.isTts(tts), where);
      assertEquals("aws.polly", tts.stringAttr("gen_ai.provider.name"), where);
      assertEquals(3L, tts.longAttr("voice.attempts"), where);
      assertEquals("UNSET", tts.statusCode(), "the last attempt succeeded\n" + where);
      assertEquals(null, tts.stringAttr("error.type"), where);
      assertEquals(app.bytes(), tts.longAttr("voice.tts.audio_bytes"),
          "audio bytes == bytes the app read, none from the error bodies\n" + where);
      assertEquals(app.requestId(), tts.stringAttr("voice.provider.request_id"), where);
      checkWhereTheRequestWent(env, tts, where);
      ReceivedSpan aws = awsSpan(view, session, tts, app, where);
      assertEquals(200L, aws.longAttr("http.response.status_code"), where);
      assertEquals(List.of(aws), view.descendants(tts), "nothing else under the stage\n" + where);
    }
  }

  /**
   * Barge-in on {@code PollyAsyncClient} (Netty): the app takes the PCM audio as a publisher ({@code
   * AsyncResponseTransformer.toPublisher()}, the SDK's future completing at the response's headers) and
   * cancels the subscription after 8,000 bytes of the 105,600 the fake streams in 1,600-byte chunks 20 ms
   * apart. One {@code text_to_speech} span under the turn, {@code voice.cancelled}, not ERROR, audio bytes ==
   * the bytes the app got, ending within 10 ms of the cancel; with and without the agent the app got 200, the
   * same billed characters and content type, and part of the audio (the first 8,000 bytes or a chunk more).
   * The same barge-in on the CRT synchronous client ({@code crtAbort}): 8,000 bytes read from the {@code
   * ResponseInputStream}, then {@code abort()}.
   */
  @Test
  void aStreamCancelledMidwayEndsItsSpanAtTheCancel(SmokeEnv env) {
    checkCancelledMidway(env, "nettyAsyncCancel", "smoke-aws-polly-cancel");
    checkCancelledMidway(env, "crtAbort", "smoke-aws-polly-abort");
  }

  private static void checkCancelledMidway(SmokeEnv env, String scenario, String service) {
    String paced = "{\"ttfbMs\":" + TTFB_MS + ",\"chunkBytes\":1600,\"chunkMs\":20}";
    Seen with = runAlone(env, service, scenario, true, paced);
    Seen without = runAlone(env, service + "-plain", scenario, false, paced);
    for (Seen seen : List.of(with, without)) {
      assertEquals("200", seen.status());
      assertTrue(seen.bytes() >= 8000 && seen.bytes() < 105_600, "the app stopped partway: " + seen.bytes() + " bytes");
    }
    assertEquals(without.characters() + " " + without.contentType(), with.characters() + " " + with.contentType(),
        "what the SDK reported with and without the agent");

    TraceView view = new TraceView(env.receiver().awaitServiceSpans(service, "a session with a TTS span",
        spans -> {
          TraceView v = new TraceView(spans);
          return v.sessions().size() >= 1 && v.matching(VoiceSpans::isTts).size() >= 1;
        }, Duration.ofSeconds(20)));
    List<ReceivedSpan> sessions = view.sessions();
    assertEquals(1, sessions.size(), scenario + "\n" + view.render());
    List<ReceivedSpan> stages = view.descendants(sessions.get(0)).stream().filter(VoiceSpans::isStage).toList();
    assertEquals(1, stages.size(), scenario + "\n" + view.render());
    ReceivedSpan tts = stages.get(0);
    String where = scenario + ": " + tts.describe() + "\n" + view.renderTrace(tts.traceId());
    assertEquals(TraceView.TURN, view.parentOf(tts).map(ReceivedSpan::name).orElse(null), where);
    assertEquals("text_to_speech neural", tts.name(), where);
    assertEquals(Boolean.TRUE, tts.boolAttr("voice.cancelled"), "the app cancelled mid-stream\n" + where);
    assertNotEquals("ERROR", tts.statusCode(), "a barge-in is no error\n" + where);
    assertEquals(with.bytes(), tts.longAttr("voice.tts.audio_bytes"), "audio bytes == bytes the app got\n" + where);
    long gap = tts.endEpochNanos() / 1000 - with.endMicros();
    assertTrue(Math.abs(gap) <= END_SLACK_MICROS, "the span ends within 10 ms of the app's cancel: " + gap + " µs\n"
        + where);
    awsSpan(view, sessions.get(0), tts, with, where);
  }

  /** The SDK cannot know its endpoint when the call opens: the transport that took it over names it. */
  private static void checkWhereTheRequestWent(SmokeEnv env, ReceivedSpan tts, String where) {
    java.net.URI fake = java.net.URI.create(env.providers().baseUrl());
    assertEquals(fake.getHost(), tts.stringAttr("server.address"), where);
    assertEquals((long) fake.getPort(), tts.longAttr("server.port"), where);
  }

  /** Runs the app for one scenario whose first two attempts the fake answers 500; returns what it got. */
  private static Seen runAlone(SmokeEnv env, String service, String scenario, boolean agent) {
    return runAlone(env, service, scenario, agent, "{\"ttfbMs\":" + TTFB_MS
        + ",\"failPath\":\"/v1/speech\",\"failStatus\":500,\"failTimes\":2}");
  }

  /** Runs the app for one scenario, the fake set up by {@code control}; returns what the app got. */
  private static Seen runAlone(SmokeEnv env, String service, String scenario, boolean agent, String control) {
    env.providers().control(control);
    ForkedJvm.Builder builder = ForkedJvm.builder(service + "-" + scenario);
    if (agent) {
      builder.javaagent(Artifacts.agentJar())
          .systemProperties(AgentProperties.exportingTo(env.receiver(), service))
          .systemProperty("otel.instrumentation.voicetrace.session.methods", APP + "[" + scenario + "]");
    }
    try (ForkedJvm jvm = builder.mainClass(LlmClientChecks.classPath("aws-polly"), APP)
        .args(env.providers().baseUrl(), scenario).start()) {
      assertEquals(0, jvm.awaitExit(Duration.ofSeconds(60)), scenario + "\n" + jvm.tail());
      Seen seen = results(jvm).get(scenario);
      assertNotNull(seen, scenario + "\n" + jvm.tail());
      return seen;
    }
  }

  /** The session's one upstream AWS SDK span, a child of {@code parent}, for this request. */
  private static ReceivedSpan awsSpan(TraceView view, ReceivedSpan session, ReceivedSpan parent, Seen app,
      String where) {
    List<ReceivedSpan> aws = view.descendants(session).stream().filter(s -> s.name().equals(AWS_SPAN)).toList();
    assertEquals(1, aws.size(), "one " + AWS_SPAN + " span from upstream's AWS SDK instrumentation\n" + where);
    ReceivedSpan span = aws.get(0);
    assertEquals(AWS_SCOPE, span.scopeName(), where);
    assertEquals("CLIENT", span.kind(), where);
    assertEquals(parent.spanId(), span.parentSpanId(), "the SDK's span is a child of " + parent.name() + "\n" + where);
    assertEquals(app.requestId(), span.stringAttr("aws.request_id"), where);
    assertEquals("POST", span.stringAttr("http.request.method"), where);
    return span;
  }

  /** Runs the app with the agent and without it at the same time; checks both saw the same; returns the agent run's. */
  private static Map<String, Seen> runWithAndWithoutAgent(SmokeEnv env, String service, List<String> scenarios) {
    env.providers().control("{\"ttfbMs\":" + TTFB_MS + "}");
    String classPath = LlmClientChecks.classPath("aws-polly");
    List<String> args = new ArrayList<>();
    args.add(env.providers().baseUrl());
    args.addAll(scenarios);
    AppWithAndWithoutAgent.Runs runs = AppWithAndWithoutAgent.of(service, classPath, APP)
        .args(args.toArray(String[]::new))
        .sessionMethods(APP + "[" + String.join(",", scenarios) + "]")
        .run(env);
    Map<String, Seen> with = results(runs.withAgent());
    Map<String, Seen> without = results(runs.plain());
    assertEquals(scenarios, List.copyOf(without.keySet()), "scenarios the app ran without the agent");
    assertEquals(scenarios, List.copyOf(with.keySet()), "scenarios the app ran with the agent");
    for (String s : scenarios) {
      assertEquals("200", without.get(s).status(), s);
      assertTrue(without.get(s).bytes() > 0, s);
      assertEquals(without.get(s).comparable(), with.get(s).comparable(),
          s + ": status, audio bytes and SHA-256, characters, content type with and without the agent");
      assertNotEquals("null", with.get(s).requestId(), s + ": the SDK read the request id");
    }
    return with;
  }

  private static Map<String, Seen> results(ForkedJvm jvm) {
    Map<String, Seen> out = new LinkedHashMap<>();
    for (Matcher m : jvm.findLines(RESULT)) {
      out.put(m.group(1), new Seen(m.group(2), Long.parseLong(m.group(3)), m.group(4), Long.parseLong(m.group(5)),
          m.group(6), m.group(7), Long.parseLong(m.group(8))));
    }
    return out;
  }
}
