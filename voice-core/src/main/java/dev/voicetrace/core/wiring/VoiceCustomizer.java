package dev.voicetrace.core.wiring;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import java.util.HashMap;
import java.util.Map;

/**
 * voicetrace's SDK defaults: distribution identity on the resource, upstream's openai-java module
 * off (voicetrace emits the {@code chat} span), credential-carrying query parameters of speech APIs
 * redacted from upstream's HTTP spans, and open calls ended before the exporter's last flush.
 * Users' own settings win over every default here.
 */
public final class VoiceCustomizer implements AutoConfigurationCustomizerProvider {
  static final String SENSITIVE_QUERY_KEY = "otel.instrumentation.sanitization.url.experimental.sensitive-query-parameters";
  /** Upstream's defaults plus the credential parameters speech and LLM APIs accept. */
  static final String SENSITIVE_QUERY_PARAMETERS =
      "AWSAccessKeyId,Signature,sig,X-Goog-Signature,key,api_key,token,access_token,xi_api_key";

  static final String CONSOLE_EXPORTER = "voicetrace-console";

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    BridgeInstaller.install();
    customizer.addPropertiesSupplier(VoiceCustomizer::defaults);
    customizer.addPropertiesCustomizer(VoiceCustomizer::consoleExportDelay);
    customizer.addPropertiesCustomizer(VoiceCustomizer::enabledAsVoiceConfigReadIt);
    customizer.addResourceCustomizer(
        (resource, config) -> resource.merge(
            io.opentelemetry.sdk.resources.Resource.create(Attributes.of(
                AttributeKey.stringKey("telemetry.distro.name"), "voicetrace",
                AttributeKey.stringKey("telemetry.distro.version"), VoiceVersion.VOICETRACE))));
    customizer.addSpanProcessorCustomizer((processor, config) -> new ShutdownFirstSpanProcessor(processor));
  }

  static Map<String, String> defaults() {
    Map<String, String> d = new HashMap<>();
    d.put("otel.instrumentation.openai.enabled", "false");
    d.put(SENSITIVE_QUERY_KEY, SENSITIVE_QUERY_PARAMETERS);
    VoiceProfile.addDefaults(dev.voicetrace.core.config.VoiceConfig.get().profile, d);
    return d;
  }

  /**
   * The console exporter is for watching calls live: unless the user set a batch delay, export
   * every 200 ms instead of the SDK's 5 s, so that a finished call's tree appears at once.
   */
  static Map<String, String> consoleExportDelay(io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties config) {
    Map<String, String> d = new HashMap<>();
    String exporters = config.getString("otel.traces.exporter", "");
    if (exporters.contains(CONSOLE_EXPORTER) && config.getString("otel.bsp.schedule.delay") == null) {
      d.put("otel.bsp.schedule.delay", "200");
    }
    return d;
  }

  /**
   * Upstream reads {@code otel.instrumentation.voicetrace.enabled} too (it is also the switch of our
   * instrumentation group) and takes anything but {@code true} as false. A value {@link
   * dev.voicetrace.core.config.VoiceConfig} rejected (with its one warning) must mean the default for
   * both: it is replaced by what VoiceConfig decided.
   */
  static Map<String, String> enabledAsVoiceConfigReadIt(io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties config) {
    Map<String, String> d = new HashMap<>();
    String key = "otel.instrumentation.voicetrace.enabled";
    String raw = config.getString(key);
    boolean decided = dev.voicetrace.core.config.VoiceConfig.get().enabled;
    if (raw != null && !raw.trim().equalsIgnoreCase(String.valueOf(decided))) {
      d.put(key, String.valueOf(decided));
    }
    return d;
  }

  @Override
  public int order() {
    // after upstream's own customizers, so that our resource attributes win
    return Integer.MAX_VALUE;
  }
}
