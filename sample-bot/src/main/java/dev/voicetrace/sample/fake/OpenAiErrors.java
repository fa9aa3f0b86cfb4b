package dev.voicetrace.sample.fake;

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

    static String elapsedMillis(long startedNanos) {
        return Long.toString((System.nanoTime() - startedNanos) / 1_000_000);
    }
}
