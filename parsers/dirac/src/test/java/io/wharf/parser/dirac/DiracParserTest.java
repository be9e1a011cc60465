package io.wharf.parser.dirac;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.core.event.LogEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every DIRAC line kind of every version, field by field. */
class DiracParserTest {
    private final DiracParser parser = DiracParser.create();

    private LogEvent parse(String text) {
        LogEvent event = LogEvent.ofMessage(text);
        parser.process(event);
        return event;
    }

    @Test
    void upToV6r17LevelIsRightJustifiedAndFrameInfoFollowsTheName() {
        LogEvent e = parse("2016-05-12 09:41:02 UTC WorkloadManagement/JobAgent[Yyq5]   INFO: Job submitted with ID 1234");
        assertThat(e.dataset()).isEqualTo("dirac");
        assertThat(e.get("@timestamp")).isEqualTo("2016-05-12T09:41:02Z");
        assertThat(e.get("log.level")).isEqualTo("INFO");
        assertThat(e.get("dirac.component")).isEqualTo("WorkloadManagement/JobAgent");
        assertThat(e.get("dirac.sublogger")).isNull();
        assertThat(e.get("dirac.thread")).isEqualTo("Yyq5");
        assertThat(e.message()).isEqualTo("Job submitted with ID 1234");
        assertThat(e.tags()).isEmpty();
        for (String level : List.of("ALWAYS", "NOTICE", "INFO", "VERB", "DEBUG", "WARN", "ERROR", "EXCEPT", "FATAL")) {
            LogEvent l = parse("2016-05-12 09:41:02 UTC Framework/SystemAdministrator " + " ".repeat(6 - level.length()) + level + ": x");
            assertThat(l.get("log.level")).as(level).isEqualTo(level);
            assertThat(l.get("dirac.component")).isEqualTo("Framework/SystemAdministrator");
        }
    }

    @Test
    void upToV6r17SubloggerAfterTheComponent() {
        LogEvent e = parse("2016-05-12 09:41:02 UTC DataManagement/FTSAgent/FTSJob  DEBUG: polling");
        assertThat(e.get("dirac.component")).isEqualTo("DataManagement/FTSAgent");
        assertThat(e.get("dirac.sublogger")).isEqualTo("FTSJob");
        assertThat(e.get("log.level")).isEqualTo("DEBUG");
    }

    @Test
    void upToV6r17ExceptionBlockJoinsWithPrefixesRemoved() {
        String block = String.join("\n",
                "2016-05-12 09:41:02 UTC Framework/Monitoring EXCEPT: Cannot commit",
                "2016-05-12 09:41:02 UTC Framework/Monitoring EXCEPT: == EXCEPTION ==",
                "2016-05-12 09:41:02 UTC Framework/Monitoring EXCEPT: ValueError: bad value",
                "2016-05-12 09:41:02 UTC Framework/Monitoring EXCEPT:   File \"Monitoring.py\", line 12, in commit",
                "2016-05-12 09:41:02 UTC Framework/Monitoring EXCEPT: ===============");
        for (String line : block.split("\n")) {
            assertThat(DiracMultiline.startsEvent(line)).as(line).isEqualTo(line.endsWith("Cannot commit"));
        }
        LogEvent e = parse(block);
        assertThat(e.message()).isEqualTo("Cannot commit");
        assertThat(e.get("log.level")).isEqualTo("EXCEPT");
        assertThat(e.get("error.stack_trace")).isEqualTo("== EXCEPTION ==\nValueError: bad value\n  File \"Monitoring.py\", line 12, in commit\n===============");
    }

