package io.wharf.agent.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.SSLConfig;
import com.github.dockerjava.core.util.CertificateUtils;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the docker-java client from {@code docker:}: unix socket, or tcp with client-certificate TLS. */
public final class DockerClients {
    private DockerClients() {
    }

    public static DockerClient create(DockerConfig config) {
        SSLConfig ssl = config.tls() == null ? null : new PemSslConfig(config.tls());
        var clientConfig = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(config.host())
                .withDockerTlsVerify(ssl != null).withCustomSslConfig(ssl).build();
        var http = new ApacheDockerHttpClient.Builder().dockerHost(URI.create(config.host())).sslConfig(ssl)
                .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(30)).build();
        return DockerClientImpl.getInstance(clientConfig, http);
    }

    /** TLS from the three PEM files {@code docker --tlsverify} uses (ca.pem, cert.pem, key.pem), under any names. */
    static final class PemSslConfig implements SSLConfig {
        private final DockerConfig.Tls tls;

        PemSslConfig(DockerConfig.Tls tls) {
            this.tls = tls;
        }

        @Override
        public SSLContext getSSLContext() {
            try {
                String key = Files.readString(Path.of(tls.keyFile()));
                String cert = Files.readString(Path.of(tls.certFile()));
                String ca = Files.readString(Path.of(tls.caFile()));
                KeyStore keys = CertificateUtils.createKeyStore(key, cert);
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, "docker".toCharArray());
                KeyStore trust = CertificateUtils.createTrustStore(ca);
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
                return context;
            } catch (Exception e) {
                throw new IllegalStateException("docker.tls: cannot build the TLS context from " + tls.certFile() + ", "
                        + tls.keyFile() + " and " + tls.caFile() + ": " + e.getMessage(), e);
            }
        }
    }
}
