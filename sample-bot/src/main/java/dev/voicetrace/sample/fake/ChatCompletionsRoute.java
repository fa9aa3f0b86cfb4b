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
 *
 * <p>When the request offers the {@code get_order_status} tool and the caller just gave the order number, the
 * model first calls that tool (finish reason {@code tool_calls}); the request that brings the {@code tool} result
 * back gets the scripted answer. A request with {@code "tool_choice":"required"} gets one call of every function
 * tool it offers, in parallel (one message, {@code index} 0, 1, …), unless it already brings tool results.
 *
 * <p>Usage as OpenAI reports it: {@code prompt_tokens_details.cached_tokens} on a follow-up request (one whose
 * history holds an assistant message) counts the history up to that message, as if the provider's prompt cache
 * held it; {@code input_audio} content parts count as {@code prompt_tokens_details.audio_tokens} (one per 320
 * decoded bytes); a request with {@code "modalities":["text","audio"]} gets, when not streamed, the answer as
 * {@code message.audio} (base64 audio and its transcript) and {@code completion_tokens_details.audio_tokens}.
 */
final class ChatCompletionsRoute implements ProviderRoute {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FINGERPRINT = "fp_voicetrace";

    @Override
    public boolean matches(String method, String path) {
        // any base-URL prefix, as OpenAI-compatible providers have: Groq /openai/v1, OpenRouter /api/v1;
        // and Azure OpenAI's /openai/deployments/{deployment}/chat/completions
        return method.equals("POST") && (path.endsWith("/v1/chat/completions")
            || AzureOpenAiPaths.isDeployment(path, "/chat/completions"));
    }

    @Override
    public void handle(HttpExchange exchange, ProviderKnobs knobs) throws IOException {
        long started = System.nanoTime();
        // Azure OpenAI: the deployment in the path names the model, the body need not
        String deployment = AzureOpenAiPaths.deployment(exchange.getRequestURI().getPath());
        JsonNode request = deployment != null
                ? OpenAiErrors.readRequest(exchange, knobs, "'messages' is required.")
                : OpenAiErrors.readRequest(exchange, knobs, "'model' and 'messages' are required.", "model");
        if (request == null) {
            return;
        }
        if (!request.path("messages").isArray()) {
            OpenAiErrors.send(exchange, knobs, 400, "invalid_request_error", "'model' and 'messages' are required.");
            return;
        }
        Completion completion = new Completion(request, request.hasNonNull("model") ? request.get("model").asText()
                : deployment, exchange.getRequestHeaders().getFirst("x-call-sid"));
        exchange.getResponseHeaders().set("x-request-id", RequestIds.openAiRequest());
        exchange.getResponseHeaders().set("openai-processing-ms", OpenAiErrors.elapsedMillis(started));
        Fault fault = knobs.faultSpec();
        boolean unknownFields = fault != null && fault.is(Fault.Kind.UNKNOWN_FIELDS);
        if (request.path("stream").asBoolean(false) && fault != null && fault.is(Fault.Kind.STREAM_ERROR)) {
            streamThenFail(exchange, knobs, completion, (int) fault.amount());
        } else if (request.path("stream").asBoolean(false)) {
            stream(exchange, knobs, completion, request.path("stream_options").path("include_usage").asBoolean(),
                    unknownFields);
        } else {
            ObjectNode body = whole(completion);
            PacedResponse.send(exchange, knobs, 200, "application/json",
                    JSON.writeValueAsBytes(unknownFields ? withUnknownFields(body) : body));
        }
    }

