package org.parley.media.ice;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * The Binding request a controlling browser sends to the ICE-lite server (RFC 8445 §7.1.1): USERNAME
 * {@code serverUfrag:clientUfrag}, PRIORITY, USE-CANDIDATE, ICE-CONTROLLING, MESSAGE-INTEGRITY keyed with
 * the server's ice-pwd (RFC 8445 §7.2.2) and FINGERPRINT. For test peers made of plain sockets.
 */
public final class ControllingBindingRequest {

    /** A host candidate's priority (RFC 8445 §5.1.2.1): type preference 110, local preference 0x7F00, component 1. */
    private static final long HOST_PRIORITY = 0x6E7F00FFL;

    private ControllingBindingRequest() {
    }

    /** The request's bytes, its MESSAGE-INTEGRITY keyed with {@code integrityKey} (a wrong key makes a forged check). */
    public static byte[] encode(String serverUfrag, String clientUfrag, long tiebreaker, byte[] transactionId,
                                byte[] integrityKey) {
        ByteBuf encoded = StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, transactionId)
                .username(serverUfrag + ":" + clientUfrag)
                .priority(HOST_PRIORITY)
                .useCandidate()
                .iceControlling(tiebreaker)
                .build()
                .encode(UnpooledByteBufAllocator.DEFAULT, integrityKey);
        try {
            return ByteBufUtil.getBytes(encoded);
        } finally {
            encoded.release();
        }
    }

    /** {@link #encode} keyed with the server's ice-pwd as SDP carries it. */
    public static byte[] encode(String serverUfrag, String clientUfrag, long tiebreaker, byte[] transactionId,
                                String serverPassword) {
        return encode(serverUfrag, clientUfrag, tiebreaker, transactionId, serverPassword.getBytes(StandardCharsets.UTF_8));
    }
}
