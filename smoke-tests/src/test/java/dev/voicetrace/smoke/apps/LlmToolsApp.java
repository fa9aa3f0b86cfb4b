package dev.voicetrace.smoke.apps;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionAudioParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartInputAudio;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.CompletionUsage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A voice bot's function calling and spoken answers with openai-java, each scenario one configured
 * session method (one call):
 *
 * <ul>
 *   <li>{@code parallelTools}: the model (streamed, {@code tool_choice: required}) calls two tools in
 *       one message; the bot runs both at once on its executor ({@link #WEATHER_MILLIS} and {@link
 *       #CALENDAR_MILLIS}), sends both results back and streams the answer, whose usage has cached
 *       prompt tokens (the fake's prompt cache holds the history up to the model's tool-call message);
 *   <li>{@code unansweredTool}: the model asks for {@code transfer_call}; the caller hangs up before the
 *       bot runs it, so no result is ever sent and the call ends;
 *   <li>{@code spokenAnswer}: the caller's audio goes up as an {@code input_audio} part beside a text part,
 *       and the model answers with audio ({@code modalities: [text, audio]}): audio input and output
 *       tokens in the usage, the answer's words as the audio's transcript.
 * </ul>
 *
 * <p>Prints {@code RESULT scenario=<name> key=value …} (what the app saw, text with {@code _} for spaces; the same with and without the agent: no
 * random ids in it) and {@code TOOL_CALLS scenario=<name> <id>:<name>,…} (the ids the model gave, which
 * differ per run). Usage: {@code LlmToolsApp <fake provider base url>}; prints {@code APP_DONE}.
 */
public class LlmToolsApp {
  public static final String MODEL = "gpt-4o-mini";
  public static final String AUDIO_MODEL = "gpt-4o-audio-preview";
  public static final String API_KEY = "sk-fake-tools-do-not-record";
  public static final String WEATHER = "get_weather";
  public static final String CALENDAR = "check_calendar";
  public static final String TRANSFER = "transfer_call";
  public static final long WEATHER_MILLIS = 180;
  public static final long CALENDAR_MILLIS = 90;
  public static final String CALLER_LINE = "Will it rain at my appointment tomorrow?";
  public static final String SYSTEM = "You are a helpful phone agent. Use the tools you are given.";
  /** Half a second of 8 kHz 16-bit silence: what the caller said, as {@code input_audio}. */
  public static final int CALLER_AUDIO_BYTES = 8000;
  public static final List<String> SCENARIOS = List.of("parallelTools", "unansweredTool", "spokenAnswer");

  private final OpenAIClient client;
  private final ExecutorService tools = Executors.newFixedThreadPool(2);

  LlmToolsApp(String baseUrl) {
    client = OpenAIOkHttpClient.builder().baseUrl(baseUrl + "/v1").apiKey(API_KEY).maxRetries(0).build();
  }

  public static void main(String[] args) {
    LlmToolsApp app = new LlmToolsApp(args[0]);
    try {
      app.parallelTools("CA-tools-parallel");
      app.unansweredTool("CA-tools-unanswered");
      app.spokenAnswer("CA-tools-spoken");
    } finally {
      app.tools.shutdown();
      app.client.close();
    }
    System.out.println("APP_DONE");
  }

  public void parallelTools(String callSid) {
    ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
        .model(MODEL)
        .putAdditionalHeader("x-call-sid", callSid)
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
        .addSystemMessage(SYSTEM)
        .addUserMessage(CALLER_LINE)
        .addTool(tool(WEATHER, "The forecast for a place and day."))
        .addTool(tool(CALENDAR, "The caller's appointments on a day."))
        .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED)
        .parallelToolCalls(true);
    Streamed asked = stream(params.build());
    toolCalls("parallelTools", asked.calls.values());

    // both tools at once, as bots do with parallel calls; then one message back with both results
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (Call call : asked.calls.values()) {
      results.add(CompletableFuture.supplyAsync(() -> runTool(call.name), tools));
    }
    ChatCompletionAssistantMessageParam.Builder assistant = ChatCompletionAssistantMessageParam.builder();
    for (Call call : asked.calls.values()) {
      assistant.addToolCall(ChatCompletionMessageFunctionToolCall.builder().id(call.id)
          .function(ChatCompletionMessageFunctionToolCall.Function.builder().name(call.name)
              .arguments(call.arguments.toString()).build())
          .build());
    }
    params.addMessage(assistant.build());
    int i = 0;
    for (Call call : asked.calls.values()) {
      params.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id)
          .content(results.get(i++).join()).build());
    }
    Streamed answer = stream(params.build());
    result("parallelTools", "asked=" + names(asked) + " finish=" + asked.finish + " said=" + answer.text.toString().replace(' ', '_')
        + " finish=" + answer.finish + " usage=" + usage(answer.usage) + " firstUsage=" + usage(asked.usage));
  }

  public void unansweredTool(String callSid) {
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model(MODEL)
        .putAdditionalHeader("x-call-sid", callSid)
        .addSystemMessage(SYSTEM)
        .addUserMessage("Put me through to a person, please.")
        .addTool(tool(TRANSFER, "Transfers the caller to a human agent."))
        .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED)
        .build());
    ChatCompletionMessage message = completion.choices().get(0).message();
    List<Call> calls = new ArrayList<>();
    message.toolCalls().orElse(List.of()).forEach(c -> c.function().ifPresent(f -> {
      Call call = new Call();
      call.id = f.id();
      call.name = f.function().name();
      calls.add(call);
    }));
    toolCalls("unansweredTool", calls);
    // the caller hung up before the bot ran the transfer: no result is ever sent
    result("unansweredTool", "asked=" + calls.stream().map(c -> c.name).toList().toString().replace(" ", "") + " usage="
        + usage(completion.usage()));
  }

  public void spokenAnswer(String callSid) {
    String callerAudio = Base64.getEncoder().encodeToString(new byte[CALLER_AUDIO_BYTES]);
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model(AUDIO_MODEL)
        .putAdditionalHeader("x-call-sid", callSid)
        .addModality(ChatCompletionCreateParams.Modality.TEXT)
        .addModality(ChatCompletionCreateParams.Modality.AUDIO)
        .audio(ChatCompletionAudioParam.builder().voice(ChatCompletionAudioParam.Voice.ALLOY)
            .format(ChatCompletionAudioParam.Format.WAV).build())
        .addSystemMessage(SYSTEM)
        .addUserMessageOfArrayOfContentParts(List.of(
            ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text(CALLER_LINE).build()),
            ChatCompletionContentPart.ofInputAudio(ChatCompletionContentPartInputAudio.builder()
                .inputAudio(ChatCompletionContentPartInputAudio.InputAudio.builder().data(callerAudio)
                    .format(ChatCompletionContentPartInputAudio.InputAudio.Format.WAV).build())
                .build())))
        .build());
    ChatCompletionMessage message = completion.choices().get(0).message();
    String transcript = message.audio().map(a -> a.transcript()).orElse("-");
    int audioBytes = message.audio().map(a -> Base64.getDecoder().decode(a.data()).length).orElse(0);
    result("spokenAnswer", "model=" + completion.model() + " transcript=" + transcript.replace(' ', '_') + " audioBytes=" + audioBytes
        + " usage=" + usage(completion.usage()));
  }

  private Streamed stream(ChatCompletionCreateParams params) {
    Streamed out = new Streamed();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunk -> {
        chunk.usage().ifPresent(u -> out.usage = Optional.of(u));
        chunk.choices().forEach(choice -> {
          choice.delta().content().ifPresent(out.text::append);
          choice.finishReason().ifPresent(f -> out.finish = f.asString());
          choice.delta().toolCalls().ifPresent(deltas -> deltas.forEach(d -> {
            Call call = out.calls.computeIfAbsent(d.index(), k -> new Call());
            d.id().ifPresent(id -> call.id = id);
            d.function().ifPresent(f -> {
              f.name().ifPresent(n -> call.name = n);
              f.arguments().ifPresent(call.arguments::append);
            });
          }));
        });
      });
    }
    return out;
  }

  /** A tool the bot runs: a slow lookup, then its JSON result. */
  private static String runTool(String name) {
    long millis = name.equals(WEATHER) ? WEATHER_MILLIS : CALENDAR_MILLIS;
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return name.equals(WEATHER) ? "{\"forecast\":\"light rain after noon\",\"chance\":0.7}"
        : "{\"appointments\":[{\"at\":\"14:30\",\"with\":\"Dr. Lee\"}]}";
  }

  private static ChatCompletionFunctionTool tool(String name, String description) {
    return ChatCompletionFunctionTool.builder()
        .function(FunctionDefinition.builder().name(name).description(description)
            .parameters(FunctionParameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of("caller_said", Map.of("type", "string"))))
                .build())
            .build())
        .build();
  }

  /** {@code in/out/cached/audioIn/audioOut}, {@code -} for what the usage leaves out. */
  static String usage(Optional<CompletionUsage> usage) {
    return usage.map(u -> u.promptTokens() + "/" + u.completionTokens() + "/"
        + u.promptTokensDetails().flatMap(d -> d.cachedTokens()).map(String::valueOf).orElse("-") + "/"
        + u.promptTokensDetails().flatMap(d -> d.audioTokens()).map(String::valueOf).orElse("-") + "/"
        + u.completionTokensDetails().flatMap(d -> d.audioTokens()).map(String::valueOf).orElse("-"))
        .orElse("none");
  }

  private static String names(Streamed s) {
    return s.calls.values().stream().map(c -> c.name).toList().toString().replace(" ", "");
  }

  private static void toolCalls(String scenario, java.util.Collection<Call> calls) {
    System.out.println("TOOL_CALLS scenario=" + scenario + " " + String.join(",",
        calls.stream().map(c -> c.id + ":" + c.name + ":" + c.arguments).toList()));
  }

  private static void result(String scenario, String seen) {
    System.out.println("RESULT scenario=" + scenario + " " + seen);
  }

  private static final class Streamed {
    final StringBuilder text = new StringBuilder();
    final Map<Long, Call> calls = new TreeMap<>();
    String finish = "-";
    Optional<CompletionUsage> usage = Optional.empty();
  }

  private static final class Call {
    String id;
    String name;
    final StringBuilder arguments = new StringBuilder();
  }
}
