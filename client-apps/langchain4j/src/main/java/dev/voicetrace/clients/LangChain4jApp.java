package dev.voicetrace.clients;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * LangChain4j's OpenAI models as bots use them (they send over the JDK {@code HttpClient}):
 * {@code OpenAiChatModel.chat} blocking, and {@code OpenAiStreamingChatModel.chat} with a handler
 * (the session method returns a future the handler completes). Prints {@code RESULT scenario=…
 * content=… tokens=in/out} per scenario and {@code APP_DONE}.
 *
 * <p>Usage: {@code LangChain4jApp <fake provider base url>}.
 */
public class LangChain4jApp {
  static final String MODEL = "gpt-4o-mini";
  static final List<ChatMessage> MESSAGES = List.of(
      SystemMessage.from("You are a helpful phone agent."), UserMessage.from("Hi, I'm calling about my order."));

  private final OpenAiChatModel blocking;
  private final OpenAiStreamingChatModel streaming;

  LangChain4jApp(String baseUrl) {
    blocking = OpenAiChatModel.builder().baseUrl(baseUrl + "/v1").apiKey("sk-fake-langchain4j").modelName(MODEL)
        .temperature(0.4).maxCompletionTokens(120).maxRetries(0).build();
    streaming = OpenAiStreamingChatModel.builder().baseUrl(baseUrl + "/v1").apiKey("sk-fake-langchain4j")
        .modelName(MODEL).temperature(0.4).maxCompletionTokens(120).build();
  }

  public static void main(String[] args) {
    LangChain4jApp app = new LangChain4jApp(args[0]);
    app.chatBlocking();
    app.chatStream().join();
    System.out.println("APP_DONE");
  }

  public void chatBlocking() {
    ChatResponse response = blocking.chat(MESSAGES);
    report("chatBlocking", response.aiMessage().text(), response.tokenUsage());
  }

  public CompletableFuture<Void> chatStream() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    StringBuilder text = new StringBuilder();
    streaming.chat(MESSAGES, new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String partial) {
        text.append(partial);
      }

      @Override
      public void onCompleteResponse(ChatResponse response) {
        report("chatStream", text.toString(), response.tokenUsage());
        done.complete(null);
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }
    });
    return done;
  }

  private static void report(String scenario, String content, TokenUsage usage) {
    String tokens = usage == null || usage.inputTokenCount() == null ? "-"
        : usage.inputTokenCount() + "/" + usage.outputTokenCount();
    System.out.println("RESULT scenario=" + scenario + " content=" + content.replace(' ', '_') + " tokens=" + tokens);
  }
}
