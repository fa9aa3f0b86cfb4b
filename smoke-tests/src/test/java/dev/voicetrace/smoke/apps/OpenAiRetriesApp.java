package dev.voicetrace.smoke.apps;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletionException;

/**
 * openai-java's built-in retries against a provider having an outage (the fake server fails the
 * first N chat requests): a blocking call that succeeds on its third attempt, a streamed call that
 * succeeds on its second, and a call whose every attempt gets 429 (the app sees the SDK's exception);
 * then the first and the last again on the async client ({@code client.async()}, whose retry loop
 * sends each attempt from another thread). Each {@code handle*} method is a session.
 *
 * <p>Usage: {@code OpenAiRetriesApp <fake provider base url>}; prints what the app saw.
 */
public class OpenAiRetriesApp {
  public static final String MODEL = "gpt-4o-mini";
  private final String baseUrl;
  private final HttpClient control = HttpClient.newHttpClient();

  OpenAiRetriesApp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) throws Exception {
    OpenAiRetriesApp app = new OpenAiRetriesApp(args[0]);
    app.outage(500, 2);
    app.handleTransientOutage("CA-retry-blocking");
    app.outage(503, 1);
    app.handleTransientOutageStreamed("CA-retry-streamed");
    app.outage(429, 0);
    app.handlePersistentOutage("CA-retry-exhausted");
    app.outage(500, 2);
    app.handleTransientOutageAsync("CA-retry-async");
    app.outage(429, 0);
    app.handlePersistentOutageAsync("CA-retry-async-exhausted");
    app.control("{}");
    System.out.println("RETRIES_APP_DONE");
  }

  public void handleTransientOutage(String callSid) {
    ChatCompletion reply = client(2).chat().completions().create(params(callSid));
    System.out.println("BLOCKING " + callSid + " id=" + reply.id());
  }

  public void handleTransientOutageStreamed(String callSid) {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream = client(2).chat().completions().createStreaming(params(callSid))) {
      stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
    }
    System.out.println("STREAMED " + callSid + " chars=" + text.length());
  }

  public void handlePersistentOutage(String callSid) {
    try {
      client(1).chat().completions().create(params(callSid));
      System.out.println("UNEXPECTED success " + callSid);
    } catch (RuntimeException e) {
      System.out.println("APP_SAW " + e.getClass().getSimpleName() + " " + callSid);
    }
  }

  public void handleTransientOutageAsync(String callSid) {
    OpenAIClient client = client(2);
    try {
      ChatCompletion reply = client.async().chat().completions().create(params(callSid)).join();
      System.out.println("ASYNC " + callSid + " id=" + reply.id());
    } finally {
      client.close(); // the async client's dispatcher threads are not daemons
    }
  }

  public void handlePersistentOutageAsync(String callSid) {
    OpenAIClient client = client(1);
    try {
      client.async().chat().completions().create(params(callSid)).join();
      System.out.println("UNEXPECTED success " + callSid);
    } catch (CompletionException e) {
      System.out.println("APP_SAW " + e.getCause().getClass().getSimpleName() + " " + callSid);
    } finally {
      client.close();
    }
  }

  private OpenAIClient client(int maxRetries) {
    return OpenAIOkHttpClient.builder().baseUrl(baseUrl + "/v1").apiKey("sk-fake-retries").maxRetries(maxRetries).build();
  }

  private static ChatCompletionCreateParams params(String callSid) {
    return ChatCompletionCreateParams.builder()
        .model(MODEL)
        .addUserMessage("Hi, I'm calling about my order.")
        .putAdditionalHeader("x-call-sid", callSid)
        .build();
  }

  private void outage(int status, int times) throws Exception {
    control("{\"failPath\":\"/v1/chat/completions\",\"failStatus\":" + status + ",\"failTimes\":" + times + "}");
  }

  private void control(String json) throws Exception {
    HttpResponse<String> r = control.send(HttpRequest.newBuilder(URI.create(baseUrl + "/__control"))
        .POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("control " + r.statusCode() + " " + r.body());
    }
  }
}
