package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.apps.ClientScenarios;
import dev.voicetrace.smoke.apps.RedirectApp;
import dev.voicetrace.smoke.harness.AppWithAndWithoutAgent;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * A TTS request the provider answers with a 307 or 308 redirect, which the client follows itself, is one
 * stage span for the whole exchange, with the audio and the request's facts counted once (the body is sent
 * twice), and every HTTP span upstream makes for it nested under the stage. The clients: the JDK {@code
 * HttpClient} ({@code followRedirects(NORMAL)}), OkHttp, Apache HttpClient 5 classic and async (both follow by
 * default), Apache HttpClient 4.5 ({@code LaxRedirectStrategy}), {@code HttpURLConnection} (307 only: it does
 * not follow a 308) and Reactor Netty ({@code followRedirect(true)}). Upstream makes one HTTP span for the
 * exchange on most (the original URL, status 200), and one per request sent on OkHttp and Reactor Netty (the
 * 307 or 308, then the 200 with {@code http.request.resend_count} 1). The app sees the same status and bytes
 * with and without the agent ({@link RedirectApp}).
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class RedirectSmokeTest {
  private static final Pattern RESULT = Pattern.compile("RESULT case=(\\S+) status=(\\d+) bytes=(\\d+) sha256=(\\w+)");

  @Test
  void aFollowedRedirectIsOneStageSpanWithEveryHttpSpanUnderIt(SmokeEnv env) {
    String service = "smoke-redirect";
    String app = RedirectApp.class.getName();
    String cp = ClientScenarioChecks.classPath(Stream.of(ClientScenarioChecks.APACHE_HTTPCLIENT5,
            ClientScenarioChecks.APACHE_HTTPCLIENT4, ClientScenarioChecks.REACTOR_NETTY)
        .flatMap(Stream::of).toArray(String[]::new)) + File.pathSeparator + Artifacts.sampleBotJar();
    AppWithAndWithoutAgent.Runs runs = AppWithAndWithoutAgent.of(service, cp, app)
        .args(env.providers().baseUrl())
        .sessionMethods(app + "[tts]")
        .run(env);
    List<String> seenWith = runs.withAgent().findLines(RESULT).stream().map(Matcher::group).toList();
    List<String> seenWithout = runs.plain().findLines(RESULT).stream().map(Matcher::group).toList();
    int n = RedirectApp.CASES.length;
    assertEquals(n, seenWithout.size(), "results without the agent: " + seenWithout);
    assertEquals(seenWithout, seenWith, "status, byte count and SHA-256 the app saw without the agent and with it");
    // each call reached the server twice (the redirect, then the audio), in both JVMs
    assertEquals(4 * n, env.providers().requests().size(), "requests the fake server got (2 per call, 2 JVMs)");

    int httpSpans = Stream.of(RedirectApp.CASES).mapToInt(RedirectSmokeTest::upstreamHttpSpans).sum();
    TraceView view = new TraceView(env.receiver().awaitServiceSpans(service, n + " TTS stages",
        spans -> spans.stream().filter(VoiceSpans::isTts).count() >= n
            && spans.stream().filter(VoiceSpans::isHttpClient).count() >= httpSpans, Duration.ofSeconds(20)));
    List<ReceivedSpan> sessions = view.sessions();
    assertEquals(n, sessions.size(), "one session per call\n" + view.render());
    List<Executable> checks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = RedirectApp.CASES[i];
      String result = seenWith.get(i);
      ReceivedSpan session = sessions.get(i);
      checks.add(() -> checkCall(view, session, name, result));
    }
    assertAll(checks); // every client's failures at once
  }

  private static void checkCall(TraceView view, ReceivedSpan session, String name, String result) {
    Matcher seen = RESULT.matcher(result);
    assertTrue(seen.matches(), result);
    assertEquals(name, seen.group(1), "sessions in the order of the calls");
    assertEquals("200", seen.group(2), seen.group());
    List<ReceivedSpan> stages = view.descendants(session).stream().filter(VoiceSpans::isStage).toList();
    String where = name + "\n" + view.renderTrace(session.traceId());
    assertEquals(1, stages.size(), "one stage span for the redirected call\n" + where);
    ReceivedSpan stage = stages.get(0);
    assertTrue(VoiceSpans.isTts(stage), where);
    assertFalse("ERROR".equals(stage.statusCode()), "a followed redirect is not an error\n" + where);
    assertEquals(Long.parseLong(seen.group(3)), stage.longAttr("voice.tts.audio_bytes"),
        "audio bytes = the bytes the app read (the redirect's empty body adds none)\n" + where);
    assertEquals(ClientScenarios.TTS_MODEL, stage.stringAttr("gen_ai.request.model"), where);
    assertEquals((long) ClientScenarios.TTS_TEXT.length(), stage.longAttr("voice.tts.characters"),
        "characters counted once, though the body was sent twice\n" + where);
    List<ReceivedSpan> http = view.descendants(session).stream().filter(VoiceSpans::isHttpClient).toList();
    assertEquals(upstreamHttpSpans(name), http.size(), "upstream's HTTP span(s)\n" + where);
    for (ReceivedSpan h : http) {
      assertEquals(stage.spanId(), h.parentSpanId(), "every upstream HTTP span nests under the stage\n" + where);
    }
  }

  /**
   * The HTTP client spans upstream's agent makes for one followed redirect: OkHttp and Reactor Netty one per
   * request sent (the 307/308, then the 200); the others one for the whole exchange.
   */
  private static int upstreamHttpSpans(String name) {
    return name.startsWith("okhttp-") || name.startsWith("reactor-") ? 2 : 1;
  }
}
