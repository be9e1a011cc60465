package io.wharf.agent.logs;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Whether the bytes of a log line were UTF-8. A line that was not is still decoded (each invalid
 * sequence becomes U+FFFD, so the text stays searchable), but its bytes are kept, so nothing a
 * program wrote is lost (see {@link SourceOutput}: tag {@code _invalid_utf8}, bytes in
 * {@code event.original}).
 */
final class Utf8 {
    private Utf8() {
    }

    /**
     * A copy of the {@code len} bytes at {@code off} if they are not valid UTF-8, else null.
     * {@code decoded} is their decoding: only when it holds U+FFFD can anything have been replaced,
     * so valid lines (nearly all) cost one scan of the string.
     */
    static byte[] invalidOriginal(byte[] buf, int off, int len, String decoded) {
        if (decoded.indexOf('\uFFFD') < 0) {
            return null;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(buf, off, len));
            return null; // a U+FFFD the program wrote itself
        } catch (CharacterCodingException invalid) {
            return Arrays.copyOfRange(buf, off, off + len);
        }
    }
}