    @Test
    void v6r18ToV8WithThreadSubloggersAndVarmessage() {
        LogEvent e = parse("2021-01-04 10:00:00 UTC WorkloadManagement/JobAgent/WorkloadManagement/JobAgent [140001234] VERBOSE: Job matched 1234");
        assertThat(e.get("@timestamp")).isEqualTo("2021-01-04T10:00:00Z");
        assertThat(e.get("dirac.component")).isEqualTo("WorkloadManagement/JobAgent");
        assertThat(e.get("dirac.sublogger")).isEqualTo("WorkloadManagement/JobAgent");
        assertThat(e.get("dirac.thread")).isEqualTo("140001234");
        assertThat(e.get("log.level")).isEqualTo("VERBOSE");
        assertThat(e.message()).isEqualTo("Job matched 1234");
        for (String level : List.of("DEBUG", "VERBOSE", "INFO", "WARN", "NOTICE", "ERROR", "ALWAYS", "FATAL")) {
            assertThat(parse("2021-01-04 10:00:00 UTC Framework/Foo " + level + ": m").get("log.level")).isEqualTo(level);
        }
        LogEvent noThread = parse("2021-01-04 10:00:00 UTC Framework/Foo NOTICE: m");
        assertThat(noThread.get("dirac.thread")).isNull();
    }

    @Test
    void v6r18ExceptionIsAnErrorLineWithAnUnprefixedTraceback() {
        String event = String.join("\n",
                "2021-01-04 10:00:00 UTC DataManagement/FileCatalog ERROR: Failed to connect",
                "Traceback (most recent call last):",
                "  File \"/opt/dirac/DIRAC/Core/Utilities/MySQL.py\", line 512, in _connect",
                "    self.__connection = MySQLdb.connect(**args)",
                "OperationalError: (2003, \"Can't connect to MySQL server\")");
        for (String line : event.split("\n")) {
            assertThat(DiracMultiline.startsEvent(line)).as(line).isEqualTo(line.startsWith("2021"));
        }
        LogEvent e = parse(event);
        assertThat(e.message()).isEqualTo("Failed to connect");
        assertThat(e.get("log.level")).isEqualTo("ERROR");
        assertThat((String) e.get("error.stack_trace")).startsWith("Traceback (most recent call last):\n  File ")
                .endsWith("Can't connect to MySQL server\")");
    }

    @Test
    void v9IsoTimestampWithMicroseconds() {
        LogEvent e = parse("2024-03-05T10:11:12,123456Z Framework/ProxyManager [MainThread] DEBUG: Cleaning expired proxies");
        assertThat(e.get("@timestamp")).isEqualTo("2024-03-05T10:11:12.123456Z");
        assertThat(e.get("dirac.component")).isEqualTo("Framework/ProxyManager");
        assertThat(e.get("dirac.thread")).isEqualTo("MainThread");
        assertThat(e.get("log.level")).isEqualTo("DEBUG");
        assertThat(e.message()).isEqualTo("Cleaning expired proxies");
    }

    @Test
    void externalLibraryLines() {
        LogEvent e = parse("2024-03-05T10:11:12,345Z ExternalLibrary/urllib3.connectionpool WARNING: Retrying connection");
        assertThat(e.get("@timestamp")).isEqualTo("2024-03-05T10:11:12.345Z");
        assertThat(e.get("dirac.component")).isEqualTo("ExternalLibrary/urllib3.connectionpool");
        assertThat(e.get("log.level")).isEqualTo("WARNING");
        assertThat(e.message()).isEqualTo("Retrying connection");
    }

    @Test
    void disetQueryWithUserCredentials() {
        LogEvent e = parse("2021-01-04 10:00:00 UTC WorkloadManagement/JobMonitoring NOTICE: Executing action (188.185.1.2:51234)[lhcb_user:jdoe] RPC/getJobStatus(<masked>)");
        assertThat(e.get("dirac.component")).isEqualTo("WorkloadManagement/JobMonitoring");
        assertThat(e.get("dirac.request.kind")).isEqualTo("query");
        assertThat(e.get("dirac.request.type")).isEqualTo("RPC");
        assertThat(e.get("dirac.request.method")).isEqualTo("getJobStatus");
        assertThat(e.get("client.ip")).isEqualTo("188.185.1.2");
        assertThat(e.get("client.port")).isEqualTo(51234);
        assertThat(e.get("user.name")).isEqualTo("jdoe");
        assertThat(e.get("user.group")).isEqualTo("lhcb_user");
        assertThat(e.message()).isEqualTo("Executing action (188.185.1.2:51234)[lhcb_user:jdoe] RPC/getJobStatus(<masked>)");
    }

