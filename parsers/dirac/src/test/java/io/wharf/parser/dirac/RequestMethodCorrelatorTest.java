package io.wharf.parser.dirac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.wharf.core.event.LogEvent;
import io.wharf.core.metrics.SelfMetrics;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The method of a query carried to its response, on real DIRAC line shapes parsed by the real parser. */
class RequestMethodCorrelatorTest {
    private final DiracParser parser = DiracParser.create();
    private final AtomicLong clock = new AtomicLong();
    private final RequestMethodCorrelator correlator = new RequestMethodCorrelator(3, Duration.ofMinutes(1), clock::get);

    private LogEvent line(String text) {
        return line(text, null);
    }

    private LogEvent line(String text, String containerId) {
        LogEvent event = LogEvent.ofMessage(text);
        parser.process(event);
        if (containerId != null) {
            event.put("container.id", containerId);
        }
        correlator.process(event);
        return event;
    }

    @Test
    void disetResponsesGetTheMethodOfTheirClientsQueryWhenClientsInterleave() {
        line("2021-01-04 10:00:00 UTC DataManagement/FileCatalog NOTICE: Executing action ([::ffff:128.142.132.74]:40001)[diracAdmin:chaen] RPC/getReplicas(<masked>)");
        line("2021-01-04 10:00:00 UTC DataManagement/FileCatalog NOTICE: Executing action (188.184.1.12:40001)[lhcb_user:jdoe] RPC/listDirectory(<masked>)");
        LogEvent second = line("2021-01-04 10:00:01 UTC DataManagement/FileCatalog NOTICE: Returning response (188.184.1.12:40001)[lhcb_user:jdoe] (1.52 secs) ERROR: No such file or directory");
        LogEvent first = line("2021-01-04 10:00:01 UTC DataManagement/FileCatalog NOTICE: Returning response ([::ffff:128.142.132.74]:40001)[diracAdmin:chaen] (0.05 secs) OK");

        assertThat(first.get("dirac.request.kind")).isEqualTo("response");
        assertThat(first.get("dirac.request.method")).isEqualTo("getReplicas");
        assertThat(first.get("dirac.request.type")).isEqualTo("RPC");
        assertThat(first.get("dirac.request.status")).isEqualTo("OK");
        assertThat(second.get("dirac.request.method")).isEqualTo("listDirectory");
        assertThat(second.get("dirac.request.status")).isEqualTo("ERROR");
        assertThat(second.get("event.duration")).isEqualTo(1_520_000_000L);
        assertThat(correlator.matched()).isEqualTo(2);
        assertThat(correlator.pending()).isZero();
    }

    @Test
    void theSameClientPortOnAnotherComponentOrContainerIsAnotherConnection() {
        line("2021-01-04 10:00:00 UTC DataManagement/FileCatalog NOTICE: Executing action (10.0.0.5:6000)[lhcb_user:jdoe] RPC/getReplicas(<masked>)", "c1");
        line("2021-01-04 10:00:00 UTC WorkloadManagement/JobManager NOTICE: Executing action (10.0.0.5:6000)[lhcb_user:jdoe] RPC/submitJob(<masked>)", "c1");
        line("2021-01-04 10:00:00 UTC DataManagement/FileCatalog NOTICE: Executing action (10.0.0.5:6000)[lhcb_user:jdoe] RPC/listDirectory(<masked>)", "c2");

        assertThat(line("2021-01-04 10:00:01 UTC WorkloadManagement/JobManager NOTICE: Returning response (10.0.0.5:6000)[lhcb_user:jdoe] (0.10 secs) OK", "c1")
                .get("dirac.request.method")).isEqualTo("submitJob");
        assertThat(line("2021-01-04 10:00:01 UTC DataManagement/FileCatalog NOTICE: Returning response (10.0.0.5:6000)[lhcb_user:jdoe] (0.10 secs) OK", "c2")
                .get("dirac.request.method")).isEqualTo("listDirectory");
        assertThat(line("2021-01-04 10:00:01 UTC DataManagement/FileCatalog NOTICE: Returning response (10.0.0.5:6000)[lhcb_user:jdoe] (0.10 secs) OK", "c1")
                .get("dirac.request.method")).isEqualTo("getReplicas");
    }

