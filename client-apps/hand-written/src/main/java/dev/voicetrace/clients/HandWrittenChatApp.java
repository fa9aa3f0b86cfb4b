package dev.voicetrace.clients;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Chat completions written by hand, as bots do against OpenAI-compatible providers, each with the base
 * URL path of one provider (the fake server answers under any prefix; the host stays 127.0.0.1, so
 * the provider is named {@code openai}: naming from the host is unit-tested in voice-core):
 * <ul>
 *   <li>{@code jdkBlocking}: JDK {@code HttpClient.send}, JSON, Groq's {@code /openai/v1};
 *   <li>{@code jdkStreamAsync}: JDK {@code HttpClient.sendAsync} with {@code BodyHandlers.ofLines()}, SSE,
 *       OpenRouter's {@code /api/v1};
 *   <li>{@code okHttpStream}: OkHttp {@code execute}, SSE read line by line, Together's {@code /v1};
 *   <li>{@code okHttpAsync}: OkHttp {@code enqueue}, JSON, Ollama's {@code /v1};
 *   <li>{@code jdkAzureStream}: JDK {@code HttpClient.send} with {@code ofInputStream()}, SSE, an Azure
 *       OpenAI deployment path ({@code /openai/deployments/{d}/chat/completions?api-version=…}, {@code
 *       api-key} header).
 * </ul>
 * Prints {@code RESULT scenario=… content=… tokens=in/out} per scenario and {@code APP_DONE}.
 *
 * <p>Usage: {@code HandWrittenChatApp <fake provider base url>}.
 */
public class HandWrittenChatApp {
  static final String MODEL = "gpt-4o-mini";
  private static final Pattern CONTENT = Pattern.compile("\"content\":\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern USAGE = Pattern.compile("\"prompt_tokens\":(\\d+),\"completion_tokens\":(\\d+)");

  private final String baseUrl;
  private final HttpClient jdk = HttpClient.newHttpClient();
  private final OkHttpClient okHttp = new OkHttpClient();

  HandWrittenChatApp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) throws Exception {
    HandWrittenChatApp app = new HandWrittenChatApp(args[0]);
    app.jdkBlocking();
    app.jdkStreamAsync().join();
    app.okHttpStream();
    app.okHttpAsync().join();
    app.jdkAzureStream();
    app.okHttp.dispatcher().executorService().shutdown();
    app.okHttp.connectionPool().evictAll();
    System.out.println("APP_DONE");
  }

  static String body(boolean stream) {
    return "{\"model\":\"" + MODEL + "\",\"temperature\":0.4,\"max_tokens\":120,"
        + (stream ? "\"stream\":true,\"stream_options\":{\"include_usage\":true}," : "")
        + "\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful phone agent.\"},"
        + "{\"role\":\"user\",\"content\":\"Hi, I'm calling about my order.\"}]}";
  }

  private HttpRequest jdkRequest(String prefix, boolean stream) {
    return HttpRequest.newBuilder(URI.create(baseUrl + prefix + "/chat/completions"))
        .header("Authorization", "Bearer gsk-fake-hand-written")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body(stream)))
        .build();
  }

  private Request okHttpRequest(String prefix, boolean stream) {
    return new Request.Builder().url(baseUrl + prefix + "/chat/completions")
        .header("Authorization", "Bearer sk-fake-hand-written")
        .post(RequestBody.create(body(stream), MediaType.get("application/json")))
        .build();
  }

  public void jdkBlocking() throws Exception {
    HttpResponse<String> response = jdk.send(jdkRequest("/openai/v1", false), HttpResponse.BodyHandlers.ofString());
    reportJson("jdkBlocking", response.body());
  }

  public CompletableFuture<Void> jdkStreamAsync() {
    return jdk.sendAsync(jdkRequest("/api/v1", true), HttpResponse.BodyHandlers.ofLines())
        .thenAccept(response -> {
          try (Stream<String> lines = response.body()) {
            reportSse("jdkStreamAsync", lines);
          }
        });
  }

  public void okHttpStream() throws IOException {
    try (Response response = okHttp.newCall(okHttpRequest("/v1", true)).execute();
        BufferedReader reader = new BufferedReader(
            new InputStreamReader(response.body().byteStream(), StandardCharsets.UTF_8))) {
      reportSse("okHttpStream", reader.lines());
    }
  }

  public CompletableFuture<Void> okHttpAsync() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    okHttp.newCall(okHttpRequest("/v1", false)).enqueue(new Callback() {
      @Override
      public void onResponse(Call call, Response response) {
        try (response) {
          reportJson("okHttpAsync", response.body().string());
          done.complete(null);
        } catch (IOException e) {
          done.completeExceptionally(new UncheckedIOException(e));
        }
      }

      @Override
      public void onFailure(Call call, IOException e) {
        done.completeExceptionally(e);
      }
    });
    return done;
  }

  public void jdkAzureStream() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create(baseUrl + "/openai/deployments/prod-gpt4o-mini/chat/completions?api-version=2024-10-21"))
        .header("api-key", "azure-fake-hand-written")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body(true)))
        .build();
    HttpResponse<InputStream> response = jdk.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      reportSse("jdkAzureStream", reader.lines());
    }
  }

  private static void reportJson(String scenario, String json) {
    Matcher content = CONTENT.matcher(json);
    Matcher usage = USAGE.matcher(json);
    report(scenario, content.find() ? content.group(1) : "", usage.find() ? usage.group(1) + "/" + usage.group(2) : "-");
  }

  /** Joins the {@code content} deltas of the {@code data:} lines and takes the usage of the last chunk. */
  private static void reportSse(String scenario, Stream<String> lines) {
    StringBuilder text = new StringBuilder();
    String[] tokens = {"-"};
    lines.filter(l -> l.startsWith("data: {")).forEach(l -> {
      Matcher content = CONTENT.matcher(l);
      if (content.find()) {
        text.append(content.group(1));
      }
      Matcher usage = USAGE.matcher(l);
      if (usage.find()) {
        tokens[0] = usage.group(1) + "/" + usage.group(2);
      }
    });
    report(scenario, text.toString(), tokens[0]);
  }

  private static void report(String scenario, String content, String tokens) {
    System.out.println("RESULT scenario=" + scenario + " content=" + content.replace(' ', '_') + " tokens=" + tokens);
  }
}
