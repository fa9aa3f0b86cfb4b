package dev.voicetrace.core.session;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.core.VoiceAttributes;
import dev.voicetrace.core.InjectedFailure;
import dev.voicetrace.core.VoiceLog;
import dev.voicetrace.core.provider.Base64Audio;
import dev.voicetrace.core.provider.BodyCapture;
import dev.voicetrace.core.provider.BodyDialect;
import dev.voicetrace.core.provider.CompressedBody;
import dev.voicetrace.core.provider.Operation;
import dev.voicetrace.core.provider.ProviderMatch;
import dev.voicetrace.core.provider.RequestFacts;
import dev.voicetrace.core.provider.ResponseFacts;
import dev.voicetrace.core.provider.SseLines;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Function;

/**
 * One provider request as a stage span ({@code speech_to_text}, {@code chat}, {@code
 * text_to_speech}): observes the request body as the client writes it, the response as it passes,
 * and ends when the application consumed, closed or cancelled the response, or it failed.
 */
final class StageCall implements ProviderCall {
  static final ContextKey<StageCall> KEY = ContextKey.named("voicetrace-stage");
  private static final int REQUEST_HEAD = 256 * 1024;
  private static final int REQUEST_TAIL = 4 * 1024;
  private static final int RESPONSE_JSON = 256 * 1024;
  private static final int RESPONSE_JSON_TAIL = 4 * 1024;
  private static final String[] REQUEST_ID_HEADERS = {
    "request-id", "x-request-id", "openai-request-id", "dg-request-id", "x-dg-request-id", "x-amzn-requestid",
    "x-requestid", "apim-request-id", "x-goog-request-id", "cf-ray"
  };

  private final VoiceTelemetry telemetry;
  private final Session session;
  /** The context the span was started under (the turn's, or the caller's outside any session). */
  private final Context parent;
  private final Context turnContext;
  private final ProviderMatch match;
  /** The audio format a request header asked for (headers are not kept). */
  private final String requestedFormat;
  private final Operation operation;
  private final Span span;
  private final Context context;
  private final long startNanos;
  private final BodyCapture requestBody = new BodyCapture(REQUEST_HEAD, REQUEST_TAIL);
  /** {@link #request} has the facts of every request byte captured so far. */
  private boolean requestRead;
  /** Whether the application aborted the request, when its client can say ({@link #abortedWhen}). */
  private volatile BooleanSupplier abortedByApp;
  /** The client's count of response bytes it holds unread ({@link #bufferedUnread}), if it buffers. */
  private volatile LongSupplier bufferedUnread;
  private RequestFacts request;
  private final ResponseFacts response;
  private BodyCapture responseJson;
  private SseLines sse;
  /** Counts base64 audio inside a JSON response (Google's audioContent) as it passes. */
  private Base64Audio jsonAudio;
  /** Inflates a gzip or deflate body for the parsers above, when the client hands it over compressed. */
  private CompressedBody compressed;
  private boolean requestIdFromHeader;
  private boolean eventStream;
  private long firstByteNanos;
  private long firstContentNanos;
  private long responseBytes;
  private int status;
  private long contentLength = -1;
  /** The client reported bytes it had taken in but the application never read ({@link #unread}). */
  private boolean leftUnread;
  private volatile long lastActivityNanos;
  /** The pending abandon check; cancelled when the call ends so the timer holds nothing of it. */
  private volatile java.util.concurrent.ScheduledFuture<?> abandonCheck;
  private boolean ended;
  private boolean abandoned;
  private boolean toolResultsReported;
  /** Attempts of this call inside an SDK retry loop (0: not in one). */
  private int attempts;
  /** The retry loop is still running: an attempt's failure waits for it (the loop may try again). */
  private boolean retrying;
  /** The outcome of the last attempt while the retry loop runs: {@code {error, cancelled}}. */
  private Object[] lastAttemptOutcome;
  /** Opened above the transport ({@code startExchange}); no transport hook has taken it over yet. */
  private boolean awaitingTransport;
  /**
   * A transport hook took this call over from the layer above it: that layer's own spans (upstream's
   * spring-webflux span) are current where the transport sends, and stay the parent of what it does.
   */
  private volatile boolean transportInside;

