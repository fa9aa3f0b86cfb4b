package dev.voicetrace.sample.providers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.voicetrace.sample.audio.MuLaw;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Text-to-speech through ElevenLabs' streaming endpoint, delivering telephone audio frame by frame as it arrives.
 */
public final class SpeechSynthesizer {

    /** The ElevenLabs model the bot uses: the low-latency one. */
    public static final String MODEL = "eleven_flash_v2_5";

    private static final String OUTPUT_FORMAT = "ulaw_8000";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;
    private final String apiKey;
    private final String voiceId;

    /** A synthesizer speaking with {@code voiceId}, via ElevenLabs at {@code baseUrl}. */
    public SpeechSynthesizer(HttpClient http, String baseUrl, String apiKey, String voiceId) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.voiceId = voiceId;
    }

    /**
     * Speaks {@code text}, handing each 20 ms μ-law frame to {@code frames} as soon as it has arrived.
     *
     * @return the number of audio bytes received
     */
    public long speak(String callSid, String text, Consumer<byte[]> frames) {
        HttpRequest request = HttpRequest.newBuilder(streamUri())
                .timeout(Duration.ofSeconds(30))
                .header("xi-api-key", apiKey)
                .header("content-type", "application/json")
                .header("accept", "audio/basic")
                .header(CallSidHeader.NAME, callSid)
                .POST(HttpRequest.BodyPublishers.ofString(requestBody(text)))
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream audio = response.body()) {
                if (response.statusCode() != 200) {
                    String error = new String(audio.readAllBytes(), StandardCharsets.UTF_8);
                    throw new IllegalStateException("ElevenLabs answered " + response.statusCode() + ": " + error);
                }
                return forwardFrames(audio, frames);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ElevenLabs text-to-speech failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while speaking", e);
        }
    }

    private static long forwardFrames(InputStream audio, Consumer<byte[]> frames) throws IOException {
        long total = 0;
        byte[] frame = new byte[MuLaw.FRAME_BYTES];
        int read;
        while ((read = audio.readNBytes(frame, 0, frame.length)) > 0) {
            frames.accept(read == frame.length ? frame.clone() : Arrays.copyOf(frame, read));
            total += read;
        }
        return total;
    }

    private URI streamUri() {
        return URI.create(baseUrl + "/v1/text-to-speech/" + URLEncoder.encode(voiceId, StandardCharsets.UTF_8)
                + "/stream?output_format=" + OUTPUT_FORMAT);
    }

    private static String requestBody(String text) {
        ObjectNode body = JSON.createObjectNode().put("text", text).put("model_id", MODEL);
        return body.toString();
    }
}
