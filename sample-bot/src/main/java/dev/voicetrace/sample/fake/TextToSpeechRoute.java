package dev.voicetrace.sample.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.voicetrace.sample.audio.MuLaw;
import dev.voicetrace.sample.audio.Tone;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * ElevenLabs {@code POST /v1/text-to-speech/{voice_id}[/stream]}: text in, chunked audio out, about 60 ms of speech
 * per character (at most 4 s; a {@code huge} {@link Fault} sets the size).
 */
final class TextToSpeechRoute implements ProviderRoute {

    static final double SECONDS_PER_CHARACTER = 0.060;
    static final double MAX_SECONDS = 4.0;

    private static final Pattern PATH = Pattern.compile("/v1/text-to-speech/[^/]+(/stream)?");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MP3_BYTES_PER_SECOND = 128_000 / 8;
    private static final byte[] MP3_FRAME_HEADER = {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, (byte) 0x64};

    @Override
    public boolean matches(String method, String path) {
        return method.equals("POST") && PATH.matcher(path).matches();
    }

    @Override
    public void handle(HttpExchange exchange, ProviderKnobs knobs) throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            request = null;
        }
        if (request == null || !request.hasNonNull("text")) {
            sendError(exchange, knobs, 422, "invalid_request", "Field 'text' is required.");
            return;
        }
        String text = request.get("text").asText();
        String format = outputFormat(exchange.getRequestURI().getRawQuery());
        byte[] audio = audio(text, format, knobs);
        exchange.getResponseHeaders().set("request-id", RequestIds.elevenLabsRequest());
        exchange.getResponseHeaders().set("x-character-count", Integer.toString(text.length()));
        PacedResponse response = new PacedResponse(exchange, knobs)
                .begin(200, format.startsWith("ulaw_") ? "audio/basic" : "audio/mpeg");
        for (int offset = 0; offset < audio.length; offset += knobs.chunkBytes()) {
            response.chunk(Arrays.copyOfRange(audio, offset, Math.min(audio.length, offset + knobs.chunkBytes())));
        }
        response.end();
    }

    /**
     * The audio ElevenLabs sends for {@code text} in {@code format}: μ-law for {@code ulaw_*}, fake MP3 otherwise;
     * a {@code huge} fault sets the size.
     */
    static byte[] audio(String text, String format, ProviderKnobs knobs) {
        double seconds = seconds(text);
        Fault fault = knobs.faultSpec();
        return fault != null && fault.is(Fault.Kind.HUGE) ? fakeMp3(Math.toIntExact(fault.amount()))
                : format.startsWith("ulaw_") ? Tone.botVoice().muLaw(0, (int) Math.round(seconds * MuLaw.SAMPLE_RATE))
                : fakeMp3((int) Math.round(seconds * MP3_BYTES_PER_SECOND));
    }

    /** Seconds of speech ElevenLabs makes of {@code text}. */
    static double seconds(String text) {
        return Math.min(MAX_SECONDS, text.length() * SECONDS_PER_CHARACTER);
    }

    /** Sends an ElevenLabs-shaped error: {@code {"detail":{"status","message"}}}. */
    static void sendError(HttpExchange exchange, ProviderKnobs knobs, int status, String code, String message)
            throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("detail").put("status", code).put("message", message);
        exchange.getResponseHeaders().set("request-id", RequestIds.elevenLabsRequest());
        PacedResponse.send(exchange, knobs, status, "application/json", JSON.writeValueAsBytes(body));
    }

    /** The {@code output_format} query parameter, {@code mp3_44100_128} when absent. */
    static String outputFormat(String rawQuery) {
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.startsWith("output_format=")) {
                    return URLDecoder.decode(pair.substring("output_format=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        return "mp3_44100_128";
    }

    private static byte[] fakeMp3(int length) {
        byte[] mp3 = new byte[length];
        for (int frame = 0; frame + MP3_FRAME_HEADER.length <= length; frame += 417) {
            System.arraycopy(MP3_FRAME_HEADER, 0, mp3, frame, MP3_FRAME_HEADER.length);
        }
        return mp3;
    }
}
