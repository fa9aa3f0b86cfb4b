package dev.voicetrace.instrumentation.http.urlconnection;

import dev.voicetrace.instrumentation.http.io.ObservedInputStream;
import dev.voicetrace.instrumentation.http.io.ObservedOutputStream;
import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.HttpURLConnection;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The provider call of one {@code HttpURLConnection}, started by the first hooked method the
 * application calls on it. Kept in a weak map keyed by the connection, holding nothing that
 * reaches the connection strongly, so a connection the application dropped is collected as usual.
 * The call itself is held weakly too: while it runs the runtime holds it (its session's running
 * stages, its abandon watch) and so do the streams the application reads and writes; once it ended,
 * nothing here keeps it, its span and its session. (A {@code WeakHashMap} lets go of the value of a
 * collected key only when it is next used, which for the last calls before a quiet spell is never.)
 *
 * <p>A status of 400 or more ends the call as soon as it is known ({@code getResponseCode}, or
 * {@code getInputStream} throwing): the error body, read through {@code getErrorStream} if at all,
 * is not observed.
 */
public final class UrlConnectionCall {
  /** Connections that are not speech or LLM requests (or were looked at before the agent ran). */
  private static final UrlConnectionCall NONE = new UrlConnectionCall(null);
  private static final Map<HttpURLConnection, UrlConnectionCall> CALLS =
      Collections.synchronizedMap(new WeakHashMap<>());
  /** Depth of hooked calls on this thread: the implementation calls its own hooked methods. */
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private final WeakReference<ProviderCall> call;
  private boolean headersSeen;
  private WeakReference<OutputStream> originalOut;
  private WeakReference<OutputStream> observedOut;
  private WeakReference<InputStream> originalIn;
  private WeakReference<InputStream> observedIn;

  private UrlConnectionCall(ProviderCall call) {
    this.call = call == null ? null : new WeakReference<>(call);
  }

  /** This connection's call, or {@code null}: not a provider call, or ended and collected. */
  private ProviderCall call() {
    return call == null ? null : call.get();
  }

  /**
   * A hooked method was entered. Returns {call, scope} for the outermost hooked call on a
   * connection that carries a speech or LLM request, otherwise {@code null}; always balanced by
   * one of the exit methods below.
   */
  public static Object[] enter(HttpURLConnection connection) {
    int[] depth = DEPTH.get();
    if (depth[0]++ > 0 || connection == null) {
      return null;
    }
    UrlConnectionCall c = callOf(connection);
    ProviderCall call = c == null ? null : c.call();
    if (call == null) {
      return null;
    }
    return new Object[] {c, call.makeCurrent(), call};
  }

  private static UrlConnectionCall callOf(HttpURLConnection connection) {
    UrlConnectionCall known = CALLS.get(connection);
    if (known != null) {
      return known;
    }
    VoiceRuntime runtime = VoiceBridge.runtime();
    if (runtime == null) {
      return null;
    }
    String method = connection.getRequestMethod();
    if ("GET".equals(method) && connection.getDoOutput()) {
      method = "POST"; // what the JDK sends once the application writes a body
    }
    ProviderCall call = runtime.startHttpCall("urlconnection", method, String.valueOf(connection.getURL()), name -> {
      try {
        return connection.getRequestProperty(name);
      } catch (RuntimeException e) {
        return null;
      }
    });
    UrlConnectionCall c = call == null ? NONE : new UrlConnectionCall(call);
    CALLS.put(connection, c);
    return c;
  }

  /** {@code connect} returned or threw. */
  public static void connected(Object[] state, Throwable thrown) {
    UrlConnectionCall c = exit(state);
    if (c != null && thrown != null) {
      call(state).failed(thrown);
    }
  }

  /** {@code getOutputStream} returned (the stream the application gets) or threw. */
  public static OutputStream outputStream(Object[] state, OutputStream returned, Throwable thrown) {
    UrlConnectionCall c = exit(state);
    if (c == null) {
      return returned;
    }
    if (thrown != null) {
      call(state).failed(thrown);
      return returned;
    }
    if (returned == null) {
      return null;
    }
    synchronized (c) {
      if (c.originalOut != null && c.originalOut.get() == returned) {
        OutputStream observed = c.observedOut.get();
        if (observed != null) {
          return observed;
        }
      }
      if (c.originalOut == null) {
        call(state).requestBodyStarted();
      }
      OutputStream observed = new ObservedOutputStream(returned, call(state));
      c.originalOut = new WeakReference<>(returned);
      c.observedOut = new WeakReference<>(observed);
      return observed;
    }
  }

  /** {@code getResponseCode} returned or threw. */
  public static void responseCode(Object[] state, HttpURLConnection connection, int code, Throwable thrown) {
    UrlConnectionCall c = exit(state);
    if (c == null) {
      return;
    }
    if (thrown != null) {
      call(state).failed(thrown);
    } else if (code > 0) {
      c.status(call(state), connection, code);
    }
  }

  /** {@code getInputStream} returned (the stream the application gets) or threw. */
  public static InputStream inputStream(Object[] state, HttpURLConnection connection, InputStream returned,
      Throwable thrown) {
    UrlConnectionCall c = exit(state);
    if (c == null) {
      return returned;
    }
    int code = quietResponseCode(connection);
    if (thrown != null) {
      if (code >= 400) {
        c.status(call(state), connection, code); // the JDK throws for an error status; that is not a transport failure
      } else {
        call(state).failed(thrown);
      }
      return returned;
    }
    if (code > 0) {
      c.status(call(state), connection, code);
    }
    if (returned == null) {
      return null;
    }
    synchronized (c) {
      if (c.originalIn != null && c.originalIn.get() == returned) {
        InputStream observed = c.observedIn.get();
        if (observed != null) {
          return observed;
        }
      }
      InputStream observed = new ObservedInputStream(returned, call(state));
      c.originalIn = new WeakReference<>(returned);
      c.observedIn = new WeakReference<>(observed);
      return observed;
    }
  }

  /** {@code disconnect} is being called: a response not read to its end is cancelled. */
  public static void disconnecting(HttpURLConnection connection) {
    UrlConnectionCall c = connection == null ? null : CALLS.get(connection);
    ProviderCall call = c == null ? null : c.call();
    if (call != null) {
      call.cancelled();
    }
  }

  private static UrlConnectionCall exit(Object[] state) {
    int[] depth = DEPTH.get();
    if (depth[0] > 0) {
      depth[0]--;
    }
    if (state == null || !(state[0] instanceof UrlConnectionCall)) {
      return null;
    }
    VoiceBridge.close(state[1]);
    return (UrlConnectionCall) state[0];
  }

  /** The call of a state {@link #enter} returned (held there, strongly, for the hooked method's duration). */
  private static ProviderCall call(Object[] state) {
    return (ProviderCall) state[2];
  }

  /** Status and headers, once; an error status ends the call. */
  private void status(ProviderCall call, HttpURLConnection connection, int code) {
    synchronized (this) {
      if (headersSeen) {
        return;
      }
      headersSeen = true;
    }
    int[] depth = DEPTH.get();
    depth[0]++; // header lookups call back into the hooked methods
    try {
      call.responseHeaders(code, connection::getHeaderField);
    } finally {
      depth[0]--;
    }
    if (code >= 400) {
      call.completed();
    }
  }

  private static int quietResponseCode(HttpURLConnection connection) {
    int[] depth = DEPTH.get();
    depth[0]++;
    try {
      return connection.getResponseCode();
    } catch (Throwable e) {
      return -1;
    } finally {
      depth[0]--;
    }
  }
}
