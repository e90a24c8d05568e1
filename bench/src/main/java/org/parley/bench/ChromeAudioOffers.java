package org.parley.bench;

/**
 * SDP offers as Chrome writes them for one audio transceiver, taken from media-core's test fixtures
 * ({@code chrome-publish-and-three-subscribes.sdp}): a microphone it sends, and a stream it only
 * receives. Both negotiate ssrc-audio-level as extension 1 and the RFC 8843 mid as extension 4.
 */
final class ChromeAudioOffers {

    /** The SSRC the publishing offer announces. */
    static final long PUBLISHED_SSRC = 2865197434L;
    static final int OPUS_PAYLOAD_TYPE = 111;
    static final int AUDIO_LEVEL_ID = 1;
    static final int MID_ID = 4;

    /** A microphone track: sendonly, with its SSRC. */
    static final String PUBLISH = """
            v=0
            o=- 8294670144153025617 2 IN IP4 127.0.0.1
            s=-
            t=0 0
            a=group:BUNDLE 0
            a=extmap-allow-mixed
            a=msid-semantic: WMS c7e2a9f4-1b3d-4e5a-8c6f-0d9b2e4a7f13
            m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
            c=IN IP4 0.0.0.0
            a=rtcp:9 IN IP4 0.0.0.0
            a=ice-ufrag:Kd7p
            a=ice-pwd:hQ3tY8mWcB2nR6vL0sJ4xF9a
            a=ice-options:trickle
            a=fingerprint:sha-256 9B:4E:21:D7:0C:58:A3:6F:E2:17:B9:40:CD:82:5A:13:F6:0E:99:3B:74:C1:28:AD:5F:E6:03:97:4B:D2:18:6C
            a=setup:actpass
            a=mid:0
            a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
            a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
            a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
            a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
            a=sendonly
            a=msid:c7e2a9f4-1b3d-4e5a-8c6f-0d9b2e4a7f13 5e8a1c0d-7b2f-4d3e-9a6c-1f4b8e2d0c57
            a=rtcp-mux
            a=rtcp-rsize
            a=rtpmap:111 opus/48000/2
            a=rtcp-fb:111 transport-cc
            a=fmtp:111 minptime=10;useinbandfec=1
            a=rtpmap:63 red/48000/2
            a=fmtp:63 111/111
            a=rtpmap:9 G722/8000
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:13 CN/8000
            a=rtpmap:110 telephone-event/48000
            a=rtpmap:126 telephone-event/8000
            a=ssrc:2865197434 cname:n4RbkZ0X7u2LmHqe
            a=ssrc:2865197434 msid:c7e2a9f4-1b3d-4e5a-8c6f-0d9b2e4a7f13 5e8a1c0d-7b2f-4d3e-9a6c-1f4b8e2d0c57
            """;

    /** A listener's transceiver: recvonly, no SSRC of its own. */
    static final String SUBSCRIBE = """
            v=0
            o=- 4611731400430051336 2 IN IP4 127.0.0.1
            s=-
            t=0 0
            a=group:BUNDLE 0
            a=extmap-allow-mixed
            a=msid-semantic: WMS
            m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
            c=IN IP4 0.0.0.0
            a=rtcp:9 IN IP4 0.0.0.0
            a=ice-ufrag:Xq2m
            a=ice-pwd:V0f3N8yA1kQ2ZrT5pL9cHs4E
            a=ice-options:trickle
            a=fingerprint:sha-256 9B:4E:21:D7:0C:58:A3:6F:E2:17:B9:40:CD:82:5A:13:F6:0E:99:3B:74:C1:28:AD:5F:E6:03:97:4B:D2:18:6C
            a=setup:actpass
            a=mid:0
            a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
            a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
            a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
            a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
            a=recvonly
            a=rtcp-mux
            a=rtcp-rsize
            a=rtpmap:111 opus/48000/2
            a=rtcp-fb:111 transport-cc
            a=fmtp:111 minptime=10;useinbandfec=1
            a=rtpmap:63 red/48000/2
            a=fmtp:63 111/111
            a=rtpmap:9 G722/8000
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:13 CN/8000
            a=rtpmap:110 telephone-event/48000
            a=rtpmap:126 telephone-event/8000
            """;

    private ChromeAudioOffers() {
    }
}
