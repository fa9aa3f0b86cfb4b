package dev.voicetrace.sample.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Google Cloud {@code POST /v1/text:synthesize} ({@code {"audioContent":"<base64>"}}, streamed in chunks like a
 * large body arrives) and {@code POST /v1/speech:recognize} (results with alternatives, {@code totalBilledTime}).
 */
final class GoogleSpeechRoute implements ProviderRoute {

    static final String RECOGNIZED = "I'd like to book a table for two.";

    @Override
    public boolean matches(String method, String path) {
        return method.equals("POST") && (path.equals("/v1/text:synthesize") || path.equals("/v1/speech:recognize"));
    }

    @Override
    public void handle(HttpExchange exchange, ProviderKnobs knobs) throws IOException {
        JsonNode request = VendorJson.read(exchange);
        if (request == null) {
            VendorJson.error(exchange, knobs, 400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
            return;
        }
        if (exchange.getRequestURI().getPath().endsWith(":recognize")) {
            recognize(exchange, knobs, request);
            return;
        }
        JsonNode input = request.path("input");
        String text = input.has("ssml") ? SpeechAudio.spoken(input.path("ssml").asText()) : input.path("text").asText();
        String encoding = request.path("audioConfig").path("audioEncoding").asText("LINEAR16").toUpperCase(Locale.ROOT);
        int rate = request.path("audioConfig").path("sampleRateHertz").asInt(24000);
        int bytesPerSecond = encoding.equals("LINEAR16") ? rate * 2 : encoding.equals("MP3") ? 4000 : rate;
        byte[] audio = SpeechAudio.forCharacters(text.length(), bytesPerSecond);
        ObjectNode body = VendorJson.JSON.createObjectNode().put("audioContent", SpeechAudio.base64(audio));
        body.putArray("timepoints");
        body.putObject("audioConfig").put("audioEncoding", encoding).put("sampleRateHertz", rate);
        byte[] bytes = VendorJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        PacedResponse response = new PacedResponse(exchange, knobs).begin(200, "application/json; charset=UTF-8");
        SpeechAudio.stream(response, bytes, knobs);
    }

    /** Audio taken as 16-bit PCM at the config's rate for the billed time. */
    private static void recognize(HttpExchange exchange, ProviderKnobs knobs, JsonNode request) throws IOException {
        JsonNode config = request.path("config");
        int audioBytes = Base64.getDecoder().decode(request.path("audio").path("content").asText("")
                .getBytes(StandardCharsets.US_ASCII)).length;
        double seconds = audioBytes / (config.path("sampleRateHertz").asDouble(16000) * 2);
        String language = config.path("languageCode").asText("en-US").toLowerCase(Locale.ROOT);
        ObjectNode body = VendorJson.JSON.createObjectNode();
        String[] halves = {RECOGNIZED.substring(0, 16), RECOGNIZED.substring(16)};
        double[] confidence = {0.9, 0.7};
        for (int i = 0; i < halves.length; i++) {
            ObjectNode result = body.withArray("results").addObject();
            result.putArray("alternatives").addObject().put("transcript", halves[i]).put("confidence", confidence[i]);
            result.put("resultEndTime", String.format(Locale.ROOT, "%.3fs", seconds * (i + 1) / 2));
            result.put("languageCode", language);
        }
        body.put("totalBilledTime", String.format(Locale.ROOT, "%ds", (long) Math.ceil(seconds)));
        body.put("requestId", Long.toString(System.nanoTime()));
        VendorJson.send(exchange, knobs, body);
    }
}
