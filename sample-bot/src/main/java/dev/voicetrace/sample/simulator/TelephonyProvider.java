package dev.voicetrace.sample.simulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/**
 * The telephony provider's side of a media stream, as the simulator plays it: the messages it sends to the bot
 * and how it reads the bot's messages.
 */
public interface TelephonyProvider {

    /** The call id the bot will see (Twilio {@code callSid}, Plivo {@code callId}). */
    String callSid();

    /** Messages sent when the stream opens. */
    List<String> opening();

    /**
     * One inbound 20 ms media frame; {@code chunk} counts frames from 1, {@code timestampMillis} is when it is
     * sent, in ms from the stream's first frame (as the platforms stream in real time).
     */
    String media(byte[] muLaw, long chunk, long timestampMillis);

    /** One inbound 20 ms media frame sent exactly on schedule ({@code (chunk - 1) * 20} ms). */
    default String media(byte[] muLaw, long chunk) {
        return media(muLaw, chunk, (chunk - 1) * 20);
    }

    /** Tells the bot that playback reached its mark / checkpoint {@code name}. */
    String playbackReached(String name);

    /** The hang-up message, if the protocol has one. */
    Optional<String> stop();

    /** The μ-law audio (base64) in a message from the bot, if it is an audio message. */
    Optional<String> audioPayload(JsonNode message);

    /** The mark / checkpoint name in a message from the bot, if it is one. */
    Optional<String> markName(JsonNode message);

    /** Which provider to simulate. */
    enum Kind {
        TWILIO, PLIVO;

        /** A fresh call of this provider with new ids. */
        public TelephonyProvider newCall() {
            return this == TWILIO ? new TwilioProvider() : new PlivoProvider();
        }
    }
}
