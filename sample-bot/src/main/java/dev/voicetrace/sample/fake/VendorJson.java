package dev.voicetrace.sample.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;

/**
 * JSON request bodies and plain {@code {"error":{"code","message"}}} errors for the speech vendors that have no
 * error shape of their own in this fake.
 */
final class VendorJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private VendorJson() {
    }

    /** The request body as JSON, or {@code null} when it is not JSON. */
    static JsonNode read(HttpExchange exchange) {
        try {
            return JSON.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            return null;
        }
    }

    static void error(HttpExchange exchange, ProviderKnobs knobs, int status, String code, String message)
            throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().set("error",
                JSON.createObjectNode().put("code", code).put("message", message)));
        PacedResponse.send(exchange, knobs, status, "application/json", body);
    }

    static void send(HttpExchange exchange, ProviderKnobs knobs, JsonNode body) throws IOException {
        PacedResponse.send(exchange, knobs, 200, "application/json", JSON.writeValueAsBytes(body));
    }
}
