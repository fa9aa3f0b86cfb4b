package dev.voicetrace.sample.simulator;

/**
 * How one simulated call went.
 *
 * @param callSid    the call id the bot saw
 * @param replies    bot replies heard to the end (marks / checkpoints received)
 * @param audioBytes μ-law bytes of reply audio received
 * @param audioSha256 hex SHA-256 of all reply audio, in the order received
 * @param failure    why the call failed, or {@code null} if it got every reply
 */
public record CallOutcome(String callSid, int replies, long audioBytes, String audioSha256, String failure) {

    /** Whether the call got every reply. */
    public boolean ok() {
        return failure == null;
    }
}
