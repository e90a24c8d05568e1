package org.parley.signaling.peer;

import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.RTCBundlePolicy;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCRtcpMuxPolicy;

/**
 * Makes libwebrtc peers reachable on 127.0.0.1.
 *
 * <p>libwebrtc never gathers loopback candidates (RFC 8445 §5.1.1.1 forbids them), and webrtc-java 0.14.0
 * does not expose the factory's network ignore mask that would let it. What it does expose is
 * {@code PORTALLOCATOR_DISABLE_ADAPTER_ENUMERATION}: the allocator then binds one UDP socket per address
 * family to the <em>any</em> address and announces it under the host's default route address. A socket
 * bound to 0.0.0.0 also receives datagrams sent to 127.0.0.1, so the peer stays reachable on loopback if
 * its SDP says so: {@link #announceOnLoopback(String)} rewrites the IPv4 host candidates (and the
 * {@code c=} lines) to 127.0.0.1 and drops every other candidate. Packets the peer sends to a loopback
 * remote leave with source 127.0.0.1, which matches what it announced.
 *
 * <p>Limit: the allocator needs a default route to name its candidates; in a network namespace with only
 * {@code lo} it gathers nothing.
 */
final class LoopbackIce {

    static final String LOOPBACK = "127.0.0.1";

    private LoopbackIce() {
    }

    /** One BUNDLEd, rtcp-muxed UDP transport on an any-address socket; no STUN, TURN or TCP. */
    static RTCConfiguration configuration() {
        RTCConfiguration configuration = new RTCConfiguration();
        configuration.bundlePolicy = RTCBundlePolicy.MAX_BUNDLE;
        configuration.rtcpMuxPolicy = RTCRtcpMuxPolicy.REQUIRE;
        configuration.portAllocatorConfig = new PortAllocatorConfig()
                .setDisableAdapterEnumeration(true)
                .setDisableTcp(true)
                .setDisableStun(true)
                .setDisableRelay(true);
        return configuration;
    }

    /**
     * Returns {@code sdp} with every IPv4 UDP host candidate moved to 127.0.0.1 (port kept) and every other
     * candidate removed; {@code c=} lines point at 127.0.0.1 too.
     */
    static String announceOnLoopback(String sdp) {
        StringBuilder out = new StringBuilder(sdp.length());
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith("a=candidate:")) {
                String rewritten = loopbackCandidate(line);
                if (rewritten != null) {
                    out.append(rewritten).append("\r\n");
                }
            } else if (line.startsWith("c=IN IP4 ")) {
                out.append("c=IN IP4 ").append(LOOPBACK).append("\r\n");
            } else if (!line.isEmpty()) {
                out.append(line).append("\r\n");
            }
        }
        return out.toString();
    }

    /** RFC 8839 §5.1: candidate:foundation component transport priority address port typ type ... */
    private static String loopbackCandidate(String line) {
        String[] fields = line.split(" ");
        if (fields.length < 8 || !"udp".equalsIgnoreCase(fields[2]) || !"host".equals(fields[7])
                || fields[4].indexOf(':') >= 0) {
            return null;
        }
        fields[4] = LOOPBACK;
        return String.join(" ", fields);
    }
}
