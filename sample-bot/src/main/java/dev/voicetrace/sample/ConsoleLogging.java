package dev.voicetrace.sample;

/**
 * Console logging of the entry points: the JDK's logger, one line per record, unless configured otherwise.
 */
final class ConsoleLogging {

    private static final String FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";

    private ConsoleLogging() {
    }

    /** Switches {@code java.util.logging} to one line per record; must run before anything logs. */
    static void oneLinePerRecord() {
        if (System.getProperty(FORMAT_PROPERTY) == null) {
            System.setProperty(FORMAT_PROPERTY, "%1$tT.%1$tL %4$-7s [%3$s] %5$s%6$s%n");
        }
    }
}
