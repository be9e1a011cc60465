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

    /** Each set's built-in definitions, read once per process (copies are handed out). */
    private static final Map<EcsCompatibility, PatternLibrary> BUILTIN = new java.util.concurrent.ConcurrentHashMap<>();

    /** The default built-in library: Logstash's ECS-compatible set plus wharf's own files. */
    public static PatternLibrary builtin() {
        return builtin(EcsCompatibility.DEFAULT);
    }

    /**
     * The library shipped in the grok-patterns module (empty when that module is not on the class
     * path): the files of Logstash's set {@code ecs} in the order of {@code INDEX} (a later
     * definition replaces an earlier one), then wharf's own files (those without a folder).
     */
    public static PatternLibrary builtin(EcsCompatibility ecs) {
        return BUILTIN.computeIfAbsent(ecs, PatternLibrary::load).copy();
    }

    private static PatternLibrary load(EcsCompatibility ecs) {
        PatternLibrary library = empty();
        ClassLoader loader = PatternLibrary.class.getClassLoader();
        for (String file : builtinFiles(ecs)) {
            try (InputStream in = loader.getResourceAsStream(RESOURCE_DIR + file)) {
                if (in == null) {
                    throw new IllegalStateException("pattern file " + file + " listed in INDEX is missing");
                }
                library.addText(new String(in.readAllBytes(), StandardCharsets.UTF_8), "builtin:" + file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return library;
    }

    /** The built-in pattern files of the set {@code ecs}, in load order. */
    public static List<String> builtinFiles(EcsCompatibility ecs) {
        List<String> own = new ArrayList<>();
        List<String> set = new ArrayList<>();
        for (String file : builtinFiles()) {
            int slash = file.indexOf('/');
            if (slash < 0) {
                own.add(file);
            } else if (file.substring(0, slash).equals(ecs.directory())) {
                set.add(file);
            }
        }
        set.addAll(own);
        return set;
    }

    /** Every built-in pattern file (both sets and wharf's own), as INDEX lists them. */
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

    /**
     * Parses pattern-file text as Logstash reads a patterns file: leading white space is dropped,
     * a line starting with {@code #} is a comment, the name runs to the first white space and the
     * definition is the rest of the line (trailing spaces included, as Logstash keeps them);
     * {@code origin} names the text in errors.
     */
    public PatternLibrary addText(String text, String origin) {
        int lineNo = 0;
        for (String raw : text.split("\n", -1)) {
            lineNo++;
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            int from = 0;
            while (from < line.length() && Character.isWhitespace(line.charAt(from))) {
                from++;
            }
            if (from == line.length() || line.charAt(from) == '#') {
                continue;
            }
            int space = from;
            while (space < line.length() && !Character.isWhitespace(line.charAt(space))) {
                space++;
            }
            int def = space;
            while (def < line.length() && Character.isWhitespace(line.charAt(def))) {
                def++;
            }
            String name = line.substring(from, space);
            String definition = line.substring(def);
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
