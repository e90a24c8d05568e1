package org.parley.media.router;

import io.netty.buffer.ByteBuf;

/**
 * Sees the packets of one {@link Producer} before they are forwarded, e.g. to feed a publisher's
 * voice to the interpretation mixer.
 *
 * <p>Called on the media event loop for each packet: implementations must not block. The packet is
 * decrypted; the caller keeps ownership, so an implementation must neither release it nor change its
 * indices, and copies what it keeps.
 */
@FunctionalInterface
public interface RtpTap {

    void onRtp(Producer producer, ByteBuf packet, long nowNanos);
}
