package io.wharf.agent.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * Which file this is, independent of its name: device + inode + a fingerprint of its head (the
 * first line, or the first {@value #HEAD_BYTES} bytes). Rotation renames a file without changing
 * its identity; a new file that reuses a freed inode has another head, so it is not mistaken for
 * the old one. A file without a complete head yet (empty, or first line still being written) has
 * no identity: it is not read until it has one, so the identity never changes under a reader.
 */
public record FileIdentity(long device, long inode, String fingerprint, int headLength) {
    public static final int HEAD_BYTES = 1024;

    /** The source id used in event ids and registry keys. */
    public String id() {
        return Long.toString(device, 36) + "-" + Long.toString(inode, 36) + "-" + fingerprint;
    }

    /** The identity of the file open on {@code channel} (whose path is {@code path}), or null if its head is incomplete. */
    public static FileIdentity of(Path path, FileChannel channel) throws IOException {
        long device = ((Number) Files.getAttribute(path, "unix:dev")).longValue();
        long inode = ((Number) Files.getAttribute(path, "unix:ino")).longValue();
        return of(device, inode, channel);
    }

    /** The identity of the file open on {@code channel}, whose device and inode the caller knows (the file may be deleted already). */
    public static FileIdentity of(long device, long inode, FileChannel channel) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(HEAD_BYTES);
        while (head.hasRemaining()) {
            int n = channel.read(head, head.position());
            if (n <= 0) {
                break;
            }
        }
        int len = head.position();
        int headLength = -1;
        for (int i = 0; i < len; i++) {
            if (head.get(i) == '\n') {
                headLength = i + 1;
                break;
            }
        }
        if (headLength < 0) {
            if (len < HEAD_BYTES) {
                return null;
            }
            headLength = HEAD_BYTES;
        }
        CRC32C crc = new CRC32C();
        crc.update(head.array(), 0, headLength);
        String fp = HexFormat.of().toHexDigits((int) crc.getValue()) + Integer.toString(headLength, 36);
        return new FileIdentity(device, inode, fp, headLength);
    }

    /** The identity of the file now at {@code path}, or null if it is missing or has no complete head. */
    public static FileIdentity ofPath(Path path) {
        try (FileChannel ch = FileChannel.open(path)) {
            return of(path, ch);
        } catch (IOException e) {
            return null;
        }
    }
}
