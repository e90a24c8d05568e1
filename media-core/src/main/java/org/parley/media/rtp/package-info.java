/**
 * RTP (RFC 3550) for the SFU's per-packet path: {@link org.parley.media.rtp.RtpPacket} and
 * {@link org.parley.media.rtp.HeaderExtensions} are static flyweight accessors over Netty
 * {@link io.netty.buffer.ByteBuf}s, the typed extension helpers read and patch RFC 8285 elements
 * in place, {@link org.parley.media.rtp.ReceiveStatistics} and
 * {@link org.parley.media.rtp.SendStatistics} keep the numbers RTCP reports, and
 * {@link org.parley.media.rtp.RetransmissionBuffer} answers NACKs.
 *
 * <p>Buffer rules: a packet spans {@code readerIndex()..writerIndex()}; readers use absolute
 * indexes and never move either index; nothing here retains or releases a caller's buffer (the
 * retransmission buffer copies). Writers append at {@code writerIndex()}. Nothing on the
 * per-packet path allocates, and malformed input yields -1/false, never an exception.
 */
package org.parley.media.rtp;
