package dev.voicetrace.sample.websocket;

import dev.voicetrace.sample.call.CallHandler;
import dev.voicetrace.sample.call.Switchboard;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * The media-stream WebSocket in programmatic style: an {@link Endpoint} that adds a whole-text message handler.
 */
public class ProgrammaticMediaEndpoint extends Endpoint {

    private final Switchboard switchboard;
    private final boolean lambdaHandler;
    private CallHandler call;

    /** An endpoint answering on {@code switchboard}; {@code lambdaHandler}: its message handler is a lambda. */
    public ProgrammaticMediaEndpoint(Switchboard switchboard, boolean lambdaHandler) {
        this.switchboard = switchboard;
        this.lambdaHandler = lambdaHandler;
    }

    /** Configuration that serves this endpoint at {@code path}, one instance per connection. */
    public static ServerEndpointConfig config(String path, Switchboard switchboard, boolean lambdaHandler) {
        return ServerEndpointConfig.Builder.create(ProgrammaticMediaEndpoint.class, path)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(new ProgrammaticMediaEndpoint(switchboard, lambdaHandler));
                    }
                })
                .build();
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        CallHandler handler = switchboard.answer(new SessionMediaSink(session));
        call = handler;
        if (lambdaHandler) {
            MessageHandler.Whole<String> onText = handler::onText;
            session.addMessageHandler(String.class, onText);
            return;
        }
        session.addMessageHandler(String.class, new MessageHandler.Whole<String>() {
            @Override
            public void onMessage(String message) {
                handler.onText(message);
            }
        });
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        if (call != null) {
            call.onClose();
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        if (call != null) {
            call.onError(error);
        }
    }
}
