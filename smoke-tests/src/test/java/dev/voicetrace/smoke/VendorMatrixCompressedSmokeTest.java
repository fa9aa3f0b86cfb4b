package dev.voicetrace.smoke;

import dev.voicetrace.smoke.apps.VendorCalls;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link VendorMatrixSmokeTest}'s checks for every vendor response that is JSON or an event stream (Google's
 * base64 audio and transcripts, ElevenLabs' timestamps, OpenAI's and Cartesia's speech events, every transcription,
 * the Azure OpenAI chat stream) served compressed ({@link VendorCalls#servedCompressed}): gzip, as a JSON API answers
 * a client that accepts it, and deflate (the zlib format). A client that inflates the body does so before the app
 * reads (OkHttp gzip only, the Apache classic clients both); the others hand it over compressed, and the app inflates
 * it itself, as google-http-client does. Either way the span must carry what the app decoded: the audio bytes of
 * the base64 or event audio, the transcript, the usage and the time to first byte, read through the compression.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(150)
class VendorMatrixCompressedSmokeTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdk", "okhttp", "okhttp5", "apache", "urlconnection", "reactor-netty", "apache-async",
      "apache4"})
  void jsonAndEventStreamBodiesServedGzipAreReadThroughTheCompression(String client, SmokeEnv env) {
    VendorMatrixSmokeTest.check(env, client, "gzip");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdk", "okhttp", "okhttp5", "apache", "urlconnection", "reactor-netty", "apache-async",
      "apache4"})
  void jsonAndEventStreamBodiesServedDeflateAreReadThroughTheCompression(String client, SmokeEnv env) {
    VendorMatrixSmokeTest.check(env, client, "deflate");
  }
}
