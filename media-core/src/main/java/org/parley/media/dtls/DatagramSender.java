package org.parley.media.dtls;

/**
 * Sends one DTLS record datagram to the remote peer on behalf of a {@link DtlsTransport}.
 *
 * <p>Called from the handshake executor's thread. The array is only valid for the duration of the call: the
 * implementation copies {@code data[offset, offset + length)} into its own packet before returning. It may throw an
 * unchecked exception when the datagram cannot be sent (e.g. the peer is gone): that fails the association, or is
 * ignored if the datagram was our answer to the peer's close_notify.
 */
@FunctionalInterface
public interface DatagramSender {

    void send(byte[] data, int offset, int length);
}
