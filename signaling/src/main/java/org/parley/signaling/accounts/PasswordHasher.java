package org.parley.signaling.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashes with Argon2id (RFC 9106), Bouncy Castle's implementation, written in the PHC string
 * format that Argon2's reference implementation and libsodium use:
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (base64 without padding). The parameters
 * travel with each hash, so they can be raised later: old hashes still verify with their own
 * parameters, and {@link #needsRehash} tells the caller to store a new hash at the next good login.
 *
 * <p>The parameters, {@link #DEFAULT}: 19 MiB of memory, 2 passes, 1 lane — the OWASP Password Storage
 * Cheat Sheet's baseline for Argon2id (equal in strength to its 46 MiB/1 pass line, cheaper in memory).
 * Memory hardness is what makes guessing on GPUs and ASICs expensive; a check costs 35–45 ms of one
 * core on this project's 2-core machine (45 ms minimum, 78 ms median at load average 12), so a login
 * stays quick while an offline guesser pays as much per try. One lane because Bouncy Castle computes lanes one after
 * another: more lanes would cost us the time without making an attacker's parallel hardware slower.
 * Hashing runs off the event loops, at most a few at once (see {@code AccountsApi}), which bounds the
 * memory to a few times 19 MiB. A 16-byte random salt per hash (RFC 9106 §3.1 recommends 16), a
 * 32-byte tag; verification compares in constant time.
 *
 * <p>Passwords are normalised to Unicode NFKC before hashing (NIST SP 800-63B §5.1.1.2), so the same
 * password typed on another keyboard or system matches.
 */
public final class PasswordHasher {

    /** The parameters of an Argon2id hash: memory in KiB, passes, lanes. */
    public record Parameters(int memoryKib, int iterations, int parallelism) {
        /** Whether these cost at least as much as {@code other} in every dimension. */
        boolean atLeast(Parameters other) {
            return memoryKib >= other.memoryKib && iterations >= other.iterations && parallelism >= other.parallelism;
        }
    }

    /** OWASP's baseline for Argon2id: m = 19 MiB, t = 2, p = 1. */
    public static final Parameters DEFAULT = new Parameters(19 * 1024, 2, 1);
    /** Fewer characters are refused: these accounts create meetings and have no second factor. */
    public static final int MIN_PASSWORD_LENGTH = 12;
    /** More is refused before any hashing (a megabyte password would be a cheap way to burn CPU). */
    public static final int MAX_PASSWORD_LENGTH = 256;

    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    /** Bounds of parameters read back from a stored hash: a tampered store must not make us allocate gigabytes. */
    private static final int MAX_MEMORY_KIB = 1 << 20;
    private static final int MAX_ITERATIONS = 64;
    private static final int MAX_PARALLELISM = 64;
    private static final Pattern ENCODED = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{22,88})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final Parameters parameters;
    private final SecureRandom random;

    /** Hashes new passwords with {@link #DEFAULT}. */
    public PasswordHasher(SecureRandom random) {
        this(DEFAULT, random);
    }

    /** Hashes new passwords with {@code parameters} (tests use cheaper or dearer ones to see them round-trip). */
    public PasswordHasher(Parameters parameters, SecureRandom random) {
        check(parameters);
        this.parameters = parameters;
        this.random = random;
    }

    public Parameters parameters() {
        return parameters;
    }

    /**
     * Why {@code password} cannot be an account's password (in a sentence naming the rule), or null if it
     * can. Length counts Unicode code points after normalisation; nothing else is required (NIST SP
     * 800-63B §5.1.1.2: composition rules make passwords weaker in practice).
     */
    public static String policyProblem(String password) {
        if (password == null) {
            return "missing";
        }
        String normal = normalise(password);
        int length = normal.codePointCount(0, normal.length());
        if (length < MIN_PASSWORD_LENGTH) {
            return "expected at least " + MIN_PASSWORD_LENGTH + " characters, got " + length;
        }
        if (length > MAX_PASSWORD_LENGTH) {
            return "expected at most " + MAX_PASSWORD_LENGTH + " characters, got " + length;
        }
        return null;
    }

    /** A new hash of {@code password} with a fresh random salt, in the PHC string format. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2id(password, salt, parameters, HASH_BYTES);
        return "$argon2id$v=19$m=" + parameters.memoryKib() + ",t=" + parameters.iterations() + ",p="
                + parameters.parallelism() + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Whether {@code password} is the one {@code encoded} was made from, with the parameters written in
     * {@code encoded}. The tags are compared in constant time.
     *
     * @throws IllegalArgumentException if {@code encoded} is not an Argon2id hash in the PHC format within
     *                                  the bounds this class accepts
     */
    public boolean verify(String password, String encoded) {
        Decoded decoded = decode(encoded);
        if (password.length() > 4 * MAX_PASSWORD_LENGTH) {
            return false; // cannot be a password we accepted, whatever its normal form: no hashing for it
        }
        byte[] actual = argon2id(password, decoded.salt(), decoded.parameters(), decoded.hash().length);
        return MessageDigest.isEqual(actual, decoded.hash());
    }

    /** Whether {@code encoded} was made with parameters weaker than this hasher's: hash the password again. */
    public boolean needsRehash(String encoded) {
        Decoded decoded = decode(encoded);
        return !decoded.parameters().atLeast(parameters) || decoded.salt().length < SALT_BYTES
                || decoded.hash().length < HASH_BYTES;
    }

    /** The parameters written in {@code encoded}. */
    public static Parameters parametersOf(String encoded) {
        return decode(encoded).parameters();
    }

    private record Decoded(Parameters parameters, byte[] salt, byte[] hash) {
    }

    private static Decoded decode(String encoded) {
        Matcher matcher = ENCODED.matcher(encoded == null ? "" : encoded);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not an Argon2id hash in the PHC string format ($argon2id$v=19$m=…,t=…,p=…$salt$hash)");
        }
        Parameters parameters = new Parameters(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3)));
        check(parameters);
        byte[] salt;
        byte[] hash;
        try {
            salt = B64_DECODER.decode(matcher.group(4));
            hash = B64_DECODER.decode(matcher.group(5));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad base64 in an Argon2id hash", e);
        }
        if (salt.length < 8 || hash.length < 16 || hash.length > 64) {
            throw new IllegalArgumentException("an Argon2id hash needs a salt of 8+ bytes and a tag of 16 to 64 bytes");
        }
        return new Decoded(parameters, salt, hash);
    }

    private static void check(Parameters parameters) {
        if (parameters.parallelism() < 1 || parameters.parallelism() > MAX_PARALLELISM
                || parameters.iterations() < 1 || parameters.iterations() > MAX_ITERATIONS
                || parameters.memoryKib() < 8 * parameters.parallelism() || parameters.memoryKib() > MAX_MEMORY_KIB) {
            // RFC 9106 §3.1: memory at least 8·p KiB
            throw new IllegalArgumentException("Argon2id parameters out of bounds: " + parameters);
        }
    }

    private static byte[] argon2id(String password, byte[] salt, Parameters parameters, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(parameters.memoryKib())
                .withIterations(parameters.iterations())
                .withParallelism(parameters.parallelism())
                .withSalt(salt)
                .build());
        byte[] secret = normalise(password).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[length];
        try {
            generator.generateBytes(secret, out);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        return out;
    }

    private static String normalise(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }
}
