package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.apps.LlmBadInputApp;
import dev.voicetrace.smoke.harness.AgentProperties;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.FakeProviders;
import dev.voicetrace.smoke.harness.ForkedJvm;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import java.io.File;
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
 * Issue 4's bad input for LLM calls, end to end ({@link LlmBadInputApp}): a proxy's HTML 502 page and a
 * plain-text 500 (openai-java and a hand-written JDK {@code HttpClient} chat), a 429 with
 * {@code Retry-After: 1} and a 429 whose {@code Retry-After} is an HTTP date (openai-java waits and retries),
 * timeouts (openai-java blocking and async, its async stream stalled mid-body, the JDK's request timeout,
 * OkHttp's call timeout before the response and mid-stream, and its socket read timeout mid-stream), a
 * streamed chat without usage, a stream whose every chunk carries unknown fields, a stream cut before {@code [DONE]} read through openai-java, and a
 * stream that fails after it began with OpenAI's in-stream {@code error} event (openai-java throws, the JDK
 * client reads it as a 200 body). The app runs without the agent, then with it (one after the other: the Retry-After case sets
 * the fake server's knobs); it must see the same statuses, exceptions, texts and bodies, and (roughly) the
 * same timing. Every case is one session whose single {@code chat} span says what happened.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(150)
class LlmBadInputSmokeTest {
  private static final String SERVICE = "smoke-llm-bad-input";
  private static final String APP = LlmBadInputApp.class.getName();
  private static final Pattern RESULT = Pattern.compile("RESULT case=(\\w+) status=(-?\\d+) error=(\\S+) message=(\\w+)"
      + " text=(\\w+) bytes=(\\d+) usage=(\\w+) ms=(\\d+) endAt=(\\d+) causes=(\\S+)");
  /** How much slower a case may be with the agent (a loaded 2-core machine). */
  private static final long TIMING_SLACK_MS = 700;
  /** How close a failed span's end must be to the moment the app got the exception. */
  private static final long END_SLACK_MICROS = 20_000;
  private static final String RESPONSE_MODEL = LlmBadInputApp.MODEL + "-2024-07-18";
  /** The fake's answer to the app's question: one token per word. */
  private static final long OUTPUT_TOKENS = 14;

  /** What the app saw in one case. */
  private record Seen(int status, String error, String message, String text, long bytes, String usage, long ms,
      long endAtMicros, String causes) {
    /**
     * Everything but the timing: must be the same with and without the agent. Of the exception's causes,
     * those down to the HTTP client's own exception (openai-java wraps it): below that, OkHttp's causes
     * differ from run to run without any agent (its socket read and its call timeout race to close the socket).
     * Likewise the message of OkHttp's read timeout: its socket's {@code SO_TIMEOUT} ("Read timed out") and
     * okio's watchdog closing the socket at the same deadline ("timeout") race, with or without an agent (seen
     * once in CI, 2026-12-06): for a {@code SocketTimeoutException} the class is compared, not the message.
     */
    String view() {
      StringBuilder chain = new StringBuilder();
      for (String cause : causeClasses()) {
        chain.append(chain.length() == 0 ? "" : ">").append(cause);
        if (!cause.startsWith("com.openai.")) {
          break;
        }
      }
      String comparedMessage = error.equals("java.net.SocketTimeoutException") ? "(either timeout's)" : message;
      return "status=" + status + " error=" + error + " message=" + comparedMessage + " text=" + text + " bytes=" + bytes
          + " usage=" + usage + " causes=" + chain;
    }

    List<String> causeClasses() {
      return List.of(causes.split(">"));
    }
  }

  @Test
  void badLlmInputGivesErrorSpansAndTheAppSeesWhatItWouldHave(SmokeEnv env) {
    String classPath = Artifacts.testClassesDir() + File.pathSeparator + Artifacts.sampleBotJar();
    Map<String, Seen> without;
    try (ForkedJvm plain = ForkedJvm.builder("llm-bad-input-plain").mainClass(classPath, APP)
        .args(env.providers().baseUrl(), "plain").start()) {
      assertEquals(0, plain.awaitExit(Duration.ofSeconds(60)), "app without the agent\n" + plain.tail());
      without = results(plain);
    }
    Map<String, Seen> with;
    try (ForkedJvm agent = ForkedJvm.builder("llm-bad-input-agent")
        .javaagent(Artifacts.agentJar())
        .systemProperties(AgentProperties.exportingTo(env.receiver(), SERVICE))
        .systemProperty("otel.instrumentation.voicetrace.session.methods", APP + "[runCase]")
        .mainClass(classPath, APP)
        .args(env.providers().baseUrl(), "agent").start()) {
      assertEquals(0, agent.awaitExit(Duration.ofSeconds(60)), "app with the agent\n" + agent.tail());
      with = results(agent);
    }

    // the application's view: the same with and without the agent, and the bad input did happen
    List<String> cases = List.of(LlmBadInputApp.CASES);
    assertEquals(cases, List.copyOf(without.keySet()), "cases without the agent");
    assertEquals(cases, List.copyOf(with.keySet()), "cases with the agent");
    for (String c : cases) {
      assertEquals(without.get(c).view(), with.get(c).view(), c + ": what the app saw with and without the agent");
      assertTrue(with.get(c).ms() <= without.get(c).ms() + TIMING_SLACK_MS,
          c + ": " + with.get(c).ms() + " ms with the agent, " + without.get(c).ms() + " ms without");
    }
    assertEquals(502, without.get("openaiHtml502").status());
    assertEquals("com.openai.errors.InternalServerException", without.get("openaiHtml502").error());
    assertEquals(500, without.get("openaiText500").status());
    assertEquals(502, without.get("jdkHtml502").status());
    assertEquals(500, without.get("jdkText500").status());
    assertEquals(200, without.get("openaiRetryAfter").status());
    assertEquals(200, without.get("openaiRetryAfterDate").status());
    for (String c : new String[] {"openaiRetryAfter"}) {
      for (Map<String, Seen> run : List.of(without, with)) {
        assertTrue(run.get(c).ms() >= LlmBadInputApp.RETRY_AFTER_S * 1000L,
            "openai-java waited the Retry-After second before retrying: " + run.get(c).ms() + " ms");
      }
    }
    assertEquals("java.net.http.HttpTimeoutException", without.get("jdkTimeout").error());
    assertEquals("java.io.InterruptedIOException", without.get("okhttpTimeout").error());
    assertEquals("java.io.InterruptedIOException", without.get("okhttpStreamTimeout").error());
    assertTrue(without.get("okhttpStreamTimeout").bytes() > 0, "the stream had begun");
    assertEquals("java.net.SocketTimeoutException", without.get("okhttpStreamReadTimeout").error());
    assertTrue(without.get("okhttpStreamReadTimeout").bytes() > 0, "the stream had begun");
    assertEquals("com.openai.errors.OpenAIIoException", without.get("openaiTimeout").error());
    assertEquals("com.openai.errors.OpenAIIoException", without.get("openaiAsyncTimeout").error());
    assertEquals("com.openai.errors.OpenAIIoException", without.get("openaiAsyncStreamTimeout").error());
    assertTrue(without.get("openaiAsyncStreamTimeout").text().length() > 0, "the async stream had begun");
    for (String c : new String[] {"openaiTimeout", "openaiAsyncTimeout", "openaiAsyncStreamTimeout", "jdkTimeout",
        "okhttpTimeout", "okhttpStreamTimeout", "okhttpStreamReadTimeout"}) {
      for (Map<String, Seen> run : List.of(without, with)) {
        assertTrue(run.get(c).ms() >= LlmBadInputApp.TIMEOUT_MS && run.get(c).ms() < LlmBadInputApp.HOLD_MS,
            c + ": the client's timeout, not the server's answer, ended it after " + run.get(c).ms() + " ms");
      }
    }
    assertEquals("none", without.get("openaiNoUsage").usage());
    assertEquals(Long.toString(OUTPUT_TOKENS), without.get("openaiUnknownFields").usage());
    assertEquals(without.get("openaiNoUsage").text(), without.get("openaiUnknownFields").text(), "the same answer");
    assertEquals(without.get("jdkNoUsage").text(), without.get("jdkUnknownFields").text(), "the same answer");
    assertEquals("com.openai.errors.OpenAIIoException", without.get("openaiTruncated").error());
    assertEquals("com.openai.errors.SseException", without.get("openaiStreamError").error());
    assertEquals(200, without.get("jdkStreamError").status());
    assertEquals("none", without.get("jdkStreamError").error(), "to the JDK client the error event is body");
    assertEquals("response.failed:server_error", without.get("openaiResponsesStreamError").error(),
        "openai-java hands the app the response.failed event (no exception)");

    // the spans: one chat span per case, in the case's session
    Map<String, List<FakeProviders.RecordedRequest>> requestsOf = new LinkedHashMap<>();
    for (String c : cases) {
      List<FakeProviders.RecordedRequest> requests = env.providers().requestsOf(LlmBadInputApp.callSid(c, "agent"));
      assertTrue(!requests.isEmpty() && requests.get(0).traceId() != null, c + ": the provider got a traced request");
      requestsOf.put(c, requests);
    }
    TraceView view = new TraceView(env.receiver().awaitServiceSpans(SERVICE, "a chat span in each case's trace",
        spans -> requestsOf.values().stream().allMatch(r -> spans.stream()
            .anyMatch(s -> s.traceId().equals(r.get(0).traceId()) && s.name().startsWith("chat"))),
        Duration.ofSeconds(30)));
    for (String c : cases) {
      Seen seen = with.get(c);
      List<FakeProviders.RecordedRequest> requests = requestsOf.get(c);
      String trace = requests.get(0).traceId();
      List<ReceivedSpan> chats = view.trace(trace).stream().filter(s -> s.name().startsWith("chat")).toList();
      assertEquals(1, chats.size(), c + ": one chat span\n" + view.renderTrace(trace));
      ReceivedSpan chat = chats.get(0);
      String where = c + " (app saw " + seen + "): " + chat.describe() + "\n" + view.renderTrace(trace);
      assertEquals("chat " + LlmBadInputApp.MODEL, chat.name(), where);
      assertNotNull(view.sessionAbove(chat), "the chat span is in the case's session\n" + where);
      assertNotEquals(Boolean.TRUE, chat.boolAttr("voice.cancelled"), "nothing was cancelled\n" + where);
      switch (c) {
        case "openaiHtml502", "jdkHtml502", "openaiText500", "jdkText500" -> {
          assertEquals("ERROR", chat.statusCode(), where);
          assertEquals(c.endsWith("502") ? "502" : "500", chat.stringAttr("error.type"), where);
          assertNull(chat.attr("gen_ai.response.model"), "nothing read from the error page\n" + where);
          assertNull(chat.attr("gen_ai.usage.output_tokens"), where);
          assertNull(chat.attr("gen_ai.response.time_to_first_chunk"), "an error page is no chunk\n" + where);
          assertNotNull(chat.doubleAttr("voice.ttfb"), where);
        }
        case "openaiRetryAfter", "openaiRetryAfterDate" -> {
          assertEquals(2, requests.size(), "the 429, then the retry\n" + where);
          assertEquals("UNSET", chat.statusCode(), where);
          assertNull(chat.stringAttr("error.type"), where);
          assertEquals(2L, chat.longAttr("voice.attempts"), where);
          List<ReceivedSpan> http = view.children(chat);
          assertEquals(List.of(429L, 200L), http.stream().map(s -> s.longAttr("http.response.status_code")).toList(),
              "each attempt's HTTP span under the chat span\n" + where);
          long waitedMs = (http.get(1).startEpochNanos() - http.get(0).endEpochNanos()) / 1_000_000;
          // openai-java 4.15.0 counts an HTTP date's wait in milliseconds and then reads that number as
          // nanoseconds, so it retries at once: the agent must keep that, whatever it is (the same with and
          // without it, checked above), and the span shows the gap the app really left
          long appWaitedMs = c.equals("openaiRetryAfter") ? LlmBadInputApp.RETRY_AFTER_S * 1000L : 0;
          assertTrue(waitedMs >= appWaitedMs - 50,
              "the retry went out after the Retry-After wait, in the chat span: " + waitedMs + " ms\n" + where);
          assertEquals(OUTPUT_TOKENS, chat.longAttr("gen_ai.usage.output_tokens"), where);
        }
        case "openaiTimeout", "openaiAsyncTimeout", "openaiAsyncStreamTimeout", "jdkTimeout", "okhttpTimeout",
            "okhttpStreamTimeout", "okhttpStreamReadTimeout", "openaiTruncated" -> {
          assertEquals("ERROR", chat.statusCode(), where);
          String errorType = chat.stringAttr("error.type");
          // the exception the HTTP client threw: the app's own, or (openai-java) the one it wraps
          assertTrue(seen.causeClasses().contains(errorType),
              "error.type " + errorType + " is in what the app got, " + seen.causes() + "\n" + where);
          if (!c.equals("openaiTruncated")) {
            String timeout = switch (c) {
              case "jdkTimeout" -> "java.net.http.HttpTimeoutException";
              case "okhttpStreamReadTimeout" -> "java.net.SocketTimeoutException"; // the socket read's, mid-stream
              default -> "java.io.InterruptedIOException"; // OkHttp's call timeout (openai-java sets one)
            };
            assertEquals(timeout, errorType, "a timeout is named as one\n" + where);
          }
          assertEquals(1, chat.events().stream().filter(e -> e.name().equals("exception")).count(), where);
          long endMicros = chat.endEpochNanos() / 1000;
          assertTrue(Math.abs(endMicros - seen.endAtMicros()) <= END_SLACK_MICROS,
              "the span ends when the app got the exception: " + (endMicros - seen.endAtMicros()) + " µs\n" + where);
          assertNull(chat.attr("gen_ai.usage.output_tokens"), where);
        }
        case "openaiResponsesStreamError" -> {
          // text deltas, then the Responses API's response.failed: ERROR, named by the response's error code
          assertEquals("ERROR", chat.statusCode(), where);
          assertEquals("server_error", chat.stringAttr("error.type"), where);
          assertNull(chat.attr("gen_ai.usage.output_tokens"), "no response.completed, no usage\n" + where);
        }
        case "openaiStreamError", "jdkStreamError" -> {
          // the provider answered 200, streamed some content, then reported its failure in the stream
          assertEquals("ERROR", chat.statusCode(), where);
          assertEquals("server_error", chat.stringAttr("error.type"), "named by the error event's type\n" + where);
          assertNull(chat.attr("voice.cancelled"), "the stream was over, not cancelled\n" + where);
          assertEquals(RESPONSE_MODEL, chat.stringAttr("gen_ai.response.model"), "read from the chunks before it\n" + where);
          assertNotNull(chat.doubleAttr("gen_ai.response.time_to_first_chunk"), where);
          assertNull(chat.attr("gen_ai.response.finish_reasons"), "no chunk finished the answer\n" + where);
          assertNull(chat.attr("gen_ai.usage.output_tokens"), where);
          assertEquals(0, chat.events().stream().filter(e -> e.name().equals("exception")).count(),
              "the HTTP client threw nothing\n" + where);
          long endMicros = chat.endEpochNanos() / 1000;
          assertTrue(Math.abs(endMicros - seen.endAtMicros()) <= END_SLACK_MICROS,
              "the span ends when the app had the error: " + (endMicros - seen.endAtMicros()) + " µs\n" + where);
        }
        case "openaiNoUsage", "jdkNoUsage" -> {
          assertEquals("UNSET", chat.statusCode(), where);
          assertEquals(Boolean.TRUE, chat.boolAttr("gen_ai.request.stream"), where);
          assertEquals(RESPONSE_MODEL, chat.stringAttr("gen_ai.response.model"), where);
          assertEquals(List.of("stop"), chat.attr("gen_ai.response.finish_reasons"), where);
          assertNotNull(chat.doubleAttr("gen_ai.response.time_to_first_chunk"), where);
          for (String usage : new String[] {"gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
              "llm.token_count.prompt", "llm.token_count.completion", "llm.token_count.total"}) {
            assertNull(chat.attr(usage), "no usage was sent, none is made up: " + usage + "\n" + where);
          }
        }
        case "openaiUnknownFields", "jdkUnknownFields" -> {
          assertEquals("UNSET", chat.statusCode(), where);
          // the x_vendor object's model, finish reason and usage (999) are not the completion's
          assertEquals(RESPONSE_MODEL, chat.stringAttr("gen_ai.response.model"), where);
          assertEquals(List.of("stop"), chat.attr("gen_ai.response.finish_reasons"), where);
          assertEquals(OUTPUT_TOKENS, chat.longAttr("gen_ai.usage.output_tokens"), where);
          Long input = chat.longAttr("gen_ai.usage.input_tokens");
          assertTrue(input != null && input > 0 && input < 999, where);
          assertEquals(input + OUTPUT_TOKENS, chat.longAttr("llm.token_count.total"), where);
        }
        default -> throw new AssertionError("no checks for " + c);
      }
    }
  }

  /** case -> what the app saw, in the order printed. */
  private static Map<String, Seen> results(ForkedJvm jvm) {
    jvm.awaitLine(Pattern.compile("APP_DONE"), Duration.ofSeconds(1));
    Map<String, Seen> out = new LinkedHashMap<>();
    for (Matcher m : jvm.findLines(RESULT)) {
      out.put(m.group(1), new Seen(Integer.parseInt(m.group(2)), m.group(3), m.group(4), m.group(5),
          Long.parseLong(m.group(6)), m.group(7), Long.parseLong(m.group(8)), Long.parseLong(m.group(9)), m.group(10)));
    }
    return out;
  }
}
