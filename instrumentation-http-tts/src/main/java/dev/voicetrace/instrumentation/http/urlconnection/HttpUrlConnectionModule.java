package dev.voicetrace.instrumentation.http.urlconnection;

import dev.voicetrace.core.wiring.VoiceInstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Speech and LLM calls over {@code java.net.HttpURLConnection} (the JDK's {@code
 * sun.net.www.protocol.http} implementation, its HTTPS variant and other subclasses). The targets
 * live in {@code java.base}, so the helpers are injected into the bootstrap class loader and use
 * only JDK types and {@code dev.voicetrace.bootstrap}. Ordered before upstream's {@code
 * http-url-connection} module so that the stage span is the parent of upstream's HTTP span.
 */
public final class HttpUrlConnectionModule extends VoiceInstrumentationModule {
  public HttpUrlConnectionModule() {
    super("voicetrace-http-url-connection");
  }


  @Override
  public int order() {
    return -1;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new HttpUrlConnectionInstrumentation());
  }

  private static final String IO = "dev.voicetrace.instrumentation.http.io.";

  @Override
  public List<String> getAdditionalHelperClassNames() {
    String p = HttpUrlConnectionModule.class.getPackage().getName() + ".";
    return Arrays.asList(
        p + "UrlConnectionCall",
        IO + "ObservedOutputStream",
        IO + "ObservedInputStream");
  }
}
