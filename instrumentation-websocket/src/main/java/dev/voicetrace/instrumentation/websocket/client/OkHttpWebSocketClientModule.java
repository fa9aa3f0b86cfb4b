package dev.voicetrace.instrumentation.websocket.client;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import dev.voicetrace.core.wiring.VoiceInstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * WebSocket connections a bot opens with OkHttp 4.x/5.x: every listener callback runs in the session
 * that opened the connection, not under the context that was current when it connected (upstream
 * carries that one into the reader thread, stale span and all).
 */
public final class OkHttpWebSocketClientModule extends VoiceInstrumentationModule {
  public OkHttpWebSocketClientModule() {
    super("voicetrace-okhttp-websocket-client");
  }


  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed("okhttp3.WebSocketListener");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new OkHttpNewWebSocketInstrumentation());
  }

  @Override
  public List<String> getAdditionalHelperClassNames() {
    return Arrays.asList(CallbackScope.class.getName(), OkHttpSessionListener.class.getName());
  }
}
