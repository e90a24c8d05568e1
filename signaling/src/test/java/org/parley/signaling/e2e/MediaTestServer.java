package org.parley.signaling.e2e;

import java.net.URI;
import java.nio.file.Files;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.parley.media.MediaConfig;
import org.parley.signaling.MediaServerFactory;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.config.HttpConfig;
import org.parley.signaling.config.SipConfig;
import org.parley.signaling.config.MixerConfig;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.config.StoreConfig;
import org.parley.signaling.sip.CallMedia;

/** A whole Parley server, with its media core, on free loopback ports. Public for tests outside this package. */
public final class MediaTestServer {

    private MediaTestServer() {
    }

    static ParleyServer start() throws Exception {
        return start(MixerConfig.DEFAULTS);
    }

    static ParleyServer start(MixerConfig mixer) throws Exception {
        return start(config -> config.withMixer(mixer));
    }

    /** With {@code http} (e.g. TLS and a public URL) instead of plain HTTP on a free loopback port. */
    static ParleyServer start(HttpConfig http) throws Exception {
        return start(config -> config.withHttp(http));
    }

    /** Starts the loopback configuration as {@code adjust} changes it (e.g. TURN servers, another announced address). */
    public static ParleyServer start(UnaryOperator<ParleyConfig> adjust) throws Exception {
        return ParleyServer.start(config(adjust));
    }

    /**
     * {@link #start(UnaryOperator)} with the audio of SIP calls given to {@code callMedia} (e.g. a
     * {@link org.parley.signaling.sip.LoopbackCallMedia} a SIP test inspects) while WebRTC calls go
     * through the media core.
     */
    static ParleyServer start(UnaryOperator<ParleyConfig> adjust, CallMedia callMedia) throws Exception {
        return ParleyServer.start(config(adjust), MediaServerFactory.embedded(),
                (config, core, interpretation) -> Optional.of(callMedia));
    }

    private static ParleyConfig config(UnaryOperator<ParleyConfig> adjust) throws Exception {
        ParleyConfig config = ParleyConfig.defaults()
                .withHttp(new HttpConfig("127.0.0.1", 0))
                .withSip(new SipConfig(true, "127.0.0.1", 0))
                .withMedia(MediaConfig.udpOnly("127.0.0.1", "127.0.0.1", 0))
                .withStore(new StoreConfig(Files.createTempDirectory("parley-e2e-store")))
                .withMixer(MixerConfig.DEFAULTS);
        return adjust.apply(config);
    }

    static URI webSocket(ParleyServer server) {
        return URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws");
    }

    static double counter(ParleyServer server, String name, String tag, String value) {
        return server.meterRegistry().get(name).tag(tag, value).counter().count();
    }
}
