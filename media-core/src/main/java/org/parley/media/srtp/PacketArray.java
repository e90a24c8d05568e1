package org.parley.media.srtp;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * Presents a packet in a {@link ByteBuf} as a region of a {@code byte[]}, which is what the JCA
 * ciphers take without copying or allocating: the buffer's own backing array when it has one,
 * otherwise (direct or composite buffers) a scratch array the packet is copied into and back from.
 *
 * <p>The JCA's {@code ByteBuffer} entry points copy direct memory through temporary arrays they
 * allocate; two copies of an MTU-sized packet into a reused array are cheap and allocate nothing.
 * The scratch array is created on first use and grows, rarely, to the largest packet seen.
 * Not thread-safe.
 */
final class PacketArray {
    private static final byte[] EMPTY = new byte[0];
    private static final int MIN_SCRATCH = 2048;

    private byte[] scratch = EMPTY;
    private boolean copied;
    /** The array holding the packet after {@link #open}. */
    byte[] array;
    /** Offset of the packet's first byte in {@link #array}. */
    int offset;

    /**
     * Makes {@code buf[index, index + length)} available in {@link #array} with {@code room} writable
     * bytes after it; the buffer must already have that capacity.
     */
    void open(ByteBuf buf, int index, int length, int room) {
        if (buf.hasArray()) {
            array = buf.array();
            offset = buf.arrayOffset() + index;
            copied = false;
        } else {
            int needed = length + room;
            if (scratch.length < needed) {
                scratch = new byte[Math.max(needed, MIN_SCRATCH)];
            }
            if (buf.nioBufferCount() == 1) {
                // Absolute bulk get on Netty's cached NIO view; ByteBuf.getBytes on a pooled direct
                // buffer duplicates its ByteBuffer (an allocation) when Unsafe is unavailable.
                ByteBuffer nio = buf.internalNioBuffer(index, length);
                nio.get(nio.position(), scratch, 0, length);
            } else {
                buf.getBytes(index, scratch, 0, length);
            }
            array = scratch;
            offset = 0;
            copied = true;
        }
    }

    /** Makes the first {@code length} bytes of the transformed packet visible in the buffer. */
    void close(ByteBuf buf, int index, int length) {
        if (copied && length > 0) {
            if (buf.nioBufferCount() == 1) {
                ByteBuffer nio = buf.internalNioBuffer(index, length);
                nio.put(nio.position(), scratch, 0, length);
            } else {
                buf.setBytes(index, scratch, 0, length);
            }
        }
        array = null;
    }
}
