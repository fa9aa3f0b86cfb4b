package dev.voicetrace.sample.call;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * The telephony provider's side of a call's media stream: knows the call's ids and writes outbound messages
 * in the provider's own protocol.
 */
public interface MediaStream {

    /** The provider's id of the phone call (Twilio {@code callSid}, Plivo {@code callId}). */
    String callSid();

    /** The provider's id of the media stream (Twilio {@code streamSid}, Plivo {@code streamId}). */
    String streamSid();

    /** The provider's name, for logs. */
    String provider();

    /** A message that plays μ-law audio to the caller. */
    String playAudio(byte[] muLaw);

    /** A message asking to be told when playback reaches this point. */
    String mark(String name);

    /** A message that drops audio queued for playback (the caller barged in). */
    String clearAudio();

    /** Recognizes the provider from a {@code start} event. */
    static Optional<MediaStream> fromStartEvent(JsonNode startEvent) {
        JsonNode start = startEvent.path("start");
        if (start.hasNonNull("callSid")) {
            String streamSid = start.path("streamSid").asText(startEvent.path("streamSid").asText());
            return Optional.of(new TwilioMediaStream(start.get("callSid").asText(), streamSid));
        }
        if (start.hasNonNull("callId")) {
            String streamId = start.path("streamId").asText(startEvent.path("streamId").asText());
            return Optional.of(new PlivoAudioStream(start.get("callId").asText(), streamId));
        }
        return Optional.empty();
    }
}
