package dev.voicetrace.sample.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voicetrace.sample.audio.MuLaw;
import dev.voicetrace.sample.audio.Tone;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One phone call placed against the bot: the caller speaks, waits (streaming silence in real time, as a phone line
 * does) until the bot's reply has been played to the end, confirms playback, speaks again, and finally hangs up.
 */
final class SimulatedCall {

    static final int SPEECH_FRAMES = 50;   // 1 s
    static final int PAUSE_FRAMES = 30;    // 600 ms
    private static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] SILENCE = silence();

    private final HttpClient http;
    private final SimulationOptions options;
    private final TelephonyProvider provider;
    private final long deadlineNanos;
    private final BlockingQueue<String> marks = new LinkedBlockingQueue<>();
    private final AtomicLong audioBytes = new AtomicLong();
    private final MessageDigest audioDigest = sha256();
    private final CompletableFuture<String> hungUpByBot = new CompletableFuture<>();
    private final Tone voice = Tone.callerVoice();
    private WebSocket socket;
    private long chunk;
    private long nextFrameAt;
    private int replies;
    /** When the caller's current utterance ended (its last voiced frame's end), and the first reply audio after it. */
    private volatile long speechEndNanos;
    private volatile long firstAudioNanos;
    private long lastFrameSentAt;
    private long streamStartNanos;
    /** Reply audio arrived while the caller's last utterance was being spoken (or in the pause before it). */
    private boolean talkedOverReply;
    private final java.util.List<Double> userToBotMillis = new java.util.ArrayList<>();

    SimulatedCall(HttpClient http, SimulationOptions options, long deadlineNanos) {
        this.http = http;
        this.options = options;
        this.provider = options.provider().newCall();
        this.deadlineNanos = deadlineNanos;
    }

    /** Places the call and returns how it went; never throws. */
    CallOutcome place() {
        try {
            socket = http.newWebSocketBuilder()
                    .buildAsync(options.url(), new BotListener())
                    .get(remainingNanos(), TimeUnit.NANOSECONDS);
            for (String message : provider.opening()) {
                send(message);
            }
            nextFrameAt = System.nanoTime();
            CallerScript script = options.script();
            if (script.awaitGreeting()) {
                send(provider.playbackReached(awaitMark("the greeting")));
            }
            for (int utterance = 1; utterance <= options.utterances(); utterance++) {
                if (script.talkOverEarlyMs() > 0 && utterance == options.utterances() - 1) {
                    talkOverBeforePlayback(script.talkOverEarlyMs());
                    utterance++;
                    continue;
                }
                speakAndWaitForReply(utterance);
            }
            if (script.silenceAfterMs() > 0) {
                stayOnTheLine(script.silenceAfterMs());
            }
            hangUp();
            return outcome(null);
        } catch (TimeoutException e) {
            abort();
            return outcome("timed out after " + options.timeout().toSeconds() + " s with " + replies + " of "
                    + options.utterances() + " replies");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            return outcome("interrupted");
        } catch (ExecutionException | IOException | RuntimeException e) {
            abort();
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return outcome(cause.toString());
        }
    }

    private void speakAndWaitForReply(int utterance)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        speak();
        for (int i = 0; i < PAUSE_FRAMES; i++) {
            sendFrame(SILENCE);
        }
        String mark = awaitMark("reply " + utterance);
        replies++;
        recordUserToBot();
        if (options.bargeIn() && utterance == 1 && options.utterances() > 1) {
            return; // talk over the reply: its playback is never confirmed
        }
        send(provider.playbackReached(mark));
    }

    /** One utterance of the caller's voice, in real time; remembers when it ended. */
    private void speak() throws IOException, InterruptedException, ExecutionException, TimeoutException {
        for (int i = 0; i < SPEECH_FRAMES; i++) {
            sendFrame(voice.muLaw((long) i * MuLaw.FRAME_BYTES, MuLaw.FRAME_BYTES));
        }
        talkedOverReply = firstAudioNanos != 0;
        firstAudioNanos = 0;
        speechEndNanos = lastFrameSentAt + FRAME_NANOS; // the last voiced frame carries the 20 ms from its sending
    }

    /** Streams silence until the bot sends a playback mark (its audio so far has all been sent). */
    private String awaitMark(String what) throws IOException, InterruptedException, ExecutionException,
            TimeoutException {
        String mark;
        while ((mark = marks.poll()) == null) {
            if (hungUpByBot.isDone()) {
                throw new IOException("bot closed the stream (" + hungUpByBot.getNow("") + ") while waiting for "
                        + what);
            }
            sendFrame(SILENCE);
        }
        return mark;
    }

    private void recordUserToBot() {
        long first = firstAudioNanos;
        synchronized (userToBotMillis) {
            userToBotMillis.add(first == 0 ? Double.NaN : (first - speechEndNanos) / 1e6);
        }
    }

    /**
     * The caller speaks again {@code gapMs} after an utterance, before any reply audio reached it (barge-in before
     * playback, or one utterance with a pause that the bot hears as two), then waits for both replies.
     */
    private void talkOverBeforePlayback(int gapMs)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        speak();
        for (int i = 0; i < gapMs / 20; i++) {
            sendFrame(SILENCE);
        }
        if (firstAudioNanos != 0) {
            throw new IOException("reply audio arrived before the caller spoke again: it did not talk over the bot");
        }
        speak();
        for (int i = 0; i < PAUSE_FRAMES; i++) {
            sendFrame(SILENCE);
        }
        // two marks: the first reply's, then the answer to the second utterance; the first reply was heard (and
        // its mark is confirmed) only if its audio came after the caller stopped talking
        boolean talkedOver = talkedOverReply;
        String first = awaitMark("the first reply");
        if (!talkedOver) {
            send(provider.playbackReached(first));
        }
        String mark = awaitMark("the reply to the second utterance");
        replies += 2;
        synchronized (userToBotMillis) {
            userToBotMillis.add(Double.NaN); // the caller did not stop speaking after its first utterance
        }
        recordUserToBot(); // from the end of the second utterance to the first reply audio after it
        send(provider.playbackReached(mark));
    }

    /** Silence on the line for {@code millis}, confirming every mark the bot sends meanwhile. */
    private void stayOnTheLine(int millis) throws IOException, InterruptedException, ExecutionException,
            TimeoutException {
        for (int i = 0; i < millis / 20; i++) {
            String mark = marks.poll();
            if (mark != null) {
                send(provider.playbackReached(mark));
            }
            sendFrame(SILENCE);
        }
    }

    private void hangUp()
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        var stop = provider.stop();
        if (options.sendStop() && stop.isPresent()) {
            send(stop.get());
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "call ended").get(remainingNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Sends one media frame in real time: one every 20 ms. A frame that is late (this JVM was busy) goes at once
     * and the next one 20 ms after it, like a phone line: frames are never sent in a catch-up burst, which would
     * compress the caller's audio in time.
     */
    private void sendFrame(byte[] muLaw)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        long wait;
        while ((wait = nextFrameAt - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        long sentAt = System.nanoTime();
        nextFrameAt = Math.max(nextFrameAt, sentAt - FRAME_NANOS / 4) + FRAME_NANOS;
        if (chunk == 0) {
            streamStartNanos = sentAt;
        }
        send(provider.media(muLaw, ++chunk, TimeUnit.NANOSECONDS.toMillis(sentAt - streamStartNanos)));
        lastFrameSentAt = sentAt;
    }

    private void send(String message)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        socket.sendText(message, true).get(remainingNanos(), TimeUnit.NANOSECONDS);
    }

    private long remainingNanos() throws TimeoutException {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw new TimeoutException();
        }
        return remaining;
    }

    private void abort() {
        if (socket != null) {
            socket.abort();
        }
    }

    private CallOutcome outcome(String failure) {
        String digest;
        synchronized (audioDigest) {
            digest = HexFormat.of().formatHex(audioDigest.digest());
        }
        synchronized (userToBotMillis) {
            return new CallOutcome(provider.callSid(), replies, audioBytes.get(), digest, failure,
                    java.util.List.copyOf(userToBotMillis));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] silence() {
        byte[] silence = new byte[MuLaw.FRAME_BYTES];
        Arrays.fill(silence, MuLaw.SILENCE);
        return silence;
    }

    /** Receives the bot's messages: counts reply audio and queues marks. */
    private final class BotListener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();
        /** When the message being assembled began to arrive: its arrival time, before any parsing. */
        private long arrivedAt;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (partial.length() == 0) {
                arrivedAt = System.nanoTime();
            }
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                onMessage(message, arrivedAt);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            hungUpByBot.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            hungUpByBot.complete(error.toString());
        }

        private void onMessage(String message, long arrivedAt) {
            JsonNode json;
            try {
                json = JSON.readTree(message);
            } catch (IOException e) {
                return;
            }
            provider.audioPayload(json).ifPresent(payload -> {
                if (firstAudioNanos == 0) {
                    firstAudioNanos = arrivedAt; // the ground truth is the arrival, not our parsing of it
                }
                byte[] audio = Base64.getDecoder().decode(payload);
                audioBytes.addAndGet(audio.length);
                synchronized (audioDigest) {
                    audioDigest.update(audio);
                }
            });
            provider.markName(json).ifPresent(marks::add);
        }
    }
}
