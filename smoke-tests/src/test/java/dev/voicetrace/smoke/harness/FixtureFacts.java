package dev.voicetrace.smoke.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * What the sample bot and its fake provider server are known to send and answer, copied from
 * {@code sample-bot/src/main/java/dev/voicetrace/sample/} ({@code call/BotConfig}, {@code providers/*},
 * {@code fake/CallScript}, {@code fake/ChatCompletionsRoute}, {@code fake/TextToSpeechRoute}). Kept in
 * one place so that a change of the fixture is a one-file change here.
 */
public final class FixtureFacts {

  private FixtureFacts() {}

  public static final String STT_MODEL = "gpt-4o-mini-transcribe";
  public static final String CHAT_MODEL = "gpt-4o-mini";
  /** The fake server answers {@code <requested model>-2024-07-18}. */
  public static final String CHAT_RESPONSE_MODEL = CHAT_MODEL + "-2024-07-18";
  public static final String TTS_MODEL = "eleven_flash_v2_5";
  public static final String TTS_VOICE = "21m00Tcm4TlvDq8ikWAM";

  /** BotConfig.withFakeKeys. */
  public static final String OPENAI_API_KEY = "sk-fake-voicetrace-sample";
  public static final String ELEVENLABS_API_KEY = "xi-fake-voicetrace-sample";

  /** ReplyGenerator.PERSONA, the system prompt. */
  static final String PERSONA = "You are a friendly phone agent for an online store. "
      + "Answer in one or two short sentences; you are speaking, not writing.";

  /**
   * ReplyGenerator.TOOLS_PROPERTY: with this system property {@code true} the bot offers the model the
   * {@link #ORDER_TOOL} function (off by default, so the other tests see one chat request per turn).
   */
  public static final String BOT_TOOLS_PROPERTY = "sample.bot.tools";

  /** ReplyGenerator.ORDER_TOOL / CallScript.ORDER_TOOL: the function the bot offers and the fake model calls. */
  public static final String ORDER_TOOL = "get_order_status";

  /** ReplyGenerator.ORDER_LOOKUP_MILLIS: how long the bot's (simulated) order lookup takes. */
  public static final long ORDER_LOOKUP_MILLIS = 150;

  /**
   * CallScript: the caller line (1-based; "The order number is four two seven one.") that the fake model
   * answers with a call to {@link #ORDER_TOOL} when the request offers it, then, once the request carries the
   * tool's result, with the scripted reply. That turn has two chat requests.
   */
  public static final int ORDER_TOOL_LINE = 2;

  /** CallScript.orderToolCallId: the id of the fake model's tool call in call {@code callSid}. */
  public static String orderToolCallId(String callSid) {
    return "call_ord_" + callSid;
  }

  /**
   * ChatCompletionsRoute.Completion#usage: the tool-call response reports one completion token per
   * argument fragment (CallScript.ORDER_TOOL_ARGUMENT_FRAGMENTS, 7 of them).
   */
  public static final long ORDER_TOOL_CALL_COMPLETION_TOKENS = 7;

  /** CallScript: the caller's lines, transcribed in this order per call. */
  static final List<String> CALLER_LINES = List.of(
      "Hi, I'm calling about my order. It hasn't arrived yet.",
      "The order number is four two seven one.",
      "Can you deliver it tomorrow morning instead?",
      "Great, that's all I needed. Thanks!");

  /** CallScript: the fake model's answer to each caller line. */
  static final List<String> AGENT_LINES = List.of(
      "I'm sorry to hear that. Could you tell me your order number?",
      "Thanks. Order four two seven one is out for delivery and should arrive today.",
      "Sure, I've moved the delivery to tomorrow morning between eight and noon.",
      "You're welcome. Have a great day!");

  /**
   * Strings that must never appear in telemetry with default settings: both API keys, and fragments of
   * every transcript, reply, TTS text and the system prompt (fragments, so truncated content is caught too).
   */
  public static List<String> forbiddenInTelemetry() {
    List<String> forbidden = new ArrayList<>(List.of("sk-fake", ELEVENLABS_API_KEY, "friendly phone agent",
        "didn't catch that", "having trouble right now",
        // the order tool's arguments and result (ReplyGenerator.lookUpOrder): content, never without capture
        "order_number", "out_for_delivery"));
    for (String line : CALLER_LINES) {
      forbidden.add(line.substring(0, Math.min(18, line.length())));
    }
    for (String line : AGENT_LINES) {
      forbidden.add(line.substring(0, Math.min(18, line.length())));
    }
    return forbidden;
  }

  /** What the bot says in reply {@code n} (1-based) of a call: the TTS text of that turn. */
  public static String reply(int n) {
    return AGENT_LINES.get((n - 1) % AGENT_LINES.size());
  }

  private static String callerLine(int n) {
    return CALLER_LINES.get((n - 1) % CALLER_LINES.size());
  }

  /**
   * The fake server's {@code usage.completion_tokens} for the {@code n}-th chat request of a call: one
   * token per word of the reply (ChatCompletionsRoute.Completion#usage). Without tools (one chat request
   * per turn); with tools the {@link #ORDER_TOOL_LINE} turn's first request reports
   * {@link #ORDER_TOOL_CALL_COMPLETION_TOKENS} and its follow-up this turn's value.
   */
  public static long completionTokens(int n) {
    return reply(n).split(" ").length;
  }

  /**
   * The fake server's {@code usage.prompt_tokens} for the {@code n}-th chat request of a call: a quarter
   * of the characters of every message sent (system prompt, the dialogue so far, the new caller line).
   */
  public static long promptTokens(int n) {
    int chars = PERSONA.length();
    for (int i = 1; i < n; i++) {
      chars += callerLine(i).length() + reply(i).length();
    }
    chars += callerLine(n).length();
    return Math.max(1, chars / 4);
  }
}
