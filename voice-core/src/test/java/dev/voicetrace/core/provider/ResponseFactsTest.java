package dev.voicetrace.core.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class ResponseFactsTest {

  @Test
  void contentDeltasCountAsContentAndAreKeptUpToTheLimit() {
    ResponseFacts f = new ResponseFacts(100);
    assertFalse(f.chatChunk(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null)), "a role-only delta is not content");
    assertTrue(f.chatChunk(chunk("{\"content\":\"Hello\"}", null)));
    assertTrue(f.chatChunk(chunk("{\"content\":\" there\"}", null)));
    assertEquals("Hello there", f.output.toString());
    assertEquals("chatcmpl-1", f.id);
    assertEquals("gpt-4o-mini-2024-07-18", f.model);
    assertEquals(3, f.dataEvents);
  }

  @Test
  void toolCallDeltasCountAsContent() {
    ResponseFacts f = new ResponseFacts(100);
    assertTrue(f.chatChunk(chunk(
        "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", null)));
    assertTrue(f.chatChunk(chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}", null)));
    assertEquals("", f.output.toString());
  }

  /**
   * A streamed spoken answer ({@code modalities} with audio) carries no {@code content}: its words come as
   * the audio's transcript deltas, and an audio-only delta is content too (the caller hears it), though
   * its base64 is never kept.
   */
  @Test
  void streamedSpokenAnswersCountAudioAsContentAndKeepTheTranscript() {
    ResponseFacts f = new ResponseFacts(100);
    assertFalse(f.chatChunk(chunk("{\"role\":\"assistant\",\"content\":null}", null)));
    assertTrue(f.chatChunk(chunk("{\"audio\":{\"id\":\"audio_1\",\"data\":\"UklGRgAAAAA=\"}}", null)),
        "the first audio delta is the first content");
    assertTrue(f.chatChunk(chunk("{\"audio\":{\"transcript\":\"Your order \"}}", null)));
    assertTrue(f.chatChunk(chunk("{\"audio\":{\"transcript\":\"ships today.\"}}", null)));
    assertFalse(f.chatChunk(chunk("{\"audio\":{\"expires_at\":1700000000}}", "\"stop\"")));
    assertEquals("Your order ships today.", f.output.toString());
  }

  /**
   * Errors reported inside a 200 stream, in each dialect's shape: the first one names the failure
   * (its code, else its type, else a status code), ends the stream, and no message is kept.
   */
  @Test
  void errorEventsInsideAStreamNameTheFailureAndEndTheStream() {
    ResponseFacts chat = new ResponseFacts(100);
    assertTrue(chat.chatChunk(chunk("{\"content\":\"Hi\"}", null)));
    assertNull(chat.streamError);
    assertFalse(chat.chatChunk("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"code\":null}}"));
    assertEquals("server_error", chat.streamError);
    assertTrue(chat.streamFinished);
    chat.chatChunk("{\"error\":{\"type\":\"second_error\"}}");
    assertEquals("server_error", chat.streamError, "the first error counts");
    assertEquals("Hi", chat.output.toString(), "no error message in the output");

    ResponseFacts responses = new ResponseFacts(0);
    responses.responsesEvent("{\"type\":\"error\",\"code\":\"ERR_SOMETHING\",\"message\":\"x\",\"sequence_number\":3}");
    assertEquals("ERR_SOMETHING", responses.streamError);
    ResponseFacts failed = new ResponseFacts(0);
    failed.responsesEvent("{\"type\":\"response.failed\",\"response\":{\"id\":\"resp_1\",\"status\":\"failed\","
        + "\"model\":\"gpt-4o\",\"error\":{\"code\":\"server_error\",\"message\":\"x\"}}}");
    assertEquals("server_error", failed.streamError);
    assertEquals(Collections.singletonList("error"), failed.finishReasons);
    assertEquals("gpt-4o", failed.model);

    ResponseFacts cartesia = new ResponseFacts(0);
    cartesia.speechEvent("{\"type\":\"error\",\"error\":\"voice not found\",\"status_code\":400,\"done\":true}");
    assertEquals("400", cartesia.streamError);
    ResponseFacts openAiSpeech = new ResponseFacts(0);
    openAiSpeech.speechEvent("{\"type\":\"error\",\"error\":{\"type\":\"server_error\",\"message\":\"x\"}}");
    assertEquals("server_error", openAiSpeech.streamError);
    ResponseFacts bare = new ResponseFacts(0);
    bare.speechEvent("{\"type\":\"error\"}");
    assertEquals("stream_error", bare.streamError);
  }

  @Test
  void aNullOrAbsentErrorMemberIsNoError() {
    ResponseFacts f = new ResponseFacts(0);
    f.chatChunk("{\"id\":\"c\",\"error\":null,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}");
    assertNull(f.streamError);
    assertFalse(f.streamFinished);
  }

  @Test
  void finishReasonsAreCollected() {
    ResponseFacts f = new ResponseFacts(0);
    assertFalse(f.chatChunk(chunk("{}", "\"stop\"")));
    assertFalse(f.chatChunk(chunk("{}", "null")));
    assertEquals(Collections.singletonList("stop"), f.finishReasons);
    ResponseFacts two = new ResponseFacts(0);
    two.chatChunk("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"},"
        + "{\"index\":1,\"delta\":{},\"finish_reason\":\"length\"}]}");
    assertEquals(Arrays.asList("stop", "length"), two.finishReasons);
  }

  @Test
  void theUsageChunkGivesTokensIncludingCachedAndAudio() {
    ResponseFacts f = new ResponseFacts(0);
    assertFalse(f.chatChunk("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[],"
        + "\"usage\":{\"prompt_tokens\":1200,\"completion_tokens\":48,\"total_tokens\":1248,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":1024,\"audio_tokens\":7},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":9}}}"));
    assertEquals(1200L, f.inputTokens);
    assertEquals(48L, f.outputTokens);
    assertEquals(1024L, f.cachedInputTokens);
    assertEquals(7L, f.audioInputTokens);
    assertEquals(9L, f.audioOutputTokens);
  }

  @Test
  void responsesStyleUsageNamesAreReadToo() {
    ResponseFacts f = new ResponseFacts(0);
    f.chatChunk("{\"choices\":[],\"usage\":{\"input_tokens\":10,\"output_tokens\":3,\"input_tokens_details\":{\"cached_tokens\":4}}}");
    assertEquals(10L, f.inputTokens);
    assertEquals(3L, f.outputTokens);
    assertEquals(4L, f.cachedInputTokens);
  }

  @Test
  void aNullUsageOnEveryChunkDoesNotEraseTheRealOne() {
    ResponseFacts f = new ResponseFacts(0);
    f.chatChunk("{\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}");
    f.chatChunk("{\"choices\":[{\"delta\":{\"content\":\"x\"}}],\"usage\":null}");
    assertEquals(5L, f.inputTokens);
    assertEquals(2L, f.outputTokens);
  }

  @Test
  void doneAndGarbageAreCountedButCarryNothing() {
    ResponseFacts f = new ResponseFacts(100);
    assertFalse(f.chatChunk("[DONE]"));
    assertFalse(f.chatChunk("{\"choices\":[{\"delta\":{\"content\":\"cut"));
    assertFalse(f.chatChunk("<html>502 Bad Gateway</html>"));
    assertFalse(f.chatChunk(""));
    assertFalse(f.chatChunk("{\"choices\":\"not a list\",\"usage\":[1]}"));
    assertFalse(f.chatChunk("{\"choices\":[42,null,{\"delta\":\"text\"}]}"));
    assertEquals(6, f.dataEvents);
    assertEquals("", f.output.toString());
    assertTrue(f.finishReasons.isEmpty());
    assertNull(f.inputTokens);
    assertNull(f.model);
    assertNull(f.id);
  }

  @Test
  void outputIsBoundedByTheLimitAndZeroKeepsNothing() {
    ResponseFacts limited = new ResponseFacts(8);
    limited.chatChunk(chunk("{\"content\":\"Hello\"}", null));
    limited.chatChunk(chunk("{\"content\":\", world\"}", null));
    limited.chatChunk(chunk("{\"content\":\"!!!\"}", null));
    assertEquals("Hello, w", limited.output.toString());
    ResponseFacts none = new ResponseFacts(0);
    assertTrue(none.chatChunk(chunk("{\"content\":\"secret\"}", null)), "content is still detected");
    assertEquals("", none.output.toString());
  }

  @Test
  void aWholeChatBody() {
    ResponseFacts f = new ResponseFacts(100);
    f.chatBody("{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-2024-08-06\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Sure, one moment.\"},"
        + "\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":0}}}");
    assertEquals("chatcmpl-9", f.id);
    assertEquals("gpt-4o-2024-08-06", f.model);
    assertEquals("Sure, one moment.", f.output.toString());
    assertEquals(Collections.singletonList("stop"), f.finishReasons);
    assertEquals(20L, f.inputTokens);
    assertEquals(5L, f.outputTokens);
    assertEquals(0L, f.cachedInputTokens);
  }

  @Test
  void aChatBodyWithAToolCallHasNoTextButItsFinishReason() {
    ResponseFacts f = new ResponseFacts(100);
    f.chatBody("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c\"}]},"
        + "\"finish_reason\":\"tool_calls\"}]}");
    assertEquals("", f.output.toString());
    assertEquals(Collections.singletonList("tool_calls"), f.finishReasons);
  }

  @Test
  void garbageChatAndTranscriptionBodiesAddNothing() {
    for (String body : new String[] {"", "{", "[]", "null", "{\"error\":{\"message\":\"rate limited\"}}", "\u0000\u0001"}) {
      ResponseFacts f = new ResponseFacts(100);
      f.chatBody(body);
      f.transcriptionBody(body);
      assertEquals("", f.output.toString(), body);
      assertNull(f.model, body);
      assertNull(f.inputTokens, body);
      assertNull(f.audioDurationSeconds, body);
      assertNull(f.language, body);
      assertTrue(f.finishReasons.isEmpty(), body);
    }
  }

  @Test
  void aTranscriptionBodyWithDurationAndLanguage() {
    ResponseFacts f = new ResponseFacts(100);
    f.transcriptionBody("{\"task\":\"transcribe\",\"language\":\"english\",\"duration\":2.5,"
        + "\"text\":\"I'd like to book a table.\"}");
    assertEquals("I'd like to book a table.", f.output.toString());
    assertEquals("english", f.language);
    assertEquals(2.5, f.audioDurationSeconds);
  }

  @Test
  void aTranscriptionBodyWithTokenUsage() {
    ResponseFacts f = new ResponseFacts(0);
    f.transcriptionBody("{\"text\":\"Hi\",\"usage\":{\"type\":\"tokens\",\"input_tokens\":14,\"output_tokens\":2,"
        + "\"input_token_details\":{\"audio_tokens\":14}}}");
    assertEquals(14L, f.inputTokens);
    assertEquals(2L, f.outputTokens);
    assertNull(f.audioDurationSeconds);
    assertEquals("", f.output.toString(), "the limit 0 keeps no transcript");
  }

  @Test
  void aTranscriptionBodyWithDurationUsage() {
    ResponseFacts f = new ResponseFacts(100);
    f.transcriptionBody("{\"text\":\"Hi\",\"usage\":{\"type\":\"duration\",\"seconds\":3}}");
    assertEquals(3.0, f.audioDurationSeconds);
    ResponseFacts both = new ResponseFacts(100);
    both.transcriptionBody("{\"text\":\"Hi\",\"duration\":1.25,\"usage\":{\"type\":\"duration\",\"seconds\":3}}");
    assertEquals(1.25, both.audioDurationSeconds, "the precise duration wins over the billed seconds");
  }

  @Test
  void aLongTranscriptIsTruncatedToTheLimit() {
    ResponseFacts f = new ResponseFacts(5);
    f.transcriptionBody("{\"text\":\"abcdefghij\"}");
    assertEquals("abcde", f.output.toString());
  }

  private static String chunk(String delta, String finishReason) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini-2024-07-18\","
        + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
        + (finishReason == null ? "null" : finishReason) + "}]}";
  }
}
