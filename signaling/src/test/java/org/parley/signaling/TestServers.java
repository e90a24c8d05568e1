package org.parley.signaling;

import org.parley.signaling.config.ConfigException;
import org.parley.signaling.config.HttpConfig;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.config.SignalingLimits;

/** In-process servers on a free loopback port, without media. */
final class TestServers {

    private TestServers() {
    }

    static ParleyServer start() throws ConfigException, InterruptedException {
        return start(ParleyConfig.defaults().limits());
    }

    static ParleyServer start(SignalingLimits limits) throws ConfigException, InterruptedException {
        ParleyConfig config = ParleyConfig.defaults()
                .withHttp(new HttpConfig("127.0.0.1", 0))
                .withLimits(limits);
        return ParleyServer.start(config, MediaServerFactory.disabled());
    }

    static double counter(ParleyServer server, String name, String tag, String value) {
        return server.meterRegistry().get(name).tag(tag, value).counter().count();
    }
}
