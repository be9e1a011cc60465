package io.wharf.core.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a filebeat.yml-like configuration into typed records: environment substitution first,
 * then YAML binding (snake_case keys, unknown keys refused), then each section's own checks.
 * Every error names the file, the line and the key.
 */
public final class ConfigLoader {
    private static final YAMLMapper MAPPER = createMapper();

    private ConfigLoader() {
    }

    public static <T> T load(Path file, Class<T> type) {
        return load(file, type, System::getenv);
    }

    public static <T> T load(Path file, Class<T> type, UnaryOperator<String> env) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), 0, null, "no such file");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, null, "cannot read: " + e.getMessage());
        }
        return parse(file.toString(), decodeUtf8(file.toString(), bytes), type, env);
    }

    /** The file's text; bytes that are not UTF-8 are an error naming their line and column, never replaced silently. */
    static String decodeUtf8(String fileName, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new ConfigException(fileName, line, null, String.format(
                    "column %d: invalid UTF-8 (byte 0x%02X); the file must be saved as UTF-8", at - lineStart + 1, bytes[at] & 0xff));
        }
        return out.flip().toString();
    }

    /** Loads a configuration embedded in the jar (the defaults of {@code wharf run}). */
    public static <T> T loadResource(String resource, Class<T> type) {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing embedded configuration " + resource);
            }
            String name = "embedded:" + resource;
            return parse(name, decodeUtf8(name, in.readAllBytes()), type, System::getenv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T parse(String fileName, String rawText, Class<T> type, UnaryOperator<String> env) {
        String text = EnvSubstitution.apply(fileName, rawText, env);
        if (text.isBlank()) {
            text = "{}";
        }
        // Parse the YAML whole first: a syntax error is reported as such, not as the binding error
        // Jackson's streaming would hit before reaching it; and the node tree gives every key's line.
        YamlLocator locator;
        try {
            locator = new YamlLocator(text);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            String column = mark == null ? "" : "column " + (mark.getColumn() + 1) + ": ";
            throw new ConfigException(fileName, line, null, column + "invalid YAML: " + e.getProblem());
        }
        YamlLocator.DuplicateKey duplicate = locator.duplicate();
        if (duplicate != null) {
            throw new ConfigException(fileName, duplicate.secondLine(), duplicate.path(), "duplicate key: also set at "
                    + fileName + ":" + duplicate.firstLine() + " (YAML allows a key once per mapping; merge the two)");
        }
        T config;
        try {
            config = MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw translate(fileName, e, locator);
        }
        if (config instanceof Validated validated) {
            List<Validation.Problem> problems = new ArrayList<>();
            validated.validate(new Validation("", problems));
            if (!problems.isEmpty()) {
                Validation.Problem first = problems.get(0);
                String more = problems.size() == 1 ? "" : problems.stream().skip(1)
                        .map(p -> "\n  " + new ConfigException(fileName, locator.lineOf(p.key()), p.key(), located(p, locator)).getMessage())
                        .collect(Collectors.joining());
                throw new ConfigException(fileName, locator.lineOf(first.key()), first.key(), located(first, locator) + more);
            }
        }
        return config;
    }

    /** A problem about a key the file does not have at all (no line to point at) says so. */
    private static String located(Validation.Problem p, YamlLocator locator) {
        boolean absent = p.key() != null && !p.key().isEmpty() && locator.lineOf(p.key()) == 0;
        return absent ? "missing from the file: " + p.message() : p.message();
    }

    /** The effective configuration as YAML, secrets redacted: what {@code wharf config show} prints. */
    public static String show(Object config) {
        try {
            JsonNode tree = MAPPER.valueToTree(config);
            redact(tree);
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Typed secrets already print as {@code <redacted>}; this catches the ones in free-form maps and URLs. */
    private static void redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (var it = object.fields(); it.hasNext(); ) {
                var field = it.next();
                JsonNode value = field.getValue();
                if (value.isValueNode() && !value.isNull() && Redaction.isSecretKey(field.getKey())) {
                    field.setValue(TextNode.valueOf(Secret.REDACTED));
                } else if (value.isTextual()) {
                    field.setValue(TextNode.valueOf(Redaction.urls(value.asText())));
                } else {
                    redact(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(Redaction.urls(array.get(i).asText())));
                } else {
                    redact(array.get(i));
                }
            }
        }
    }

    private static ConfigException translate(String file, JsonProcessingException e, YamlLocator locator) {
        JsonLocation loc = e.getLocation();
        String key = e instanceof JsonMappingException m ? path(m) : null;
        int line = key != null && !key.isEmpty() ? locator.lineOf(key) : loc == null ? 0 : loc.getLineNr();
        String problem;
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> known = u.getKnownPropertyIds() == null ? List.of()
                    : u.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            problem = "unknown key '" + u.getPropertyName() + "'" + (known.isEmpty() ? "" : " (known keys: " + String.join(", ", known) + ")");
        } else if (e instanceof InvalidFormatException f) {
            problem = "expected " + typeName(f.getTargetType()) + ", got '" + f.getValue() + "'";
        } else if (e instanceof ValueInstantiationException v) {
            Throwable cause = v.getCause() != null ? v.getCause() : v;
            problem = cause.getMessage();
        } else if (e instanceof MismatchedInputException m) {
            String msg = firstLine(m.getOriginalMessage());
            String got = msg.contains("from Array value") ? ", got a list"
                    : msg.contains("from Object value") ? ", got a mapping" : " (" + msg + ")";
            problem = m.getTargetType() == null ? msg : "expected " + typeName(m.getTargetType()) + got;
        } else if (e instanceof JsonMappingException m) {
            problem = firstLine(m.getCause() != null && m.getCause().getMessage() != null ? m.getCause().getMessage() : m.getOriginalMessage());
        } else {
            problem = "invalid YAML: " + firstLine(e.getOriginalMessage());
            if (loc != null && loc.getColumnNr() > 0) {
                problem = "column " + loc.getColumnNr() + ": " + problem;
            }
        }
        return new ConfigException(file, line, key, problem);
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "a value";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase()).collect(Collectors.joining(", "));
        }
        if (type == Duration.class) {
            return "a duration";
        }
        if (type.isRecord() || java.util.Map.class.isAssignableFrom(type)) {
            return "a mapping";
        }
        return type.getSimpleName();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static YAMLMapper createMapper() {
        SimpleModule module = new SimpleModule("wharf-config");
        module.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                    return Duration.ofSeconds(p.getLongValue());
                }
                try {
                    return Durations.parse(p.getValueAsString(""));
                } catch (IllegalArgumentException e) {
                    throw JsonMappingException.from(p, e.getMessage());
                }
            }
        });
        module.addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(Durations.format(value));
            }
        });
        module.addSerializer(Enum.class, new JsonSerializer<>() {
            @Override
            public void serialize(Enum value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.name().toLowerCase(java.util.Locale.ROOT));
            }
        });
        module.addDeserializer(ByteSize.class, new JsonDeserializer<>() {
            @Override
            public ByteSize deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                    return ByteSize.of(p.getLongValue());
                }
                try {
                    return ByteSize.parse(p.getValueAsString(""));
                } catch (IllegalArgumentException e) {
                    throw JsonMappingException.from(p, e.getMessage());
                }
            }
        });
        module.addDeserializer(Secret.class, new JsonDeserializer<>() {
            @Override
            public Secret deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken().isScalarValue()) {
                    return Secret.of(p.getValueAsString(""));
                }
                JsonNode node = p.readValueAsTree();
                if (node.hasNonNull("file")) {
                    Path path = Path.of(node.get("file").asText());
                    try {
                        return Secret.of(Files.readString(path, StandardCharsets.UTF_8).strip());
                    } catch (IOException e) {
                        throw JsonMappingException.from(p, "cannot read secret file " + path + ": " + e.getMessage());
                    }
                }
                if (node.hasNonNull("env")) {
                    String value = System.getenv(node.get("env").asText());
                    if (value == null) {
                        throw JsonMappingException.from(p, "environment variable " + node.get("env").asText() + " is not set");
                    }
                    return Secret.of(value);
                }
                throw JsonMappingException.from(p, "a secret is a string, {file: PATH} or {env: NAME}");
            }
        });
        YAMLMapper mapper = YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .addModule(module)
                .build();
        mapper.setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
        return mapper;
    }
}
