package dev.voicetrace.sample.call;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Base64;

/**
 * A Plivo audio stream: outbound {@code playAudio}, {@code checkpoint} and {@code clearAudio} messages.
 */
public final class PlivoAudioStream implements MediaStream {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String callId;
    private final String streamId;

    /** A Plivo stream {@code streamId} of call {@code callId}. */
    public PlivoAudioStream(String callId, String streamId) {
        this.callId = callId;
        this.streamId = streamId;
    }

    @Override
    public String callSid() {
        return callId;
    }

    @Override
    public String streamSid() {
        return streamId;
    }

    @Override
    public String provider() {
        return "plivo";
    }

    @Override
    public String playAudio(byte[] muLaw) {
        ObjectNode message = JSON.createObjectNode().put("event", "playAudio");
        message.putObject("media")
                .put("contentType", "audio/x-mulaw")
                .put("sampleRate", 8000)
                .put("payload", Base64.getEncoder().encodeToString(muLaw));
        return message.toString();
    }

    @Override
    public String mark(String name) {
        return JSON.createObjectNode().put("event", "checkpoint").put("streamId", streamId).put("name", name)
                .toString();
    }

    @Override
    public String clearAudio() {
        return JSON.createObjectNode().put("event", "clearAudio").put("streamId", streamId).toString();
    }
}
