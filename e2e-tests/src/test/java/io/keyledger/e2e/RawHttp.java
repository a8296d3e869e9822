package io.keyledger.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a bare socket, for requests a well-behaved client refuses to send: CR/LF
 * inside header values, megabyte headers, raw bytes in the request line.
 */
final class RawHttp {

    /** What came back; {@code status} is -1 when the server closed without answering. */
    record Answer(int status, Map<String, String> headers, String body, boolean timedOut) {
        String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    private RawHttp() {
    }

    static Answer send(int port, byte[] request, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 2_000);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server may refuse a huge request before reading it all; its answer is still there
            }
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[8192];
            boolean timedOut = false;
            try {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    buffer.write(chunk, 0, n);
                    if (complete(buffer.toByteArray())) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                timedOut = true;
            } catch (IOException e) {
                // reset after the answer: what was read counts
            }
            return parse(buffer.toByteArray(), timedOut);
        }
    }

    /** Everything the server sent back until it closed ({@code closed}) or the timeout passed. */
    record Exchange(String raw, boolean closed) {
        int answers() {
            return raw.split("HTTP/1\\.1 \\d{3} ", -1).length - 1;
        }

        int status() {
            return raw.startsWith("HTTP/1.1 ") ? Integer.parseInt(raw.substring(9, 12)) : -1;
        }
    }

    /** Writes raw bytes and reads until the server closes the connection or {@code timeoutMillis} pass without a byte. */
    static Exchange exchange(int port, byte[] bytes, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 2_000);
            socket.setSoTimeout(timeoutMillis);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            boolean closed;
            try {
                int n;
                while ((n = socket.getInputStream().read(chunk)) >= 0) {
                    buffer.write(chunk, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (IOException e) {
                closed = true; // reset
            }
            return new Exchange(buffer.toString(StandardCharsets.ISO_8859_1), closed);
        }
    }

    static byte[] request(String method, String target, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: localhost\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
        if (body == null) {
            return h;
        }
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    private static boolean complete(byte[] bytes) {
        int end = headerEnd(bytes);
        if (end < 0) {
            return false;
        }
        Map<String, String> headers = headers(new String(bytes, 0, end, StandardCharsets.ISO_8859_1));
        String length = headers.get("content-length");
        if (length != null) {
            try {
                return bytes.length - end - 4 >= Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", "").trim())) {
            String tail = new String(bytes, Math.max(end, bytes.length - 7), Math.min(7, bytes.length - end), StandardCharsets.ISO_8859_1);
            return tail.endsWith("0\r\n\r\n");
        }
        return false;
    }

    private static int headerEnd(byte[] b) {
        for (int i = 0; i + 3 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, String> headers(String head) {
        Map<String, String> headers = new LinkedHashMap<>();
        String[] lines = head.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
        }
        return headers;
    }

    private static Answer parse(byte[] bytes, boolean timedOut) {
        int end = headerEnd(bytes);
        if (end < 0) {
            return new Answer(-1, Map.of(), new String(bytes, StandardCharsets.ISO_8859_1), timedOut);
        }
        String head = new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
        String statusLine = head.split("\r\n", 2)[0];
        int status;
        try {
            status = Integer.parseInt(statusLine.split(" ")[1]);
        } catch (RuntimeException e) {
            status = -1;
        }
        return new Answer(status, headers(head), new String(bytes, end + 4, bytes.length - end - 4, StandardCharsets.UTF_8), timedOut);
    }
}
