package dev.voicetrace.sample.audio;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UtteranceDetectorTest {

    private final UtteranceDetector detector = new UtteranceDetector();
    private final Tone voice = Tone.callerVoice();
    private long samplesSpoken;

    @Test
    void silenceAloneIsNoUtterance() {
        for (int i = 0; i < 200; i++) {
            assertTrue(detector.accept(silence()).isEmpty());
        }
        assertFalse(detector.inUtterance());
    }

    @Test
    void speechFollowedBy400MsOfSilenceEndsAnUtterance() {
        for (int i = 0; i < 50; i++) {
            assertTrue(detector.accept(speech()).isEmpty());
        }
        assertTrue(detector.inUtterance());
        for (int i = 1; i < 20; i++) {
            assertTrue(detector.accept(silence()).isEmpty(), "ended early, after " + i + " silent frames");
        }

        Optional<byte[]> utterance = detector.accept(silence());

        assertTrue(utterance.isPresent());
        assertEquals(70 * MuLaw.FRAME_BYTES, utterance.get().length, "speech plus trailing silence");
        assertFalse(detector.inUtterance());
    }

    @Test
    void aShortPauseInsideSpeechDoesNotEndTheUtterance() {
        for (int i = 0; i < 10; i++) {
            detector.accept(speech());
        }
        for (int i = 0; i < 19; i++) {
            assertTrue(detector.accept(silence()).isEmpty());
        }
        for (int i = 0; i < 10; i++) {
            assertTrue(detector.accept(speech()).isEmpty());
        }
        for (int i = 0; i < 19; i++) {
            assertTrue(detector.accept(silence()).isEmpty());
        }
        assertEquals(59 * MuLaw.FRAME_BYTES, detector.accept(silence()).orElseThrow().length);
    }

    @Test
    void fewerThanThreeSpeechFramesAreNoise() {
        detector.accept(speech());
        detector.accept(speech());
        for (int i = 0; i < 19; i++) {
            assertTrue(detector.accept(silence()).isEmpty());
        }
        assertTrue(detector.accept(silence()).isEmpty(), "a 40 ms click is not an utterance");
        assertFalse(detector.inUtterance());

        for (int i = 0; i < 3; i++) {
            detector.accept(speech());
        }
        Optional<byte[]> utterance = Optional.empty();
        for (int i = 0; i < 20; i++) {
            utterance = detector.accept(silence());
        }
        assertTrue(utterance.isPresent(), "three speech frames are enough");
    }

    @Test
    void quietHissStaysBelowTheThreshold() {
        byte[] hiss = new Tone(1000, 300, 2).muLaw(0, MuLaw.FRAME_BYTES);
        assertTrue(UtteranceDetector.meanAbsoluteAmplitude(hiss) < UtteranceDetector.DEFAULT_THRESHOLD);
        for (int i = 0; i < 100; i++) {
            assertTrue(detector.accept(hiss).isEmpty());
        }
        assertFalse(detector.inUtterance());
    }

    @Test
    void theCallerVoiceIsSpeechInEveryFrame() {
        for (int i = 0; i < 50; i++) {
            assertTrue(UtteranceDetector.meanAbsoluteAmplitude(speech()) > UtteranceDetector.DEFAULT_THRESHOLD,
                    "frame " + i);
        }
    }

    private byte[] speech() {
        byte[] frame = voice.muLaw(samplesSpoken, MuLaw.FRAME_BYTES);
        samplesSpoken += MuLaw.FRAME_BYTES;
        return frame;
    }

    private static byte[] silence() {
        byte[] frame = new byte[MuLaw.FRAME_BYTES];
        Arrays.fill(frame, MuLaw.SILENCE);
        return frame;
    }
}
