package org.parley.media.srtp;

import io.netty.buffer.ByteBuf;

/**
 * The receiving half of an SRTP cryptographic context (RFC 3711 §3.2): the cipher with the peer's
 * session keys and, per SSRC received, the rollover counter, highest sequence number and replay
 * windows. A stream's state is created only once its first packet has authenticated, so forged
 * packets cannot fill the SSRC table. Not thread-safe.
 */
final class InboundSrtpContext {
    private final SrtpCipher cipher;
    private final SsrcTable<SrtpStream> rtpStreams;
    private final SsrcTable<SrtcpStream> rtcpStreams;
    private final PacketArray packet = new PacketArray();

    InboundSrtpContext(SrtpCipher cipher, int maxSsrcs) {
        this.cipher = cipher;
        this.rtpStreams = new SsrcTable<>(maxSsrcs);
        this.rtcpStreams = new SsrcTable<>(maxSsrcs);
    }

    /** RFC 3711 §3.3: estimate the index, check replay, authenticate, decrypt, then update state. */
    SrtpResult unprotectRtp(ByteBuf buf) {
        if (buf.isReadOnly()) {
            return SrtpResult.NOT_WRITABLE;
        }
        int index = buf.readerIndex();
        int length = buf.readableBytes();
        int headerLength = PacketHeaders.rtpHeaderLength(buf, index, length);
        int tagLength = cipher.rtpTagLength();
        if (headerLength < 0 || length - tagLength < headerLength) {
            return SrtpResult.MALFORMED;
        }
        int ssrc = buf.getInt(index + PacketHeaders.RTP_SSRC_OFFSET);
        int seq = buf.getUnsignedShort(index + PacketHeaders.RTP_SEQUENCE_OFFSET);
        SrtpStream stream = rtpStreams.get(ssrc);
        long packetIndex;
        if (stream == null) {
            if (rtpStreams.isFull()) {
                return SrtpResult.SSRC_LIMIT_REACHED;
            }
            packetIndex = seq; // a new stream starts with ROC 0 (§3.3.1)
        } else {
            packetIndex = stream.estimateIndex(seq);
            if (packetIndex < 0 || stream.isReplayed(packetIndex)) {
                return SrtpResult.REPLAYED;
            }
        }
        packet.open(buf, index, length, 0);
        if (!cipher.unprotectRtp(packet.array, packet.offset, headerLength, length, ssrc, packetIndex)) {
            packet.close(buf, index, 0);
            return SrtpResult.AUTH_FAILED;
        }
        packet.close(buf, index, length - tagLength);
        if (stream == null) {
            stream = new SrtpStream(seq);
            rtpStreams.put(ssrc, stream);
        }
        stream.accept(packetIndex);
        buf.writerIndex(buf.writerIndex() - tagLength);
        return SrtpResult.OK;
    }

    /** RFC 3711 §3.4: read E|SRTCP index, check replay, authenticate, decrypt if E is set. */
    SrtpResult unprotectRtcp(ByteBuf buf) {
        if (buf.isReadOnly()) {
            return SrtpResult.NOT_WRITABLE;
        }
        int index = buf.readerIndex();
        int length = buf.readableBytes();
        int trailerLength = cipher.rtcpTrailerLength();
        if (!PacketHeaders.isRtcp(buf, index, length)
            || length < SrtpCipher.RTCP_CLEAR_HEADER_LENGTH + trailerLength) {
            return SrtpResult.MALFORMED;
        }
        int ssrc = buf.getInt(index + PacketHeaders.RTCP_SSRC_OFFSET);
        int indexWord = buf.getInt(index + cipher.rtcpIndexWordOffset(length));
        int srtcpIndex = indexWord & SrtcpStream.MAX_INDEX;
        SrtcpStream stream = rtcpStreams.get(ssrc);
        if (stream == null) {
            if (rtcpStreams.isFull()) {
                return SrtpResult.SSRC_LIMIT_REACHED;
            }
        } else if (stream.isReplayed(srtcpIndex)) {
            return SrtpResult.REPLAYED;
        }
        packet.open(buf, index, length, 0);
        if (!cipher.unprotectRtcp(packet.array, packet.offset, length, ssrc, indexWord)) {
            packet.close(buf, index, 0);
            return SrtpResult.AUTH_FAILED;
        }
        packet.close(buf, index, length - trailerLength);
        if (stream == null) {
            stream = new SrtcpStream();
            rtcpStreams.put(ssrc, stream);
        }
        stream.accept(srtcpIndex);
        buf.writerIndex(buf.writerIndex() - trailerLength);
        return SrtpResult.OK;
    }
}
