package dev.voicetrace.instrumentation.http.reactornetty;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.LastHttpContent;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.channel.ChannelOperations;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientConfig;

/**
 * One Reactor Netty request that the catalog classified as a provider call, as the hooks share it:
 * kept in the Reactor context of the request's connection under {@link #KEY}, so that the channel
 * operations of each attempt (a retry or a redirect makes new ones) find the call. Also the entry
 * points of the advice; every one of them returns what it was given when anything goes wrong.
 */
public final class ReactorNettyExchange {
  /** A string, so that copies of this helper in different class loaders agree on it. */
  static final String KEY = "voicetrace.reactor-netty.call";
  /**
   * Connections whose response arrived, until their body is observed: a client that terminated the
   * exchange (the whole body arrived) before the application asked for the body — a blocking {@code
   * RestClient} reads it later, on its own thread — no longer has the request's Reactor context.
   * Weakly keyed (channel operations compare by identity); nothing here refers back to the key.
   */
  private static final Map<Object, ReactorNettyExchange> RESPONDED =
      Collections.synchronizedMap(new WeakHashMap<Object, ReactorNettyExchange>());

  /** The provider call whose form ({@code sendForm}) is being encoded on this thread, if any. */
  private static final ThreadLocal<ProviderCall> FORM = new ThreadLocal<>();
  /**
   * Form encoders of provider calls that send their form in chunks, until the last one. The call is held
   * weakly (the session's running stages hold it while it runs): an entry whose encoder was dropped before
   * its last chunk stays until the map's next use, and must not keep the call, its span and session.
   */
  private static final Map<Object, WeakReference<ProviderCall>> FORM_ENCODERS =
      Collections.synchronizedMap(new WeakHashMap<Object, WeakReference<ProviderCall>>());
  /**
   * Set once a provider call's form went in chunks: until then a chunk of any other form encoder in the JVM
   * (every Netty form upload) costs one volatile read, not the map's lock.
   */
  private static volatile boolean formsChunked;

  /**
   * The provider call; {@code null} until the client resolves a URI given as a {@code Mono} ({@code
   * uri(Mono)}), and for good when that URI is not a provider's. Code that finds this exchange in a Reactor
   * context through {@link #of} never sees it without a call.
   */
  volatile ProviderCall call;
  /** A deferred URI was resolved (and classified): later subscriptions of the same request keep the outcome. */
  private boolean resolved;
  /** The first subscriber of the response body reports; a second one (rejected by the client) does not. */
  final AtomicBoolean bodyObserved = new AtomicBoolean();

  ReactorNettyExchange(ProviderCall call) {
    this.call = call;
    this.resolved = call != null;
  }

