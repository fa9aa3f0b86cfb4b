package dev.voicetrace.sample.call;

import java.util.ArrayList;
import java.util.List;

/**
 * The running dialogue of one call: what the caller said and what the bot answered, in order.
 */
public final class Conversation {

    /** Who said a turn. */
    public enum Speaker { CALLER, BOT }

    /** One thing said in the call. */
    public record Turn(Speaker speaker, String text) {
    }

    private final List<Turn> turns = new ArrayList<>();

    /** Records what the caller said. */
    public synchronized void callerSaid(String text) {
        turns.add(new Turn(Speaker.CALLER, text));
    }

    /** Records what the bot answered. */
    public synchronized void botSaid(String text) {
        turns.add(new Turn(Speaker.BOT, text));
    }

    /** A snapshot of the turns so far. */
    public synchronized List<Turn> turns() {
        return List.copyOf(turns);
    }
}
