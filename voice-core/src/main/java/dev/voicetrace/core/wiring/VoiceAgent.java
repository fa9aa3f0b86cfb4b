package dev.voicetrace.core.wiring;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.core.VoiceLog;
import dev.voicetrace.core.config.VoiceConfig;
import dev.voicetrace.core.provider.ProviderCatalog;
import dev.voicetrace.core.session.VoiceRuntimeImpl;
import dev.voicetrace.core.session.VoiceTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

/** Starts the voice runtime once the SDK exists and publishes it through the bootstrap bridge. */
public final class VoiceAgent {
  /** Voice hooks in this build, for the start-up line. */
  static final String HOOKS =
      "jakarta-websocket-server, spring-websocket, session-methods, twilio/plivo/telnyx media streams,"
          + " jdk-httpclient, okhttp, apache-httpclient-4, apache-httpclient-5 (classic, async), httpurlconnection, reactor-netty, spring-webclient, aws-sdk-v2 (sync and async HTTP), websocket clients (jdk, okhttp, jakarta),"
          + " thread/virtual-thread/timer/completable-future/blocking-queue hand-offs";

  private static volatile VoiceRuntimeImpl runtime;

  private VoiceAgent() {}

  static synchronized void start(OpenTelemetry openTelemetry) {
    if (runtime != null) {
      return;
    }
    VoiceConfig config = VoiceConfig.get();
    if (!config.enabled) {
      VoiceLog.info("voicetrace " + VoiceVersion.VOICETRACE + " is disabled (otel.instrumentation.voicetrace.enabled=false)");
      return;
    }
    if (!BridgeInstaller.install()) {
      return;
    }
    VoiceTelemetry telemetry = new VoiceTelemetry(openTelemetry, config, VoiceVersion.VOICETRACE);
    ProviderCatalog catalog = ProviderCatalog.create(providerEntries(config));
    VoiceRuntimeImpl r = new VoiceRuntimeImpl(telemetry, catalog);
    runtime = r;
    VoiceBridge.install(r);
    String methods = config.sessionMethods.isEmpty() ? "" : ", session methods: " + config.sessionMethods;
    VoiceLog.info(
        "voicetrace " + VoiceVersion.VOICETRACE + " on OpenTelemetry Java agent " + upstreamVersion()
            + ", profile=" + config.profile + ", voice hooks: " + HOOKS + methods);
  }

  private static String providerEntries(VoiceConfig config) {
    if (config.providersFile.isEmpty()) {
      return config.providers;
    }
    try {
      String file = new String(Files.readAllBytes(Paths.get(config.providersFile)), StandardCharsets.UTF_8);
      return config.providers + "\n" + file;
    } catch (Exception e) {
      VoiceLog.warn(
          "cannot read otel.instrumentation.voicetrace.providers-file '" + config.providersFile + "' (" + e
              + "); using the built-in provider catalog" + (config.providers.isEmpty() ? "" : " and providers"));
      return config.providers;
    }
  }

  static String upstreamVersion() {
    try {
      Class<?> agent = Class.forName("io.opentelemetry.javaagent.OpenTelemetryAgent", false, null);
      String v = agent.getPackage() == null ? null : agent.getPackage().getImplementationVersion();
      return v != null ? v : VoiceVersion.UPSTREAM_AGENT;
    } catch (ClassNotFoundException | LinkageError e) {
      return VoiceVersion.UPSTREAM_AGENT;
    }
  }

  static void endAllSessions(String reason) {
    VoiceRuntimeImpl r = runtime;
    if (r != null) {
      try {
        r.endAll(reason);
      } catch (RuntimeException e) {
        VoiceLog.swallowed("ending sessions at shutdown", e);
      }
    }
  }
}
