package dev.voicetrace.smoke.apps;

import java.io.InputStream;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * The {@link ClientScenarios} over Apache HttpClient 5 classic, through different {@code execute}
 * overloads: {@code execute(request)} with {@code EntityUtils.toByteArray}, {@code execute(request)}
 * read partially then closed, {@code execute(host, request, handler)} reading the content as a
 * stream, {@code execute(request, handler)} with a one-shot streamed request body for the chat, and
 * {@code execute(request)} answered 500.
 *
 * <p>Usage: {@code ApacheHttpClient5App <fake provider base url>}; prints {@code APP_DONE}.
 */
public class ApacheHttpClient5App {
  private final String baseUrl;
  private final CloseableHttpClient http = HttpClients.createDefault();

  ApacheHttpClient5App(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) throws Exception {
    ApacheHttpClient5App app = new ApacheHttpClient5App(args[0]);
    app.ttsFull();
    app.ttsPartial();
    app.ttsStream();
    app.chatStream();
    app.ttsFail();
    app.http.close();
    System.out.println("APP_DONE");
  }

  private HttpPost tts(String voice) {
    HttpPost post = new HttpPost(baseUrl + ClientScenarios.ttsPath(voice));
    post.setHeader("xi-api-key", "xi-apache-app-key");
    post.setEntity(new StringEntity(ClientScenarios.ttsJson(), ContentType.APPLICATION_JSON));
    return post;
  }

  public void ttsFull() throws Exception {
    try (CloseableHttpResponse response = http.execute(tts(ClientScenarios.VOICE_FULL))) {
      ClientScenarios.report("ttsFull", response.getCode(), EntityUtils.toByteArray(response.getEntity()));
    }
  }

  public void ttsPartial() throws Exception {
    CloseableHttpResponse response = http.execute(tts(ClientScenarios.VOICE_PARTIAL));
    byte[] head = ClientScenarios.readAtMost(response.getEntity().getContent(), ClientScenarios.PARTIAL_BYTES);
    ClientScenarios.done();
    response.close(); // barge-in: the rest of the audio is not wanted (the client may drain it first)
    ClientScenarios.report("ttsPartial", response.getCode(), head);
  }

  public void ttsStream() throws Exception {
    HttpPost post = tts(ClientScenarios.VOICE_STREAM);
    HttpHost host = HttpHost.create(baseUrl);
    byte[][] body = new byte[1][];
    int status = http.execute(host, post, (ClassicHttpResponse response) -> {
      try (InputStream in = response.getEntity().getContent()) {
        body[0] = ClientScenarios.readInPieces(in, 256);
      }
      return response.getCode();
    });
    ClientScenarios.report("ttsStream", status, body[0]);
  }

  public void chatStream() throws Exception {
    HttpPost post = new HttpPost(baseUrl + "/v1/chat/completions");
    post.setHeader("Authorization", "Bearer sk-apache-app");
    byte[] json = ClientScenarios.chatJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    // a one-shot body: the instrumentation must not read it before the client does
    post.setEntity(new InputStreamEntity(new java.io.ByteArrayInputStream(json), json.length,
        ContentType.APPLICATION_JSON));
    byte[][] body = new byte[1][];
    int status = http.execute(post, (ClassicHttpResponse response) -> {
      body[0] = ClientScenarios.readInPieces(response.getEntity().getContent(), 64);
      return response.getCode();
    });
    ClientScenarios.report("chatStream", status, body[0], ClientScenarios.chatContent(body[0]));
  }

  public void ttsFail() throws Exception {
    try (CloseableHttpResponse response = http.execute(tts(ClientScenarios.VOICE_FAIL))) {
      ClientScenarios.report("ttsFail", response.getCode(), EntityUtils.toByteArray(response.getEntity()));
    }
  }
}