    @Test
    void disetQueryTypesIpv6AnonymousAndHosts() {
        LogEvent v6 = parse("2016-05-12 09:41:02 UTC DataManagement/StorageElement NOTICE: Executing action ([2001:db8::7]:40000)[lhcb_prod:prod] FileTransfer/toClient(<masked>)");
        assertThat(v6.get("client.ip")).isEqualTo("2001:db8::7");
        assertThat(v6.get("client.port")).isEqualTo(40000);
        assertThat(v6.get("dirac.request.type")).isEqualTo("FileTransfer");
        assertThat(v6.get("dirac.request.method")).isEqualTo("toClient");

        LogEvent anonymous = parse("2021-01-04 10:00:00 UTC Framework/BundleDelivery NOTICE: Executing action (10.0.0.5:6000) Connection/new(<masked>)");
        assertThat(anonymous.get("dirac.request.type")).isEqualTo("Connection");
        assertThat(anonymous.get("user")).isNull();
        assertThat(anonymous.get("client.ip")).isEqualTo("10.0.0.5");

        LogEvent host = parse("2021-01-04 10:00:00 UTC RequestManagement/ReqManager NOTICE: Executing action (10.0.0.6:6001)[hosts:lbvobox101.cern.ch] Message/putRequest(<masked>)");
        assertThat(host.get("dirac.host")).isEqualTo("lbvobox101.cern.ch");
        assertThat(host.get("user")).isNull();
        assertThat(host.get("dirac.request.type")).isEqualTo("Message");
        assertThat(host.get("dirac.request.method")).isEqualTo("putRequest");
    }

    @Test
    void disetResponseOkAndErrorWithCallStack() {
        LogEvent ok = parse("2021-01-04 10:00:00 UTC WorkloadManagement/JobMonitoring NOTICE: Returning response (188.185.1.2:51234)[lhcb_user:jdoe] (0.12 secs) OK");
        assertThat(ok.get("dirac.request.kind")).isEqualTo("response");
        assertThat(ok.get("dirac.request.status")).isEqualTo("OK");
        assertThat(ok.get("event.duration")).isEqualTo(120_000_000L);
        assertThat(ok.get("client.ip")).isEqualTo("188.185.1.2");
        assertThat(ok.get("client.port")).isEqualTo(51234);
        assertThat(ok.get("user.name")).isEqualTo("jdoe");
        assertThat(ok.get("dirac.request.seconds")).isNull();

        String err = String.join("\n",
                "2021-01-04 10:00:01 UTC WorkloadManagement/JobManager NOTICE: Returning response (188.185.1.2:51235)[lhcb_user:jdoe] (1.50 secs) ERROR: Job 42 does not exist",
                "  File \"/opt/dirac/DIRAC/Core/DISET/RequestHandler.py\", line 290, in _rh_executeAction",
                "    return self._executeAction(...)");
        assertThat(DiracMultiline.startsEvent(err.split("\n")[1])).isFalse();
        LogEvent e = parse(err);
        assertThat(e.get("dirac.request.status")).isEqualTo("ERROR");
        assertThat(e.get("dirac.request.error")).isEqualTo("Job 42 does not exist");
        assertThat(e.get("event.duration")).isEqualTo(1_500_000_000L);
        assertThat((String) e.get("error.stack_trace")).startsWith("  File \"/opt/dirac/DIRAC/Core/DISET/RequestHandler.py\"");
    }

