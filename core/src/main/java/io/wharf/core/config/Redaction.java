package io.wharf.core.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is a secret in free-form configuration, where no {@link Secret} type can mark it: values
 * of pass-through maps ({@code outputs.kafka.properties}) whose key names a secret, and the
 * password of a URL's user info ({@code http://user:pass@host}). Used wherever configuration text
 * is shown ({@code config show}, logs, {@code test output}).
 */
public final class Redaction {
    /** Parts of a key that say its value is a secret: {@code ssl.key.password}, {@code sasl.jaas.config}, {@code client_secret}... */
    private static final List<String> SECRET_KEY_PARTS = List.of("password", "passwd", "secret", "jaas", "token", "credential",
            "api_key", "apikey");
    /** scheme://userinfo@ (userinfo has no '/', '?', '#', '@' or white space). */
    private static final Pattern URL_USER_INFO = Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?#@\\s]+)@");

    private Redaction() {
    }

    /** Whether a key of a free-form map names a secret (case-insensitive, anywhere in the key). */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return SECRET_KEY_PARTS.stream().anyMatch(k::contains);
    }

    /**
     * {@code text} with the password of every URL's user info replaced by {@code <redacted>}
     * ({@code http://wharf:<redacted>@es1:9200}); user info without a password (often a token)
     * is redacted whole.
     */
    public static String urls(String text) {
        if (text == null || !text.contains("@")) {
            return text;
        }
        Matcher m = URL_USER_INFO.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String userInfo = m.group(2);
            int colon = userInfo.indexOf(':');
            String shown = colon < 0 ? Secret.REDACTED : userInfo.substring(0, colon + 1) + Secret.REDACTED;
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + shown + "@"));
        }
        return m.appendTail(out).toString();
    }
}
