package io.wharf.shipper.deadletter;

import io.wharf.core.json.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Appends dead letters as NDJSON to {@code <path>/<sink>.ndjson}, forced to disk before returning. */
public final class FileDeadLetter implements DeadLetter {
    private final Path file;

    public FileDeadLetter(Path dir, String sinkName) {
        this.file = dir.resolve(sinkName + ".ndjson");
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void write(List<DeadLetterRecord> records) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder sb = new StringBuilder();
        for (DeadLetterRecord r : records) {
            sb.append(Json.write(r.toDocument())).append('\n');
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)));
            ch.force(false);
        }
    }
}
