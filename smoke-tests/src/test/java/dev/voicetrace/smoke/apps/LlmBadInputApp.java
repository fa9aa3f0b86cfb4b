package dev.voicetrace.smoke.apps;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * Issue 4's bad input for LLM calls as an application meets it, through openai-java (blocking, its own
 * OkHttp client) and a hand-written JDK {@code HttpClient} chat: a proxy's HTML 502 page and a plain-text
 * 500 instead of OpenAI's JSON error; a 429 whose {@code Retry-After} is in seconds (openai-java waits it
 * and retries), and one whose {@code Retry-After} is an HTTP date; a provider that sends no response headers
 * before the client's timeout (also through openai-java's async client, and its async stream stalled
 * mid-body); a stream that fails after it began, with OpenAI's in-stream {@code error} event; a streamed chat
 * requested without usage; a stream whose every chunk carries unknown fields (among them a vendor object
 * with a usage, model and finish reason of its own); a stream cut before {@code [DONE]} read through
 * openai-java. Each {@link #CASES case} is one call of the session method {@link #runCase}, its requests
 * tagged {@code x-call-sid: CA-bad-<case>-<label>}; after it the app prints
 * {@code RESULT case=… status=… error=… message=… text=… bytes=… usage=… ms=… endAt=…}: the status and
 * exception (class, SHA-256 of the message) it got, the SHA-256 of the text or error body it read, its byte
 * count, the output tokens openai-java handed it, how long it took and when (epoch µs) it got its answer or
 * exception.
 *
 * <p>Usage: {@code LlmBadInputApp <fake provider base url> <label>}; prints {@code APP_DONE}. It sets the fake
 * server's knobs for the Retry-After case, so two runs must not overlap.
 */
public class LlmBadInputApp {
  public static final String MODEL = "gpt-4o-mini";
  public static final String[] CASES = {
    "openaiHtml502", "openaiText500", "jdkHtml502", "jdkText500", "openaiRetryAfter", "openaiRetryAfterDate",
    "openaiTimeout", "openaiAsyncTimeout", "openaiAsyncStreamTimeout", "jdkTimeout", "okhttpTimeout",
    "okhttpStreamTimeout", "okhttpStreamReadTimeout", "openaiNoUsage", "jdkNoUsage", "openaiUnknownFields", "jdkUnknownFields", "openaiTruncated",
    "openaiStreamError", "jdkStreamError", "openaiResponsesStreamError",
  };
  /** How many content chunks the stream-error cases get before the error event. */
  public static final int CHUNKS_BEFORE_ERROR = 3;
  /** The client timeout of the timeout cases, and how long the fake holds its response headers. */
  public static final long TIMEOUT_MS = 400;
  public static final long HOLD_MS = 2000;
  /** The {@code Retry-After} of the 429 in {@code openaiRetryAfter}, in seconds. */
  public static final int RETRY_AFTER_S = 1;

  private final String baseUrl;
  private final String label;
  private final HttpClient jdk = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final OpenAIClient noRetries;
  private final OpenAIClient twoRetries;
  private final OpenAIClient shortTimeout;
  private final okhttp3.OkHttpClient okHttp =
      new okhttp3.OkHttpClient.Builder().callTimeout(Duration.ofMillis(TIMEOUT_MS)).build();
  /** No call timeout: a socket read that waits longer than {@code TIMEOUT_MS} fails (SocketTimeoutException). */
  private final okhttp3.OkHttpClient okHttpReadTimeout =
      new okhttp3.OkHttpClient.Builder().readTimeout(Duration.ofMillis(TIMEOUT_MS)).build();

  LlmBadInputApp(String baseUrl, String label) {
    this.baseUrl = baseUrl;
    this.label = label;
    this.noRetries = openAi(0, null);
    this.twoRetries = openAi(2, null);
    this.shortTimeout = openAi(0, Duration.ofMillis(TIMEOUT_MS));
  }

  public static void main(String[] args) throws Exception {
    LlmBadInputApp app = new LlmBadInputApp(args[0], args[1]);
    app.warmUp();
    for (String c : CASES) {
      app.runCase(c);
    }
    app.noRetries.close();
    app.twoRetries.close();
    app.shortTimeout.close();
    app.okHttp.dispatcher().executorService().shutdown();
    app.okHttp.connectionPool().evictAll();
    System.out.println("APP_DONE");
  }

  public static String callSid(String c, String label) {
    return "CA-bad-" + c + "-" + label;
  }

  /** A plain chat through each client outside any call: classes loaded, connections open. */
  private void warmUp() throws Exception {
    for (OpenAIClient client : new OpenAIClient[] {noRetries, twoRetries, shortTimeout}) {
      client.chat().completions().create(params("CA-warm-up-" + label, "", false));
    }
    jdk.send(chat("CA-warm-up-" + label, "", "false", true, null), HttpResponse.BodyHandlers.ofString());
    try (okhttp3.Response r = okHttp.newCall(okHttpChat("CA-warm-up-" + label, "", true)).execute()) {
      r.body().bytes();
    }
  }

  /** One case, one session. */
  public void runCase(String name) throws Exception {
    String sid = callSid(name, label);
    Seen seen = new Seen();
    long start = System.nanoTime();
    try {
      switch (name) {
        case "openaiHtml502" -> openAiCreate(seen, sid, "html-error=502", noRetries);
        case "openaiText500" -> openAiCreate(seen, sid, "text-error=500", noRetries);
        case "jdkHtml502" -> jdkSend(seen, sid, "html-error=502", "true", true, null);
        case "jdkText500" -> jdkSend(seen, sid, "text-error=500", "false", true, null);
        case "openaiRetryAfter" -> rateLimitedOnce(seen, sid, Integer.toString(RETRY_AFTER_S));
        // an HTTP date (second resolution) two seconds on
        case "openaiRetryAfterDate" -> rateLimitedOnce(seen, sid, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
            .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).plusSeconds(2)));
        case "openaiTimeout" -> openAiCreate(seen, sid, "hold=" + HOLD_MS, shortTimeout);
        case "openaiAsyncTimeout" -> openAiCreateAsync(seen, sid, "hold=" + HOLD_MS);
        case "openaiAsyncStreamTimeout" -> openAiStreamAsync(seen, sid, "stall=" + HOLD_MS);
        case "openaiStreamError" -> openAiStream(seen, sid, "stream-error=" + CHUNKS_BEFORE_ERROR, true);
        case "jdkStreamError" -> jdkSend(seen, sid, "stream-error=" + CHUNKS_BEFORE_ERROR, "true", true, null);
        case "openaiResponsesStreamError" -> openAiResponsesStream(seen, sid, "stream-error=" + CHUNKS_BEFORE_ERROR);
        case "jdkTimeout" -> jdkSend(seen, sid, "hold=" + HOLD_MS, "false", true, Duration.ofMillis(TIMEOUT_MS));
        case "okhttpTimeout" -> okHttpSend(okHttp, seen, sid, "hold=" + HOLD_MS, false);
        case "okhttpStreamTimeout" -> okHttpSend(okHttp, seen, sid, "stall=" + HOLD_MS, true);
        case "okhttpStreamReadTimeout" -> okHttpSend(okHttpReadTimeout, seen, sid, "stall=" + HOLD_MS, true);
        case "openaiNoUsage" -> openAiStream(seen, sid, "", false);
        case "jdkNoUsage" -> jdkSend(seen, sid, "", "true", false, null);
        case "openaiUnknownFields" -> openAiStream(seen, sid, "unknown-fields", true);
        case "jdkUnknownFields" -> jdkSend(seen, sid, "unknown-fields", "true", true, null);
        case "openaiTruncated" -> openAiStream(seen, sid, "truncate=3", true);
        default -> throw new IllegalArgumentException(name);
      }
    } catch (IOException | RuntimeException e) {
      seen.failed(e);
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.println("RESULT case=" + name + " status=" + seen.status + " error=" + seen.error + " message="
        + sha(seen.message) + " text=" + sha(seen.text) + " bytes=" + seen.bytes + " usage=" + seen.usage + " ms=" + ms
        + " endAt=" + seen.endAt + " causes=" + seen.causes);
    System.out.println("DETAIL case=" + name + " message=" + oneLine(seen.message) + " causes=" + seen.causes);
  }

  /** What the app got from one case. */
  private static final class Seen {
    int status = -1;
    String error = "none";
    String message = "";
    String text = "";
    long bytes;
    String usage = "none";
    long endAt;
    /** The exception's cause chain, class names joined by {@code >}. */
    String causes = "none";

    void done() {
      endAt = nowMicros();
    }

    void failed(Exception e) {
      endAt = nowMicros();
      error = e.getClass().getName();
      message = String.valueOf(e.getMessage());
      StringBuilder chain = new StringBuilder(e.getClass().getName());
      for (Throwable t = e.getCause(); t != null && chain.length() < 1000; t = t.getCause()) {
        chain.append('>').append(t.getClass().getName());
      }
      causes = chain.toString();
      if (e instanceof OpenAIServiceException service) {
        status = service.statusCode();
      }
    }
  }

  private static void openAiCreate(Seen seen, String sid, String fault, OpenAIClient client) {
    try {
      ChatCompletion reply = client.chat().completions().create(params(sid, fault, false));
      seen.done();
      seen.status = 200;
      seen.text = reply.choices().get(0).message().content().orElse("");
      seen.usage = reply.usage().map(u -> Long.toString(u.completionTokens())).orElse("none");
    } catch (RuntimeException e) {
      seen.failed(e);
    }
  }

  /** The fake answers the next chat 429 with this {@code Retry-After}, then normally; openai-java retries. */
  private void rateLimitedOnce(Seen seen, String sid, String retryAfter) throws IOException {
    control("{\"failPath\":\"/v1/chat/completions\",\"failStatus\":429,\"failTimes\":1,"
        + "\"failRetryAfter\":\"" + retryAfter + "\"}");
    try {
      openAiCreate(seen, sid, "", twoRetries);
    } finally {
      control("{}");
    }
  }

  /** openai-java's async client: the future fails on OkHttp's callback thread when the call times out. */
  private void openAiCreateAsync(Seen seen, String sid, String fault) {
    try {
      ChatCompletion reply = shortTimeout.async().chat().completions().create(params(sid, fault, false)).get();
      seen.done();
      seen.status = 200;
      seen.text = reply.choices().get(0).message().content().orElse("");
    } catch (java.util.concurrent.ExecutionException e) {
      seen.failed(e.getCause() instanceof Exception cause ? cause : e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      seen.failed(e);
    }
  }

  /** openai-java's async stream, read by a handler on its executor; the body stalls past the call timeout. */
  private void openAiStreamAsync(Seen seen, String sid, String fault) {
    StringBuilder text = new StringBuilder();
    try {
      shortTimeout.async().chat().completions().createStreaming(params(sid, fault, true))
          .subscribe(chunk -> {
            synchronized (text) {
              chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
            }
          })
          .onCompleteFuture().get();
      seen.done();
      seen.status = 200;
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
          ? c.getCause() : e.getCause();
      seen.failed(cause instanceof Exception ex ? ex : e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      seen.failed(e);
    }
    synchronized (text) {
      seen.text = text.toString();
    }
  }

  private void openAiStream(Seen seen, String sid, String fault, boolean includeUsage) {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream = noRetries.chat().completions().createStreaming(
            params(sid, fault, includeUsage))) {
      seen.status = 200;
      stream.stream().forEach(chunk -> {
        chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
        chunk.usage().ifPresent(u -> seen.usage = Long.toString(u.completionTokens()));
      });
      seen.done();
    } catch (RuntimeException e) {
      seen.failed(e);
    }
    seen.text = text.toString();
  }

  /** The Responses API streamed: its text, and as the error {@code response.failed:<code>} if that event came. */
  private void openAiResponsesStream(Seen seen, String sid, String fault) {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ResponseStreamEvent> stream = noRetries.responses().createStreaming(
        ResponseCreateParams.builder().model(MODEL).input("The order number is four two seven one.")
            .putAdditionalHeader("x-call-sid", sid).putAdditionalHeader("x-fake-fault", fault).build())) {
      seen.status = 200;
      stream.stream().forEach(event -> {
        event.outputTextDelta().ifPresent(d -> text.append(d.delta()));
        event.failed().ifPresent(f -> seen.error = "response.failed:"
            + f.response().error().map(e -> e.code().toString()).orElse("?"));
        event.completed().ifPresent(c -> c.response().usage()
            .ifPresent(u -> seen.usage = Long.toString(u.outputTokens())));
      });
      seen.done();
    } catch (RuntimeException e) {
      seen.failed(e);
    }
    seen.text = text.toString();
  }

  private void jdkSend(Seen seen, String sid, String fault, String stream, boolean includeUsage, Duration timeout)
      throws IOException {
    try {
      HttpResponse<byte[]> r = jdk.send(chat(sid, fault, stream, includeUsage, timeout),
          HttpResponse.BodyHandlers.ofByteArray());
      seen.done();
      seen.status = r.statusCode();
      seen.bytes = r.body().length;
      String body = new String(r.body(), StandardCharsets.UTF_8);
      seen.text = stream.equals("true") && r.statusCode() == 200 ? ClientScenarios.chatContent(r.body())
          : r.statusCode() == 200 ? "json" : body;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** OkHttp with a call timeout: the response (headers, or the rest of the body) does not come in time. */
  private void okHttpSend(okhttp3.OkHttpClient client, Seen seen, String sid, String fault, boolean stream)
      throws IOException {
    try (okhttp3.Response r = client.newCall(okHttpChat(sid, fault, stream)).execute()) {
      seen.status = r.code();
      java.io.InputStream body = r.body().byteStream();
      java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
      byte[] buffer = new byte[256];
      int n;
      try {
        while ((n = body.read(buffer)) != -1) {
          read.write(buffer, 0, n);
        }
        seen.done();
      } finally {
        seen.bytes = read.size();
        seen.text = ClientScenarios.chatContent(read.toByteArray());
      }
    }
  }

  private okhttp3.Request okHttpChat(String sid, String fault, boolean stream) {
    String json = "{\"model\":\"" + MODEL + "\",\"stream\":" + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"The order number is four two seven one.\"}]}";
    okhttp3.Request.Builder b = new okhttp3.Request.Builder().url(baseUrl + "/v1/chat/completions")
        .header("Authorization", "Bearer sk-bad-input-app").header("x-call-sid", sid)
        .post(okhttp3.RequestBody.create(json, okhttp3.MediaType.get("application/json")));
    if (!fault.isEmpty()) {
      b.header("x-fake-fault", fault);
    }
    return b.build();
  }

  private HttpRequest chat(String sid, String fault, String stream, boolean includeUsage, Duration timeout) {
    String json = "{\"model\":\"" + MODEL + "\",\"stream\":" + stream
        + (includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "")
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"The order number is four two seven one.\"}]}";
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer sk-bad-input-app")
        .header("x-call-sid", sid).POST(HttpRequest.BodyPublishers.ofString(json));
    if (!fault.isEmpty()) {
      b.header("x-fake-fault", fault);
    }
    if (timeout != null) {
      b.timeout(timeout);
    }
    return b.build();
  }

  private OpenAIClient openAi(int maxRetries, Duration timeout) {
    OpenAIOkHttpClient.Builder b = OpenAIOkHttpClient.builder().baseUrl(baseUrl + "/v1").apiKey("sk-bad-input-app")
        .maxRetries(maxRetries);
    if (timeout != null) {
      // the whole call's timeout alone (OkHttp's callTimeout): openai-java's read timeout would default to it,
      // and the two would race to fail the call with different exceptions
      b.timeout(com.openai.core.Timeout.builder().request(timeout).read(Duration.ofSeconds(30)).build());
    }
    return b.build();
  }

  private static ChatCompletionCreateParams params(String sid, String fault, boolean includeUsage) {
    ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder().model(MODEL)
        .addUserMessage("The order number is four two seven one.")
        .putAdditionalHeader("x-call-sid", sid);
    if (!fault.isEmpty()) {
      b.putAdditionalHeader("x-fake-fault", fault);
    }
    if (includeUsage) {
      b.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
    }
    return b.build();
  }

  private void control(String json) throws IOException {
    try {
      HttpResponse<String> r = jdk.send(HttpRequest.newBuilder(URI.create(baseUrl + "/__control"))
          .POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json").build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("control " + r.statusCode() + " " + r.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static long nowMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  private static String sha(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String oneLine(String s) {
    String t = s.replaceAll("\\s+", "_");
    return t.length() > 300 ? t.substring(0, 300) + "…" : t;
  }
}
