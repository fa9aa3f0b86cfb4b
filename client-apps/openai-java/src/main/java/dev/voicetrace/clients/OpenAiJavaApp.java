package dev.voicetrace.clients;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * openai-java used every way a bot uses it, one scenario per method (each a configured session
 * method in the smoke test): chat completions blocking, streamed, async and async-streamed (a
 * handler on the app's executor), and the Responses API blocking and streamed. After each it prints
 * one {@code RESULT scenario=… content=… tokens=in/out} line of what the app saw, so that a run with
 * the agent can be compared with one without. The same source is compiled against every tested
 * openai-java version (modules openai-java-*).
 *
 * <p>Usage: {@code OpenAiJavaApp <fake provider base url>}; prints {@code APP_DONE}.
 */
public class OpenAiJavaApp {
  static final String MODEL = "gpt-4o-mini";
  static final String SYSTEM = "You are a helpful phone agent.";
  static final String USER = "Hi, I'm calling about my order.";

  private final OpenAIClient client;
  private final ExecutorService handlers = Executors.newSingleThreadExecutor();

  OpenAiJavaApp(String baseUrl) {
    client = OpenAIOkHttpClient.builder().baseUrl(baseUrl + "/v1").apiKey("sk-fake-openai-java").maxRetries(0).build();
  }

  public static void main(String[] args) {
    OpenAiJavaApp app = new OpenAiJavaApp(args[0]);
    try {
      app.chatBlocking();
      app.chatStream();
      app.chatAsync().join();
      app.chatAsyncStream().join();
      app.responsesBlocking();
      app.responsesStream();
    } finally {
      app.handlers.shutdown();
      app.client.close();
    }
    System.out.println("APP_DONE");
  }

  public void chatBlocking() {
    ChatCompletion completion = client.chat().completions().create(chat(false));
    report("chatBlocking", completion.choices().get(0).message().content().orElse(""), completion.usage());
  }

  public void chatStream() {
    StringBuilder text = new StringBuilder();
    CompletionUsage[] usage = new CompletionUsage[1];
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat(true))) {
      stream.stream().forEach(chunk -> {
        chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
        chunk.usage().ifPresent(u -> usage[0] = u);
      });
    }
    report("chatStream", text.toString(), Optional.ofNullable(usage[0]));
  }

  public CompletableFuture<Void> chatAsync() {
    return client.async().chat().completions().create(chat(false)).thenAccept(completion ->
        report("chatAsync", completion.choices().get(0).message().content().orElse(""), completion.usage()));
  }

  public CompletableFuture<Void> chatAsyncStream() {
    StringBuilder text = new StringBuilder();
    CompletionUsage[] usage = new CompletionUsage[1];
    AsyncStreamResponse<ChatCompletionChunk> stream = client.async().chat().completions().createStreaming(chat(true));
    stream.subscribe(new AsyncStreamResponse.Handler<ChatCompletionChunk>() {
      @Override
      public void onNext(ChatCompletionChunk chunk) {
        chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
        chunk.usage().ifPresent(u -> usage[0] = u);
      }

      @Override
      public void onComplete(Optional<Throwable> error) {
        error.ifPresent(Throwable::printStackTrace);
      }
    }, handlers);
    return stream.onCompleteFuture().thenRun(() -> report("chatAsyncStream", text.toString(), Optional.ofNullable(usage[0])));
  }

  public void responsesBlocking() {
    Response response = client.responses().create(responses());
    StringBuilder text = new StringBuilder();
    response.output().forEach(item -> item.message().ifPresent(m ->
        m.content().forEach(part -> part.outputText().ifPresent(t -> text.append(t.text())))));
    System.out.println(line("responsesBlocking", text.toString(),
        response.usage().map(u -> u.inputTokens() + "/" + u.outputTokens()).orElse("-")));
  }

  public void responsesStream() {
    StringBuilder text = new StringBuilder();
    String[] tokens = {"-"};
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(responses())) {
      stream.stream().forEach(event -> {
        event.outputTextDelta().ifPresent(d -> text.append(d.delta()));
        event.completed().ifPresent(c -> c.response().usage()
            .ifPresent(u -> tokens[0] = u.inputTokens() + "/" + u.outputTokens()));
      });
    }
    System.out.println(line("responsesStream", text.toString(), tokens[0]));
  }

  private static ChatCompletionCreateParams chat(boolean streaming) {
    ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder()
        .model(MODEL)
        .temperature(0.4)
        .maxCompletionTokens(120)
        .addSystemMessage(SYSTEM)
        .addUserMessage(USER);
    if (streaming) {
      b.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
    }
    return b.build();
  }

  private static ResponseCreateParams responses() {
    return ResponseCreateParams.builder()
        .model(MODEL)
        .instructions(SYSTEM)
        .input(USER)
        .temperature(0.4)
        .maxOutputTokens(120)
        .build();
  }

  private static void report(String scenario, String content, Optional<CompletionUsage> usage) {
    System.out.println(line(scenario, content,
        usage.map(u -> u.promptTokens() + "/" + u.completionTokens()).orElse("-")));
  }

  /** {@code RESULT scenario=… content=…(spaces as _) tokens=in/out} ({@code -} when the app got no usage). */
  static String line(String scenario, String content, String tokens) {
    return "RESULT scenario=" + scenario + " content=" + content.replace(' ', '_') + " tokens=" + tokens;
  }
}
