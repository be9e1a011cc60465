package io.wharf.parser.dirac;

import io.wharf.grok.FieldPath;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads the two DISET messages every service writes for every call, {@code Executing action ...}
 * and {@code Returning response ... (x.xx secs) OK|ERROR...}, straight from the bytes, in the
 * shapes DIRAC writes (IPv4 or bracketed IPv6 caller, optional {@code [group:user]}). It answers
 * only when it is sure to agree with the {@code DIRAC_DISET_QUERY} / {@code DIRAC_DISET_RESPONSE}
 * patterns, and then writes exactly the captures those patterns would; anything unusual (a host
 * name as caller, a non-ASCII byte, a number written otherwise) returns null and the patterns
 * decide. DisetRequestTest checks the two agree, on randomly mutated lines too.
 */
final class DisetRequest {
    private static final byte[] QUERY = "Executing action ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONSE = "Returning response ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SECS = " secs) ".getBytes(StandardCharsets.US_ASCII);
    private static final String[] TYPES = {"RPC", "FileTransfer", "Connection", "Message"};

    private static final FieldPath CLIENT_IP = FieldPath.of("client.ip");
    private static final FieldPath CLIENT_PORT = FieldPath.of("client.port");
    private static final FieldPath USER_GROUP = FieldPath.of("user.group");
    private static final FieldPath USER_NAME = FieldPath.of("user.name");
    private static final FieldPath TYPE = FieldPath.of("dirac.request.type");
    private static final FieldPath METHOD = FieldPath.of("dirac.request.method");
    private static final FieldPath ARGUMENTS = FieldPath.of("dirac.request.arguments");
    private static final FieldPath SECONDS = FieldPath.of("dirac.request.seconds");
    private static final FieldPath STATUS = FieldPath.of("dirac.request.status");
    private static final FieldPath ERROR = FieldPath.of("dirac.request.error");

    /** Where the parts are; a part whose start is -1 is absent. */
    private RequestKind kind;
    private int ipStart;
    private int ipEnd;
    private int port;
    private int groupStart = -1;
    private int groupEnd;
    private int nameEnd;
    private String type;
    private int methodStart;
    private int methodEnd;
    private int argsStart = -1;
    private int argsEnd;
    private int secondsStart;
    private int secondsEnd;
    private String status;
    private int errorStart = -1;
    private int errorEnd;

    private DisetRequest() {
    }

    /** The request read from {@code b[start, end)} (one line), or null when the patterns must decide. */
    static DisetRequest read(byte[] b, int start, int end) {
        DisetRequest r = new DisetRequest();
        int i;
        if (startsWith(b, start, end, QUERY)) {
            r.kind = RequestKind.DISET_QUERY;
            i = r.caller(b, start + QUERY.length, end);
            return i < 0 || !r.query(b, i, end) ? null : r;
        }
        if (startsWith(b, start, end, RESPONSE)) {
            r.kind = RequestKind.DISET_RESPONSE;
            i = r.caller(b, start + RESPONSE.length, end);
            return i < 0 || !r.response(b, i, end) ? null : r;
        }
        return null;
    }

    RequestKind kind() {
        return kind;
    }

    /** Writes what the pattern's captures would write (empty captures are not written). */
    void writeTo(Map<String, Object> fields, byte[] b) {
        CLIENT_IP.put(fields, text(b, ipStart, ipEnd));
        CLIENT_PORT.put(fields, port);
        if (groupStart >= 0) {
            if (groupEnd > groupStart) {
                USER_GROUP.put(fields, text(b, groupStart, groupEnd));
            }
            if (nameEnd > groupEnd + 1) {
                USER_NAME.put(fields, text(b, groupEnd + 1, nameEnd));
            }
        }
        if (kind == RequestKind.DISET_QUERY) {
            TYPE.put(fields, type);
            METHOD.put(fields, text(b, methodStart, methodEnd));
            if (argsStart >= 0 && argsEnd > argsStart) {
                ARGUMENTS.put(fields, text(b, argsStart, argsEnd));
            }
        } else {
            SECONDS.put(fields, Double.valueOf(text(b, secondsStart, secondsEnd)));
            STATUS.put(fields, status);
            if (errorStart >= 0 && errorEnd > errorStart) {
                ERROR.put(fields, text(b, errorStart, errorEnd));
            }
        }
    }

