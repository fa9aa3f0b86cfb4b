package dev.voicetrace.sample.fake;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code multipart/form-data} request body: part name to raw bytes.
 */
final class MultipartForm {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern PART_NAME = Pattern.compile("name=\"([^\"]*)\"");

    private final Map<String, byte[]> parts;

    private MultipartForm(Map<String, byte[]> parts) {
        this.parts = parts;
    }

    /** Parses {@code body} sent with the given {@code Content-Type}. */
    static MultipartForm parse(String contentType, byte[] body) {
        Matcher boundaryMatch = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (!boundaryMatch.find()) {
            throw new IllegalArgumentException("not multipart/form-data: " + contentType);
        }
        String delimiter = "--" + boundaryMatch.group(1);
        // ISO-8859-1 maps bytes one to one, so string offsets are byte offsets.
        String raw = new String(body, StandardCharsets.ISO_8859_1);
        Map<String, byte[]> parts = new HashMap<>();
        int start = raw.indexOf(delimiter);
        while (start >= 0) {
            int partStart = start + delimiter.length();
            if (raw.startsWith("--", partStart)) {
                break;
            }
            int next = raw.indexOf("\r\n" + delimiter, partStart);
            if (next < 0) {
                break;
            }
            addPart(raw.substring(partStart, next), parts);
            start = next + 2;
        }
        return new MultipartForm(parts);
    }

    private static void addPart(String part, Map<String, byte[]> parts) {
        int headersEnd = part.indexOf("\r\n\r\n");
        if (headersEnd < 0) {
            return;
        }
        Matcher name = PART_NAME.matcher(part.substring(0, headersEnd));
        if (name.find()) {
            parts.put(name.group(1), part.substring(headersEnd + 4).getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** The raw bytes of part {@code name}. */
    Optional<byte[]> bytes(String name) {
        return Optional.ofNullable(parts.get(name));
    }

    /** Part {@code name} as UTF-8 text. */
    Optional<String> text(String name) {
        return bytes(name).map(value -> new String(value, StandardCharsets.UTF_8));
    }
}
