package io.wharf.bench.pipeline;

import com.fasterxml.jackson.core.JsonGenerator;
import io.wharf.bench.grok.ElasticsearchGrok;
import io.wharf.bench.grok.JavaGrokParser;
import io.wharf.bench.grok.LineParser;
import io.wharf.core.json.Json;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A grok peer of the DIRAC parsing benchmark as a whole process, the way {@code wharf parse}
 * runs: read a file line by line, parse each line with the peer's three patterns, print one JSON
 * object a line (the captures; a line no pattern matches as {@code message} with
 * {@code _grokparsefailure}), with Jackson. Usage: {@code GrokPeerProcess java-grok|elasticsearch-grok FILE}.
 */
public final class GrokPeerProcess {
    private GrokPeerProcess() {
    }

    public static void main(String[] args) throws Exception {
        LineParser parser = switch (args[0]) {
            case "java-grok" -> new JavaGrokParser();
            case "elasticsearch-grok" -> ElasticsearchGrok.create();
            default -> throw new IllegalArgumentException("unknown peer " + args[0] + " (java-grok or elasticsearch-grok)");
        };
        try (BufferedReader in = Files.newBufferedReader(Path.of(args[1]), StandardCharsets.UTF_8);
             OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
             JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
            json.setRootValueSeparator(null);
            for (String line; (line = in.readLine()) != null; ) {
                Map<String, Object> fields = parser.parse(line);
                Json.MAPPER.writeValue(json, fields != null ? fields : Map.of("message", line, "tags", List.of("_grokparsefailure")));
                json.writeRaw('\n');
            }
        }
    }
}
