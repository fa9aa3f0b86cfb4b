package dev.voicetrace.sample.call;

import dev.voicetrace.sample.providers.ReplyGenerator;
import dev.voicetrace.sample.providers.SpeechSynthesizer;
import dev.voicetrace.sample.providers.Transcriber;

import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Turns a caller's utterance into spoken reply audio: transcribe, think, speak, each stage on the bot's worker pool.
 * A failing provider never ends the call: the bot falls back to a canned line.
 */
public final class ReplyPipeline {

    static final String DID_NOT_CATCH = "Sorry, I didn't catch that. Could you say it again?";
    static final String HAVING_TROUBLE = "Sorry, I'm having trouble right now. Could you repeat that?";

    private static final System.Logger LOG = System.getLogger(ReplyPipeline.class.getName());

    private final Transcriber transcriber;
    private final ReplyGenerator replyGenerator;
    private final SpeechSynthesizer synthesizer;
    private final Executor workers;

    ReplyPipeline(Transcriber transcriber, ReplyGenerator replyGenerator, SpeechSynthesizer synthesizer,
                  Executor workers) {
        this.transcriber = transcriber;
        this.replyGenerator = replyGenerator;
        this.synthesizer = synthesizer;
        this.workers = workers;
    }

    /** Answers one utterance of {@code call}; completes when the reply was sent (or given up). */
    CompletableFuture<Void> respond(CallHandler call, byte[] utterance, int replyNumber, long generation) {
        return CompletableFuture
                .supplyAsync(() -> transcribe(call, utterance), workers)
                .thenApplyAsync(transcript -> think(call, transcript), workers)
                .thenAcceptAsync(reply -> speak(call, reply, "reply-" + replyNumber, generation), workers)
                .exceptionally(failure -> {
                    LOG.log(Level.ERROR, "reply " + replyNumber + " of call " + call.callSid() + " failed", failure);
                    return null;
                });
    }

    private String transcribe(CallHandler call, byte[] utterance) {
        if (!call.isLive()) {
            return "";
        }
        try {
            String transcript = transcriber.transcribe(call.callSid(), utterance);
            // What callers say is personal data: only at debug level.
            LOG.log(Level.DEBUG, "call {0} caller: {1}", call.callSid(), transcript);
            return transcript;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "transcription failed for call " + call.callSid() + ": " + e);
            return "";
        }
    }

    private String think(CallHandler call, String transcript) {
        if (!call.isLive()) {
            return "";
        }
        if (transcript.isBlank()) {
            return DID_NOT_CATCH;
        }
        call.conversation().callerSaid(transcript);
        String reply;
        try {
            reply = replyGenerator.nextReply(call.callSid(), call.conversation());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "chat completion failed for call " + call.callSid() + ": " + e);
            reply = HAVING_TROUBLE;
        }
        call.conversation().botSaid(reply);
        LOG.log(Level.DEBUG, "call {0} bot: {1}", call.callSid(), reply);
        return reply;
    }

    private void speak(CallHandler call, String reply, String mark, long generation) {
        if (!call.isLive()) {
            return;
        }
        try {
            synthesizer.speak(call.callSid(), reply, frame -> call.play(frame, generation));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "text-to-speech failed for call " + call.callSid() + ": " + e);
        }
        call.markPlayback(mark, generation);
    }
}
