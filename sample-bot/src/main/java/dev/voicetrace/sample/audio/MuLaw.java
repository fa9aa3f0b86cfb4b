package dev.voicetrace.sample.audio;

/**
 * G.711 μ-law codec: the 8-bit telephone audio that Twilio and Plivo media streams carry.
 */
public final class MuLaw {

    /** One 20 ms telephony frame at 8 kHz: 160 samples, one byte each. */
    public static final int FRAME_BYTES = 160;

    /** Sample rate of telephone audio. */
    public static final int SAMPLE_RATE = 8000;

    /** The μ-law byte that decodes to (near) zero: digital silence. */
    public static final byte SILENCE = (byte) 0xFF;

    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;

    private MuLaw() {
    }

    /** Decodes one μ-law byte to a 16-bit linear PCM sample. */
    public static short decode(byte encoded) {
        int value = ~encoded & 0xFF;
        int sign = value & 0x80;
        int exponent = (value >> 4) & 0x07;
        int mantissa = value & 0x0F;
        int magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
        return (short) (sign != 0 ? -magnitude : magnitude);
    }

    /** Decodes a run of μ-law bytes to 16-bit linear PCM samples. */
    public static short[] decode(byte[] encoded) {
        short[] pcm = new short[encoded.length];
        for (int i = 0; i < encoded.length; i++) {
            pcm[i] = decode(encoded[i]);
        }
        return pcm;
    }

    /** Encodes one 16-bit linear PCM sample to μ-law. */
    public static byte encode(short sample) {
        int pcm = sample;
        int sign = (pcm >> 8) & 0x80;
        if (sign != 0) {
            pcm = -pcm;
        }
        if (pcm > CLIP) {
            pcm = CLIP;
        }
        pcm += BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (pcm >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    /** Encodes 16-bit linear PCM samples to μ-law. */
    public static byte[] encode(short[] pcm) {
        byte[] encoded = new byte[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            encoded[i] = encode(pcm[i]);
        }
        return encoded;
    }
}
