package dev.voicetrace.instrumentation.executors;

import io.opentelemetry.javaagent.extension.ignore.IgnoredTypesBuilder;
import io.opentelemetry.javaagent.extension.ignore.IgnoredTypesConfigurer;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;

/** Upstream ignores most JDK classes; the thread, virtual thread and timer hand-offs need these back. */
public final class HandoffsIgnoredTypes implements IgnoredTypesConfigurer {
  @Override
  public void configure(IgnoredTypesBuilder builder, ConfigProperties config) {
    builder.allowClass("java.lang.Thread");
    builder.allowClass("java.util.Timer");
    builder.allowClass("java.lang.VirtualThread");
  }
}
