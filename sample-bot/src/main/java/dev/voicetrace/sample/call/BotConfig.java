package dev.voicetrace.sample.call;

/**
 * Where the bot's providers live and how it authenticates to them.
 *
 * @param openAiBaseUrl     OpenAI API base URL including {@code /v1}, e.g. {@code https://api.openai.com/v1}
 * @param elevenLabsBaseUrl ElevenLabs API base URL without {@code /v1}, e.g. {@code https://api.elevenlabs.io}
 * @param openAiApiKey      OpenAI API key
 * @param elevenLabsApiKey  ElevenLabs API key
 * @param voiceId           ElevenLabs voice the bot speaks with
 */
public record BotConfig(
        String openAiBaseUrl,
        String elevenLabsBaseUrl,
        String openAiApiKey,
        String elevenLabsApiKey,
        String voiceId) {

    /** The voice ("Rachel") used when none is configured. */
    public static final String DEFAULT_VOICE_ID = "21m00Tcm4TlvDq8ikWAM";

    /** A configuration with fake API keys, for talking to the fake provider server. */
    public static BotConfig withFakeKeys(String openAiBaseUrl, String elevenLabsBaseUrl) {
        return new BotConfig(openAiBaseUrl, stripTrailingSlash(elevenLabsBaseUrl),
                "sk-fake-voicetrace-sample", "xi-fake-voicetrace-sample", DEFAULT_VOICE_ID);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
