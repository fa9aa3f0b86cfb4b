package dev.voicetrace.sample.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * OpenAI Responses API {@code POST /v1/responses}, answered as one JSON {@code response} object or streamed as
 * the typed server-sent events OpenAI sends ({@code response.created}, {@code response.output_text.delta} … {@code
 * response.completed}, whose {@code response} carries the usage). The answer is the scripted reply to the last
 * user text of {@code input}; one output token per word.
 */
final class ResponsesRoute implements ProviderRoute {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public boolean matches(String method, String path) {
        return method.equals("POST") && path.endsWith("/v1/responses");
    }

    @Override
    public void handle(HttpExchange exchange, ProviderKnobs knobs) throws IOException {
        long started = System.nanoTime();
        JsonNode request = OpenAiErrors.readRequest(exchange, knobs, "'model' and 'input' are required.", "model", "input");
        if (request == null) {
            return;
        }
        Answer answer = new Answer(request);
        exchange.getResponseHeaders().set("x-request-id", RequestIds.openAiRequest());
        exchange.getResponseHeaders().set("openai-processing-ms", OpenAiErrors.elapsedMillis(started));
        if (request.path("stream").asBoolean(false)) {
            stream(exchange, knobs, answer);
        } else {
            PacedResponse.send(exchange, knobs, 200, "application/json",
                    JSON.writeValueAsBytes(answer.response("completed", true)));
        }
    }

    private static void stream(HttpExchange exchange, ProviderKnobs knobs, Answer answer) throws IOException {
        exchange.getResponseHeaders().set("cache-control", "no-cache");
        PacedResponse events = new PacedResponse(exchange, knobs).begin(200, "text/event-stream; charset=utf-8");
        int[] seq = {0};
        events.chunk(event("response.created", seq, o -> o.set("response", answer.response("in_progress", false))));
        events.chunk(event("response.in_progress", seq, o -> o.set("response", answer.response("in_progress", false))));
        events.chunk(event("response.output_item.added", seq, o -> o.put("output_index", 0)
                .set("item", answer.message("in_progress", false))));
        events.chunk(event("response.content_part.added", seq, o -> o.put("item_id", answer.messageId)
                .put("output_index", 0).put("content_index", 0).set("part", answer.textPart(""))));
        Fault fault = knobs.faultSpec();
        int sent = 0;
        for (String piece : answer.pieces()) {
            if (fault != null && fault.is(Fault.Kind.STREAM_ERROR) && sent++ == fault.amount()) {
                // the model failed mid-answer: OpenAI's response.failed, whose response carries the error
                events.chunk(event("response.failed", seq, o -> {
                    ObjectNode failed = answer.response("failed", false);
                    failed.putObject("error").put("code", "server_error").put("message", "The model failed.");
                    o.set("response", failed);
                }));
                events.end();
                return;
            }
            events.chunk(event("response.output_text.delta", seq, o -> {
                o.put("item_id", answer.messageId).put("output_index", 0).put("content_index", 0).put("delta", piece);
                o.putArray("logprobs");
            }));
        }
        events.chunk(event("response.output_text.done", seq, o -> {
            o.put("item_id", answer.messageId).put("output_index", 0).put("content_index", 0).put("text", answer.text);
            o.putArray("logprobs");
        }));
        events.chunk(event("response.content_part.done", seq, o -> o.put("item_id", answer.messageId)
                .put("output_index", 0).put("content_index", 0).set("part", answer.textPart(answer.text))));
        events.chunk(event("response.output_item.done", seq, o -> o.put("output_index", 0)
                .set("item", answer.message("completed", true))));
        events.chunk(event("response.completed", seq, o -> o.set("response", answer.response("completed", true))));
        events.end();
    }

