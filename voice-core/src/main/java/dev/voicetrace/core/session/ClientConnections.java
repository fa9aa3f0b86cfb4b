package dev.voicetrace.core.session;

import java.lang.reflect.Method;

/**
 * Tells a WebSocket connection the bot opened as a client (to a streaming STT, a realtime LLM) from
 * one a caller opened to the bot. Both run the same {@code Endpoint} and {@code WebSocketHandler}
 * callbacks, but only a server connection is a call: a client connection belongs to the call that
 * opened it. A Jakarta/javax session is a client connection when its container is not a {@code
 * ServerContainer}; a Spring session is judged by its native session. Anything unknown is a server
 * connection, as before.
 */
final class ClientConnections {
  private static final ClassValue<Boolean> SERVER_CONTAINER = new ClassValue<Boolean>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return implementsServerContainer(type);
    }
  };

  private ClientConnections() {}

  static boolean isClient(Object connection) {
    Object target = connection;
    for (int depth = 0; depth < 2 && target != null; depth++) {
      Object container = call(target, "getContainer");
      if (container != null) {
        return !SERVER_CONTAINER.get(container.getClass());
      }
      target = call(target, "getNativeSession");
    }
    return false;
  }

  private static boolean implementsServerContainer(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        if (i.getName().endsWith(".websocket.server.ServerContainer") || implementsServerContainer(i)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A public no-argument method found through the object's public interfaces, or {@code null}. */
  private static Object call(Object target, String name) {
    try {
      Method m = publicMethod(target.getClass(), name);
      return m == null ? null : m.invoke(target);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static Method publicMethod(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        try {
          return i.getMethod(name);
        } catch (NoSuchMethodException e) {
          // try the next interface
        }
      }
    }
    return null;
  }
}
