package dev.voicetrace.sample.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Deepgram text to speech {@code POST /v1/speak?model=…&encoding=…&sample_rate=…&container=…}: {@code {"text":"…"}}
 * in, binary audio out, streamed in chunks of {@link ProviderKnobs#chunkBytes()}. Defaults as Deepgram documents
 * them: {@code mp3} (48 kbps), {@code linear16} at 24000 Hz and {@code mulaw}/{@code alaw} at 8000 Hz in a WAV
 * container unless {@code container=none}.
 *
 * <p>Response headers as Deepgram sends them, which differ by model generation: Aura 2 models
 * ({@code aura-2-*}) answer {@code x-dg-request-id}, {@code x-dg-model-name} and {@code x-dg-characters}; Aura 1
 * models {@code dg-request-id}, {@code dg-model-name}, {@code dg-model-uuid} and {@code dg-char-count} (what the
 * Deepgram Python SDK v3 reads, and what live responses showed in 2025; Deepgram's reference does not list them).
 * Errors: {@code {"err_code","err_msg","request_id"}}.
 */
final class DeepgramSpeakRoute implements ProviderRoute {

    static final String DEFAULT_MODEL = "aura-asteria-en";

    @Override
    public boolean matches(String method, String path) {
        return method.equals("POST") && path.equals("/v1/speak");
    }

    @Override
    public void handle(HttpExchange exchange, ProviderKnobs knobs) throws IOException {
        JsonNode request = VendorJson.read(exchange);
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String model = query.getOrDefault("model", DEFAULT_MODEL);
        boolean aura2 = model.startsWith("aura-2-");
        String requestId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().set(aura2 ? "x-dg-request-id" : "dg-request-id", requestId);
        if (request == null || !request.path("text").isTextual() || request.get("text").asText().isEmpty()) {
            error(exchange, knobs, 400, "INVALID_QUERY_PARAMETER", "Text must be a non-empty string.", requestId);
            return;
        }
        String encoding = query.getOrDefault("encoding", "mp3").toLowerCase(Locale.ROOT);
        int rate;
        int bytesPerSecond;
        String contentType;
        switch (encoding) {
            case "linear16", "mulaw", "alaw" -> {
                rate = number(query.getOrDefault("sample_rate", encoding.equals("linear16") ? "24000" : "8000"));
                bytesPerSecond = rate * (encoding.equals("linear16") ? 2 : 1);
                contentType = "none".equals(query.get("container")) ? "application/octet-stream" : "audio/wav";
            }
            case "mp3" -> {
                rate = 22050;
                bytesPerSecond = number(query.getOrDefault("bit_rate", "48000")) / 8;
                contentType = "audio/mpeg";
            }
            case "opus", "flac", "aac" -> {
                rate = 48000;
                bytesPerSecond = 6000;
                contentType = encoding.equals("opus") ? "audio/ogg" : "audio/" + encoding;
            }
            default -> {
                error(exchange, knobs, 400, "INVALID_QUERY_PARAMETER",
                        "Unsupported encoding '" + encoding + "'.", requestId);
                return;
            }
        }
        if (rate <= 0 || bytesPerSecond <= 0) {
            error(exchange, knobs, 400, "INVALID_QUERY_PARAMETER", "Invalid sample_rate or bit_rate.", requestId);
            return;
        }
        String text = request.get("text").asText();
        byte[] audio = SpeechAudio.forCharacters(text.length(), bytesPerSecond);
        if (contentType.equals("audio/wav")) {
            audio = wav(audio, encoding, rate);
        }
        String characters = Integer.toString(text.length());
        if (aura2) {
            exchange.getResponseHeaders().set("x-dg-model-name", model);
            exchange.getResponseHeaders().set("x-dg-characters", characters);
        } else {
            exchange.getResponseHeaders().set("dg-model-name", model);
            exchange.getResponseHeaders().set("dg-model-uuid", UUID.nameUUIDFromBytes(model.getBytes(StandardCharsets.UTF_8)).toString());
            exchange.getResponseHeaders().set("dg-char-count", characters);
        }
        SpeechAudio.stream(new PacedResponse(exchange, knobs).begin(200, contentType), audio, knobs);
    }

    /** A Deepgram-shaped error: {@code {"err_code","err_msg","request_id"}}. */
    static void error(HttpExchange exchange, ProviderKnobs knobs, int status, String code, String message,
                              String requestId) throws IOException {
        ObjectNode body = VendorJson.JSON.createObjectNode().put("err_code", code).put("err_msg", message)
                .put("request_id", requestId);
        PacedResponse.send(exchange, knobs, status, "application/json", VendorJson.JSON.writeValueAsBytes(body));
    }

    /** {@code samples} behind a 44-byte RIFF/WAVE header (format 1 PCM, 6 A-law, 7 μ-law; mono). */
    static byte[] wav(byte[] samples, String encoding, int rate) {
        int bits = encoding.equals("linear16") ? 16 : 8;
        int format = switch (encoding) {
            case "alaw" -> 6;
            case "mulaw" -> 7;
            default -> 1;
        };
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples.length)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII)).put("fmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16).putShort((short) format).putShort((short) 1).putInt(rate).putInt(rate * bits / 8)
                .putShort((short) (bits / 8)).putShort((short) bits)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(44 + samples.length);
        out.writeBytes(header.array());
        out.writeBytes(samples);
        return out.toByteArray();
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }
}
