package dev.voicetrace.sample.audio;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MuLawTest {

    @Test
    void silenceDecodesToZero() {
        assertEquals(0, MuLaw.decode(MuLaw.SILENCE));
        assertEquals(MuLaw.SILENCE, MuLaw.encode((short) 0));
    }

    @Test
    void knownCodesDecodeToTheG711Table() {
        assertEquals(-32124, MuLaw.decode((byte) 0x00));
        assertEquals(32124, MuLaw.decode((byte) 0x80));
        assertEquals(-8, MuLaw.decode((byte) 0x7E));
        assertEquals(8, MuLaw.decode((byte) 0xFE));
    }

    @Test
    void everyCodeSurvivesADecodeEncodeRoundTrip() {
        for (int code = 0; code < 256; code++) {
            byte encoded = (byte) code;
            if (code == 0x7F) {
                continue; // negative zero: encodes back as positive zero (0xFF)
            }
            assertEquals(encoded, MuLaw.encode(MuLaw.decode(encoded)), "code " + code);
        }
    }

    @Test
    void encodingKeepsSignAndQuantizationErrorSmall() {
        for (int sample = -32000; sample <= 32000; sample += 997) {
            short decoded = MuLaw.decode(MuLaw.encode((short) sample));
            assertEquals(Integer.signum(sample), Integer.signum(decoded), "sign of " + sample);
            assertTrue(Math.abs(decoded - sample) <= Math.max(8, Math.abs(sample) / 16),
                    sample + " decoded as " + decoded);
        }
    }

    @Test
    void loudSamplesClip() {
        assertEquals(32124, MuLaw.decode(MuLaw.encode(Short.MAX_VALUE)));
        assertEquals(-32124, MuLaw.decode(MuLaw.encode(Short.MIN_VALUE)));
    }
}
