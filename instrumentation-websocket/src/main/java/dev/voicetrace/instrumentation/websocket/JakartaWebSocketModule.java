package dev.voicetrace.instrumentation.websocket;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import dev.voicetrace.core.wiring.VoiceInstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Voice sessions from Jakarta WebSocket server connections: programmatic {@code Endpoint}s,
 * {@code @ServerEndpoint} classes and their message handlers (Tyrus, Tomcat, Jetty, Undertow, and
 * Spring's servlet stack through {@code StandardWebSocketHandlerAdapter}).
 */
public final class JakartaWebSocketModule extends VoiceInstrumentationModule {
  public JakartaWebSocketModule() {
    super("voicetrace-jakarta-websocket");
  }


  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed("jakarta.websocket.Endpoint");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        new EndpointInstrumentation(),
        new AnnotatedEndpointInstrumentation(),
        new MessageHandlerInstrumentation(),
        new WebSocketSessionInstrumentation(),
        new RemoteEndpointInstrumentation());
  }
}
