package io.wharf.agent.logs;

import java.nio.charset.StandardCharsets;

/** A plain text file: each line is the text (a trailing CR of CRLF files is dropped). */
final class PlainFormat implements LineFormat {
    @Override
    public Decoded decode(byte[] buf, int off, int len) {
        if (len > 0 && buf[off + len - 1] == '\r') {
            len--;
        }
        String text = new String(buf, off, len, StandardCharsets.UTF_8);
        return new Decoded(null, text, null, false, false, Utf8.invalidOriginal(buf, off, len, text));
    }
}
