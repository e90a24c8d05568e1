package org.parley.signaling;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.parley.signaling.config.HttpConfig;
import org.parley.signaling.config.SipConfig;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.config.StoreConfig;

/** In-process servers on a free loopback port, without media, each with a fresh store in a temporary directory. */
final class TestServers {

    private TestServers() {
    }

    static ParleyServer start() throws Exception {
        return start(ParleyConfig.defaults().limits());
    }

    static ParleyServer start(SignalingLimits limits) throws Exception {
        return start(ParleyConfig.defaults().withLimits(limits));
    }

    /** Starts {@code config} on a free loopback port with a fresh data directory. */
    static ParleyServer start(ParleyConfig config) throws Exception {
        return start(config, freshDataDirectory());
    }

    /** Starts {@code config} on a free loopback port with its store in {@code dataDirectory}. */
    static ParleyServer start(ParleyConfig config, Path dataDirectory) throws Exception {
        return ParleyServer.start(config
                .withHttp(new HttpConfig("127.0.0.1", 0))
                .withSip(new SipConfig(true, "127.0.0.1", 0))
                .withStore(new StoreConfig(dataDirectory)), MediaServerFactory.disabled());
    }

    static Path freshDataDirectory() throws IOException {
        return Files.createTempDirectory("parley-test-store-");
    }

    static double counter(ParleyServer server, String name, String tag, String value) {
        return server.meterRegistry().get(name).tag(tag, value).counter().count();
    }

    /** The server's WebSocket endpoint. */
    static URI webSocket(ParleyServer server) {
        return URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws");
    }
}
