package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.harness.AppWithAndWithoutAgent;
import dev.voicetrace.smoke.harness.ForkedJvm;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Spring AI's ElevenLabs client ({@code spring-ai-elevenlabs} 1.1.2, no Spring Boot; app in {@code
 * client-apps/spring-ai-elevenlabs}; 2.0.1 is not served by this build's mirror) against the fake
 * ElevenLabs route: {@code
 * ElevenLabsTextToSpeechModel.call} ({@code RestClient}), {@code .stream} ({@code WebClient}, a
 * {@code Flux} of audio chunks joined by the app) and {@code ElevenLabsApi.textToSpeech} (whose
 * {@code ResponseEntity} shows the app the {@code request-id}), on the two engines Spring picks by
 * itself: the JDK {@code HttpClient} (no other client on the class path) and Reactor Netty (with
 * {@code reactor-netty-http}). Each call is a configured session method; the app runs with and
 * without the agent and must get the same audio (length and SHA-256).
 *
 * <p>Each call is one {@code text_to_speech} span in its session's turn, from voicetrace's hook on
 * that engine, with upstream's HTTP span for that engine under it. For the {@code WebClient} stream,
 * voicetrace opens the span in a filter outside upstream's spring-webflux filter, so the one HTTP
 * span under it is upstream's spring-webflux span (which suppresses upstream's engine span, with or
 * without voicetrace), and the engine's hook takes the call over and reads the audio.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class SpringAiElevenLabsSmokeTest {
  private static final String APP = "dev.voicetrace.clients.SpringAiElevenLabsApp";
  private static final List<String> SCENARIOS = List.of("modelCall", "modelStream", "apiCall");
  /** As in the app. */
  private static final String TEXT = "Thanks for calling, how can I help you today?";
  private static final String MODEL = "eleven_flash_v2_5";
  private static final String VOICE = "21m00Tcm4TlvDq8ikWAM";
  private static final long TTFB_MS = 150;
  private static final Pattern RESULT =
      Pattern.compile("RESULT scenario=(\\w+) bytes=(\\d+) sha256=(\\w+) requestId=(\\S+)");

  /** No other HTTP client on the class path: Spring runs {@code RestClient} and {@code WebClient} on the JDK client. */
  @Test
  void onTheJdkHttpClientCallStreamAndApiCallAreOneTtsSpanEach(SmokeEnv env) {
    runAndCheck(env, "smoke-spring-ai-elevenlabs", "spring-ai-elevenlabs", "io.opentelemetry.java-http-client");
  }

  /**
   * With {@code reactor-netty-http} 1.2.13 on the class path (a Spring Boot WebFlux app), Spring runs
   * both on Reactor Netty ({@code client-apps/spring-ai-elevenlabs-reactor-netty}, the same app): the
   * span comes from voicetrace's Reactor Netty hook, upstream's Reactor Netty HTTP span under it. That
   * upstream span carries {@code error.type=cancelled} and no status code for Spring's Reactor
   * connectors, with or without voicetrace (upstream's own reading of how Spring releases the
   * connection; not asserted here). For the {@code WebClient} stream upstream makes no Reactor Netty
   * span (suppressed under its spring-webflux span), with or without voicetrace.
   */
  @Test
  void onReactorNettyCallStreamAndApiCallAreOneTtsSpanEach(SmokeEnv env) {
    runAndCheck(env, "smoke-spring-ai-elevenlabs-reactor-netty", "spring-ai-elevenlabs-reactor-netty",
        "io.opentelemetry.reactor-netty-1.0");
  }

  /** {@code innerHttpScope}: the instrumentation scope of upstream's HTTP span under each text_to_speech span. */
  private static void runAndCheck(SmokeEnv env, String service, String module, String innerHttpScope) {
    env.providers().control("{\"ttfbMs\":" + TTFB_MS + "}");
    String classPath = LlmClientChecks.classPath(module);
    AppWithAndWithoutAgent.Runs runs = AppWithAndWithoutAgent.of(service, classPath, APP)
        .args(env.providers().baseUrl())
        .sessionMethods(APP + "[" + String.join(",", SCENARIOS) + "]")
        .run(env);
    Map<String, String[]> with = results(runs.withAgent());
    Map<String, String[]> without = results(runs.plain());
    assertEquals(SCENARIOS, List.copyOf(without.keySet()), "scenarios the app ran without the agent");
    assertEquals(SCENARIOS, List.copyOf(with.keySet()), "scenarios the app ran with the agent");
    for (String s : SCENARIOS) {
      assertTrue(Long.parseLong(without.get(s)[0]) > 0, s + ": the app got audio");
      assertEquals(without.get(s)[0] + " " + without.get(s)[1], with.get(s)[0] + " " + with.get(s)[1],
          s + ": audio bytes and SHA-256 with and without the agent");
    }

    int n = SCENARIOS.size();
    TraceView view = new TraceView(env.receiver().awaitServiceSpans(service, n + " sessions with a TTS span each",
        spans -> {
          TraceView v = new TraceView(spans);
          return v.sessions().size() >= n && v.matching(VoiceSpans::isTts).size() >= n;
        }, Duration.ofSeconds(20)));
    List<ReceivedSpan> sessions = view.sessions();
    assertEquals(n, sessions.size(), "one session per scenario method\n" + view.render());
    for (int i = 0; i < n; i++) {
      String scenario = SCENARIOS.get(i);
      String[] app = with.get(scenario);
      ReceivedSpan session = sessions.get(i);
      List<ReceivedSpan> stages = view.descendants(session).stream().filter(VoiceSpans::isStage).toList();
      assertEquals(1, stages.size(), scenario + ": one stage span in its session\n" + view.renderTrace(session.traceId()));
      ReceivedSpan tts = stages.get(0);
      String where = scenario + ": " + tts.describe() + "\n" + view.renderTrace(tts.traceId());

      ReceivedSpan turn = view.parentOf(tts).orElse(null);
      assertNotNull(turn, where);
      assertEquals(TraceView.TURN, turn.name(), "the text_to_speech span's parent is the turn\n" + where);
      assertEquals(session.spanId(), turn.parentSpanId(), "the turn is the session's\n" + where);

      boolean stream = scenario.equals("modelStream");
      assertEquals("text_to_speech " + MODEL, tts.name(), where);
      assertEquals("CLIENT", tts.kind(), where);
      assertEquals("elevenlabs", tts.stringAttr("gen_ai.provider.name"), where);
      assertEquals(MODEL, tts.stringAttr("gen_ai.request.model"), where);
      assertEquals(VOICE, tts.stringAttr("gen_ai.speech.voice"), where);
      assertEquals("ulaw_8000", tts.stringAttr("voice.tts.audio_format"), where);
      assertEquals((long) TEXT.length(), tts.longAttr("voice.tts.characters"), where);
      assertEquals(stream, tts.boolAttr("voice.tts.streaming"), "the /stream endpoint\n" + where);
      assertEquals(Long.parseLong(app[0]), tts.longAttr("voice.tts.audio_bytes"), "audio bytes == bytes the app got\n"
          + where);
      if (scenario.equals("apiCall")) {
        assertEquals(app[2], tts.stringAttr("voice.provider.request_id"), "the request-id the app saw\n" + where);
      } else {
        assertNotNull(tts.stringAttr("voice.provider.request_id"), where);
      }
      Double ttfb = tts.doubleAttr("voice.ttfb");
      assertNotNull(ttfb, where);
      assertTrue(ttfb >= TTFB_MS / 1000.0, "voice.ttfb >= the server's " + TTFB_MS + " ms\n" + where);
      assertNotEquals("ERROR", tts.statusCode(), where);
      assertNotEquals(Boolean.TRUE, tts.boolAttr("voice.cancelled"), "read to the end: not cancelled\n" + where);

      List<ReceivedSpan> inner = view.descendants(tts);
      assertEquals(1, inner.size(), "only upstream's HTTP span under the text_to_speech span\n" + where);
      assertTrue(VoiceSpans.isHttpClient(inner.get(0)), where);
      assertEquals(tts.spanId(), inner.get(0).parentSpanId(), where);
      if (stream) {
        assertEquals("io.opentelemetry.spring-webflux-5.0", inner.get(0).scopeName(),
            "the WebClient exchange's own HTTP span, under the stage\n" + where);
      } else {
        assertEquals(innerHttpScope, inner.get(0).scopeName(), "the HTTP client Spring picked\n" + where);
      }
      List<ReceivedSpan> outer = view.descendants(session).stream()
          .filter(s -> s != turn && s != tts && !inner.contains(s)).toList();
      assertEquals(List.of(), outer, "nothing else in the session\n" + where);
    }
  }

  /** scenario -> {bytes, sha256, requestId}. */
  private static Map<String, String[]> results(ForkedJvm jvm) {
    Map<String, String[]> out = new LinkedHashMap<>();
    for (Matcher m : jvm.findLines(RESULT)) {
      out.put(m.group(1), new String[] {m.group(2), m.group(3), m.group(4)});
    }
    return out;
  }
}
