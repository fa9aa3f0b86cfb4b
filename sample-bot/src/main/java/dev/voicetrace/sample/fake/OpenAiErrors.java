package dev.voicetrace.sample.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;

/**
 * Error responses in OpenAI's shape: {@code {"error":{"message","type","param","code"}}}.
 */
final class OpenAiErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiErrors() {
    }

    static void send(HttpExchange exchange, ProviderKnobs knobs, int status, String type, String message)
            throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error")
                .put("message", message)
                .put("type", type)
                .putNull("param")
                .putNull("code");
        exchange.getResponseHeaders().set("x-request-id", RequestIds.openAiRequest());
        PacedResponse.send(exchange, knobs, status, "application/json", JSON.writeValueAsBytes(body));
    }

    /**
     * The request's JSON body, or {@code null} after answering 400 as OpenAI does when it cannot be parsed
     * or lacks one of {@code required} (e.g. {@code "'model' and 'messages' are required."}).
     */
    static JsonNode readRequest(HttpExchange exchange, ProviderKnobs knobs, String missingMessage, String... required)
            throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            send(exchange, knobs, 400, "invalid_request_error", "We could not parse the JSON body.");
            return null;
        }
        boolean complete = request != null;
        for (String field : required) {
            complete = complete && request.hasNonNull(field);
        }
        if (!complete) {
            send(exchange, knobs, 400, "invalid_request_error", missingMessage);
            return null;
        }
        return request;
    }

    static String elapsedMillis(long startedNanos) {
        return Long.toString((System.nanoTime() - startedNanos) / 1_000_000);
    }
}
