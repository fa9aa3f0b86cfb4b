package dev.voicetrace.sample.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voicetrace.sample.FakeProviderServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The speech routes that carry audio as base64 in JSON lines (ElevenLabs with-timestamps), Deepgram's text to
 * speech, and Azure OpenAI's deployment paths for speech and transcription: their wire format, and the knobs
 * (time to first byte, chunking, pacing, faults) they honour.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpeechRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TEXT = "Hello there!"; // 12 characters: 0.72 s of speech
    private static FakeProviderServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new FakeProviderServer().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() throws Exception {
        post("/__reset", "application/json", "", null);
    }

    @Test
    void elevenLabsWithTimestampsIsOneJsonObjectOfTheRouteAudioAndItsAlignment() throws Exception {
        byte[] plain = post("/v1/text-to-speech/voice/stream?output_format=ulaw_8000", "application/json",
                "{\"text\":\"" + TEXT + "\"}", null).body().readAllBytes();
        control("{\"ttfbMs\":300}");

        long sent = System.nanoTime();
        HttpResponse<InputStream> response = post("/v1/text-to-speech/voice/with-timestamps?output_format=ulaw_8000",
                "application/json", "{\"text\":\"" + TEXT + "\",\"model_id\":\"eleven_flash_v2_5\"}", null);
        byte[] body = response.body().readAllBytes();
        long tookMs = (System.nanoTime() - sent) / 1_000_000;

        assertEquals(200, response.statusCode());
        assertTrue(tookMs >= 300, "the time-to-first-byte knob holds the body back: " + tookMs + " ms");
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        assertTrue(response.headers().firstValue("request-id").isPresent());
        assertEquals("12", response.headers().firstValue("x-character-count").orElseThrow());
        JsonNode json = JSON.readTree(body);
        assertArrayEquals(plain, Base64.getDecoder().decode(json.get("audio_base64").asText()),
                "the same audio as the binary route, base64");
        assertEquals(12 * 480, plain.length);
        JsonNode alignment = json.get("alignment");
        assertEquals(TEXT, join(alignment.get("characters")));
        assertEquals(12, alignment.get("character_start_times_seconds").size());
        assertEquals(12, alignment.get("character_end_times_seconds").size());
        assertEquals(0.0, alignment.get("character_start_times_seconds").get(0).asDouble());
        assertEquals(0.72, alignment.get("character_end_times_seconds").get(11).asDouble(), 1e-9);
        assertEquals(alignment, json.get("normalized_alignment"));
    }

    @Test
    void elevenLabsStreamWithTimestampsSendsOnePacedJsonLinePerAudioChunk() throws Exception {
        byte[] whole = Base64.getDecoder().decode(JSON.readTree(post("/v1/text-to-speech/voice/with-timestamps",
                "application/json", "{\"text\":\"" + TEXT + "\"}", null).body().readAllBytes())
                .get("audio_base64").asText());
        control("{\"ttfbMs\":200,\"chunkMs\":60,\"chunkBytes\":4000}");

        long sent = System.nanoTime();
        HttpResponse<InputStream> response = post("/v1/text-to-speech/voice/stream/with-timestamps",
                "application/json", "{\"text\":\"" + TEXT + "\"}", null);
        List<String> lines = new ArrayList<>();
        List<Long> arrivedMs = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                arrivedMs.add((System.nanoTime() - sent) / 1_000_000);
            }
        }

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-length").isEmpty(), "a chunked body");
        // fake MP3 at 16,000 bytes/s: 11,520 bytes, in chunks of 4,000
        assertEquals(11_520, whole.length);
        assertEquals(3, lines.size(), "one line per audio chunk: " + lines.size());
        assertTrue(arrivedMs.get(0) >= 200, "first line after the time-to-first-byte delay: " + arrivedMs);
        assertTrue(arrivedMs.get(2) - arrivedMs.get(0) >= 2 * 60 - 10, "lines paced by chunkMs: " + arrivedMs);
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        StringBuilder characters = new StringBuilder();
        double lastEnd = 0;
        for (String line : lines) {
            JsonNode json = JSON.readTree(line);
            byte[] chunk = Base64.getDecoder().decode(json.get("audio_base64").asText());
            assertTrue(chunk.length <= 4000);
            audio.writeBytes(chunk);
            JsonNode alignment = json.get("alignment");
            characters.append(join(alignment.get("characters")));
            assertTrue(alignment.get("character_start_times_seconds").get(0).asDouble() >= lastEnd - 1e-9,
                    "times run on from line to line");
            lastEnd = alignment.get("character_end_times_seconds").get(alignment.get("characters").size() - 1)
                    .asDouble();
            assertEquals(alignment, json.get("normalized_alignment"));
        }
        assertArrayEquals(whole, audio.toByteArray(), "the lines carry the whole audio, in order");
        assertEquals(TEXT, characters.toString());
        assertEquals(0.72, lastEnd, 1e-9);
    }

    @Test
    void elevenLabsWithTimestampsRoutesHonourFaultsAndAnswerBadRequestsAsElevenLabs() throws Exception {
        HttpResponse<InputStream> cut = post("/v1/text-to-speech/voice/stream/with-timestamps", "application/json",
                "{\"text\":\"" + TEXT + "\"}", "truncate=1");
        BufferedReader reader = new BufferedReader(new InputStreamReader(cut.body(), StandardCharsets.UTF_8));
        assertNotNull(JSON.readTree(reader.readLine()).get("audio_base64"), "the first line arrives whole");
        IOException failure = null;
        try {
            while (reader.readLine() != null) {
                // drain
            }
        } catch (IOException e) {
            failure = e;
        }
        assertNotNull(failure, "the body ends in an error after the first line");

        HttpResponse<InputStream> status = post("/v1/text-to-speech/voice/with-timestamps", "application/json",
                "{\"text\":\"" + TEXT + "\"}", "status=429");
        assertEquals(429, status.statusCode());
        assertEquals("injected_failure", JSON.readTree(status.body().readAllBytes()).at("/detail/status").asText());

        HttpResponse<InputStream> invalid = post("/v1/text-to-speech/voice/stream/with-timestamps",
                "application/json", "{\"model_id\":\"m\"}", null);
        assertEquals(422, invalid.statusCode());
        assertTrue(JSON.readTree(invalid.body().readAllBytes()).at("/detail/message").asText().contains("text"));
    }

    @Test
    void deepgramSpeakStreamsAudioOfTheRequestedEncodingWithAura2Headers() throws Exception {
        control("{\"ttfbMs\":250,\"chunkBytes\":5000}");

        long sent = System.nanoTime();
        HttpResponse<InputStream> response = post("/v1/speak?model=aura-2-thalia-en&encoding=linear16&sample_rate=16000",
                "application/json", "{\"text\":\"" + TEXT + "\"}", null);
        InputStream body = response.body();
        int first = body.read();
        long firstByteMs = (System.nanoTime() - sent) / 1_000_000;
        byte[] rest = body.readAllBytes();

        assertEquals(200, response.statusCode());
        assertTrue(firstByteMs >= 250, "first byte after " + firstByteMs + " ms");
        assertEquals('R', first);
        assertEquals("IFF", new String(rest, 0, 3, StandardCharsets.US_ASCII), "a WAV container by default");
        assertEquals(44 + 16000 * 2 * 72 / 100, 1 + rest.length, "0.72 s of 16 kHz 16-bit PCM behind a WAV header");
        assertEquals("audio/wav", response.headers().firstValue("content-type").orElseThrow());
        assertTrue(response.headers().firstValue("content-length").isEmpty(), "streamed in chunks");
        assertTrue(response.headers().firstValue("x-dg-request-id").orElseThrow().matches("[0-9a-f-]{36}"));
        assertEquals("aura-2-thalia-en", response.headers().firstValue("x-dg-model-name").orElseThrow());
        assertEquals("12", response.headers().firstValue("x-dg-characters").orElseThrow());
        assertTrue(response.headers().firstValue("dg-request-id").isEmpty(), "Aura 2 prefixes its headers with x-");
    }

    @Test
    void deepgramSpeakAura1HeadersOtherEncodingsAndErrors() throws Exception {
        HttpResponse<InputStream> mp3 = post("/v1/speak?model=aura-asteria-en", "application/json",
                "{\"text\":\"" + TEXT + "\"}", null);
        assertEquals(6000 * 72 / 100, mp3.body().readAllBytes().length, "mp3 by default, 48 kbps");
        assertEquals("audio/mpeg", mp3.headers().firstValue("content-type").orElseThrow());
        assertTrue(mp3.headers().firstValue("dg-request-id").isPresent());
        assertEquals("aura-asteria-en", mp3.headers().firstValue("dg-model-name").orElseThrow());
        assertEquals("12", mp3.headers().firstValue("dg-char-count").orElseThrow());
        assertTrue(mp3.headers().firstValue("dg-model-uuid").isPresent());

        HttpResponse<InputStream> raw = post("/v1/speak?model=aura-2-thalia-en&encoding=mulaw&container=none",
                "application/json", "{\"text\":\"" + TEXT + "\"}", null);
        assertEquals(8000 * 72 / 100, raw.body().readAllBytes().length, "8 kHz μ-law, no container");
        assertEquals("application/octet-stream", raw.headers().firstValue("content-type").orElseThrow());

        HttpResponse<InputStream> noText = post("/v1/speak?model=aura-2-thalia-en", "application/json", "{}", null);
        assertEquals(400, noText.statusCode());
        JsonNode error = JSON.readTree(noText.body().readAllBytes());
        assertEquals("INVALID_QUERY_PARAMETER", error.get("err_code").asText());
        assertEquals(noText.headers().firstValue("x-dg-request-id").orElseThrow(), error.get("request_id").asText());

        HttpResponse<InputStream> failed = post("/v1/speak?model=aura-2-thalia-en", "application/json",
                "{\"text\":\"" + TEXT + "\"}", "status=503");
        assertEquals(503, failed.statusCode());
        assertEquals("INJECTED_FAILURE", JSON.readTree(failed.body().readAllBytes()).get("err_code").asText());

        HttpResponse<InputStream> garbage = post("/v1/speak?model=aura-2-thalia-en&encoding=mulaw&container=none",
                "application/json", "{\"text\":\"" + TEXT + "\"}", "garbage");
        byte[] garbled = garbage.body().readAllBytes();
        assertArrayEquals(PacedResponse.GARBAGE, java.util.Arrays.copyOf(garbled, PacedResponse.GARBAGE.length));
    }

    @Test
    void azureDeploymentPathsServeSpeechAndTranscriptionLikeOpenAi() throws Exception {
        String speech = "{\"input\":\"" + TEXT + "\",\"voice\":\"alloy\",\"response_format\":\"pcm\"}";
        byte[] openAi = post("/v1/audio/speech", "application/json",
                speech.replace("{", "{\"model\":\"gpt-4o-mini-tts\","), null).body().readAllBytes();
        control("{\"ttfbMs\":200}");
        long sent = System.nanoTime();
        HttpResponse<InputStream> azure = post("/openai/deployments/my-tts/audio/speech?api-version=2025-03-01-preview",
                "application/json", speech, null);
        byte[] azureAudio = azure.body().readAllBytes();
        assertTrue((System.nanoTime() - sent) / 1_000_000 >= 200, "the knobs apply");
        assertEquals(200, azure.statusCode());
        assertArrayEquals(openAi, azureAudio, "the same audio as /v1/audio/speech");
        assertTrue(azure.headers().firstValue("x-request-id").isPresent());

        String sse = new String(post("/openai/deployments/my-tts/audio/speech?api-version=2025-03-01-preview",
                "application/json", speech.replace("}", ",\"stream_format\":\"sse\"}"), null).body().readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(sse.startsWith("data: {\"type\":\"speech.audio.delta\""), sse);
        assertTrue(sse.contains("\"type\":\"speech.audio.done\""));

        String boundary = "voicetrace-boundary";
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\nRIFFfake-audio-bytes\r\n--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"response_format\"\r\n\r\njson\r\n--" + boundary + "--\r\n";
        HttpResponse<InputStream> transcription = post(
                "/openai/deployments/my-whisper/audio/transcriptions?api-version=2024-06-01",
                "multipart/form-data; boundary=" + boundary, form, null);
        assertEquals(200, transcription.statusCode());
        JsonNode text = JSON.readTree(transcription.body().readAllBytes());
        assertFalse(text.get("text").asText().isEmpty());
        assertTrue(text.at("/usage/input_tokens").asInt() > 0);

        assertEquals(400, post("/v1/audio/transcriptions", "multipart/form-data; boundary=" + boundary, form, null)
                .statusCode(), "OpenAI itself still wants a model");
        assertEquals(404, post("/openai/deployments/my-tts/audio/speech/extra", "application/json", speech, null)
                .statusCode());
    }

    @Test
    void openAiSpeechSseWithAStreamErrorFaultSendsNDeltasThenTheErrorEventAndNoDone() throws Exception {
        String speech = "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"" + TEXT
                + "\",\"voice\":\"alloy\",\"response_format\":\"pcm\",\"stream_format\":\"sse\"}";
        HttpResponse<InputStream> r = post("/v1/audio/speech", "application/json", speech, "stream-error=2");
        assertEquals(200, r.statusCode());
        String[] events = new String(r.body().readAllBytes(), StandardCharsets.UTF_8).split("\n\n");
        assertEquals(3, events.length, String.join(" | ", events));
        assertTrue(events[0].startsWith("data: {\"type\":\"speech.audio.delta\""), events[0]);
        assertTrue(events[1].startsWith("data: {\"type\":\"speech.audio.delta\""), events[1]);
        JsonNode error = JSON.readTree(events[2].substring("data: ".length()));
        assertEquals("error", error.get("type").asText());
        assertEquals("server_error", error.at("/error/type").asText());
    }

    private static String join(JsonNode characters) {
        StringBuilder s = new StringBuilder();
        characters.forEach(c -> s.append(c.asText()));
        return s.toString();
    }

    private static void control(String knobs) throws Exception {
        post("/__control", "application/json", knobs, null).body().readAllBytes();
    }

    private static HttpResponse<InputStream> post(String path, String contentType, String body, String fault)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.elevenLabsBaseUrl() + path))
                .header("content-type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (fault != null) {
            b.header(Fault.HEADER, fault);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    }
}
