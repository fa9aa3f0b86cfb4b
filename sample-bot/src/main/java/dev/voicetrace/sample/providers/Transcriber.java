package dev.voicetrace.sample.providers;

import com.openai.client.OpenAIClient;
import com.openai.core.ObjectMappers;
import com.openai.core.MultipartField;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateResponse;
import dev.voicetrace.sample.audio.WavFile;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * Speech-to-text through OpenAI's transcription endpoint.
 */
public final class Transcriber {

    /** The transcription model the bot uses. */
    public static final String MODEL = "gpt-4o-mini-transcribe";

    private final OpenAIClient openAi;

    /** A transcriber using the given OpenAI client. */
    public Transcriber(OpenAIClient openAi) {
        this.openAi = openAi;
    }

    /** Transcribes a caller's μ-law utterance; {@code callSid} tags the request. */
    public String transcribe(String callSid, byte[] muLawUtterance) {
        MultipartField<InputStream> wav = MultipartField.<InputStream>builder()
                .value(new ByteArrayInputStream(WavFile.fromMuLaw(muLawUtterance)))
                .filename("utterance.wav")
                .contentType("audio/wav")
                .build();
        TranscriptionCreateParams params = TranscriptionCreateParams.builder()
                .file(wav)
                .model(MODEL)
                .language("en")
                .putAdditionalHeader(CallSidHeader.NAME, callSid)
                .build();
        TranscriptionCreateResponse response = openAi.audio().transcriptions().create(params);
        if (response.isTranscription()) {
            return response.asTranscription().text();
        }
        if (response.isVerbose()) {
            return response.asVerbose().text();
        }
        // openai-java found no variant that fits: seen (without any agent) when two calls' first transcriptions were
        // deserialized at the same moment; the body is a plain transcription all the same, and its JSON is kept
        return response._json()
                .map(body -> ObjectMappers.jsonMapper().<com.fasterxml.jackson.databind.JsonNode>valueToTree(body))
                .map(body -> body.path("text"))
                .filter(com.fasterxml.jackson.databind.JsonNode::isTextual)
                .map(com.fasterxml.jackson.databind.JsonNode::asText)
                .orElseThrow(() -> new IllegalStateException("a transcription without text: " + response._json()));
    }
}
