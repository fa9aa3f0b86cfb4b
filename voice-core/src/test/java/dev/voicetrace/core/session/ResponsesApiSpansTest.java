package dev.voicetrace.core.session;

import static dev.voicetrace.core.session.VoiceKit.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.core.VoiceAttributes;
import dev.voicetrace.core.provider.BodyCapture;
import dev.voicetrace.core.provider.ProviderCatalog;
import dev.voicetrace.core.provider.ProviderMatch;
import dev.voicetrace.core.provider.RequestFacts;
import dev.voicetrace.core.provider.ResponseFacts;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI Responses API ({@code POST /v1/responses}): one {@code chat} span per request, with
 * model, usage and finish reason from the JSON body or from the SSE events (usage arrives only in
 * {@code response.completed}).
 */
class ResponsesApiSpansTest {
  static final String URL = "http://127.0.0.1:1/v1/responses";

  static final String REQUEST = "{\"model\":\"gpt-4o-mini\",\"instructions\":\"You are a restaurant host.\","
      + "\"input\":\"A table for two, please.\",\"temperature\":0.5,\"max_output_tokens\":150,\"stream\":true}";

  static final String RESPONSE_OBJECT_IN_PROGRESS = "{\"id\":\"resp_7\",\"object\":\"response\",\"created_at\":1,"
      + "\"status\":\"in_progress\",\"model\":\"gpt-4o-mini-2024-07-18\",\"output\":[],\"usage\":null}";

