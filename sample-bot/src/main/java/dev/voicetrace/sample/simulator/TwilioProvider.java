package dev.voicetrace.sample.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Twilio Media Streams as Twilio sends them: {@code connected}, {@code start}, {@code media}, {@code mark},
 * {@code stop}, with string sequence numbers.
 */
final class TwilioProvider implements TelephonyProvider {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String accountSid = "AC" + hex();
    private final String callSid = "CA" + hex();
    private final String streamSid = "MZ" + hex();
    private long sequenceNumber;

    @Override
    public String callSid() {
        return callSid;
    }

    @Override
    public List<String> opening() {
        String connected = JSON.createObjectNode()
                .put("event", "connected").put("protocol", "Call").put("version", "1.0.0").toString();
        ObjectNode start = event("start");
        ObjectNode details = start.putObject("start")
                .put("accountSid", accountSid)
                .put("streamSid", streamSid)
                .put("callSid", callSid);
        details.putArray("tracks").add("inbound");
        details.putObject("mediaFormat").put("encoding", "audio/x-mulaw").put("sampleRate", 8000).put("channels", 1);
        details.putObject("customParameters");
        start.put("streamSid", streamSid);
        return List.of(connected, start.toString());
    }

    @Override
    public String media(byte[] muLaw, long chunk, long timestampMillis) {
        ObjectNode media = event("media");
        media.putObject("media")
                .put("track", "inbound")
                .put("chunk", Long.toString(chunk))
                .put("timestamp", Long.toString(timestampMillis))
                .put("payload", Base64.getEncoder().encodeToString(muLaw));
        return media.put("streamSid", streamSid).toString();
    }

    @Override
    public String playbackReached(String name) {
        ObjectNode mark = event("mark").put("streamSid", streamSid);
        mark.putObject("mark").put("name", name);
        return mark.toString();
    }

    @Override
    public Optional<String> stop() {
        ObjectNode stop = event("stop").put("streamSid", streamSid);
        stop.putObject("stop").put("accountSid", accountSid).put("callSid", callSid);
        return Optional.of(stop.toString());
    }

    @Override
    public Optional<String> audioPayload(JsonNode message) {
        return message.path("event").asText().equals("media")
                ? Optional.ofNullable(message.path("media").path("payload").textValue()) : Optional.empty();
    }

    @Override
    public Optional<String> markName(JsonNode message) {
        return message.path("event").asText().equals("mark")
                ? Optional.ofNullable(message.path("mark").path("name").textValue()) : Optional.empty();
    }

    private ObjectNode event(String event) {
        return JSON.createObjectNode().put("event", event).put("sequenceNumber", Long.toString(++sequenceNumber));
    }

    private static String hex() {
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
