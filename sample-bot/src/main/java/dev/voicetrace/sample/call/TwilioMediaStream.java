package dev.voicetrace.sample.call;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Base64;

/**
 * A Twilio Media Streams call: outbound {@code media}, {@code mark} and {@code clear} messages.
 */
public final class TwilioMediaStream implements MediaStream {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String callSid;
    private final String streamSid;

    /** A Twilio stream {@code streamSid} of call {@code callSid}. */
    public TwilioMediaStream(String callSid, String streamSid) {
        this.callSid = callSid;
        this.streamSid = streamSid;
    }

    @Override
    public String callSid() {
        return callSid;
    }

    @Override
    public String streamSid() {
        return streamSid;
    }

    @Override
    public String provider() {
        return "twilio";
    }

    @Override
    public String playAudio(byte[] muLaw) {
        ObjectNode message = event("media");
        message.putObject("media").put("payload", Base64.getEncoder().encodeToString(muLaw));
        return message.toString();
    }

    @Override
    public String mark(String name) {
        ObjectNode message = event("mark");
        message.putObject("mark").put("name", name);
        return message.toString();
    }

    @Override
    public String clearAudio() {
        return event("clear").toString();
    }

    private ObjectNode event(String event) {
        return JSON.createObjectNode().put("event", event).put("streamSid", streamSid);
    }
}
