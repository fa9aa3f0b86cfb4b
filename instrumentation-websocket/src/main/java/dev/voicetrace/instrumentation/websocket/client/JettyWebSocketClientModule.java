package dev.voicetrace.instrumentation.websocket.client;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import dev.voicetrace.core.wiring.VoiceInstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * WebSocket connections a bot opens with Jetty's own WebSocket client (Jetty 12's {@code
 * org.eclipse.jetty.websocket.client.WebSocketClient}): every endpoint callback runs in the session that opened
 * the connection. Jetty runs them on its client's thread pool, whose threads no call made, so they would
 * otherwise run in no session at all.
 */
public final class JettyWebSocketClientModule extends VoiceInstrumentationModule {
  public JettyWebSocketClientModule() {
    super("voicetrace-jetty-websocket-client");
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed(JettyFrameHandlerInstrumentation.FRAME_HANDLER);
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new JettyFrameHandlerInstrumentation());
  }
}
