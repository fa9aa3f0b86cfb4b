package dev.voicetrace.sample.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.UUID;

/**
 * Amazon Polly {@code POST /v1/speech}: JSON in, audio out, billed characters in {@code x-amzn-RequestCharacters}
 * (SSML tags not counted).
 */
final class PollyRoute implements ProviderRoute {

    @Override
    public boolean matches(String method, String path) {
        return method.equals("POST") && path.equals("/v1/speech");
    }

    @Override
    public void handle(HttpExchange exchange, ProviderKnobs knobs) throws IOException {
        JsonNode request = VendorJson.read(exchange);
        if (request == null || !request.path("Text").isTextual() || !request.path("VoiceId").isTextual()) {
            VendorJson.error(exchange, knobs, 400, "ValidationException", "Text and VoiceId are required");
            return;
        }
        String text = request.get("Text").asText();
        String spoken = "ssml".equals(request.path("TextType").asText()) ? SpeechAudio.spoken(text) : text;
        String format = request.path("OutputFormat").asText("mp3");
        int rate = Integer.parseInt(request.path("SampleRate").asText(format.equals("pcm") ? "16000" : "22050"));
        byte[] audio = SpeechAudio.forCharacters(spoken.length(), format.equals("pcm") ? rate * 2 : 4000);
        exchange.getResponseHeaders().set("x-amzn-RequestCharacters", Integer.toString(spoken.length()));
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        PacedResponse response = new PacedResponse(exchange, knobs)
                .begin(200, format.equals("pcm") ? "audio/pcm" : "audio/mpeg");
        SpeechAudio.stream(response, audio, knobs);
    }
}
