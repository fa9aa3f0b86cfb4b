package dev.voicetrace.sample.call;

/**
 * Where a call's outbound media-stream messages go: the telephony provider's WebSocket, whatever the server stack.
 * Implementations must be safe to call from several threads.
 */
@FunctionalInterface
public interface MediaSink {

    /** Sends one JSON text message to the telephony provider. */
    void sendText(String message);
}
