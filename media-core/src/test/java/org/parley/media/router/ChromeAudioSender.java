package org.parley.media.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Writes Opus RTP packets the way Chrome sends a microphone track: 20 ms frames (960 ticks at
 * 48 kHz), and a one-byte header extension block (RFC 8285 §4.2) with audio level, abs-send-time,
 * transport-wide sequence number and mid, using the extmap ids of the fixture offers.
 *
 * <p>Payloads are deterministic per sequence number and vary in length, so a test can recompute
 * what it expects to see forwarded.
 */
final class ChromeAudioSender {

    static final int AUDIO_LEVEL_ID = 1;
    static final int ABS_SEND_TIME_ID = 2;
    static final int TRANSPORT_CC_ID = 3;
    static final int MID_ID = 4;
    static final int OPUS_PAYLOAD_TYPE = 111;
    static final int SAMPLES_PER_FRAME = 960;

    private final long ssrc;
    private final byte[] mid;
    private int sequence;
    private long timestamp;
    private int transportSequence;

    ChromeAudioSender(long ssrc, String mid, int firstSequence, long firstTimestamp) {
        this.ssrc = ssrc;
        this.mid = mid.getBytes(StandardCharsets.US_ASCII);
        this.sequence = firstSequence & 0xFFFF;
        this.timestamp = firstTimestamp & 0xFFFFFFFFL;
    }

    /** The next frame; advances the sequence number by one and the timestamp by one frame. */
    byte[] next() {
        byte[] packet = packet(sequence, timestamp);
        sequence = (sequence + 1) & 0xFFFF;
        timestamp = (timestamp + SAMPLES_PER_FRAME) & 0xFFFFFFFFL;
        return packet;
    }

    /** The sequence number {@link #next()} will use. */
    int nextSequence() {
        return sequence;
    }

    /** A packet with explicit numbering, e.g. a late one. */
    byte[] packet(int seq, long ts) {
        ByteBuf out = Unpooled.buffer(200);
        out.writeByte(0x90); // V=2, X=1
        out.writeByte(OPUS_PAYLOAD_TYPE);
        out.writeShort(seq);
        out.writeInt((int) ts);
        out.writeInt((int) ssrc);
        int elements = 2 + 4 + 3 + 1 + mid.length;
        int words = (elements + 3) / 4;
        out.writeShort(0xBEDE);
        out.writeShort(words);
        out.writeByte(AUDIO_LEVEL_ID << 4).writeByte(audioLevel(seq));
        out.writeByte(ABS_SEND_TIME_ID << 4 | 2).writeMedium(seq * 1311);
        out.writeByte(TRANSPORT_CC_ID << 4 | 1).writeShort(transportSequence++);
        out.writeByte(MID_ID << 4 | (mid.length - 1)).writeBytes(mid);
        out.writeZero(words * 4 - elements);
        out.writeBytes(payload(seq));
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    /** RFC 6464 §3: voice activity flag and -dBov level, different per packet. */
    static int audioLevel(int seq) {
        return 0x80 | (seq % 100);
    }

    /** An Opus-sized payload of 40..119 bytes whose content depends on the sequence number. */
    static byte[] payload(int seq) {
        byte[] payload = new byte[40 + seq % 80];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (seq * 31 + i * 7);
        }
        return payload;
    }
}
