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
        byte[] invalid = Utf8.invalidOriginal(buf, off, len, line); // the whole record: its text is past an ASCII prefix
        int s1 = line.indexOf(' ');
        int s2 = s1 < 0 ? -1 : line.indexOf(' ', s1 + 1);
        if (s2 < 0) {
            return new Decoded(null, line, null, false, true, invalid);
        }
        String time = line.substring(0, s1);
        String stream = line.substring(s1 + 1, s2);
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            return new Decoded(null, line, null, false, true, invalid);
        }
        // The tag field is optional in old CRI-O versions: without it, the rest is a full line.
        int s3 = line.indexOf(' ', s2 + 1);
        String tag = s3 < 0 ? line.substring(s2 + 1) : line.substring(s2 + 1, s3);
        if (tag.equals("P") || tag.equals("F")) {
            String text = s3 < 0 ? "" : line.substring(s3 + 1);
            return new Decoded(stream, text, time, tag.equals("P"), false, textBytes(invalid, line, s3 < 0 ? line.length() : s3 + 1));
        }
        return new Decoded(stream, line.substring(s2 + 1), time, false, false, textBytes(invalid, line, s2 + 1));
    }

    /** The bytes of the text part when the prefix (time, stream, tag) is ASCII, so that its chars are its bytes; else the whole record. */
    private static byte[] textBytes(byte[] record, String line, int textStart) {
        if (record == null) {
            return null;
        }
        boolean asciiPrefix = line.substring(0, textStart).chars().allMatch(c -> c < 0x80);
        return asciiPrefix ? java.util.Arrays.copyOfRange(record, textStart, record.length) : record;
    }
}
