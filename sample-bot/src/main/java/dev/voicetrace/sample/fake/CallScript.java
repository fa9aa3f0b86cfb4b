package dev.voicetrace.sample.fake;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the fake caller "says" and what the fake model answers: a short, fixed customer-service dialogue.
 * Transcripts advance per call, so every call hears the same conversation.
 */
final class CallScript {

    private static final List<String> CALLER_LINES = List.of(
            "Hi, I'm calling about my order. It hasn't arrived yet.",
            "The order number is four two seven one.",
            "Can you deliver it tomorrow morning instead?",
            "Great, that's all I needed. Thanks!");

    private static final List<String> AGENT_LINES = List.of(
            "I'm sorry to hear that. Could you tell me your order number?",
            "Thanks. Order four two seven one is out for delivery and should arrive today.",
            "Sure, I've moved the delivery to tomorrow morning between eight and noon.",
            "You're welcome. Have a great day!");

    private static final String GENERIC_REPLY = "Thanks, I can help with that. Could you tell me a bit more?";

    /** The tool the fake model calls, when the bot offers it, to answer the caller's order number. */
    static final String ORDER_TOOL = "get_order_status";

    /** The caller line that makes the model look the order up. */
    private static final String ORDER_LINE = CALLER_LINES.get(1);

    /** The arguments the model passes to {@link #ORDER_TOOL}, in the fragments it streams them in. */
    static final List<String> ORDER_TOOL_ARGUMENT_FRAGMENTS =
            List.of("{\"", "order", "_number", "\":\"", "427", "1", "\"}");

    private final Map<String, AtomicInteger> linesHeard = new ConcurrentHashMap<>();

    /** The next thing the caller of {@code callSid} says ({@code null} for untagged requests). */
    String nextCallerLine(String callSid) {
        int turn = linesHeard.computeIfAbsent(callSid == null ? "" : callSid, sid -> new AtomicInteger())
                .getAndIncrement();
        return CALLER_LINES.get(turn % CALLER_LINES.size());
    }

    /** The agent's deterministic answer to the caller's last line. */
    static String replyTo(String callerLine) {
        int index = CALLER_LINES.indexOf(callerLine == null ? "" : callerLine.trim());
        return index >= 0 ? AGENT_LINES.get(index) : GENERIC_REPLY;
    }

    /** Whether the model answers {@code callerLine} by calling {@link #ORDER_TOOL} first (when offered). */
    static boolean looksUpOrder(String callerLine) {
        return callerLine != null && callerLine.trim().equals(ORDER_LINE);
    }

    /** The id of the model's {@link #ORDER_TOOL} call in call {@code callSid} (a fake, but stable for tests). */
    static String orderToolCallId(String callSid) {
        return "call_ord_" + (callSid == null ? "anonymous" : callSid);
    }

    /** Forgets every call's progress. */
    void reset() {
        linesHeard.clear();
    }
}
