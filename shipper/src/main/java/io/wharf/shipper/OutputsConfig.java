package io.wharf.shipper;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import io.wharf.shipper.sink.elasticsearch.ElasticsearchSinkConfig;
import io.wharf.shipper.sink.file.FileSinkConfig;
import io.wharf.shipper.sink.file.StdoutSinkConfig;
import io.wharf.shipper.sink.influxdb.InfluxSinkConfig;
import io.wharf.shipper.sink.kafka.KafkaSinkConfig;

/**
 * The {@code outputs:} section shared by the agent and the shipper: each output present is
 * enabled, and every event goes to every output that takes its kind (logs: Elasticsearch, Kafka,
 * file, stdout; metrics: InfluxDB, Kafka, file, stdout).
 */
public record OutputsConfig(
        ElasticsearchSinkConfig elasticsearch,
        InfluxSinkConfig influxdb,
        KafkaSinkConfig kafka,
        FileSinkConfig file,
        StdoutSinkConfig stdout) implements Validated {

    @JsonIgnore
    public boolean isEmpty() {
        return elasticsearch == null && influxdb == null && kafka == null && file == null && stdout == null;
    }

    @Override
    public void validate(Validation v) {
        v.nested("elasticsearch", elasticsearch);
        v.nested("influxdb", influxdb);
        v.nested("kafka", kafka);
        v.nested("file", file);
        v.nested("stdout", stdout);
    }
}
