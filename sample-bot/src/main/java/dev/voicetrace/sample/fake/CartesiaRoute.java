package dev.voicetrace.sample.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Cartesia {@code POST /tts/bytes} (raw audio) and {@code POST /tts/sse} (events whose {@code data} is
 * {@code {"type":"chunk","data":"<base64>"}}, then {@code {"type":"done"}}).
 */
final class CartesiaRoute implements ProviderRoute {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public boolean matches(String method, String path) {
        return method.equals("POST") && (path.equals("/tts/bytes") || path.equals("/tts/sse"));
    }

    @Override
    public void handle(HttpExchange exchange, ProviderKnobs knobs) throws IOException {
        JsonNode request = VendorJson.read(exchange);
        if (request == null || !request.path("transcript").isTextual() || !request.path("model_id").isTextual()) {
            VendorJson.error(exchange, knobs, 400, "error", "transcript and model_id are required");
            return;
        }
        JsonNode format = request.path("output_format");
        int rate = format.path("sample_rate").asInt(16000);
        int bytesPerSample = format.path("encoding").asText("pcm_s16le").equals("pcm_s16le") ? 2 : 1;
        byte[] audio = SpeechAudio.forCharacters(request.get("transcript").asText().length(), rate * bytesPerSample);
        exchange.getResponseHeaders().set("x-request-id", UUID.randomUUID().toString());
        if (exchange.getRequestURI().getPath().endsWith("/bytes")) {
            SpeechAudio.stream(new PacedResponse(exchange, knobs).begin(200, "audio/pcm"), audio, knobs);
            return;
        }
        PacedResponse sse = new PacedResponse(exchange, knobs).begin(200, "text/event-stream");
        String context = UUID.randomUUID().toString();
        for (byte[] chunk : SpeechAudio.chunks(audio, knobs)) {
            ObjectNode event = JSON.createObjectNode().put("type", "chunk").put("data", SpeechAudio.base64(chunk))
                    .put("done", false).put("status_code", 206).put("step_time", 12.5).put("context_id", context);
            sse.chunk(("event: chunk\ndata: " + JSON.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        ObjectNode done = JSON.createObjectNode().put("type", "done").put("done", true).put("status_code", 200)
                .put("context_id", context);
        sse.chunk(("event: done\ndata: " + JSON.writeValueAsString(done) + "\n\n").getBytes(StandardCharsets.UTF_8));
        sse.end();
    }
}
