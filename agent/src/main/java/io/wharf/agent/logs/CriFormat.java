package io.wharf.agent.logs;

import java.nio.charset.StandardCharsets;

/**
 * The CRI log format of containerd and CRI-O: {@code <RFC3339Nano time> <stdout|stderr> <P|F> <text>},
 * where {@code P} marks a partial record continued by the next one of the same stream.
 */
final class CriFormat implements LineFormat {
    @Override
    public Decoded decode(byte[] buf, int off, int len) {
        String line = new String(buf, off, len, StandardCharsets.UTF_8);
        int s1 = line.indexOf(' ');
        int s2 = s1 < 0 ? -1 : line.indexOf(' ', s1 + 1);
        if (s2 < 0) {
            return new Decoded(null, line, null, false, true);
        }
        String time = line.substring(0, s1);
        String stream = line.substring(s1 + 1, s2);
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            return new Decoded(null, line, null, false, true);
        }
        // The tag field is optional in old CRI-O versions: without it, the rest is a full line.
        int s3 = line.indexOf(' ', s2 + 1);
        String tag = s3 < 0 ? line.substring(s2 + 1) : line.substring(s2 + 1, s3);
        if (tag.equals("P") || tag.equals("F")) {
            String text = s3 < 0 ? "" : line.substring(s3 + 1);
            return new Decoded(stream, text, time, tag.equals("P"), false);
        }
        return new Decoded(stream, line.substring(s2 + 1), time, false, false);
    }
}
