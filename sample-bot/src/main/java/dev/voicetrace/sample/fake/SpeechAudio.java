package dev.voicetrace.sample.fake;

import dev.voicetrace.sample.audio.Tone;

import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Speech the fake TTS vendors return: about {@link TextToSpeechRoute#SECONDS_PER_CHARACTER} of audio per character
 * of spoken text (at most {@link TextToSpeechRoute#MAX_SECONDS}), at the byte rate the requested format implies.
 */
final class SpeechAudio {

    private SpeechAudio() {
    }

    /** Audio for {@code characters} characters at {@code bytesPerSecond}. */
    static byte[] forCharacters(int characters, int bytesPerSecond) {
        double seconds = Math.min(TextToSpeechRoute.MAX_SECONDS, characters * TextToSpeechRoute.SECONDS_PER_CHARACTER);
        return Tone.botVoice().muLaw(0, (int) Math.round(seconds * bytesPerSecond));
    }

    /** Writes {@code audio} in chunks of {@link ProviderKnobs#chunkBytes()}, paced, and ends the body. */
    static void stream(PacedResponse response, byte[] audio, ProviderKnobs knobs) throws IOException {
        for (byte[] chunk : chunks(audio, knobs)) {
            response.chunk(chunk);
        }
        response.end();
    }

    /** {@code audio} cut into pieces of {@link ProviderKnobs#chunkBytes()}. */
    static byte[][] chunks(byte[] audio, ProviderKnobs knobs) {
        int size = knobs.chunkBytes();
        byte[][] out = new byte[(audio.length + size - 1) / size][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Arrays.copyOfRange(audio, i * size, Math.min(audio.length, (i + 1) * size));
        }
        return out;
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Text without its markup: what an SSML document says aloud, roughly. */
    static String spoken(String ssml) {
        return ssml.replaceAll("<[^>]*>", " ").replaceAll("&[a-zA-Z#0-9]+;", "_").replaceAll("\\s+", " ").trim();
    }
}
