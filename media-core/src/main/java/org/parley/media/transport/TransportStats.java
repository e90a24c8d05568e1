package org.parley.media.transport;

/** A snapshot of one transport's counters. RTT is from RTCP (RFC 3550 §6.4.1), -1 until known. */
public record TransportStats(long packetsIn, long bytesIn, long packetsOut, long bytesOut,
                             long srtpAuthFailures, double rttMillis) {
}
