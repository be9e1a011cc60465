package io.wharf.agent.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.wharf.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Docker's json-file driver: {@code {"log":"text\n","stream":"stdout","time":"RFC3339Nano"}}.
 * Docker splits lines longer than 16 KiB into records whose {@code log} has no trailing newline:
 * those are partial, and the record that ends with a newline completes the line. (Docker itself
 * writes invalid UTF-8 of a program as U+FFFD, so those bytes never reach a json-file; a record
 * that is not valid UTF-8 is not valid JSON either: it is kept raw, its bytes too.)
 */
final class JsonFileFormat implements LineFormat {
    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

    @Override
    public Decoded decode(byte[] buf, int off, int len) {
        String log = null;
        String stream = null;
        String time = null;
        try (JsonParser p = FACTORY.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return broken(buf, off, len);
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "log" -> log = p.getValueAsString();
                    case "stream" -> stream = p.getValueAsString();
                    case "time" -> time = p.getValueAsString();
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || log == null) {
                return broken(buf, off, len);
            }
        } catch (IOException e) {
            return broken(buf, off, len);
        }
        boolean partial = !log.endsWith("\n");
        String text = partial ? log : log.substring(0, log.length() - 1);
        return new Decoded(stream, text, time, partial, false);
    }

    private static Decoded broken(byte[] buf, int off, int len) {
        String raw = new String(buf, off, len, StandardCharsets.UTF_8);
        return new Decoded(null, raw, null, false, true, Utf8.invalidOriginal(buf, off, len, raw));
    }
}