    /** {@code (ip:port)} then optional {@code [group:user]}; returns the index after it, or -1. */
    private int caller(byte[] b, int i, int end) {
        if (i >= end || b[i] != '(') {
            return -1;
        }
        i++;
        if (i < end && b[i] == '[') {
            ipStart = i + 1;
            ipEnd = firstOf(b, ipStart, end, (byte) ']');
            if (ipEnd < 0) {
                return -1;
            }
            i = ipEnd + 1;
        } else {
            ipStart = i;
            i = ipv4End(b, i, end);
            if (i < 0) {
                return -1;
            }
            ipEnd = i;
        }
        if (i >= end || b[i] != ':') {
            return -1;
        }
        i++;
        int portStart = i;
        if (i >= end || b[i] < '1' || b[i] > '9') {
            return -1;
        }
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        if (i - portStart > 9 || i >= end || b[i] != ')') {
            return -1;
        }
        port = Integer.parseInt(text(b, portStart, i));
        i++;
        if (i < end && b[i] == '[') {
            groupStart = i + 1;
            groupEnd = firstOf(b, groupStart, end, (byte) ':');
            if (groupEnd < 0) {
                return -1;
            }
            nameEnd = firstOf(b, groupEnd + 1, end, (byte) ']');
            if (nameEnd < 0) {
                return -1;
            }
            i = nameEnd + 1;
        }
        return i;
    }

    /** {@code " Type/method"} then optional {@code (arguments)}, then the end of the line. */
    private boolean query(byte[] b, int i, int end) {
        if (i >= end || b[i] != ' ') {
            return false;
        }
        i++;
        for (String t : TYPES) {
            if (startsWithAscii(b, i, end, t) && i + t.length() < end && b[i + t.length()] == '/') {
                type = t;
                i += t.length() + 1;
                break;
            }
        }
        if (type == null) {
            return false;
        }
        methodStart = i;
        while (i < end && isMethodByte(b[i])) {
            i++;
        }
        methodEnd = i;
        if (methodEnd == methodStart) {
            return false;
        }
        if (i == end) {
            return true;
        }
        // (arguments) must run to the end of the line: the pattern ends with \)$
        if (b[i] != '(' || b[end - 1] != ')' || end - 1 <= i || !ascii(b, i, end)) {
            return false;
        }
        argsStart = i + 1;
        argsEnd = end - 1;
        return true;
    }

    /** {@code " (x.xx secs) "} then OK or ERROR, then optionally {@code ": message"}. */
    private boolean response(byte[] b, int i, int end) {
        if (i + 1 >= end || b[i] != ' ' || b[i + 1] != '(') {
            return false;
        }
        i += 2;
        secondsStart = i;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        if (i == secondsStart) {
            return false;
        }
        if (i < end && b[i] == '.') {
            int fraction = ++i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == fraction) {
                return false;
            }
        }
        secondsEnd = i;
        if (!startsWith(b, i, end, SECS)) {
            return false;
        }
        i += SECS.length;
        if (startsWithAscii(b, i, end, "OK")) {
            status = "OK";
            i += 2;
        } else if (startsWithAscii(b, i, end, "ERROR")) {
            status = "ERROR";
            i += 5;
        } else {
            return false;
        }
        if (i < end && b[i] == ':') {
            i++;
            if (i < end && b[i] == ' ') {
                i++;
            } else if (i < end && (b[i] == '\t' || b[i] == 0x0b || b[i] == '\f' || b[i] == '\r')) {
                return false;
            }
            if (!ascii(b, i, end)) {
                return false;
            }
            errorStart = i;
            errorEnd = end;
        }
        return true;
    }

    /**
     * The end of an IPv4 address in the canonical form {@code IPV4} matches (four octets 0-255
     * without leading zeros, not followed by a digit), or -1.
     */
    private static int ipv4End(byte[] b, int i, int end) {
        for (int octet = 0; octet < 4; octet++) {
            int s = i;
            while (i < end && b[i] >= '0' && b[i] <= '9' && i - s < 4) {
                i++;
            }
            int len = i - s;
            if (len == 0 || len > 3 || (len > 1 && b[s] == '0')) {
                return -1;
            }
            int v = Integer.parseInt(text(b, s, i));
            if (v > 255) {
                return -1;
            }
            if (octet < 3) {
                if (i >= end || b[i] != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i;
    }

    /** The first {@code c}; -1 when none, or a non-ASCII byte or a line end comes first. */
    private static int firstOf(byte[] b, int from, int end, byte c) {
        for (int i = from; i < end; i++) {
            if (b[i] == c) {
                return i;
            }
            if (b[i] < 0 || b[i] == '\n') {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isMethodByte(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    }

    private static boolean ascii(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] < 0 || b[i] == '\n') {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] b, int at, int end, byte[] lit) {
        if (end - at < lit.length) {
            return false;
        }
        for (int k = 0; k < lit.length; k++) {
            if (b[at + k] != lit[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithAscii(byte[] b, int at, int end, String lit) {
        if (end - at < lit.length()) {
            return false;
        }
        for (int k = 0; k < lit.length(); k++) {
            if (b[at + k] != lit.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] b, int start, int end) {
        return new String(b, start, end - start, StandardCharsets.UTF_8);
    }
}
