package dev.voicetrace.sample.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds a RIFF/WAVE file (16-bit mono linear PCM), the container speech-to-text APIs accept.
 */
public final class WavFile {

    /** Size of the canonical 44-byte RIFF/WAVE header. */
    public static final int HEADER_BYTES = 44;

    private WavFile() {
    }

    /** Wraps 16-bit mono PCM samples at the given sample rate in a WAV container. */
    public static byte[] fromPcm(short[] samples, int sampleRate) {
        int dataBytes = samples.length * 2;
        ByteBuffer wav = ByteBuffer.allocate(HEADER_BYTES + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        wav.put(ascii("RIFF")).putInt(36 + dataBytes).put(ascii("WAVE"));
        wav.put(ascii("fmt ")).putInt(16)
                .putShort((short) 1)            // PCM
                .putShort((short) 1)            // mono
                .putInt(sampleRate)
                .putInt(sampleRate * 2)         // byte rate
                .putShort((short) 2)            // block align
                .putShort((short) 16);          // bits per sample
        wav.put(ascii("data")).putInt(dataBytes);
        for (short sample : samples) {
            wav.putShort(sample);
        }
        return wav.array();
    }

    /** Decodes μ-law telephone audio and wraps it as an 8 kHz WAV file. */
    public static byte[] fromMuLaw(byte[] muLaw) {
        return fromPcm(MuLaw.decode(muLaw), MuLaw.SAMPLE_RATE);
    }

    private static byte[] ascii(String tag) {
        return tag.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
