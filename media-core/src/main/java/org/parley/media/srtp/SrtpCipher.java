package org.parley.media.srtp;

/**
 * The cryptographic transform of one direction, on a packet laid out in a byte array. Framing, index
 * estimation and replay protection are the caller's; this type only encrypts and authenticates.
 *
 * <p>Both profiles append a tag of a fixed length to SRTP and the E|index word plus that tag to
 * SRTCP (RFC 3711 §3.4, RFC 7714 §9), and both mix a per-direction session salt into the IV
 * (RFC 3711 §4.1.1, RFC 7714 §8.1); this base holds those, the subclasses the transforms.
 *
 * <p>Protect methods need {@link #rtpTagLength()} / {@link #rtcpTrailerLength()} bytes of room
 * after the packet. Not thread-safe: implementations keep per-call scratch state.
 */
abstract sealed class SrtpCipher permits AesCmHmacSha1Cipher, AesGcmCipher {

    /** The E flag of the E|SRTCP-index word (RFC 3711 §3.4). */
    static final int SRTCP_E_FLAG = 0x8000_0000;

    /** Length of the E|SRTCP-index word. */
    static final int SRTCP_INDEX_WORD_LENGTH = 4;

    /** The fixed RTCP header that stays in clear text: V/P/RC, PT, length, sender SSRC. */
    static final int RTCP_CLEAR_HEADER_LENGTH = 8;

    /** The SRTP and SRTCP session salts k_s (RFC 3711 §4.3.1); copies no caller can change. */
    final byte[] rtpSalt;
    final byte[] rtcpSalt;
    private final int tagLength;

    SrtpCipher(SrtpSessionKeys keys, int tagLength) {
        this.rtpSalt = keys.rtpSalt().clone();
        this.rtcpSalt = keys.rtcpSalt().clone();
        this.tagLength = tagLength;
    }

    /** Creates the cipher for one direction. */
    static SrtpCipher create(SrtpProfile profile, SrtpSessionKeys keys) {
        return switch (profile) {
            case AES_CM_128_HMAC_SHA1_80 -> new AesCmHmacSha1Cipher(keys);
            case AEAD_AES_128_GCM -> new AesGcmCipher(keys);
        };
    }

    /** Bytes protection appends to an RTP packet. */
    final int rtpTagLength() {
        return tagLength;
    }

    /** Bytes protection appends to an RTCP packet: the E flag and SRTCP index word plus the tag. */
    final int rtcpTrailerLength() {
        return SRTCP_INDEX_WORD_LENGTH + tagLength;
    }

    /** Offset, from the start of a protected RTCP packet of {@code length} bytes, of its E|index word. */
    abstract int rtcpIndexWordOffset(int length);

    /** Encrypts the payload of the RTP packet at {@code packet[offset, offset + length)} and writes the tag after it. */
    abstract void protectRtp(byte[] packet, int offset, int headerLength, int length, int ssrc, long index);

    /**
     * Verifies and decrypts the SRTP packet at {@code packet[offset, offset + length)}, tag included.
     * Returns false, leaving the payload as it was, if the tag does not verify.
     */
    abstract boolean unprotectRtp(byte[] packet, int offset, int headerLength, int length, int ssrc, long index);

    /**
     * Encrypts the RTCP packet at {@code packet[offset, offset + length)} after its first 8 bytes and
     * appends the E|index word and the tag.
     */
    abstract void protectRtcp(byte[] packet, int offset, int length, int ssrc, int srtcpIndex);

    /**
     * Verifies the SRTCP packet at {@code packet[offset, offset + length)} and, if its E flag is set,
     * decrypts it. Returns false, leaving the packet as it was, if the tag does not verify.
     */
    abstract boolean unprotectRtcp(byte[] packet, int offset, int length, int ssrc, int indexWord);
}
