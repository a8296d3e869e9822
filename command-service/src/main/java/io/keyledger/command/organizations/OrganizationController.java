package io.keyledger.command.organizations;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyledger.api.organizations.OrganizationPolicy;
import io.keyledger.api.organizations.Plan;
import io.keyledger.api.organizations.UpdateOrganizationCommand;
import io.keyledger.command.keys.InvalidFieldException;
import io.keyledger.support.web.NotFoundException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import io.keyledger.api.organizations.RegisterOrganizationCommand;
import io.keyledger.command.web.Commands;
import io.keyledger.support.auth.Caller;
import io.keyledger.support.auth.ForbiddenException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/organizations} and {@code PATCH /v1/organizations/{id}}: platform admins register and change tenants. */
@RestController
@RequestMapping("/v1/organizations")
@Tag(name = "Organizations", description = "Tenants and their plans (admin only)")
class OrganizationController {

    record Register(String name, Plan plan) {
    }

    record Registered(String id, String name, Plan plan) {
    }

    private final Commands commands;
    private final OrganizationDirectory organizations;

    OrganizationController(Commands commands, OrganizationDirectory organizations) {
        this.commands = commands;
        this.organizations = organizations;
    }

    @PatchMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    @Operation(summary = "Change an organization's name, plan or policy (admin only); fields left out stay")
    Organization.State update(@Parameter(hidden = true) Caller caller, HttpServletRequest http, @PathVariable String id,
                              @RequestBody JsonNode body) {
        if (!caller.isAdmin()) {
            throw new ForbiddenException("only admin keys may change organizations");
        }
        if (!organizations.exists(id)) {
            throw new NotFoundException("no organization '" + id + "'");
        }
        if (!(body instanceof ObjectNode patch)) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        Set<String> fields = new LinkedHashSet<>();
        String name = null;
        Plan plan = null;
        Integer lifetime = null;
        List<String> approval = null;
        OrganizationPolicy.LeakAction onLeak = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "name" -> name = text(value, "name");
                case "plan" -> plan = choice(value, "plan", Plan.class);
                case "policy" -> {
                    if (!(value instanceof ObjectNode policy)) {
                        throw new InvalidFieldException("policy", "must be an object");
                    }
                    for (Iterator<Map.Entry<String, JsonNode>> p = policy.fields(); p.hasNext(); ) {
                        Map.Entry<String, JsonNode> entry = p.next();
                        JsonNode v = entry.getValue();
                        String path = "policy." + entry.getKey();
                        switch (entry.getKey()) {
                            case "max_key_lifetime_days" -> {
                                if (!v.isNull() && !v.canConvertToInt() || !v.isNull() && !v.isIntegralNumber()) {
                                    throw new InvalidFieldException(path, "must be a whole number of days, or null");
                                }
                                lifetime = v.isNull() ? null : v.intValue();
                            }
                            case "approval_required_for" -> approval = strings(v, path);
                            case "on_leak" -> onLeak = v.isNull() ? null : choice(v, path, OrganizationPolicy.LeakAction.class);
                            default -> throw new InvalidFieldException(path, "unknown field; a policy has "
                                    + "max_key_lifetime_days, approval_required_for and on_leak");
                        }
                        fields.add(path);
                    }
                    continue;
                }
                default -> throw new InvalidFieldException(field.getKey(), "unknown field; a PATCH may change name, plan and policy");
            }
            fields.add(field.getKey());
        }
        Organization.State state = commands.send(new UpdateOrganizationCommand(id, fields, name, plan, lifetime,
                approval, onLeak), caller.keyId(), http);
        organizations.forget(id);
        return state;
    }

    private static String text(JsonNode value, String field) {
        if (!value.isTextual()) {
            throw new InvalidFieldException(field, "must be a string");
        }
        return value.textValue();
    }

    private static <E extends Enum<E>> E choice(JsonNode value, String field, Class<E> type) {
        String allowed = java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList().toString();
        if (!value.isTextual()) {
            throw new InvalidFieldException(field, "must be one of " + allowed);
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.textValue())) {
                return constant;
            }
        }
        throw new InvalidFieldException(field, "must be one of " + allowed);
    }

    private static List<String> strings(JsonNode value, String field) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new InvalidFieldException(field, "must be a list of permission patterns");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            out.add(text(value.get(i), field + "[" + i + "]"));
        }
        return out;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    // springdoc documents 200 unless told: the status this handler answers
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register an organization with a plan (free, professional, enterprise)")
    ResponseEntity<Registered> register(@Parameter(hidden = true) Caller caller, HttpServletRequest http,
                                        @RequestBody Register request) {
        if (!caller.isAdmin()) {
            throw new ForbiddenException("only admin keys may register organizations");
        }
        // the org_ prefix keeps organization and key ids apart in the event store
        String id = "org_" + UUID.randomUUID().toString().replace("-", "");
        commands.send(new RegisterOrganizationCommand(id, request.name(), request.plan()), caller.keyId(), http);
        return ResponseEntity.created(URI.create("/v1/organizations/" + id))
                .body(new Registered(id, request.name(), request.plan()));
    }
}
