package org.parley.signaling.accounts;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.parley.signaling.config.ConfigException;
import org.parley.signaling.config.ConfigLoader;
import org.parley.signaling.store.Account;
import org.parley.signaling.store.ParleyStore;
import org.parley.signaling.store.StoreException;

/**
 * {@code bin/parley add-account NAME organiser|operator [--config FILE]}: creates an account in the store
 * of the configuration's {@code store.dataDirectory}, with the server stopped (H2 keeps its file locked
 * while the server runs; then use {@code POST /api/accounts} with the admin key). The password is asked
 * twice on a terminal, without echo; otherwise it is the first line of standard input, for scripts.
 */
public final class AddAccount {

    static final String COMMAND = "bin/parley add-account";
    private static final String USAGE = "usage: " + COMMAND + " NAME organiser|operator [--config FILE]\n"
            + "  asks for the password (or reads its first line from standard input); the server must be stopped,\n"
            + "  otherwise use POST /api/accounts with the admin key (API.md)";

    private AddAccount() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.console(), System.in, System.out, System.err));
    }

    /** Non-zero exit status: 2 for a usage or configuration error, 1 when the account could not be made. */
    static final class Failure extends Exception {
        final int status;

        Failure(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** The command with its streams; {@code console} is null when not run on a terminal. Returns the exit status. */
    static int run(String[] args, Console console, InputStream in, PrintStream out, PrintStream err) {
        try {
            Account account = create(args, console, in);
            out.println("add-account: " + account.role().wireName() + " \"" + account.name() + "\" created");
            return 0;
        } catch (Failure e) {
            err.println(e.getMessage());
            return e.status;
        }
    }

    private static Account create(String[] args, Console console, InputStream in) throws Failure {
        if (args.length != 2 && args.length != 4 || args.length == 4 && !args[2].equals("--config")) {
            throw new Failure(2, USAGE);
        }
        String nameProblem = AccountNames.problem(args[0]);
        if (nameProblem != null) {
            throw new Failure(2, "add-account: NAME: " + nameProblem);
        }
        AccountRole role = AccountRole.fromWireName(args[1]);
        if (role == null) {
            throw new Failure(2, "add-account: the role must be one of " + AccountRole.wireNames() + ", got \"" + args[1] + "\"");
        }
        Path dataDirectory;
        try {
            String[] configArgs = args.length == 4 ? new String[] {"--config", args[3]} : new String[0];
            dataDirectory = ConfigLoader.load(configArgs, System.getenv()).store().dataDirectory();
        } catch (ConfigException e) {
            throw new Failure(2, "add-account: configuration error: " + e.getMessage());
        }
        String password = readPassword(console, in);
        String problem = PasswordHasher.policyProblem(password);
        if (problem != null) {
            throw new Failure(1, "add-account: password: " + problem);
        }
        Account account = new Account(AccountNames.normal(args[0]), role, new PasswordHasher(new SecureRandom()).hash(password),
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (ParleyStore store = ParleyStore.openUnused(dataDirectory)) {
            if (!store.accounts().insert(account)) {
                throw new Failure(1, "add-account: an account \"" + account.name() + "\" exists already");
            }
        } catch (StoreException e) {
            throw new Failure(1, "add-account: " + e.getMessage() + "\n(a running server holds the store: stop it, or "
                    + "create the account with POST /api/accounts and the admin key)");
        }
        return account;
    }

    private static String readPassword(Console console, InputStream in) throws Failure {
        if (console != null && console.isTerminal()) {
            char[] first = console.readPassword("Password (at least %d characters): ", PasswordHasher.MIN_PASSWORD_LENGTH);
            char[] again = console.readPassword("The same again: ");
            if (first == null || again == null || !Arrays.equals(first, again)) {
                throw new Failure(1, "add-account: the two passwords differ");
            }
            return new String(first);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new Failure(1, "add-account: no password on standard input");
            }
            return line;
        } catch (IOException e) {
            throw new Failure(1, "add-account: cannot read the password: " + e.getMessage());
        }
    }
}
