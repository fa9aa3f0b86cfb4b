package dev.voicetrace.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.core.VoiceAttributes;
import dev.voicetrace.core.config.VoiceConfig;
import dev.voicetrace.core.provider.ProviderCatalog;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code execute_tool} spans inferred from the wire: a chat response's {@code tool_calls} start
 * them (when that response ends), the next chat request's {@code tool} messages end them, and the
 * turn's end ends the ones never answered. Driven the way the HTTP instrumentation drives the runtime.
 */
class ToolCallSpansTest {
  private static final String CHAT_URL = "http://127.0.0.1:1/v1/chat/completions";
  private static final String STT_URL = "http://127.0.0.1:1/v1/audio/transcriptions";
  private static final String TTS_URL = "http://127.0.0.1:1/v1/text-to-speech/voice1/stream?output_format=ulaw_8000";
  private static final String ARGS = "{\"order_number\":\"4271\"}";
  private static final String RESULT = "{\"order_number\":\"4271\",\"status\":\"out_for_delivery\",\"eta\":\"today\"}";

  // ---- the cases ------------------------------------------------------------------------------

  @Test
  void oneStreamedToolCallRunsBetweenTheChatThatAskedAndTheFollowUpThatAnswers() throws Exception {
    try (Kit kit = new Kit()) {
      Object conn = kit.open();
      kit.chat(conn, request(userOnly()), sse(
          toolStart(0, 0, "call_A", "get_order_status"),
          // the arguments in many small fragments, as OpenAI streams them
          toolArgs(0, 0, "{\""), toolArgs(0, 0, "order"), toolArgs(0, 0, "_number"), toolArgs(0, 0, "\":\""),
          toolArgs(0, 0, "42"), toolArgs(0, 0, "71"), toolArgs(0, 0, "\"}"),
          finish("tool_calls")));
      assertTrue(kit.named("execute_tool").isEmpty(), "the tool is running: its span is still open");
      kit.chat(conn, request(userOnly(), assistantCalls(call("call_A", "get_order_status", ARGS)),
          toolMessage("call_A", RESULT)), sse(text("Order 4271 arrives today."), finish("stop")));
      kit.runtime.connectionClosed(conn);

      SpanData turn = kit.only("voice.turn");
      List<SpanData> chats = kit.byStart("chat");
      assertEquals(2, chats.size(), kit.names().toString());
      SpanData tool = kit.only("execute_tool");
      assertEquals("execute_tool get_order_status", tool.getName());
      assertEquals(SpanKind.INTERNAL, tool.getKind());
      assertEquals(turn.getSpanId(), tool.getParentSpanId(), "a tool span is a child of the turn, not of the chat");
      assertEquals(turn.getTraceId(), tool.getTraceId());
      assertEquals("TOOL", attr(tool, VoiceAttributes.OPENINFERENCE_KIND));
      assertEquals("execute_tool", attr(tool, VoiceAttributes.OPERATION));
      assertEquals("get_order_status", attr(tool, VoiceAttributes.TOOL_NAME));
      assertEquals("call_A", attr(tool, VoiceAttributes.TOOL_CALL_ID));
      String sessionId = attr(turn, VoiceAttributes.SESSION_ID);
      assertNotNull(sessionId);
      assertEquals(sessionId, attr(tool, VoiceAttributes.SESSION_ID));
      assertEquals(sessionId, attr(tool, VoiceAttributes.CONVERSATION_ID));
      assertNull(attr(tool, VoiceAttributes.TOOL_UNANSWERED), "answered");
      assertNull(attr(tool, VoiceAttributes.TOOL_CALL_ARGUMENTS), "content capture is off");
      assertNull(attr(tool, VoiceAttributes.TOOL_CALL_RESULT), "content capture is off");
      // starts when the response that asked for it ended, ends when the follow-up request started
      assertEquals(chats.get(0).getEndEpochNanos(), tool.getStartEpochNanos());
      assertEquals(chats.get(1).getStartEpochNanos(), tool.getEndEpochNanos());
      assertTrue(tool.getEndEpochNanos() >= tool.getStartEpochNanos());
      for (SpanData chat : chats) {
        assertEquals(turn.getSpanId(), chat.getParentSpanId(), "the follow-up chat stays in the turn");
      }
      assertEquals(1, kit.named("voice.turn").size());
      assertEquals(Arrays.asList("tool_calls"), attr(chats.get(0), VoiceAttributes.FINISH_REASONS));
    }
  }

