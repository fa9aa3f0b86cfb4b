package dev.voicetrace.sample.websocket;

import dev.voicetrace.sample.call.CallHandler;
import dev.voicetrace.sample.call.Switchboard;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/**
 * The media-stream WebSocket in annotated style. The container creates one instance per connection, so the
 * shared {@link Switchboard} is handed over through {@link #connectTo(Switchboard)} before the server starts.
 */
@ServerEndpoint("/media")
public class AnnotatedMediaEndpoint {

    private static volatile Switchboard switchboard;

    private CallHandler call;

    /** Routes every connection of this endpoint to {@code board}. */
    public static void connectTo(Switchboard board) {
        switchboard = board;
    }

    @OnOpen
    public void onOpen(Session session) {
        call = switchboard.answer(new SessionMediaSink(session));
    }

    @OnMessage
    public void onMessage(String message) {
        call.onText(message);
    }

    @OnClose
    public void onClose(Session session, CloseReason reason) {
        call.onClose();
    }

    @OnError
    public void onError(Session session, Throwable error) {
        if (call != null) {
            call.onError(error);
        }
    }
}
