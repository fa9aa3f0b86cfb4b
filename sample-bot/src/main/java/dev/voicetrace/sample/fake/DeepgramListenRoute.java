package dev.voicetrace.sample.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.UUID;

/**
 * Deepgram pre-recorded {@code POST /v1/listen?model=…}: audio in (taken as 16 kHz 16-bit PCM), a transcript with
 * metadata out.
 */
final class DeepgramListenRoute implements ProviderRoute {

    static final String RECOGNIZED = "I'd like to book a table for two.";

    @Override
    public boolean matches(String method, String path) {
        return method.equals("POST") && path.equals("/v1/listen");
    }

    @Override
    public void handle(HttpExchange exchange, ProviderKnobs knobs) throws IOException {
        int audioBytes = exchange.getRequestBody().readAllBytes().length;
        String requestId = UUID.randomUUID().toString();
        ObjectNode body = VendorJson.JSON.createObjectNode();
        ObjectNode metadata = body.putObject("metadata").put("transaction_key", "deprecated")
                .put("request_id", requestId).put("duration", audioBytes / 32000.0).put("channels", 1);
        metadata.putArray("models").add("30089e05");
        ObjectNode channel = body.putObject("results").putArray("channels").addObject()
                .put("detected_language", "en").put("language_confidence", 0.99);
        ObjectNode alternative = channel.putArray("alternatives").addObject()
                .put("transcript", RECOGNIZED).put("confidence", 0.98);
        alternative.putArray("words").addObject().put("word", "i'd").put("start", 0.08).put("end", 0.3)
                .put("confidence", 0.97);
        exchange.getResponseHeaders().set("dg-request-id", requestId);
        VendorJson.send(exchange, knobs, body);
    }
}
