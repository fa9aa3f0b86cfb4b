package dev.voicetrace.core.wiring;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The {@code voice} profile: only the upstream instrumentations a voice bot needs stay on, which
 * is most of the start-up and memory saving (the agent type-matches every enabled module against
 * every loaded class). {@code full} keeps all of upstream's. voicetrace's own modules are on in both.
 */
final class VoiceProfile {
  /** Upstream instrumentation names kept on by the {@code voice} profile, by purpose. */
  static final List<String> VOICE_INSTRUMENTATIONS = Collections.unmodifiableList(Arrays.asList(
      // context across the bot's own thread pools and async code
      "executors", "kotlinx-coroutines", "reactor", "spring-core",
      // HTTP clients that speech and LLM SDKs use
      "java-http-client", "okhttp", "apache-httpclient", "apache-httpasyncclient", "http-url-connection",
      "reactor-netty", "netty", "google-http-client", "spring-web", "spring-webflux",
      // servers that carry WebSocket media streams and webhooks
      "servlet", "tomcat", "jetty", "undertow", "grizzly", "spring-webmvc",
      // Google and AWS speech clients
      "grpc", "aws-sdk",
      // telephony SDK
      "twilio",
      // the OpenTelemetry API bridge and annotations, and configured methods
      "opentelemetry-api", "opentelemetry-instrumentation-api", "opentelemetry-instrumentation-annotations",
      "opentelemetry-extension-annotations", "methods",
      // log correlation and log export
      "logback-mdc", "logback-appender", "log4j-mdc", "log4j-context-data", "log4j-appender",
      "jboss-logmanager-mdc", "java-util-logging",
      // JVM runtime metrics
      "runtime-telemetry"));

  private VoiceProfile() {}

  /** Adds the profile's defaults (the user's own settings still win). */
  static void addDefaults(String profile, Map<String, String> defaults) {
    if (!"voice".equals(profile)) {
      return;
    }
    defaults.put("otel.instrumentation.common.default-enabled", "false");
    for (String name : VOICE_INSTRUMENTATIONS) {
      defaults.put("otel.instrumentation." + name + ".enabled", "true");
    }
  }
}
