package io.wharf.shipper.check;

import io.wharf.shipper.OutputsConfig;
import io.wharf.shipper.sink.elasticsearch.ElasticsearchHttp;
import io.wharf.shipper.sink.elasticsearch.ElasticsearchSinkConfig;
import io.wharf.shipper.sink.elasticsearch.IndexTemplates;
import io.wharf.shipper.sink.influxdb.InfluxSinkConfig;
import io.wharf.shipper.sink.influxdb.InfluxWriter;
import io.wharf.shipper.sink.kafka.KafkaSinkConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * {@code wharf test output}: checks every configured output for real, the way the sink will use
 * it (connect, authenticate, install the template, find the database or topics), and says what is
 * wrong in plain words. Nothing is written that a later start would not write anyway.
 */
public final class OutputCheck {
    public record Result(String output, String check, boolean ok, String detail) {
        @Override
        public String toString() {
            return String.format("%-14s %-28s %s%s", output, check, ok ? "OK" : "FAILED", detail == null ? "" : ": " + detail);
        }
    }

    private OutputCheck() {
    }

    public static List<Result> run(OutputsConfig outputs) {
        List<Result> results = new ArrayList<>();
        if (outputs.elasticsearch() != null) {
            elasticsearch(outputs.elasticsearch(), results);
        }
        if (outputs.influxdb() != null) {
            influxdb(outputs.influxdb(), results);
        }
        if (outputs.kafka() != null) {
            kafka(outputs.kafka(), results);
        }
        if (outputs.file() != null) {
            Path dir = Path.of(outputs.file().path());
            Path probe = dir.toAbsolutePath();
            while (probe != null && !Files.exists(probe)) {
                probe = probe.getParent();
            }
            boolean ok = probe != null && Files.isWritable(probe);
            results.add(new Result("file", "directory writable", ok, ok ? dir.toString() : "cannot create or write " + dir));
        }
        return results;
    }

    static void elasticsearch(ElasticsearchSinkConfig c, List<Result> results) {
        try (ElasticsearchHttp http = new ElasticsearchHttp(c)) {
            var health = http.sendJson("GET", "/_cluster/health", null);
            if (health.status() == 401) {
                results.add(new Result("elasticsearch", "authenticate", false, "401: wrong username/password or api_key"));
                return;
            }
            boolean ok = health.status() == 200;
            results.add(new Result("elasticsearch", "connect " + c.hosts().stream().map(Object::toString).collect(Collectors.joining(",")), ok,
                    ok ? health.body().replaceAll(".*\"status\":\"(\\w+)\".*", "cluster status $1") : health.status() + " " + health.body()));
            if (!ok) {
                return;
            }
            if (c.installTemplate()) {
                var t = http.sendJson("PUT", "/_index_template/" + IndexTemplates.logsTemplateName(c), IndexTemplates.logsTemplate(c));
                results.add(new Result("elasticsearch", "install index template", t.status() == 200,
                        t.status() == 200 ? IndexTemplates.logsTemplateName(c)
                                : t.status() == 403 ? "403: the user lacks the manage_index_templates privilege" : t.status() + " " + t.body()));
            }
        } catch (Exception e) {
            results.add(new Result("elasticsearch", "connect " + c.hosts().stream().map(Object::toString).collect(Collectors.joining(",")), false, "cannot reach any host: " + e.getMessage()));
        }
    }

    static void influxdb(InfluxSinkConfig c, List<Result> results) {
        InfluxWriter w = new InfluxWriter(c);
        try {
            var ping = w.ping();
            results.add(new Result("influxdb", "connect " + c.url(), ping.ok(), ping.ok() ? null : ping.status() + " " + ping.body()));
            var dbs = w.query("SHOW DATABASES");
            if (dbs.status() == 401 || dbs.status() == 403) {
                results.add(new Result("influxdb", "authenticate", false, dbs.status() + ": wrong username/password or token"));
                return;
            }
            boolean exists = dbs.body().contains("[\"" + c.database() + "\"]");
            results.add(new Result("influxdb", "database " + c.database(), exists || c.createDatabase(),
                    exists ? "exists" : c.createDatabase() ? "will be created at start" : "does not exist (create it or set create_database: true)"));
        } catch (Exception e) {
            results.add(new Result("influxdb", "connect " + c.url(), false, "cannot connect: " + e.getMessage()));
        }
    }

    /** A shipper's input, checked as the Kafka output is (brokers, both topics), on lines named {@code kafka input}. */
    public static List<Result> kafkaInput(KafkaSinkConfig c) {
        List<Result> results = new ArrayList<>();
        kafka(c, "kafka input", results);
        return results;
    }

    static void kafka(KafkaSinkConfig c, List<Result> results) {
        kafka(c, "kafka", results);
    }

    private static void kafka(KafkaSinkConfig c, String name, List<Result> results) {
        var props = c.clientProperties();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "8000");
        try (Admin admin = Admin.create(props)) {
            var nodes = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
            results.add(new Result(name, "connect " + String.join(",", c.bootstrapServers()), true, nodes.size() + " broker(s)"));
            var names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            for (String topic : List.of(c.logsTopic(), c.metricsTopic())) {
                boolean ok = names.contains(topic);
                results.add(new Result(name, "topic " + topic, ok, ok ? "exists"
                        : "does not exist (create it, or rely on the broker's auto.create.topics.enable)"));
            }
        } catch (Exception e) {
            results.add(new Result(name, "connect " + String.join(",", c.bootstrapServers()), false,
                    "cannot reach the brokers: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())));
        }
    }

    public static boolean allOk(List<Result> results) {
        return results.stream().allMatch(Result::ok);
    }

}
