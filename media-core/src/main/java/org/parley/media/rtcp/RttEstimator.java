package org.parley.media.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * Round-trip time from reception reports about one of our SSRCs (RFC 3550 §6.4.1):
 * RTT = A − LSR − DLSR, where A is the report's arrival time, all in compact NTP (1/65536 s).
 * Not thread-safe: use it from the transport's event loop.
 */
public final class RttEstimator {

    private final long localSsrc;
    private long rttMillis = -1;

    /** @param localSsrc the SSRC we send with, whose reports this estimator evaluates */
    public RttEstimator(long localSsrc) {
        this.localSsrc = localSsrc & 0xFFFFFFFFL;
    }

    /**
     * RTT in milliseconds, or -1 if {@code lastSenderReport} is 0 (no SR received yet) or the
     * result is negative (clock trouble or a report about an older SR).
     */
    public static long rttMillis(long arrivalCompactNtp, long lastSenderReport, long delaySinceLastSenderReport) {
        if (lastSenderReport == 0) {
            return -1;
        }
        int rtt = (int) (arrivalCompactNtp - lastSenderReport - delaySinceLastSenderReport);
        return rtt < 0 ? -1 : NtpTime.compactToMillis(rtt);
    }

    /**
     * Evaluates the report block about our SSRC in the SR or RR at {@code off}.
     *
     * @param arrivalCompactNtp when the packet arrived, see {@link NtpTime#compact}
     * @return the new RTT in milliseconds, or -1 if the packet has no usable block about us
     */
    public long onReport(ByteBuf buf, int off, long arrivalCompactNtp) {
        if (!SenderReport.isSenderReport(buf, off) && !ReceiverReport.isReceiverReport(buf, off)) {
            return -1;
        }
        int count = RtcpPacket.count(buf, off);
        for (int i = 0; i < count; i++) {
            int block = ReceptionReport.inReport(buf, off, i);
            if (block >= 0 && ReceptionReport.ssrc(buf, block) == localSsrc) {
                long rtt = rttMillis(arrivalCompactNtp, ReceptionReport.lastSenderReport(buf, block),
                        ReceptionReport.delaySinceLastSenderReport(buf, block));
                if (rtt >= 0) {
                    rttMillis = rtt;
                }
                return rtt;
            }
        }
        return -1;
    }

    /** The last RTT measured, in milliseconds, or -1 if none yet. */
    public long rttMillis() {
        return rttMillis;
    }
}
