package io.wharf.agent.logs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A log file opened the moment it appeared, before anything is known of it: the open descriptor
 * keeps it readable when Docker deletes it a few milliseconds later ({@code --rm}, max-file).
 * Its identity (which needs a complete first line) is taken later, from the descriptor.
 */
record HeldFile(Path path, FileChannel channel, long device, long inode) implements AutoCloseable {
    /** Opens {@code path}; null when it is gone already. */
    static HeldFile open(Path path) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino");
                FileChannel ch = FileChannel.open(path);
                // The stat was by name: if the name was moved to another file in between (a rotation), try again.
                Object inodeAfter;
                try {
                    inodeAfter = Files.getAttribute(path, "unix:ino");
                } catch (IOException deletedMeanwhile) {
                    inodeAfter = a.get("ino"); // a json-file log is created once per start or rotation: it is the one stat'ed
                }
                if (a.get("ino").equals(inodeAfter)) {
                    return new HeldFile(path, ch, ((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue());
                }
                ch.close();
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only descriptor
        }
    }
}
