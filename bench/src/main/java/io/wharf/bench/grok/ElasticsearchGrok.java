package io.wharf.bench.grok;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Creates the Elasticsearch grok peer in its own class loader. elasticsearch-grok 8.19 is built
 * against joni 2.1 and reads {@code Region.beg}/{@code end} directly; joni 2.2 (what wharf runs on)
 * made those private, so the two cannot share one joni. The peer, its joni 2.1.29 and jcodings
 * 1.0.44 come from {@code bench/target/es-grok-lib} (copied by the build) and load child-first;
 * everything else (the {@link LineParser} interface, the pattern definitions) is shared with the
 * rest of the benchmark. One JVM, one run, each library on the joni it ships with.
 */
public final class ElasticsearchGrok {
    private static final String IMPL = "io.wharf.bench.grok.ElasticsearchGrokParser";

    private ElasticsearchGrok() {
    }

    public static LineParser create() {
        try {
            Class<?> impl = Class.forName(IMPL, true, loader());
            return (LineParser) impl.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the Elasticsearch grok peer", e);
        }
    }

    private static ClassLoader loader() {
        Path lib = libDirectory();
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
            // The peer class itself must be defined here too, so that it links to this joni.
            urls.add(ElasticsearchGrok.class.getProtectionDomain().getCodeSource().getLocation());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + lib + " (run the build: mvn -pl bench -am package)", e);
        }
        return new ChildFirst(urls.toArray(new URL[0]), ElasticsearchGrok.class.getClassLoader());
    }

    /** {@code wharf.bench.es-grok-lib}, or {@code es-grok-lib} next to the bench classes or jar (target/). */
    static Path libDirectory() {
        String configured = System.getProperty("wharf.bench.es-grok-lib");
        if (configured != null) {
            return Path.of(configured);
        }
        try {
            Path here = Path.of(ElasticsearchGrok.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return here.getParent().resolve("es-grok-lib");
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads grok, joni, jcodings and the peer class from its own URLs first; the rest from the parent. */
    private static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL[] urls, ClassLoader parent) {
            super("es-grok", urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!isolated(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        private static boolean isolated(String name) {
            return name.startsWith("org.elasticsearch.grok.") || name.startsWith("org.joni.")
                    || name.startsWith("org.jcodings.") || name.equals(IMPL);
        }
    }

}