  StageCall(
      VoiceTelemetry telemetry, Session session, Context parent, Context turnContext, ProviderMatch match,
      String requestedFormat) {
    this.telemetry = telemetry;
    this.session = session;
    this.parent = parent;
    this.turnContext = turnContext;
    this.match = match;
    this.requestedFormat = requestedFormat;
    this.operation = match.route.operation();
    this.startNanos = VoiceClock.now();
    this.request = RequestFacts.fromUrl(match, requestedFormat);
    this.response = new ResponseFacts(telemetry.config.captureContent ? telemetry.config.captureMaxLength : 0);
    io.opentelemetry.api.trace.SpanBuilder b = telemetry.tracer.spanBuilder(spanName())
        .setSpanKind(SpanKind.CLIENT)
        .setParent(parent)
        .setStartTimestamp(VoiceClock.toEpochNanos(startNanos), TimeUnit.NANOSECONDS)
        .setAttribute(VoiceAttributes.OPERATION, operation.wireName())
        .setAttribute(VoiceAttributes.PROVIDER, match.provider)
        .setAttribute(VoiceAttributes.OPENINFERENCE_KIND, operation == Operation.CHAT ? "LLM" : "CHAIN");
    if (match.host != null) {
      b.setAttribute(VoiceAttributes.SERVER_ADDRESS, match.host);
    }
    b.setAttribute(VoiceAttributes.SERVER_PORT, (long) match.port);
    if (session != null) {
      b.setAttribute(VoiceAttributes.SESSION_ID, session.id);
      b.setAttribute(VoiceAttributes.CONVERSATION_ID, session.id);
    }
    this.span = b.startSpan();
    this.context = parent.with(span).with(KEY, this);
    this.lastActivityNanos = startNanos;
    long abandonAfter = telemetry.config.abandonTimeout.toNanos();
    watchForAbandon(abandonAfter, abandonAfter);
  }

  /**
   * A response neither consumed nor closed — no byte moving for the abandon timeout once its
   * headers arrived — ends its span with {@code voice.abandoned}, so that a leaked stream cannot
   * keep a span (and its session's turn) open forever.
   */
  private void watchForAbandon(long timeoutNanos, long delayNanos) {
    abandonCheck = VoiceClock.schedule(() -> {
      if (isEnded()) {
        return;
      }
      long idle = VoiceClock.now() - lastActivityNanos;
      if (!responseStarted()) {
        watchForAbandon(timeoutNanos, timeoutNanos); // waiting for the provider: not the app's stream yet
      } else if (idle >= timeoutNanos) {
        abandoned();
      } else {
        watchForAbandon(timeoutNanos, timeoutNanos - idle);
      }
    }, delayNanos);
  }

  private synchronized boolean isEnded() {
    return ended;
  }

  private synchronized boolean responseStarted() {
    return status != 0;
  }

  private void abandoned() {
    notCountingBufferedUnread();
    synchronized (this) {
      abandoned = true;
    }
    span.setAttribute(VoiceAttributes.ABANDONED, true);
    finish(null, false, null);
  }

  /** This call is the first attempt of an SDK retry loop. */
  synchronized void inRetryLoop() {
    attempts = 1;
    retrying = true;
  }

  /**
   * The retry loop makes another attempt: the span goes on (voice.ttfb stays measured from the first
   * request), the previous attempt's response is forgotten. False when the call already ended.
   */
  synchronized boolean nextAttempt() {
    if (ended || !retrying) {
      return false;
    }
    attempts++;
    lastAttemptOutcome = null;
    status = 0;
    responseBytes = 0;
    contentLength = -1;
    leftUnread = false;
    bufferedUnread = null;
    response.streamFinished = false;
    eventStream = false;
    sse = null;
    responseJson = null;
    jsonAudio = null;
    closeCompressed();
    firstByteNanos = 0;
    firstContentNanos = 0;
    lastActivityNanos = VoiceClock.now();
    return true;
  }

  /** The retry loop returned or threw: a last attempt that already failed or ended ends the call now. */
  void retryLoopEnded() {
    Object[] outcome;
    synchronized (this) {
      retrying = false;
      outcome = lastAttemptOutcome;
      lastAttemptOutcome = null;
    }
    if (outcome != null) {
      finish((Throwable) outcome[0], (Boolean) outcome[1], null);
    }
  }

