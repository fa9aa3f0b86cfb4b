package dev.voicetrace.core.wiring;

import dev.voicetrace.core.VoiceLog;
import java.io.File;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;

/**
 * Puts the JDK-only bridge classes ({@code dev.voicetrace.bootstrap}) on the bootstrap class path
 * at start-up, so that helpers in every class loader — and this extension loaded into a stock or
 * vendor agent with {@code -Dotel.javaagent.extensions} — share one voice runtime. The classes ship
 * inside the extension as a nested jar, never at their normal paths, so no loader can define a
 * second copy.
 */
public final class BridgeInstaller {
  static final String BRIDGE_CLASS = "dev.voicetrace.bootstrap.VoiceBridge";
  static final String NESTED_JAR = "META-INF/voicetrace/voicetrace-bootstrap.jar";

  private static volatile boolean installed;

  private BridgeInstaller() {}

  /** Idempotent; returns false (after one log line) if the bridge could not be installed. */
  public static synchronized boolean install() {
    if (installed) {
      return true;
    }
    if (onBootstrap()) {
      installed = true;
      return true;
    }
    try {
      Instrumentation inst = instrumentation();
      if (inst == null) {
        VoiceLog.warn("voicetrace is not active: the agent's Instrumentation is not reachable");
        return false;
      }
      File jar = File.createTempFile("voicetrace-bootstrap", ".jar");
      jar.deleteOnExit();
      try (InputStream in = BridgeInstaller.class.getClassLoader().getResourceAsStream(NESTED_JAR)) {
        if (in == null) {
          VoiceLog.warn("voicetrace is not active: " + NESTED_JAR + " is missing from the extension jar");
          return false;
        }
        Files.copy(in, jar.toPath(), StandardCopyOption.REPLACE_EXISTING);
      }
      inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
      installed = onBootstrap();
      if (!installed) {
        VoiceLog.warn("voicetrace is not active: the bridge classes did not reach the bootstrap class path");
      }
      return installed;
    } catch (Exception | LinkageError e) {
      VoiceLog.warn(
          "voicetrace is not active: cannot write its bridge jar to java.io.tmpdir ("
              + System.getProperty("java.io.tmpdir") + "): " + e);
      return false;
    }
  }

  private static boolean onBootstrap() {
    try {
      Class.forName(BRIDGE_CLASS, false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static Instrumentation instrumentation() throws ReflectiveOperationException {
    Class<?> holder = Class.forName("io.opentelemetry.javaagent.bootstrap.InstrumentationHolder", true, null);
    return (Instrumentation) holder.getMethod("getInstrumentation").invoke(null);
  }
}
