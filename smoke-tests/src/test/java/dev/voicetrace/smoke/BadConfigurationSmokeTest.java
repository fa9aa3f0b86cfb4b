package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.harness.CallSimulator;
import dev.voicetrace.smoke.harness.CallTreeAssertions;
import dev.voicetrace.smoke.harness.ForkedJvm;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceBot;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every {@code otel.instrumentation.voicetrace.*} key given a bad value at once: the bot starts and
 * answers a call exactly as usual, each key gets exactly one warning line naming it (and what was
 * expected), and the defaults apply — the call is traced as it would be with no configuration.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class BadConfigurationSmokeTest {
  private static final String SERVICE = "smoke-bad-configuration";
  private static final String P = "otel.instrumentation.voicetrace.";

  @Test
  void everyBadValueGetsOneWarningNamingItsKeyAndTheDefault(SmokeEnv env) {
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("enabled", "maybe");
    bad.put("profile", "lean");
    bad.put("session.methods", "not a method");
    bad.put("session.connection-methods", "garbage");
    bad.put("session.idle-timeout", "soon");
    bad.put("session.max-duration", "-5");
    bad.put("session.max-spans", "zero");
    bad.put("turn.quiet-gap", "abc");
    bad.put("stream.abandon-timeout", "1x");
    bad.put("capture-content", "yes please");
    bad.put("capture-content.max-length", "-1");
    bad.put("capture-content.max-messages", "lots");
    bad.put("trace-per", "call");
    bad.put("providers", "nonsense");
    bad.put("providers-file", "/nonexistent/voicetrace-providers.txt");

    VoiceBot.Builder builder = env.plainBot(SERVICE);
    bad.forEach((key, value) -> builder.systemProperty(P + key, value));
    try (VoiceBot bot = builder.start()) {
      CallSimulator.Call call = CallSimulator.against(bot).protocol("twilio").hangup("stop").utterances(1).run()
          .assertSucceeded(1).onlyCall();
      TraceView view = VoiceSpans.awaitCallTrace(env.receiver(), SERVICE, call.callSid(),
          env.providers().requestsOf(call.callSid()).size(), Duration.ofSeconds(20));
      // the defaults: enabled, one trace per session, its usual tree, no content captured
      CallTreeAssertions.forCall(view, call.callSid())
          .assertSession("twilio", call.callSid(), 1, "stop")
          .assertTreeShape(1);
      assertTrue(view.matching(VoiceSpans::isVoiceSpan).stream().allMatch(s -> s.stringAttr("input.value") == null),
          "content captured although capture-content was not validly turned on\n" + view.render());

      List<ForkedJvm.Line> warnings = bot.jvm().lines().stream()
          .filter(l -> l.text().startsWith("[voicetrace] WARN")).toList();
      for (String key : bad.keySet()) {
        String fullKey = P + key;
        List<ForkedJvm.Line> about = warnings.stream()
            .filter(l -> l.text().contains(fullKey + " ") || l.text().contains(fullKey + "'") || l.text().endsWith(fullKey)
                || l.text().contains(fullKey + " ("))
            .toList();
        assertEquals(1, about.size(), "warnings naming " + fullKey + ": " + about + "\nall warnings: " + warnings);
        assertTrue(about.get(0).text().contains(bad.get(key)), "the warning quotes the bad value: " + about.get(0));
      }
      assertEquals(bad.size(), warnings.size(), "one warning per bad key, nothing else: " + warnings);
    }
  }
}
