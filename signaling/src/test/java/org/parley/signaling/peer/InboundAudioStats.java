package org.parley.signaling.peer;

/**
 * Inbound audio RTP statistics of one peer, summed over its inbound-rtp audio streams (W3C webrtc-stats
 * {@code RTCInboundRtpStreamStats}).
 *
 * @param streams          number of inbound-rtp audio entries in the report
 * @param packetsReceived  RTP packets received
 * @param packetsLost      packets lost as RTCP would report them (RFC 3550 §6.4.1: may be negative)
 * @param concealedSamples samples the jitter buffer had to invent
 */
public record InboundAudioStats(int streams, long packetsReceived, long packetsLost, long concealedSamples) {
}
