package dev.voicetrace.clients;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * Spring AI 2.x's {@code OpenAiChatModel} as a bot uses it: {@code call} (blocking) and {@code
 * stream} (a {@code Flux}). In 2.x the model sits on the official openai-java SDK: {@code
 * OpenAiChatModel.builder().options(…).build()} makes its {@code OpenAIClient} and {@code
 * OpenAIClientAsync} itself ({@code OpenAiSetup}: {@code ClientOptions.builder().httpClient(…)} and
 * {@code new OpenAIClientImpl(…)}, not openai-java's {@code OpenAIOkHttpClient.builder()}), with
 * Spring AI's own {@code SpringAiOpenAiHttpClient} on OkHttp as the HTTP client. {@code call} goes
 * through the blocking client ({@code chat().completions().create}), {@code stream} through the
 * async one ({@code createStreaming}, OkHttp {@code enqueue}). Prints {@code RESULT scenario=…
 * content=… tokens=in/out} per scenario and {@code APP_DONE}.
 *
 * <p>Usage: {@code SpringAi2App <fake provider base url>} (the server root; openai-java's base URL
 * includes {@code /v1}).
 */
public class SpringAi2App {
  static final String MODEL = "gpt-4o-mini";

  private final OpenAiChatModel model;

  SpringAi2App(String baseUrl) {
    OpenAiChatOptions options = OpenAiChatOptions.builder().baseUrl(baseUrl + "/v1").apiKey("sk-fake-spring-ai-2")
        .model(MODEL).temperature(0.4).maxCompletionTokens(120).streamUsage(true).build();
    model = OpenAiChatModel.builder().options(options).build();
  }

  public static void main(String[] args) {
    SpringAi2App app = new SpringAi2App(args[0]);
    app.chatBlocking();
    app.chatStream().join();
    System.out.println("APP_DONE");
    // the SDK's OkHttp dispatcher and connection pool threads are not daemons: exit as a bot's shutdown would
    System.exit(0);
  }

  private static Prompt prompt() {
    return new Prompt(List.of(new SystemMessage("You are a helpful phone agent."),
        new UserMessage("Hi, I'm calling about my order.")));
  }

  public void chatBlocking() {
    ChatResponse response = model.call(prompt());
    report("chatBlocking", response.getResult().getOutput().getText(), response.getMetadata().getUsage());
  }

  public CompletableFuture<Void> chatStream() {
    StringBuilder text = new StringBuilder();
    Usage[] usage = new Usage[1];
    return model.stream(prompt()).doOnNext(response -> {
      if (response.getResult() != null && response.getResult().getOutput().getText() != null) {
        text.append(response.getResult().getOutput().getText());
      }
      Usage u = response.getMetadata().getUsage();
      if (u != null && u.getCompletionTokens() != null && u.getCompletionTokens() > 0) {
        usage[0] = u;
      }
    }).then().toFuture().thenRun(() -> report("chatStream", text.toString(), usage[0]));
  }

  private static void report(String scenario, String content, Usage usage) {
    String tokens = usage == null ? "-" : usage.getPromptTokens() + "/" + usage.getCompletionTokens();
    System.out.println("RESULT scenario=" + scenario + " content=" + content.replace(' ', '_') + " tokens=" + tokens);
  }
}
