package dev.voicetrace.sample.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.voicetrace.sample.FakeProviderServer;
import dev.voicetrace.sample.call.Conversation;
import dev.voicetrace.sample.fake.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake model's tool call, over raw SSE and through the bot's openai-java tool loop. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplyGeneratorToolsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ORDER_LINE = "The order number is four two seven one.";
    private static final String ORDER_REPLY =
            "Thanks. Order four two seven one is out for delivery and should arrive today.";
    private static FakeProviderServer server;
    private static OpenAIClient openAi;

    @BeforeAll
    static void start() throws Exception {
        server = new FakeProviderServer().start();
        openAi = OpenAIOkHttpClient.builder().baseUrl(server.openAiBaseUrl()).apiKey("sk-fake-test").maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() {
        openAi.close();
        server.close();
    }

    @BeforeEach
    void reset() {
        server.router().reset();
    }

    @Test
    void theBotRunsTheToolTheModelAsksForAndSpeaksTheFollowUpAnswer() {
        Conversation conversation = new Conversation();
        conversation.callerSaid(ORDER_LINE);
        long started = System.nanoTime();
        String reply = new ReplyGenerator(openAi, true).nextReply("CAtools", conversation);
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertEquals(ORDER_REPLY, reply);
        assertEquals(2, chatRequestsOf("CAtools"), "the tool call, then the follow-up with its result");
        assertTrue(tookMs >= ReplyGenerator.ORDER_LOOKUP_MILLIS, "the lookup took " + tookMs + " ms");
    }

    @Test
    void withoutToolsTheSameLineIsOneRequest() {
        Conversation conversation = new Conversation();
        conversation.callerSaid(ORDER_LINE);
        assertEquals(ORDER_REPLY, new ReplyGenerator(openAi, false).nextReply("CAnotools", conversation));
        assertEquals(1, chatRequestsOf("CAnotools"));
    }

    @Test
    void theFakeStreamsAToolCallInOpenAiShapeOnlyWhenTheRequestOffersTheTool() throws Exception {
        String messages = "[{\"role\":\"user\",\"content\":\"" + ORDER_LINE + "\"}]";
        String tools = "[{\"type\":\"function\",\"function\":{\"name\":\"get_order_status\","
                + "\"parameters\":{\"type\":\"object\"}}}]";
        List<JsonNode> events = sse("{\"model\":\"gpt-4o-mini\",\"stream\":true,\"tools\":" + tools
                + ",\"messages\":" + messages + "}");

        JsonNode first = events.get(0).at("/choices/0/delta");
        assertEquals("assistant", first.path("role").asText());
        assertTrue(first.path("content").isNull());
        JsonNode call = first.at("/tool_calls/0");
        assertEquals(0, call.path("index").asInt());
        assertEquals("call_ord_CAsse", call.path("id").asText());
        assertEquals("function", call.path("type").asText());
        assertEquals("get_order_status", call.at("/function/name").asText());
        assertEquals("", call.at("/function/arguments").asText());
        StringBuilder arguments = new StringBuilder();
        for (JsonNode e : events.subList(1, events.size() - 1)) {
            JsonNode fragment = e.at("/choices/0/delta/tool_calls/0");
            assertEquals(0, fragment.path("index").asInt());
            assertFalse(fragment.has("id"), "only the first delta names the call");
            arguments.append(fragment.at("/function/arguments").asText());
        }
        assertTrue(events.size() > 4, "arguments in several fragments");
        assertEquals("{\"order_number\":\"4271\"}", arguments.toString());
        assertEquals("tool_calls", events.get(events.size() - 1).at("/choices/0/finish_reason").asText());

        // the same request without tools, and the follow-up carrying the result, get the text answer
        for (String body : List.of("{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":" + messages + "}",
                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"tools\":" + tools + ",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"" + ORDER_LINE + "\"},{\"role\":\"assistant\",\"tool_calls\":[{\"id\":"
                        + "\"call_ord_CAsse\",\"type\":\"function\",\"function\":{\"name\":\"get_order_status\","
                        + "\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"call_ord_CAsse\","
                        + "\"content\":\"{}\"}]}")) {
            List<JsonNode> text = sse(body);
            assertNull(text.get(0).at("/choices/0/delta/tool_calls").textValue());
            assertTrue(text.get(0).at("/choices/0/delta/tool_calls").isMissingNode(), body);
            assertEquals("stop", text.get(text.size() - 1).at("/choices/0/finish_reason").asText(), body);
        }
    }

    private static long chatRequestsOf(String callSid) {
        return server.recordedRequests().stream()
                .filter(r -> callSid.equals(r.callSid()) && r.path().equals("/v1/chat/completions"))
                .map(RecordedRequest::path).count();
    }

    /** The {@code data:} events of a streamed completion with choices (no usage chunk, no [DONE]). */
    private static List<JsonNode> sse(String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(server.openAiBaseUrl() + "/chat/completions"))
                .header("content-type", "application/json").header("x-call-sid", "CAsse")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        List<JsonNode> events = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: {")) {
                JsonNode event = JSON.readTree(line.substring(6));
                if (event.path("choices").size() > 0) {
                    events.add(event);
                }
            }
        }
        return events;
    }
}
