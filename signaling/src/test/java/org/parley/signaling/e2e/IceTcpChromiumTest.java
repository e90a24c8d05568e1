package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * UDP blocked: in a network namespace this test creates (loopback only), nftables drops every UDP
 * datagram to the media port. The server and headless Chromium run there together ({@link IceTcpCall}
 * in a child JVM under {@code ip netns exec}); an interpreter goes live in the French booth and a
 * delegate listening to French hears it. Both pages' selected ICE candidate pairs in {@code getStats}
 * are TCP to the server's passive candidate, and the drop rule's counter shows UDP was tried and
 * refused. Needs root and {@code ip netns} (CI has both); skipped, saying why, without them.
 */
@Timeout(240)
class IceTcpChromiumTest {

    private static final int UDP_PORT = 10000;
    private static final int TCP_PORT = 10000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDelegateHearsTheChannelOverIceTcpWhenUdpIsBlocked() throws Exception {
        assumeTrue(isRoot(), "needs root to create a network namespace (ip netns add)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "needs /usr/bin/chromium");
        String namespace = "parley-icetcp-" + ProcessHandle.current().pid();
        Result add = run("ip", "netns", "add", namespace);
        assumeTrue(add.exitCode == 0, "ip netns add is not available here: " + add.output);
        Process call = null;
        try {
            exec(namespace, "ip", "link", "set", "lo", "up");
            exec(namespace, "nft", "add", "table", "inet", "parley");
            exec(namespace, "nft", "add chain inet parley in { type filter hook input priority 0 ; }");
            exec(namespace, "nft", "add", "rule", "inet", "parley", "in", "udp", "dport", String.valueOf(UDP_PORT),
                    "counter", "drop");

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            call = new ProcessBuilder("ip", "netns", "exec", namespace, java, "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), IceTcpCall.class.getName(),
                    String.valueOf(UDP_PORT), String.valueOf(TCP_PORT))
                    .redirectErrorStream(true)
                    .start();
            Deque<String> tail = new ArrayDeque<>();
            AtomicReference<String> resultLine = new AtomicReference<>();
            Process child = call;
            Thread reader = Thread.ofPlatform().daemon().start(() -> readOutput(child, tail, resultLine));
            boolean exited = call.waitFor(180, TimeUnit.SECONDS);
            reader.join(5000);
            String output;
            synchronized (tail) {
                output = String.join("\n", tail);
            }
            assertTrue(exited, "the call in the namespace did not finish in 180 s:\n" + output);
            assertEquals(0, call.exitValue(), "the call in the namespace failed:\n" + output);
            assertNotNull(resultLine.get(), "no result line:\n" + output);
            JsonNode result = JSON.readTree(resultLine.get().substring(IceTcpCall.RESULT.length()));

            assertEquals(TCP_PORT, result.get("tcpPort").asInt(), result.toString());
            assertTrue(result.get("channel").asText().contains("/fr/"), "the French channel: " + result);
            JsonNode inbound = result.get("delegateInbound");
            assertTrue(inbound.path("packetsReceived").asLong() > 100, "the delegate receives: " + result);
            assertTrue(inbound.path("audioLevel").asDouble() > 0.01, "the delegate hears the tone: " + result);
            for (String page : List.of("delegatePairs", "interpreterPairs")) {
                JsonNode pairs = result.get(page);
                assertEquals(1, pairs.size(), page + ": " + result);
                JsonNode pair = pairs.get(0);
                assertEquals("connected", pair.path("connectionState").asText(), page + ": " + pair);
                assertEquals("succeeded", pair.path("pairState").asText(), page + ": " + pair);
                assertEquals("tcp", pair.path("local").path("protocol").asText(), page + " local candidate: " + pair);
                assertEquals("active", pair.path("local").path("tcpType").asText(), page + " local candidate: " + pair);
                assertEquals("tcp", pair.path("remote").path("protocol").asText(), page + " remote candidate: " + pair);
                assertEquals(TCP_PORT, pair.path("remote").path("port").asInt(), page + " remote candidate: " + pair);
            }
            assertEquals(2, result.get("tcpConnections").asInt(), "one ICE-TCP connection per page: " + result);
            assertEquals(2, result.get("tcpTransports").asInt(), "parley_transports{kind=\"tcp\"}: " + result);
            assertEquals(0, result.get("udpTransports").asInt(), "parley_transports{kind=\"udp\"}: " + result);

            long dropped = udpDropped(namespace);
            assertTrue(dropped > 0, "Chromium tried UDP first and nftables dropped it (" + dropped + " packets)");
        } finally {
            if (call != null && call.isAlive()) {
                call.descendants().forEach(ProcessHandle::destroyForcibly);
                call.destroyForcibly();
                call.waitFor(10, TimeUnit.SECONDS);
            }
            run("ip", "netns", "del", namespace);
        }
    }

    private static void readOutput(Process child, Deque<String> tail, AtomicReference<String> resultLine) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(IceTcpCall.RESULT)) {
                    resultLine.set(line);
                }
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 200) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the child is gone
        }
    }

    /** The packets counted by the namespace's UDP drop rule. */
    private static long udpDropped(String namespace) throws Exception {
        Result list = exec(namespace, "nft", "list", "chain", "inet", "parley", "in");
        Matcher matcher = Pattern.compile("udp dport " + UDP_PORT + " counter packets (\\d+)").matcher(list.output);
        assertTrue(matcher.find(), "no counter in:\n" + list.output);
        return Long.parseLong(matcher.group(1));
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs a command inside the namespace; it must succeed. */
    private static Result exec(String namespace, String... command) throws Exception {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        Result result = run(full.toArray(String[]::new));
        assertEquals(0, result.exitCode, String.join(" ", full) + ": " + result.output);
        return result;
    }

    private static Result run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out: " + output);
        }
        return new Result(process.exitValue(), output);
    }
}