    @Test
    void tornadoResponsesGetTheMethodOfTheQueryToTheSameTarget() {
        line("2024-03-05T10:11:12,123456Z Tornado/Tornado INFO: Incoming request (188.185.1.2:51234)[lhcb_user:jdoe] WorkloadManagement/JobMonitoring: getJobsStatus");
        line("2024-03-05T10:11:12,124456Z Tornado/Tornado INFO: Incoming request (188.185.1.2:51234)[lhcb_user:jdoe] Framework/Notification: sendMail");
        LogEvent mail = line("2024-03-05T10:11:12,323456Z Tornado/Tornado ERROR: Returning response (188.185.1.2:51234)[lhcb_user:jdoe] Framework/Notification (7.5 ms) ERROR 500: Internal Server Error");
        LogEvent status = line("2024-03-05T10:11:12,223456Z Tornado/Tornado INFO: Returning response (188.185.1.2:51234)[lhcb_user:jdoe] WorkloadManagement/JobMonitoring (12.34 ms) OK");

        assertThat(mail.get("dirac.request.method")).isEqualTo("sendMail");
        assertThat(mail.get("dirac.request.target")).isEqualTo("Framework/Notification");
        assertThat(mail.get("dirac.request.type")).isEqualTo("tornado");
        assertThat(mail.get("dirac.request.error_code")).isEqualTo(500);
        assertThat(status.get("dirac.request.method")).isEqualTo("getJobsStatus");
        assertThat(status.get("dirac.request.target")).isEqualTo("WorkloadManagement/JobMonitoring");
    }

    @Test
    void jsonFormattedLinesAreJoinedLikeText() {
        line("{\"asctime\": \"2024-03-05T10:11:12,123456Z\", \"levelname\": \"NOTICE\", \"componentname\": \"WorkloadManagement/JobManager\","
                + " \"message\": \"Executing action\", \"varmessage\": \"(188.185.1.2:51234)[lhcb_user:jdoe] RPC/rescheduleJob(<masked>)\"}");
        LogEvent r = line("{\"asctime\": \"2024-03-05T10:11:12,323456Z\", \"levelname\": \"NOTICE\", \"componentname\": \"WorkloadManagement/JobManager\","
                + " \"message\": \"Returning response\", \"varmessage\": \"(188.185.1.2:51234)[lhcb_user:jdoe] (0.25 secs) OK\"}");
        assertThat(r.get("dirac.request.method")).isEqualTo("rescheduleJob");
    }

    @Test
    void aResponseWithoutItsQueryGetsNoMethodAndIsCounted() {
        LogEvent r = line("2021-01-04 10:00:01 UTC DataManagement/FileCatalog NOTICE: Returning response (188.184.1.12:40001)[lhcb_user:jdoe] (0.10 secs) OK");
        assertThat(r.get("dirac.request.method")).isNull();
        assertThat(r.get("dirac.request.type")).isNull();
        assertThat(r.get("dirac.request.status")).isEqualTo("OK");
        assertThat(correlator.unmatched()).isEqualTo(1);

        // A response consumes its query: a second response on the connection has none.
        line("2021-01-04 10:00:02 UTC DataManagement/FileCatalog NOTICE: Executing action (188.184.1.12:40001)[lhcb_user:jdoe] RPC/getReplicas(<masked>)");
        line("2021-01-04 10:00:03 UTC DataManagement/FileCatalog NOTICE: Returning response (188.184.1.12:40001)[lhcb_user:jdoe] (0.10 secs) OK");
        assertThat(line("2021-01-04 10:00:04 UTC DataManagement/FileCatalog NOTICE: Returning response (188.184.1.12:40001)[lhcb_user:jdoe] (0.10 secs) OK")
                .get("dirac.request.method")).isNull();
        assertThat(correlator.unmatched()).isEqualTo(2);
        assertThat(correlator.matched()).isEqualTo(1);
    }

