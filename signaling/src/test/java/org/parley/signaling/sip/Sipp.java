package org.parley.signaling.sip;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one sipp UAC scenario (Debian {@code sip-tester}) against a server on 127.0.0.1: one call,
 * bounded by sipp's own timeout and ours. Its exit code is 0 when every expected message came.
 */
public final class Sipp {

    private static final long PROCESS_TIMEOUT_SECONDS = 60;

    private Sipp() {
    }

    /** The outcome: sipp's exit code and what it printed (for assertion messages). */
    public record Result(int exitCode, String output) {
    }

    /**
     * Runs {@code scenario} (a file under test resources {@code sipp/}) once against
     * 127.0.0.1:{@code port} with {@code service} as the Request-URI user part.
     */
    public static Result run(String scenario, int port, String service) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("parley-sipp-");
        List<String> command = List.of("sipp", "127.0.0.1:" + port,
                "-sf", scenarioFile(scenario).toString(),
                "-s", service,
                "-i", "127.0.0.1",
                "-p", Integer.toString(freeUdpPort()),
                "-m", "1",
                "-nostdin",
                "-timeout", "30s", "-timeout_error",
                "-recv_timeout", "10000",
                "-trace_err", "-trace_msg");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("sipp.out").toFile()).start();
        if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return new Result(-1, "sipp did not finish in " + PROCESS_TIMEOUT_SECONDS + " s\n" + logs(directory));
        }
        return new Result(process.exitValue(), logs(directory));
    }

    private static Path scenarioFile(String scenario) throws IOException {
        try {
            return Path.of(Sipp.class.getResource("/sipp/" + scenario).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IOException("no test resource sipp/" + scenario, e);
        }
    }

    /** sipp's default local port is 5060: give it a free one instead. */
    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String logs(Path directory) throws IOException {
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                String content = Files.readString(file);
                text.append("== ").append(file.getFileName()).append('\n')
                        .append(content, Math.max(0, content.length() - 4000), content.length()).append('\n');
            }
        }
        return text.toString();
    }
}
