package dev.voicetrace.core.wiring;

import dev.voicetrace.core.config.VoiceConfig;
import io.opentelemetry.javaagent.extension.instrumentation.InstrumentationModule;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;

/**
 * What every voicetrace instrumentation module shares: it belongs to the {@code voicetrace} group, and
 * it is on exactly when voicetrace is — as {@link VoiceConfig} reads {@code
 * otel.instrumentation.voicetrace.enabled} (one reading, one warning for a bad value), in either
 * profile: the {@code voice} profile turns upstream's default off, and a module that did not override
 * {@code defaultEnabled} would be switched off with it.
 */
public abstract class VoiceInstrumentationModule extends InstrumentationModule {
  protected VoiceInstrumentationModule(String name) {
    super(name, "voicetrace");
  }

  @Override
  public final boolean defaultEnabled(ConfigProperties config) {
    return VoiceConfig.get().enabled;
  }
}
