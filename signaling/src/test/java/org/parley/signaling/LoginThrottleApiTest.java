package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;

/**
 * The login throttle over real HTTP, each test on its own server (every request comes from 127.0.0.1,
 * so the per-source bucket is shared by everything a server sees).
 */
class LoginThrottleApiTest {

    private static final String PASSWORD = AccountsApiTest.PASSWORD;

    @Test
    void fiveWrongPasswordsThenTheAccountWaitsEvenWithTheRightOne() throws Exception {
        try (ParleyServer server = TestServers.start(); HttpClient http = HttpClient.newHttpClient()) {
            ApiClient admin = new ApiClient(http, server.httpPort(), server.adminKey());
            AccountsApiTest.createAccount(admin, "ana", "organiser", PASSWORD);
            AccountsApiTest.createAccount(admin, "bea", "organiser", PASSWORD);
            ApiClient anonymous = admin.withKey(null);

            for (int i = 0; i < 5; i++) {
                anonymous.post("/api/session", login("ana", "guess number " + i)).assertError(401, "UNAUTHORIZED");
            }
            ApiClient.Reply limited = anonymous.post("/api/session", login("ana", PASSWORD));
            assertTrue(limited.assertError(429, "TOO_MANY_REQUESTS").contains("for this account"));
            long retryAfter = Long.parseLong(limited.header("retry-after"));
            assertTrue(retryAfter >= 30 && retryAfter <= 60, "Retry-After " + retryAfter);
            anonymous.post("/api/session", login("ANA", PASSWORD)).assertError(429, "TOO_MANY_REQUESTS");

            AccountsApiTest.login(admin, "bea", PASSWORD); // another account from the same address is not held up
            assertEquals(5, TestServers.counter(server, "parley.login.attempts", "result", "refused"));
            assertEquals(2, TestServers.counter(server, "parley.login.attempts", "result", "limited_account"));
            assertEquals(1, TestServers.counter(server, "parley.login.attempts", "result", "ok"));
            // The admin key is not throttled: it can still reset the account.
            assertEquals(204, admin.put("/api/accounts/ana/password", "{\"password\": \"" + PASSWORD + "!\"}").status());
        }
    }

    @Test
    void twentyFailuresFromOneAddressThenItWaits() throws Exception {
        try (ParleyServer server = TestServers.start(); HttpClient http = HttpClient.newHttpClient()) {
            ApiClient admin = new ApiClient(http, server.httpPort(), server.adminKey());
            AccountsApiTest.createAccount(admin, "ana", "organiser", PASSWORD);
            ApiClient anonymous = admin.withKey(null);

            // Each failure costs a password hash; on a loaded machine the bucket refills a little meanwhile
            // (a token per 6 s), which the bound below allows for.
            long start = System.nanoTime();
            int refused = 0;
            ApiClient.Reply reply;
            while ((reply = anonymous.post("/api/session", login("someone-" + refused, "a guessed password"))).status() == 401) {
                refused++;
                assertTrue(refused < 100, "never limited");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(refused >= 20 && refused <= 20 + seconds / 6 + 1, refused + " refused in " + seconds + " s");
            assertTrue(reply.assertError(429, "TOO_MANY_REQUESTS").contains("from this address"));
            ApiClient.Reply limited = anonymous.post("/api/session", login("ana", PASSWORD));
            assertTrue(limited.assertError(429, "TOO_MANY_REQUESTS").contains("from this address"), "the right password too");
            long retryAfter = Long.parseLong(limited.header("retry-after"));
            assertTrue(retryAfter >= 1 && retryAfter <= 6, "Retry-After " + retryAfter);
            assertEquals(2, TestServers.counter(server, "parley.login.attempts", "result", "limited_source"));
            assertEquals(0, TestServers.counter(server, "parley.login.attempts", "result", "ok"));
        }
    }

    private static String login(String account, String password) {
        return "{\"account\": \"" + account + "\", \"password\": \"" + password + "\"}";
    }
}
