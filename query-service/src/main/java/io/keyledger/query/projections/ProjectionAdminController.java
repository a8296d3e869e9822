package io.keyledger.query.projections;

import org.springframework.web.bind.annotation.ResponseStatus;
import io.keyledger.support.auth.Caller;
import io.keyledger.support.auth.ForbiddenException;
import io.keyledger.support.web.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin: rebuild a projection and follow its progress. */
@RestController
class ProjectionAdminController {

    private final ProjectionRebuilds rebuilds;

    ProjectionAdminController(ProjectionRebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    record ProjectionList(java.util.List<ProjectionRebuilds.Progress> data) {
    }

    /** Every projection that can be rebuilt, with its progress: what the dashboard's admin page lists. */
    @GetMapping("/v1/admin/projections")
    ProjectionList list(Caller caller) {
        requireAdmin(caller);
        return new ProjectionList(Projections.ALL.stream().filter(rebuilds::exists).map(rebuilds::progress).toList());
    }

    @PostMapping("/v1/admin/projections/{name}/rebuild")
    // springdoc documents 200 unless told: the status this handler answers
    @ResponseStatus(HttpStatus.ACCEPTED)
    ResponseEntity<ProjectionRebuilds.Progress> rebuild(Caller caller, @PathVariable String name) {
        requireAdmin(caller);
        requireExists(name);
        rebuilds.rebuild(name);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(rebuilds.progress(name));
    }

    @GetMapping("/v1/admin/projections/{name}")
    ProjectionRebuilds.Progress progress(Caller caller, @PathVariable String name) {
        requireAdmin(caller);
        requireExists(name);
        return rebuilds.progress(name);
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw new ForbiddenException("projection administration needs the permission 'admin:*'");
        }
    }

    private void requireExists(String name) {
        if (!rebuilds.exists(name)) {
            throw new NotFoundException("no projection named " + name);
        }
    }
}
