package dev.voicetrace.instrumentation.websocket.client;

import dev.voicetrace.core.wiring.VoiceInstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * WebSocket connections a bot opens with the JDK {@code HttpClient} (a streaming STT or a realtime
 * LLM): every listener callback runs in the session that opened the connection. The listener's
 * callbacks otherwise run on the client's threads with no session at all. Helpers go to the platform
 * class loader, which defines {@code java.net.http}.
 */
public final class JdkWebSocketClientModule extends VoiceInstrumentationModule {
  public JdkWebSocketClientModule() {
    super("voicetrace-jdk-websocket-client");
  }


  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new JdkWebSocketBuilderInstrumentation());
  }

  @Override
  public List<String> getAdditionalHelperClassNames() {
    return Arrays.asList(CallbackScope.class.getName(), JdkSessionListener.class.getName());
  }
}
