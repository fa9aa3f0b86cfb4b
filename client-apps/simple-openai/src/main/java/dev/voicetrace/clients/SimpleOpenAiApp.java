package dev.voicetrace.clients;

import io.github.sashirestela.openai.SimpleOpenAI;
import io.github.sashirestela.openai.common.StreamOptions;
import io.github.sashirestela.openai.common.Usage;
import io.github.sashirestela.openai.domain.chat.Chat;
import io.github.sashirestela.openai.domain.chat.ChatMessage.SystemMessage;
import io.github.sashirestela.openai.domain.chat.ChatMessage.UserMessage;
import io.github.sashirestela.openai.domain.chat.ChatRequest;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * simple-openai (io.github.sashirestela, on the JDK {@code HttpClient} through cleverclient) as bots
 * use it: {@code chatCompletions().create} (a future) and {@code createStream} read to the end.
 * Prints {@code RESULT scenario=… content=… tokens=in/out} per scenario and {@code APP_DONE}.
 *
 * <p>Usage: {@code SimpleOpenAiApp <fake provider base url>}.
 */
public class SimpleOpenAiApp {
  static final String MODEL = "gpt-4o-mini";

  private final SimpleOpenAI openAi;

  SimpleOpenAiApp(String baseUrl) {
    openAi = SimpleOpenAI.builder().apiKey("sk-fake-simple-openai").baseUrl(baseUrl).build();
  }

  public static void main(String[] args) {
    SimpleOpenAiApp app = new SimpleOpenAiApp(args[0]);
    app.chatBlocking().join();
    app.chatStream().join();
    System.out.println("APP_DONE");
  }

  private static ChatRequest request(boolean streaming) {
    ChatRequest.ChatRequestBuilder b = ChatRequest.builder().model(MODEL)
        .message(SystemMessage.of("You are a helpful phone agent."))
        .message(UserMessage.of("Hi, I'm calling about my order."))
        .temperature(0.4)
        .maxCompletionTokens(120);
    if (streaming) {
      b.streamOptions(StreamOptions.of(true));
    }
    return b.build();
  }

  public CompletableFuture<Void> chatBlocking() {
    return openAi.chatCompletions().create(request(false))
        .thenAccept(chat -> report("chatBlocking", chat.firstContent(), chat.getUsage()));
  }

  public CompletableFuture<Void> chatStream() {
    return openAi.chatCompletions().createStream(request(true)).thenAccept(stream -> {
      StringBuilder text = new StringBuilder();
      Usage[] usage = new Usage[1];
      try (Stream<Chat> chunks = stream) {
        chunks.forEach(chunk -> {
          if (chunk.getChoices() != null && !chunk.getChoices().isEmpty()) {
            String piece = chunk.firstContent();
            if (piece != null) {
              text.append(piece);
            }
          }
          if (chunk.getUsage() != null) {
            usage[0] = chunk.getUsage();
          }
        });
      }
      report("chatStream", text.toString(), usage[0]);
    });
  }

  private static void report(String scenario, String content, Usage usage) {
    String tokens = usage == null ? "-" : usage.getPromptTokens() + "/" + usage.getCompletionTokens();
    System.out.println("RESULT scenario=" + scenario + " content=" + content.replace(' ', '_') + " tokens=" + tokens);
  }
}
