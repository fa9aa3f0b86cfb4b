package dev.voicetrace.instrumentation.websocket;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import dev.voicetrace.core.wiring.VoiceInstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Voice sessions from Spring {@code WebSocketHandler}s (servlet and reactive-free stacks). On the
 * servlet stack the container's Jakarta session opens the voice session and Spring's session joins
 * it; elsewhere Spring's {@code afterConnectionEstablished} opens it.
 */
public final class SpringWebSocketModule extends VoiceInstrumentationModule {
  public SpringWebSocketModule() {
    super("voicetrace-spring-websocket");
  }


  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed("org.springframework.web.socket.WebSocketHandler");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new SpringWebSocketHandlerInstrumentation(), new SpringWebSocketSessionInstrumentation());
  }
}
