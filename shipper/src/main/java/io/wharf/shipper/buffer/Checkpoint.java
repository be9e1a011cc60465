package io.wharf.shipper.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The disk buffer's read position, in a file whose space is taken once, when it is created, and
 * then overwritten in place: saving it never needs a free block, so a full file system cannot
 * stop the replay from recording progress and freeing delivered segments. Two slots of
 * {@code [generation][segment][position][crc32c]} are written in turn; reading takes the valid
 * slot of the highest generation, so a write torn by a crash leaves the previous position.
 */
final class Checkpoint implements AutoCloseable {
    /** A position in the buffer: segment number and byte offset in it. */
    record Position(long segment, long offset) {
    }

    private static final int SLOT = 32;
    private static final int SIZE = 2 * SLOT;

    private final FileChannel channel;
    private final boolean force;
    private long generation;
    private final Position loaded;

    private Checkpoint(FileChannel channel, boolean force, long generation, Position loaded) {
        this.channel = channel;
        this.force = force;
        this.generation = generation;
        this.loaded = loaded;
    }

    /**
     * Opens the checkpoint {@code file}, creating it (both slots taken on disk now) if missing; a
     * checkpoint of the older text form ({@code "<segment> <offset>"}) is read and rewritten.
     */
    static Checkpoint open(Path file, boolean force) throws IOException {
        Position legacy = null;
        if (Files.exists(file) && Files.size(file) != SIZE) {
            String[] parts = Files.readString(file, StandardCharsets.UTF_8).trim().split(" ");
            legacy = new Position(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        }
        if (!Files.exists(file) || legacy != null) {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer empty = ByteBuffer.allocate(SIZE);
                if (legacy != null) {
                    slot(empty, SLOT, 1, legacy); // generation 1 lives in slot 1
                }
                while (empty.hasRemaining()) {
                    ch.write(empty);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ByteBuffer both = ByteBuffer.allocate(SIZE);
        while (both.hasRemaining() && ch.read(both, both.position()) > 0) {
            // read the whole file
        }
        long bestGeneration = 0;
        Position best = null;
        for (int i = 0; i < 2; i++) {
            ByteBuffer s = both.duplicate().position(i * SLOT).limit(i * SLOT + SLOT).slice();
            long gen = s.getLong(0);
            if (gen > bestGeneration && (int) crc(s) == s.getInt(24)) {
                bestGeneration = gen;
                best = new Position(s.getLong(8), s.getLong(16));
            }
        }
        return new Checkpoint(ch, force, bestGeneration, best);
    }

    /** The position saved last, or null if none was ever saved. */
    Position loaded() {
        return loaded;
    }

    /** Saves the position over the older slot, in place (forced to disk if so configured). */
    void save(Position p) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(SLOT);
        long gen = generation + 1;
        slot(buf, 0, gen, p);
        long at = (gen % 2) * SLOT;
        while (buf.hasRemaining()) {
            channel.write(buf, at + buf.position());
        }
        if (force) {
            channel.force(false);
        }
        generation = gen;
    }

    /** Writes one slot at {@code base} of {@code buf} (absolute puts: the buffer's position stays). */
    private static void slot(ByteBuffer buf, int base, long gen, Position p) {
        buf.putLong(base, gen).putLong(base + 8, p.segment()).putLong(base + 16, p.offset());
        ByteBuffer s = buf.duplicate().position(base).limit(base + SLOT).slice();
        buf.putInt(base + 24, (int) crc(s));
    }

    private static long crc(ByteBuffer slot) {
        CRC32C c = new CRC32C();
        c.update(slot.duplicate().position(0).limit(24));
        return c.getValue();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
