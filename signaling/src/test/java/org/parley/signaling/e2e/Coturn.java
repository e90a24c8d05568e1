package org.parley.signaling.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A coturn TURN server (Debian {@code coturn}) on a loopback address that a test starts and stops, in the
 * {@code use-auth-secret} mode Parley's credentials are for. Loopback peers are allowed (coturn refuses
 * relaying to 127.0.0.0/8 by default, rightly so in production) so that it relays to a Parley media port
 * on loopback. Its state (pid file, SQLite database, log) lives in a temporary directory.
 */
final class Coturn implements AutoCloseable {

    static final Path EXECUTABLE = Path.of("/usr/bin/turnserver");
    static final String REALM = "parley";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final Path directory;
    private final InetAddress host;
    private final int port;

    private Coturn(Process process, Path directory, InetAddress host, int port) {
        this.process = process;
        this.directory = directory;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts coturn listening and relaying on {@code host} with {@code secret} as its static-auth-secret
     * and waits until it answers an Allocate. A loopback address other than 127.0.0.1 (127.0.0.2) keeps
     * relayed media apart from that of direct peers, which come from 127.0.0.1.
     */
    static Coturn start(String secret, InetAddress host) throws IOException, InterruptedException {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new IllegalStateException("coturn not found at " + EXECUTABLE + "; install it with `apt-get install coturn`");
        }
        Path directory = Files.createTempDirectory("parley-coturn-");
        int port = freeUdpAndTcpPort(host);
        List<String> command = new ArrayList<>(List.of(EXECUTABLE.toString(),
                "-n", // no configuration file: everything is on this line
                "--listening-ip=" + host.getHostAddress(), "--relay-ip=" + host.getHostAddress(), "--listening-port=" + port,
                "--use-auth-secret", "--static-auth-secret=" + secret, "--realm=" + REALM,
                "--no-tls", "--no-dtls", "--no-cli", "--allow-loopback-peers",
                "--pidfile=" + directory.resolve("turnserver.pid"), "--db=" + directory.resolve("turndb"),
                "--log-file=" + directory.resolve("turnserver.log"), "--simple-log", "--no-stdout-log"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("turnserver.out").toFile())
                .start();
        Coturn coturn = new Coturn(process, directory, host, port);
        try {
            coturn.awaitReady();
        } catch (IOException | RuntimeException | InterruptedException e) {
            String log = coturn.log();
            coturn.close();
            throw new IllegalStateException("coturn did not start: " + e + "\n--- coturn log ---\n" + log, e);
        }
        return coturn;
    }

    int port() {
        return port;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    /** The end of coturn's log, for failure messages. */
    String log() {
        try (Stream<Path> logs = Files.list(directory)) {
            StringBuilder text = new StringBuilder();
            for (Path log : logs.filter(path -> path.getFileName().toString().startsWith("turnserver")
                    && path.getFileName().toString().matches(".*\\.(log|out)")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(line -> text.append(line).append('\n'));
            }
            return text.toString();
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** An unauthenticated Allocate gets 401 once coturn listens; until then nothing answers. */
    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("coturn exited with status " + process.exitValue());
            }
            if (TurnAllocation.probe(address(), Duration.ofMillis(300))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("coturn did not answer on " + address() + " within " + READY_TIMEOUT);
    }

    /** A port free for both UDP and TCP on {@code host} (TURN listens on both). */
    private static int freeUdpAndTcpPort(InetAddress host) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(host, 0))) {
                int candidate = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket(candidate, 1, host)) {
                    return candidate;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP on " + host.getHostAddress());
    }

    /** Stops coturn (SIGTERM, then SIGKILL) and deletes its directory. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp directory must not fail the test
        }
    }
}
