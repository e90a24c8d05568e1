package org.parley.signaling.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class AdminKeyTest {

    private final AdminKey key = new AdminKey("s3cret-admin-key-0001");

    @Test
    void acceptsOnlyTheBearerKey() {
        assertTrue(key.authorizes("Bearer s3cret-admin-key-0001"));
        assertTrue(key.authorizes("bearer s3cret-admin-key-0001"), "the scheme is case-insensitive (RFC 9110 §11.1)");
        assertFalse(key.authorizes(null));
        assertFalse(key.authorizes(""));
        assertFalse(key.authorizes("Bearer "));
        assertFalse(key.authorizes("s3cret-admin-key-0001"));
        assertFalse(key.authorizes("Basic s3cret-admin-key-0001"));
        assertFalse(key.authorizes("Bearer s3cret-admin-key-0002"));
        assertFalse(key.authorizes("Bearer s3cret-admin-key-000"));
        assertFalse(key.authorizes("Bearer s3cret-admin-key-00011"));
    }

    @Test
    void generatedKeysDiffer() {
        SecureRandom random = new SecureRandom();
        AdminKey first = AdminKey.generate(random);
        assertNotEquals(first.value(), AdminKey.generate(random).value());
        assertTrue(first.authorizes("Bearer " + first.value()));
    }
}