  @Test
  void parallelToolCallsOfOneResponseEachGetTheirOwnSpan() throws Exception {
    try (Kit kit = new Kit("capture-content", "true")) {
      Object conn = kit.open();
      // two calls whose fragments interleave, told apart only by their index
      kit.chat(conn, request(userOnly()), sse(
          toolStart(0, 0, "call_W", "get_weather"),
          toolStart(0, 1, "call_T", "get_time"),
          toolArgs(0, 0, "{\"city\":"), toolArgs(0, 1, "{\"tz\":"), toolArgs(0, 0, "\"Paris\"}"),
          toolArgs(0, 1, "\"CET\"}"), finish("tool_calls")));
      kit.chat(conn, request(userOnly(),
              assistantCalls(call("call_W", "get_weather", "{\"city\":\"Paris\"}"), call("call_T", "get_time", "{\"tz\":\"CET\"}")),
              toolMessage("call_W", "sunny"), toolMessage("call_T", "10:00")),
          sse(text("Sunny, and it is ten."), finish("stop")));
      kit.runtime.connectionClosed(conn);

      SpanData turn = kit.only("voice.turn");
      List<SpanData> tools = kit.byStart("execute_tool");
      assertEquals(2, tools.size(), kit.names().toString());
      Map<String, SpanData> byId = tools.stream().collect(Collectors.toMap(t -> attr(t, VoiceAttributes.TOOL_CALL_ID), t -> t));
      SpanData weather = byId.get("call_W");
      SpanData time = byId.get("call_T");
      assertEquals("execute_tool get_weather", weather.getName());
      assertEquals("execute_tool get_time", time.getName());
      assertEquals("{\"city\":\"Paris\"}", attr(weather, VoiceAttributes.TOOL_CALL_ARGUMENTS));
      assertEquals("{\"tz\":\"CET\"}", attr(time, VoiceAttributes.TOOL_CALL_ARGUMENTS));
      assertEquals("sunny", attr(weather, VoiceAttributes.TOOL_CALL_RESULT));
      assertEquals("10:00", attr(time, VoiceAttributes.TOOL_CALL_RESULT));
      List<SpanData> chats = kit.byStart("chat");
      for (SpanData tool : tools) {
        assertEquals(turn.getSpanId(), tool.getParentSpanId());
        assertEquals(chats.get(0).getEndEpochNanos(), tool.getStartEpochNanos());
        assertEquals(chats.get(1).getStartEpochNanos(), tool.getEndEpochNanos());
        assertNull(attr(tool, VoiceAttributes.TOOL_UNANSWERED));
      }
    }
  }

  @Test
  void nonStreamedToolCallsComeFromTheMessageOfTheWholeJsonBody() throws Exception {
    try (Kit kit = new Kit()) {
      Object conn = kit.open();
      String body = "{\"id\":\"chatcmpl-N\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini-2024-07-18\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
          + "{\"id\":\"call_N\",\"type\":\"function\",\"function\":{\"name\":\"get_order_status\",\"arguments\":"
          + "\"{\\\"order_number\\\":\\\"4271\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}],"
          + "\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":12,\"total_tokens\":62}}";
      kit.chatJson(conn, "{\"model\":\"gpt-4o-mini\",\"messages\":[" + userOnly() + "]}", body);
      assertTrue(kit.named("execute_tool").isEmpty(), "running");
      kit.chatJson(conn, "{\"model\":\"gpt-4o-mini\",\"messages\":[" + userOnly() + ","
              + assistantCalls(call("call_N", "get_order_status", ARGS)) + "," + toolMessage("call_N", RESULT) + "]}",
          "{\"id\":\"chatcmpl-O\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":"
              + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"It arrives today.\"},\"finish_reason\":\"stop\"}]}");
      kit.runtime.connectionClosed(conn);

      SpanData tool = kit.only("execute_tool");
      assertEquals("execute_tool get_order_status", tool.getName());
      assertEquals("call_N", attr(tool, VoiceAttributes.TOOL_CALL_ID));
      assertEquals(kit.only("voice.turn").getSpanId(), tool.getParentSpanId());
      List<SpanData> chats = kit.byStart("chat");
      assertEquals(chats.get(0).getEndEpochNanos(), tool.getStartEpochNanos());
      assertEquals(chats.get(1).getStartEpochNanos(), tool.getEndEpochNanos());
      assertNull(attr(tool, VoiceAttributes.TOOL_UNANSWERED));
    }
  }

