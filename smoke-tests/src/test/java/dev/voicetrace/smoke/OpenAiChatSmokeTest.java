package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.apps.OpenAiClientApp;
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
 * openai-java chat completions through the agent: blocking, streamed to the end, and a stream
 * abandoned after its first chunk — one CLIENT {@code chat gpt-4o-mini} span each, in the session,
 * with what the request and response said.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class OpenAiChatSmokeTest {
  private static final String SERVICE = "smoke-openai-chat";
  private static final String APP = OpenAiClientApp.class.getName();

  @Test
  void blockingStreamedAndAbandonedChatCompletionsAreOneChatSpanEach(SmokeEnv env) {
    ForkedJvm.Builder app = ForkedJvm.builder("openai-client-app")
        .javaagent(Artifacts.agentJar())
        .systemProperties(AgentProperties.exportingTo(env.receiver(), SERVICE))
        .systemProperty("otel.instrumentation.voicetrace.session.methods", APP + "[handleCall]")
        .mainClass(Artifacts.testClassesDir() + File.pathSeparator + Artifacts.sampleBotJar(), APP)
        .args(env.providers().baseUrl());
    try (ForkedJvm jvm = app.start()) {
      assertEquals(0, jvm.awaitExit(Duration.ofSeconds(60)), "app exit code\n" + jvm.tail());
      jvm.awaitLine(Pattern.compile("OPENAI_APP_DONE"), Duration.ofSeconds(1));
    }

    TraceView view = new TraceView(env.receiver().awaitServiceSpans(SERVICE, "a session with 3 chat spans",
        spans -> spans.stream().filter(s -> s.name().startsWith("chat ")).count() >= 3
            && spans.stream().anyMatch(s -> s.name().equals(TraceView.SESSION)),
        Duration.ofSeconds(15)));
    List<ReceivedSpan> chats = view.matching(s -> s.name().startsWith("chat "));
    assertEquals(3, chats.size(), "one chat span per request, none from upstream's openai module\n" + view.render());
    ReceivedSpan session = view.sessions().get(0);
    for (ReceivedSpan chat : chats) {
      assertEquals("chat " + OpenAiClientApp.MODEL, chat.name(), chat.describe());
      assertEquals("CLIENT", chat.kind(), chat.describe());
      assertEquals("LLM", chat.stringAttr("openinference.span.kind"), chat.describe());
      assertEquals("openai", chat.stringAttr("gen_ai.provider.name"), chat.describe());
      assertEquals(0.4, chat.doubleAttr("gen_ai.request.temperature"), 1e-9, chat.describe());
      assertEquals(120L, chat.longAttr("gen_ai.request.max_tokens"), chat.describe());
      assertEquals(session.traceId(), chat.traceId(), "chat outside the session\n" + view.render());
      assertEquals(session.stringAttr("session.id"), chat.stringAttr("session.id"), chat.describe());
      assertNotNull(chat.doubleAttr("voice.ttfb"), chat.describe());
      assertEquals(1, view.children(chat).size(), "upstream's HTTP span nests under the chat span\n" + view.render());
    }

    ReceivedSpan blocking = chats.get(0);
    assertEquals(Boolean.FALSE, blocking.attributes().get("gen_ai.request.stream"), blocking.describe());
    assertNotNull(blocking.longAttr("gen_ai.usage.output_tokens"), blocking.describe());
    assertNotNull(blocking.stringAttr("gen_ai.response.model"), blocking.describe());
    assertNull(blocking.attributes().get("voice.cancelled"), blocking.describe());

    ReceivedSpan streamed = chats.get(1);
    assertEquals(Boolean.TRUE, streamed.attributes().get("gen_ai.request.stream"), streamed.describe());
    assertNotNull(streamed.longAttr("gen_ai.usage.input_tokens"), "usage from the final chunk: " + streamed.describe());
    assertEquals(List.of("stop"), streamed.attributes().get("gen_ai.response.finish_reasons"), streamed.describe());
    assertNotNull(streamed.doubleAttr("voice.llm.time_to_first_content"), streamed.describe());
    assertEquals(streamed.doubleAttr("voice.ttfb"), streamed.doubleAttr("gen_ai.response.time_to_first_chunk"),
        streamed.describe());
    assertNull(streamed.attributes().get("voice.cancelled"), streamed.describe());

    ReceivedSpan abandoned = chats.get(2);
    assertEquals(Boolean.TRUE, abandoned.attributes().get("voice.cancelled"), "closed after one chunk: "
        + abandoned.describe());
    assertTrue(abandoned.endEpochNanos() > abandoned.startEpochNanos(), abandoned.describe());
  }
}
