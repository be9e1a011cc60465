package io.wharf.core.config;

import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Finds the line of a key path ({@code outputs.kafka.hosts[1]}) in a YAML document, for validation
 * errors, and notices a key written twice in one mapping (YAML forbids it; a parser that lets the
 * last one win would drop the first {@code outputs:} block without a word).
 */
final class YamlLocator {
    /** A key given twice in the same mapping: its path and both (1-based) lines. */
    record DuplicateKey(String path, int firstLine, int secondLine) {
    }

    private final Map<String, Integer> lines = new HashMap<>();
    private DuplicateKey duplicate;

    YamlLocator(String text) {
        Node root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        if (root != null) {
            walk("", root);
        }
    }

    private void walk(String path, Node node) {
        if (node instanceof MappingNode map) {
            Map<String, Integer> seen = new HashMap<>();
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key) {
                    String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                    int line = key.getStartMark().getLine() + 1;
                    Integer first = seen.putIfAbsent(key.getValue(), line);
                    if (first != null && duplicate == null && !"<<".equals(key.getValue())) {
                        duplicate = new DuplicateKey(child, first, line);
                    }
                    lines.putIfAbsent(child, line);
                    walk(child, t.getValueNode());
                }
            }
        } else if (node instanceof SequenceNode seq) {
            List<Node> items = seq.getValue();
            for (int i = 0; i < items.size(); i++) {
                String child = path + "[" + i + "]";
                lines.put(child, items.get(i).getStartMark().getLine() + 1);
                walk(child, items.get(i));
            }
        }
    }

    /** The first key written twice in one mapping, in document order; null if none. */
    DuplicateKey duplicate() {
        return duplicate;
    }

    /** Whether the key itself is written in the file (not only an ancestor). */
    boolean contains(String path) {
        return lines.containsKey(path);
    }

    /** The line of the key, or of its nearest ancestor present in the file; 0 if none. */
    int lineOf(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return 0;
    }
}
