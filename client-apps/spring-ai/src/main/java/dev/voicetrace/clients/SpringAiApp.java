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

  /** How many streamed responses the barge-in scenario takes before it stops listening. */
  static final int BARGE_IN_AFTER = 3;

  public static void main(String[] args) {
    SpringAiApp app = new SpringAiApp(args[0]);
    if (args.length > 1 && args[1].equals("chatStreamBargeIn")) {
      app.chatStreamBargeIn();
    } else {
      app.chatBlocking();
      app.chatStream().join();
    }
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

  /**
   * Barge-in: the caller speaks while the reply streams, and the bot stops listening after {@link
   * #BARGE_IN_AFTER} responses ({@code take} cancels the {@code Flux}, and Spring cancels the HTTP exchange
   * under it). Prints {@code BARGE_IN content=… cancelMicros=…} (epoch µs of the cancel), then answers the
   * caller with a blocking call in the same session.
   */
  public void chatStreamBargeIn() {
    StringBuilder text = new StringBuilder();
    long[] cancelMicros = new long[1];
    model.stream(prompt())
        .doOnCancel(() -> cancelMicros[0] = nowMicros())
        .take(BARGE_IN_AFTER)
        .doOnNext(response -> {
          if (response.getResult() != null && response.getResult().getOutput().getText() != null) {
            text.append(response.getResult().getOutput().getText());
          }
        }).then().block();
    System.out.println("BARGE_IN content=" + text.toString().replace(' ', '_') + " cancelMicros=" + cancelMicros[0]);
    chatBlocking(); // the call goes on: the bot answers what the caller said over its reply
  }

  private static long nowMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  private static void report(String scenario, String content, Usage usage) {
    String tokens = usage == null ? "-" : usage.getPromptTokens() + "/" + usage.getCompletionTokens();
    System.out.println("RESULT scenario=" + scenario + " content=" + content.replace(' ', '_') + " tokens=" + tokens);
  }
}
