package dev.voicetrace.sample.fake;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Error bodies that are not the provider's JSON: what a proxy, load balancer or gateway in front of it answers
 * ({@link Fault.Kind#HTML_ERROR} an nginx-style HTML page, {@link Fault.Kind#TEXT_ERROR} a line of plain text).
 */
final class ProxyErrors {

    private ProxyErrors() {
    }

    static void send(HttpExchange exchange, ProviderKnobs knobs, Fault fault) throws IOException {
        int status = (int) fault.amount();
        String reason = reason(status);
        if (fault.is(Fault.Kind.HTML_ERROR)) {
            String page = "<html>\r\n<head><title>" + status + " " + reason + "</title></head>\r\n<body>\r\n"
                    + "<center><h1>" + status + " " + reason + "</h1></center>\r\n<hr><center>nginx</center>\r\n"
                    + "</body>\r\n</html>\r\n";
            exchange.getResponseHeaders().set("server", "nginx");
            PacedResponse.send(exchange, knobs, status, "text/html", page.getBytes(StandardCharsets.UTF_8));
        } else {
            PacedResponse.send(exchange, knobs, status, "text/plain; charset=utf-8",
                    (reason + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Time-out";
            default -> "Error";
        };
    }
}
