package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.voicetrace.smoke.apps.OpenAiRetriesApp;
import dev.voicetrace.smoke.harness.AgentProperties;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.ForkedJvm;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * openai-java's built-in retries stay one {@code chat} span with {@code voice.attempts}, each HTTP
 * attempt a child: 500, 500, 200 (blocking); 503, 200 (streamed, ending when the stream is consumed);
 * 429, 429 (the SDK gives up: an ERROR span, and the app sees the SDK's exception unchanged); and on
 * the async client, whose retry loop sends each attempt from another thread, 500, 500, 200 and 429, 429.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class OpenAiRetriesSmokeTest {
  private static final String SERVICE = "smoke-openai-retries";
  private static final String APP = OpenAiRetriesApp.class.getName();

  @Test
  void retriedRequestsAreOneChatSpanWithTheirAttempts(SmokeEnv env) {
    ForkedJvm.Builder app = ForkedJvm.builder("openai-retries-app")
        .javaagent(Artifacts.agentJar())
        .systemProperties(AgentProperties.exportingTo(env.receiver(), SERVICE))
        .systemProperty("otel.instrumentation.voicetrace.session.methods",
            APP + "[handleTransientOutage,handleTransientOutageStreamed,handlePersistentOutage,"
                + "handleTransientOutageAsync,handlePersistentOutageAsync]")
        .mainClass(Artifacts.testClassesDir() + File.pathSeparator + Artifacts.sampleBotJar(), APP)
        .args(env.providers().baseUrl());
    try (ForkedJvm jvm = app.start()) {
      assertEquals(0, jvm.awaitExit(Duration.ofSeconds(60)), "app exit code\n" + jvm.tail());
      jvm.awaitLine(Pattern.compile("APP_SAW RateLimitException CA-retry-exhausted"), Duration.ofSeconds(1));
      jvm.awaitLine(Pattern.compile("ASYNC CA-retry-async id="), Duration.ofSeconds(1));
      jvm.awaitLine(Pattern.compile("APP_SAW RateLimitException CA-retry-async-exhausted"), Duration.ofSeconds(1));
      jvm.awaitLine(Pattern.compile("RETRIES_APP_DONE"), Duration.ofSeconds(1));
    }
    assertEquals(3, env.providers().requestsOf("CA-retry-blocking").size(), "attempts the provider saw");
    assertEquals(2, env.providers().requestsOf("CA-retry-streamed").size());
    assertEquals(2, env.providers().requestsOf("CA-retry-exhausted").size());
    assertEquals(3, env.providers().requestsOf("CA-retry-async").size());
    assertEquals(2, env.providers().requestsOf("CA-retry-async-exhausted").size());

    TraceView view = new TraceView(env.receiver().awaitServiceSpans(SERVICE, "5 sessions with their chat spans",
        spans -> new TraceView(spans).sessions().size() >= 5
            && spans.stream().filter(s -> s.name().startsWith("chat")).count() >= 5,
        Duration.ofSeconds(15)));
    List<ReceivedSpan> chats = view.matching(s -> s.name().startsWith("chat"));
    assertEquals(5, chats.size(), "one chat span per logical request, not per attempt\n" + view.render());

    assertAttempts(view, env, "CA-retry-blocking", 3, List.of(500L, 500L, 200L), false);
    assertAttempts(view, env, "CA-retry-streamed", 2, List.of(503L, 200L), false);
    assertAttempts(view, env, "CA-retry-exhausted", 2, List.of(429L, 429L), true);
    assertAttempts(view, env, "CA-retry-async", 3, List.of(500L, 500L, 200L), false);
    assertAttempts(view, env, "CA-retry-async-exhausted", 2, List.of(429L, 429L), true);
  }

  private static void assertAttempts(TraceView view, SmokeEnv env, String callSid, long attempts, List<Long> statuses,
      boolean error) {
    String trace = env.providers().requestsOf(callSid).get(0).traceId();
    List<ReceivedSpan> chats = view.trace(trace).stream().filter(s -> s.name().startsWith("chat")).toList();
    assertEquals(1, chats.size(), callSid + "\n" + view.renderTrace(trace));
    ReceivedSpan chat = chats.get(0);
    assertEquals(attempts, chat.longAttr("voice.attempts"), chat.describe());
    List<ReceivedSpan> http = view.children(chat);
    assertEquals(statuses, http.stream().map(s -> s.longAttr("http.response.status_code")).toList(),
        "each attempt's HTTP span under the chat span, in order\n" + view.renderTrace(trace));
    for (var request : env.providers().requestsOf(callSid)) {
      assertEquals(trace, request.traceId(), "every attempt in the call's trace");
    }
    if (error) {
      assertEquals("ERROR", chat.statusCode(), chat.describe());
      assertEquals("429", chat.stringAttr("error.type"), chat.describe());
    } else {
      assertEquals("UNSET", chat.statusCode(), chat.describe());
      assertNull(chat.stringAttr("error.type"), chat.describe());
    }
  }
}
