package org.parley.signaling.sip;

import java.nio.file.Files;
import java.util.Optional;
import org.parley.signaling.MediaServerFactory;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.config.HttpConfig;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.config.SipConfig;
import org.parley.signaling.config.StoreConfig;

/** A server for SIP tests: HTTP and SIP on free loopback ports, a fresh store, no media core, {@code media} for calls. */
public final class SipTestServer {

    private SipTestServer() {
    }

    public static ParleyServer start(CallMedia media) throws Exception {
        return start(media, ParleyConfig.defaults().limits());
    }

    public static ParleyServer start(CallMedia media, SignalingLimits limits) throws Exception {
        return ParleyServer.start(ParleyConfig.defaults().withLimits(limits)
                        .withHttp(new HttpConfig("127.0.0.1", 0))
                        .withSip(new SipConfig(true, "127.0.0.1", 0))
                        .withStore(new StoreConfig(Files.createTempDirectory("parley-sip-test-"))),
                MediaServerFactory.disabled(), (config, core, interpretation) -> Optional.of(media));
    }
}