  static final String COMPLETED_OBJECT = "{\"id\":\"resp_7\",\"object\":\"response\",\"created_at\":1,"
      + "\"status\":\"completed\",\"model\":\"gpt-4o-mini-2024-07-18\",\"output\":[{\"type\":\"message\",\"id\":\"msg_1\","
      + "\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Sure, booked.\","
      + "\"annotations\":[]}]}],\"usage\":{\"input_tokens\":31,\"input_tokens_details\":{\"cached_tokens\":0},"
      + "\"output_tokens\":4,\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":35}}";

  static final String SSE =
      "event: response.created\n"
          + "data: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":" + RESPONSE_OBJECT_IN_PROGRESS + "}\n\n"
          + "event: response.output_item.added\n"
          + "data: {\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,"
          + "\"item\":{\"type\":\"message\",\"id\":\"msg_1\",\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}}\n\n"
          + "event: response.output_text.delta\n"
          + "data: {\"type\":\"response.output_text.delta\",\"sequence_number\":2,\"item_id\":\"msg_1\",\"output_index\":0,"
          + "\"content_index\":0,\"delta\":\"Sure,\"}\n\n"
          + "event: response.output_text.delta\n"
          + "data: {\"type\":\"response.output_text.delta\",\"sequence_number\":3,\"item_id\":\"msg_1\",\"output_index\":0,"
          + "\"content_index\":0,\"delta\":\" booked.\"}\n\n"
          + "event: response.completed\n"
          + "data: {\"type\":\"response.completed\",\"sequence_number\":4,\"response\":" + COMPLETED_OBJECT + "}\n\n";

  @Test
  void theResponsesRouteIsAChatCallNamedFromTheHostLikeChatCompletions() {
    ProviderCatalog catalog = ProviderCatalog.create("");
    ProviderMatch m = catalog.classify("POST", "https://api.openai.com/v1/responses");
    assertNotNull(m);
    assertEquals("chat", m.route.operation().wireName());
    assertEquals("openai", m.provider);
    assertEquals("groq", catalog.classify("POST", "https://api.groq.com/openai/v1/responses").provider);
    assertEquals("azure.ai.openai",
        catalog.classify("POST", "https://acme.openai.azure.com/openai/v1/responses?api-version=preview").provider);
    assertNull(catalog.classify("GET", "https://api.openai.com/v1/responses"), "retrieving a stored response is no call");
  }

  @Test
  void requestFactsComeFromInstructionsInputAndMaxOutputTokens() {
    ProviderMatch m = ProviderCatalog.create("").classify("POST", URL);
    RequestFacts f = RequestFacts.fromUrl(m);
    f.readBody(m, body(REQUEST));
    assertEquals("gpt-4o-mini", f.model);
    assertEquals(Boolean.TRUE, f.streaming);
    assertEquals(0.5, f.temperature);
    assertEquals(150L, f.maxTokens);
    List<?> messages = f.messages;
    assertEquals(2, messages.size());
    assertEquals("system", ((Map<?, ?>) messages.get(0)).get("role"));
    assertEquals("A table for two, please.", ((Map<?, ?>) messages.get(1)).get("content"));
  }

  @Test
  void listInputsGiveMessagesAndFunctionCallOutputsGiveToolResults() {
    ProviderMatch m = ProviderCatalog.create("").classify("POST", URL);
    RequestFacts f = RequestFacts.fromUrl(m);
    f.readBody(m, body("{\"model\":\"gpt-4o\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
        + "\"text\":\"Where is order 42?\"}]},{\"type\":\"function_call\",\"call_id\":\"call_9\",\"name\":\"get_order\","
        + "\"arguments\":\"{}\"},{\"type\":\"function_call_output\",\"call_id\":\"call_9\",\"output\":\"shipped\"}]}"));
    assertEquals(Boolean.FALSE, f.streaming);
    assertEquals(1, f.messages.size());
    assertEquals("Where is order 42?", ((Map<?, ?>) f.messages.get(0)).get("content"));
    assertEquals(Collections.singletonMap("call_9", "shipped"), f.toolResults);
  }

  @Test
  void streamedEventsGiveContentUsageAndAStopFinishReason() {
    ResponseFacts f = new ResponseFacts(100);
    List<Boolean> content = new java.util.ArrayList<>();
    new dev.voicetrace.core.provider.SseLines(p -> content.add(f.responsesEvent(p)))
        .add(SSE.getBytes(StandardCharsets.UTF_8), 0, SSE.length());
    assertEquals(Arrays.asList(false, false, true, true, false), content, "only text deltas are content");
    assertEquals("Sure, booked.", f.output.toString(), "the final event's copy of the output is not added twice");
    assertEquals("resp_7", f.id);
    assertEquals("gpt-4o-mini-2024-07-18", f.model);
    assertEquals(31L, f.inputTokens);
    assertEquals(4L, f.outputTokens);
    assertEquals(0L, f.cachedInputTokens);
    assertEquals(Collections.singletonList("stop"), f.finishReasons);
  }

  @Test
  void aWholeBodyAndAnIncompleteResponse() {
    ResponseFacts whole = new ResponseFacts(100);
    whole.responsesBody(COMPLETED_OBJECT);
    assertEquals("Sure, booked.", whole.output.toString());
    assertEquals(4L, whole.outputTokens);
    assertEquals(Collections.singletonList("stop"), whole.finishReasons);

    ResponseFacts cut = new ResponseFacts(0);
    cut.responsesEvent("{\"type\":\"response.incomplete\",\"response\":{\"id\":\"resp_8\",\"status\":\"incomplete\","
        + "\"incomplete_details\":{\"reason\":\"max_output_tokens\"},\"usage\":{\"input_tokens\":3,\"output_tokens\":16}}}");
    assertEquals(Collections.singletonList("max_output_tokens"), cut.finishReasons);
    assertEquals(16L, cut.outputTokens);

    ResponseFacts garbage = new ResponseFacts(10);
    assertFalse(garbage.responsesEvent("{not json"));
    assertFalse(garbage.responsesEvent("{\"type\":\"response.output_text.delta\"}"));
    garbage.responsesBody("<html>");
    assertTrue(garbage.finishReasons.isEmpty());
  }

  @Test
  void functionCallsAreToolCallsKeyedByCallId() {
    ResponseFacts streamed = new ResponseFacts(100);
    assertTrue(streamed.responsesEvent("{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{"
        + "\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_9\",\"name\":\"get_order\",\"arguments\":\"\"}}"));
    assertTrue(streamed.responsesEvent("{\"type\":\"response.function_call_arguments.delta\",\"item_id\":\"fc_1\","
        + "\"delta\":\"{\\\"id\\\":42}\"}"));
    streamed.responsesEvent("{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_9\",\"status\":\"completed\","
        + "\"output\":[{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_9\",\"name\":\"get_order\","
        + "\"arguments\":\"{\\\"id\\\":42}\"}]}}");
    assertEquals(1, streamed.toolCalls().size(), "the final event's copy of the call is not a second call");
    assertEquals("call_9", streamed.toolCalls().get(0).id);
    assertEquals("get_order", streamed.toolCalls().get(0).name);
    assertEquals("{\"id\":42}", streamed.toolCalls().get(0).arguments.toString());
    assertEquals(Collections.singletonList("tool_calls"), streamed.finishReasons);
  }

  @Test
  void aStreamedResponsesCallIsOneChatSpanWithUsageAndTimeToFirstContent() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      ProviderCall call = kit.start(conn, URL);
      VoiceKit.exchange(call, REQUEST, SSE, 17, "content-type", "text/event-stream; charset=utf-8",
          "x-request-id", "req_resp");
      kit.runtime.connectionClosed(conn);

      SpanData chat = kit.only("chat");
      assertEquals("chat gpt-4o-mini", chat.getName());
      assertEquals(SpanKind.CLIENT, chat.getKind());
      assertEquals("chat", attr(chat, VoiceAttributes.OPERATION));
      assertEquals("openai", attr(chat, VoiceAttributes.PROVIDER));
      assertEquals("gpt-4o-mini-2024-07-18", attr(chat, VoiceAttributes.RESPONSE_MODEL));
      assertEquals("resp_7", attr(chat, VoiceAttributes.RESPONSE_ID));
      assertEquals(Boolean.TRUE, attr(chat, VoiceAttributes.REQUEST_STREAM));
      assertEquals(0.5, attr(chat, VoiceAttributes.REQUEST_TEMPERATURE));
      assertEquals(150L, attr(chat, VoiceAttributes.REQUEST_MAX_TOKENS));
      assertEquals(31L, attr(chat, VoiceAttributes.INPUT_TOKENS));
      assertEquals(4L, attr(chat, VoiceAttributes.OUTPUT_TOKENS));
      assertEquals(35L, attr(chat, VoiceAttributes.LLM_TOKENS_TOTAL));
      assertEquals(Collections.singletonList("stop"), attr(chat, VoiceAttributes.FINISH_REASONS));
      assertEquals("req_resp", attr(chat, VoiceAttributes.PROVIDER_REQUEST_ID));
      Double ttfb = attr(chat, VoiceAttributes.TTFB);
      assertNotNull(ttfb);
      assertEquals(ttfb, attr(chat, VoiceAttributes.TIME_TO_FIRST_CHUNK));
      assertNotNull(attr(chat, VoiceAttributes.TIME_TO_FIRST_CONTENT));
    }
  }

  @Test
  void aBlockingResponsesCallReadsTheJsonBody() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      ProviderCall call = kit.start(conn, URL);
      VoiceKit.exchange(call, REQUEST.replace("\"stream\":true", "\"stream\":false"), COMPLETED_OBJECT,
          Integer.MAX_VALUE, "content-type", "application/json");
      kit.runtime.connectionClosed(conn);

      SpanData chat = kit.only("chat");
      assertEquals(Boolean.FALSE, attr(chat, VoiceAttributes.REQUEST_STREAM));
      assertEquals(31L, attr(chat, VoiceAttributes.INPUT_TOKENS));
      assertEquals(4L, attr(chat, VoiceAttributes.OUTPUT_TOKENS));
      assertEquals(Collections.singletonList("stop"), attr(chat, VoiceAttributes.FINISH_REASONS));
      assertNull(attr(chat, VoiceAttributes.TIME_TO_FIRST_CHUNK));
    }
  }

  private static BodyCapture body(String json) {
    BodyCapture b = new BodyCapture(1 << 16, 0);
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    b.add(bytes, 0, bytes.length);
    return b;
  }
}
