package io.wharf.agent.docker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What orchestrator runs a container, read from its labels, environment and command, as
 * ECS-style fields ({@code orchestrator.type}, {@code orchestrator.resource.name}, ...), and the
 * service it belongs to, which metrics and the autoscaler group by:
 * <ul>
 *   <li>Kubernetes: {@code io.kubernetes.pod.namespace}, {@code io.kubernetes.pod.name}, {@code io.kubernetes.container.name};</li>
 *   <li>Docker Swarm: {@code com.docker.swarm.service.name}, {@code com.docker.swarm.task.id}, ...;</li>
 *   <li>Marathon/Mesos: {@code MARATHON_APP_ID}, {@code MESOS_TASK_ID} in the environment;</li>
 *   <li>Compose: {@code com.docker.compose.project} and {@code com.docker.compose.service};</li>
 *   <li>DIRAC: the component of {@code dirac-service|dirac-agent|dirac-executor System/Name} in the
 *       command, or the {@code wharf.dirac.component} label, as {@code dirac.component}.</li>
 * </ul>
 * Pure: unit-tested on the labels and environments these orchestrators document.
 */
public final class OrchestratorMetadata {
    private static final Pattern DIRAC_COMMAND = Pattern.compile("(?:^|/)dirac-(service|agent|executor)$");
    private static final Pattern DIRAC_COMPONENT = Pattern.compile("^[A-Za-z0-9_]+/[A-Za-z0-9_]+$");

    /** The derived fields and service name. */
    public record Result(String serviceName, Map<String, String> fields) {
    }

    private OrchestratorMetadata() {
    }

    public static Result of(String containerName, Map<String, String> labels, Map<String, String> env, List<String> command) {
        Map<String, String> f = new LinkedHashMap<>();
        String service = null;
        if (labels.containsKey("io.kubernetes.pod.name")) {
            f.put("orchestrator.type", "kubernetes");
            put(f, "orchestrator.namespace", labels.get("io.kubernetes.pod.namespace"));
            put(f, "orchestrator.resource.type", "pod");
            put(f, "orchestrator.resource.name", labels.get("io.kubernetes.pod.name"));
            put(f, "kubernetes.namespace", labels.get("io.kubernetes.pod.namespace"));
            put(f, "kubernetes.pod.name", labels.get("io.kubernetes.pod.name"));
            put(f, "kubernetes.pod.uid", labels.get("io.kubernetes.pod.uid"));
            put(f, "kubernetes.container.name", labels.get("io.kubernetes.container.name"));
            service = labels.get("io.kubernetes.container.name");
        } else if (labels.containsKey("com.docker.swarm.service.name")) {
            f.put("orchestrator.type", "swarm");
            put(f, "orchestrator.resource.type", "service");
            put(f, "orchestrator.resource.name", labels.get("com.docker.swarm.service.name"));
            put(f, "orchestrator.resource.id", labels.get("com.docker.swarm.service.id"));
            put(f, "orchestrator.namespace", labels.get("com.docker.stack.namespace"));
            put(f, "docker.swarm.task.id", labels.get("com.docker.swarm.task.id"));
            put(f, "docker.swarm.task.name", labels.get("com.docker.swarm.task.name"));
            put(f, "docker.swarm.node.id", labels.get("com.docker.swarm.node.id"));
            service = labels.get("com.docker.swarm.service.name");
        } else if (env.containsKey("MARATHON_APP_ID") || env.containsKey("MESOS_TASK_ID")) {
            f.put("orchestrator.type", "marathon");
            String app = env.get("MARATHON_APP_ID");
            put(f, "orchestrator.resource.type", "app");
            put(f, "orchestrator.resource.name", app);
            put(f, "marathon.app.id", app);
            put(f, "marathon.app.version", env.get("MARATHON_APP_VERSION"));
            put(f, "mesos.task.id", env.get("MESOS_TASK_ID"));
            // Marathon app ids are paths (/dirac/web): the service is the path without its leading slash.
            service = app == null ? null : app.replaceFirst("^/", "");
        } else if (labels.containsKey("com.docker.compose.service")) {
            f.put("orchestrator.type", "compose");
            put(f, "orchestrator.namespace", labels.get("com.docker.compose.project"));
            put(f, "orchestrator.resource.type", "service");
            put(f, "orchestrator.resource.name", labels.get("com.docker.compose.service"));
            service = labels.get("com.docker.compose.service");
        }
        String dirac = diracComponent(labels, command);
        if (dirac != null) {
            f.put("dirac.component", dirac);
        }
        return new Result(service == null || service.isEmpty() ? containerName : service, f);
    }

    /** {@code System/Name} of a DIRAC service, agent or executor, from a label or the command line. */
    static String diracComponent(Map<String, String> labels, List<String> command) {
        String label = labels.get("wharf.dirac.component");
        if (label != null && !label.isBlank()) {
            return label.trim();
        }
        for (int i = 0; i < command.size(); i++) {
            String word = command.get(i);
            // "sh -c 'dirac-service Framework/SystemAdministrator'" puts the whole line in one word.
            for (String part : word.split("\\s+")) {
                if (DIRAC_COMMAND.matcher(part).find()) {
                    String next = nextWord(word, part, command, i);
                    if (next != null && DIRAC_COMPONENT.matcher(next).matches()) {
                        return next;
                    }
                }
            }
        }
        return null;
    }

    private static String nextWord(String word, String part, List<String> command, int i) {
        String[] parts = word.trim().split("\\s+");
        for (int j = 0; j < parts.length - 1; j++) {
            if (parts[j].equals(part)) {
                return parts[j + 1];
            }
        }
        return i + 1 < command.size() ? command.get(i + 1) : null;
    }

    private static void put(Map<String, String> f, String key, String value) {
        if (value != null && !value.isEmpty()) {
            f.put(key, value);
        }
    }
}