  /** Opened by a client layered above the transport: the transport hook that sees the request takes it over. */
  synchronized void awaitTransport() {
    awaitingTransport = true;
  }

  synchronized boolean awaitsTransport() {
    return awaitingTransport && !ended;
  }

  /** A transport hook sees {@code request} under this call: true if it is this call's, now the transport's to report. */
  synchronized boolean takenOverByTransport(ProviderMatch request) {
    if (!awaitingTransport || ended || !sameRequest(request)) {
      return false;
    }
    awaitingTransport = false;
    transportInside = true;
    if (request.host != null && !(request.host.equals(match.host) && request.port == match.port)) {
      // a layer that could not know the endpoint (an SDK call, before its endpoint rules ran) opened the
      // call with the vendor's default host: where the request really went is what the transport sees
      span.setAttribute(VoiceAttributes.SERVER_ADDRESS, request.host);
      span.setAttribute(VoiceAttributes.SERVER_PORT, (long) request.port);
    }
    return true;
  }

  @Override
  public synchronized boolean leftToCaller() {
    boolean left = awaitingTransport;
    awaitingTransport = false;
    return left;
  }

  static StageCall current() {
    return Context.current().get(KEY);
  }

  /**
   * Whether this call is still being sent: no response yet and not ended. A provider request made
   * while such a call is current comes from a client layered on the one that reports this call; one
   * made later under this call's context (a callback a library ran in the context it captured at
   * send time, e.g. upstream's wrapper of {@code sendAsync}'s future) is the application's own. An
   * attempt of a retry loop that failed before any response is no longer being sent: the loop's next
   * request is its next attempt.
   */
  synchronized boolean stillSending() {
    return !ended && status == 0 && lastAttemptOutcome == null;
  }

  /** The context this call's span was started under: a call started from its callbacks is its sibling. */
  Context parentContext() {
    return parent;
  }

  /** Whether {@code other} is another attempt of the request this call made (same route). */
  boolean sameRequest(ProviderMatch other) {
    return other != null && other.route == match.route;
  }

  private String spanName() {
    return request.model == null ? operation.wireName() : operation.wireName() + " " + request.model;
  }

  @Override
  public AutoCloseable makeCurrent() {
    // a transport that took the call over sends under the layer above's context, which holds this call
    return transportInside ? Scope.noop() : context.makeCurrent();
  }

  @Override
  public synchronized void requestBodyStarted() {
    requestBody.reset();
    requestRead = false;
  }

  @Override
  public synchronized void requestBody(ByteBuffer bytes) {
    lastActivityNanos = VoiceClock.now();
    if (!ended) {
      requestBody.add(bytes);
      requestRead = false;
    }
  }

  @Override
  public synchronized void requestBody(byte[] bytes, int offset, int length) {
    lastActivityNanos = VoiceClock.now();
    if (!ended) {
      requestBody.add(bytes, offset, length);
      requestRead = false;
    }
  }

