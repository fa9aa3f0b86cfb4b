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
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Spring AI's {@code OpenAiChatModel} as a bot uses it: {@code call} (blocking, over {@code
 * RestClient}) and {@code stream} (a {@code Flux}, over {@code WebClient}), each with the HTTP
 * client Spring picks from the class path (the JDK {@code HttpClient} when nothing else is there;
 * Reactor Netty when {@code reactor-netty-http} is, as in Spring Boot WebFlux apps). Prints {@code
 * RESULT scenario=… content=… tokens=in/out} per scenario and {@code APP_DONE}.
 *
 * <p>Usage: {@code SpringAiApp <fake provider base url>}.
 */
public class SpringAiApp {
  static final String MODEL = "gpt-4o-mini";

  private final OpenAiChatModel model;

  SpringAiApp(String baseUrl) {
    OpenAiApi api = OpenAiApi.builder().baseUrl(baseUrl).apiKey("sk-fake-spring-ai")
        .restClientBuilder(RestClient.builder()).webClientBuilder(WebClient.builder()).build();
    model = OpenAiChatModel.builder().openAiApi(api).defaultOptions(OpenAiChatOptions.builder().model(MODEL)
        .temperature(0.4).maxCompletionTokens(120).streamUsage(true).build()).build();
  }

  public static void main(String[] args) {
    SpringAiApp app = new SpringAiApp(args[0]);
    app.chatBlocking();
    app.chatStream().join();
    System.out.println("APP_DONE");
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
