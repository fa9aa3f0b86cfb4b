package dev.voicetrace.sample.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import dev.voicetrace.sample.FakeProviderServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FakeProviderServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeProviderServer server;
    private static OpenAIClient openAi;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

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
    void reset() throws Exception {
        post("/__reset", "");
    }

    @Test
    void streamsAChatCompletionWithDeltasAndUsageThatOpenAiJavaUnderstands() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = openAi.chat().completions().createStreaming(chat()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunks::add);
        }

        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
        assertEquals("Thanks. Order four two seven one is out for delivery and should arrive today.", text.toString());
        assertTrue(chunks.size() > 5, "several delta chunks");
        assertEquals("gpt-4o-mini-2024-07-18", chunks.get(0).model());
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertTrue(last.choices().isEmpty());
        CompletionUsage usage = last.usage().orElseThrow();
        assertEquals(14, usage.completionTokens());
        assertEquals(usage.promptTokens() + usage.completionTokens(), usage.totalTokens());
        assertEquals(0, usage.promptTokensDetails().orElseThrow().cachedTokens().orElseThrow());
        assertEquals(ChatCompletionChunk.Choice.FinishReason.STOP,
                chunks.get(chunks.size() - 2).choices().get(0).finishReason().orElseThrow());
    }

    @Test
    void answersANonStreamedChatCompletionWithUsage() {
        ChatCompletion completion = openAi.chat().completions().create(chat().build());

        assertEquals("chat.completion", completion._object_().asString().orElseThrow());
        assertTrue(completion.choices().get(0).message().content().orElseThrow().startsWith("Thanks. Order"));
        assertEquals(14, completion.usage().orElseThrow().completionTokens());
    }

    @Test
    void controlInjectsProviderShapedFailuresAndEmptyControlResetsThem() throws Exception {
        post("/__control", "{\"failPath\":\"/v1/chat/completions\",\"failStatus\":500}");
        assertThrows(InternalServerException.class, () -> openAi.chat().completions().create(chat().build()));

        post("/__control", "{}");
        assertNotNull(openAi.chat().completions().create(chat().build()));
    }

    @Test
    void delaysTheFirstBodyByteButNotTheHeaders() throws Exception {
        post("/__control", "{\"ttfbMs\":300}");
        HttpRequest tts = HttpRequest.newBuilder(URI.create(server.elevenLabsBaseUrl()
                        + "/v1/text-to-speech/voice/stream?output_format=ulaw_8000"))
                .header("x-call-sid", "CAttfb")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Hello there!\",\"model_id\":\"m\"}"))
                .build();

        long sent = System.nanoTime();
        HttpResponse<InputStream> response = HTTP.send(tts, HttpResponse.BodyHandlers.ofInputStream());
        long headersMs = (System.nanoTime() - sent) / 1_000_000;
        try (InputStream body = response.body()) {
            assertTrue(body.read() >= 0);
            long firstByteMs = (System.nanoTime() - sent) / 1_000_000;
            assertTrue(headersMs < 250, "headers took " + headersMs + " ms");
            assertTrue(firstByteMs >= 300, "first body byte after " + firstByteMs + " ms");
            assertEquals(12 * 480 - 1, body.readAllBytes().length, "60 ms of 8 kHz mu-law per character");
        }
        assertEquals("audio/basic", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("12", response.headers().firstValue("x-character-count").orElseThrow());
        assertTrue(response.headers().firstValue("request-id").isPresent());
    }

    @Test
    void recordsEveryProviderRequestWithItsCallSid() throws Exception {
        openAi.chat().completions().create(chat().putAdditionalHeader("x-call-sid", "CArecorded").build());
        openAi.chat().completions().create(chat().build());

        JsonNode recorded = JSON.readTree(get("/__requests"));

        assertEquals(2, recorded.size());
        assertEquals("POST", recorded.get(0).get("method").asText());
        assertEquals("/v1/chat/completions", recorded.get(0).get("path").asText());
        assertEquals("CArecorded", recorded.get(0).get("callSid").asText());
        assertTrue(recorded.get(1).get("callSid").isNull());
        assertTrue(recorded.get(0).get("traceparent").isNull());
        assertTrue(recorded.get(0).get("receivedAtEpochMillis").asLong() > 0);
    }

    @Test
    void faultHeaderGzipsTheBodyItChunksItByteByByteOrStallsIt() throws Exception {
        byte[] plain = tts("").body().readAllBytes();
        assertEquals(12 * 480, plain.length);

        HttpResponse<InputStream> gzip = tts("gzip");
        assertEquals("gzip", gzip.headers().firstValue("content-encoding").orElseThrow());
        byte[] compressed = gzip.body().readAllBytes();
        assertTrue(compressed.length != plain.length);
        assertArrayEquals(plain, new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(compressed))
                .readAllBytes(), "the same audio, compressed");

        for (String fault : new String[] {"deflate", "raw-deflate"}) {
            HttpResponse<InputStream> deflated = tts(fault);
            assertEquals("deflate", deflated.headers().firstValue("content-encoding").orElseThrow(), fault);
            byte[] body = deflated.body().readAllBytes();
            assertEquals(fault.equals("deflate"), (body[0] & 0x0f) == 8 && ((body[0] & 0xff) << 8 | (body[1] & 0xff)) % 31 == 0,
                    fault + ": a zlib header only when not raw");
            assertArrayEquals(plain, new java.util.zip.InflaterInputStream(new java.io.ByteArrayInputStream(body),
                    new java.util.zip.Inflater(fault.startsWith("raw"))).readAllBytes(), fault + ": the same audio");
        }

        assertArrayEquals(plain, tts("byte-chunks").body().readAllBytes());

        long start = System.nanoTime();
        assertArrayEquals(plain, tts("stall=400").body().readAllBytes());
        assertTrue(System.nanoTime() - start >= 400_000_000L, "stalled 400 ms mid-body");
    }

    @Test
    void faultHeaderCutsTheConnectionMidBody() throws Exception {
        for (String fault : new String[] {"truncate=2", "reset=2"}) {
            InputStream body = tts(fault).body();
            byte[] buffer = new byte[512];
            int read = 0;
            IOException failure = null;
            try {
                int n;
                while ((n = body.read(buffer)) != -1) {
                    read += n;
                }
            } catch (IOException e) {
                failure = e;
            }
            assertNotNull(failure, fault + ": the body ends in an error, not an end of stream (read " + read + ")");
            assertTrue(read <= 2 * ProviderKnobs.DEFAULTS.chunkBytes(), fault + ": at most two chunks, read " + read);
            StringBuilder messages = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                messages.append(t).append(" / ");
            }
            assertEquals(fault.startsWith("reset"), messages.toString().toLowerCase().contains("reset"),
                    fault + ": a reset is a TCP RST, a truncation a plain close: " + messages);
        }
    }

    @Test
    void faultHeaderSendsGarbageHugeBodiesAndErrorStatuses() throws Exception {
        byte[] garbage = tts("garbage").body().readAllBytes();
        assertArrayEquals(PacedResponse.GARBAGE, java.util.Arrays.copyOf(garbage, PacedResponse.GARBAGE.length));
        assertEquals(PacedResponse.GARBAGE.length + 12 * 480, garbage.length);

        HttpResponse<InputStream> huge = tts("huge=5000000");
        long total = 0;
        try (InputStream in = huge.body()) {
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
            }
        }
        assertEquals(5_000_000, total);

        HttpResponse<InputStream> failed = tts("status=503");
        assertEquals(503, failed.statusCode());
        assertTrue(new String(failed.body().readAllBytes()).contains("injected_failure"));

        assertEquals(400, tts("no-such-fault").statusCode());
    }

    @Test
    void faultHeaderBreaksTheChatEventStream() throws Exception {
        HttpResponse<String> sse = HTTP.send(HttpRequest.newBuilder(URI.create(server.openAiBaseUrl() + "/chat/completions"))
                .header(Fault.HEADER, "garbage")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, sse.statusCode());
        assertTrue(sse.body().startsWith("data: {\"choices\":[{\"delta\":{\"content\":\"cut sho\n\n"), sse.body());
        assertTrue(sse.body().endsWith("data: [DONE]\n\n"), "the real events follow the garbage");
    }

    @Test
    void faultHeaderAnswersWithAProxysHtmlOrPlainTextErrorInsteadOfTheProvidersJson() throws Exception {
        HttpResponse<String> html = chatWithFault("html-error", true);
        assertEquals(502, html.statusCode());
        assertEquals("text/html", html.headers().firstValue("content-type").orElseThrow());
        assertTrue(html.body().startsWith("<html>") && html.body().contains("<h1>502 Bad Gateway</h1>"), html.body());

        HttpResponse<String> text = chatWithFault("text-error=503", false);
        assertEquals(503, text.statusCode());
        assertEquals("text/plain; charset=utf-8", text.headers().firstValue("content-type").orElseThrow());
        assertEquals("Service Unavailable\n", text.body());
    }

    @Test
    void faultHeaderHoldsTheResponseHeaders() throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> held = HTTP.send(chatRequest("hold=400", false).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long headersMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(headersMs >= 400, "headers after " + headersMs + " ms");
        assertEquals(200, held.statusCode());
        assertTrue(JSON.readTree(held.body().readAllBytes()).has("choices"), "then the normal answer");
    }

    @Test
    void streamErrorFaultSendsOpenAisErrorEventAfterSomeContentAndNoDone() throws Exception {
        HttpResponse<String> r = chatWithFault("stream-error=3", true);
        assertEquals(200, r.statusCode(), "the failure comes after the 200");
        List<String> data = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("data: ")) {
                data.add(line.substring(6));
            }
        }
        assertEquals(5, data.size(), "the role chunk, three content chunks, the error: " + data);
        assertEquals("server_error", JSON.readTree(data.get(4)).at("/error/type").asText());
        assertTrue(data.stream().noneMatch(d -> d.startsWith("[DONE]") || d.contains("finish_reason\":\"")),
                "no finish reason, no [DONE]: " + data);

        // openai-java hands over the content before the error, then throws
        StringBuilder text = new StringBuilder();
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> {
            try (StreamResponse<ChatCompletionChunk> stream = openAi.chat().completions().createStreaming(chat()
                    .putAdditionalHeader(Fault.HEADER, "stream-error=3").build())) {
                stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
            }
        });
        assertEquals("com.openai.errors.SseException", thrown.getClass().getName(), String.valueOf(thrown));
        assertEquals("Thanks. Order four", text.toString());
    }

    @Test
    void streamErrorFaultEndsAResponsesStreamWithResponseFailedAfterSomeText() throws Exception {
        List<String> types = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        String[] code = {null};
        try (StreamResponse<com.openai.models.responses.ResponseStreamEvent> stream = openAi.responses().createStreaming(
                com.openai.models.responses.ResponseCreateParams.builder().model("gpt-4o-mini").input("Hello")
                        .putAdditionalHeader(Fault.HEADER, "stream-error=2").build())) {
            stream.stream().forEach(e -> {
                e.outputTextDelta().ifPresent(d -> {
                    types.add("delta");
                    text.append(d.delta());
                });
                e.failed().ifPresent(f -> {
                    types.add("failed");
                    code[0] = f.response().error().map(err -> err.code().toString()).orElse(null);
                });
                e.completed().ifPresent(c -> types.add("completed"));
            });
        }
        assertEquals(List.of("delta", "delta", "failed"), types, "two text deltas, then response.failed, no completed");
        assertEquals("server_error", code[0]);
        assertFalse(text.toString().isEmpty());
    }

    @Test
    void faultHeaderAddsUnknownFieldsToEveryChunkThatClientsIgnore() throws Exception {
        String plain = chatWithFault("", true).body();
        String sse = chatWithFault("unknown-fields", true).body();
        List<String> data = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {")) {
                data.add(line.substring(6));
            }
        }
        assertEquals(plain.split("\n\n").length, sse.split("\n\n").length, "as many events as without the fault");
        for (String d : data) {
            JsonNode chunk = JSON.readTree(d);
            assertTrue(d.startsWith("{\"x_vendor\":{"), "the unknown object comes first: " + d);
            assertEquals("shadow-model", chunk.at("/x_vendor/model").asText());
            assertTrue(chunk.has("obfuscation"));
            chunk.path("choices").forEach(c -> assertTrue(c.has("x_choice_meta") && c.at("/delta/x_annotation").isTextual()));
        }
        JsonNode usage = JSON.readTree(data.get(data.size() - 1)).get("usage");
        assertEquals(3, usage.at("/x_billing/units").asInt());
        assertEquals(999, JSON.readTree(data.get(data.size() - 1)).at("/x_vendor/usage/completion_tokens").asInt());

        // openai-java reads the same completion through them
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = openAi.chat().completions().createStreaming(chat()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .putAdditionalHeader(Fault.HEADER, "unknown-fields").build())) {
            stream.stream().forEach(chunks::add);
        }
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
        assertEquals("Thanks. Order four two seven one is out for delivery and should arrive today.", text.toString());
        assertEquals(14, chunks.get(chunks.size() - 1).usage().orElseThrow().completionTokens());
        assertEquals("gpt-4o-mini-2024-07-18", chunks.get(0).model());

        JsonNode whole = JSON.readTree(chatWithFault("unknown-fields", false).body());
        assertEquals("shadow-model", whole.at("/x_vendor/model").asText());
        assertEquals(14, whole.at("/usage/completion_tokens").asInt());
        assertTrue(whole.at("/choices/0/message/x_annotation").isTextual());
    }

    @Test
    void injectedFailuresSendRetryAfterInSecondsWhenAsked() throws Exception {
        post("/__control", "{\"failPath\":\"/v1/chat/completions\",\"failStatus\":429,\"failTimes\":1,"
                + "\"failRetryAfter\":\"1\"}");
        HttpResponse<String> limited = chatWithFault("", false);
        assertEquals(429, limited.statusCode());
        assertEquals("1", limited.headers().firstValue("retry-after").orElseThrow());
        assertTrue(limited.headers().firstValue("retry-after-ms").isEmpty(), "no millisecond hint to prefer");
        assertEquals(200, chatWithFault("", false).statusCode(), "failTimes: 1");

        post("/__control", "{\"failPath\":\"/v1/chat/completions\",\"failStatus\":500,\"failTimes\":1}");
        HttpResponse<String> usual = chatWithFault("", false);
        assertEquals("20", usual.headers().firstValue("retry-after-ms").orElseThrow());
        assertTrue(usual.headers().firstValue("retry-after").isEmpty());
    }

    private static HttpRequest.Builder chatRequest(String fault, boolean stream) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.openAiBaseUrl() + "/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"stream\":" + stream
                        + ",\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"The order number is four two seven one.\"}]}"));
        if (!fault.isEmpty()) {
            b.header(Fault.HEADER, fault);
        }
        return b;
    }

    private static HttpResponse<String> chatWithFault(String fault, boolean stream) throws Exception {
        return HTTP.send(chatRequest(fault, stream).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<InputStream> tts(String fault) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.elevenLabsBaseUrl()
                        + "/v1/text-to-speech/voice/stream?output_format=ulaw_8000"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Hello there!\",\"model_id\":\"m\"}"));
        if (!fault.isEmpty()) {
            b.header(Fault.HEADER, fault);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static ChatCompletionCreateParams.Builder chat() {
        return ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                .addSystemMessage("You are a test.")
                .addUserMessage("The order number is four two seven one.");
    }

    private static String post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.elevenLabsBaseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.elevenLabsBaseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
