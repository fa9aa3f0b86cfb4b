package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.apps.SpeechVendorsApp;
import dev.voicetrace.smoke.harness.AgentProperties;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.ForkedJvm;
import dev.voicetrace.smoke.harness.ReceivedMetric;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each speech vendor's wire format (on the fake provider server) through the JDK {@code HttpClient}
 * with the agent: model, voice, characters, format and audio bytes on TTS spans (audio bytes equal to
 * what the app decoded and read), language, duration, confidence and the transcript (content capture
 * on) on STT spans.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class SpeechVendorsSmokeTest {
  private static final Pattern RESULT = Pattern.compile("RESULT scenario=(\\w+) status=(\\d+) audio=(\\d+) text=(.*)");
  private static final long CHARACTERS = SpeechVendorsApp.TEXT.length();

  @Test
  void everyVendorsSpanCarriesWhatItsBodiesSay(SmokeEnv env) {
    String service = "smoke-speech-vendors";
    String app = SpeechVendorsApp.class.getName();
    Map<String, String[]> seen = new HashMap<>();
    List<String> withoutAgent;
    List<String> withAgent;
    try (ForkedJvm jvm = ForkedJvm.builder(service)
        .javaagent(Artifacts.agentJar())
        .systemProperties(AgentProperties.exportingTo(env.receiver(), service))
        .systemProperty("otel.instrumentation.voicetrace.session.methods",
            app + "[" + String.join(",", SpeechVendorsApp.SCENARIOS) + "]")
        .systemProperty("otel.instrumentation.voicetrace.capture-content", "true")
        .mainClass(Artifacts.testClassesDir().toString(), app)
        .args(env.providers().baseUrl())
        .start();
        ForkedJvm plain = ForkedJvm.builder(service + "-plain")
            .mainClass(Artifacts.testClassesDir().toString(), app)
            .args(env.providers().baseUrl())
            .start()) {
      assertEquals(0, plain.awaitExit(Duration.ofSeconds(60)), "app without agent\n" + plain.tail());
      assertEquals(0, jvm.awaitExit(Duration.ofSeconds(60)), "app with agent\n" + jvm.tail());
      for (Matcher m : jvm.findLines(RESULT)) {
        seen.put(m.group(1), new String[] {m.group(2), m.group(3), m.group(4)});
      }
      withAgent = jvm.findLines(RESULT).stream().map(Matcher::group).toList();
      withoutAgent = plain.findLines(RESULT).stream().map(Matcher::group).toList();
    }
    assertEquals(SpeechVendorsApp.SCENARIOS.length, withoutAgent.size(), String.join("\n", withoutAgent));
    assertEquals(withoutAgent, withAgent, "the app sees the same status, audio and text with and without the agent");
    int n = SpeechVendorsApp.SCENARIOS.length;
    TraceView view = new TraceView(env.receiver().awaitServiceSpans(service, n + " sessions with a stage each",
        spans -> new TraceView(spans).sessions().size() >= n && spans.stream().filter(VoiceSpans::isStage).count() >= n,
        Duration.ofSeconds(20)));
    List<ReceivedSpan> sessions = view.sessions();
    assertEquals(n, sessions.size(), view.render());
    assertSttAudioMetric(env, service);

    for (int i = 0; i < n; i++) {
      String scenario = SpeechVendorsApp.SCENARIOS[i];
      String[] result = seen.get(scenario);
      assertNotNull(result, scenario + " printed no result");
      assertEquals("200", result[0], scenario);
      List<ReceivedSpan> stages = view.descendants(sessions.get(i)).stream().filter(VoiceSpans::isStage).toList();
      assertEquals(1, stages.size(), scenario + "\n" + view.render());
      ReceivedSpan s = stages.get(0);
      String where = scenario + ": " + s.describe();
      long audio = Long.parseLong(result[1]);
      String text = result[2];
      switch (scenario) {
        case "cartesiaBytes" -> tts(s, where, "cartesia", "sonic-2", "a0e99841-438c-4a64-b679-ae501e7d6091",
            "pcm_s16le_16000", audio);
        case "cartesiaSse" -> {
          tts(s, where, "cartesia", "sonic-2", "a0e99841-438c-4a64-b679-ae501e7d6091", "pcm_mulaw_8000", audio);
          assertEquals(Boolean.TRUE, s.boolAttr("voice.tts.streaming"), where);
        }
        case "azureTts" -> {
          tts(s, where, "azure.speech", null, "en-US-AvaNeural", "raw-8khz-8bit-mono-mulaw", audio);
          assertNotNull(s.stringAttr("voice.provider.request_id"), "X-RequestId\n" + where);
          assertEquals(SpeechVendorsApp.TEXT, s.stringAttr("voice.tts.text"), "the SSML's spoken text\n" + where);
        }
        case "googleTts" -> tts(s, where, "gcp.texttospeech", null, "en-US-Chirp3-HD-Charon", "linear16_16000", audio);
        case "polly" -> {
          tts(s, where, "aws.polly", "neural", "Joanna", "pcm_16000", audio);
          assertNotNull(s.stringAttr("voice.provider.request_id"), "x-amzn-RequestId\n" + where);
        }
        case "openAiSpeechSse" -> {
          tts(s, where, "openai", "gpt-4o-mini-tts", "coral", "pcm", audio);
          assertTrue(s.longAttr("gen_ai.usage.output_tokens") > 0, "usage of speech.audio.done\n" + where);
        }
        case "azureStt" -> stt(s, where, "azure.speech", null, "en-US", 1.5, 0.9312, text);
        case "googleStt" -> stt(s, where, "gcp.speech", "latest_short", "en-US", 2.0, 0.8, text);
        case "deepgramListen" -> {
          stt(s, where, "deepgram", "nova-3", "en", 1.5, 0.98, text);
          assertNotNull(s.stringAttr("voice.provider.request_id"), where);
        }
        case "openAiTranscriptionStream" -> {
          stt(s, where, "openai", "gpt-4o-mini-transcribe", null, null, null, text);
          assertTrue(s.longAttr("gen_ai.usage.input_tokens") > 0, "usage of transcript.text.done\n" + where);
        }
        default -> throw new AssertionError(scenario);
      }
    }
  }

  /** The STT calls' durations add up in the voice.stt.audio_duration counter, per provider. */
  private static void assertSttAudioMetric(SmokeEnv env, String service) {
    Map<String, Double> expected = Map.of("azure.speech", 1.5, "gcp.speech", 2.0, "deepgram", 1.5);
    List<ReceivedMetric> metrics = env.receiver().awaitMetrics("voice.stt.audio_duration of 3 providers",
        ms -> ms.stream().filter(m -> m.name().equals("voice.stt.audio_duration") && m.serviceName().equals(service))
            .flatMap(m -> m.points().stream()).map(p -> p.attributes().get("gen_ai.provider.name"))
            .collect(java.util.stream.Collectors.toSet()).containsAll(expected.keySet()),
        Duration.ofSeconds(20));
    for (ReceivedMetric m : metrics) {
      if (!m.name().equals("voice.stt.audio_duration") || !m.serviceName().equals(service)) {
        continue;
      }
      for (ReceivedMetric.Point p : m.points()) {
        Double want = expected.get(String.valueOf(p.attributes().get("gen_ai.provider.name")));
        if (want != null) {
          assertEquals(want, p.value(), 1e-9, "voice.stt.audio_duration " + p.attributes());
        }
      }
    }
  }

  private static void tts(ReceivedSpan s, String where, String provider, String model, String voice, String format,
      long appAudioBytes) {
    assertEquals(model == null ? "text_to_speech" : "text_to_speech " + model, s.name(), where);
    assertEquals(provider, s.stringAttr("gen_ai.provider.name"), where);
    assertEquals(voice, s.stringAttr("gen_ai.speech.voice"), where);
    assertEquals(CHARACTERS, s.longAttr("voice.tts.characters"), where);
    assertEquals(format, s.stringAttr("voice.tts.audio_format"), where);
    assertTrue(appAudioBytes > 0, where);
    assertEquals(appAudioBytes, s.longAttr("voice.tts.audio_bytes"), "audio bytes == what the app got\n" + where);
    assertNotNull(s.doubleAttr("voice.ttfb"), where);
  }

  private static void stt(ReceivedSpan s, String where, String provider, String model, String language,
      Double duration, Double confidence, String appText) {
    assertEquals(model == null ? "speech_to_text" : "speech_to_text " + model, s.name(), where);
    assertEquals(provider, s.stringAttr("gen_ai.provider.name"), where);
    assertEquals(language, s.stringAttr("gen_ai.speech.input.language"), where);
    assertEquals(duration, s.doubleAttr("voice.stt.audio_duration"), where);
    assertEquals(confidence, s.doubleAttr("voice.stt.confidence"), where);
    assertTrue(!appText.isEmpty(), where);
    assertEquals(appText, s.stringAttr("voice.stt.transcript"), "the transcript the app read\n" + where);
  }
}