  @Override
  public synchronized void responseHeaders(int statusCode, Function<String, String> header) {
    lastActivityNanos = VoiceClock.now();
    if (ended) {
      return;
    }
    try {
      InjectedFailure.at("response_headers");
      status = statusCode;
      readRequest();
      reportToolResults();
      for (String name : REQUEST_ID_HEADERS) {
        String value = header.apply(name);
        if (value != null && !value.isEmpty()) {
          span.setAttribute(VoiceAttributes.PROVIDER_REQUEST_ID, value);
          requestIdFromHeader = true;
          break;
        }
      }
      if (match.route.dialect() == BodyDialect.POLLY_TTS) {
        long billed = parseLength(header.apply("x-amzn-RequestCharacters"));
        response.characters = billed >= 0 ? billed : null;
      }
      contentLength = parseLength(header.apply("content-length"));
      String contentType = header.apply("content-type");
      String encoding = header.apply("content-encoding");
      // a compressed body the client hands over as it came (the JDK HttpClient does; OkHttp and Apache HttpClient
      // inflate gzip and drop the header): its bytes are counted as they came; gzip and deflate are inflated for
      // the parsers, any other encoding (br, zstd) is not parsed
      boolean encoded = encoding != null && !encoding.trim().isEmpty() && !encoding.trim().equalsIgnoreCase("identity")
          && !CompressedBody.handles(encoding);
      eventStream = !encoded && contentType != null
          && contentType.toLowerCase(java.util.Locale.ROOT).contains("text/event-stream");
      if (encoded) {
        // counted only
      } else if (eventStream && match.route.dialect() == BodyDialect.OPENAI_CHAT) {
        sse = new SseLines(this::chatEvent);
      } else if (eventStream && match.route.dialect() == BodyDialect.OPENAI_RESPONSES) {
        sse = new SseLines(this::responsesEvent);
      } else if (eventStream) {
        sse = new SseLines(this::speechEvent);
      } else if (base64AudioMember() != null && statusCode < 400) {
        jsonAudio = new Base64Audio(base64AudioMember());
      } else if (readsJson() || statusCode >= 400) {
        // a chat answer's usage comes last, after what may be a spoken answer's base64 audio
        responseJson = new BodyCapture(RESPONSE_JSON, operation == Operation.CHAT ? RESPONSE_JSON_TAIL : 0);
      }
      if (CompressedBody.handles(encoding) && needsResponseContent()) {
        compressed = new CompressedBody(encoding, this::parse);
      }
    } catch (RuntimeException e) {
      VoiceLog.swallowed("response headers", e);
    }
  }

  /**
   * The JSON member whose base64 string values are the audio, when the response carries audio that
   * way: Google's {@code audioContent}, ElevenLabs' {@code audio_base64} (with-timestamps, one object
   * or one per line when streamed); {@code null} otherwise.
   */
  private String base64AudioMember() {
    switch (match.route.dialect()) {
      case GOOGLE_TTS:
        return "audioContent";
      case ELEVENLABS_TTS:
        return match.route.toString().endsWith("/with-timestamps") ? "audio_base64" : null;
      default:
        return null;
    }
  }

  private void closeCompressed() {
    if (compressed != null) {
      compressed.close();
      compressed = null;
    }
  }

  private boolean readsJson() {
    BodyDialect d = match.route.dialect();
    return d == BodyDialect.OPENAI_CHAT || d == BodyDialect.OPENAI_RESPONSES || d == BodyDialect.OPENAI_TRANSCRIPTION
        || d == BodyDialect.AZURE_STT || d == BodyDialect.GOOGLE_STT
        || (d == BodyDialect.DEEPGRAM && operation == Operation.SPEECH_TO_TEXT);
  }

  @Override
  public synchronized void responseBody(ByteBuffer bytes) {
    InjectedFailure.at("response_body");
    if (ended || bytes == null) {
      return;
    }
    int n = bytes.remaining();
    if (n == 0) {
      return;
    }
    arrived(n);
    if (compressed != null) {
      compressed.add(bytes);
    } else if (sse != null) {
      sse.add(bytes);
    } else if (jsonAudio != null) {
      jsonAudio.add(bytes);
    } else if (responseJson != null) {
      responseJson.add(bytes);
    }
  }

  @Override
  public synchronized void responseBody(byte[] bytes, int offset, int length) {
    InjectedFailure.at("response_body");
    if (ended || length <= 0) {
      return;
    }
    arrived(length);
    if (bytes == null) {
      return;
    }
    if (compressed != null) {
      compressed.add(bytes, offset, length);
    } else {
      parse(bytes, offset, length);
    }
  }

  /** Body bytes (inflated if they came compressed) to the parser the response's type chose. */
  private void parse(byte[] bytes, int offset, int length) {
    if (sse != null) {
      sse.add(bytes, offset, length);
    } else if (jsonAudio != null) {
      jsonAudio.add(bytes, offset, length);
    } else if (responseJson != null) {
      responseJson.add(bytes, offset, length);
    }
  }

  @Override
  public synchronized void responseBodyArrived() {
    long now = VoiceClock.now();
    lastActivityNanos = now;
    if (!ended && !eventStream) {
      firstByte(now);
    }
  }

  @Override
  public void bufferedUnread(LongSupplier heldByClient) {
    this.bufferedUnread = heldByClient;
  }

