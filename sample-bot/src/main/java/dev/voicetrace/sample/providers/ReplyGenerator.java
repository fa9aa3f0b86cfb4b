package dev.voicetrace.sample.providers;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.voicetrace.sample.call.Conversation;

/**
 * Decides what the bot says next by streaming a chat completion over the call's conversation.
 */
public final class ReplyGenerator {

    /** The chat model the bot uses. */
    public static final String MODEL = "gpt-4o-mini";

    private static final String PERSONA = "You are a friendly phone agent for an online store. "
            + "Answer in one or two short sentences; you are speaking, not writing.";

    private final OpenAIClient openAi;

    /** A reply generator using the given OpenAI client. */
    public ReplyGenerator(OpenAIClient openAi) {
        this.openAi = openAi;
    }

    /** Streams the next reply for the conversation and returns it once complete. */
    public String nextReply(String callSid, Conversation conversation) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(MODEL)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .putAdditionalHeader(CallSidHeader.NAME, callSid)
                .addSystemMessage(PERSONA);
        for (Conversation.Turn turn : conversation.turns()) {
            if (turn.speaker() == Conversation.Speaker.CALLER) {
                params.addUserMessage(turn.text());
            } else {
                params.addAssistantMessage(turn.text());
            }
        }
        StringBuilder reply = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream =
                     openAi.chat().completions().createStreaming(params.build())) {
            stream.stream()
                    .flatMap(chunk -> chunk.choices().stream())
                    .forEach(choice -> choice.delta().content().ifPresent(reply::append));
        }
        return reply.toString().trim();
    }
}
