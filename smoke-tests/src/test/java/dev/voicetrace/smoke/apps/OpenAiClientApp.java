package dev.voicetrace.smoke.apps;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.util.Iterator;

/**
 * openai-java used the three ways bots use it, inside one configured session method: a blocking
 * {@code create}, a {@code createStreaming} read to the end, and a stream abandoned after its first
 * chunk (a barge-in). Run with the sample bot's shaded jar on the class path (it carries openai-java).
 *
 * <p>Usage: {@code OpenAiClientApp <fake provider base url>}; prints what the app saw.
 */
public class OpenAiClientApp {
  public static final String MODEL = "gpt-4o-mini";

  private final OpenAIClient client;

  OpenAiClientApp(String baseUrl) {
    client = OpenAIOkHttpClient.builder().baseUrl(baseUrl + "/v1").apiKey("sk-fake-openai-app").maxRetries(0).build();
  }

  public static void main(String[] args) {
    OpenAiClientApp app = new OpenAiClientApp(args[0]);
    app.handleCall("CA-openai-app");
    System.out.println("OPENAI_APP_DONE");
  }

  public void handleCall(String callSid) {
    ChatCompletion blocking = client.chat().completions().create(params(callSid, false));
    System.out.println("BLOCKING model=" + blocking.model() + " completion_tokens="
        + blocking.usage().map(u -> u.completionTokens()).orElse(-1L));

    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params(callSid, true))) {
      stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
    }
    System.out.println("STREAMED chars=" + text.length());

    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params(callSid, true))) {
      Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
      System.out.println("CANCELLED after first chunk " + chunks.next().id());
    }
  }

  private static ChatCompletionCreateParams params(String callSid, boolean streaming) {
    ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder()
        .model(MODEL)
        .temperature(0.4)
        .maxCompletionTokens(120)
        .addSystemMessage("You are a helpful phone agent.")
        .addUserMessage("Hi, I'm calling about my order.")
        .putAdditionalHeader("x-call-sid", callSid);
    if (streaming) {
      b.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
    }
    return b.build();
  }
}
