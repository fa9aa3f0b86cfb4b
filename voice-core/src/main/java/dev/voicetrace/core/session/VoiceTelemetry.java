package dev.voicetrace.core.session;

import dev.voicetrace.core.VoiceAttributes;
import dev.voicetrace.core.config.VoiceConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import java.util.Arrays;

/** The tracer, the instruments and the configuration every part of the voice runtime shares. */
public final class VoiceTelemetry {
  public static final String SCOPE = "dev.voicetrace";

  final VoiceConfig config;
  final Tracer tracer;
  private final DoubleHistogram userToBot;
  private final DoubleHistogram stageTtfb;
  private final DoubleHistogram operationDuration;
  private final DoubleHistogram tokenUsage;
  private final LongCounter ttsCharacters;
  private final DoubleCounter sttAudioDuration;
  private final LongUpDownCounter activeSessions;

  public VoiceTelemetry(OpenTelemetry openTelemetry, VoiceConfig config, String version) {
    this.config = config;
    this.tracer = openTelemetry.getTracerProvider().tracerBuilder(SCOPE).setInstrumentationVersion(version).build();
    Meter meter = openTelemetry.getMeterProvider().meterBuilder(SCOPE).setInstrumentationVersion(version).build();
    userToBot = seconds(meter, "voice.turn.user_to_bot_latency", "End of the user's speech to the bot's first audio byte");
    stageTtfb = seconds(meter, "voice.stage.ttfb", "Request handed to the client to the first response body byte");
    operationDuration = seconds(meter, "gen_ai.client.operation.duration", "Duration of a provider call");
    tokenUsage =
        meter.histogramBuilder("gen_ai.client.token.usage").setUnit("{token}")
            .setDescription("Tokens used by an LLM call")
            .setExplicitBucketBoundariesAdvice(Arrays.asList(1d, 4d, 16d, 64d, 256d, 1024d, 4096d, 16384d, 65536d))
            .build();
    ttsCharacters = meter.counterBuilder("voice.tts.characters").setUnit("{character}")
        .setDescription("Characters of text sent to text-to-speech").build();
    sttAudioDuration = meter.counterBuilder("voice.stt.audio_duration").ofDoubles().setUnit("s")
        .setDescription("Audio transcribed by speech-to-text, as the provider reports it").build();
    activeSessions = meter.upDownCounterBuilder("voice.sessions.active").setUnit("{session}")
        .setDescription("Voice sessions in progress").build();
    meter.counterBuilder("voicetrace.internal.errors").setUnit("{error}")
        .setDescription("Failures inside voicetrace's own code, swallowed so that the application never saw them")
        .buildWithCallback(m -> dev.voicetrace.bootstrap.VoiceBridge.swallowedCounts().forEach(
            (site, count) -> m.record(count, Attributes.of(INTERNAL_ERROR_SITE, site))));
  }

  /** Where in voicetrace a swallowed failure happened (a runtime step or a helper class). */
  static final io.opentelemetry.api.common.AttributeKey<String> INTERNAL_ERROR_SITE =
      io.opentelemetry.api.common.AttributeKey.stringKey("voicetrace.site");

  private static DoubleHistogram seconds(Meter meter, String name, String description) {
    return meter.histogramBuilder(name).setUnit("s").setDescription(description)
        .setExplicitBucketBoundariesAdvice(
            Arrays.asList(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 30.0))
        .build();
  }

  public VoiceConfig config() {
    return config;
  }

  void sessionStarted(String source) {
    activeSessions.add(1, Attributes.of(VoiceAttributes.SESSION_SOURCE, source));
  }

  void sessionEnded(String source) {
    activeSessions.add(-1, Attributes.of(VoiceAttributes.SESSION_SOURCE, source));
  }

  void userToBot(double seconds, boolean interrupted) {
    userToBot.record(seconds, Attributes.of(VoiceAttributes.TURN_INTERRUPTED, interrupted));
  }

  void stageEnded(
      String operation, String provider, String model, Double ttfbSeconds, double durationSeconds,
      String errorType, Long inputTokens, Long outputTokens, Long ttsChars) {
    AttributesBuilder b = Attributes.builder()
        .put(VoiceAttributes.OPERATION, operation)
        .put(VoiceAttributes.PROVIDER, provider);
    if (model != null) {
      b.put(VoiceAttributes.REQUEST_MODEL, model);
    }
    Attributes base = b.build();
    if (ttfbSeconds != null) {
      stageTtfb.record(ttfbSeconds, base);
    }
    operationDuration.record(
        durationSeconds, errorType == null ? base : base.toBuilder().put(VoiceAttributes.ERROR_TYPE, errorType).build());
    if (inputTokens != null) {
      tokenUsage.record(inputTokens, base.toBuilder().put(VoiceAttributes.TOKEN_TYPE, "input").build());
    }
    if (outputTokens != null) {
      tokenUsage.record(outputTokens, base.toBuilder().put(VoiceAttributes.TOKEN_TYPE, "output").build());
    }
    if (ttsChars != null) {
      ttsCharacters.add(ttsChars, base);
    }
  }

  /** Seconds of audio a speech-to-text call transcribed (when its response said). */
  void sttAudio(String provider, String model, double seconds) {
    AttributesBuilder b = Attributes.builder().put(VoiceAttributes.PROVIDER, provider);
    if (model != null) {
      b.put(VoiceAttributes.REQUEST_MODEL, model);
    }
    sttAudioDuration.add(seconds, b.build());
  }
}
