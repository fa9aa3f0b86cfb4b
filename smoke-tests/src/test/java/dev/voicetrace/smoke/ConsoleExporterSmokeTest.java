package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.harness.CallSimulator;
import dev.voicetrace.smoke.harness.ForkedJvm;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.VoiceBot;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code otel.traces.exporter=voicetrace-console} prints each finished call as an indented tree. */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class ConsoleExporterSmokeTest {

  private static final String SERVICE = "smoke-console";

  @Test
  void consoleExporterPrintsTheFinishedCallAsAnIndentedTree(SmokeEnv env) {
    try (VoiceBot bot = env.plainBot(SERVICE).endpoint("annotated")
        .systemProperty("otel.traces.exporter", "voicetrace-console")
        .systemProperty("otel.metrics.exporter", "none")
        .start()) {
      CallSimulator.against(bot).protocol("twilio").hangup("stop").utterances(1).run().assertSucceeded(1);

      bot.jvm().awaitLine(Pattern.compile("text_to_speech eleven_flash_v2_5"), Duration.ofSeconds(20));
      List<String> lines = bot.jvm().lines().stream().map(ForkedJvm.Line::text).toList();
      int tts = lastIndexContaining(lines, "text_to_speech eleven_flash_v2_5", lines.size());
      int session = lastIndexContaining(lines, "voice.session", tts);
      String tree = String.join("\n", lines.subList(Math.max(0, session), tts + 1));
      assertTrue(session >= 0, "no voice.session line before the text_to_speech line\n" + bot.jvm().tail());
      int sessionColumn = lines.get(session).indexOf("voice.session");

      int turn = firstIndexContaining(lines, "voice.turn", session, tts);
      assertTrue(turn > session, "no voice.turn line in the printed tree:\n" + tree);
      int turnColumn = lines.get(turn).indexOf("voice.turn");
      assertTrue(turnColumn > sessionColumn, "voice.turn must be indented under voice.session:\n" + tree);

      int chat = firstIndexContaining(lines, "chat gpt-4o-mini", turn, tts);
      assertTrue(chat > turn, "no 'chat gpt-4o-mini' line under the turn:\n" + tree);
      assertTrue(lines.get(chat).indexOf("chat gpt-4o-mini") > turnColumn, "chat must be indented under the turn:\n" + tree);
      assertTrue(lines.get(tts).indexOf("text_to_speech eleven_flash_v2_5") > turnColumn,
          "text_to_speech must be indented under the turn:\n" + tree);
    }
    assertTrue(env.receiver().spansOf(SERVICE).isEmpty(), "the console exporter replaces OTLP, yet spans arrived");
  }

  private static int lastIndexContaining(List<String> lines, String text, int before) {
    for (int i = before - 1; i >= 0; i--) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }

  private static int firstIndexContaining(List<String> lines, String text, int after, int before) {
    for (int i = after + 1; i < before; i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }
}
