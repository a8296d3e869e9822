package io.keyledger.validator.web;

import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.keyledger.support.net.TrustedProxies;
import io.keyledger.validator.verify.Credentials;
import io.keyledger.validator.verify.VerifyInput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Envoy's {@code CheckRequest} → the {@link VerifyInput} the verifier judges, with the rules of
 * {@code /v1/auth} where Envoy gives the same facts, and Envoy's own fields where it gives them
 * better. Total: any message, however odd, maps to an input (the verifier then refuses it).
 *
 * <ul>
 *   <li>Credentials: {@code X-API-Key}, {@code Authorization: Bearer}, {@code X-Organization-Api-Key} of the
 *       original request (Envoy's {@code headers} map, or {@code header_map} when Envoy encodes raw headers);
 *       {@code ?api_key=} in the original path when {@code keyledger.validator.query-parameter-keys} is on.</li>
 *   <li>What the route requires: the per-route {@code context_extensions} {@code required_permission}
 *       (comma-separated, all needed, as {@code X-Required-Permission}) and {@code required_organization}.
 *       Envoy sends every header of the original request in gRPC mode, so an {@code X-Required-*} header
 *       there is the client's and is never read: it would let the client choose what is checked.</li>
 *   <li>Client address: Envoy's {@code source} address when the gRPC peer is a trusted proxy
 *       ({@code keyledger.trusted-proxies}) and {@code source} is an IP literal, else the peer's own. The
 *       original request's {@code X-Forwarded-For} / {@code X-Real-IP} are the client's and are not read.</li>
 * </ul>
 */
final class EnvoyCheckRequests {

    /** {@code context_extensions} key: the permissions the route needs. */
    static final String REQUIRED_PERMISSION = "required_permission";
    /** {@code context_extensions} key: the organization the route's keys must belong to. */
    static final String REQUIRED_ORGANIZATION = "required_organization";

    private EnvoyCheckRequests() {
    }

    static VerifyInput toInput(CheckRequest request, String peerAddress, boolean queryKeys, TrustedProxies proxies) {
        AttributeContext attributes = request.getAttributes();
        AttributeContext.HttpRequest http = attributes.getRequest().getHttp();
        Function<String, String> header = headers(http);
        String path = http.getPath();
        Credentials credentials = Credentials.from(header, path.isEmpty() ? null : path, queryKeys);
        Map<String, String> context = attributes.getContextExtensionsMap();
        String organization = context.get(REQUIRED_ORGANIZATION);
        String source = attributes.getSource().getAddress().getSocketAddress().getAddress();
        String forwarded = !source.isEmpty() && TrustedProxies.parseLiteral(source) != null ? source : null;
        return new VerifyInput(credentials.key(), credentials.organizationKey(),
                HotPathRequests.permissions(context.get(REQUIRED_PERMISSION)),
                Credentials.clientIp(proxies, peerAddress, forwarded, null),
                header.apply("Referer"), header.apply("User-Agent"), true,
                organization == null || organization.isBlank() ? null : organization.trim());
    }

    /**
     * The original request's header by name: Envoy lower-cases names; the first value when
     * {@code header_map} holds several (as the HTTP stacks read the first).
     */
    private static Function<String, String> headers(AttributeContext.HttpRequest http) {
        if (http.getHeadersCount() > 0 || !http.hasHeaderMap()) {
            Map<String, String> map = http.getHeadersMap();
            return name -> map.get(name.toLowerCase(Locale.ROOT));
        }
        List<HeaderValue> list = http.getHeaderMap().getHeadersList();
        return name -> {
            for (HeaderValue h : list) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue().isEmpty() && !h.getRawValue().isEmpty()
                            ? h.getRawValue().toString(StandardCharsets.ISO_8859_1) : h.getValue();
                }
            }
            return null;
        };
    }
}
