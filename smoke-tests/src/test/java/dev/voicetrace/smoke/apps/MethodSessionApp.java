package dev.voicetrace.smoke.apps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A tiny app whose "calls" are methods, for {@code otel.instrumentation.voicetrace.session.methods}.
 * JDK only: it is forked with nothing but this module's test classes on its class path.
 *
 * <p>Usage: {@code MethodSessionApp <fake provider base url>}. Runs, one after the other:
 * {@link #handleCall} (one streamed ElevenLabs TTS request with the JDK HttpClient),
 * {@link #handleAsync} (returns a future another thread completes {@value #ASYNC_DELAY_MS} ms later)
 * and {@link #handleFailing} (throws), printing a line after each.
 */
public class MethodSessionApp {

  public static final long ASYNC_DELAY_MS = 400;
  public static final String VOICE = "voice-method-app";

  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public MethodSessionApp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) throws Exception {
    MethodSessionApp app = new MethodSessionApp(args[0]);

    long bytes = app.handleCall("CA-method-sync");
    System.out.println("SYNC_DONE audioBytes=" + bytes);

    CompletableFuture<String> future = app.handleAsync("CA-method-async");
    System.out.println("ASYNC_RETURNED done=" + future.isDone());
    System.out.println("ASYNC_COMPLETED value=" + future.join());

    try {
      app.handleFailing("CA-method-failing");
      System.out.println("FAILING_NOT_THROWN");
    } catch (IllegalStateException e) {
      System.out.println("FAILING_CAUGHT " + e);
    }
    System.out.println("APP_DONE");
  }

  /** One call: speaks a sentence through the fake ElevenLabs streaming endpoint, returns the audio bytes read. */
  public long handleCall(String callSid) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create(baseUrl + "/v1/text-to-speech/" + VOICE + "/stream?output_format=ulaw_8000"))
        .header("Content-Type", "application/json")
        .header("xi-api-key", "xi-method-app-key")
        .header("x-call-sid", callSid)
        .timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"text\":\"Your table for two is booked.\",\"model_id\":\"eleven_flash_v2_5\"}"))
        .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("TTS answered " + response.statusCode());
    }
    return response.body().length;
  }

  /** A call whose work finishes on another thread after the method has returned. */
  public CompletableFuture<String> handleAsync(String callSid) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Thread worker = new Thread(() -> {
      try {
        Thread.sleep(ASYNC_DELAY_MS); // the app's own slow work, not test synchronisation
        result.complete(callSid + " done");
      } catch (InterruptedException e) {
        result.completeExceptionally(e);
      }
    }, "method-app-worker");
    worker.start();
    return result;
  }

  /** A call that fails. */
  public void handleFailing(String callSid) {
    throw new IllegalStateException("simulated failure in " + callSid);
  }
}
