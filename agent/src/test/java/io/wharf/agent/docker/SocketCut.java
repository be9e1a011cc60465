package io.wharf.agent.docker;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A unix socket that forwards to the real Docker socket and can be cut and restored: from the
 * agent's side, exactly what a dockerd restart looks like (connections reset, then refused,
 * then accepted again), without stopping the engine every other test on the host is using.
 */
public final class SocketCut implements AutoCloseable {
    private final Path path;
    private final Path target;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocketChannel server;

    public SocketCut(Path path, Path target) {
        this.path = path;
        this.target = target;
    }

    public String host() {
        return "unix://" + path;
    }

    public synchronized void up() throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(path));
        server = s;
        Thread t = new Thread(() -> accept(s), "socket-cut");
        t.setDaemon(true);
        t.start();
    }

    private void accept(ServerSocketChannel s) {
        while (s.isOpen()) {
            SocketChannel client;
            try {
                client = s.accept();
            } catch (IOException e) {
                return; // cut
            }
            try {
                SocketChannel engine;
                try {
                    engine = SocketChannel.open(UnixDomainSocketAddress.of(target));
                } catch (IOException e) {
                    client.close(); // the engine is not there: refused, as dockerd's own socket would be
                    continue;
                }
                open.add(client);
                open.add(engine);
                pump(client, engine);
                pump(engine, client);
            } catch (IOException e) {
                // this connection only
            }
        }
    }

    private void pump(SocketChannel from, SocketChannel to) {
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            try {
                while (from.read(buf) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        to.write(buf);
                    }
                    buf.clear();
                }
            } catch (IOException ignored) {
                // cut
            }
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // cut
            }
        }, "socket-cut-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Resets every connection and refuses new ones. */
    public synchronized void down() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        for (SocketChannel c : open) {
            c.close();
        }
        open.clear();
        Files.deleteIfExists(path);
    }

    @Override
    public void close() throws IOException {
        down();
    }
}
