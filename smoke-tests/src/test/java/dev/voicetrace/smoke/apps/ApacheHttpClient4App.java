package dev.voicetrace.smoke.apps;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.http.HttpHost;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.InputStreamEntity;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * The {@link ClientScenarios} over Apache HttpClient 4.5 classic (the AWS SDK v2's default client, and
 * many older bots'), through different {@code execute} overloads: {@code execute(request)} with {@code
 * EntityUtils.toByteArray}, {@code execute(request)} read partially then the response closed (which in
 * 4.x releases the connection without closing the content stream), {@code execute(host, request,
 * handler)} reading the content as a stream, {@code execute(request, handler)} with a one-shot streamed
 * request body for the chat, and {@code execute(request)} answered 500.
 *
 * <p>Usage: {@code ApacheHttpClient4App <fake provider base url>}; prints {@code APP_DONE}.
 */
public class ApacheHttpClient4App {
  private final String baseUrl;
  private final CloseableHttpClient http = HttpClients.createDefault();

  ApacheHttpClient4App(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) throws Exception {
    ApacheHttpClient4App app = new ApacheHttpClient4App(args[0]);
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
    post.setHeader("xi-api-key", "xi-apache4-app-key");
    post.setEntity(new StringEntity(ClientScenarios.ttsJson(), ContentType.APPLICATION_JSON));
    return post;
  }

  public void ttsFull() throws Exception {
    try (CloseableHttpResponse response = http.execute(tts(ClientScenarios.VOICE_FULL))) {
      ClientScenarios.report("ttsFull", response.getStatusLine().getStatusCode(),
          EntityUtils.toByteArray(response.getEntity()));
    }
  }

  public void ttsPartial() throws Exception {
    CloseableHttpResponse response = http.execute(tts(ClientScenarios.VOICE_PARTIAL));
    byte[] head = ClientScenarios.readAtMost(response.getEntity().getContent(), ClientScenarios.PARTIAL_BYTES);
    ClientScenarios.done();
    response.close(); // barge-in: the rest of the audio is not wanted (the client may drain it first)
    ClientScenarios.report("ttsPartial", response.getStatusLine().getStatusCode(), head);
  }

  public void ttsStream() throws Exception {
    HttpPost post = tts(ClientScenarios.VOICE_STREAM);
    HttpHost host = HttpHost.create(baseUrl);
    byte[][] body = new byte[1][];
    int status = http.execute(host, post, response -> {
      try (InputStream in = response.getEntity().getContent()) {
        body[0] = ClientScenarios.readInPieces(in, 256);
      }
      return response.getStatusLine().getStatusCode();
    });
    ClientScenarios.report("ttsStream", status, body[0]);
  }

  public void chatStream() throws Exception {
    HttpPost post = new HttpPost(baseUrl + "/v1/chat/completions");
    post.setHeader("Authorization", "Bearer sk-apache4-app");
    byte[] json = ClientScenarios.chatJson().getBytes(StandardCharsets.UTF_8);
    // a one-shot body: the instrumentation must not read it before the client does
    post.setEntity(new InputStreamEntity(new java.io.ByteArrayInputStream(json), json.length,
        ContentType.APPLICATION_JSON));
    byte[][] body = new byte[1][];
    int status = http.execute(post, response -> {
      body[0] = ClientScenarios.readInPieces(response.getEntity().getContent(), 64);
      return response.getStatusLine().getStatusCode();
    });
    ClientScenarios.report("chatStream", status, body[0], ClientScenarios.chatContent(body[0]));
  }

  public void ttsFail() throws Exception {
    try (CloseableHttpResponse response = http.execute(tts(ClientScenarios.VOICE_FAIL))) {
      ClientScenarios.report("ttsFail", response.getStatusLine().getStatusCode(),
          EntityUtils.toByteArray(response.getEntity()));
    }
  }
}
