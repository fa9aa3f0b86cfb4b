package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.harness.CallSimulator;
import dev.voicetrace.smoke.harness.CallTreeAssertions;
import dev.voicetrace.smoke.harness.FakeProviders.RecordedRequest;
import dev.voicetrace.smoke.harness.FixtureFacts;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceBot;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Function calling with openai-java: the bot offers {@code get_order_status}; on the caller's order
 * number the fake model streams a tool call, the bot runs the lookup (~150 ms), sends the
 * {@code tool} message back and streams the final answer. The lookup becomes an
 * {@code execute_tool get_order_status} span in that turn, between the two chat spans.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(180)
class ToolCallSmokeTest {

  private static final String SERVICE = "smoke-tool-call";
  private static final int UTTERANCES = FixtureFacts.ORDER_TOOL_LINE;

  @Test
  void theToolTheModelAskedForIsASpanOfItsTurnBetweenTheTwoChats(SmokeEnv env) {
    try (VoiceBot bot = env.plainBot(SERVICE).systemProperty(FixtureFacts.BOT_TOOLS_PROPERTY, "true").start()) {
      CallSimulator.Call call = CallSimulator.against(bot).protocol("twilio").hangup("stop")
          .utterances(UTTERANCES).run().assertSucceeded(1).onlyCall();
      assertEquals(UTTERANCES, call.replies(), "replies the caller heard");

      List<RecordedRequest> requests = env.providers().requestsOf(call.callSid());
      assertEquals(UTTERANCES + 1, requests.stream().filter(RecordedRequest::isChat).count(),
          "one chat request per turn, plus the tool follow-up: " + requests);
      TraceView view = VoiceSpans.awaitCallTrace(env.receiver(), SERVICE, call.callSid(), requests.size() + 1,
          Duration.ofSeconds(20));
      CallTreeAssertions t = CallTreeAssertions.forCall(view, call.callSid())
          .assertSession("twilio", call.callSid(), UTTERANCES, "stop")
          .assertTreeShape(UTTERANCES)
          .assertOneStageSpanPerRequest(requests);
      String where = t.where();

      List<ReceivedSpan> tools = t.spans(s -> s.name().startsWith("execute_tool"));
      assertEquals(1, tools.size(), "execute_tool spans" + where);
      ReceivedSpan tool = tools.get(0);
      assertEquals("execute_tool " + FixtureFacts.ORDER_TOOL, tool.name(), where);
      assertEquals("INTERNAL", tool.kind(), where);
      assertEquals("TOOL", tool.stringAttr("openinference.span.kind"), where);
      assertEquals("execute_tool", tool.stringAttr("gen_ai.operation.name"), where);
      assertEquals(FixtureFacts.ORDER_TOOL, tool.stringAttr("gen_ai.tool.name"), where);
      assertEquals(FixtureFacts.orderToolCallId(call.callSid()), tool.stringAttr("gen_ai.tool.call.id"),
          "the id of the call the fake model made" + where);
      assertEquals(t.session().stringAttr("session.id"), tool.stringAttr("session.id"), where);
      assertEquals(t.session().stringAttr("session.id"), tool.stringAttr("gen_ai.conversation.id"), where);
      assertNull(tool.attr("voice.tool.unanswered"), "the bot answered the tool call" + where);
      assertNull(tool.attr("gen_ai.tool.call.arguments"), "content capture is off" + where);
      assertNull(tool.attr("gen_ai.tool.call.result"), "content capture is off" + where);

      // the parent is the turn of the order line, which holds both chats; the other turn holds one and no tool
      List<ReceivedSpan> turns = t.turns();
      ReceivedSpan orderTurn = turns.get(FixtureFacts.ORDER_TOOL_LINE - 1);
      assertEquals(orderTurn.spanId(), tool.parentSpanId(), "execute_tool is a child of the turn" + where);
      List<ReceivedSpan> chats = view.children(orderTurn).stream().filter(VoiceSpans::isChat)
          .sorted(Comparator.comparingLong(ReceivedSpan::startEpochNanos)).toList();
      assertEquals(2, chats.size(), "the tool follow-up chat stays in the same turn" + where);
      for (ReceivedSpan other : turns) {
        if (other != orderTurn) {
          assertEquals(1, view.children(other).stream().filter(VoiceSpans::isChat).count(), where);
        }
      }
      ReceivedSpan asking = chats.get(0);
      ReceivedSpan followUp = chats.get(1);
      assertEquals(List.of("tool_calls"), asking.attr("gen_ai.response.finish_reasons"), where);
      assertEquals(FixtureFacts.ORDER_TOOL_CALL_COMPLETION_TOKENS, asking.longAttr("gen_ai.usage.output_tokens"), where);
      assertEquals(List.of("stop"), followUp.attr("gen_ai.response.finish_reasons"), where);
      assertEquals(FixtureFacts.completionTokens(FixtureFacts.ORDER_TOOL_LINE),
          followUp.longAttr("gen_ai.usage.output_tokens"), where);

      // the tool runs after the response that asked for it and before the request that brings its result
      assertTrue(tool.startEpochNanos() >= asking.endEpochNanos(),
          "execute_tool starts after the chat that requested it ends" + where);
      assertTrue(tool.endEpochNanos() <= followUp.startEpochNanos(),
          "execute_tool ends before the follow-up chat starts" + where);
      assertTrue(tool.durationSeconds() >= FixtureFacts.ORDER_LOOKUP_MILLIS / 1000.0,
          "execute_tool lasts at least the bot's " + FixtureFacts.ORDER_LOOKUP_MILLIS + " ms lookup, lasted "
              + tool.durationSeconds() + " s" + where);
      assertTrue(tool.endEpochNanos() <= orderTurn.endEpochNanos(), "the tool ends within its turn" + where);

      // nothing of the tool's arguments or result, nor any other content, without content capture
      CallTreeAssertions.assertNothingContains(env.receiver().spansOf(SERVICE), FixtureFacts.forbiddenInTelemetry());
    }
  }
}
