package io.wharf.grok;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Named grok patterns ({@code NAME regex}), as pattern files define them: one definition a line,
 * {@code #} comments, later definitions override earlier ones. The built-in library comes from the
 * {@code grok-patterns} module on the class path (listed in {@code io/wharf/grok/patterns/INDEX});
 * users add files from directories and inline definitions on top.
 */
public final class PatternLibrary {
    static final String RESOURCE_DIR = "io/wharf/grok/patterns/";

    private final Map<String, String> definitions;
    private final Map<String, String> origins;

    private PatternLibrary(Map<String, String> definitions, Map<String, String> origins) {
        this.definitions = definitions;
        this.origins = origins;
    }

    public static PatternLibrary empty() {
        return new PatternLibrary(new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    /** The library shipped in the grok-patterns module (empty when that module is not on the class path). */
    public static PatternLibrary builtin() {
        PatternLibrary library = empty();
        ClassLoader loader = PatternLibrary.class.getClassLoader();
        try (InputStream index = loader.getResourceAsStream(RESOURCE_DIR + "INDEX")) {
            if (index == null) {
                return library;
            }
            for (String file : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = file.trim();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try (InputStream in = loader.getResourceAsStream(RESOURCE_DIR + name)) {
                    if (in == null) {
                        throw new IllegalStateException("pattern file " + name + " listed in INDEX is missing");
                    }
                    library.addText(new String(in.readAllBytes(), StandardCharsets.UTF_8), "builtin:" + name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return library;
    }

    /** The names of the built-in pattern files, in load order. */
    public static List<String> builtinFiles() {
        try (InputStream index = PatternLibrary.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + "INDEX")) {
            if (index == null) {
                return List.of();
            }
            return new String(index.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds every regular file of {@code dir} (sorted by name), as Logstash's patterns_dir does. */
    public PatternLibrary addDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            addFile(file);
        }
        return this;
    }

    public PatternLibrary addFile(Path file) throws IOException {
        addText(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        return this;
    }

    /** Parses pattern-file text; {@code origin} names it in errors. */
    public PatternLibrary addText(String text, String origin) {
        int lineNo = 0;
        for (String raw : text.split("\n", -1)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = 0;
            while (space < line.length() && !Character.isWhitespace(line.charAt(space))) {
                space++;
            }
            String name = line.substring(0, space);
            String definition = line.substring(space).strip();
            if (!isPatternName(name) || definition.isEmpty()) {
                throw new GrokCompileException(name, origin + ":" + lineNo + ": expected 'NAME regex'");
            }
            put(name, definition, origin + ":" + lineNo);
        }
        return this;
    }

    public PatternLibrary put(String name, String definition) {
        return put(name, definition, "inline");
    }

    public PatternLibrary putAll(Map<String, String> more) {
        if (more != null) {
            more.forEach(this::put);
        }
        return this;
    }

    private PatternLibrary put(String name, String definition, String origin) {
        definitions.put(name, definition);
        origins.put(name, origin);
        return this;
    }

    public String definition(String name) {
        return definitions.get(name);
    }

    /** Where a pattern was defined ({@code builtin:base:12}, a file:line, or {@code inline}). */
    public String origin(String name) {
        return origins.get(name);
    }

    public Map<String, String> definitions() {
        return Collections.unmodifiableMap(definitions);
    }

    public PatternLibrary copy() {
        return new PatternLibrary(new LinkedHashMap<>(definitions), new LinkedHashMap<>(origins));
    }

    static boolean isPatternName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    public List<String> names() {
        return new ArrayList<>(definitions.keySet());
    }
}
