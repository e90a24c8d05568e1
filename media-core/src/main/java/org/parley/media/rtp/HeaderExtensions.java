package org.parley.media.rtp;

import io.netty.buffer.ByteBuf;

/**
 * RTP header extension elements (RFC 8285) in the one-byte ({@code 0xBEDE}) and two-byte
 * ({@code 0x100X}) forms.
 *
 * <p>Like {@link RtpPacket}, the packet spans {@code readerIndex()..writerIndex()} of the buffer,
 * indexes returned here are absolute buffer indexes, and no method moves the reader or writer index
 * of a buffer it only reads. Nothing allocates; malformed input yields -1, never an exception.
 */
public final class HeaderExtensions {

    /** "defined by profile" value of the one-byte form (RFC 8285 §4.2). */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** "defined by profile" value of the two-byte form; the low 4 bits are "appbits" (RFC 8285 §4.3). */
    public static final int TWO_BYTE_PROFILE = 0x1000;

    private static final int ONE_BYTE_STOP_ID = 15;
    private static final int ONE_BYTE_MAX_ID = 14;
    private static final int ONE_BYTE_MAX_LENGTH = 16;

    private HeaderExtensions() {
    }

    /**
     * Absolute index of the data of the element with local identifier {@code id}, or -1 if the
     * packet is malformed, has no RFC 8285 extension block, or carries no such element.
     * Its length is {@link #length(ByteBuf, int)}.
     */
    public static int find(ByteBuf pkt, int id) {
        int block = blockIndex(pkt);
        if (block < 0 || id <= 0) {
            return -1;
        }
        boolean oneByte = isOneByte(pkt.getUnsignedShort(block));
        if (oneByte && id > ONE_BYTE_MAX_ID) {
            return -1;
        }
        int end = blockEnd(pkt, block);
        int i = nextElement(pkt, block + 4, end, oneByte);
        while (i < end) {
            int size = elementSize(pkt, i, end, oneByte);
            if (size < 0) {
                return -1;
            }
            if (elementId(pkt, i, oneByte) == id) {
                return i + (oneByte ? 1 : 2);
            }
            i = nextElement(pkt, i + size, end, oneByte);
        }
        return -1;
    }

    /** Length of the element data at {@code dataIndex} as returned by {@link #find}, or -1. */
    public static int length(ByteBuf pkt, int dataIndex) {
        int block = blockIndex(pkt);
        if (block < 0) {
            return -1;
        }
        boolean oneByte = isOneByte(pkt.getUnsignedShort(block));
        int headerIndex = dataIndex - (oneByte ? 1 : 2);
        int end = blockEnd(pkt, block);
        if (headerIndex < block + 4 || dataIndex > end) {
            return -1;
        }
        int length = oneByte ? (pkt.getByte(headerIndex) & 0x0F) + 1 : pkt.getUnsignedByte(dataIndex - 1);
        return dataIndex + length <= end ? length : -1;
    }

