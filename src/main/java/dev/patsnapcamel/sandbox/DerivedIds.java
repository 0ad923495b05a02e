package dev.patsnapcamel.sandbox;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The sandbox's patent ids for publication numbers: an invertible mapping between a number and a
 * random-looking version-4 UUID, so that an id the sandbox handed out names its number again, in every
 * run and every version, with no state.
 *
 * <p>A number of {@value #MIN_LENGTH} to {@value #MAX_LENGTH} characters (two letters, then letters and
 * digits) is numbered in a mixed radix (103 bits), followed by a 19-bit check value of that index; the
 * 122 bits are scrambled by a four-round Feistel network (SHA-256 round function) and laid into the
 * UUID's 122 free bits. Decoding undoes the rounds and accepts the UUID only if the check value fits, so
 * a UUID from elsewhere is taken for a derived one with a chance of about one in 500,000.
 */
final class DerivedIds {

    static final int MIN_LENGTH = 5;
    static final int MAX_LENGTH = 20;

    private static final int CHECK_BITS = 19;
    private static final int ROUNDS = 4;
    private static final long MASK61 = (1L << 61) - 1;
    private static final long MASK62 = (1L << 62) - 1;
    private static final String TAIL_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final BigInteger B36 = BigInteger.valueOf(36);
    private static final BigInteger B676 = BigInteger.valueOf(26 * 26);
    /** OFFSETS[l]: the index of the first number of length l; OFFSETS[MAX_LENGTH + 1]: how many there are. */
    private static final BigInteger[] OFFSETS = new BigInteger[MAX_LENGTH + 2];

    static {
        BigInteger offset = BigInteger.ZERO;
        for (int length = MIN_LENGTH; length <= MAX_LENGTH + 1; length++) {
            OFFSETS[length] = offset;
            offset = offset.add(B676.multiply(B36.pow(length - 2)));
        }
        if (OFFSETS[MAX_LENGTH + 1].bitLength() > 122 - CHECK_BITS) {
            throw new IllegalStateException("numbers do not fit the UUID");
        }
    }

    private DerivedIds() {}

    /** The derived id of an upper-case number, or empty if the number is too long or has other characters. */
    static Optional<String> idOf(String number) {
        BigInteger index = index(number);
        if (index == null) {
            return Optional.empty();
        }
        BigInteger payload = index.shiftLeft(CHECK_BITS).or(BigInteger.valueOf(check(index)));
        long hi = payload.shiftRight(61).longValue() & MASK61;
        long lo = payload.longValue() & MASK61;
        for (int round = 0; round < ROUNDS; round++) {
            long next = hi ^ round(lo, round);
            hi = lo;
            lo = next;
        }
        long top60 = hi >>> 1;
        long bottom62 = ((hi & 1) << 61) | lo;
        long msb = ((top60 >>> 12) << 16) | (0x4L << 12) | (top60 & 0xFFF);
        long lsb = (0x2L << 62) | bottom62;
        return Optional.of(new UUID(msb, lsb).toString());
    }

    /** The number a derived id was made from, or empty if the (lower-case) UUID is not a derived one. */
    static Optional<String> numberOf(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
        if (uuid.version() != 4 || uuid.variant() != 2) {
            return Optional.empty();
        }
        long msb = uuid.getMostSignificantBits();
        long top60 = ((msb >>> 16) << 12) | (msb & 0xFFF);
        long bottom62 = uuid.getLeastSignificantBits() & MASK62;
        long hi = (top60 << 1) | (bottom62 >>> 61);
        long lo = bottom62 & MASK61;
        for (int round = ROUNDS - 1; round >= 0; round--) {
            long previous = lo ^ round(hi, round);
            lo = hi;
            hi = previous;
        }
        BigInteger payload = BigInteger.valueOf(hi).shiftLeft(61).or(BigInteger.valueOf(lo));
        BigInteger index = payload.shiftRight(CHECK_BITS);
        long check = payload.longValue() & ((1L << CHECK_BITS) - 1);
        if (check != check(index) || index.compareTo(OFFSETS[MAX_LENGTH + 1]) >= 0) {
            return Optional.empty();
        }
        return Optional.of(number(index));
    }

    private static BigInteger index(String number) {
        int length = number.length();
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            return null;
        }
        char first = number.charAt(0);
        char second = number.charAt(1);
        if (first < 'A' || first > 'Z' || second < 'A' || second > 'Z') {
            return null;
        }
        BigInteger tail = BigInteger.ZERO;
        for (int i = 2; i < length; i++) {
            int digit = TAIL_ALPHABET.indexOf(number.charAt(i));
            if (digit < 0) {
                return null;
            }
            tail = tail.multiply(B36).add(BigInteger.valueOf(digit));
        }
        BigInteger authority = BigInteger.valueOf((first - 'A') * 26L + (second - 'A'));
        return OFFSETS[length].add(authority.multiply(B36.pow(length - 2))).add(tail);
    }

    private static String number(BigInteger index) {
        int length = MIN_LENGTH;
        while (index.compareTo(OFFSETS[length + 1]) >= 0) {
            length++;
        }
        BigInteger[] split = index.subtract(OFFSETS[length]).divideAndRemainder(B36.pow(length - 2));
        int authority = split[0].intValueExact();
        char[] tail = new char[length - 2];
        BigInteger rest = split[1];
        for (int i = tail.length - 1; i >= 0; i--) {
            BigInteger[] digit = rest.divideAndRemainder(B36);
            tail[i] = TAIL_ALPHABET.charAt(digit[1].intValueExact());
            rest = digit[0];
        }
        return ("" + (char) ('A' + authority / 26) + (char) ('A' + authority % 26) + new String(tail))
                .toUpperCase(Locale.ROOT);
    }

    private static long round(long half, int round) {
        return leadingLong(sha256("patsnap-sandbox-id|" + round + "|" + half)) & MASK61;
    }

    private static long check(BigInteger index) {
        return leadingLong(sha256("patsnap-sandbox-check|" + index)) & ((1L << CHECK_BITS) - 1);
    }

    private static long leadingLong(byte[] digest) {
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << 8) | (digest[i] & 0xFF);
        }
        return value;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
