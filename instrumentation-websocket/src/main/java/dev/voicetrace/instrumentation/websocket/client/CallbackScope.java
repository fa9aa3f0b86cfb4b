package dev.voicetrace.instrumentation.websocket.client;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;

/**
 * The session a WebSocket client listener was made in, entered around each of its callbacks. Shared
 * by the JDK and OkHttp listener wrappers (a helper in each of their class loaders).
 */
public final class CallbackScope {
  private CallbackScope() {}

  /** The current session's token when the connecting code is in one, else {@code null}. */
  public static Object sessionOfCaller() {
    VoiceRuntime runtime = VoiceBridge.runtime();
    return runtime == null ? null : runtime.currentSession();
  }

  public static AutoCloseable enter(Object session) {
    VoiceRuntime runtime = VoiceBridge.runtime();
    return runtime == null ? null : runtime.enterSession(session);
  }

  public static void exit(AutoCloseable scope) {
    if (scope != null) {
      try {
        scope.close();
      } catch (Exception ignored) {
        // never seen by the application
      }
    }
  }
}