  @Test
  void aToolCallNeverAnsweredEndsWithItsTurnAsUnanswered() throws Exception {
    try (Kit kit = new Kit()) {
      Object conn = kit.open();
      kit.stt(conn);
      kit.chat(conn, request(userOnly()), sse(
          toolStart(0, 0, "call_A", "get_order_status"), toolArgs(0, 0, ARGS),
          toolStart(0, 1, "call_B", "cancel_order"), toolArgs(0, 1, ARGS), finish("tool_calls")));
      // the bot answers only one of the two, then speaks
      kit.chat(conn, request(userOnly(), assistantCalls(call("call_A", "get_order_status", ARGS),
              call("call_B", "cancel_order", ARGS)), toolMessage("call_A", RESULT)),
          sse(text("It arrives today."), finish("stop")));
      kit.tts(conn);
      assertEquals(1, kit.named("execute_tool").size(), "the answered call ended, the other still runs");
      kit.stt(conn); // the caller speaks again: the first turn ends (its reply was over)
      assertEquals(2, kit.named("execute_tool").size(), "the turn's end ended the unanswered call");

      SpanData turn = kit.byStart("voice.turn").get(0);
      SpanData answered = kit.withId("call_A");
      SpanData unanswered = kit.withId("call_B");
      assertNull(attr(answered, VoiceAttributes.TOOL_UNANSWERED));
      assertEquals(Boolean.TRUE, attr(unanswered, VoiceAttributes.TOOL_UNANSWERED));
      assertEquals("execute_tool cancel_order", unanswered.getName());
      assertEquals(turn.getSpanId(), unanswered.getParentSpanId());
      assertEquals(turn.getEndEpochNanos(), unanswered.getEndEpochNanos(), "ends with its turn");

      // a later request still carrying call_B's id (history) changes nothing: it already ended
      kit.chat(conn, request(userOnly(), toolMessage("call_B", "late")), sse(text("Ok."), finish("stop")));
      kit.runtime.connectionClosed(conn);
      assertEquals(2, kit.named("execute_tool").size());
    }
  }

  @Test
  void theSessionEndingEndsARunningToolCallUnansweredWithTheTurn() throws Exception {
    try (Kit kit = new Kit()) {
      Object conn = kit.open();
      kit.chat(conn, request(userOnly()), sse(toolStart(0, 0, "call_A", "get_order_status"), finish("tool_calls")));
      kit.runtime.connectionClosed(conn);
      SpanData tool = kit.only("execute_tool");
      assertEquals(Boolean.TRUE, attr(tool, VoiceAttributes.TOOL_UNANSWERED));
      assertEquals(kit.only("voice.turn").getEndEpochNanos(), tool.getEndEpochNanos());
    }
  }

  @Test
  void contentCaptureRecordsArgumentsAndResultTruncatedAndOffRecordsNeither() throws Exception {
    for (boolean capture : new boolean[] {true, false}) {
      try (Kit kit = new Kit("capture-content", String.valueOf(capture), "capture-content.max-length", "12")) {
        Object conn = kit.open();
        kit.chat(conn, request(userOnly()), sse(toolStart(0, 0, "call_A", "get_order_status"),
            toolArgs(0, 0, "{\"order_"), toolArgs(0, 0, "number\":\"4271\"}"), finish("tool_calls")));
        kit.chat(conn, request(userOnly(), assistantCalls(call("call_A", "get_order_status", ARGS)),
            // content as an array of text parts, as some SDKs send it
            "{\"role\":\"tool\",\"tool_call_id\":\"call_A\",\"content\":[{\"type\":\"text\",\"text\":\"status: \"},"
                + "{\"type\":\"text\",\"text\":\"out for delivery\"}]}"), sse(text("Today."), finish("stop")));
        kit.runtime.connectionClosed(conn);
        SpanData tool = kit.only("execute_tool");
        if (capture) {
          assertEquals(ARGS.substring(0, 12), attr(tool, VoiceAttributes.TOOL_CALL_ARGUMENTS));
          assertEquals("status: out ", attr(tool, VoiceAttributes.TOOL_CALL_RESULT));
        } else {
          assertNull(attr(tool, VoiceAttributes.TOOL_CALL_ARGUMENTS));
          assertNull(attr(tool, VoiceAttributes.TOOL_CALL_RESULT));
          for (SpanData s : kit.exporter.getFinishedSpanItems()) {
            assertFalse(s.getAttributes().toString().contains("4271"), "no arguments anywhere: " + s);
            assertFalse(s.getAttributes().toString().contains("delivery"), "no result anywhere: " + s);
          }
        }
        assertEquals("call_A", attr(tool, VoiceAttributes.TOOL_CALL_ID), "ids are not content");
      }
    }
  }

