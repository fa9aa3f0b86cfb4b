package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.LlmClientChecks.Scenario;
import dev.voicetrace.smoke.harness.AgentProperties;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.ForkedJvm;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Spring AI's {@code OpenAiChatModel} (see {@link LlmClientChecks}). 1.x: {@code call} over {@code
 * RestClient} and {@code stream} over {@code WebClient}, app in {@code client-apps/spring-ai}. 2.x:
 * on the openai-java SDK with Spring AI's own OkHttp client, app in {@code client-apps/spring-ai-2}.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class SpringAiSmokeTest {
  private static final String APP = "dev.voicetrace.clients.SpringAiApp";
  private static final String APP_2 = "dev.voicetrace.clients.SpringAi2App";

  /**
   * Without another HTTP client on the class path, both go through the JDK {@code HttpClient}: one
   * {@code chat} span each. For the {@code WebClient} stream, voicetrace opens the {@code chat} span
   * in a filter outside upstream's spring-webflux filter, so upstream's spring-webflux HTTP span is
   * the one HTTP span under it (upstream suppresses its JDK span under its spring-webflux span, with
   * or without voicetrace); the JDK hook below takes the call over and reads the stream.
   */
  @Test
  void callAndStreamOnTheJdkHttpClientAreOneChatSpanEach(SmokeEnv env) {
    LlmClientChecks.runAndCheckAll(env, "smoke-spring-ai", APP, LlmClientChecks.classPath("spring-ai"),
        List.of(new Scenario("chatBlocking", false), new Scenario("chatStream", true, "spring-webflux")));
  }

  /**
   * With {@code reactor-netty-http} on the class path (a Spring Boot WebFlux app), Spring picks
   * Reactor Netty for both {@code RestClient} and {@code WebClient}: one {@code chat} span each, from
   * voicetrace's Reactor Netty hook, with upstream's Reactor Netty HTTP span under it for the {@code
   * RestClient} call and upstream's spring-webflux span (and no Reactor Netty span, suppressed under
   * it) for the {@code WebClient} stream.
   */
  @Test
  void callAndStreamOnReactorNettyAreOneChatSpanEach(SmokeEnv env) {
    LlmClientChecks.runAndCheckAll(env, "smoke-spring-ai-reactor-netty", APP,
        LlmClientChecks.classPath("spring-ai-reactor-netty"),
        List.of(new Scenario("chatBlocking", false), new Scenario("chatStream", true, "spring-webflux")));
  }

  /**
   * With Apache HttpClient 5 and {@code httpcore5-reactive} on the class path (and neither Reactor Netty
   * nor Jetty), Spring picks its HttpComponents engines: {@code RestClient} on the classic client
   * (voicetrace's Apache HttpClient 5 hook, upstream's Apache HTTP span under the {@code chat} span),
   * {@code WebClient} on the async client through reactive streams: voicetrace's {@code WebClient} filter
   * opens the span and the HC5 async hook takes it over and reads the stream (usage, finish reason, time
   * to first chunk), with upstream's spring-webflux span the one HTTP span under it. (In one run with
   * upstream's spring-webflux module turned off, no upstream HC5 span appeared under the chat span either.)
   */
  @Test
  void callAndStreamOnApacheHttpClient5AreOneChatSpanEach(SmokeEnv env) {
    LlmClientChecks.runAndCheckAll(env, "smoke-spring-ai-apache", APP, LlmClientChecks.classPath("spring-ai-apache"),
        List.of(new Scenario("chatBlocking", false, "apache-httpclient-5"),
            new Scenario("chatStream", true, "spring-webflux")));
  }

  /**
   * Spring AI 2.0.1: {@code OpenAiChatModel.builder().options(…).build()} builds openai-java's
   * clients itself ({@code ClientOptions.builder().httpClient(…)}, {@code new OpenAIClientImpl}, not
   * openai-java's {@code OpenAIOkHttpClient} builder) on Spring AI's own {@code
   * SpringAiOpenAiHttpClient}, which is OkHttp (4.12.0, not openai-java-client-okhttp): {@code call}
   * is a blocking OkHttp {@code execute}, {@code stream} an async {@code enqueue} (openai-java's
   * {@code createStreaming} on the async client, bridged to a {@code Flux}). Both go through
   * openai-java's retry loop (Spring AI's default {@code maxRetries} 3; none is needed here). One
   * {@code chat} span each, from voicetrace's OkHttp hook, with upstream's OkHttp HTTP span under it
   * and no other HTTP span: Spring AI 2.x has no {@code RestClient}/{@code WebClient} above it.
   */
  @Test
  void springAi2CallAndStreamOnItsOkHttpClientAreOneChatSpanEach(SmokeEnv env) {
    LlmClientChecks.runAndCheckAll(env, "smoke-spring-ai-2", APP_2, LlmClientChecks.classPath("spring-ai-2"),
        List.of(new Scenario("chatBlocking", false), new Scenario("chatStream", true)));
  }

  private static final Pattern BARGE_IN = Pattern.compile("BARGE_IN content=(\\S*) cancelMicros=(\\d+)");

  /**
   * Barge-in on a streamed reply, on each HTTP engine Spring AI 1.x's {@code WebClient} picks (the JDK {@code
   * HttpClient}, Reactor Netty, Apache HttpClient 5 async): the fake streams the chat 80 ms per chunk, the bot
   * takes {@code SpringAiApp.BARGE_IN_AFTER} responses and cancels the {@code Flux}, then answers the caller with
   * a blocking call in the same session. The streamed {@code chat} span is {@code voice.cancelled}, not ERROR,
   * and ends within 10 ms of the cancel (not when the server finished the stream, nor when the session ended
   * after the next call); the app read the same text with and without the agent.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"spring-ai", "spring-ai-reactor-netty", "spring-ai-apache"})
  void aStreamTheBotStopsListeningToEndsItsSpanAtTheCancel(String module, SmokeEnv env) {
    env.providers().control("{\"chunkMs\":80}");
    String service = "smoke-" + module + "-barge-in";
    Matcher with = bargeIn(env, module, service, true);
    Matcher without = bargeIn(env, module, service + "-plain", false);
    assertEquals(without.group(1), with.group(1), "the text the bot heard before it stopped, with and without the agent");
    assertTrue(!with.group(1).isEmpty(), "the bot heard part of the reply");

    TraceView view = new TraceView(env.receiver().awaitServiceSpans(service, "a session with two chat spans",
        spans -> {
          TraceView v = new TraceView(spans);
          return v.sessions().size() >= 1 && v.matching(VoiceSpans::isChat).size() >= 2;
        }, Duration.ofSeconds(20)));
    List<ReceivedSpan> chats = view.matching(VoiceSpans::isChat);
    assertEquals(2, chats.size(), "the stream cut short and the answer after it\n" + view.render());
    List<ReceivedSpan> streamed = chats.stream()
        .filter(c -> Boolean.TRUE.equals(c.attributes().get("gen_ai.request.stream"))).toList();
    assertEquals(1, streamed.size(), view.render());
    ReceivedSpan chat = streamed.get(0);
    String where = module + ": " + chat.describe() + "\n" + view.renderTrace(chat.traceId());
    assertEquals(view.sessions().get(0).traceId(), chat.traceId(), "the chat is in the session\n" + where);
    assertEquals(Boolean.TRUE, chat.boolAttr("voice.cancelled"), "the bot stopped listening mid-stream\n" + where);
    assertNotEquals("ERROR", chat.statusCode(), "a barge-in is no error\n" + where);
    long gap = chat.endEpochNanos() / 1000 - Long.parseLong(with.group(2));
    assertTrue(Math.abs(gap) <= 10_000, "the span ends within 10 ms of the cancel: " + gap + " µs\n" + where);
  }

  private static Matcher bargeIn(SmokeEnv env, String module, String service, boolean agent) {
    ForkedJvm.Builder builder = ForkedJvm.builder(service);
    if (agent) {
      builder.javaagent(Artifacts.agentJar())
          .systemProperties(AgentProperties.exportingTo(env.receiver(), service))
          .systemProperty("otel.instrumentation.voicetrace.session.methods", APP + "[chatStreamBargeIn]");
    }
    try (ForkedJvm jvm = builder.mainClass(LlmClientChecks.classPath(module), APP)
        .args(env.providers().baseUrl(), "chatStreamBargeIn").start()) {
      assertEquals(0, jvm.awaitExit(Duration.ofSeconds(60)), service + "\n" + jvm.tail());
      List<Matcher> lines = jvm.findLines(BARGE_IN);
      assertEquals(1, lines.size(), service + "\n" + jvm.tail());
      return lines.get(0);
    }
  }
}
