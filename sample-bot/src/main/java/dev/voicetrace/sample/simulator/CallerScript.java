package dev.voicetrace.sample.simulator;

/**
 * How the caller behaves beyond speaking its utterances, for the turn scenarios.
 *
 * @param awaitGreeting   before speaking, wait for the bot's greeting and confirm its playback
 * @param talkOverEarlyMs with at least two utterances: start the last one this many ms after the one before it
 *                        ended, before the bot's reply can have been heard (barge-in before playback, or one
 *                        utterance with a pause in it); 0: off
 * @param silenceAfterMs  after the last reply, stay on the line this long in silence, confirming whatever the
 *                        bot plays (a reprompt); 0: hang up at once
 */
public record CallerScript(boolean awaitGreeting, int talkOverEarlyMs, int silenceAfterMs) {

    /** Speak, wait for each reply, hang up. */
    public static final CallerScript PLAIN = new CallerScript(false, 0, 0);

    public CallerScript {
        if (talkOverEarlyMs < 0 || silenceAfterMs < 0) {
            throw new IllegalArgumentException("negative caller script times");
        }
    }
}
