package io.wharf.agent.logs;

/**
 * How a raw line of a log file is turned into the text a program wrote: Docker's json-file
 * records, CRI records or plain text. Implementations never throw: a record they cannot read is
 * returned whole as text with {@link Decoded#broken()} set, so it is kept and tagged.
 */
interface LineFormat {
    /** Decodes {@code len} bytes at {@code off} (without the trailing newline). */
    Decoded decode(byte[] buf, int off, int len);

    /**
     * One decoded record.
     *
     * @param stream  stdout or stderr, or null for plain files
     * @param text    the program's text, without its newline
     * @param time    the time the runtime wrote down (RFC 3339), or null
     * @param partial true when the program's line continues in the next record of the same stream
     * @param broken  true when the record could not be decoded and {@code text} is the raw record
     * @param invalidUtf8 the record's bytes when they were not valid UTF-8 (then {@code text} holds
     *                U+FFFD where they were), else null
     */
    record Decoded(String stream, String text, String time, boolean partial, boolean broken, byte[] invalidUtf8) {
        Decoded(String stream, String text, String time, boolean partial, boolean broken) {
            this(stream, text, time, partial, broken, null);
        }
    }
}
