package dev.voicetrace.sample.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI {@code POST /v1/chat/completions}, streamed as server-sent events or as one JSON object.
 */
final class ChatCompletionsRoute implements ProviderRoute {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FINGERPRINT = "fp_voicetrace";

    @Override
    public boolean matches(String method, String path) {
        return method.equals("POST") && path.equals("/v1/chat/completions");
    }

    @Override
    public void handle(HttpExchange exchange, ProviderKnobs knobs) throws IOException {
        long started = System.nanoTime();
        JsonNode request;
        try {
            request = JSON.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            OpenAiErrors.send(exchange, knobs, 400, "invalid_request_error", "We could not parse the JSON body.");
            return;
        }
        if (request == null || !request.path("messages").isArray() || !request.hasNonNull("model")) {
            OpenAiErrors.send(exchange, knobs, 400, "invalid_request_error", "'model' and 'messages' are required.");
            return;
        }
        Completion completion = new Completion(request);
        exchange.getResponseHeaders().set("x-request-id", RequestIds.openAiRequest());
        exchange.getResponseHeaders().set("openai-processing-ms", OpenAiErrors.elapsedMillis(started));
        if (request.path("stream").asBoolean(false)) {
            stream(exchange, knobs, completion, request.path("stream_options").path("include_usage").asBoolean());
        } else {
            PacedResponse.send(exchange, knobs, 200, "application/json", JSON.writeValueAsBytes(whole(completion)));
        }
    }

    private static void stream(HttpExchange exchange, ProviderKnobs knobs, Completion completion,
                               boolean includeUsage) throws IOException {
        exchange.getResponseHeaders().set("cache-control", "no-cache");
        PacedResponse events = new PacedResponse(exchange, knobs).begin(200, "text/event-stream; charset=utf-8");
        ObjectNode roleDelta = JSON.createObjectNode().put("role", "assistant").put("content", "");
        events.chunk(event(completion.chunk(roleDelta, null)));
        for (String piece : completion.pieces()) {
            events.chunk(event(completion.chunk(JSON.createObjectNode().put("content", piece), null)));
        }
        events.chunk(event(completion.chunk(JSON.createObjectNode(), "stop")));
        if (includeUsage) {
            ObjectNode usageChunk = completion.envelope("chat.completion.chunk");
            usageChunk.putArray("choices");
            usageChunk.set("usage", completion.usage());
            events.chunk(event(usageChunk));
        }
        events.chunk("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        events.end();
    }

    private static ObjectNode whole(Completion completion) {
        ObjectNode body = completion.envelope("chat.completion");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", completion.text).putNull("refusal");
        choice.putNull("logprobs").put("finish_reason", "stop");
        body.set("usage", completion.usage());
        return body;
    }

    private static byte[] event(ObjectNode data) {
        return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The one answer being produced for a request. */
    private static final class Completion {
        private final String id = RequestIds.chatCompletion();
        private final long created = System.currentTimeMillis() / 1000;
        private final String model;
        private final String text;
        private final int promptTokens;

        Completion(JsonNode request) {
            this.model = request.get("model").asText() + "-2024-07-18";
            String lastCallerLine = null;
            int promptChars = 0;
            for (JsonNode message : request.get("messages")) {
                String content = message.path("content").isTextual()
                        ? message.path("content").asText() : message.path("content").toString();
                promptChars += content.length();
                if (message.path("role").asText().equals("user")) {
                    lastCallerLine = content;
                }
            }
            this.text = CallScript.replyTo(lastCallerLine);
            this.promptTokens = Math.max(1, promptChars / 4);
        }

        List<String> pieces() {
            List<String> pieces = new ArrayList<>();
            String[] words = text.split(" ");
            for (int i = 0; i < words.length; i++) {
                pieces.add(i == 0 ? words[i] : " " + words[i]);
            }
            return pieces;
        }

        ObjectNode envelope(String object) {
            return JSON.createObjectNode()
                    .put("id", id)
                    .put("object", object)
                    .put("created", created)
                    .put("model", model)
                    .put("service_tier", "default")
                    .put("system_fingerprint", FINGERPRINT);
        }

        ObjectNode chunk(ObjectNode delta, String finishReason) {
            ObjectNode chunk = envelope("chat.completion.chunk");
            ArrayNode choices = chunk.putArray("choices");
            ObjectNode choice = choices.addObject().put("index", 0);
            choice.set("delta", delta);
            choice.putNull("logprobs");
            if (finishReason == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finishReason);
            }
            return chunk;
        }

        ObjectNode usage() {
            int completionTokens = pieces().size();
            ObjectNode usage = JSON.createObjectNode()
                    .put("prompt_tokens", promptTokens)
                    .put("completion_tokens", completionTokens)
                    .put("total_tokens", promptTokens + completionTokens);
            usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
            usage.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
                    .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
            return usage;
        }
    }
}
