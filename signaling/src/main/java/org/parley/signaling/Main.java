package org.parley.signaling;

import java.util.concurrent.CountDownLatch;
import org.parley.signaling.config.ConfigException;
import org.parley.signaling.config.ConfigLoader;
import org.parley.signaling.config.ParleyConfig;

/**
 * Runs a Parley server until SIGINT or SIGTERM. Options: {@code --config FILE},
 * {@code --http-port N}, {@code --udp-port N}, {@code --sip-port N}, {@code --announced-address A},
 * {@code --bind-address A}.
 */
public final class Main {

    private Main() {
    }

    private static final String USAGE = """
            usage: parley [--config FILE] [--http-port N] [--udp-port N] [--sip-port N] [--announced-address A]
                          [--bind-address A]
              --config FILE            JSON file merged over the embedded conf/parley.json (default: $PARLEY_CONFIG)
              --http-port N            HTTP and WebSocket port (http.port)
              --udp-port N             the media UDP port shared by all transports (media.udpPort)
              --sip-port N             the UDP port room systems dial in on (sip.port; sip.enabled false turns SIP off)
              --announced-address A    address written into ICE candidates and SIP answers (media.announcedAddress)
              --bind-address A         local address for HTTP, media and SIP (http, media and sip bindAddress)
            """;

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(USAGE);
            return;
        }
        ParleyConfig config;
        try {
            config = ConfigLoader.load(args, System.getenv());
        } catch (ConfigException e) {
            System.err.println("parley: configuration error: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        ParleyServer server;
        try {
            server = ParleyServer.start(config);
        } catch (Exception e) { // BindException arrives undeclared from Netty
            System.err.println("parley: cannot start: " + e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // The JVM runs shutdown hooks on SIGINT and SIGTERM.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "parley-shutdown"));

        String base = "http://127.0.0.1:" + server.httpPort();
        System.out.println("Parley is running.");
        System.out.println("  demo page:  " + base + "/");
        System.out.println("  health:     " + base + "/health");
        System.out.println("  metrics:    " + base + "/metrics");
        System.out.println("  signaling:  ws://127.0.0.1:" + server.httpPort() + ParleyChannelInitializer.WEBSOCKET_PATH);
        server.media().ifPresent(media -> System.out.println("  media:      UDP port " + media.udpPort()
                + (media.tcpPort() >= 0 ? ", ICE-TCP port " + media.tcpPort() : "")
                + " (announced as " + config.media().announcedAddress() + ")"));
        if (server.sipPort() >= 0) {
            System.out.println("  SIP:        UDP port " + server.sipPort() + " (dial sip:<invitation-token>@"
                    + config.media().announcedAddress() + ":" + server.sipPort() + ")");
        }
        config.turn().ifPresent(turn -> System.out.println("  TURN:       " + String.join(", ", turn.urls())
                + " (credentials valid " + turn.ttl().toSeconds() + " s)"));
        System.out.println("Press Ctrl+C to stop.");
        stopped.await();
    }
}
