package dev.voicetrace.sample.spring;

import dev.voicetrace.sample.call.Switchboard;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * Serves the telephony media stream WebSocket at {@value #PATH}.
 */
@Configuration
@EnableWebSocket
public class MediaStreamConfig implements WebSocketConfigurer {

    /** Where Twilio / Plivo connect. */
    public static final String PATH = "/media";

    private final Switchboard switchboard;

    public MediaStreamConfig(Switchboard switchboard) {
        this.switchboard = switchboard;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new MediaStreamHandler(switchboard), PATH).setAllowedOrigins("*");
    }
}
