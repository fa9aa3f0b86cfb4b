package dev.voicetrace.sample.spring;

import dev.voicetrace.sample.call.MediaSink;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Sends a call's outbound messages over a Spring WebSocket session, one at a time.
 */
final class WebSocketSessionSink implements MediaSink {

    private final WebSocketSession session;

    WebSocketSessionSink(WebSocketSession session) {
        this.session = session;
    }

    @Override
    public void sendText(String message) {
        synchronized (session) {
            if (!session.isOpen()) {
                throw new IllegalStateException("media stream closed");
            }
            try {
                session.sendMessage(new TextMessage(message));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
