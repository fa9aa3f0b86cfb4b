package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.harness.CallSimulator;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.VoiceBot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agent never changes what the caller hears: the same calls against the bot without and with
 * the agent deliver byte-identical reply audio (SHA-256 over every media frame, in order), on the
 * Tyrus bot and on the Spring Boot fat jar.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(240)
class AudioUnchangedSmokeTest {
  private static final int CALLS = 3;
  private static final int UTTERANCES = 3;

  @Test
  void replyAudioIsByteIdenticalWithAndWithoutTheAgent(SmokeEnv env) {
    List<String> without = audioOfCalls(env.plainBot("smoke-audio-none").withoutAgent());
    List<String> with = audioOfCalls(env.plainBot("smoke-audio-agent"));
    List<String> spring = audioOfCalls(env.springBot("smoke-audio-spring"));
    assertEquals(without, with, "each call's audio (bytes:sha256) without vs with the agent");
    assertEquals(without, spring, "each call's audio without the agent vs the Spring bot with it");
  }

  /** Places the calls and returns each call's "bytes:sha256", sorted (calls run concurrently). */
  private static List<String> audioOfCalls(VoiceBot.Builder builder) {
    try (VoiceBot bot = builder.start()) {
      CallSimulator.Result result = CallSimulator.against(bot).protocol("twilio").hangup("stop")
          .calls(CALLS).utterances(UTTERANCES).timeoutSeconds(120).run().assertSucceeded(CALLS);
      List<String> audio = new ArrayList<>();
      for (CallSimulator.Call call : result.calls()) {
        assertTrue(call.audioBytes() > 0, "no audio in " + call);
        audio.add(call.audioBytes() + ":" + call.audioSha256());
      }
      Collections.sort(audio);
      assertEquals(CALLS, audio.size(), "calls reported " + audio);
      return audio;
    }
  }
}
