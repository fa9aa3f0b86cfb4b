package dev.voicetrace.sample.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Plivo audio streams as Plivo sends them: {@code start}, {@code media}, {@code playedStream}; no stop message
 * (the call ends when the socket closes).
 */
final class PlivoProvider implements TelephonyProvider {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String accountId = "MA" + UUID.randomUUID().toString().replace("-", "").substring(0, 18)
            .toUpperCase(java.util.Locale.ROOT);
    private final String callId = UUID.randomUUID().toString();
    private final String streamId = UUID.randomUUID().toString();
    private long sequenceNumber;

    @Override
    public String callSid() {
        return callId;
    }

    @Override
    public List<String> opening() {
        ObjectNode start = event("start");
        ObjectNode details = start.putObject("start")
                .put("callId", callId)
                .put("streamId", streamId)
                .put("accountId", accountId);
        details.putArray("tracks").add("inbound");
        details.putObject("mediaFormat").put("encoding", "audio/x-mulaw").put("sampleRate", 8000);
        start.put("extra_headers", "{}");
        return List.of(start.toString());
    }

    @Override
    public String media(byte[] muLaw, long chunk, long timestampMillis) {
        ObjectNode media = event("media").put("streamId", streamId);
        media.putObject("media")
                .put("track", "inbound")
                .put("timestamp", Long.toString(timestampMillis))
                .put("chunk", chunk)
                .put("payload", Base64.getEncoder().encodeToString(muLaw));
        return media.toString();
    }

    @Override
    public String playbackReached(String name) {
        return event("playedStream").put("streamId", streamId).put("name", name).toString();
    }

    @Override
    public Optional<String> stop() {
        return Optional.empty();
    }

    @Override
    public Optional<String> audioPayload(JsonNode message) {
        return message.path("event").asText().equals("playAudio")
                ? Optional.ofNullable(message.path("media").path("payload").textValue()) : Optional.empty();
    }

    @Override
    public Optional<String> markName(JsonNode message) {
        return message.path("event").asText().equals("checkpoint")
                ? Optional.ofNullable(message.path("name").textValue()) : Optional.empty();
    }

    private ObjectNode event(String event) {
        return JSON.createObjectNode().put("event", event).put("sequenceNumber", ++sequenceNumber);
    }
}
