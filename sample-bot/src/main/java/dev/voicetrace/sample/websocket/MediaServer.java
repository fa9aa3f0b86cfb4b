package dev.voicetrace.sample.websocket;

import dev.voicetrace.sample.call.Switchboard;
import jakarta.websocket.DeploymentException;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;

import java.io.IOException;
import java.util.Map;

/**
 * The standalone Tyrus (Grizzly) WebSocket server that telephony providers stream call audio to.
 */
public final class MediaServer implements AutoCloseable {

    /** Where the media stream is served. */
    public static final String PATH = "/media";

    /**
     * How the {@code /media} endpoint is declared: the two styles of Jakarta WebSocket, and the
     * programmatic one with its message handler written as a lambda (a hidden class).
     */
    public enum EndpointStyle { ANNOTATED, PROGRAMMATIC, LAMBDA }

    private final ServerContainer container;
    private final int port;

    private MediaServer(ServerContainer container, int port) {
        this.container = container;
        this.port = port;
    }

    /** Starts serving {@link #PATH} (Tyrus' Grizzly container listens on all interfaces); port 0 picks a free port. */
    public static MediaServer start(int port, EndpointStyle style, Switchboard switchboard)
            throws DeploymentException, IOException {
        ServerContainer container = ServerContainerFactory.createServerContainer(Map.of());
        if (style == EndpointStyle.ANNOTATED) {
            AnnotatedMediaEndpoint.connectTo(switchboard);
            container.addEndpoint(AnnotatedMediaEndpoint.class);
        } else {
            container.addEndpoint(ProgrammaticMediaEndpoint.config(PATH, switchboard, style == EndpointStyle.LAMBDA));
        }
        // The container hands the port straight to Grizzly, which binds an ephemeral port for 0.
        container.start("/", port);
        int boundPort = ((TyrusServerContainer) container).getPort();
        return new MediaServer(container, boundPort);
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        container.stop();
    }
}
