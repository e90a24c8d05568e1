package org.parley.media.srtp;

import io.netty.buffer.ByteBuf;

/**
 * The sending half of an SRTP cryptographic context (RFC 3711 §3.2): the cipher with this side's
 * session keys and, per SSRC sent, the rollover counter, the indices already used and the SRTCP
 * index. Not thread-safe.
 */
final class OutboundSrtpContext {
    private final SrtpCipher cipher;
    private final SsrcTable<SrtpStream> rtpStreams;
    private final SsrcTable<SrtcpStream> rtcpStreams;
    private final PacketArray packet = new PacketArray();

    OutboundSrtpContext(SrtpCipher cipher, int maxSsrcs) {
        this.cipher = cipher;
        this.rtpStreams = new SsrcTable<>(maxSsrcs);
        this.rtcpStreams = new SsrcTable<>(maxSsrcs);
    }

    /**
     * RFC 3711 §3.3: encrypt the payload, then append the authentication tag.
     *
     * @param repeat whether an index already sent may be sent again: only for a retransmission that
     *               is byte-identical to the first transmission, which yields the identical ciphertext
     *               and so reveals nothing (libsrtp calls this allow_repeat_tx)
     */
    SrtpResult protectRtp(ByteBuf buf, boolean repeat) {
        int index = buf.readerIndex();
        int length = buf.readableBytes();
        int headerLength = PacketHeaders.rtpHeaderLength(buf, index, length);
        if (headerLength < 0) {
            return SrtpResult.MALFORMED;
        }
        int tagLength = cipher.rtpTagLength();
        if (!makeRoom(buf, tagLength)) {
            return SrtpResult.NOT_WRITABLE;
        }
        int ssrc = buf.getInt(index + PacketHeaders.RTP_SSRC_OFFSET);
        int seq = buf.getUnsignedShort(index + PacketHeaders.RTP_SEQUENCE_OFFSET);
        SrtpStream stream = rtpStreams.get(ssrc);
        if (stream == null) {
            if (rtpStreams.isFull()) {
                return SrtpResult.SSRC_LIMIT_REACHED;
            }
            stream = new SrtpStream(seq);
            rtpStreams.put(ssrc, stream);
        }
        // A sender knows its ROC, but estimating it like a receiver (§3.3.1) also places a late
        // packet in the right rollover period. An index is never encrypted twice: that would reuse
        // the keystream (RFC 3711 §9.1) and, for AES-GCM, the IV, which gives away the
        // authentication key (RFC 7714 §8.1).
        long packetIndex = stream.estimateIndex(seq);
        if (packetIndex < 0 || (!repeat && stream.isReplayed(packetIndex))) {
            return SrtpResult.REFUSED;
        }
        packet.open(buf, index, length, tagLength);
        cipher.protectRtp(packet.array, packet.offset, headerLength, length, ssrc, packetIndex);
        packet.close(buf, index, length + tagLength);
        stream.accept(packetIndex);
        buf.writerIndex(buf.writerIndex() + tagLength);
        return SrtpResult.OK;
    }

    /** RFC 3711 §3.4: encrypt after the first 8 bytes, append E|SRTCP index and the tag. */
    SrtpResult protectRtcp(ByteBuf buf) {
        int index = buf.readerIndex();
        int length = buf.readableBytes();
        if (!PacketHeaders.isRtcp(buf, index, length)) {
            return SrtpResult.MALFORMED;
        }
        int trailerLength = cipher.rtcpTrailerLength();
        if (!makeRoom(buf, trailerLength)) {
            return SrtpResult.NOT_WRITABLE;
        }
        int ssrc = buf.getInt(index + PacketHeaders.RTCP_SSRC_OFFSET);
        SrtcpStream stream = rtcpStreams.get(ssrc);
        if (stream == null) {
            if (rtcpStreams.isFull()) {
                return SrtpResult.SSRC_LIMIT_REACHED;
            }
            stream = new SrtcpStream();
            rtcpStreams.put(ssrc, stream);
        }
        packet.open(buf, index, length, trailerLength);
        cipher.protectRtcp(packet.array, packet.offset, length, ssrc, stream.nextIndex());
        packet.close(buf, index, length + trailerLength);
        buf.writerIndex(buf.writerIndex() + trailerLength);
        return SrtpResult.OK;
    }

    private static boolean makeRoom(ByteBuf buf, int bytes) {
        if (buf.isReadOnly()) {
            return false;
        }
        int outcome = buf.ensureWritable(bytes, false);
        return outcome == 0 || outcome == 2; // 1 and 3: the buffer cannot grow enough
    }
}
