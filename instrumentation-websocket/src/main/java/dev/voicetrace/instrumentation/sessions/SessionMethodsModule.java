package dev.voicetrace.instrumentation.sessions;

import dev.voicetrace.core.wiring.VoiceInstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Voice sessions delimited by the methods named in {@code
 * otel.instrumentation.voicetrace.session.methods}, e.g. {@code com.acme.Bot[handleCall,run]}: the
 * session opens on entry and ends on return, when a returned future completes, or with {@code
 * error} when the method throws; and by the open/close method pairs of {@code
 * ...voicetrace.session.connection-methods}, e.g. {@code com.acme.Ws#onConnect/onDisconnect}, keyed by
 * the identity of their first argument (for servers without Jakarta or Spring WebSocket).
 */
public final class SessionMethodsModule extends VoiceInstrumentationModule {
  public SessionMethodsModule() {
    super("voicetrace-session-methods");
  }


  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    List<TypeInstrumentation> out = new ArrayList<>();
    for (SessionMethodSpec spec : SessionMethodSpec.parseConfigured()) {
      out.add(new SessionMethodInstrumentation(spec));
    }
    for (ConnectionMethodSpec spec : ConnectionMethodSpec.parseConfigured()) {
      out.add(new ConnectionMethodInstrumentation(spec));
    }
    return out;
  }
}
