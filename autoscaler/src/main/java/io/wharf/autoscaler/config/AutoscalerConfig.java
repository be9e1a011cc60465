package io.wharf.autoscaler.config;

import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The autoscaler's configuration file (autoscaler.yml): where to read metrics, which
 * orchestrators to talk to, and one policy per scaled service.
 */
public record AutoscalerConfig(
        Duration interval,
        Boolean dryRun,
        InfluxConfig influxdb,
        ApiConfig http,
        OrchestratorsConfig orchestrators,
        List<PolicyConfig> policies) implements Validated {

    public AutoscalerConfig {
        interval = interval == null ? Duration.ofSeconds(30) : interval;
        dryRun = dryRun != null && dryRun;
        influxdb = influxdb == null ? new InfluxConfig(null, null, null, null, null, null, null, null) : influxdb;
        http = http == null ? new ApiConfig(null, null, null, null) : http;
        orchestrators = orchestrators == null ? new OrchestratorsConfig(null, null, null) : orchestrators;
        policies = policies == null ? List.of() : List.copyOf(policies);
    }

    /** The same configuration with {@code dry_run} forced on (the {@code --dry-run} flag). */
    public AutoscalerConfig withDryRun(boolean dryRun) {
        return new AutoscalerConfig(interval, dryRun, influxdb, http, orchestrators, policies);
    }

    @Override
    public void validate(Validation v) {
        v.check(interval.toMillis() >= 1000, "interval", "must be at least 1s");
        v.nested("influxdb", influxdb);
        v.nested("http", http);
        v.nested("orchestrators", orchestrators);
        v.check(!policies.isEmpty(), "policies", "configure at least one policy");
        v.each("policies", policies);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < policies.size(); i++) {
            PolicyConfig p = policies.get(i);
            if (p.service() != null) {
                v.check(seen.add(p.orchestrator() + "/" + p.service()), "policies[" + i + "].service",
                        "service '" + p.service() + "' already has a policy");
                v.check(orchestrators.has(p.orchestrator()), "policies[" + i + "].orchestrator",
                        "orchestrators." + p.orchestrator().name().toLowerCase() + " is not configured");
            }
        }
    }
}
