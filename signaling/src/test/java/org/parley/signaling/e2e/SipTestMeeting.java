package org.parley.signaling.e2e;

import java.util.function.UnaryOperator;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.sip.LoopbackCallMedia;

/**
 * A SIP test's world, made before each test and closed after it: a {@link TestMeeting} whose server gives
 * the audio of SIP calls to a {@link LoopbackCallMedia} the test inspects, while WebRTC calls (an
 * {@link OngoingCall} beside the SIP traffic) go through the media core; with the limits the test adjusts.
 *
 * <pre>{@code @RegisterExtension
 * final SipTestMeeting sip = new SipTestMeeting("""
 *         {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en"}
 *         """, limits -> limits.withParticipantsPerMeeting(1));}</pre>
 */
final class SipTestMeeting extends TestMeeting {

    private final LoopbackCallMedia media;

    /** @param meetingJson the meeting as the API's POST takes it */
    SipTestMeeting(String meetingJson) {
        this(meetingJson, UnaryOperator.identity());
    }

    /**
     * @param meetingJson the meeting as the API's POST takes it
     * @param limits      the server's limits from the defaults, e.g. {@code limits -> limits.withSipTransactionsPerSource(3)}
     */
    SipTestMeeting(String meetingJson, UnaryOperator<SignalingLimits> limits) {
        this(meetingJson, limits, new LoopbackCallMedia());
    }

    private SipTestMeeting(String meetingJson, UnaryOperator<SignalingLimits> limits, LoopbackCallMedia media) {
        super(meetingJson, () -> MediaTestServer.start(config -> config.withLimits(limits.apply(config.limits())), media));
        this.media = media;
    }

    /** The audio of the SIP calls: a leg for each call admitted, in order. */
    LoopbackCallMedia media() {
        return media;
    }

    /** The server's SIP port (UDP, loopback). */
    int sipPort() {
        return server().sipPort();
    }
}