  @Test
  void garbageInToolDeltasAndToolMessagesNeitherThrowsNorMakesNamelessSpans() throws Exception {
    try (Kit kit = new Kit("capture-content", "true")) {
      Object conn = kit.open();
      kit.chat(conn, request(userOnly()), sse(
          "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":\"nope\"}}]}",
          "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[null,1,\"a\",[],{}]}}]}",
          "{\"choices\":[{\"index\":\"x\",\"delta\":{\"tool_calls\":[{\"index\":\"y\",\"id\":7,\"function\":5}]}}]}",
          "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":3,\"id\":\"call_noname\",\"function\":{\"name\":null,\"arguments\":{}}}]}}]}",
          "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":4,\"id\":\"call_empty\",\"function\":{\"name\":\"\"}}]}}]}",
          "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":99999999999999999999,\"function\":{\"arguments\":\"zz\"}}]}}]}",
          "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":-1,\"function\":{\"arguments\":null}}]}}]}",
          "not json {{{",
          "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_ok\",\"type\":\"function\","
              + "\"function\":{\"name\":\"lookup\",\"arguments\":\"\"}}]}}]}",
          "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}}]}",
          "{\"choices\":\"broken\"}",
          finish("tool_calls")));
      kit.chat(conn, request(userOnly(),
              "{\"role\":\"tool\",\"tool_call_id\":42,\"content\":\"x\"}",
              "{\"role\":\"tool\",\"content\":\"no id\"}",
              "{\"role\":\"tool\",\"tool_call_id\":\"call_ok\",\"content\":{\"weird\":true}}",
              "\"just a string\"", "null"),
          sse(text("Done."), finish("stop")));
      // a request that is not JSON at all
      kit.chat(conn, "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"tool\",", sse(finish("stop")));
      kit.runtime.connectionClosed(conn);

      for (SpanData s : kit.exporter.getFinishedSpanItems()) {
        assertNotNull(s.getName());
        assertFalse(s.getName().contains("null"), s.getName());
        assertFalse(s.getName().equals("execute_tool") || s.getName().endsWith(" "), "nameless: " + s.getName());
      }
      SpanData tool = kit.only("execute_tool");
      assertEquals("execute_tool lookup", tool.getName());
      assertEquals("call_ok", attr(tool, VoiceAttributes.TOOL_CALL_ID));
      assertEquals("{}", attr(tool, VoiceAttributes.TOOL_CALL_ARGUMENTS));
      assertEquals("", attr(tool, VoiceAttributes.TOOL_CALL_RESULT), "a content that is no text is an empty result");
      assertNull(attr(tool, VoiceAttributes.TOOL_UNANSWERED));
      assertEquals(3, kit.named("chat").size());
    }
  }

