package dev.voicetrace.core.session;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.voicetrace.bootstrap.ProviderCall;
import org.junit.jupiter.api.Test;

/**
 * Work handed off inside a call (a {@code CompletableFuture} stage, a timer task) runs in that call's
 * session wherever it runs, except work registered while a provider call is still sending its request:
 * that is the HTTP client's own (the JDK client chains dozens of stages per request) and is left alone.
 */
class HandoffsTest {

  @Test
  void workRegisteredInACallRunsInItsSessionButNotTheClientsOwnWhileTheRequestIsSent() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      Object applications = new Object();
      Object clients = new Object();
      Object afterResponse = new Object();
      Object session;
      ProviderCall tts;
      try (AutoCloseable in = kit.runtime.enterConnection(conn)) {
        session = kit.runtime.currentSession();
        assertNotNull(session);
        kit.runtime.taskScheduled(applications);
        tts = kit.runtime.startHttpCall("jdk", "POST", VoiceKit.TTS_URL, h -> null);
        assertNotNull(tts);
        try (AutoCloseable sending = tts.makeCurrent()) {
          kit.runtime.taskScheduled(clients); // e.g. a stage HttpClient.sendAsync chains inside send
        }
        tts.responseHeaders(200, VoiceKit.headers("content-type", "audio/basic"));
        try (AutoCloseable callback = tts.makeCurrent()) {
          kit.runtime.taskScheduled(afterResponse); // the application's, in a callback of the response
        }
      }
      assertNull(kit.runtime.currentSession(), "no session current here");

      try (AutoCloseable running = kit.runtime.taskRunning(applications)) {
        assertNotNull(running, "the application's stage enters the session it was registered in");
        assertSame(session, kit.runtime.currentSession());
      }
      assertNull(kit.runtime.taskRunning(clients), "the client's own stage, registered while the request was sent");
      try (AutoCloseable running = kit.runtime.taskRunning(afterResponse)) {
        assertNotNull(running, "a stage registered after the response arrived, under the call's context");
        assertSame(session, kit.runtime.currentSession());
      }
      tts.completed();
      kit.runtime.connectionClosed(conn);
    }
  }
}
