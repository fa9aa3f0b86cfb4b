package dev.voicetrace.sample.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * ElevenLabs {@code POST /v1/text-to-speech/{voice_id}/with-timestamps}: one JSON object {@code {"audio_base64",
 * "alignment":{"characters","character_start_times_seconds","character_end_times_seconds"},
 * "normalized_alignment":{…}}}; and {@code …/stream/with-timestamps}: such objects one per line (newline-delimited
 * JSON), one per audio chunk of {@link ProviderKnobs#chunkBytes()}, paced, each aligned with its share of the text
 * (times from the start of the whole audio). The audio is what {@link TextToSpeechRoute} sends for the same
 * {@code output_format}.
 */
final class ElevenLabsTimestampsRoute implements ProviderRoute {

    private static final Pattern PATH = Pattern.compile("/v1/text-to-speech/[^/]+(/stream)?/with-timestamps");

    @Override
    public boolean matches(String method, String path) {
        return method.equals("POST") && PATH.matcher(path).matches();
    }

    @Override
    public void handle(HttpExchange exchange, ProviderKnobs knobs) throws IOException {
        JsonNode request = VendorJson.read(exchange);
        if (request == null || !request.path("text").isTextual()) {
            TextToSpeechRoute.sendError(exchange, knobs, 422, "invalid_request", "Field 'text' is required.");
            return;
        }
        String text = request.get("text").asText();
        String format = TextToSpeechRoute.outputFormat(exchange.getRequestURI().getRawQuery());
        byte[] audio = TextToSpeechRoute.audio(text, format, knobs);
        int[] codePoints = text.codePoints().toArray();
        double perCharacter = codePoints.length == 0 ? 0 : TextToSpeechRoute.seconds(text) / codePoints.length;
        exchange.getResponseHeaders().set("request-id", RequestIds.elevenLabsRequest());
        exchange.getResponseHeaders().set("x-character-count", Integer.toString(text.length()));
        if (!exchange.getRequestURI().getPath().contains("/stream/")) {
            VendorJson.send(exchange, knobs, line(audio, codePoints, 0, codePoints.length, perCharacter));
            return;
        }
        PacedResponse response = new PacedResponse(exchange, knobs).begin(200, "application/json");
        byte[][] chunks = SpeechAudio.chunks(audio, knobs);
        for (int k = 0; k < chunks.length; k++) {
            int from = (int) ((long) k * codePoints.length / chunks.length);
            int to = (int) ((long) (k + 1) * codePoints.length / chunks.length);
            ObjectNode line = line(chunks[k], codePoints, from, to, perCharacter);
            response.chunk((VendorJson.JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        response.end();
    }

    /** One response object: {@code audio} and the alignment of characters {@code from} to {@code to}. */
    private static ObjectNode line(byte[] audio, int[] codePoints, int from, int to, double perCharacter) {
        ObjectNode line = VendorJson.JSON.createObjectNode().put("audio_base64", SpeechAudio.base64(audio));
        if (from >= to) {
            line.putNull("alignment");
            line.putNull("normalized_alignment");
            return line;
        }
        line.set("alignment", alignment(codePoints, from, to, perCharacter));
        line.set("normalized_alignment", alignment(codePoints, from, to, perCharacter));
        return line;
    }

    private static ObjectNode alignment(int[] codePoints, int from, int to, double perCharacter) {
        ObjectNode alignment = VendorJson.JSON.createObjectNode();
        ArrayNode characters = alignment.putArray("characters");
        ArrayNode starts = alignment.putArray("character_start_times_seconds");
        ArrayNode ends = alignment.putArray("character_end_times_seconds");
        for (int i = from; i < to; i++) {
            characters.add(new String(Character.toChars(codePoints[i])));
            starts.add(Math.round(i * perCharacter * 1000) / 1000.0);
            ends.add(Math.round((i + 1) * perCharacter * 1000) / 1000.0);
        }
        return alignment;
    }
}
