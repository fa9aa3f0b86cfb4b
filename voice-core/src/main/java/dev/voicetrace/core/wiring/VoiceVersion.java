package dev.voicetrace.core.wiring;

import java.io.InputStream;
import java.util.Properties;

/** voicetrace's own version and the upstream agent version it was built on. */
public final class VoiceVersion {
  public static final String VOICETRACE;
  public static final String UPSTREAM_AGENT;

  static {
    Properties p = new Properties();
    try (InputStream in = VoiceVersion.class.getResourceAsStream("/dev/voicetrace/core/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (Exception e) {
      // defaults below
    }
    VOICETRACE = p.getProperty("voicetrace.version", "unknown");
    UPSTREAM_AGENT = p.getProperty("upstream.agent.version", "unknown");
  }

  private VoiceVersion() {}
}
