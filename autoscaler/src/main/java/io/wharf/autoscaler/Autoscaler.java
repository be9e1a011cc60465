package io.wharf.autoscaler;

import io.wharf.autoscaler.api.AutoscalerApi;
import io.wharf.autoscaler.config.AutoscalerConfig;
import io.wharf.autoscaler.config.OrchestratorKind;
import io.wharf.autoscaler.config.PolicyConfig;
import io.wharf.autoscaler.decision.Decision;
import io.wharf.autoscaler.metrics.InfluxClient;
import io.wharf.autoscaler.metrics.InfluxQl;
import io.wharf.autoscaler.metrics.MetricsReader;
import io.wharf.autoscaler.orchestrator.Orchestrator;
import io.wharf.autoscaler.orchestrator.kubernetes.KubernetesConnection;
import io.wharf.autoscaler.orchestrator.kubernetes.KubernetesOrchestrator;
import io.wharf.autoscaler.orchestrator.marathon.MarathonOrchestrator;
import io.wharf.autoscaler.orchestrator.swarm.SwarmOrchestrator;
import io.wharf.autoscaler.report.DecisionLog;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code wharf autoscaler}: every {@code interval}, one round over the policies (read, decide,
 * act, record). Rounds run one at a time on one thread; a policy's failure never stops the others.
 */
public final class Autoscaler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Autoscaler.class);

    private final AutoscalerConfig config;
    private final Clock clock;
    private final Map<OrchestratorKind, Orchestrator> orchestrators;
    private final List<PolicyRunner> runners = new ArrayList<>();
    private final DecisionLog decisions;
    private AutoscalerApi api;
    private ScheduledExecutorService scheduler;

    public Autoscaler(AutoscalerConfig config, Map<OrchestratorKind, Orchestrator> orchestrators, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.orchestrators = orchestrators;
        InfluxClient influx = new InfluxClient(config.influxdb());
        this.decisions = new DecisionLog(influx, config.influxdb().decisionsDatabase());
        MetricsReader reader = new MetricsReader(influx, config.influxdb().database(), new InfluxQl(config.influxdb().retentionPolicy()), clock);
        for (PolicyConfig p : config.policies()) {
            runners.add(new PolicyRunner(p, orchestrators.get(p.orchestrator()), reader));
        }
    }

    /** Connects the configured orchestrators, starts the API and the rounds. */
    public static Autoscaler start(AutoscalerConfig config) throws IOException {
        Autoscaler autoscaler = new Autoscaler(config, connect(config), Clock.systemUTC());
        try {
            autoscaler.startApi();
            autoscaler.schedule();
        } catch (IOException | RuntimeException e) {
            autoscaler.close();
            throw e;
        }
        return autoscaler;
    }

    public static Map<OrchestratorKind, Orchestrator> connect(AutoscalerConfig config) {
        Map<OrchestratorKind, Orchestrator> map = new EnumMap<>(OrchestratorKind.class);
        var o = config.orchestrators();
        if (o.swarm() != null) {
            map.put(OrchestratorKind.SWARM, SwarmOrchestrator.connect(o.swarm()));
        }
        if (o.marathon() != null) {
            map.put(OrchestratorKind.MARATHON, new MarathonOrchestrator(o.marathon()));
        }
        if (o.kubernetes() != null) {
            map.put(OrchestratorKind.KUBERNETES, new KubernetesOrchestrator(
                    KubernetesConnection.resolve(o.kubernetes(), System::getenv), o.kubernetes().timeout()));
        }
        return map;
    }

    public void startApi() throws IOException {
        if (config.http().enabled()) {
            api = new AutoscalerApi(config.http().host(), config.http().port(), config.http().token(), decisions, config.dryRun());
            LOG.info("autoscaler API on http://{}:{}{}", config.http().host(), api.port(), AutoscalerApi.PATH);
            if (config.http().token() == null && !isLoopback(config.http().host())) {
                LOG.warn("the autoscaler API listens on {} without a token: anyone who reaches it sees every decision;"
                        + " set http.token or http.host: 127.0.0.1", config.http().host());
            }
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    public void schedule() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "autoscaler"));
        long ms = config.interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::safeRound, 0, ms, TimeUnit.MILLISECONDS);
        LOG.info("autoscaler started: {} polic{}, every {} s{}", runners.size(), runners.size() == 1 ? "y" : "ies",
                ms / 1000.0, config.dryRun() ? " (dry run: deciding, not acting)" : "");
    }

    private void safeRound() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.error("autoscaler round failed", e);
        }
    }

    /** One round over every policy; returns its decisions (also logged, written and served). */
    public synchronized List<Decision> runOnce() {
        List<Decision> round = new ArrayList<>();
        for (PolicyRunner runner : runners) {
            Decision d = runner.round(clock.instant(), config.dryRun());
            decisions.record(runner.orchestratorKind(), d);
            round.add(d);
        }
        return round;
    }

    public DecisionLog decisions() {
        return decisions;
    }

    /** The API's port (useful with {@code port: 0}); -1 when disabled. */
    public int apiPort() {
        return api == null ? -1 : api.port();
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (api != null) {
            api.close();
        }
        orchestrators.values().forEach(Orchestrator::close);
    }
}