  @Test
  void aRunningToolKeepsTheTurnOpenPastTheQuietGap() throws Exception {
    try (Kit kit = new Kit("turn.quiet-gap", "1ms")) {
      Object conn = kit.open();
      kit.stt(conn);
      kit.chat(conn, request(userOnly()), sse(text("Let me check."), toolStart(0, 0, "call_A", "get_order_status"),
          finish("tool_calls")));
      kit.tts(conn); // "let me check" is spoken while the tool runs
      kit.timerCaughtUp(5);
      assertTrue(kit.named("voice.turn").isEmpty(), "the quiet gap passed, but the bot is still running a tool");
      kit.chat(conn, request(userOnly(), assistantCalls(call("call_A", "get_order_status", ARGS)),
          toolMessage("call_A", RESULT)), sse(text("It arrives today."), finish("stop")));
      kit.tts(conn);
      kit.timerCaughtUp(5);
      SpanData turn = kit.only("voice.turn");
      assertEquals("completed", attr(turn, VoiceAttributes.TURN_END_REASON));
      assertEquals(2, kit.named("chat").size());
      assertEquals(2, kit.named("text_to_speech").size());
      for (SpanData s : kit.exporter.getFinishedSpanItems()) {
        if (!s.getName().equals("voice.turn") && !s.getName().equals("voice.session")) {
          assertEquals(turn.getSpanId(), s.getParentSpanId(), s.getName() + " is in the one turn");
        }
      }
      assertNull(attr(kit.only("execute_tool"), VoiceAttributes.TOOL_UNANSWERED));
      kit.runtime.connectionClosed(conn);
    }
  }

  // ---- wire shapes ----------------------------------------------------------------------------

  private static String userOnly() {
    return "{\"role\":\"system\",\"content\":\"You are a store agent.\"},"
        + "{\"role\":\"user\",\"content\":\"The order number is four two seven one.\"}";
  }

  private static String request(String... messages) {
    return "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_order_status\",\"parameters\":{\"type\":\"object\"}}}],"
        + "\"messages\":[" + String.join(",", messages) + "]}";
  }

  private static String call(String id, String name, String args) {
    return "{\"id\":\"" + id + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"arguments\":"
        + quote(args) + "}}";
  }

  private static String assistantCalls(String... calls) {
    return "{\"role\":\"assistant\",\"tool_calls\":[" + String.join(",", calls) + "]}";
  }

  private static String toolMessage(String id, String content) {
    return "{\"role\":\"tool\",\"tool_call_id\":\"" + id + "\",\"content\":" + quote(content) + "}";
  }

  private static String chunk(String choiceBody) {
    return "{\"id\":\"chatcmpl-T\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini-2024-07-18\","
        + "\"choices\":[{\"index\":0," + choiceBody + ",\"logprobs\":null}]}";
  }

  /** The first delta of a call: id, type, name and empty arguments. */
  private static String toolStart(int choice, int index, String id, String name) {
    return chunk("\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":" + index + ",\"id\":\""
        + id + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"arguments\":\"\"}}]},\"finish_reason\":null");
  }

  private static String toolArgs(int choice, int index, String fragment) {
    return chunk("\"delta\":{\"tool_calls\":[{\"index\":" + index + ",\"function\":{\"arguments\":" + quote(fragment)
        + "}}]},\"finish_reason\":null");
  }

  private static String text(String content) {
    return chunk("\"delta\":{\"content\":" + quote(content) + "},\"finish_reason\":null");
  }

  private static String finish(String reason) {
    return chunk("\"delta\":{},\"finish_reason\":\"" + reason + "\"");
  }

