package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.signaling.config.HttpConfig;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.config.SipConfig;
import org.parley.signaling.config.StoreConfig;
import org.parley.signaling.store.StoreBackups;
import org.parley.signaling.store.StoreException;
import org.parley.signaling.store.StoreRecovery;

/**
 * The store off the event loops, on a whole server: a slow disk delays neither {@code joined} nor the
 * WebSocket traffic sharing the loops; a damaged store file stops the start with the recovery command,
 * and that command brings the backed-up meetings back.
 */
class StoreOffEventLoopTest {

    /** Per write: five joins written in turn take 2.5 s. */
    private static final Duration SLOW_WRITE = Duration.ofMillis(500);
    private static final int JOINERS = 5;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
        http.close();
    }

    private ParleyServer start(StoreConfig store) throws Exception {
        ParleyServer server = ParleyServer.start(ParleyConfig.defaults()
                .withHttp(new HttpConfig("127.0.0.1", 0))
                .withSip(new SipConfig(false, "127.0.0.1", 0))
                .withStore(store), MediaServerFactory.disabled());
        open.add(server);
        return server;
    }

    private WsTestClient connect(ParleyServer server) {
        WsTestClient client = WsTestClient.connect(http, server.httpPort()).ignoring("participantJoined", "participantLeft",
                "roster", "floor");
        open.add(client);
        return client;
    }

    private static String join(String meetingId, String name, int id) {
        return "{\"type\":\"join\",\"meeting\":\"" + meetingId + "\",\"name\":\"" + name + "\",\"id\":" + id + "}";
    }

    @Test
    void aSlowStoreDelaysNeitherJoinedNorPingsNorTheApiOfOthers() throws Exception {
        ParleyServer server = start(new StoreConfig(TestServers.freshDataDirectory()).withSimulatedWriteDelay(SLOW_WRITE));
        ApiClient api = new ApiClient(http, server.httpPort(), server.adminKey());
        String meetingId = api.createMeeting("{\"title\": \"Slow disk\", \"languages\": [\"en\"], "
                + "\"floorLanguage\": \"en\", \"open\": true}");
        WsTestClient watcher = connect(server);
        assertEquals("joined", watcher.request(join(meetingId, "Watcher", 1)).get("type").asText());
        List<WsTestClient> joiners = new ArrayList<>();
        for (int i = 0; i < JOINERS; i++) {
            joiners.add(connect(server));
        }

        long sent = System.nanoTime();
        for (int i = 0; i < JOINERS; i++) {
            joiners.get(i).send(join(meetingId, "Delegate " + i, 1));
        }
        long slowest = 0;
        for (WsTestClient joiner : joiners) {
            JsonNode reply = joiner.next();
            assertEquals("joined", reply.get("type").asText(), reply.toString());
            slowest = Math.max(slowest, System.nanoTime() - sent);
        }
        long slowestMillis = TimeUnit.NANOSECONDS.toMillis(slowest);
        // Written in turn under the meeting's lock, the last "joined" would wait 5 x 500 ms = 2.5 s.
        assertTrue(slowestMillis < 1000, "the slowest joined took " + slowestMillis + " ms");
        double pending = server.meterRegistry().get("parley.store.queue.depth").gauge().value();
        assertTrue(pending >= 1, "writes are still pending on the store's thread: " + pending);

        // A provisioning request waits for the store (behind the writes) off the event loop...
        CompletableFuture<ApiClient.Reply> log = CompletableFuture.supplyAsync(() ->
                api.get("/api/meetings/" + meetingId + "/participation"));
        Thread.sleep(50);
        // ...while every WebSocket keeps being served: a ping is answered at once, not after the writes.
        long slowestPong = 0;
        for (WsTestClient client : joiners) {
            long pinged = System.nanoTime();
            long ponged = client.ping().get(20, TimeUnit.SECONDS);
            long pongMillis = TimeUnit.NANOSECONDS.toMillis(ponged - pinged);
            assertTrue(pongMillis < SLOW_WRITE.toMillis() / 2, "pong after " + pongMillis + " ms");
            slowestPong = Math.max(slowestPong, pongMillis);
        }
        System.out.printf("store %d ms per write: slowest of %d joined %d ms, slowest pong %d ms, API answered after %s%n",
                SLOW_WRITE.toMillis(), JOINERS, slowestMillis, slowestPong, log.isDone() ? "<= the pings" : "the pings");

        ApiClient.Reply reply = log.get(30, TimeUnit.SECONDS);
        assertEquals(200, reply.status(), reply.raw().body());
        // Answered on the store's thread behind the queued writes: every join is in the log.
        assertEquals(1 + JOINERS, reply.body().size(), reply.raw().body());
        assertEquals(0.0, server.meterRegistry().get("parley.store.write.failures").functionCounter().count());
    }

    @Test
    void aDamagedStoreNamesTheRecoveryCommandWhichRestoresTheBackedUpMeetings() throws Exception {
        Path data = TestServers.freshDataDirectory();
        StoreConfig store = new StoreConfig(data).withBackups(Duration.ofSeconds(1), 3);
        ParleyServer first = start(store);
        ApiClient api = new ApiClient(http, first.httpPort(), first.adminKey());
        String meetingId = api.createMeeting("{\"title\": \"Kept\", \"languages\": [\"en\"], \"floorLanguage\": \"en\"}");
        Path backups = data.resolve("backups");
        // Backups run on the store's thread like the API: one counted after the meeting's creation was answered
        // started after it, so it has the meeting.
        double before = first.meterRegistry().get("parley.store.backups").functionCounter().count();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (first.meterRegistry().get("parley.store.backups").functionCounter().count() <= before
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(first.meterRegistry().get("parley.store.backups").functionCounter().count() > before, "a backup was made");
        first.close();
        open.remove(first);
        Path backup = StoreBackups.newest(data).orElseThrow();
        assertEquals(backups, backup.getParent());

        byte[] garbage = new byte[32 * 1024];
        new java.util.Random(3).nextBytes(garbage);
        Files.write(data.resolve("parley.mv.db"), garbage);
        StoreException damaged = assertThrows(StoreException.class, () -> start(store));
        assertTrue(damaged.getMessage().contains("is damaged"), damaged.getMessage());
        assertTrue(damaged.getMessage().contains("`bin/parley restore-store " + backup + "`"), damaged.getMessage());

        StoreRecovery.main(new String[] {backup.toString()}); // what bin/parley restore-store runs

        ParleyServer second = start(store);
        ApiClient.Reply meeting = new ApiClient(http, second.httpPort(), second.adminKey()).get("/api/meetings/" + meetingId);
        assertEquals(200, meeting.status(), meeting.raw().body());
        assertEquals("Kept", meeting.body().get("title").asText());
    }
}
