package dev.voicetrace.sample.call;

import dev.voicetrace.sample.providers.ReplyGenerator;
import dev.voicetrace.sample.providers.SpeechSynthesizer;
import dev.voicetrace.sample.providers.Transcriber;

import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Turns a caller's utterance into spoken reply audio: transcribe, think, speak. {@link #respond} runs each stage on
 * the bot's worker pool; {@link #respondOnThreads} runs the reply on a thread of its own and speaks it sentence by
 * sentence, each sentence on a new thread (virtual when the JVM has them), and after a reply a shared {@code Timer}
 * reprompts the caller if they stay silent ({@value #REPROMPT_PROPERTY} milliseconds; off when 0, the default).
 * A failing provider never ends the call: the bot falls back to a canned line.
 */
public final class ReplyPipeline {

    static final String DID_NOT_CATCH = "Sorry, I didn't catch that. Could you say it again?";
    static final String HAVING_TROUBLE = "Sorry, I'm having trouble right now. Could you repeat that?";
    static final String REPROMPT = "Are you still there?";
    /** System property: silence (ms) after a reply before the bot reprompts; 0 (default) never. */
    public static final String REPROMPT_PROPERTY = "sample.bot.reprompt-ms";
    /** System property: what the bot says as soon as a call starts, before the caller speaks; empty: nothing. */
    public static final String GREETING_PROPERTY = "sample.bot.greeting";
    /** System property: what the bot says while a tool call runs (e.g. "One moment."); empty: nothing. */
    public static final String FILLER_PROPERTY = "sample.bot.filler";

    private static final System.Logger LOG = System.getLogger(ReplyPipeline.class.getName());

    private final Transcriber transcriber;
    private final ReplyGenerator replyGenerator;
    private final SpeechSynthesizer synthesizer;
    private final Executor workers;
    private final long repromptMillis = Long.getLong(REPROMPT_PROPERTY, 0);
    private final Timer silenceTimer = new Timer("silence-timer", true);
    private final Map<CallHandler, TimerTask> reprompts = new ConcurrentHashMap<>();
    private final String greeting = System.getProperty(GREETING_PROPERTY, "");
    private final String filler = System.getProperty(FILLER_PROPERTY, "");

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
                .thenApplyAsync(transcript -> think(call, transcript, generation), workers)
                .thenAcceptAsync(reply -> speak(call, reply, "reply-" + replyNumber, generation), workers)
                .exceptionally(failure -> {
                    LOG.log(Level.ERROR, "reply " + replyNumber + " of call " + call.callSid() + " failed", failure);
                    return null;
                });
    }

    /**
     * Answers one utterance of {@code call} on a new thread: transcribe, think, then speak the reply one sentence at
     * a time, each sentence on a thread of its own, in order. Then waits for the caller, reprompting after silence.
     */
    void respondOnThreads(CallHandler call, byte[] utterance, int replyNumber, long generation) {
        Thread reply = new Thread(() -> {
            try {
                String text = think(call, transcribe(call, utterance), generation);
                speakBySentence(call, text, "reply-" + replyNumber, generation);
                scheduleReprompt(call);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "reply " + replyNumber + " of call " + call.callSid() + " failed", e);
            }
        }, "reply-" + call.callSid() + "-" + replyNumber);
        reply.setDaemon(true);
        reply.start();
    }

    /** Greets a call that just started, if the bot is configured to (on the pool, or a thread of its own). */
    void greet(CallHandler call, boolean ownThread) {
        if (greeting.isBlank()) {
            return;
        }
        Runnable hello = () -> {
            call.conversation().botSaid(greeting);
            speak(call, greeting, "greeting", call.playbackGeneration());
        };
        if (ownThread) {
            Thread thread = new Thread(hello, "greet-" + call.callSid());
            thread.setDaemon(true);
            thread.start();
        } else {
            workers.execute(hello);
        }
    }

    /** A filler phrase while a tool runs: audio only, no playback mark (the reply's mark follows the answer). */
    private void speakFiller(CallHandler call, long generation) {
        try {
            synthesizer.speak(call.callSid(), filler, frame -> call.play(frame, generation));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "text-to-speech of the filler failed for call " + call.callSid() + ": " + e);
        }
    }

    /** Stops a pending reprompt: the caller spoke or hung up. */
    void cancelReprompt(CallHandler call) {
        TimerTask pending = reprompts.remove(call);
        if (pending != null) {
            pending.cancel();
        }
    }

    private void scheduleReprompt(CallHandler call) {
        if (repromptMillis <= 0 || !call.isLive()) {
            return;
        }
        TimerTask task = new TimerTask() {
            @Override
            public void run() {
                if (reprompts.remove(call, this) && call.isLive()) {
                    call.conversation().botSaid(REPROMPT);
                    speak(call, REPROMPT, "reply-" + call.nextReplyNumber(), call.playbackGeneration());
                }
            }
        };
        TimerTask previous = reprompts.put(call, task);
        if (previous != null) {
            previous.cancel();
        }
        silenceTimer.schedule(task, repromptMillis);
    }

    private void speakBySentence(CallHandler call, String reply, String mark, long generation) {
        if (!call.isLive()) {
            return;
        }
        for (String sentence : reply.split("(?<=[.!?])\\s+")) {
            if (sentence.isBlank()) {
                continue;
            }
            Thread speaker = speakerThread(() -> {
                try {
                    synthesizer.speak(call.callSid(), sentence, frame -> call.play(frame, generation));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "text-to-speech failed for call " + call.callSid() + ": " + e);
                }
            }, "speak-" + call.callSid());
            speaker.start();
            try {
                speaker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        call.markPlayback(mark, generation);
    }

    /** A virtual thread when the JVM has them (21+), else a platform thread; not started. */
    private static Thread speakerThread(Runnable task, String name) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            builder = builderType.getMethod("name", String.class).invoke(builder, name);
            Method unstarted = builderType.getMethod("unstarted", Runnable.class);
            return (Thread) unstarted.invoke(builder, task);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        }
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

    private String think(CallHandler call, String transcript, long generation) {
        if (!call.isLive()) {
            return "";
        }
        if (transcript.isBlank()) {
            return DID_NOT_CATCH;
        }
        call.conversation().callerSaid(transcript);
        String reply;
        try {
            Runnable beforeTools = filler.isBlank() ? null : () -> speakFiller(call, generation);
            reply = replyGenerator.nextReply(call.callSid(), call.conversation(), beforeTools);
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
