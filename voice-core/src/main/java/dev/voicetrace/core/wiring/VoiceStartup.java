package dev.voicetrace.core.wiring;

import io.opentelemetry.javaagent.tooling.BeforeAgentListener;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;

/** Starts the voice runtime after the SDK is configured and before any class is instrumented. */
public final class VoiceStartup implements BeforeAgentListener {
  @Override
  public void beforeAgent(AutoConfiguredOpenTelemetrySdk sdk) {
    VoiceAgent.start(sdk.getOpenTelemetrySdk());
  }
}
