package io.keyledger.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/** {@link RequiresApiKey} on a handler method or its controller: the {@link KeyledgerGuard} decides. */
public class RequiresApiKeyInterceptor implements HandlerInterceptor {

    private final KeyledgerGuard guard;

    public RequiresApiKeyInterceptor(KeyledgerGuard guard) {
        this.guard = guard;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        RequiresApiKey required = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequiresApiKey.class);
        if (required == null) {
            required = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RequiresApiKey.class);
        }
        if (required == null) {
            return true;
        }
        if (request.getAttribute(KeyledgerPrincipal.ATTRIBUTE) != null && required.permission().isEmpty()) {
            return true; // the filter verified the key already and no further permission is asked
        }
        return guard.admit(request, response, required.permission());
    }
}