    @Test
    void tornadoQueryAndResponses() {
        LogEvent q = parse("2024-03-05T10:11:12,123456Z Tornado/Tornado INFO: Incoming request (188.185.1.2:51234)[lhcb_user:jdoe] WorkloadManagement/JobMonitoring: getJobsStatus");
        assertThat(q.get("dirac.request.kind")).isEqualTo("query");
        assertThat(q.get("dirac.request.type")).isEqualTo("tornado");
        assertThat(q.get("dirac.request.target")).isEqualTo("WorkloadManagement/JobMonitoring");
        assertThat(q.get("dirac.request.method")).isEqualTo("getJobsStatus");
        assertThat(q.get("user.group")).isEqualTo("lhcb_user");

        LogEvent ok = parse("2024-03-05T10:11:12,223456Z Tornado/Tornado INFO: Returning response (188.185.1.2:51234)[lhcb_user:jdoe] WorkloadManagement/JobMonitoring (12.34 ms) OK");
        assertThat(ok.get("dirac.request.kind")).isEqualTo("response");
        assertThat(ok.get("dirac.request.type")).isEqualTo("tornado");
        assertThat(ok.get("dirac.request.target")).isEqualTo("WorkloadManagement/JobMonitoring");
        assertThat(ok.get("dirac.request.status")).isEqualTo("OK");
        assertThat(ok.get("event.duration")).isEqualTo(12_340_000L);

        LogEvent err = parse("2024-03-05T10:11:12,323456Z Tornado/Tornado ERROR: Returning response (188.185.1.2:51234)[visitor:anonymous] Framework/Notification (3.00 ms) ERROR: Not authorised");
        assertThat(err.get("dirac.request.status")).isEqualTo("ERROR");
        assertThat(err.get("dirac.request.error")).isEqualTo("Not authorised");
        assertThat(err.get("dirac.request.error_code")).isNull();
        assertThat(err.get("user.name")).isEqualTo("anonymous");
        assertThat(err.get("user.group")).isEqualTo("visitor");

        LogEvent code = parse("2024-03-05T10:11:12,423456Z Tornado/Tornado ERROR: Returning response (188.185.1.2:51234)[lhcb_user:jdoe] Framework/Notification (7.5 ms) ERROR 500: Internal Server Error");
        assertThat(code.get("dirac.request.error_code")).isEqualTo(500);
        assertThat(code.get("dirac.request.error")).isEqualTo("Internal Server Error");
        assertThat(code.get("event.duration")).isEqualTo(7_500_000L);
    }

    @Test
    void agentCycleLines() {
        LogEvent dashes = parse("2021-01-04 10:00:00 UTC WorkloadManagement/JobCleaningAgent NOTICE: ------------------------------------------------------------");
        assertThat(dashes.tags()).isEmpty();
        assertThat(DiracMultiline.startsEvent("------------------------------------------------------------")).isTrue();
        LogEvent bare = parse("------------------------------------------------------------");
        assertThat(bare.dataset()).isEqualTo("dirac");
        assertThat(bare.tags()).isEmpty();

        LogEvent start = parse("2021-01-04 10:00:00 UTC WorkloadManagement/JobCleaningAgent NOTICE: Starting cycle for module WorkloadManagement/JobCleaningAgent");
        assertThat(start.get("dirac.agent.module")).isEqualTo("WorkloadManagement/JobCleaningAgent");
        LogEvent took = parse("2021-01-04 10:00:12 UTC WorkloadManagement/JobCleaningAgent NOTICE: Cycle took 12.34 seconds");
        assertThat(took.get("dirac.agent.cycle_seconds")).isEqualTo(12.34);
        LogEvent ok = parse("2021-01-04 10:00:12 UTC WorkloadManagement/JobCleaningAgent NOTICE: Cycle was successful");
        assertThat(ok.get("dirac.agent.cycle_ok")).isEqualTo(true);
        LogEvent bad = parse("2021-01-04 10:00:12 UTC WorkloadManagement/JobCleaningAgent ERROR: Cycle had an error: Cannot connect to DB");
        assertThat(bad.get("dirac.agent.cycle_ok")).isEqualTo(false);
        assertThat(bad.get("error.message")).isEqualTo("Cannot connect to DB");
    }

