package org.parley.media.srtp;

/**
 * The cryptographic transform of one direction, on a packet laid out in a byte array. Framing, index
 * estimation and replay protection are the caller's; this type only encrypts and authenticates.
 *
 * <p>Protect methods need {@link #rtpTagLength()} / {@link #rtcpTrailerLength()} bytes of room
 * after the packet. Not thread-safe: implementations keep per-call scratch state.
 */
sealed interface SrtpCipher permits AesCmHmacSha1Cipher, AesGcmCipher {

    /** Bytes protection appends to an RTP packet. */
    int rtpTagLength();

    /** Bytes protection appends to an RTCP packet: the E flag and SRTCP index word plus the tag. */
    int rtcpTrailerLength();

    /** Offset, from the start of a protected RTCP packet of {@code length} bytes, of its E|index word. */
    int rtcpIndexWordOffset(int length);

    /** Encrypts the payload of the RTP packet at {@code packet[offset, offset + length)} and writes the tag after it. */
    void protectRtp(byte[] packet, int offset, int headerLength, int length, int ssrc, long index);

    /**
     * Verifies and decrypts the SRTP packet at {@code packet[offset, offset + length)}, tag included.
     * Returns false, leaving the payload as it was, if the tag does not verify.
     */
    boolean unprotectRtp(byte[] packet, int offset, int headerLength, int length, int ssrc, long index);

    /**
     * Encrypts the RTCP packet at {@code packet[offset, offset + length)} after its first 8 bytes and
     * appends the E|index word and the tag.
     */
    void protectRtcp(byte[] packet, int offset, int length, int ssrc, int srtcpIndex);

    /**
     * Verifies the SRTCP packet at {@code packet[offset, offset + length)} and, if its E flag is set,
     * decrypts it. Returns false, leaving the packet as it was, if the tag does not verify.
     */
    boolean unprotectRtcp(byte[] packet, int offset, int length, int ssrc, int indexWord);

    /** The E flag of the E|SRTCP-index word (RFC 3711 §3.4). */
    int SRTCP_E_FLAG = 0x8000_0000;

    /** Length of the E|SRTCP-index word. */
    int SRTCP_INDEX_WORD_LENGTH = 4;

    /** The fixed RTCP header that stays in clear text: V/P/RC, PT, length, sender SSRC. */
    int RTCP_CLEAR_HEADER_LENGTH = 8;

    /** Creates the cipher for one direction. */
    static SrtpCipher create(SrtpProfile profile, SrtpSessionKeys keys) {
        return switch (profile) {
            case AES_CM_128_HMAC_SHA1_80 -> new AesCmHmacSha1Cipher(keys);
            case AEAD_AES_128_GCM -> new AesGcmCipher(keys);
        };
    }
}
