package dev.voicetrace.instrumentation.websocket.client;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * A JDK WebSocket listener that runs each callback of the application's listener in the session
 * that opened the connection (the session only: never the span that was current at connect time).
 * Every call, argument, return value and exception passes through unchanged.
 */
public final class JdkSessionListener implements WebSocket.Listener {
  private final WebSocket.Listener delegate;
  private final Object session;

  private JdkSessionListener(WebSocket.Listener delegate, Object session) {
    this.delegate = delegate;
    this.session = session;
  }

  /** The listener to connect with: wrapped when the connecting code is in a session. */
  public static WebSocket.Listener wrap(WebSocket.Listener listener) {
    if (listener == null || listener instanceof JdkSessionListener) {
      return listener;
    }
    Object session = CallbackScope.sessionOfCaller();
    return session == null ? listener : new JdkSessionListener(listener, session);
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    AutoCloseable scope = CallbackScope.enter(session);
    try {
      delegate.onOpen(webSocket);
    } finally {
      CallbackScope.exit(scope);
    }
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    AutoCloseable scope = CallbackScope.enter(session);
    try {
      return delegate.onText(webSocket, data, last);
    } finally {
      CallbackScope.exit(scope);
    }
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    AutoCloseable scope = CallbackScope.enter(session);
    try {
      return delegate.onBinary(webSocket, data, last);
    } finally {
      CallbackScope.exit(scope);
    }
  }

  @Override
  public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
    AutoCloseable scope = CallbackScope.enter(session);
    try {
      return delegate.onPing(webSocket, message);
    } finally {
      CallbackScope.exit(scope);
    }
  }

  @Override
  public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
    AutoCloseable scope = CallbackScope.enter(session);
    try {
      return delegate.onPong(webSocket, message);
    } finally {
      CallbackScope.exit(scope);
    }
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    AutoCloseable scope = CallbackScope.enter(session);
    try {
      return delegate.onClose(webSocket, statusCode, reason);
    } finally {
      CallbackScope.exit(scope);
    }
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    AutoCloseable scope = CallbackScope.enter(session);
    try {
      delegate.onError(webSocket, error);
    } finally {
      CallbackScope.exit(scope);
    }
  }
}
