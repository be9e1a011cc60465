package io.wharf.shipper.http;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.wharf.core.config.Redaction;
import io.wharf.core.config.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * An output's URL as the user wrote it ({@code https://es1:9200}, or with credentials:
 * {@code http://user:pass@es1:9200}, as Filebeat accepts). The user info is taken apart at
 * parse time: clients only ever see {@link #base()}, so no exception or log line of theirs can
 * carry the password, and this object prints as {@code http://user:<redacted>@es1:9200}.
 * Characters of the password that URLs reserve ({@code @ : / ? #}) are written percent-encoded.
 */
public final class HostUrl {
    private final URI base;
    private final String user;
    private final Secret password;
    private final String shown;

    private HostUrl(URI base, String user, Secret password, String shown) {
        this.base = base;
        this.user = user;
        this.password = password;
        this.shown = shown;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static HostUrl parse(String text) {
        String trimmed = Objects.requireNonNull(text).strip().replaceAll("/+$", "");
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            // the exception's own text holds the whole input, password included
            throw new IllegalArgumentException("'" + unparsedRedacted(trimmed) + "' is not a URL (" + e.getReason()
                    + "; write reserved characters of a password percent-encoded)");
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + unparsedRedacted(trimmed) + "' is not a URL with a scheme and a host (http://host:port)");
        }
        String user = null;
        Secret password = null;
        String userInfo = uri.getUserInfo(); // percent-decoded
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            password = Secret.of(colon < 0 ? "" : userInfo.substring(colon + 1));
        }
        URI base;
        try {
            base = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + unparsedRedacted(trimmed) + "' is not a URL (" + e.getReason() + ")");
        }
        return new HostUrl(base, user, password, Redaction.urls(trimmed));
    }

    /** Text that did not parse as a URL, for an error: everything between :// and the last @ may be a password. */
    private static String unparsedRedacted(String text) {
        int start = text.indexOf("://");
        int at = text.lastIndexOf('@');
        return start >= 0 && at > start ? text.substring(0, start + 3) + Secret.REDACTED + text.substring(at) : text;
    }

    /** The URL without user info and without a trailing slash: what a client is given. */
    public String base() {
        return base.toString();
    }

    public String scheme() {
        return base.getScheme();
    }

    public String host() {
        return base.getHost();
    }

    /** The port written in the URL, or -1 (the scheme's default). */
    public int port() {
        return base.getPort();
    }

    /** The user name of the URL's user info, or null. */
    public String user() {
        return user;
    }

    /** The password of the URL's user info (empty when only a user is given), or null. */
    public Secret password() {
        return password;
    }

    /** The URL as written, its password redacted: for {@code config show}, logs and messages. */
    @JsonValue
    @Override
    public String toString() {
        return shown;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostUrl h && h.base.equals(base) && Objects.equals(h.user, user) && Objects.equals(h.password, password);
    }

    @Override
    public int hashCode() {
        return base.hashCode();
    }
}
