package org.parley.media.rtp;

import io.netty.buffer.ByteBuf;
import org.parley.media.rtcp.NtpTime;
import org.parley.media.rtcp.ReceptionReport;

/**
 * Reception statistics of one incoming SSRC, as a receiver reports them (RFC 3550 §6.4.1):
 * extended highest sequence number and source validation (Appendix A.1), loss (A.3) and
 * interarrival jitter (A.8), plus the LSR/DLSR bookkeeping for round-trip time.
 *
 * <p>Unlike A.1 there is no probation: the first packet initializes the sequence state, which is
 * what an SFU wants for a source ICE and DTLS already authenticated. A jump of more than
 * {@value #MAX_DROPOUT} is taken as a restart only when the next packet confirms it.
 *
 * <p>Not thread-safe: use it from the event loop that receives the SSRC. Nothing allocates.
 */
public final class ReceiveStatistics {

    /** Largest forward jump still taken as loss rather than a restart (A.1). */
    public static final int MAX_DROPOUT = 3000;
    /** Largest backward jump still taken as reordering (A.1). */
    public static final int MAX_MISORDER = 100;

    private static final int SEQ_MOD = 1 << 16;

    private final long ssrc;

    private boolean initialized;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq;
    private long received;
    private long expectedPrior;
    private long receivedPrior;

    private long arrivalBaseNanos;
    private int lastTransit;
    /** Jitter scaled by 16, as in the integer form of A.8. */
    private long jitterQ4;

    private long lastSenderReport;
    private long lastSenderReportArrivalNanos;

    private long packets;
    private long bytes;

    /** @param ssrc the incoming SSRC these statistics describe (the report block's subject) */
    public ReceiveStatistics(long ssrc) {
        this.ssrc = ssrc & 0xFFFFFFFFL;
    }