    @Test
    void linesThatAreNoRequestsAndBrokenLinesPassUntouched() {
        assertThatCode(() -> {
            LogEvent other = line("2021-01-04 10:00:00 UTC WorkloadManagement/JobAgent NOTICE: Cycle took 0.5 seconds");
            assertThat(other.get("dirac.request.method")).isNull();
            LogEvent broken = line("not DIRAC at all");
            assertThat(broken.tags()).contains("_grokparsefailure");
            correlator.process(new LogEvent());
            LogEvent noClient = new LogEvent().put("dirac.request.kind", "response");
            correlator.process(noClient);
            assertThat(noClient.get("dirac.request.method")).isNull();
        }).doesNotThrowAnyException();
        assertThat(correlator.pending()).isZero();
    }

    @Test
    void memoryIsBoundedByCountAndByAge() {
        for (int port = 1; port <= 5; port++) {
            line("2021-01-04 10:00:00 UTC DataManagement/FileCatalog NOTICE: Executing action (10.0.0.1:" + port + ")[g:u] RPC/m" + port + "(<masked>)");
        }
        // At most 3 wait: the two oldest were dropped and their responses get no method.
        assertThat(correlator.pending()).isEqualTo(3);
        assertThat(correlator.evicted()).isEqualTo(2);
        assertThat(line("2021-01-04 10:00:01 UTC DataManagement/FileCatalog NOTICE: Returning response (10.0.0.1:1)[g:u] (0.1 secs) OK")
                .get("dirac.request.method")).isNull();
        assertThat(line("2021-01-04 10:00:01 UTC DataManagement/FileCatalog NOTICE: Returning response (10.0.0.1:5)[g:u] (0.1 secs) OK")
                .get("dirac.request.method")).isEqualTo("m5");

        clock.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(line("2021-01-04 10:02:01 UTC DataManagement/FileCatalog NOTICE: Returning response (10.0.0.1:4)[g:u] (0.1 secs) OK")
                .get("dirac.request.method")).as("a query older than max age is forgotten").isNull();
        assertThat(correlator.expired()).isEqualTo(2);
        assertThat(correlator.pending()).isZero();
    }

    @Test
    void followingRunsTheParserThenTheCorrelator() {
        var p = RequestMethodCorrelator.following(DiracParser.create());
        LogEvent q = LogEvent.ofMessage("2021-01-04 10:00:00 UTC DataManagement/FileCatalog NOTICE: Executing action (10.0.0.1:7)[g:u] RPC/getReplicas(<masked>)");
        p.process(q);
        LogEvent r = LogEvent.ofMessage("2021-01-04 10:00:00 UTC DataManagement/FileCatalog NOTICE: Returning response (10.0.0.1:7)[g:u] (0.1 secs) OK");
        p.process(r);
        assertThat(r.get("dirac.request.method")).isEqualTo("getReplicas");
    }

    @Test
    void theAgentsMetricsCountMatchedAndUnmatchedResponsesOverEverySource() {
        SelfMetrics metrics = new SelfMetrics();
        var first = RequestMethodCorrelator.following(DiracParser.create(), metrics);
        var second = RequestMethodCorrelator.following(DiracParser.create(), metrics);
        first.process(LogEvent.ofMessage("2021-01-04 10:00:00 UTC DataManagement/FileCatalog NOTICE: Executing action (10.0.0.1:7)[g:u] RPC/getReplicas(<masked>)"));
        first.process(LogEvent.ofMessage("2021-01-04 10:00:00 UTC DataManagement/FileCatalog NOTICE: Returning response (10.0.0.1:7)[g:u] (0.1 secs) OK"));
        second.process(LogEvent.ofMessage("2021-01-04 10:00:00 UTC DataManagement/FileCatalog NOTICE: Returning response (10.0.0.1:8)[g:u] (0.1 secs) OK"));
        assertThat(metrics.value("wharf_dirac_requests_correlated_total", "outcome", "matched")).isEqualTo(1);
        assertThat(metrics.value("wharf_dirac_requests_correlated_total", "outcome", "unmatched")).isEqualTo(1);
        StringBuilder text = new StringBuilder();
        metrics.writePrometheus(text);
        assertThat(text.toString()).contains("wharf_dirac_requests_correlated_total{outcome=\"matched\"} 1");
    }
}
