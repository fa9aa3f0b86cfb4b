package dev.voicetrace.sample.audio;

import org.junit.jupiter.api.Test;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class WavFileTest {

    @Test
    void headerDescribes16BitMonoPcm() {
        byte[] wav = WavFile.fromPcm(new short[] {1, -2, 3}, 8000);
        ByteBuffer header = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);

        assertEquals(WavFile.HEADER_BYTES + 6, wav.length);
        assertEquals("RIFF", ascii(wav, 0));
        assertEquals(36 + 6, header.getInt(4));
        assertEquals("WAVE", ascii(wav, 8));
        assertEquals("fmt ", ascii(wav, 12));
        assertEquals(16, header.getInt(16));
        assertEquals(1, header.getShort(20));
        assertEquals(1, header.getShort(22));
        assertEquals(8000, header.getInt(24));
        assertEquals(16000, header.getInt(28));
        assertEquals(2, header.getShort(32));
        assertEquals(16, header.getShort(34));
        assertEquals("data", ascii(wav, 36));
        assertEquals(6, header.getInt(40));
        assertEquals(-2, header.getShort(46));
    }

    @Test
    void javaSoundReadsTheDecodedMuLawBack() throws Exception {
        byte[] muLaw = Tone.callerVoice().muLaw(0, 1600);
        byte[] wav = WavFile.fromMuLaw(muLaw);

        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            AudioFormat format = in.getFormat();
            assertEquals(AudioFormat.Encoding.PCM_SIGNED, format.getEncoding());
            assertEquals(8000f, format.getSampleRate());
            assertEquals(16, format.getSampleSizeInBits());
            assertEquals(1, format.getChannels());
            assertFalse(format.isBigEndian());
            assertEquals(1600, in.getFrameLength());

            byte[] pcm = in.readAllBytes();
            short[] samples = new short[pcm.length / 2];
            ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
            assertArrayEquals(MuLaw.decode(muLaw), samples);
        }
    }

    private static String ascii(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, StandardCharsets.US_ASCII);
    }
}
