package dev.voicetrace.sample.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.voicetrace.sample.call.Conversation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides what the bot says next by streaming a chat completion over the call's conversation.
 *
 * <p>With tools on ({@code -Dsample.bot.tools=true}), the bot offers the model a {@code get_order_status}
 * function: when the model calls it, the bot runs the lookup, sends the result back as a {@code tool} message and
 * streams the final answer, like any openai-java bot with function calling.
 */
public final class ReplyGenerator {

    /** The chat model the bot uses. */
    public static final String MODEL = "gpt-4o-mini";

    /** The system property that turns the order-status tool on. */
    public static final String TOOLS_PROPERTY = "sample.bot.tools";

    /** The function the bot offers the model when tools are on. */
    public static final String ORDER_TOOL = "get_order_status";

    /** How long the (simulated) order-system lookup takes. */
    public static final long ORDER_LOOKUP_MILLIS = 150;

    private static final String PERSONA = "You are a friendly phone agent for an online store. "
            + "Answer in one or two short sentences; you are speaking, not writing.";

    /** Rounds of tool calls before the bot answers with whatever text it has. */
    private static final int MAX_TOOL_ROUNDS = 3;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenAIClient openAi;
    private final boolean tools;

    /** A reply generator using the given OpenAI client; tools as {@value #TOOLS_PROPERTY} says. */
    public ReplyGenerator(OpenAIClient openAi) {
        this(openAi, Boolean.getBoolean(TOOLS_PROPERTY));
    }

    /** A reply generator using the given OpenAI client, offering the order-status tool if {@code tools}. */
    public ReplyGenerator(OpenAIClient openAi, boolean tools) {
        this.openAi = openAi;
        this.tools = tools;
    }

    /** Streams the next reply for the conversation and returns it once complete. */
    public String nextReply(String callSid, Conversation conversation) {
        return nextReply(callSid, conversation, null);
    }

    /**
     * Streams the next reply for the conversation and returns it once complete; {@code beforeTools} (if any) runs
     * when the model first asks for tool calls, before the bot runs them (a filler phrase).
     */
    public String nextReply(String callSid, Conversation conversation, Runnable beforeTools) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(MODEL)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .putAdditionalHeader(CallSidHeader.NAME, callSid)
                .addSystemMessage(PERSONA);
        if (tools) {
            params.addTool(orderStatusTool());
        }
        for (Conversation.Turn turn : conversation.turns()) {
            if (turn.speaker() == Conversation.Speaker.CALLER) {
                params.addUserMessage(turn.text());
            } else {
                params.addAssistantMessage(turn.text());
            }
        }
        for (int round = 0; ; round++) {
            Streamed answer = stream(params.build());
            if (answer.toolCalls.isEmpty() || round == MAX_TOOL_ROUNDS) {
                return answer.text.toString().trim();
            }
            if (round == 0 && beforeTools != null) {
                beforeTools.run();
            }
            // the model's tool calls go back into the conversation, each followed by its result
            ChatCompletionAssistantMessageParam.Builder calls = ChatCompletionAssistantMessageParam.builder();
            for (ToolCall call : answer.toolCalls.values()) {
                calls.addToolCall(ChatCompletionMessageFunctionToolCall.builder()
                        .id(call.id)
                        .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                                .name(call.name).arguments(call.arguments.toString()).build())
                        .build());
            }
            params.addMessage(calls.build());
            for (ToolCall call : answer.toolCalls.values()) {
                params.addMessage(ChatCompletionToolMessageParam.builder()
                        .toolCallId(call.id)
                        .content(runTool(call.name, call.arguments.toString()))
                        .build());
            }
        }
    }

    private Streamed stream(ChatCompletionCreateParams params) {
        Streamed answer = new Streamed();
        try (StreamResponse<ChatCompletionChunk> stream = openAi.chat().completions().createStreaming(params)) {
            stream.stream()
                    .flatMap(chunk -> chunk.choices().stream())
                    .forEach(choice -> {
                        choice.delta().content().ifPresent(answer.text::append);
                        choice.delta().toolCalls().ifPresent(deltas -> deltas.forEach(answer::add));
                    });
        }
        return answer;
    }

    private static ChatCompletionFunctionTool orderStatusTool() {
        return ChatCompletionFunctionTool.builder()
                .function(FunctionDefinition.builder()
                        .name(ORDER_TOOL)
                        .description("Looks up where a customer's order is and when it will arrive.")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("order_number",
                                        Map.of("type", "string", "description", "The order number, digits only"))))
                                .putAdditionalProperty("required", JsonValue.from(List.of("order_number")))
                                .build())
                        .build())
                .build();
    }

    /** Runs a tool the model asked for; the result is what the model reads next. */
    private static String runTool(String name, String arguments) {
        if (!ORDER_TOOL.equals(name)) {
            return "{\"error\":\"unknown tool " + name + "\"}";
        }
        String orderNumber;
        try {
            JsonNode args = JSON.readTree(arguments);
            orderNumber = args == null ? "" : args.path("order_number").asText("");
        } catch (IOException e) {
            return "{\"error\":\"arguments are not JSON\"}";
        }
        return lookUpOrder(orderNumber);
    }

    /** The store's order system, simulated: a slow lookup. */
    private static String lookUpOrder(String orderNumber) {
        try {
            Thread.sleep(ORDER_LOOKUP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "{\"error\":\"lookup interrupted\"}";
        }
        return JSON.createObjectNode()
                .put("order_number", orderNumber)
                .put("status", "out_for_delivery")
                .put("eta", "today")
                .toString();
    }

    /** One streamed answer: its text and the tool calls its deltas assembled, by index. */
    private static final class Streamed {
        final StringBuilder text = new StringBuilder();
        final Map<Long, ToolCall> toolCalls = new TreeMap<>();

        void add(ChatCompletionChunk.Choice.Delta.ToolCall delta) {
            ToolCall call = toolCalls.computeIfAbsent(delta.index(), i -> new ToolCall());
            delta.id().ifPresent(id -> call.id = id);
            delta.function().ifPresent(f -> {
                f.name().ifPresent(n -> call.name = n);
                f.arguments().ifPresent(call.arguments::append);
            });
        }
    }

    private static final class ToolCall {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }
}
