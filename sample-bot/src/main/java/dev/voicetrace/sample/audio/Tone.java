package dev.voicetrace.sample.audio;

/**
 * A synthetic voice-like tone: a carrier whose loudness wobbles like syllables, encoded as μ-law.
 */
public final class Tone {

    private final double frequencyHz;
    private final double peakAmplitude;
    private final double syllablesPerSecond;

    /** A tone with the given carrier frequency, peak PCM amplitude and loudness-wobble rate. */
    public Tone(double frequencyHz, double peakAmplitude, double syllablesPerSecond) {
        this.frequencyHz = frequencyHz;
        this.peakAmplitude = peakAmplitude;
        this.syllablesPerSecond = syllablesPerSecond;
    }

    /** A caller's voice: loud enough for any energy-based speech detector. */
    public static Tone callerVoice() {
        return new Tone(220, 9000, 4);
    }

    /** The bot's synthesized voice. */
    public static Tone botVoice() {
        return new Tone(330, 7000, 3);
    }

    /** μ-law samples for {@code count} samples starting at absolute sample index {@code offset}. */
    public byte[] muLaw(long offset, int count) {
        byte[] encoded = new byte[count];
        for (int i = 0; i < count; i++) {
            double t = (offset + i) / (double) MuLaw.SAMPLE_RATE;
            double envelope = 0.65 + 0.35 * Math.sin(2 * Math.PI * syllablesPerSecond * t);
            double sample = peakAmplitude * envelope * Math.sin(2 * Math.PI * frequencyHz * t);
            encoded[i] = MuLaw.encode((short) Math.round(sample));
        }
        return encoded;
    }
}
