package dev.voicetrace.smoke.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A fresh self-signed certificate for {@code 127.0.0.1} (an EC key, valid two days), made with the JDK's
 * {@code keytool} in a temporary directory: the fake servers present it, and a JVM under test trusts it
 * through {@link #trustStoreProperties()} (its default trust store), as a bot trusts a real provider's.
 */
public final class TestCertificate implements AutoCloseable {
  private static final char[] PASSWORD = "voicetrace".toCharArray();

  private final Path keyStore;

  private TestCertificate(Path keyStore) {
    this.keyStore = keyStore;
  }

  public static TestCertificate create() {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("voicetrace-tls");
      Path keyStore = dir.resolve("server.p12");
      Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
      Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
          "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
          "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", new String(PASSWORD),
          "-keypass", new String(PASSWORD)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + out);
      }
      return new TestCertificate(keyStore);
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a test certificate in " + dir, e);
    }
  }

  /** The server's key managers, holding the certificate and its key. */
  public KeyManagerFactory keyManagers() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStore)) {
        ks.load(in, PASSWORD);
      }
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(ks, PASSWORD);
      return keys;
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + keyStore, e);
    }
  }

  /** A server-side TLS context presenting the certificate. */
  public SSLContext serverContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers().getKeyManagers(), null, null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** System properties that make a JVM's default trust store this certificate. */
  public Map<String, String> trustStoreProperties() {
    return Map.of("javax.net.ssl.trustStore", keyStore.toString(),
        "javax.net.ssl.trustStorePassword", new String(PASSWORD),
        "javax.net.ssl.trustStoreType", "PKCS12");
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(keyStore);
      Files.deleteIfExists(keyStore.getParent());
    } catch (IOException ignored) {
      // a temporary directory: the OS cleans it up
    }
  }
}
