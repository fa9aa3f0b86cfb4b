package dev.voicetrace.clients;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.ResponsePublisher;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.polly.PollyAsyncClient;
import software.amazon.awssdk.services.polly.PollyClient;
import software.amazon.awssdk.services.polly.model.Engine;
import software.amazon.awssdk.services.polly.model.OutputFormat;
import software.amazon.awssdk.services.polly.model.SynthesizeSpeechRequest;
import software.amazon.awssdk.services.polly.model.SynthesizeSpeechResponse;
import software.amazon.awssdk.services.polly.model.VoiceId;

/**
 * The AWS SDK for Java v2 Polly client as a bot uses it: {@code synthesizeSpeech(request)} (a {@code
 * ResponseInputStream} read to its end and closed) and {@code synthesizeSpeech(request,
 * ResponseTransformer.toBytes())}, on the SDK's HTTP clients: {@code UrlConnectionHttpClient}
 * ({@code HttpURLConnection}), {@code Apache5HttpClient} (Apache HttpClient 5 classic), {@code
 * ApacheHttpClient} (Apache HttpClient 4.5, the SDK's default), {@code AwsCrtHttpClient} (the AWS Common
 * Runtime's native client) and, for {@code PollyAsyncClient},
 * {@code NettyNioAsyncHttpClient} and {@code AwsCrtAsyncHttpClient} ({@code AsyncResponseTransformer.toBytes()}). Each scenario is one
 * method (a configured session method) making one request with its own client; the endpoint is
 * overridden to the fake provider server, credentials are static and fake, the region us-east-1, so
 * the SDK signs (SigV4) and sends what it would send to Polly.
 *
 * <p>Prints {@code RESULT scenario=… status=… bytes=… sha256=… characters=… contentType=…
 * requestId=… endMicros=…} per scenario ({@code characters}: the SDK's {@code requestCharacters()},
 * from the {@code x-amzn-RequestCharacters} header; {@code endMicros}: when the app had the whole body,
 * epoch µs), then {@code APP_DONE}.
 *
 * <p>Usage: {@code AwsPollyApp <fake provider base url> <scenario>...}.
 */
public class AwsPollyApp {
  /** Where {@code nettyAsyncCancel} stops listening (the PCM reply is 105,600 bytes). */
  public static final int PARTIAL_BYTES = 8000;
  /** Spoken by every scenario; its length is what Polly bills. */
  public static final String TEXT = "Your table for four is booked for seven thirty tonight.";

  private final String baseUrl;

