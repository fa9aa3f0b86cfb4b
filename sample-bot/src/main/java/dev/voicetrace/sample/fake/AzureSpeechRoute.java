package dev.voicetrace.sample.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure Speech: text to speech at {@code POST /cognitiveservices/v1} (SSML in, audio in the format the
 * {@code X-Microsoft-OutputFormat} header names out) and short-audio recognition at {@code POST
 * /speech/recognition/conversation/cognitiveservices/v1?language=…[&format=detailed]}.
 */
final class AzureSpeechRoute implements ProviderRoute {

    static final String RECOGNIZED = "I'd like to book a table for two.";
    private static final String STT_PATH = "/speech/recognition/conversation/cognitiveservices/v1";
    private static final Pattern VOICE = Pattern.compile("<voice[^>]*\\sname=['\"]([^'\"]+)['\"]");
    private static final Pattern FORMAT = Pattern.compile("(\\d+)khz-(\\d+)bit");

    @Override
    public boolean matches(String method, String path) {
        return method.equals("POST") && (path.equals("/cognitiveservices/v1") || path.equals(STT_PATH));
    }

    @Override
    public void handle(HttpExchange exchange, ProviderKnobs knobs) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("X-RequestId", UUID.randomUUID().toString().replace("-", ""));
        if (exchange.getRequestURI().getPath().equals(STT_PATH)) {
            recognize(exchange, knobs, body.length);
            return;
        }
        String ssml = new String(body, StandardCharsets.UTF_8);
        String format = exchange.getRequestHeaders().getFirst("X-Microsoft-OutputFormat");
        Matcher f = FORMAT.matcher(format == null ? "" : format);
        if (!VOICE.matcher(ssml).find() || !f.find()) {
            PacedResponse.send(exchange, knobs, 400, "text/plain", new byte[0]);
            return;
        }
        int bytesPerSecond = Integer.parseInt(f.group(1)) * 1000 * Integer.parseInt(f.group(2)) / 8;
        byte[] audio = SpeechAudio.forCharacters(SpeechAudio.spoken(ssml).length(), bytesPerSecond);
        SpeechAudio.stream(new PacedResponse(exchange, knobs).begin(200, "audio/basic"), audio, knobs);
    }

    /** The simple or detailed JSON result; audio taken as 16 kHz 16-bit PCM for its duration. */
    private static void recognize(HttpExchange exchange, ProviderKnobs knobs, int audioBytes) throws IOException {
        long ticks = audioBytes * 10_000_000L / 32_000;
        ObjectNode result = VendorJson.JSON.createObjectNode().put("RecognitionStatus", "Success")
                .put("Offset", 500_000L).put("Duration", ticks);
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null && query.contains("format=detailed")) {
            result.put("DisplayText", RECOGNIZED);
            result.putArray("NBest").addObject().put("Confidence", 0.9312)
                    .put("Lexical", "i'd like to book a table for two").put("ITN", "i'd like to book a table for 2")
                    .put("MaskedITN", "i'd like to book a table for 2").put("Display", RECOGNIZED);
        } else {
            result.put("DisplayText", RECOGNIZED);
        }
        VendorJson.send(exchange, knobs, result);
    }
}
