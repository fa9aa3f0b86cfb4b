package dev.voicetrace.sample.audio;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * Energy-based end-of-utterance detection on 20 ms μ-law frames.
 *
 * <p>A frame whose mean absolute PCM amplitude exceeds the threshold is speech. Once at least
 * {@value #MIN_SPEECH_FRAMES} speech frames were heard, {@value #END_SILENCE_FRAMES} consecutive
 * silent frames (400 ms) end the utterance. Shorter bursts are discarded as noise.
 */
public final class UtteranceDetector {

    /** Default speech threshold on the mean absolute 16-bit amplitude of a frame. */
    public static final int DEFAULT_THRESHOLD = 500;

    static final int MIN_SPEECH_FRAMES = 3;
    static final int END_SILENCE_FRAMES = 20;

    private final int threshold;
    private final ByteArrayOutputStream audio = new ByteArrayOutputStream();
    private int speechFrames;
    private int silentFrames;

    /** A detector with the {@link #DEFAULT_THRESHOLD}. */
    public UtteranceDetector() {
        this(DEFAULT_THRESHOLD);
    }

    /** A detector with a custom speech threshold. */
    public UtteranceDetector(int threshold) {
        this.threshold = threshold;
    }

    /**
     * Feeds one μ-law frame. Returns the utterance's μ-law audio when this frame ended one.
     */
    public Optional<byte[]> accept(byte[] muLawFrame) {
        boolean speech = isSpeech(muLawFrame);
        if (speech) {
            speechFrames++;
            silentFrames = 0;
            audio.writeBytes(muLawFrame);
            return Optional.empty();
        }
        if (speechFrames == 0) {
            return Optional.empty();
        }
        silentFrames++;
        audio.writeBytes(muLawFrame);
        if (silentFrames < END_SILENCE_FRAMES) {
            return Optional.empty();
        }
        boolean longEnough = speechFrames >= MIN_SPEECH_FRAMES;
        byte[] utterance = audio.toByteArray();
        reset();
        return longEnough ? Optional.of(utterance) : Optional.empty();
    }

    /** Whether the caller is currently speaking (an utterance has started and not yet ended). */
    public boolean inUtterance() {
        return speechFrames > 0;
    }

    /** Mean absolute PCM amplitude of a μ-law frame. */
    public static double meanAbsoluteAmplitude(byte[] muLawFrame) {
        if (muLawFrame.length == 0) {
            return 0;
        }
        long sum = 0;
        for (byte b : muLawFrame) {
            sum += Math.abs(MuLaw.decode(b));
        }
        return sum / (double) muLawFrame.length;
    }

    private boolean isSpeech(byte[] muLawFrame) {
        return meanAbsoluteAmplitude(muLawFrame) > threshold;
    }

    private void reset() {
        audio.reset();
        speechFrames = 0;
        silentFrames = 0;
    }
}