  AwsPollyApp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) {
    AwsPollyApp app = new AwsPollyApp(args[0]);
    Map<String, Runnable> scenarios = new LinkedHashMap<>();
    scenarios.put("urlConnectionStream", app::urlConnectionStream);
    scenarios.put("urlConnectionBytes", app::urlConnectionBytes);
    scenarios.put("apache5Stream", app::apache5Stream);
    scenarios.put("apache5Bytes", app::apache5Bytes);
    scenarios.put("apache4Stream", app::apache4Stream);
    scenarios.put("apache4Bytes", app::apache4Bytes);
    scenarios.put("crtStream", app::crtStream);
    scenarios.put("crtBytes", app::crtBytes);
    scenarios.put("nettyAsyncBytes", app::nettyAsyncBytes);
    scenarios.put("crtAsyncBytes", app::crtAsyncBytes);
    scenarios.put("nettyAsyncCancel", app::nettyAsyncCancel);
    scenarios.put("crtAbort", app::crtAbort);
    for (int i = 1; i < args.length; i++) {
      Runnable scenario = scenarios.get(args[i]);
      if (scenario == null) {
        throw new IllegalArgumentException("unknown scenario " + args[i] + "; known: " + scenarios.keySet());
      }
      scenario.run();
    }
    System.out.println("APP_DONE");
    // netty's event loop threads are not daemons: exit as a bot's shutdown would
    System.exit(0);
  }

  /** 16 kHz PCM, read from the {@code ResponseInputStream}. */
  static SynthesizeSpeechRequest pcmRequest() {
    return SynthesizeSpeechRequest.builder().engine(Engine.NEURAL).outputFormat(OutputFormat.PCM).sampleRate("16000")
        .voiceId(VoiceId.JOANNA).text(TEXT).build();
  }

  /** 22.05 kHz MP3, read into bytes by a response transformer. */
  static SynthesizeSpeechRequest mp3Request() {
    return SynthesizeSpeechRequest.builder().engine(Engine.NEURAL).outputFormat(OutputFormat.MP3).sampleRate("22050")
        .voiceId(VoiceId.MATTHEW).text(TEXT).build();
  }

  public void urlConnectionStream() {
    withClient(UrlConnectionHttpClient.create(), AwsPollyApp::readStream, "urlConnectionStream");
  }

  public void urlConnectionBytes() {
    withClient(UrlConnectionHttpClient.create(), AwsPollyApp::readBytes, "urlConnectionBytes");
  }

  public void apache5Stream() {
    withClient(Apache5HttpClient.create(), AwsPollyApp::readStream, "apache5Stream");
  }

  public void apache5Bytes() {
    withClient(Apache5HttpClient.create(), AwsPollyApp::readBytes, "apache5Bytes");
  }

  public void apache4Stream() {
    withClient(ApacheHttpClient.create(), AwsPollyApp::readStream, "apache4Stream");
  }

  public void apache4Bytes() {
    withClient(ApacheHttpClient.create(), AwsPollyApp::readBytes, "apache4Bytes");
  }

  /** The AWS Common Runtime's synchronous client (native HTTP: no Java HTTP client under it). */
  public void crtStream() {
    withClient(AwsCrtHttpClient.create(), AwsPollyApp::readStream, "crtStream");
  }

  public void crtBytes() {
    withClient(AwsCrtHttpClient.create(), AwsPollyApp::readBytes, "crtBytes");
  }

  /** {@code PollyAsyncClient} on the Netty client, the body gathered by {@code AsyncResponseTransformer.toBytes()}. */
  public void nettyAsyncBytes() {
    withAsyncClient(NettyNioAsyncHttpClient.create(), "nettyAsyncBytes");
  }

  /** The same on the AWS Common Runtime's async client. */
  public void crtAsyncBytes() {
    withAsyncClient(AwsCrtAsyncHttpClient.create(), "crtAsyncBytes");
  }

  private void withAsyncClient(SdkAsyncHttpClient http, String scenario) {
    try (PollyAsyncClient polly = asyncClient(http)) {
      ResponseBytes<SynthesizeSpeechResponse> out =
          polly.synthesizeSpeech(mp3Request(), AsyncResponseTransformer.toBytes()).join();
      report(scenario, out.response(), out.asByteArray(), nowMicros());
    }
  }

  /**
   * Barge-in on {@code PollyAsyncClient} (Netty): the PCM audio taken as a publisher ({@code
   * AsyncResponseTransformer.toPublisher()}), one buffer at a time, and the subscription cancelled once
   * {@link #PARTIAL_BYTES} have arrived; {@code endMicros} is the moment of the cancel.
   */
  public void nettyAsyncCancel() {
    try (PollyAsyncClient polly = asyncClient(NettyNioAsyncHttpClient.create())) {
      ResponsePublisher<SynthesizeSpeechResponse> audio =
          polly.synthesizeSpeech(pcmRequest(), AsyncResponseTransformer.toPublisher()).join();
      ByteArrayOutputStream heard = new ByteArrayOutputStream();
      CompletableFuture<Long> cancelledAt = new CompletableFuture<>();
      audio.subscribe(new Subscriber<ByteBuffer>() {
        private Subscription subscription;

        @Override
        public void onSubscribe(Subscription s) {
          subscription = s;
          s.request(1);
        }

        @Override
        public void onNext(ByteBuffer buffer) {
          byte[] bytes = new byte[buffer.remaining()];
          buffer.get(bytes);
          heard.write(bytes, 0, bytes.length);
          if (heard.size() >= PARTIAL_BYTES) {
            long at = nowMicros();
            subscription.cancel(); // the caller spoke: the rest of the audio is not wanted
            cancelledAt.complete(at);
          } else {
            subscription.request(1);
          }
        }

        @Override
        public void onError(Throwable t) {
          cancelledAt.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
          cancelledAt.complete(nowMicros()); // the whole body was smaller: no barge-in happened
        }
      });
      long at = cancelledAt.join();
      report("nettyAsyncCancel", audio.response(), heard.toByteArray(), at);
    }
  }

  /**
   * Barge-in on the CRT synchronous client: {@link #PARTIAL_BYTES} of the PCM audio read from the {@code
   * ResponseInputStream}, then {@code abort()} (the rest is not wanted); {@code endMicros} is the abort.
   */
  public void crtAbort() {
    withClient(AwsCrtHttpClient.create(), (polly, scenario) -> {
      ResponseInputStream<SynthesizeSpeechResponse> in = polly.synthesizeSpeech(pcmRequest());
      try {
        byte[] heard = in.readNBytes(PARTIAL_BYTES);
        long at = nowMicros();
        in.abort();
        report(scenario, in.response(), heard, at);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, "crtAbort");
  }

  private PollyAsyncClient asyncClient(SdkAsyncHttpClient http) {
    return PollyAsyncClient.builder()
        .endpointOverride(URI.create(baseUrl))
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials())
        .httpClient(http)
        .build();
  }

  private interface Read {
    void read(PollyClient polly, String scenario);
  }

  private void withClient(SdkHttpClient http, Read read, String scenario) {
    try (PollyClient polly = PollyClient.builder()
        .endpointOverride(URI.create(baseUrl))
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials())
        .httpClient(http)
        .build()) {
      read.read(polly, scenario);
    }
  }

  private static void readStream(PollyClient polly, String scenario) {
    try (ResponseInputStream<SynthesizeSpeechResponse> in = polly.synthesizeSpeech(pcmRequest())) {
      byte[] audio = in.readAllBytes();
      long end = nowMicros();
      report(scenario, in.response(), audio, end);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void readBytes(PollyClient polly, String scenario) {
    ResponseBytes<SynthesizeSpeechResponse> out = polly.synthesizeSpeech(mp3Request(), ResponseTransformer.toBytes());
    report(scenario, out.response(), out.asByteArray(), nowMicros());
  }

  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAFAKEVOICETRACE01", "fake/secret/key"));
  }

  private static long nowMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  private static void report(String scenario, SynthesizeSpeechResponse response, byte[] audio, long endMicros) {
    System.out.println("RESULT scenario=" + scenario + " status=" + response.sdkHttpResponse().statusCode()
        + " bytes=" + audio.length + " sha256=" + sha256(audio) + " characters=" + response.requestCharacters()
        + " contentType=" + response.contentType() + " requestId=" + response.responseMetadata().requestId()
        + " endMicros=" + endMicros);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
