package dev.voicetrace.instrumentation.websocket.client;

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
    if (listener == null || listener instanceof OkHttpSessionListener) {
      return listener;
    }
    Object session = CallbackScope.sessionOfCaller();
    return session == null ? listener : new OkHttpSessionListener(listener, session);
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    AutoCloseable scope = CallbackScope.enter(session);
    try {
      delegate.onOpen(webSocket, response);
    } finally {
      CallbackScope.exit(scope);
    }
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    AutoCloseable scope = CallbackScope.enter(session);
    try {
      delegate.onMessage(webSocket, text);
    } finally {
      CallbackScope.exit(scope);
    }
  }

  @Override
  public void onMessage(WebSocket webSocket, ByteString bytes) {
    AutoCloseable scope = CallbackScope.enter(session);
    try {
      delegate.onMessage(webSocket, bytes);
    } finally {
      CallbackScope.exit(scope);
    }
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    AutoCloseable scope = CallbackScope.enter(session);
    try {
      delegate.onClosing(webSocket, code, reason);
    } finally {
      CallbackScope.exit(scope);
    }
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    AutoCloseable scope = CallbackScope.enter(session);
    try {
      delegate.onClosed(webSocket, code, reason);
    } finally {
      CallbackScope.exit(scope);
    }
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable t, Response response) {
    AutoCloseable scope = CallbackScope.enter(session);
    try {
      delegate.onFailure(webSocket, t, response);
    } finally {
      CallbackScope.exit(scope);
    }
  }
}
