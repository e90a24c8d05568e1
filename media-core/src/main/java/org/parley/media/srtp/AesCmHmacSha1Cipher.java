package org.parley.media.srtp;

/**
 * AES_CM_128_HMAC_SHA1_80: AES-128 Counter Mode encryption (RFC 3711 §4.1.1) and HMAC-SHA1
 * authentication truncated to 80 bits (§4.2.1). All JCA objects are initialised once; a packet
 * allocates nothing.
 */
final class AesCmHmacSha1Cipher extends SrtpCipher {
    /** n_tag = 80 bits (RFC 3711 §5.2). */
    static final int TAG_LENGTH = 10;

    private final AesCounterMode rtpKeystream;
    private final AesCounterMode rtcpKeystream;
    private final HmacSha1 rtpMac;
    private final HmacSha1 rtcpMac;
    private final byte[] iv = new byte[AesCounterMode.BLOCK];
    private final byte[] rocBytes = new byte[4];
    private final byte[] digest = new byte[HmacSha1.LENGTH];

    AesCmHmacSha1Cipher(SrtpSessionKeys keys) {
        super(keys, TAG_LENGTH);
        rtpKeystream = new AesCounterMode(keys.rtpEncryptionKey());
        rtcpKeystream = new AesCounterMode(keys.rtcpEncryptionKey());
        rtpMac = new HmacSha1(keys.rtpAuthenticationKey());
        rtcpMac = new HmacSha1(keys.rtcpAuthenticationKey());
    }

    @Override
    int rtcpIndexWordOffset(int length) {
        // RFC 3711 §3.4: ... encrypted portion | E | SRTCP index | MKI | authentication tag
        return length - TAG_LENGTH - SRTCP_INDEX_WORD_LENGTH;
    }

    @Override
    void protectRtp(byte[] packet, int offset, int headerLength, int length, int ssrc, long index) {
        setIv(rtpSalt, ssrc, index);
        rtpKeystream.apply(iv, packet, offset + headerLength, length - headerLength);
        // RFC 3711 §4.2: the authenticated portion is header and encrypted payload, followed by the ROC.
        authenticate(rtpMac, packet, offset, length, (int) (index >>> 16));
        System.arraycopy(digest, 0, packet, offset + length, TAG_LENGTH);
    }

    @Override
    boolean unprotectRtp(byte[] packet, int offset, int headerLength, int length, int ssrc, long index) {
        int authenticatedLength = length - TAG_LENGTH;
        authenticate(rtpMac, packet, offset, authenticatedLength, (int) (index >>> 16));
        if (!tagMatches(packet, offset + authenticatedLength)) {
            return false;
        }
        setIv(rtpSalt, ssrc, index);
        rtpKeystream.apply(iv, packet, offset + headerLength, authenticatedLength - headerLength);
        return true;
    }

    @Override
    void protectRtcp(byte[] packet, int offset, int length, int ssrc, int srtcpIndex) {
        setIv(rtcpSalt, ssrc, srtcpIndex);
        rtcpKeystream.apply(iv, packet, offset + RTCP_CLEAR_HEADER_LENGTH, length - RTCP_CLEAR_HEADER_LENGTH);
        BigEndian.setInt(packet, offset + length, SRTCP_E_FLAG | srtcpIndex);
        int authenticatedLength = length + SRTCP_INDEX_WORD_LENGTH;
        authenticate(rtcpMac, packet, offset, authenticatedLength);
        System.arraycopy(digest, 0, packet, offset + authenticatedLength, TAG_LENGTH);
    }

    @Override
    boolean unprotectRtcp(byte[] packet, int offset, int length, int ssrc, int indexWord) {
        int authenticatedLength = length - TAG_LENGTH;
        authenticate(rtcpMac, packet, offset, authenticatedLength);
        if (!tagMatches(packet, offset + authenticatedLength)) {
            return false;
        }
        if ((indexWord & SRTCP_E_FLAG) != 0) {
            setIv(rtcpSalt, ssrc, indexWord & ~SRTCP_E_FLAG);
            int end = authenticatedLength - SRTCP_INDEX_WORD_LENGTH;
            rtcpKeystream.apply(iv, packet, offset + RTCP_CLEAR_HEADER_LENGTH, end - RTCP_CLEAR_HEADER_LENGTH);
        }
        return true;
    }

    /** IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16) (RFC 3711 §4.1.1). */
    private void setIv(byte[] salt, int ssrc, long index) {
        System.arraycopy(salt, 0, iv, 0, salt.length);
        iv[4] ^= (byte) (ssrc >>> 24);
        iv[5] ^= (byte) (ssrc >>> 16);
        iv[6] ^= (byte) (ssrc >>> 8);
        iv[7] ^= (byte) ssrc;
        for (int i = 0; i < 6; i++) {
            iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
        }
    }

    private void authenticate(HmacSha1 mac, byte[] packet, int offset, int length, int roc) {
        mac.update(packet, offset, length);
        BigEndian.setInt(rocBytes, 0, roc);
        mac.update(rocBytes, 0, rocBytes.length);
        mac.doFinal(digest, 0);
    }

    private void authenticate(HmacSha1 mac, byte[] packet, int offset, int length) {
        mac.update(packet, offset, length);
        mac.doFinal(digest, 0);
    }

    /** Constant-time comparison of the received tag with the first bytes of the computed digest. */
    private boolean tagMatches(byte[] packet, int tagOffset) {
        int difference = 0;
        for (int i = 0; i < TAG_LENGTH; i++) {
            difference |= packet[tagOffset + i] ^ digest[i];
        }
        return difference == 0;
    }
}
