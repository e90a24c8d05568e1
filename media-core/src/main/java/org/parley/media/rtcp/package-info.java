/**
 * RTCP (RFC 3550 §6) and its feedback messages (RFC 4585, RFC 5104, REMB, transport-cc):
 * {@link org.parley.media.rtcp.RtcpPacket} walks a compound packet, one class per packet type
 * reads it by the absolute index of its first byte and writes it with a static {@code write}
 * method, and {@link org.parley.media.rtcp.RttEstimator} turns report blocks into round-trip times.
 *
 * <p>Buffer rules: readers use absolute indexes bounded by {@code writerIndex()}, never move the
 * reader or writer index, and never throw on garbage (they return -1/false). Writers append at
 * {@code writerIndex()} and return the bytes written. No class retains or releases a buffer.
 * Visitors ({@link java.util.function.IntConsumer}, {@link org.parley.media.rtcp.TransportCc.PacketVisitor})
 * take primitives, so iteration does not box.
 */
package org.parley.media.rtcp;