    /**
     * Writes the RTP packet in {@code src} to {@code dst} with every extension element's local id
     * {@code id} replaced by {@code idMap[id] & 0xFF}; a mapped id of 0 (or an id beyond the map)
     * drops the element. Used per consumer when the receiving peer negotiated other ids.
     *
     * <p>The result uses the one-byte form when every kept element fits it (id 1..14, 1..16 data
     * bytes), else the two-byte form; the block is zero-padded to 32 bits and removed (X bit cleared)
     * if nothing is kept. Payload and RTP padding are copied unchanged. A block with an extension
     * profile other than RFC 8285 is copied unchanged. {@code src} indexes are not moved; bytes are
     * appended at {@code dst.writerIndex()}. Neither buffer is released.
     *
     * @return bytes written, or -1 (nothing written) if {@code src} is malformed or {@code dst}
     *     cannot grow enough
     */
    public static int copyRemapped(ByteBuf src, ByteBuf dst, byte[] idMap) {
        if (!RtpPacket.isValid(src)) {
            return -1;
        }
        int headerLength = RtpPacket.headerLength(src);
        int start = src.readerIndex();
        int readable = src.readableBytes();
        int block = blockIndex(src);
        int profile = block < 0 ? 0 : src.getUnsignedShort(block);
        if (block < 0 || !(isOneByte(profile) || isTwoByte(profile))) {
            if (dst.maxWritableBytes() < readable) {
                return -1;
            }
            append(src, start, readable, dst);
            return readable;
        }
        boolean oneByteIn = isOneByte(profile);
        int end = blockEnd(src, block);

        // Pass 1: validate, and size the output so that nothing is written for bad input.
        int keptBytes = 0;
        int keptCount = 0;
        boolean fitsOneByte = true;
        int i = nextElement(src, block + 4, end, oneByteIn);
        while (i < end) {
            int size = elementSize(src, i, end, oneByteIn);
            if (size < 0) {
                return -1;
            }
            int dataLength = size - (oneByteIn ? 1 : 2);
            int newId = mappedId(idMap, elementId(src, i, oneByteIn));
            if (newId != 0) {
                keptCount++;
                keptBytes += dataLength;
                fitsOneByte &= newId <= ONE_BYTE_MAX_ID && dataLength >= 1 && dataLength <= ONE_BYTE_MAX_LENGTH;
            }
            i = nextElement(src, i + size, end, oneByteIn);
        }
        int elementsLength = keptBytes + keptCount * (fitsOneByte ? 1 : 2);
        int blockLength = keptCount == 0 ? 0 : 4 + ((elementsLength + 3) & ~3);
        int fixedAndCsrc = block - start;
        int tail = readable - headerLength;
        int total = fixedAndCsrc + blockLength + tail;
        if (dst.maxWritableBytes() < total) {
            return -1;
        }

        // Pass 2: write.
        int out = dst.writerIndex();
        append(src, start, fixedAndCsrc, dst);
        if (keptCount == 0) {
            dst.setByte(out, dst.getByte(out) & ~0x10);
        } else {
            int outProfile = fitsOneByte ? ONE_BYTE_PROFILE : TWO_BYTE_PROFILE | (oneByteIn ? 0 : profile & 0x0F);
            dst.writeShort(outProfile);
            dst.writeShort((blockLength - 4) / 4);
            // Pass 1 validated every element, so elementSize cannot fail here.
            i = nextElement(src, block + 4, end, oneByteIn);
            while (i < end) {
                int size = elementSize(src, i, end, oneByteIn);
                int dataIndex = i + (oneByteIn ? 1 : 2);
                int dataLength = size - (oneByteIn ? 1 : 2);
                int newId = mappedId(idMap, elementId(src, i, oneByteIn));
                if (newId != 0) {
                    if (fitsOneByte) {
                        dst.writeByte(newId << 4 | (dataLength - 1));
                    } else {
                        dst.writeByte(newId);
                        dst.writeByte(dataLength);
                    }
                    append(src, dataIndex, dataLength, dst);
                }
                i = nextElement(src, i + size, end, oneByteIn);
            }
            dst.writeZero(blockLength - 4 - elementsLength);
        }
        append(src, start + headerLength, tail, dst);
        return dst.writerIndex() - out;
    }

    /**
     * Appends {@code src[index, index + length)} to {@code dst}, through the source's cached NIO view
     * when it has one: without Unsafe (Netty's default on Java 25) {@code dst.writeBytes(src, ...)}
     * between two direct buffers slices and duplicates NIO buffers, an allocation per call.
     */
    private static void append(ByteBuf src, int index, int length, ByteBuf dst) {
        if (src.nioBufferCount() == 1) {
            dst.writeBytes(src.internalNioBuffer(index, length));
        } else {
            dst.writeBytes(src, index, length);
        }
    }

    /** Absolute index of the extension block's profile field, or -1 if absent or malformed. */
    static int blockIndex(ByteBuf pkt) {
        if (!RtpPacket.isValid(pkt) || !RtpPacket.hasExtension(pkt)) {
            return -1;
        }
        return pkt.readerIndex() + RtpPacket.FIXED_HEADER_LENGTH + 4 * RtpPacket.csrcCount(pkt);
    }

    private static int blockEnd(ByteBuf pkt, int block) {
        return block + 4 + 4 * pkt.getUnsignedShort(block + 2);
    }

    private static boolean isOneByte(int profile) {
        return profile == ONE_BYTE_PROFILE;
    }

    private static boolean isTwoByte(int profile) {
        return (profile & 0xFFF0) == TWO_BYTE_PROFILE;
    }

    /**
     * Index of the first element header at or after {@code i}, skipping padding bytes (id 0, RFC 8285
     * §4.2, §4.3); {@code end} if none is left, including after a one-byte element with id 15, which
     * stops parsing (RFC 8285 §4.2).
     */
    private static int nextElement(ByteBuf pkt, int i, int end, boolean oneByte) {
        for (; i < end; i++) {
            int id = elementId(pkt, i, oneByte);
            if (id != 0) {
                return oneByte && id == ONE_BYTE_STOP_ID ? end : i;
            }
        }
        return end;
    }

    private static int elementId(ByteBuf pkt, int i, boolean oneByte) {
        return pkt.getUnsignedByte(i) >> (oneByte ? 4 : 0);
    }

    /** Header plus data size of the (non-padding) element at {@code i}, or -1 if it overruns. */
    private static int elementSize(ByteBuf pkt, int i, int end, boolean oneByte) {
        int size;
        if (oneByte) {
            size = 1 + (pkt.getByte(i) & 0x0F) + 1;
        } else {
            if (i + 2 > end) {
                return -1;
            }
            size = 2 + pkt.getUnsignedByte(i + 1);
        }
        return i + size <= end ? size : -1;
    }

    private static int mappedId(byte[] idMap, int id) {
        return id < idMap.length ? idMap[id] & 0xFF : 0;
    }
}
