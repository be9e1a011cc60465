package io.wharf.autoscaler.orchestrator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.autoscaler.config.KubernetesConfig;
import io.wharf.autoscaler.config.MetricConfig;
import io.wharf.autoscaler.config.MetricType;
import io.wharf.autoscaler.config.OrchestratorKind;
import io.wharf.autoscaler.config.PolicyConfig;
import io.wharf.autoscaler.fake.FakeKubernetes;
import io.wharf.autoscaler.orchestrator.Orchestrator.Applied;
import io.wharf.autoscaler.orchestrator.Orchestrator.Instances;
import io.wharf.autoscaler.orchestrator.Orchestrator.Refused;
import io.wharf.autoscaler.orchestrator.Orchestrator.ScaleResult;
import io.wharf.autoscaler.orchestrator.OrchestratorException;
import io.wharf.core.config.Secret;
import io.wharf.core.json.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes client against {@link FakeKubernetes}, a fake that replays the API server's
 * documented scale subresource (apps/v1, autoscaling/v1 Scale) with bearer-token checks and
 * resourceVersion conflicts: Kubernetes itself cannot run on this machine. The TLS test serves
 * the fake over HTTPS with a certificate made by the JDK's keytool, trusted through a kubeconfig's
 * certificate-authority-data.
 */
class KubernetesOrchestratorTest {

    private static KubernetesOrchestrator direct(FakeKubernetes k8s, String token) {
        KubernetesConfig config = new KubernetesConfig(k8s.url(), Secret.of(token), null, null, "default", null);
        return new KubernetesOrchestrator(KubernetesConnection.resolve(config, name -> null), Duration.ofSeconds(5));
    }

    private static PolicyConfig policy(String target, String namespace) {
        return new PolicyConfig("web", OrchestratorKind.KUBERNETES, target, namespace, 1, 5, null, null, null, null, null, null,
                List.of(new MetricConfig(MetricType.CPU_PERCENT, "80", null, null, null)));
    }

    @Test
    void readsTheScaleSubresourceAndReadyReplicasThenPutsOnlyReplicas() throws Exception {
        try (FakeKubernetes k8s = new FakeKubernetes("sa-token", null)) {
            FakeKubernetes.Workload web = k8s.workload("dirac", "deployments", "web", 2, 1);
            KubernetesOrchestrator o = direct(k8s, "sa-token");
            String address = o.address(policy("web", "dirac"));
            assertThat(address).isEqualTo("dirac/deployment/web");
            assertThat(o.instances(address)).isEqualTo(new Instances(2, 1));
            long versionRead = web.resourceVersion;

            ScaleResult result = o.scale(address, 4);
            assertThat(result).isInstanceOf(Applied.class);
            assertThat(web.replicas).isEqualTo(4);
            FakeKubernetes.Request put = k8s.requests().get(k8s.requests().size() - 1);
            assertThat(put.method()).isEqualTo("PUT");
            assertThat(put.uri()).isEqualTo("/apis/apps/v1/namespaces/dirac/deployments/web/scale");
            assertThat(put.authorization()).isEqualTo("Bearer sa-token");
            var body = Json.MAPPER.readTree(put.body());
            assertThat(body.path("kind").asText()).isEqualTo("Scale");
            assertThat(body.at("/metadata/resourceVersion").asText()).isEqualTo(Long.toString(versionRead));
            assertThat(body.at("/spec/replicas").asInt()).isEqualTo(4);
        }
    }

    @Test
    void statefulSetsInTheDefaultNamespace() throws Exception {
        try (FakeKubernetes k8s = new FakeKubernetes("t", null)) {
            FakeKubernetes.Workload db = k8s.workload("default", "statefulsets", "db", 3, 3);
            KubernetesOrchestrator o = direct(k8s, "t");
            String address = o.address(policy("statefulset/db", null));
            assertThat(address).isEqualTo("default/statefulset/db");
            assertThat(o.scale(address, 2)).isInstanceOf(Applied.class);
            assertThat(db.replicas).isEqualTo(2);
        }
    }

    @Test
    void aConflictOnResourceVersionIsARefusal() throws Exception {
        try (FakeKubernetes k8s = new FakeKubernetes("t", null)) {
            FakeKubernetes.Workload web = k8s.workload("default", "deployments", "web", 2, 2);
            KubernetesOrchestrator o = direct(k8s, "t");
            k8s.changeBeforeNextWrite = true;
            ScaleResult result = o.scale("default/deployment/web", 3);
            assertThat(result).isInstanceOf(Refused.class);
            assertThat(result.detail()).contains("409 Conflict").contains("the object has been modified");
            assertThat(web.replicas).isEqualTo(2);
            assertThat(o.scale("default/deployment/web", 3)).isInstanceOf(Applied.class);
            assertThat(web.replicas).isEqualTo(3);
        }
    }

    @Test
    void aRejectedTokenOrAnUnknownWorkloadIsAnError() {
        try (FakeKubernetes k8s = new FakeKubernetes("right", null)) {
            k8s.workload("default", "deployments", "web", 2, 2);
            assertThatThrownBy(() -> direct(k8s, "wrong").instances("default/deployment/web"))
                    .isInstanceOf(OrchestratorException.class).hasMessageContaining("HTTP 401 (the token was not accepted)");
            assertThatThrownBy(() -> direct(k8s, "right").instances("default/deployment/nope"))
                    .isInstanceOf(OrchestratorException.class).hasMessageContaining("HTTP 404");
        }
    }

    @Test
    void kubeconfigOverTlsWithTheClustersCaAndATokenFile(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        run(dir, "-genkeypair", "-alias", "apiserver", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit");
        String caPem = run(dir, "-exportcert", "-rfc", "-alias", "apiserver", "-keystore", keystore.toString(), "-storepass", "changeit");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(new ByteArrayInputStream(Files.readAllBytes(keystore)), "changeit".toCharArray());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);

        try (FakeKubernetes k8s = new FakeKubernetes("from-file", serverTls)) {
            FakeKubernetes.Workload web = k8s.workload("batch", "deployments", "web", 1, 1);
            Files.writeString(dir.resolve("token"), "from-file\n");
            Path kubeconfig = dir.resolve("config");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    current-context: ops
                    clusters:
                    - name: other
                      cluster: {server: https://example.invalid}
                    - name: prod
                      cluster:
                        server: %s
                        certificate-authority-data: %s
                    contexts:
                    - name: ops
                      context: {cluster: prod, user: autoscaler, namespace: batch}
                    users:
                    - name: autoscaler
                      user: {tokenFile: token}
                    """.formatted(k8s.url(), Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8))));
            KubernetesConfig config = new KubernetesConfig(null, null, null, kubeconfig.toString(), null, null);
            KubernetesOrchestrator o = new KubernetesOrchestrator(KubernetesConnection.resolve(config, n -> null), Duration.ofSeconds(5));
            String address = o.address(policy("web", null));
            assertThat(address).isEqualTo("batch/deployment/web");
            assertThat(o.scale(address, 3)).isInstanceOf(Applied.class);
            assertThat(web.replicas).isEqualTo(3);

            // Without the CA, the same server is not trusted.
            KubernetesConfig noCa = new KubernetesConfig(k8s.url(), Secret.of("from-file"), null, null, null, null);
            KubernetesOrchestrator untrusted = new KubernetesOrchestrator(KubernetesConnection.resolve(noCa, n -> null), Duration.ofSeconds(5));
            assertThatThrownBy(() -> untrusted.instances(address)).isInstanceOf(OrchestratorException.class)
                    .hasMessageContaining("cannot reach");
        }
    }

    private static String run(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