  /**
   * The call ends before the app read to the end: what the client still holds was never read. Asked once: a second
   * early end of the same attempt (a cancel reported twice inside an SDK's retry loop, which keeps the call open)
   * does not take the same bytes off again.
   */
  private void notCountingBufferedUnread() {
    LongSupplier held;
    synchronized (this) {
      held = ended ? null : bufferedUnread;
      bufferedUnread = null;
    }
    long bytes;
    try {
      bytes = held == null ? 0 : held.getAsLong();
    } catch (RuntimeException e) {
      VoiceLog.swallowed("buffered unread", e);
      return;
    }
    synchronized (this) {
      if (!ended && bytes > 0) {
        leftUnread = true;
        responseBytes = Math.max(0, responseBytes - bytes);
      }
    }
  }

  @Override
  public synchronized boolean needsResponseContent() {
    return sse != null || jsonAudio != null || responseJson != null;
  }

  private void arrived(int n) {
    long now = VoiceClock.now();
    lastActivityNanos = now;
    if (responseBytes == 0 && !eventStream) {
      firstByte(now);
    }
    responseBytes += n;
  }

  private void firstByte(long now) {
    if (firstByteNanos != 0) {
      return;
    }
    firstByteNanos = now;
    if (operation == Operation.TEXT_TO_SPEECH && session != null && status < 400) {
      session.onReplyAudio(turnContext, now);
    }
  }

  private void firstData() {
    firstByte(VoiceClock.now());
  }

  private void speechEvent(String payload) {
    firstData();
    response.speechEvent(payload);
  }

  private void chatEvent(String payload) {
    firstData();
    if (response.chatChunk(payload) && firstContentNanos == 0) {
      firstContentNanos = VoiceClock.now();
    }
  }

  private void responsesEvent(String payload) {
    firstData();
    if (response.responsesEvent(payload) && firstContentNanos == 0) {
      firstContentNanos = VoiceClock.now();
    }
  }

  @Override
  public void completed() {
    finish(null, false, null);
  }

  /**
   * A failure, unless the application caused it by giving up the call — interrupting its own thread (see {@link
   * #isInterrupt}) or aborting the request ({@link #abortedWhen}) — which is a cancel.
   */
  @Override
  public void failed(Throwable error) {
    if (isInterrupt(error) || abortedByApp()) {
      cancelled();
    } else {
      finish(error, false, null);
    }
  }

  @Override
  public void abortedWhen(BooleanSupplier abortedByApp) {
    this.abortedByApp = abortedByApp;
  }

  private boolean abortedByApp() {
    BooleanSupplier aborted = abortedByApp;
    try {
      return aborted != null && aborted.getAsBoolean();
    } catch (RuntimeException e) {
      VoiceLog.swallowed("aborted by app", e);
      return false;
    }
  }

