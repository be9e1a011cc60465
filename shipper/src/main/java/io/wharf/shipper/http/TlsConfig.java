package io.wharf.shipper.http;

import io.wharf.core.config.Validated;
import io.wharf.core.config.Validation;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code tls: {ca_file: /etc/wharf/ca.pem, verify: true}}: trust a private CA for an https:// server.
 * Without {@code ca_file} the JVM's default trust store is used.
 */
public record TlsConfig(String caFile, Boolean verify) implements Validated {
    public static final TlsConfig DEFAULT = new TlsConfig(null, null);

    public TlsConfig {
        verify = verify == null || verify;
    }

    @Override
    public void validate(Validation v) {
        v.check(caFile == null || Files.isReadable(Path.of(caFile)), "ca_file", "cannot read " + caFile);
    }
}
