package io.wharf.parser.dirac;

import java.util.SplittableRandom;

/**
 * Random one-byte edits of a line (replace, insert or delete, with bytes from an alphabet of the
 * characters that matter to the reader under test): the near-misses a hand-written reader must
 * judge exactly as the regex it replaces does.
 */
final class ByteMutations {
    private ByteMutations() {
    }

    /** One edit at a random position below {@code within} (or anywhere in a shorter line). */
    static byte[] mutate(byte[] b, SplittableRandom random, byte[] alphabet, int within) {
        int at = random.nextInt(Math.min(b.length, within));
        byte c = alphabet[random.nextInt(alphabet.length)];
        return switch (random.nextInt(3)) {
            case 0 -> {
                byte[] copy = b.clone();
                copy[at] = c;
                yield copy;
            }
            case 1 -> {
                byte[] copy = new byte[b.length + 1];
                System.arraycopy(b, 0, copy, 0, at);
                copy[at] = c;
                System.arraycopy(b, at, copy, at + 1, b.length - at);
                yield copy;
            }
            default -> {
                byte[] copy = new byte[b.length - 1];
                System.arraycopy(b, 0, copy, 0, at);
                System.arraycopy(b, at + 1, copy, at, b.length - at - 1);
                yield copy;
            }
        };
    }
}