  /**
   * {@code error} (or a cause of it) says the thread waiting on or reading this call was interrupted: an
   * {@code InterruptedException} or {@code ClosedByInterruptException}, or an {@code InterruptedIOException}
   * thrown while the failing thread's interrupt flag is set (OkHttp's "interrupted"; its timeouts, and socket
   * timeouts, leave the flag clear and stay failures). Only the application interrupts its threads — a barge-in
   * cancelling the task that plays the audio, an executor shut down now — so this is the application giving
   * up the response, as a close is.
   */
  static boolean isInterrupt(Throwable error) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
      if (t instanceof InterruptedException || t instanceof java.nio.channels.ClosedByInterruptException) {
        return true;
      }
      if (t instanceof java.io.InterruptedIOException && !(t instanceof java.net.SocketTimeoutException)
          && Thread.currentThread().isInterrupted()) {
        return true;
      }
    }
    return false;
  }

  /**
   * A close before the end-of-stream signal is a cancel only if something was left unread: clients
   * that read exactly {@code Content-Length} bytes and close (JSON parsers do) consumed the body, and
   * so did clients that stop at the stream's own last event (an SSE {@code [DONE]}) before the
   * transport's end of body — unless the client reported bytes it had buffered that the application
   * never read ({@link #bufferedUnread}: then the events were seen where the client buffered them, and the
   * application may have stopped before the last one).
   */
  @Override
  public void cancelled() {
    notCountingBufferedUnread();
    boolean consumed;
    synchronized (this) {
      consumed = contentLength >= 0 && responseBytes >= contentLength || response.streamFinished && !leftUnread;
    }
    finish(null, !consumed, null);
  }

  private static long parseLength(String value) {
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The session ended (closed, or the JVM is shutting down) while this call was in flight. */
  void endBySession(String reason) {
    notCountingBufferedUnread();
    finish(null, false, reason);
  }

  private void finish(Throwable error, boolean cancelled, String sessionEndReason) {
    synchronized (this) {
      if (ended) {
        return;
      }
      if (retrying && sessionEndReason == null && !abandoned) {
        lastAttemptOutcome = new Object[] {error, cancelled}; // the loop decides whether this was the last
        return;
      }
      ended = true;
      closeCompressed();
    }
    java.util.concurrent.ScheduledFuture<?> check = abandonCheck;
    if (check != null) {
      check.cancel(false);
    }
    try {
      record(error, cancelled);
    } catch (RuntimeException e) {
      VoiceLog.swallowed("ending a stage span", e);
    }
    long end = VoiceClock.now();
    span.end(VoiceClock.toEpochNanos(end), TimeUnit.NANOSECONDS);
    if (session != null) {
      if (sessionEndReason == null) {
        session.stageEnded(this);
      }
      if (operation == Operation.TEXT_TO_SPEECH) {
        session.onReplyEnded(turnContext, end);
      }
      if (operation == Operation.CHAT && sessionEndReason == null && error == null && response.streamError == null) {
        announceToolCalls(cancelled, end);
      }
    }
  }

  /**
   * The response asked for tool calls: the bot runs them from now on. A response cut short counts
   * only if the model had finished asking ({@code finish_reason} {@code tool_calls}).
   */
  private void announceToolCalls(boolean cancelled, long end) {
    try {
      List<ResponseFacts.ToolCall> calls = response.toolCalls();
      if (calls.isEmpty() || status >= 400) {
        return;
      }
      boolean cut;
      synchronized (this) {
        cut = cancelled || abandoned;
      }
      if (cut && !response.finishReasons.contains("tool_calls")) {
        return;
      }
      session.onToolCalls(turnContext, calls, end);
    } catch (RuntimeException e) {
      VoiceLog.swallowed("tool calls", e);
    }
  }

  /**
   * The request sends tool results ({@code role: tool} messages): the tool calls they answer end
   * when this request started (the bot had the result then). Once per request.
   */
  private void reportToolResults() {
    if (toolResultsReported || session == null || operation != Operation.CHAT || request.toolResults.isEmpty()) {
      return;
    }
    toolResultsReported = true;
    session.onToolResults(request.toolResults, startNanos);
  }

  private void record(Throwable error, boolean cancelled) {
    readRequest();
    reportToolResults();
    span.updateName(spanName());
    boolean content = telemetry.config.captureContent;
    int limit = telemetry.config.captureMaxLength;
    if (request.model != null) {
      span.setAttribute(VoiceAttributes.REQUEST_MODEL, request.model);
    }
    if (attempts > 0) {
      span.setAttribute(VoiceAttributes.ATTEMPTS, (long) attempts);
    }
    Double ttfb = firstByteNanos == 0 ? null : VoiceClock.seconds(firstByteNanos - startNanos);
    if (ttfb != null) {
      span.setAttribute(VoiceAttributes.TTFB, ttfb);
    }
    if (cancelled) {
      span.setAttribute(VoiceAttributes.CANCELLED, true);
    }
    if (responseJson != null) {
      String body = responseJson.headText();
      if (match.route.dialect() == BodyDialect.OPENAI_RESPONSES) {
        response.responsesBody(body);
      } else if (operation == Operation.CHAT) {
        response.chatBody(responseJson.headAndTailText());
      } else if (operation == Operation.SPEECH_TO_TEXT) {
        response.transcriptionBody(match.route.dialect(), body);
      }
    }
    if (!requestIdFromHeader && response.requestId != null) {
      span.setAttribute(VoiceAttributes.PROVIDER_REQUEST_ID, response.requestId);
    }
    Long characters = response.characters != null ? response.characters : request.characters;
    if (response.model != null) {
      span.setAttribute(VoiceAttributes.RESPONSE_MODEL, response.model);
    }
    switch (operation) {
      case CHAT:
        recordChat(ttfb, content, limit);
        break;
      case TEXT_TO_SPEECH:
        if (request.voice != null) {
          span.setAttribute(VoiceAttributes.SPEECH_VOICE, request.voice);
        }
        if (characters != null) {
          span.setAttribute(VoiceAttributes.TTS_CHARACTERS, characters);
        }
        span.setAttribute(VoiceAttributes.TTS_AUDIO_BYTES, audioBytes());
        if (request.audioFormat != null) {
          span.setAttribute(VoiceAttributes.TTS_AUDIO_FORMAT, request.audioFormat);
        }
        span.setAttribute(VoiceAttributes.TTS_STREAMING, Boolean.TRUE.equals(request.streaming) || eventStream);
        if (content && request.text != null) {
          span.setAttribute(VoiceAttributes.TTS_TEXT, truncate(request.text, limit));
          turnSpan().setAttribute(VoiceAttributes.OUTPUT_VALUE, truncate(request.text, limit)); // what the bot said
        }
        break;
      case SPEECH_TO_TEXT:
        String language = request.language != null ? request.language : response.language;
        if (language != null) {
          span.setAttribute(VoiceAttributes.STT_LANGUAGE, language);
        }
        if (response.audioDurationSeconds != null) {
          span.setAttribute(VoiceAttributes.STT_AUDIO_DURATION, response.audioDurationSeconds);
          telemetry.sttAudio(match.provider, request.model, response.audioDurationSeconds);
        }
        if (response.confidence != null) {
          span.setAttribute(VoiceAttributes.STT_CONFIDENCE, response.confidence);
        }
        if (content && response.output.length() > 0) {
          span.setAttribute(VoiceAttributes.STT_TRANSCRIPT, response.output.toString());
          turnSpan().setAttribute(VoiceAttributes.INPUT_VALUE, response.output.toString()); // what the user said
        }
        break;
      default:
        break;
    }
    if (operation != Operation.CHAT) { // speech APIs that bill tokens (OpenAI) report them too
      if (response.inputTokens != null) {
        span.setAttribute(VoiceAttributes.INPUT_TOKENS, response.inputTokens);
      }
      if (response.outputTokens != null) {
        span.setAttribute(VoiceAttributes.OUTPUT_TOKENS, response.outputTokens);
      }
    }
    String errorType = null;
    if (error != null) {
      errorType = error.getClass().getName();
      span.recordException(error);
    } else if (status >= 400) {
      errorType = Integer.toString(status);
    } else if (response.streamError != null) {
      errorType = response.streamError; // the provider failed after it answered 200
    }
    if (errorType != null) {
      span.setAttribute(VoiceAttributes.ERROR_TYPE, errorType);
      span.setStatus(StatusCode.ERROR, error != null ? String.valueOf(error.getMessage())
          : status >= 400 ? "HTTP " + status : "error event in the response stream: " + errorType);
    }
    telemetry.stageEnded(
        operation.wireName(), match.provider, request.model, ttfb,
        VoiceClock.seconds(VoiceClock.now() - startNanos), errorType,
        response.inputTokens, response.outputTokens,
        operation == Operation.TEXT_TO_SPEECH ? characters : null);
  }

  /**
   * Audio bytes the app received: decoded from base64 when the audio came inside JSON or SSE
   * events (none when no event carried audio), otherwise the response body's bytes.
   */
  private long audioBytes() {
    if (status >= 400) {
      return 0; // an error body (the vendor's JSON, a proxy's page) is not audio, whatever the client read of it
    }
    if (jsonAudio != null) {
      return jsonAudio.bytes();
    }
    if (eventStream) {
      return response.audioBytes != null ? response.audioBytes : 0;
    }
    return responseBytes;
  }

  private void recordChat(Double ttfb, boolean content, int limit) {
    span.setAttribute(VoiceAttributes.LLM_PROVIDER, match.provider);
    String model = response.model != null ? response.model : request.model;
    if (model != null) {
      span.setAttribute(VoiceAttributes.LLM_MODEL_NAME, model);
    }
    boolean streamed = Boolean.TRUE.equals(request.streaming) || eventStream;
    span.setAttribute(VoiceAttributes.REQUEST_STREAM, streamed);
    if (request.temperature != null) {
      span.setAttribute(VoiceAttributes.REQUEST_TEMPERATURE, request.temperature);
    }
    if (request.maxTokens != null) {
      span.setAttribute(VoiceAttributes.REQUEST_MAX_TOKENS, request.maxTokens);
    }
    if (response.id != null) {
      span.setAttribute(VoiceAttributes.RESPONSE_ID, response.id);
    }
    if (!response.finishReasons.isEmpty()) {
      span.setAttribute(VoiceAttributes.FINISH_REASONS, new ArrayList<>(response.finishReasons));
    }
    if (streamed && ttfb != null && status < 400) { // an error body is no chunk
      span.setAttribute(VoiceAttributes.TIME_TO_FIRST_CHUNK, ttfb);
    }
    if (firstContentNanos != 0) {
      span.setAttribute(VoiceAttributes.TIME_TO_FIRST_CONTENT, VoiceClock.seconds(firstContentNanos - startNanos));
    }
    if (response.inputTokens != null) {
      span.setAttribute(VoiceAttributes.INPUT_TOKENS, response.inputTokens);
      span.setAttribute(VoiceAttributes.LLM_TOKENS_PROMPT, response.inputTokens);
    }
    if (response.outputTokens != null) {
      span.setAttribute(VoiceAttributes.OUTPUT_TOKENS, response.outputTokens);
      span.setAttribute(VoiceAttributes.LLM_TOKENS_COMPLETION, response.outputTokens);
    }
    if (response.inputTokens != null && response.outputTokens != null) {
      span.setAttribute(VoiceAttributes.LLM_TOKENS_TOTAL, response.inputTokens + response.outputTokens);
    }
    if (response.cachedInputTokens != null) {
      span.setAttribute(VoiceAttributes.CACHED_INPUT_TOKENS, response.cachedInputTokens);
    }
    if (response.audioInputTokens != null) {
      span.setAttribute(VoiceAttributes.AUDIO_INPUT_TOKENS, response.audioInputTokens);
    }
    if (response.audioOutputTokens != null) {
      span.setAttribute(VoiceAttributes.AUDIO_OUTPUT_TOKENS, response.audioOutputTokens);
    }
    if (content) {
      recordMessages(limit);
    }
  }

  private void recordMessages(int limit) {
    List<?> messages = request.messages;
    if (messages != null && !messages.isEmpty()) {
      int max = telemetry.config.captureMaxMessages;
      int from = Math.max(0, messages.size() - max);
      for (int i = from; i < messages.size(); i++) {
        Object m = messages.get(i);
        if (!(m instanceof Map)) {
          continue;
        }
        Object role = ((Map<?, ?>) m).get("role");
        Object content = ((Map<?, ?>) m).get("content");
        // a string, or the text of its parts (an input_audio part's base64 is never recorded)
        String text = content instanceof String || content instanceof List ? RequestFacts.text(content) : null;
        String prefix = "llm.input_messages." + (i - from) + ".message.";
        if (role instanceof String) {
          span.setAttribute(prefix + "role", (String) role);
        }
        if (text != null) {
          span.setAttribute(prefix + "content", truncate(text, limit));
          if ("user".equals(role)) {
            span.setAttribute(VoiceAttributes.INPUT_VALUE, truncate(text, limit));
          }
        }
      }
    }
    if (response.output.length() > 0) {
      span.setAttribute("llm.output_messages.0.message.role", "assistant");
      span.setAttribute("llm.output_messages.0.message.content", response.output.toString());
      span.setAttribute(VoiceAttributes.OUTPUT_VALUE, response.output.toString());
    }
  }

  /**
   * Reads the request body's facts, once for the bytes captured so far: at the response's headers, and
   * again at the end only if more were sent since.
   */
  private void readRequest() {
    if (requestBody.total() > 0 && !requestRead) {
      RequestFacts facts = RequestFacts.fromUrl(match, requestedFormat);
      facts.readBody(match, requestBody);
      request = facts;
      requestRead = true;
    }
  }

  /** The turn's span (a no-op span when the stage stands outside any turn). */
  private Span turnSpan() {
    return turnContext == null ? Span.getInvalid() : Span.fromContext(turnContext);
  }

  private static String truncate(String s, int limit) {
    return s.length() <= limit ? s : s.substring(0, limit);
  }
}
