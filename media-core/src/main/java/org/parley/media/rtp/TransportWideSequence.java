package org.parley.media.rtp;

import io.netty.buffer.ByteBuf;

/**
 * The transport-wide sequence number header extension
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2): a 16-bit counter over all packets of
 * a transport, which transport-cc feedback refers to. Buffer rules are those of {@link HeaderExtensions}.
 */
public final class TransportWideSequence {

    /** Length of the element data. */
    public static final int LENGTH = 2;

    private TransportWideSequence() {
    }

    /** The sequence number (0..65535), or -1 if the packet carries no such element. */
    public static int read(ByteBuf pkt, int id) {
        int index = HeaderExtensions.find(pkt, id);
        return index < 0 || HeaderExtensions.length(pkt, index) != LENGTH ? -1 : pkt.getUnsignedShort(index);
    }

    /** Overwrites an existing element in place; false if the packet has none. */
    public static boolean write(ByteBuf pkt, int id, int sequenceNumber) {
        int index = HeaderExtensions.find(pkt, id);
        if (index < 0 || HeaderExtensions.length(pkt, index) != LENGTH) {
            return false;
        }
        pkt.setShort(index, sequenceNumber);
        return true;
    }
}
