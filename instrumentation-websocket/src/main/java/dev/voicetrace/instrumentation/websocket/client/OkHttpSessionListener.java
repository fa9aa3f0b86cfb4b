package dev.voicetrace.instrumentation.websocket.client;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * An OkHttp WebSocket listener that runs each callback of the application's listener in the session
 * that opened the connection. The context OkHttp's reader thread inherited from connect time (a
 * span long ended by the time the tenth transcript arrives) is replaced by the session's own, so
 * that stages started in a callback belong to the session's current turn. Everything else passes through
 * unchanged.
 */
public final class OkHttpSessionListener extends WebSocketListener {
  private final WebSocketListener delegate;
  private final Object session;

  private OkHttpSessionListener(WebSocketListener delegate, Object session) {
    this.delegate = delegate;
    this.session = session;
  }

  /** The listener to connect with: wrapped when the connecting code is in a session. */
  public static WebSocketListener wrap(WebSocketListener listener) {
    VoiceRuntime runtime = VoiceBridge.runtime();
    if (listener == null || listener instanceof OkHttpSessionListener || runtime == null) {
      return listener;
    }
    Object session = runtime.currentSession();
    return session == null ? listener : new OkHttpSessionListener(listener, session);
  }

  private AutoCloseable enter() {
    VoiceRuntime runtime = VoiceBridge.runtime();
    return runtime == null ? null : runtime.enterSession(session);
  }

  private static void exit(AutoCloseable scope) {
    if (scope != null) {
      try {
        scope.close();
      } catch (Exception ignored) {
        // never seen by the application
      }
    }
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    AutoCloseable scope = enter();
    try {
      delegate.onOpen(webSocket, response);
    } finally {
      exit(scope);
    }
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    AutoCloseable scope = enter();
    try {
      delegate.onMessage(webSocket, text);
    } finally {
      exit(scope);
    }
  }

  @Override
  public void onMessage(WebSocket webSocket, ByteString bytes) {
    AutoCloseable scope = enter();
    try {
      delegate.onMessage(webSocket, bytes);
    } finally {
      exit(scope);
    }
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    AutoCloseable scope = enter();
    try {
      delegate.onClosing(webSocket, code, reason);
    } finally {
      exit(scope);
    }
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    AutoCloseable scope = enter();
    try {
      delegate.onClosed(webSocket, code, reason);
    } finally {
      exit(scope);
    }
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable t, Response response) {
    AutoCloseable scope = enter();
    try {
      delegate.onFailure(webSocket, t, response);
    } finally {
      exit(scope);
    }
  }
}
