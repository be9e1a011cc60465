package io.wharf.agent.logs;

import io.wharf.agent.registry.FileIdentity;
import io.wharf.agent.registry.Registry;
import io.wharf.core.ack.OffsetTracker;
import io.wharf.core.event.LogEvent;
import io.wharf.core.pipeline.Publisher;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;

/**
 * The end of one file's pipeline: builds the ECS document of each assembled event, gives it its
 * stable id (file identity + start offset) and an acknowledgement from the file's
 * {@link OffsetTracker}, and publishes it. Publishing blocks while the sinks' queues are full,
 * which pauses the reader (backpressure). Acknowledged offsets go to the registry.
 */
final class SourceOutput implements EventAssembler.Output {
    static final String TRUNCATED = "truncated";
    /** A line that was not valid UTF-8: its message has U+FFFD, its bytes are in {@code event.original} (base64). */
    static final String INVALID_UTF8 = "_invalid_utf8";

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
        if (a.original() != null) {
            e.addTag(INVALID_UTF8);
            e.put("event.original", Base64.getEncoder().encodeToString(a.original()));
        }
        e.id(LogEvent.idFor(sourceId, a.start()));
        e.routingKey(context.routingKey());
        e.ack(tracker.track(safeOffset));
        publisher.publish(e);
    }
}
