package dev.voicetrace.sample.simulator;

/**
 * How one simulated call went.
 *
 * @param callSid    the call id the bot saw
 * @param replies    bot replies heard to the end (marks / checkpoints received)
 * @param audioBytes μ-law bytes of reply audio received
 * @param audioSha256 hex SHA-256 of all reply audio, in the order received
 * @param failure    why the call failed, or {@code null} if it got every reply
 * @param userToBotMillis per utterance, from the end of the caller's speech (its last voiced frame) to the
 *                   first reply audio frame that arrived after it: the ground truth of user-to-bot latency
 */
public record CallOutcome(String callSid, int replies, long audioBytes, String audioSha256, String failure,
                          java.util.List<Double> userToBotMillis) {

    public CallOutcome(String callSid, int replies, long audioBytes, String audioSha256, String failure) {
        this(callSid, replies, audioBytes, audioSha256, failure, java.util.List.of());
    }

    /** Whether the call got every reply. */
    public boolean ok() {
        return failure == null;
    }
}
