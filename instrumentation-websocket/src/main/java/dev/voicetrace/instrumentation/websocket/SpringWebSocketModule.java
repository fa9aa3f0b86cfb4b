package dev.voicetrace.instrumentation.websocket;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Voice sessions from Spring {@code WebSocketHandler}s (servlet and reactive-free stacks). On the
 * servlet stack the container's Jakarta session opens the voice session and Spring's session joins
 * it; elsewhere Spring's {@code afterConnectionEstablished} opens it.
 */
public final class SpringWebSocketModule extends InstrumentationModule {
  public SpringWebSocketModule() {
    super("voicetrace-spring-websocket", "voicetrace");
  }

  @Override
  public boolean defaultEnabled(ConfigProperties config) {
    return config.getBoolean("otel.instrumentation.voicetrace.enabled", true);
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
