package io.keyledger.support.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * JSON bodies are UTF-8 and nothing else (API.md "Input rules", RFC 8259 §8.1): a declared charset
 * other than UTF-8 is 415; a byte order mark, a NUL, or bytes that are not well-formed UTF-8
 * (overlong forms such as {@code C0 AF}, surrogates, truncated sequences) are 400. The body is
 * read whole (it is at most {@code keyledger.http.max-body-size}, enforced before this filter)
 * and handed on unchanged.
 */
public class Utf8BodyFilter extends OncePerRequestFilter {

    private final ObjectMapper mapper;

    public Utf8BodyFilter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            return true;
        }
        try {
            MediaType media = MediaType.parseMediaType(type);
            return !(media.getSubtype().equals("json") || media.getSubtype().endsWith("+json"));
        } catch (InvalidMediaTypeException malformed) {
            return true; // Spring MVC answers 415 for it
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String charset = MediaType.parseMediaType(request.getContentType()).getParameter("charset");
        if (charset != null && !unquote(charset).toLowerCase(Locale.ROOT).replace("-", "").equals("utf8")) {
            response.setHeader("Accept", "application/json;charset=UTF-8");
            Problems.write(response, mapper, Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "JSON bodies must be UTF-8; this one declares another charset"));
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (PayloadTooLargeException tooLarge) {
            Problems.write(response, mapper, Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, tooLarge.getMessage()));
            return;
        }
        String problem = problem(body);
        if (problem != null) {
            Problems.write(response, mapper, Problems.of(HttpStatus.BAD_REQUEST, problem));
            return;
        }
        chain.doFilter(new BufferedRequest(request, body), response);
    }

    /** What is wrong with the body's encoding, or {@code null}. */
    static String problem(byte[] body) {
        if (body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF) {
            return "request body starts with a byte order mark; JSON bodies are UTF-8 without one";
        }
        if (body.length >= 2 && ((body[0] & 0xff) == 0xFE && (body[1] & 0xff) == 0xFF
                || (body[0] & 0xff) == 0xFF && (body[1] & 0xff) == 0xFE)) {
            return "request body starts with a UTF-16 byte order mark; JSON bodies are UTF-8";
        }
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                return "request body holds a NUL byte at offset " + i + "; JSON bodies are UTF-8 text";
            }
        }
        try {
            // Java's decoder refuses overlong forms, surrogates and truncated sequences
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            return "request body is not well-formed UTF-8";
        }
        return null;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    private static final class BufferedRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public String getCharacterEncoding() {
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
