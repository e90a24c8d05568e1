package org.parley.signaling.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.signaling.store.Account;
import org.parley.signaling.store.ParleyStore;

/** {@code bin/parley add-account}: the account lands in the configured store, hashed; mistakes are refused. */
class AddAccountTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return AddAccount.run(args, null, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void createsTheAccountInTheConfiguredStore() throws Exception {
        Path config = config();

        assertEquals(0, run("correct horse battery\n", "Ana", "organiser", "--config", config.toString()), err.toString());
        assertTrue(out.toString().contains("organiser \"ana\" created"), out.toString());
        try (ParleyStore store = ParleyStore.open(dir.resolve("data"))) {
            Account ana = store.accounts().find("ana").orElseThrow();
            assertEquals(AccountRole.ORGANISER, ana.role());
            assertTrue(new PasswordHasher(new SecureRandom()).verify("correct horse battery", ana.passwordHash()));
        }
        assertEquals(1, run("correct horse battery\n", "ana", "operator", "--config", config.toString()));
        assertTrue(err.toString().contains("exists already"), err.toString());
    }

    @Test
    void refusesBadInput() throws Exception {
        Path config = config();
        assertEquals(2, run("", "ana"));
        assertEquals(2, run("correct horse battery\n", "ana", "chair", "--config", config.toString()));
        assertEquals(2, run("correct horse battery\n", "no spaces", "organiser", "--config", config.toString()));
        assertEquals(1, run("short\n", "ana", "organiser", "--config", config.toString()));
        assertTrue(err.toString().contains("at least 12"), err.toString());
        assertEquals(1, run("", "ana", "organiser", "--config", config.toString()));
        assertTrue(err.toString().contains("no password"), err.toString());
    }

    @Test
    void aRunningServersStoreIsNotTouched() throws Exception {
        Path config = config();
        try (ParleyStore running = ParleyStore.open(dir.resolve("data"))) {
            assertEquals(1, run("correct horse battery\n", "ana", "organiser", "--config", config.toString()));
            assertTrue(err.toString().contains("POST /api/accounts"), err.toString());
            assertTrue(running.accounts().find("ana").isEmpty());
        }
    }

    private Path config() throws Exception {
        Path config = dir.resolve("parley.json");
        Files.writeString(config, "{\"store\": {\"dataDirectory\": \"" + dir.resolve("data") + "\"}}");
        return config;
    }
}
