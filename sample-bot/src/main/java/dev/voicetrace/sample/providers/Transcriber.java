package dev.voicetrace.sample.providers;

import com.openai.client.OpenAIClient;
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
        return response.isTranscription()
                ? response.asTranscription().text()
                : response.asVerbose().text();
    }
}
