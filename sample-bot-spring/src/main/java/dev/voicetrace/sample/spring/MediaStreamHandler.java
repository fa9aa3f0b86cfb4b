package dev.voicetrace.sample.spring;

import dev.voicetrace.sample.call.CallHandler;
import dev.voicetrace.sample.call.Switchboard;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spring's side of a media-stream connection: one {@link CallHandler} per WebSocket session.
 */
public class MediaStreamHandler extends TextWebSocketHandler {

    private final Switchboard switchboard;
    private final Map<String, CallHandler> calls = new ConcurrentHashMap<>();

    public MediaStreamHandler(Switchboard switchboard) {
        this.switchboard = switchboard;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        calls.put(session.getId(), switchboard.answer(new WebSocketSessionSink(session)));
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        CallHandler call = calls.get(session.getId());
        if (call != null) {
            call.onText(message.getPayload());
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        CallHandler call = calls.get(session.getId());
        if (call != null) {
            call.onError(exception);
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        CallHandler call = calls.remove(session.getId());
        if (call != null) {
            call.onClose();
        }
    }
}