  /** {@code connect()} returned {@code connect}: wraps it when the request is a provider call. */
  public static Object observeConnect(Object client, Object connect) {
    try {
      if (!(client instanceof HttpClient) || !(connect instanceof Mono) || connect instanceof ObservedConnect) {
        return connect;
      }
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime == null) {
        return connect;
      }
      HttpClientConfig config = ((HttpClient) client).configuration();
      if (config.websocketClientSpec() != null || config.method() == null) {
        return connect;
      }
      String url = url(config);
      if (url == null && config.uri() != null) {
        return connect; // a relative URI with neither a base URL nor a remote address
      }
      // a null url: a URI given as a Mono, classified when the client resolves it (deferredConnect)
      return new ObservedConnect((Mono<?>) connect, runtime, config.method().name(), url, config.headers());
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ReactorNettyExchange", failure);
      return connect;
    }
  }

  /**
   * The client subscribes to the connection of a request whose URI was given as a {@code Mono}, now that
   * its configuration ({@code config}) is resolved: the provider call starts here, when the catalog knows
   * the URL, in the exchange {@link ObservedConnect} put in the subscriber's context. Returns the scope to
   * close when the subscription returns (the stage span current meanwhile, as {@link ObservedConnect} keeps
   * it for a URI known at once), or {@code null}.
   */
  public static Object deferredConnect(Object config, Object subscriber) {
    try {
      if (!(subscriber instanceof CoreSubscriber) || !(config instanceof HttpClientConfig)) {
        return null;
      }
      Object value = ((CoreSubscriber<?>) subscriber).currentContext().getOrDefault(KEY, null);
      if (!(value instanceof ReactorNettyExchange)) {
        return null;
      }
      ReactorNettyExchange exchange = (ReactorNettyExchange) value;
      ProviderCall call;
      synchronized (exchange) {
        if (!exchange.resolved) {
          exchange.resolved = true;
          HttpClientConfig c = (HttpClientConfig) config;
          VoiceRuntime runtime = VoiceBridge.runtime();
          String url = url(c);
          if (runtime != null && url != null && c.method() != null) {
            exchange.call = startCall(runtime, c.method().name(), url, c.headers());
          }
        }
        call = exchange.call;
      }
      return call == null ? null : call.makeCurrent();
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ReactorNettyExchange", failure);
      return null;
    }
  }

  /** The request body about to be sent on {@code operations}: observed when it belongs to a provider call. */
  public static Object observeRequestBody(Object operations, Object body) {
    try {
      ReactorNettyExchange exchange = of(operations);
      if (exchange == null || body == null || body instanceof ObservedRequestBody.OfMono
          || body instanceof ObservedRequestBody.OfFlux) {
        return body;
      }
      if (body instanceof Mono) {
        return new ObservedRequestBody.OfMono((Mono<?>) body, exchange.call);
      }
      if (body instanceof org.reactivestreams.Publisher) {
        return new ObservedRequestBody.OfFlux(Flux.from((org.reactivestreams.Publisher<?>) body), exchange.call);
      }
      return body;
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ReactorNettyExchange", failure);
      return body;
    }
  }

  /**
   * A whole request body handed to {@code sendObject(Object)} on {@code operations} (a {@code ByteBuf} or an
   * HTTP content holding one): shown to the call when it belongs to one, its indices untouched.
   */
  public static void requestMessage(Object operations, Object message) {
    try {
      ReactorNettyExchange exchange = of(operations);
      if (exchange == null || !(message instanceof ByteBuf || message instanceof ByteBufHolder)) {
        return;
      }
      exchange.call.requestBodyStarted(); // this send (first attempt, retry or redirect) writes the body anew
      observe(message, exchange.call, true);
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ReactorNettyExchange", failure);
    }
  }

  /** The inbound body of {@code operations}: observed when it belongs to a provider call. */
  public static Object observeResponseBody(Object operations, Object inbound) {
    try {
      if (!(inbound instanceof Flux) || inbound instanceof ObservedResponseBody) {
        return inbound;
      }
      ReactorNettyExchange remembered = RESPONDED.remove(operations);
      ReactorNettyExchange exchange = of(operations);
      if (exchange == null) {
        exchange = remembered;
      }
      return exchange == null ? inbound : new ObservedResponseBody((Flux<?>) inbound, exchange);
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ReactorNettyExchange", failure);
      return inbound;
    }
  }

  /**
   * {@code sendForm}'s encoding begins on this thread for {@code operations} (inside {@code
   * SendForm._subscribe}, which makes the encoder, lets the application fill it and finalizes it).
   */
  public static void formEncoding(Object operations) {
    try {
      ReactorNettyExchange exchange = of(operations);
      if (exchange != null) {
        FORM.set(exchange.call);
      }
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ReactorNettyExchange", failure);
    }
  }

  /** {@code SendForm._subscribe} returned: later forms on this thread are not this call's. */
  public static void formEncoded() {
    FORM.remove();
  }

  /**
   * A form encoder finalized its request: a form small enough to go in one piece is in {@code request}
   * (a full request, whose content is read now); a larger one follows in chunks ({@link #formChunk}).
   */
  public static void formFinalized(Object encoder, Object request) {
    try {
      ProviderCall call = FORM.get();
      if (call == null || encoder == null) {
        return;
      }
      call.requestBodyStarted(); // this send (first attempt, retry or redirect) writes the form anew
      if (request instanceof ByteBufHolder) {
        observe(request, call, true);
      } else {
        FORM_ENCODERS.put(encoder, new WeakReference<>(call));
        formsChunked = true;
      }
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ReactorNettyExchange", failure);
    }
  }

  /** The next chunk a provider call's form encoder hands to the connection. */
  public static void formChunk(Object encoder, Object chunk) {
    try {
      if (!formsChunked || chunk == null) {
        return;
      }
      WeakReference<ProviderCall> ref = FORM_ENCODERS.get(encoder);
      ProviderCall call = ref == null ? null : ref.get();
      if (call == null) {
        return;
      }
      observe(chunk, call, true);
      if (chunk instanceof LastHttpContent) {
        FORM_ENCODERS.remove(encoder);
      }
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ReactorNettyExchange", failure);
    }
  }

  /** The response of this exchange arrived on {@code operations}. */
  void responded(Object operations) {
    if (call != null && operations instanceof ChannelOperations && !bodyObserved.get()) {
      RESPONDED.put(operations, this);
    }
  }

  private static ReactorNettyExchange of(Object operations) {
    if (!(operations instanceof ChannelOperations)) {
      return null;
    }
    Object value = ((ChannelOperations<?, ?>) operations).currentContext().getOrDefault(KEY, null);
    return value instanceof ReactorNettyExchange && ((ReactorNettyExchange) value).call != null
        ? (ReactorNettyExchange) value : null;
  }

  /** The request's absolute URL as the client will resolve it, or {@code null} when it is not known yet. */
  static String url(HttpClientConfig config) {
    String uri = config.uri();
    if (uri == null) {
      return null;
    }
    if (!uri.startsWith("/")) {
      return uri;
    }
    String base = config.baseUrl();
    if (base != null) {
      return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + uri;
    }
    Supplier<? extends SocketAddress> remote = config.remoteAddress();
    SocketAddress address = remote == null ? null : remote.get();
    if (address instanceof InetSocketAddress) {
      InetSocketAddress a = (InetSocketAddress) address;
      return (config.isSecure() ? "https://" : "http://") + a.getHostString() + ":" + a.getPort() + uri;
    }
    return null;
  }

  /** Starts the provider call of a Reactor Netty request, or returns {@code null} when it is not one. */
  static ProviderCall startCall(VoiceRuntime runtime, String method, String url, HttpHeaders headers) {
    return runtime.startHttpCall("reactor-netty", method, url, name -> header(headers, name));
  }

  static String header(HttpHeaders headers, String name) {
    return headers == null ? null : headers.get(name);
  }

  /**
   * Shows the readable bytes of a body item ({@code ByteBuf}, or an HTTP content holding one) to the
   * call without moving its indices: counted only, unless the call reads the content (SSE, JSON).
   */
  static void observe(Object item, ProviderCall call, boolean request) {
    ByteBuf buf = item instanceof ByteBuf ? (ByteBuf) item
        : item instanceof ByteBufHolder ? ((ByteBufHolder) item).content() : null;
    if (buf == null) {
      return;
    }
    int n = buf.readableBytes();
    if (n <= 0) {
      return;
    }
    if (!request && !call.needsResponseContent()) {
      call.responseBody(null, 0, n);
      return;
    }
    for (ByteBuffer b : buf.nioBuffers(buf.readerIndex(), n)) {
      if (request) {
        call.requestBody(b);
      } else {
        call.responseBody(b);
      }
    }
  }
}
