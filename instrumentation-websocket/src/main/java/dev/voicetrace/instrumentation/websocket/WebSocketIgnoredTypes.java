package dev.voicetrace.instrumentation.websocket;

import io.opentelemetry.javaagent.extension.ignore.IgnoredTypesBuilder;
import io.opentelemetry.javaagent.extension.ignore.IgnoredTypesConfigurer;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;

/**
 * Upstream ignores most of {@code org.springframework.*} for speed; Spring's WebSocket handlers and
 * decorators are where a Spring voice bot's connections and messages pass, so they are allowed back.
 */
public final class WebSocketIgnoredTypes implements IgnoredTypesConfigurer {
  @Override
  public void configure(IgnoredTypesBuilder builder, ConfigProperties config) {
    builder.allowClass("org.springframework.web.socket.");
  }
}