  private static String sse(String... events) {
    StringBuilder b = new StringBuilder();
    for (String e : events) {
      b.append("data: ").append(e).append("\n\n");
    }
    return b.append("data: [DONE]\n\n").toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @SuppressWarnings("unchecked")
  private static <T> T attr(SpanData span, AttributeKey<T> key) {
    return span.getAttributes().get(key);
  }

  // ---- a runtime on a real SDK ----------------------------------------------------------------

  private static final class Kit implements AutoCloseable {
    final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    final SdkTracerProvider tracerProvider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    final VoiceRuntimeImpl runtime;

    Kit(String... keyValues) {
      Map<String, String> config = new HashMap<>();
      config.put(VoiceConfig.PREFIX + "turn.quiet-gap", "10m");
      for (int i = 0; i < keyValues.length; i += 2) {
        config.put(VoiceConfig.PREFIX + keyValues[i], keyValues[i + 1]);
      }
      OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
      runtime = new VoiceRuntimeImpl(new VoiceTelemetry(otel, VoiceConfig.from(config::get), "test"),
          ProviderCatalog.create(""));
    }

    Object open() throws Exception {
      Object conn = new Object();
      AutoCloseable scope = runtime.connectionOpened(conn, "websocket");
      assertNotNull(scope);
      scope.close();
      return conn;
    }

    ProviderCall start(Object conn, String url) throws Exception {
      try (AutoCloseable ignored = runtime.enterConnection(conn)) {
        ProviderCall call = runtime.startHttpCall("okhttp", "POST", url, h -> null);
        assertNotNull(call, url);
        return call;
      }
    }

    /** A streamed chat completion; the SSE bytes in odd-sized chunks. */
    void chat(Object conn, String requestJson, String sseBody) throws Exception {
      ProviderCall call = start(conn, CHAT_URL);
      byte[] req = requestJson.getBytes(StandardCharsets.UTF_8);
      call.requestBodyStarted();
      call.requestBody(req, 0, req.length);
      call.responseHeaders(200, name -> "content-type".equals(name) ? "text/event-stream" : null);
      byte[] body = sseBody.getBytes(StandardCharsets.UTF_8);
      int[] sizes = {5, 1, 17, 64, 3};
      for (int i = 0, k = 0; i < body.length; k++) {
        int n = Math.min(sizes[k % sizes.length], body.length - i);
        call.responseBody(body, i, n);
        i += n;
      }
      call.completed();
    }

    void chatJson(Object conn, String requestJson, String responseJson) throws Exception {
      ProviderCall call = start(conn, CHAT_URL);
      byte[] req = requestJson.getBytes(StandardCharsets.UTF_8);
      call.requestBody(req, 0, req.length);
      call.responseHeaders(200, name -> "content-type".equals(name) ? "application/json" : null);
      byte[] body = responseJson.getBytes(StandardCharsets.UTF_8);
      call.responseBody(body, 0, body.length);
      call.completed();
    }

    void stt(Object conn) throws Exception {
      ProviderCall call = start(conn, STT_URL);
      call.responseHeaders(200, name -> "content-type".equals(name) ? "application/json" : null);
      byte[] body = "{\"text\":\"The order number is four two seven one.\"}".getBytes(StandardCharsets.UTF_8);
      call.responseBody(body, 0, body.length);
      call.completed();
    }

    void tts(Object conn) throws Exception {
      ProviderCall call = start(conn, TTS_URL);
      byte[] req = "{\"text\":\"Hi\",\"model_id\":\"eleven_flash_v2_5\"}".getBytes(StandardCharsets.UTF_8);
      call.requestBody(req, 0, req.length);
      call.responseHeaders(200, name -> "content-type".equals(name) ? "audio/basic" : null);
      call.responseBody(new byte[160], 0, 160);
      call.completed();
    }

    /**
     * Waits until the runtime's single timer thread ran every task due within {@code millis} from
     * now (it runs them in deadline order), e.g. a quiet gap scheduled before this call.
     */
    void timerCaughtUp(long millis) throws InterruptedException {
      CountDownLatch done = new CountDownLatch(1);
      VoiceClock.schedule(done::countDown, TimeUnit.MILLISECONDS.toNanos(millis));
      assertTrue(done.await(10, TimeUnit.SECONDS), "timer stuck");
    }

    List<SpanData> named(String prefix) {
      return exporter.getFinishedSpanItems().stream()
          .filter(s -> s.getName().equals(prefix) || s.getName().startsWith(prefix + " "))
          .collect(Collectors.toList());
    }

    List<SpanData> byStart(String prefix) {
      List<SpanData> spans = new ArrayList<>(named(prefix));
      spans.sort((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()));
      return spans;
    }

    SpanData only(String prefix) {
      List<SpanData> spans = named(prefix);
      assertEquals(1, spans.size(), prefix + " spans among " + names());
      return spans.get(0);
    }

    SpanData withId(String toolCallId) {
      return named("execute_tool").stream()
          .filter(s -> toolCallId.equals(s.getAttributes().get(VoiceAttributes.TOOL_CALL_ID)))
          .findFirst().orElseThrow(() -> new AssertionError("no execute_tool span " + toolCallId + " in " + names()));
    }

    List<String> names() {
      return exporter.getFinishedSpanItems().stream().map(SpanData::getName).collect(Collectors.toList());
    }

    @Override
    public void close() {
      tracerProvider.close();
    }
  }
}