    private static byte[] event(String type, int[] seq, java.util.function.Consumer<ObjectNode> fill) {
        ObjectNode data = JSON.createObjectNode().put("type", type).put("sequence_number", seq[0]++);
        fill.accept(data);
        return ("event: " + type + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The one answer being produced for a request. */
    private static final class Answer {
        private final String id = "resp_" + RequestIds.openAiRequest().substring(4);
        private final String messageId = "msg_" + RequestIds.openAiRequest().substring(4);
        private final long createdAt = System.currentTimeMillis() / 1000;
        private final JsonNode request;
        private final String model;
        private final String text;
        private final int inputTokens;

        Answer(JsonNode request) {
            this.request = request;
            this.model = request.get("model").asText() + "-2024-07-18";
            int chars = request.path("instructions").asText("").length();
            String lastUser = null;
            JsonNode input = request.get("input");
            if (input.isTextual()) {
                lastUser = input.asText();
                chars += lastUser.length();
            } else {
                for (JsonNode item : input) {
                    String itemText = text(item.path("content"));
                    chars += itemText.length();
                    if ("user".equals(item.path("role").asText())) {
                        lastUser = itemText;
                    }
                }
            }
            this.text = CallScript.replyTo(lastUser);
            this.inputTokens = Math.max(1, chars / 4);
        }

        private static String text(JsonNode content) {
            if (content.isTextual()) {
                return content.asText();
            }
            StringBuilder b = new StringBuilder();
            for (JsonNode part : content) {
                b.append(part.path("text").asText(""));
            }
            return b.toString();
        }

        java.util.List<String> pieces() {
            java.util.List<String> pieces = new java.util.ArrayList<>();
            String[] words = text.split(" ");
            for (int i = 0; i < words.length; i++) {
                pieces.add(i == 0 ? words[i] : " " + words[i]);
            }
            return pieces;
        }

        ObjectNode textPart(String partText) {
            ObjectNode part = JSON.createObjectNode().put("type", "output_text").put("text", partText);
            part.putArray("annotations");
            part.putArray("logprobs");
            return part;
        }

        ObjectNode message(String status, boolean withText) {
            ObjectNode item = JSON.createObjectNode().put("id", messageId).put("type", "message")
                    .put("status", status).put("role", "assistant");
            ArrayNode content = item.putArray("content");
            if (withText) {
                content.add(textPart(text));
            }
            return item;
        }

        /** The {@code response} object with every field the SDKs require; usage only once completed. */
        ObjectNode response(String status, boolean done) {
            ObjectNode r = JSON.createObjectNode().put("id", id).put("object", "response").put("created_at", createdAt)
                    .put("status", status).put("background", false);
            r.putNull("error");
            r.putNull("incomplete_details");
            if (request.hasNonNull("instructions")) {
                r.put("instructions", request.get("instructions").asText());
            } else {
                r.putNull("instructions");
            }
            if (request.hasNonNull("max_output_tokens")) {
                r.put("max_output_tokens", request.get("max_output_tokens").asLong());
            } else {
                r.putNull("max_output_tokens");
            }
            r.put("model", model);
            ArrayNode output = r.putArray("output");
            if (done) {
                output.add(message("completed", true));
            }
            r.put("parallel_tool_calls", true);
            r.putNull("previous_response_id");
            r.putObject("reasoning").putNull("effort").putNull("summary");
            r.put("service_tier", "default").put("store", true);
            r.put("temperature", request.path("temperature").asDouble(1.0));
            r.putObject("text").putObject("format").put("type", "text");
            r.put("tool_choice", "auto");
            r.putArray("tools");
            r.put("top_p", request.path("top_p").asDouble(1.0));
            r.put("truncation", "disabled");
            if (done) {
                int outputTokens = pieces().size();
                ObjectNode usage = r.putObject("usage").put("input_tokens", inputTokens);
                usage.putObject("input_tokens_details").put("cached_tokens", 0);
                usage.put("output_tokens", outputTokens);
                usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
                usage.put("total_tokens", inputTokens + outputTokens);
            } else {
                r.putNull("usage");
            }
            r.putNull("user");
            r.putObject("metadata");
            return r;
        }
    }
}