    private static void stream(HttpExchange exchange, ProviderKnobs knobs, Completion completion,
                               boolean includeUsage, boolean unknownFields) throws IOException {
        exchange.getResponseHeaders().set("cache-control", "no-cache");
        PacedResponse sent = new PacedResponse(exchange, knobs).begin(200, "text/event-stream; charset=utf-8");
        Events events = data -> sent.chunk(event(unknownFields ? withUnknownFields(data) : data));
        if (!completion.toolCalls.isEmpty()) {
            streamToolCalls(events, completion);
        } else {
            streamText(events, completion);
        }
        if (includeUsage) {
            ObjectNode usageChunk = completion.envelope("chat.completion.chunk");
            usageChunk.putArray("choices");
            usageChunk.set("usage", completion.usage());
            events.send(usageChunk);
        }
        sent.chunk("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        sent.end();
    }

    /**
     * A stream that fails after it began (a {@link Fault.Kind#STREAM_ERROR} fault): the role chunk, {@code pieces}
     * content chunks, then the error event OpenAI sends inside a 200 stream, and the end of the body.
     */
    private static void streamThenFail(HttpExchange exchange, ProviderKnobs knobs, Completion completion, int pieces)
            throws IOException {
        exchange.getResponseHeaders().set("cache-control", "no-cache");
        PacedResponse sent = new PacedResponse(exchange, knobs).begin(200, "text/event-stream; charset=utf-8");
        sent.chunk(event(completion.chunk(JSON.createObjectNode().put("role", "assistant").put("content", ""), null)));
        List<String> all = completion.pieces();
        for (String piece : all.subList(0, Math.min(pieces, all.size()))) {
            sent.chunk(event(completion.chunk(JSON.createObjectNode().put("content", piece), null)));
        }
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("message", "The server had an error while processing your request. Sorry about that!")
                .put("type", "server_error").putNull("param").putNull("code");
        sent.chunk(event(error));
        sent.end();
    }

    /** Where a stream's chunks go. */
    private interface Events {
        void send(ObjectNode chunk) throws IOException;
    }

    private static void streamText(Events events, Completion completion) throws IOException {
        ObjectNode roleDelta = JSON.createObjectNode().put("role", "assistant").put("content", "");
        events.send(completion.chunk(roleDelta, null));
        for (String piece : completion.pieces()) {
            events.send(completion.chunk(JSON.createObjectNode().put("content", piece), null));
        }
        events.send(completion.chunk(JSON.createObjectNode(), "stop"));
    }

    /**
     * {@code completion} with fields no client knows (a {@link Fault.Kind#UNKNOWN_FIELDS} fault): first an
     * {@code x_vendor} object whose nested {@code model}, {@code finish_reason} and {@code usage} are not the
     * completion's (Groq's {@code x_groq} carries usage that way), then the completion's own fields, then OpenAI's
     * {@code obfuscation} padding; extra members in every choice, delta or message, and usage.
     */
    static ObjectNode withUnknownFields(ObjectNode completion) {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode vendor = out.putObject("x_vendor").put("id", "req_" + RequestIds.elevenLabsRequest())
                .put("model", "shadow-model").put("finish_reason", "length");
        vendor.putObject("usage").put("queue_time", 0.012).put("prompt_tokens", 999).put("completion_tokens", 999)
                .put("total_tokens", 1998);
        vendor.putArray("flags").add(true).addNull().addObject().putArray("choices").addObject().put("index", 7);
        out.setAll(completion);
        out.put("obfuscation", RequestIds.elevenLabsRequest().substring(0, 6));
        for (com.fasterxml.jackson.databind.JsonNode choice : out.path("choices")) {
            ObjectNode c = (ObjectNode) choice;
            c.putObject("x_choice_meta").put("safety", "pass").putArray("tags").add("a");
            for (String member : new String[] {"delta", "message"}) {
                if (c.get(member) instanceof ObjectNode m) {
                    m.put("x_annotation", "{\"content\":\"not this\"}");
                }
            }
        }
        if (out.get("usage") instanceof ObjectNode usage) {
            usage.putObject("x_billing").put("units", 3).put("completion_tokens", 999);
        }
        return out;
    }

    /**
     * Tool calls as OpenAI streams them: for each call in turn, a first delta with its index, id, type, name and
     * empty arguments, then its arguments in fragments; then an empty delta with finish reason {@code tool_calls}.
     */
    private static void streamToolCalls(Events events, Completion completion) throws IOException {
        for (int i = 0; i < completion.toolCalls.size(); i++) {
            ToolCall tool = completion.toolCalls.get(i);
            ObjectNode first = JSON.createObjectNode();
            if (i == 0) {
                first.put("role", "assistant").putNull("content");
            }
            ObjectNode call = first.putArray("tool_calls").addObject().put("index", i)
                    .put("id", tool.id()).put("type", "function");
            call.putObject("function").put("name", tool.name()).put("arguments", "");
            if (i == 0) {
                first.putNull("refusal");
            }
            events.send(completion.chunk(first, null));
            for (String fragment : tool.argumentFragments()) {
                ObjectNode delta = JSON.createObjectNode();
                delta.putArray("tool_calls").addObject().put("index", i)
                        .putObject("function").put("arguments", fragment);
                events.send(completion.chunk(delta, null));
            }
        }
        events.send(completion.chunk(JSON.createObjectNode(), "tool_calls"));
    }

    private static ObjectNode whole(Completion completion) {
        ObjectNode body = completion.envelope("chat.completion");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (!completion.toolCalls.isEmpty()) {
            message.putNull("content").putNull("refusal");
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall tool : completion.toolCalls) {
                calls.addObject().put("id", tool.id()).put("type", "function").putObject("function")
                        .put("name", tool.name()).put("arguments", String.join("", tool.argumentFragments()));
            }
            choice.putNull("logprobs").put("finish_reason", "tool_calls");
        } else if (completion.audioOut) {
            message.putNull("content").putNull("refusal");
            message.putObject("audio").put("id", "audio_" + RequestIds.elevenLabsRequest())
                    .put("data", java.util.Base64.getEncoder().encodeToString(new byte[completion.audioOutputBytes()]))
                    .put("expires_at", completion.created + 3600).put("transcript", completion.text);
            choice.putNull("logprobs").put("finish_reason", "stop");
        } else {
            message.put("content", completion.text).putNull("refusal");
            choice.putNull("logprobs").put("finish_reason", "stop");
        }
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
        /** The tool calls this completion makes instead of answering; empty when it answers. */
        private final List<ToolCall> toolCalls;
        /** Prompt tokens a follow-up request finds in the provider's prompt cache. */
        private final int cachedTokens;
        private final int audioInputTokens;
        /** The request asked for a spoken answer ({@code modalities} holds {@code audio}), not streamed. */
        private final boolean audioOut;

        Completion(JsonNode request, String model, String callSid) {
            this.model = model + "-2024-07-18";
            String lastCallerLine = null;
            String lastRole = null;
            int promptChars = 0;
            int charsUpToLastAssistant = 0;
            int audioBytes = 0;
            for (JsonNode message : request.get("messages")) {
                JsonNode content = message.path("content");
                // text counts; an absent or null content (an assistant message that only calls tools) does not;
                // an input_audio part counts as audio
                String text;
                if (content.isArray()) {
                    StringBuilder parts = new StringBuilder();
                    for (JsonNode part : content) {
                        if ("input_audio".equals(part.path("type").asText())) {
                            audioBytes += base64Length(part.path("input_audio").path("data").asText(""));
                        } else {
                            parts.append(part.path("text").asText(""));
                        }
                    }
                    text = parts.toString();
                } else {
                    text = content.isTextual() ? content.asText()
                            : content.isMissingNode() || content.isNull() ? "" : content.toString();
                }
                promptChars += text.length();
                lastRole = message.path("role").asText();
                if (lastRole.equals("user")) {
                    lastCallerLine = text;
                } else if (lastRole.equals("assistant")) {
                    charsUpToLastAssistant = promptChars;
                }
            }
            this.text = CallScript.replyTo(lastCallerLine);
            this.audioInputTokens = audioBytes / 320;
            this.promptTokens = Math.max(1, promptChars / 4) + audioInputTokens;
            this.cachedTokens = charsUpToLastAssistant / 4;
            boolean toolResultsIn = "tool".equals(lastRole);
            boolean streamed = request.path("stream").asBoolean(false);
            boolean audio = false;
            for (JsonNode modality : request.path("modalities")) {
                audio |= "audio".equals(modality.asText());
            }
            this.audioOut = audio && !streamed;
            if (toolResultsIn) {
                this.toolCalls = List.of();
            } else if (offersOrderTool(request) && CallScript.looksUpOrder(lastCallerLine)) {
                this.toolCalls = List.of(new ToolCall(CallScript.orderToolCallId(callSid), CallScript.ORDER_TOOL,
                        CallScript.ORDER_TOOL_ARGUMENT_FRAGMENTS));
            } else if ("required".equals(request.path("tool_choice").asText())) {
                List<ToolCall> calls = new ArrayList<>();
                for (JsonNode tool : request.path("tools")) {
                    String name = tool.path("function").path("name").asText("");
                    if ("function".equals(tool.path("type").asText()) && !name.isEmpty()) {
                        String arguments = JSON.createObjectNode().put("caller_said", String.valueOf(lastCallerLine))
                                .toString();
                        int half = arguments.length() / 2;
                        calls.add(new ToolCall("call_" + RequestIds.elevenLabsRequest(), name,
                                List.of(arguments.substring(0, half), arguments.substring(half))));
                    }
                }
                this.toolCalls = List.copyOf(calls);
            } else {
                this.toolCalls = List.of();
            }
        }

        private static int base64Length(String base64) {
            try {
                return java.util.Base64.getDecoder().decode(base64).length;
            } catch (IllegalArgumentException notBase64) {
                return 0;
            }
        }

        private static boolean offersOrderTool(JsonNode request) {
            for (JsonNode tool : request.path("tools")) {
                if (CallScript.ORDER_TOOL.equals(tool.path("function").path("name").asText())) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Audio bytes of a spoken answer: 24 kHz 16-bit mono, 0.4 s per word (so a short answer's base64 is
         * already a few hundred kilobytes of JSON).
         */
        int audioOutputBytes() {
            return pieces().size() * 19_200;
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

        /**
         * One token per word of the answer, or per argument fragment of the tool calls; a spoken answer adds one
         * audio token per 320 bytes of its audio.
         */
        ObjectNode usage() {
            int audioOutputTokens = audioOut ? audioOutputBytes() / 320 : 0;
            int completionTokens = toolCalls.isEmpty() ? pieces().size() + audioOutputTokens
                    : toolCalls.stream().mapToInt(t -> t.argumentFragments().size()).sum();
            ObjectNode usage = JSON.createObjectNode()
                    .put("prompt_tokens", promptTokens)
                    .put("completion_tokens", completionTokens)
                    .put("total_tokens", promptTokens + completionTokens);
            usage.putObject("prompt_tokens_details").put("cached_tokens", cachedTokens)
                    .put("audio_tokens", audioInputTokens);
            usage.putObject("completion_tokens_details").put("reasoning_tokens", 0)
                    .put("audio_tokens", toolCalls.isEmpty() ? audioOutputTokens : 0)
                    .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
            return usage;
        }
    }

    /** One function call the model makes: its id, the tool's name, and its arguments as streamed. */
    private record ToolCall(String id, String name, List<String> argumentFragments) {
    }
}
