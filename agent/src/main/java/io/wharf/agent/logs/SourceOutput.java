package io.wharf.agent.logs;

import io.wharf.agent.registry.FileIdentity;
import io.wharf.agent.registry.Registry;
import io.wharf.core.ack.OffsetTracker;
import io.wharf.core.event.LogEvent;
import io.wharf.core.pipeline.Publisher;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The end of one file's pipeline: builds the ECS document of each assembled event, gives it its
 * stable id (file identity + start offset) and an acknowledgement from the file's
 * {@link OffsetTracker}, and publishes it. Publishing blocks while the sinks' queues are full,
 * which pauses the reader (backpressure). Acknowledged offsets go to the registry.
 */
final class SourceOutput implements EventAssembler.Output {
    static final String TRUNCATED = "truncated";

    private final SourceContext context;
    private final Publisher publisher;
    private final FileIdentity identity;
    private final String sourceId;
    private final String path;
    private final OffsetTracker tracker;

    SourceOutput(SourceContext context, Publisher publisher, Registry registry, FileIdentity identity, Path path, long startOffset) {
        this.context = context;
        this.publisher = publisher;
        this.identity = identity;
        this.sourceId = identity.id();
        this.path = path.toString();
        this.tracker = new OffsetTracker(startOffset, committed -> registry.commit(sourceId, path, committed));
    }

    @Override
    public void emit(EventAssembler.Assembled a, long safeOffset) throws InterruptedException {
        LogEvent e = LogEvent.ofMessage(a.message());
        e.put(LogEvent.TIMESTAMP, a.time() != null ? a.time() : Instant.now().toString());
        e.put("log.file.path", path);
        e.put("log.file.device_id", Long.toString(identity.device()));
        e.put("log.file.inode", Long.toString(identity.inode()));
        e.put("log.file.fingerprint", identity.fingerprint());
        e.put("log.offset", a.start());
        if (a.stream() != null) {
            // Filebeat's container input calls it "stream" (ECS has no field for it): same name, same values.
            e.put("stream", a.stream());
        }
        if (a.broken()) {
            e.addTag(context.tagOnBroken()); // kept raw: a record we cannot decode is not parsed either
        } else {
            context.parse(e);
        }
        context.enrich(e);
        if (a.truncated()) {
            e.addTag(TRUNCATED);
        }
        e.id(LogEvent.idFor(sourceId, a.start()));
        e.routingKey(context.routingKey());
        e.ack(tracker.track(safeOffset));
        publisher.publish(e);
    }
}
