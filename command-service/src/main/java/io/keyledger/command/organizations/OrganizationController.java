package io.keyledger.command.organizations;

import io.keyledger.api.organizations.Plan;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/organizations}: platform admins register tenants. */
@RestController
@RequestMapping("/v1/organizations")
@Tag(name = "Organizations", description = "Tenants and their plans (admin only)")
class OrganizationController {

    record Register(String name, Plan plan) {
    }

    record Registered(String id, String name, Plan plan) {
    }

    private final Commands commands;

    OrganizationController(Commands commands) {
        this.commands = commands;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
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
