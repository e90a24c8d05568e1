package org.parley.media.rtp;

import io.netty.buffer.ByteBuf;
import org.parley.media.rtcp.NtpTime;
import org.parley.media.rtcp.SenderReport;

/**
 * Counters of one outgoing SSRC for its sender reports (RFC 3550 §6.4.1): packet and payload
 * octet counts, and the last RTP timestamp sent with its send time, so that an SR can carry the
 * RTP timestamp corresponding to its NTP timestamp.
 *
 * <p>Not thread-safe: use it from the event loop that sends the SSRC. Nothing allocates.
 */
public final class SendStatistics {

    private final long ssrc;
    private long packets;
    private long octets;
    private long lastRtpTimestamp;
    private long lastSendNanos;
    private boolean sent;

    /** @param ssrc the outgoing SSRC */
    public SendStatistics(long ssrc) {
        this.ssrc = ssrc & 0xFFFFFFFFL;
    }

    /**
     * Accounts one sent packet.
     *
     * @param nowNanos send time on a monotonic clock (e.g. {@link System#nanoTime()})
     */
    public void onPacketSent(long rtpTimestamp, int payloadBytes, long nowNanos) {
        packets++;
        octets += payloadBytes;
        lastRtpTimestamp = rtpTimestamp & 0xFFFFFFFFL;
        lastSendNanos = nowNanos;
        sent = true;
    }

    /** Accounts a sent RTP packet; returns false (and counts nothing) if it is malformed. */
    public boolean onPacketSent(ByteBuf rtpPacket, long nowNanos) {
        int payloadLength = RtpPacket.payloadLength(rtpPacket);
        if (payloadLength < 0) {
            return false;
        }
        onPacketSent(RtpPacket.timestamp(rtpPacket), payloadLength, nowNanos);
        return true;
    }

    public long ssrc() {
        return ssrc;
    }

    public long packets() {
        return packets;
    }

    /** Payload octets sent (RFC 3550 §6.4.1 "sender's octet count"). */
    public long octets() {
        return octets;
    }

    /** Whether any packet was sent, i.e. whether an SR (rather than an RR) is due. */
    public boolean hasSent() {
        return sent;
    }

    /** The RTP timestamp (32 bits) the last one sent extrapolates to at {@code nowNanos}. */
    public long rtpTimestampAt(long nowNanos, int clockRate) {
        return (lastRtpTimestamp + RtpClock.toTimestampUnits(nowNanos - lastSendNanos, clockRate)) & 0xFFFFFFFFL;
    }

    /**
     * Appends an SR without report blocks (add them with {@link ReceiveStatistics#writeReportBlock}).
     *
     * @param nowNanos the current time on the clock given to {@link #onPacketSent}
     * @param epochNanos the same instant as wall clock nanoseconds since 1970, for the NTP timestamp
     * @return bytes written
     */
    public int writeSenderReport(ByteBuf out, long nowNanos, long epochNanos, int clockRate) {
        return SenderReport.write(out, ssrc, NtpTime.seconds(epochNanos), NtpTime.fraction(epochNanos),
                rtpTimestampAt(nowNanos, clockRate), packets, octets);
    }
}
