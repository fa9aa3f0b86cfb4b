package dev.voicetrace.sample.simulator;

import java.net.URI;
import java.time.Duration;

/**
 * What to simulate: how many concurrent calls of which provider, how many caller utterances each, how they hang up.
 *
 * @param url        the bot's media-stream WebSocket, e.g. {@code ws://127.0.0.1:P/media}
 * @param calls      concurrent calls
 * @param utterances caller utterances per call, each awaiting the bot's full reply
 * @param provider   the telephony provider to imitate
 * @param sendStop   hang up with a {@code stop} message before closing (Twilio style) or just close the socket
 * @param timeout    bound on the whole simulation
 * @param bargeIn    the caller talks over the bot's first reply: it starts its second utterance while that
 *                   reply is still playing (the reply's mark is never confirmed)
 * @param script     greeting, early talk-over and silence at the end ({@link CallerScript#PLAIN}: none)
 */
public record SimulationOptions(URI url, int calls, int utterances, TelephonyProvider.Kind provider,
                                boolean sendStop, Duration timeout, boolean bargeIn, CallerScript script) {

    /** Options with a plain caller. */
    public SimulationOptions(URI url, int calls, int utterances, TelephonyProvider.Kind provider,
                             boolean sendStop, Duration timeout, boolean bargeIn) {
        this(url, calls, utterances, provider, sendStop, timeout, bargeIn, CallerScript.PLAIN);
    }

    /** Options without barge-in. */
    public SimulationOptions(URI url, int calls, int utterances, TelephonyProvider.Kind provider,
                             boolean sendStop, Duration timeout) {
        this(url, calls, utterances, provider, sendStop, timeout, false);
    }

    public SimulationOptions {
        if (calls < 1 || utterances < 0 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("need at least one call, no negative utterances, a positive timeout");
        }
    }

    /** Defaults for {@code provider}: Twilio hangs up with {@code stop}, Plivo by closing the socket. */
    public static SimulationOptions of(URI url, int calls, int utterances, TelephonyProvider.Kind provider) {
        return new SimulationOptions(url, calls, utterances, provider, provider == TelephonyProvider.Kind.TWILIO,
                Duration.ofSeconds(60));
    }
}