    /**
     * Accounts one received packet of the given payload size.
     *
     * @param arrivalNanos arrival on a monotonic clock (e.g. {@link System#nanoTime()})
     * @param clockRate the payload format's RTP clock rate in Hz
     * @return false if the packet was set aside as a possible restart (A.1 {@code bad_seq})
     */
    public boolean update(int sequenceNumber, long rtpTimestamp, long arrivalNanos, int clockRate, int payloadBytes) {
        int seq = sequenceNumber & 0xFFFF;
        packets++;
        bytes += payloadBytes;
        if (!initialized) {
            initialized = true;
            arrivalBaseNanos = arrivalNanos;
            restart(seq);
            lastTransit = transit(rtpTimestamp, arrivalNanos, clockRate);
            received++;
            return true;
        }
        int delta = (seq - maxSeq) & 0xFFFF;
        boolean restarted = false;
        if (delta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += SEQ_MOD; // wrapped
            }
            maxSeq = seq;
        } else if (delta <= SEQ_MOD - MAX_MISORDER) {
            if (seq != badSeq) {
                badSeq = (seq + 1) & 0xFFFF;
                return false;
            }
            restart(seq); // two sequential packets: the source restarted (A.1)
            restarted = true;
        }
        // else: duplicate or reordered packet, counted but not moving the maximum.
        received++;
        int transit = transit(rtpTimestamp, arrivalNanos, clockRate);
        if (restarted) {
            lastTransit = transit; // a restarted source's timestamps jump too; that is no jitter
        } else {
            updateJitter(transit);
        }
        return true;
    }

    /**
     * Accounts a received RTP packet (its payload bytes, without padding).
     *
     * @return false if the packet is malformed or was set aside as a possible restart
     */
    public boolean update(ByteBuf rtpPacket, long arrivalNanos, int clockRate) {
        int payloadLength = RtpPacket.payloadLength(rtpPacket);
        if (payloadLength < 0) {
            return false;
        }
        return update(RtpPacket.sequenceNumber(rtpPacket), RtpPacket.timestamp(rtpPacket), arrivalNanos,
                clockRate, payloadLength);
    }

    /**
     * Records a sender report from this source for LSR/DLSR (RFC 3550 §6.4.1).
     *
     * @param ntpMiddle32 the middle 32 bits of its NTP timestamp
     * @param arrivalNanos its arrival, on the clock later passed to {@link #writeReportBlock}
     */
    public void onSenderReport(long ntpMiddle32, long arrivalNanos) {
        lastSenderReport = ntpMiddle32 & 0xFFFFFFFFL;
        lastSenderReportArrivalNanos = arrivalNanos;
    }

    public long ssrc() {
        return ssrc;
    }

    /** Highest sequence number received, extended with the count of wraparounds; -1 before any. */
    public long extendedHighestSequence() {
        return initialized ? cycles + maxSeq : -1;
    }

    /** Packets expected minus packets received since the start (A.3); negative with duplicates. */
    public long cumulativeLost() {
        return initialized ? expected() - received : 0;
    }

    /** Fraction lost in 1/256 since the last report block written (A.3), without resetting it. */
    public int fractionLost() {
        if (!initialized) {
            return 0;
        }
        long expectedInterval = expected() - expectedPrior;
        long lostInterval = expectedInterval - (received - receivedPrior);
        return expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
    }

    /**
     * Packets the source sent since the last report block written: the span of sequence numbers
     * (A.3's expected interval), without resetting it. Each packet sent takes one number and silence
     * (DTX) takes none, so this counts what was sent, less any lost after the highest received.
     */
    public long expectedSinceReport() {
        return initialized ? expected() - expectedPrior : 0;
    }

    /** Packets received since the last report block written, duplicates included (A.3). */
    public long receivedSinceReport() {
        return initialized ? received - receivedPrior : 0;
    }

    /** Interarrival jitter in RTP timestamp units (A.8). */
    public long jitter() {
        return jitterQ4 >> 4;
    }

    /** Packets received, duplicates and set-aside packets included. */
    public long packets() {
        return packets;
    }

    /** Payload bytes received. */
    public long bytes() {
        return bytes;
    }

    /**
     * Appends this source's report block to the SR or RR that starts at {@code reportStart} in
     * {@code out} (see {@link ReceptionReport#write}) and starts a new fraction-lost interval.
     *
     * @param nowNanos the current time on the clock given to {@link #onSenderReport}
     * @return bytes written, or -1 (nothing written, interval kept) if nothing was received yet or
     *     the report cannot take another block
     */
    public int writeReportBlock(ByteBuf out, int reportStart, long nowNanos) {
        if (!initialized) {
            return -1;
        }
        long dlsr = lastSenderReport == 0 ? 0 : NtpTime.compactDuration(nowNanos - lastSenderReportArrivalNanos);
        long lost = cumulativeLost();
        int written = ReceptionReport.write(out, reportStart, ssrc, fractionLost(),
                (int) Math.clamp(lost, Integer.MIN_VALUE, Integer.MAX_VALUE),
                extendedHighestSequence(), jitter(), lastSenderReport, dlsr);
        if (written > 0) {
            expectedPrior = expected();
            receivedPrior = received;
        }
        return written;
    }

    private long expected() {
        return cycles + maxSeq - baseSeq + 1;
    }

    private void restart(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = SEQ_MOD + 1; // so that seq == badSeq is false
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
    }

    /** Relative transit time in timestamp units; only differences matter, so wrapping int is fine. */
    private int transit(long rtpTimestamp, long arrivalNanos, int clockRate) {
        return (int) (RtpClock.toTimestampUnits(arrivalNanos - arrivalBaseNanos, clockRate) - rtpTimestamp);
    }

    private void updateJitter(int transit) {
        long d = Math.abs((long) (transit - lastTransit));
        lastTransit = transit;
        jitterQ4 += d - ((jitterQ4 + 8) >> 4); // A.8, integer form with 4 fractional bits
    }
}
