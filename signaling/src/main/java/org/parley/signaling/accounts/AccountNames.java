package org.parley.signaling.accounts;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Account names: what people type at login. Compared without case ({@code Ana} logs in as {@code ana}),
 * kept in lower case; letters, digits and {@code . _ @ -}, so an e-mail address works as a name too.
 */
public final class AccountNames {

    public static final int MAX_LENGTH = 64;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");

    private AccountNames() {
    }

    /** The name as kept: stripped and in lower case. */
    public static String normal(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    /** Why {@code name} cannot name an account, or null when it can (checked on its {@link #normal} form). */
    public static String problem(String name) {
        return NAME.matcher(normal(name)).matches() ? null
                : "expected 1 to " + MAX_LENGTH + " of a-z 0-9 . _ @ - (starting with a letter or digit), got \"" + name + "\"";
    }
}
