package io.wharf.dashboards;

import java.nio.file.Path;

/** Where the dashboards live, relative to the module (Maven runs tests from the module folder). */
final class Files {
    private Files() {
    }

    static Path module() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    }

    static Path grafanaDashboards() {
        return module().resolve("grafana/dashboards");
    }

    static Path grafanaProvisioning() {
        return module().resolve("grafana/provisioning");
    }

    static Path kibanaSavedObjects() {
        return module().resolve("kibana/wharf-saved-objects.ndjson");
    }

    static Schema schema() {
        return Schema.load(module().resolve("schema.yml"));
    }
}
