package io.wharf.autoscaler.orchestrator.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.wharf.autoscaler.config.KubernetesConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where the API server is and how to authenticate: from the configuration, a kubeconfig file
 * (current context: server, CA, bearer token), or the pod's service account. A token read from a
 * file is read again on every request, since service-account tokens are rotated.
 */
public record KubernetesConnection(String server, Supplier<String> token, SSLContext ssl, String namespace) {
    static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    public static KubernetesConnection resolve(KubernetesConfig config, UnaryOperator<String> env) {
        try {
            if (config.url() != null) {
                Supplier<String> token = config.token() == null ? () -> null : config.token()::reveal;
                return new KubernetesConnection(config.url().replaceAll("/+$", ""), token,
                        config.caFile() == null ? null : trusting(Files.readAllBytes(Path.of(config.caFile()))), config.namespace());
            }
            if (config.kubeconfig() != null) {
                return fromKubeconfig(Path.of(config.kubeconfig()), config.namespace());
            }
            String host = env.apply("KUBERNETES_SERVICE_HOST");
            if (host == null) {
                throw new IllegalArgumentException("orchestrators.kubernetes: set url or kubeconfig (not running in a pod: KUBERNETES_SERVICE_HOST is not set)");
            }
            String port = env.apply("KUBERNETES_SERVICE_PORT");
            Path tokenFile = SERVICE_ACCOUNT.resolve("token");
            return new KubernetesConnection("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + (port == null ? "443" : port),
                    () -> readFile(tokenFile), trusting(Files.readAllBytes(SERVICE_ACCOUNT.resolve("ca.crt"))), config.namespace());
        } catch (IOException e) {
            throw new UncheckedIOException("orchestrators.kubernetes: " + e.getMessage(), e);
        }
    }

    static KubernetesConnection fromKubeconfig(Path file, String defaultNamespace) throws IOException {
        JsonNode root = new YAMLMapper().readTree(file.toFile());
        String contextName = root.path("current-context").asText(null);
        JsonNode context = named(root.path("contexts"), contextName, "context", file);
        JsonNode cluster = named(root.path("clusters"), context.path("cluster").asText(null), "cluster", file);
        JsonNode user = named(root.path("users"), context.path("user").asText(null), "user", file);
        if (cluster.path("insecure-skip-tls-verify").asBoolean(false)) {
            throw new IllegalArgumentException(file + ": insecure-skip-tls-verify is not supported: give the cluster's certificate-authority");
        }
        if (user.has("client-certificate") || user.has("client-certificate-data") || user.has("exec")) {
            if (!user.has("token") && !user.has("tokenFile")) {
                throw new IllegalArgumentException(file + ": only bearer-token users are supported (token or tokenFile), not client certificates or exec plugins");
            }
        }
        Path base = file.toAbsolutePath().getParent();
        SSLContext ssl = null;
        if (cluster.hasNonNull("certificate-authority-data")) {
            ssl = trusting(Base64.getDecoder().decode(cluster.get("certificate-authority-data").asText()));
        } else if (cluster.hasNonNull("certificate-authority")) {
            ssl = trusting(Files.readAllBytes(base.resolve(cluster.get("certificate-authority").asText())));
        }
        Supplier<String> token;
        if (user.hasNonNull("token")) {
            String value = user.get("token").asText();
            token = () -> value;
        } else if (user.hasNonNull("tokenFile")) {
            Path tokenFile = base.resolve(user.get("tokenFile").asText());
            token = () -> readFile(tokenFile);
        } else {
            token = () -> null;
        }
        String namespace = context.path("namespace").asText(defaultNamespace);
        return new KubernetesConnection(cluster.path("server").asText().replaceAll("/+$", ""), token, ssl, namespace);
    }

    private static JsonNode named(JsonNode list, String name, String field, Path file) {
        for (JsonNode entry : list) {
            if (entry.path("name").asText().equals(name)) {
                return entry.path(field);
            }
        }
        throw new IllegalArgumentException(file + ": no " + field + " named '" + name + "'");
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read token " + file + ": " + e.getMessage(), e);
        }
    }

    /** An SSL context that trusts the certificates of a PEM bundle (the cluster's CA). */
    static SSLContext trusting(byte[] pem) throws IOException {
        try (InputStream in = new ByteArrayInputStream(pem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) {
                throw new IOException("no certificate in the CA bundle");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the CA bundle: " + e.getMessage(), e);
        }
    }
}
