package io.wharf.bench.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Complete lines in a file that another process appends to, counted incrementally (each poll reads only what is new). */
final class NdjsonLines implements Delivered {
    private final Path file;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    private long position;
    private long lines;

    NdjsonLines(Path file) {
        this.file = file;
    }

    @Override
    public long count() throws IOException {
        if (!Files.exists(file)) {
            return lines;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int n; (n = channel.read(buffer.clear(), position)) > 0; ) {
                position += n;
                for (int i = 0; i < n; i++) {
                    if (buffer.get(i) == '\n') {
                        lines++;
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // not written yet
        }
        return lines;
    }
}
