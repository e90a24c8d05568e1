package org.parley.media.rtp;

import io.netty.buffer.ByteBuf;

/**
 * The client-to-mixer audio level header extension (RFC 6464 §3): one byte holding a voice
 * activity flag and the level in -dBov (0 = loudest, 127 = silence).
 *
 * <p>Reads return the raw byte so that a single lookup yields both fields; decode it with
 * {@link #isVoice(int)} and {@link #level(int)}. Buffer rules are those of {@link HeaderExtensions}.
 */
public final class AudioLevel {

    private AudioLevel() {
    }

    /** The raw extension byte (0..255), or -1 if the packet carries no such element. */
    public static int read(ByteBuf pkt, int id) {
        int index = HeaderExtensions.find(pkt, id);
        return index < 0 || HeaderExtensions.length(pkt, index) < 1 ? -1 : pkt.getUnsignedByte(index);
    }

    /** The V bit of a raw value from {@link #read}. */
    public static boolean isVoice(int raw) {
        return (raw & 0x80) != 0;
    }

    /** The level in -dBov (0..127) of a raw value from {@link #read}. */
    public static int level(int raw) {
        return raw & 0x7F;
    }

    /** Overwrites an existing element in place; false if the packet has none. */
    public static boolean write(ByteBuf pkt, int id, boolean voice, int level) {
        int index = HeaderExtensions.find(pkt, id);
        if (index < 0 || HeaderExtensions.length(pkt, index) < 1) {
            return false;
        }
        pkt.setByte(index, (voice ? 0x80 : 0) | Math.clamp(level, 0, 127));
        return true;
    }
}
