package org.parley.signaling.sip;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real soft-phone as a room system: baresip (Debian {@code baresip-core}), headless on 127.0.0.1,
 * dialling one SIP URI and sending a 440 Hz sine as G.711 with RTP and RTCP (libre's RFC 3550
 * stack: sender and receiver reports with report blocks, LSR/DLSR) on ports of its own. It hangs up
 * after {@code seconds} or when closed; closing ends the process this object started.
 */
public final class Baresip implements AutoCloseable {

    private static final String BINARY = "/usr/bin/baresip";

    private final Path directory;
    private final Process process;

    private Baresip(Path directory, Process process) {
        this.directory = directory;
        this.process = process;
    }

    /** Dials {@code sip:<user>@127.0.0.1:<port>} and stays in the call up to {@code seconds}. */
    public static Baresip dial(String user, int port, int seconds) throws IOException {
        Path directory = Files.createTempDirectory("parley-baresip-");
        Files.writeString(directory.resolve("config"), String.join("\n",
                "poll_method epoll",
                "net_interface 127.0.0.1",
                "sip_listen 127.0.0.1:" + freeUdpPort(),
                // Media ports away from the server's and CI's: baresip takes a free one of the range.
                "rtp_ports 41000-41999",
                "rtcp_mux no",
                "audio_source ausine,440",
                // ausine makes 48 kHz stereo only; baresip resamples to the call's G.711.
                "ausrc_srate 48000",
                "ausrc_channels 2",
                "auplay_srate 48000",
                "auplay_channels 2",
                "module_path /usr/lib/baresip/modules",
                "module g711.so",
                "module ausine.so",
                "module_app account.so",
                "module_app menu.so",
                ""));
        Files.writeString(directory.resolve("accounts"), "<sip:room@127.0.0.1>;regint=0\n");
        Files.writeString(directory.resolve("contacts"), "");
        List<String> command = List.of(BINARY, "-f", directory.toString(),
                "-e", "/dial sip:" + user + "@127.0.0.1:" + port, "-t", Integer.toString(seconds));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("baresip.out").toFile()).start();
        return new Baresip(directory, process);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What baresip printed so far (its last 4000 characters), for assertion messages. */
    public String output() {
        try {
            String text = Files.readString(directory.resolve("baresip.out"));
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** baresip hangs up (SIGTERM: BYE) and exits; killed if it has not within 5 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** baresip's default SIP port is 5060: give it a free one instead. */
    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
