package dev.voicetrace.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The agent's entry point: says plainly when voicetrace cannot be active, then starts the OpenTelemetry
 * agent exactly as its own entry point would. The agent unpacks its embedded extensions — voicetrace
 * itself — into {@code java.io.tmpdir} at start-up; when that directory is not writable it runs without
 * them and only says so in a generic error. This checks first and prints one line that names the cause
 * and the fix. It never stops the application or the agent.
 */
public final class VoicetraceAgent {
  private static final String UPSTREAM = "io.opentelemetry.javaagent.OpenTelemetryAgent";

  private VoicetraceAgent() {}

  public static void premain(String agentArgs, Instrumentation inst) throws Throwable {
    checkTmpdir();
    delegate("premain", agentArgs, inst);
  }

  public static void agentmain(String agentArgs, Instrumentation inst) throws Throwable {
    checkTmpdir();
    delegate("agentmain", agentArgs, inst);
  }

  private static void delegate(String method, String agentArgs, Instrumentation inst) throws Throwable {
    try {
      Class.forName(UPSTREAM).getMethod(method, String.class, Instrumentation.class).invoke(null, agentArgs, inst);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  static void checkTmpdir() {
    String configured = System.getProperty("java.io.tmpdir");
    try {
      Path dir = Paths.get(configured);
      Path probe = Files.createTempFile(dir, "voicetrace-", ".probe");
      Files.deleteIfExists(probe);
    } catch (IOException | RuntimeException e) {
      System.err.println("[voicetrace] voicetrace is NOT active: java.io.tmpdir (" + configured + ") is not a writable"
          + " directory (" + e + "), and the agent unpacks voicetrace there at start-up. The application and the"
          + " OpenTelemetry agent run on without voice tracing. Fix: -Djava.io.tmpdir=<a writable directory>.");
    }
  }
}
