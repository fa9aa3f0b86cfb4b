package dev.voicetrace.smoke;

import dev.voicetrace.smoke.LlmClientChecks.Scenario;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import java.util.List;
import org.junit.jupiter.api.Test;
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
}
