package org.parley.signaling.store;

import java.time.Instant;
import org.parley.signaling.accounts.AccountRole;

/**
 * An organiser's or operator's account.
 *
 * @param name         the login name, lower case
 * @param role         what it may do
 * @param passwordHash its password as an Argon2id hash in the PHC string format
 * @param createdAt    when the admin created it
 */
public record Account(String name, AccountRole role, String passwordHash, Instant createdAt) {
    @Override
    public String toString() {
        return "Account[" + name + ", " + role.wireName() + "]"; // never the hash in a log line
    }
}
