package org.parley.signaling.accounts;

import java.util.Arrays;
import java.util.List;

/** What an account may do with meetings through the provisioning API (the admin key may do everything). */
public enum AccountRole {
    /** Creates meetings, and sees and changes only the meetings it created. */
    ORGANISER("organiser"),
    /**
     * Looks after every meeting on the server: sees them all, invites, revokes, resets a participant's
     * media and ends meetings, but neither creates, edits nor deletes one (that is the organisers').
     */
    OPERATOR("operator");

    private final String wireName;

    AccountRole(String wireName) {
        this.wireName = wireName;
    }

    /** The name in JSON and in the store. */
    public String wireName() {
        return wireName;
    }

    /** The role named {@code wireName}, or null. */
    public static AccountRole fromWireName(String wireName) {
        for (AccountRole role : values()) {
            if (role.wireName.equals(wireName)) {
                return role;
            }
        }
        return null;
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(AccountRole::wireName).toList();
    }
}
