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
            for (int utterance = 1; utterance <= options.utterances(); utterance++) {
                speakAndWaitForReply(utterance);
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
        for (int i = 0; i < SPEECH_FRAMES; i++) {
            sendFrame(voice.muLaw((long) i * MuLaw.FRAME_BYTES, MuLaw.FRAME_BYTES));
        }
        for (int i = 0; i < PAUSE_FRAMES; i++) {
            sendFrame(SILENCE);
        }
        String mark;
        while ((mark = marks.poll()) == null) {
            if (hungUpByBot.isDone()) {
                throw new IOException("bot closed the stream (" + hungUpByBot.getNow("") + ") while waiting for reply "
                        + utterance);
            }
            sendFrame(SILENCE);
        }
        replies++;
        if (options.bargeIn() && utterance == 1 && options.utterances() > 1) {
            return; // talk over the reply: its playback is never confirmed
        }
        send(provider.playbackReached(mark));
    }

    private void hangUp()
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        var stop = provider.stop();
        if (options.sendStop() && stop.isPresent()) {
            send(stop.get());
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "call ended").get(remainingNanos(), TimeUnit.NANOSECONDS);
    }

    /** Sends one media frame in real time: at most one every 20 ms. */
    private void sendFrame(byte[] muLaw)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        long wait;
        while ((wait = nextFrameAt - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        nextFrameAt += FRAME_NANOS;
        send(provider.media(muLaw, ++chunk));
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
        return new CallOutcome(provider.callSid(), replies, audioBytes.get(), digest, failure);
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

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                onMessage(message);
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

        private void onMessage(String message) {
            JsonNode json;
            try {
                json = JSON.readTree(message);
            } catch (IOException e) {
                return;
            }
            provider.audioPayload(json).ifPresent(payload -> {
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
