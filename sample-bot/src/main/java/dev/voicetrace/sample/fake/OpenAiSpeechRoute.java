package dev.voicetrace.sample.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * OpenAI {@code POST /v1/audio/speech} (and Azure OpenAI's {@code /openai/deployments/{d}/audio/speech}): audio bytes, or with {@code "stream_format":"sse"} the events {@code
 * speech.audio.delta} (base64 {@code audio}) and {@code speech.audio.done} (usage); with a {@code stream-error=N}
 * fault, N deltas and then the in-stream {@code error} event, and the body ends.
 */
final class OpenAiSpeechRoute implements ProviderRoute {

    @Override
    public boolean matches(String method, String path) {
        return method.equals("POST") && AzureOpenAiPaths.matches(path, "/audio/speech");
    }

    @Override
    public void handle(HttpExchange exchange, ProviderKnobs knobs) throws IOException {
        JsonNode request = VendorJson.read(exchange);
        // Azure takes the model from the deployment; OpenAI needs it in the body
        boolean azure = AzureOpenAiPaths.deployment(exchange.getRequestURI().getPath()) != null;
        if (request == null || !request.path("input").isTextual() || !azure && !request.path("model").isTextual()) {
            OpenAiErrors.send(exchange, knobs, 400, "invalid_request_error", "'input' and 'model' are required.");
            return;
        }
        String input = request.get("input").asText();
        String format = request.path("response_format").asText("mp3");
        byte[] audio = SpeechAudio.forCharacters(input.length(), format.equals("pcm") ? 48_000 : 16_000);
        exchange.getResponseHeaders().set("x-request-id", RequestIds.openAiRequest());
        if (!"sse".equals(request.path("stream_format").asText())) {
            SpeechAudio.stream(new PacedResponse(exchange, knobs).begin(200, "audio/mpeg"), audio, knobs);
            return;
        }
        PacedResponse sse = new PacedResponse(exchange, knobs).begin(200, "text/event-stream");
        Fault fault = knobs.faultSpec();
        int sent = 0;
        for (byte[] chunk : SpeechAudio.chunks(audio, knobs)) {
            if (fault != null && fault.is(Fault.Kind.STREAM_ERROR) && sent++ == fault.amount()) {
                // the failure reported inside the 200 stream, after some audio: no speech.audio.done follows
                ObjectNode error = VendorJson.JSON.createObjectNode().put("type", "error");
                error.putObject("error").put("type", "server_error").put("message", "The server had an error.");
                sse.chunk(("data: " + VendorJson.JSON.writeValueAsString(error) + "\n\n").getBytes(StandardCharsets.UTF_8));
                sse.end();
                return;
            }
            ObjectNode delta = VendorJson.JSON.createObjectNode().put("type", "speech.audio.delta")
                    .put("audio", SpeechAudio.base64(chunk));
            sse.chunk(("data: " + VendorJson.JSON.writeValueAsString(delta) + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        int inputTokens = Math.max(1, input.length() / 4);
        int outputTokens = Math.max(1, audio.length / 400);
        ObjectNode done = VendorJson.JSON.createObjectNode().put("type", "speech.audio.done");
        done.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", outputTokens)
                .put("total_tokens", inputTokens + outputTokens);
        sse.chunk(("data: " + VendorJson.JSON.writeValueAsString(done) + "\n\n").getBytes(StandardCharsets.UTF_8));
        sse.end();
    }
}
