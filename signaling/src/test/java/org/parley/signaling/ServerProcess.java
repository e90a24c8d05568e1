package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole server as a separate process ({@code Main} on this test's class path) with a configuration
 * file, on a free HTTP port: for tests that kill it with SIGKILL and start it again.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern HEALTH_LINE = Pattern.compile("health:\\s+http://127\\.0\\.0\\.1:(\\d+)/health");
    /** Generous: only guards against a hung test. */
    private static final long START_SECONDS = 90;

    private final Process process;
    private final int port;
    /** Everything it printed so far (standard output and error); it keeps growing while it runs. */
    private final List<String> output;

    private ServerProcess(Process process, int port, List<String> output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /** Starts {@code Main --config config --http-port 0} and waits until it prints its health URL. */
    static ServerProcess start(Path config) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--config", config.toString(),
                "--http-port", "0")
                .redirectErrorStream(true)
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.add(line);
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process died; the waiting loop below reports it
            }
        }, "parley-process-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        try {
            while (System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line == null) {
                    assertTrue(process.isAlive(), () -> "the server exited: " + String.join("\n", output));
                    continue;
                }
                Matcher health = HEALTH_LINE.matcher(line);
                if (health.find()) {
                    return new ServerProcess(process, Integer.parseInt(health.group(1)), output);
                }
            }
        } catch (AssertionError | InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
        process.destroyForcibly();
        throw new AssertionError("the server did not start: " + String.join("\n", output));
    }

    int port() {
        return port;
    }

    /** What it printed so far. */
    String output() {
        return String.join("\n", output);
    }

    /** SIGKILL (what {@code destroyForcibly} sends on Linux): no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, process.exitValue(), "128 + SIGKILL");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
