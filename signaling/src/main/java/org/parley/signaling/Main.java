package org.parley.signaling;

import java.util.concurrent.CountDownLatch;
import org.parley.signaling.config.ConfigException;
import org.parley.signaling.config.ConfigLoader;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.config.TlsConfig;
import org.parley.signaling.store.StoreException;

/**
 * Runs a Parley server until SIGINT or SIGTERM. Options: {@code --config FILE},
 * {@code --http-port N}, {@code --udp-port N}, {@code --sip-port N}, {@code --announced-address A},
 * {@code --bind-address A}, {@code --self-signed HOST}.
 */
public final class Main {

    private Main() {
    }

    private static final String USAGE = """
            usage: parley [--config FILE] [--http-port N] [--udp-port N] [--sip-port N] [--announced-address A]
                          [--bind-address A] [--self-signed HOST]
              --config FILE            JSON file merged over the embedded conf/parley.json (default: $PARLEY_CONFIG);
                                       its meetings replace the embedded demo
              --http-port N            HTTP and WebSocket port (http.port)
              --udp-port N             the media UDP port shared by all transports (media.udpPort)
              --sip-port N             the UDP port room systems dial in on (sip.port; sip.enabled false turns SIP off)
              --announced-address A    address written into ICE candidates and SIP answers (media.announcedAddress)
              --bind-address A         local address for HTTP, media and SIP (http, media and sip bindAddress)
              --self-signed HOST       serve HTTPS with a self-signed certificate for HOST (trials; kept in the
                                       data directory), instead of http.tls
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
        } catch (StoreException e) { // the message says what to do, e.g. how to restore a damaged store
            System.err.println("parley: cannot start: " + e.getMessage());
            System.exit(1);
            return;
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

        String base = server.siteRoot();
        System.out.println("Parley is running.");
        System.out.println("  web page:   " + base + "/" + (config.meetings().isEmpty() ? "" : "  (meetings: "
                + String.join(", ", config.meetings().stream().map(meeting -> meeting.id()).toList()) + ")"));
        System.out.println("  dashboard:  " + base + "/dashboard.html  (operators: the API key, or an operator's invitation link)");
        System.out.println("  health:     " + base + "/health");
        System.out.println("  metrics:    " + base + "/metrics");
        System.out.println("  signaling:  " + base.replaceFirst("^http", "ws") + ParleyChannelInitializer.WEBSOCKET_PATH);
        // Printed here once, never logged (ParleyServer only logs that one was generated).
        if (config.admin().apiKey().isEmpty()) {
            System.out.println("  API key:    " + server.adminKey() + "  (generated for this run: set admin.apiKey to keep one)");
        }
        server.tls().ifPresent(tls -> {
            if (config.http().tls().orElseThrow() instanceof TlsConfig.SelfSigned) {
                // Lets a tester's Chromium accept this certificate and only this one.
                System.out.println("  TLS:        self-signed; Chromium: --ignore-certificate-errors-spki-list="
                        + tls.current().spkiSha256());
            }
        });
        if (server.redirectPort() >= 0) {
            System.out.println("  redirect:   plain HTTP port " + server.redirectPort() + " → " + base);
        }
        server.media().ifPresent(media -> System.out.println("  media:      UDP port " + media.udpPort()
                + (media.tcpPort() >= 0 ? ", ICE-TCP port " + media.tcpPort() : "")
                + " (announced as " + config.media().announcedAddress() + ")"));
        if (server.sipPort() >= 0) {
            System.out.println("  SIP:        UDP port " + server.sipPort() + " (dial sip:<invitation-token>@"
                    + config.media().announcedAddress() + ":" + server.sipPort() + ")");
        }
        config.turn().ifPresent(turn -> System.out.println("  TURN:       " + String.join(", ", turn.urls())
                + " (credentials valid " + turn.ttl().toSeconds() + " s)"));
        server.insecureWarning().ifPresent(warning -> System.out.println("""

                  !!! %s
                """.formatted(warning)));
        System.out.println("Press Ctrl+C to stop.");
        stopped.await();
    }
}
