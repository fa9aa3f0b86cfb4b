package dev.voicetrace.sample.websocket;

import dev.voicetrace.sample.call.MediaSink;
import jakarta.websocket.Session;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Sends a call's outbound messages over a Jakarta WebSocket session, one at a time.
 */
final class SessionMediaSink implements MediaSink {

    private final Session session;

    SessionMediaSink(Session session) {
        this.session = session;
    }

    @Override
    public void sendText(String message) {
        synchronized (session) {
            if (!session.isOpen()) {
                throw new IllegalStateException("media stream closed");
            }
            try {
                session.getBasicRemote().sendText(message);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
