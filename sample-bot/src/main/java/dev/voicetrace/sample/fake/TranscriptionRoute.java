package dev.voicetrace.sample.fake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * OpenAI {@code POST /v1/audio/transcriptions} (and Azure OpenAI's
 * {@code /openai/deployments/{d}/audio/transcriptions}): multipart audio in, the caller's next scripted line out.
 */
final class TranscriptionRoute implements ProviderRoute {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CallScript script;

    TranscriptionRoute(CallScript script) {
        this.script = script;
    }

    @Override
    public boolean matches(String method, String path) {
        return method.equals("POST") && AzureOpenAiPaths.matches(path, "/audio/transcriptions");
    }

    @Override
    public void handle(HttpExchange exchange, ProviderKnobs knobs) throws IOException {
        long started = System.nanoTime();
        MultipartForm form = MultipartForm.parse(exchange.getRequestHeaders().getFirst("content-type"),
                exchange.getRequestBody().readAllBytes());
        // Azure takes the model from the deployment; OpenAI needs it in the form
        boolean azure = AzureOpenAiPaths.deployment(exchange.getRequestURI().getPath()) != null;
        if (form.bytes("file").isEmpty() || !azure && form.text("model").isEmpty()) {
            OpenAiErrors.send(exchange, knobs, 400, "invalid_request_error",
                    "You must provide a 'file' and a 'model'.");
            return;
        }
        int audioBytes = form.bytes("file").get().length;
        String text = script.nextCallerLine(exchange.getRequestHeaders().getFirst("x-call-sid"));
        String format = form.text("response_format").orElse("json").trim();
        exchange.getResponseHeaders().set("x-request-id", RequestIds.openAiRequest());
        exchange.getResponseHeaders().set("openai-processing-ms", OpenAiErrors.elapsedMillis(started));
        if (format.equals("text")) {
            PacedResponse.send(exchange, knobs, 200, "text/plain; charset=utf-8",
                    (text + "\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        int inputTokens = Math.max(1, audioBytes / 1600);
        int outputTokens = Math.max(1, text.length() / 4);
        if (form.text("stream").map(v -> v.trim().equals("true")).orElse(false)) {
            stream(exchange, knobs, text, inputTokens, outputTokens);
            return;
        }
        ObjectNode body = JSON.createObjectNode().put("text", text);
        ObjectNode usage = body.putObject("usage")
                .put("type", "tokens")
                .put("input_tokens", inputTokens);
        usage.putObject("input_token_details").put("text_tokens", 0).put("audio_tokens", inputTokens);
        usage.put("output_tokens", outputTokens).put("total_tokens", inputTokens + outputTokens);
        PacedResponse.send(exchange, knobs, 200, "application/json", JSON.writeValueAsBytes(body));
    }

    /** {@code stream=true}: one {@code transcript.text.delta} event per word, then {@code transcript.text.done}. */
    private static void stream(HttpExchange exchange, ProviderKnobs knobs, String text, int inputTokens,
            int outputTokens) throws IOException {
        PacedResponse sse = new PacedResponse(exchange, knobs).begin(200, "text/event-stream");
        String[] words = text.split("(?<= )");
        for (String word : words) {
            ObjectNode delta = JSON.createObjectNode().put("type", "transcript.text.delta").put("delta", word);
            delta.putArray("logprobs");
            sse.chunk(("data: " + JSON.writeValueAsString(delta) + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        ObjectNode done = JSON.createObjectNode().put("type", "transcript.text.done").put("text", text);
        ObjectNode usage = done.putObject("usage").put("type", "tokens").put("input_tokens", inputTokens);
        usage.putObject("input_token_details").put("text_tokens", 0).put("audio_tokens", inputTokens);
        usage.put("output_tokens", outputTokens).put("total_tokens", inputTokens + outputTokens);
        sse.chunk(("data: " + JSON.writeValueAsString(done) + "\n\n").getBytes(StandardCharsets.UTF_8));
        sse.end();
    }
}
