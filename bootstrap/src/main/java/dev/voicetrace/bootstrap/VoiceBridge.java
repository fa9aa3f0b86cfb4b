package dev.voicetrace.bootstrap;

/**
 * Holds the one {@link VoiceRuntime} of this JVM. Lives on the bootstrap class path so that helpers
 * in any class loader find the same instance; until the agent installs the runtime, {@link
 * #runtime()} returns {@code null} and helpers do nothing.
 */
public final class VoiceBridge {
  private static volatile VoiceRuntime runtime;

  private VoiceBridge() {}

  /** The installed runtime, or {@code null}. */
  public static VoiceRuntime runtime() {
    return runtime;
  }

  /** Installs the runtime (agent start-up only). */
  public static void install(VoiceRuntime voiceRuntime) {
    runtime = voiceRuntime;
  }
}
