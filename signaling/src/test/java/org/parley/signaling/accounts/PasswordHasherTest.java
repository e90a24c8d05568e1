package org.parley.signaling.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Argon2id hashes in the PHC string format: verification, parameters kept in the hash, the policy. */
class PasswordHasherTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final PasswordHasher DEFAULT = new PasswordHasher(RANDOM);

    @Test
    void theRightPasswordVerifiesAndAWrongOneDoesNot() {
        String encoded = DEFAULT.hash("correct horse battery staple");

        assertTrue(encoded.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), encoded);
        assertTrue(DEFAULT.verify("correct horse battery staple", encoded));
        assertFalse(DEFAULT.verify("correct horse battery stapler", encoded));
        assertFalse(DEFAULT.verify("Correct horse battery staple", encoded));
        assertFalse(DEFAULT.verify("", encoded));
    }

    @Test
    void eachHashHasItsOwnSalt() {
        String first = DEFAULT.hash("the same password");
        String second = DEFAULT.hash("the same password");

        assertNotEquals(first, second);
        assertNotEquals(first.split("\\$")[4], second.split("\\$")[4], "salts differ");
        assertEquals(16, Base64.getDecoder().decode(first.split("\\$")[4]).length);
        assertEquals(32, Base64.getDecoder().decode(first.split("\\$")[5]).length);
        assertTrue(DEFAULT.verify("the same password", first));
        assertTrue(DEFAULT.verify("the same password", second));
    }

    /**
     * A hash made by Argon2's reference implementation (its test.c: "password", salt "somesalt", t=2,
     * m=64 MiB, p=1) verifies: the format and the function are the ones other tools use, so hashes can
     * move between them.
     */
    @Test
    void aHashOfTheReferenceImplementationVerifies() {
        String reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        assertTrue(DEFAULT.verify("password", reference));
        assertFalse(DEFAULT.verify("passwore", reference));
    }

    @Test
    void parametersRoundTripSoTheyCanBeRaisedLater() {
        PasswordHasher old = new PasswordHasher(new PasswordHasher.Parameters(8 * 1024, 1, 1), RANDOM);
        PasswordHasher raised = new PasswordHasher(new PasswordHasher.Parameters(24 * 1024, 3, 2), RANDOM);
        String oldHash = old.hash("a password of old");
        String raisedHash = raised.hash("a password of old");

        assertEquals(new PasswordHasher.Parameters(8 * 1024, 1, 1), PasswordHasher.parametersOf(oldHash));
        assertEquals(new PasswordHasher.Parameters(24 * 1024, 3, 2), PasswordHasher.parametersOf(raisedHash));
        assertTrue(raisedHash.startsWith("$argon2id$v=19$m=24576,t=3,p=2$"), raisedHash);
        // Each hash verifies with its own parameters, whatever the verifier's are.
        assertTrue(DEFAULT.verify("a password of old", oldHash));
        assertTrue(DEFAULT.verify("a password of old", raisedHash));
        assertFalse(DEFAULT.verify("another", oldHash));
        // A weaker hash is due for a new one at the next good login; an equal or stronger one is not.
        assertTrue(DEFAULT.needsRehash(oldHash));
        assertFalse(DEFAULT.needsRehash(DEFAULT.hash("x")));
        assertFalse(DEFAULT.needsRehash(raisedHash));
        assertTrue(raised.needsRehash(DEFAULT.hash("x")));
    }

    @Test
    void theSamePasswordTypedInAnotherNormalFormMatches() {
        String composed = "caf\u00e9 au lait 2026";   // é as one code point
        String decomposed = "cafe\u0301 au lait 2026"; // e + combining acute
        assertTrue(DEFAULT.verify(decomposed, DEFAULT.hash(composed)));
    }

    @Test
    void malformedOrOutOfBoundsHashesAreRefused() {
        for (String bad : new String[] {"", "plain", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2id$v=19$m=19456,t=0,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA"}) {
            assertThrows(IllegalArgumentException.class, () -> DEFAULT.verify("password", bad), bad);
        }
    }

    @Test
    void thePolicyAsksForTwelveToTwoHundredFiftySixCharacters() {
        assertNull(PasswordHasher.policyProblem("twelve chars"));
        assertNull(PasswordHasher.policyProblem("密码密码密码密码密码密码")); // twelve characters, not bytes
        assertTrue(PasswordHasher.policyProblem("eleven char").contains("at least 12"));
        assertTrue(PasswordHasher.policyProblem("x".repeat(257)).contains("at most 256"));
        assertNull(PasswordHasher.policyProblem("x".repeat(256)));
        assertEquals("missing", PasswordHasher.policyProblem(null));
    }
}