    @Test
    void jsonLogLines() {
        LogEvent e = parse("{\"asctime\": \"2024-03-05T10:11:12,123456Z\", \"levelname\": \"NOTICE\", \"message\": \"Returning response\","
                + " \"varmessage\": \"(188.185.1.2:51234)[lhcb_user:jdoe] (0.25 secs) OK\", \"componentname\": \"WorkloadManagement/JobManager\","
                + " \"customname\": \"/Handler\", \"hostname\": \"dirac-wms-1\", \"tornadoComponent\": \"\"}");
        assertThat(e.dataset()).isEqualTo("dirac");
        assertThat(e.get("@timestamp")).isEqualTo("2024-03-05T10:11:12.123456Z");
        assertThat(e.get("log.level")).isEqualTo("NOTICE");
        assertThat(e.message()).isEqualTo("Returning response (188.185.1.2:51234)[lhcb_user:jdoe] (0.25 secs) OK");
        assertThat(e.get("dirac.component")).isEqualTo("WorkloadManagement/JobManager");
        assertThat(e.get("dirac.sublogger")).isEqualTo("Handler");
        assertThat(e.get("dirac.hostname")).isEqualTo("dirac-wms-1");
        assertThat(e.get("dirac.request.kind")).isEqualTo("response");
        assertThat(e.get("event.duration")).isEqualTo(250_000_000L);
        assertThat(e.get("user.name")).isEqualTo("jdoe");

        LogEvent exc = parse("{\"asctime\": \"2021-01-04 10:00:00\", \"levelname\": \"ERROR\", \"message\": \"Failed\", \"varmessage\": \"\","
                + " \"componentname\": \"Tornado/Tornado\", \"customname\": \"\", \"tornadoComponent\": \"Framework/Notification\","
                + " \"local_name\": \"Framework/Notification\", \"exc_info\": \"Traceback (most recent call last):\\n  File x\"}");
        assertThat(exc.get("@timestamp")).isEqualTo("2021-01-04T10:00:00Z");
        assertThat(exc.message()).isEqualTo("Failed");
        assertThat(exc.get("dirac.tornado_component")).isEqualTo("Framework/Notification");
        assertThat(exc.get("error.stack_trace")).isEqualTo("Traceback (most recent call last):\n  File x");
        assertThat(DiracMultiline.startsEvent("{\"asctime\": \"x\"}")).isTrue();
    }

    @Test
    void linesJoinedAfterAJsonLineAreKeptNotDropped() {
        LogEvent e = parse("{\"asctime\": \"2021-01-04 10:00:00\", \"levelname\": \"INFO\", \"message\": \"m\", \"componentname\": \"Framework/Foo\"}\nstray output");
        assertThat(e.message()).isEqualTo("m");
        assertThat(e.get("error.stack_trace")).isEqualTo("stray output");
    }

    @Test
    void brokenJsonKeepsItsTextWithATag() {
        LogEvent e = parse("{\"asctime\": \"2024-03-05\", \"levelname\": ");
        assertThat(e.message()).isEqualTo("{\"asctime\": \"2024-03-05\", \"levelname\": ");
        assertThat(e.tags()).containsExactly("_jsonparsefailure");
    }

    @Test
    void garbageKeepsItsRawTextWithAFailureTagAndNeverThrows() {
        byte[] binary = new byte[2048];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 37 + 11);
        }
        String invalidUtf8 = new String(new byte[] {'2', '0', (byte) 0xC3, (byte) 0x28, (byte) 0xF0, (byte) 0x9F, ' ', 'x'}, StandardCharsets.UTF_8);
        String huge = "2021-01-04 10:00:00 UTC Framework/Foo INFO: " + "y".repeat(1 << 20);
        for (String garbage : List.of(new String(binary, StandardCharsets.ISO_8859_1), "z".repeat(1 << 20), invalidUtf8, "", "{")) {
            LogEvent e = parse(garbage);
            assertThat(e.message()).isEqualTo(garbage);
            assertThat(e.tags()).hasSize(1).containsAnyOf("_grokparsefailure", "_jsonparsefailure");
        }
        LogEvent big = parse(huge);
        assertThat(big.tags()).isEmpty();
        assertThat(big.message()).hasSize(1 << 20);
    }

    @Test
    void continuationLinesDoNotStartEvents() {
        for (String line : List.of("Traceback (most recent call last):", "  File \"x.py\", line 1, in <module>", "KeyError: 'x'",
                "", "    raise ValueError()", "continued text", "-----")) {
            assertThat(DiracMultiline.startsEvent(line)).as(line).isFalse();
        }
        for (String line : List.of("2016-05-12 09:41:02 UTC Framework/Foo  INFO: x", "2024-03-05T10:11:12,123456Z Framework/Foo INFO: x",
                "{\"levelname\": \"INFO\"}", "----------------------------------------")) {
            assertThat(DiracMultiline.startsEvent(line)).as(line).isTrue();
        }
    }
}
