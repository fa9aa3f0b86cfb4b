package dev.voicetrace.core.wiring;

import io.opentelemetry.javaagent.tooling.bootstrap.BootstrapPackagesBuilder;
import io.opentelemetry.javaagent.tooling.bootstrap.BootstrapPackagesConfigurer;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;

/**
 * Makes every class loader the agent instruments (including OSGi and JBoss Modules) delegate the
 * bridge package to the bootstrap loader, so that all helpers see the same {@code VoiceBridge}.
 */
public final class VoiceBootstrapPackages implements BootstrapPackagesConfigurer {
  @Override
  public void configure(BootstrapPackagesBuilder builder, ConfigProperties config) {
    BridgeInstaller.install();
    builder.add("dev.voicetrace.bootstrap");
  }
}
