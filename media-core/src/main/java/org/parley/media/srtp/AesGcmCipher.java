package org.parley.media.srtp;

/**
 * AEAD_AES_128_GCM (RFC 7714): AES-128-GCM with a 16-byte tag and the clear-text header as
 * associated data, on {@link AesGcm}, which allocates nothing per packet.
 */
final class AesGcmCipher extends SrtpCipher {
    /** RFC 7714 §12: AEAD_AES_128_GCM has a 16-octet authentication tag. */
    static final int TAG_LENGTH = AesGcm.TAG_LENGTH;

    private final AesGcm rtpGcm;
    private final AesGcm rtcpGcm;
    private final byte[] iv = new byte[AesGcm.IV_LENGTH];
    private final byte[] indexWord = new byte[SRTCP_INDEX_WORD_LENGTH];

    AesGcmCipher(SrtpSessionKeys keys) {
        super(keys, TAG_LENGTH);
        rtpGcm = new AesGcm(keys.rtpEncryptionKey());
        rtcpGcm = new AesGcm(keys.rtcpEncryptionKey());
    }

    @Override
    int rtcpIndexWordOffset(int length) {
        // RFC 7714 §9: ... ciphertext | authentication tag | E | SRTCP index
        return length - SRTCP_INDEX_WORD_LENGTH;
    }

    @Override
    void protectRtp(byte[] packet, int offset, int headerLength, int length, int ssrc, long index) {
        setRtpIv(ssrc, index);
        rtpGcm.start(iv);
        // RFC 7714 §8.2: the associated data is the RTP header, CSRCs and extension included.
        rtpGcm.updateAad(packet, offset, headerLength);
        rtpGcm.seal(packet, offset + headerLength, length - headerLength);
    }

    @Override
    boolean unprotectRtp(byte[] packet, int offset, int headerLength, int length, int ssrc, long index) {
        setRtpIv(ssrc, index);
        rtpGcm.start(iv);
        rtpGcm.updateAad(packet, offset, headerLength);
        return rtpGcm.open(packet, offset + headerLength, length - headerLength - TAG_LENGTH);
    }

    @Override
    void protectRtcp(byte[] packet, int offset, int length, int ssrc, int srtcpIndex) {
        int word = SRTCP_E_FLAG | srtcpIndex;
        setRtcpIv(ssrc, srtcpIndex);
        BigEndian.setInt(indexWord, 0, word);
        rtcpGcm.start(iv);
        // RFC 7714 §9.2: associated data is the first 8 octets and the E|SRTCP index word.
        rtcpGcm.updateAad(packet, offset, RTCP_CLEAR_HEADER_LENGTH);
        rtcpGcm.updateAad(indexWord, 0, SRTCP_INDEX_WORD_LENGTH);
        rtcpGcm.seal(packet, offset + RTCP_CLEAR_HEADER_LENGTH, length - RTCP_CLEAR_HEADER_LENGTH);
        BigEndian.setInt(packet, offset + length + TAG_LENGTH, word);
    }

    @Override
    boolean unprotectRtcp(byte[] packet, int offset, int length, int ssrc, int word) {
        setRtcpIv(ssrc, word & ~SRTCP_E_FLAG);
        BigEndian.setInt(indexWord, 0, word);
        int tagOffset = length - SRTCP_INDEX_WORD_LENGTH - TAG_LENGTH;
        rtcpGcm.start(iv);
        if ((word & SRTCP_E_FLAG) != 0) {
            rtcpGcm.updateAad(packet, offset, RTCP_CLEAR_HEADER_LENGTH);
            rtcpGcm.updateAad(indexWord, 0, SRTCP_INDEX_WORD_LENGTH);
            return rtcpGcm.open(packet, offset + RTCP_CLEAR_HEADER_LENGTH, tagOffset - RTCP_CLEAR_HEADER_LENGTH);
        }
        // RFC 7714 §9.3: unencrypted SRTCP authenticates the whole packet as associated data.
        rtcpGcm.updateAad(packet, offset, tagOffset);
        rtcpGcm.updateAad(indexWord, 0, SRTCP_INDEX_WORD_LENGTH);
        return rtcpGcm.open(packet, offset + tagOffset, 0);
    }

    /** IV = (0x0000 || SSRC || ROC || SEQ) XOR salt (RFC 7714 §8.1). */
    private void setRtpIv(int ssrc, long index) {
        iv[0] = 0;
        iv[1] = 0;
        BigEndian.setInt(iv, 2, ssrc);
        BigEndian.setInt(iv, 6, (int) (index >>> 16));
        iv[10] = (byte) (index >>> 8);
        iv[11] = (byte) index;
        xorSalt(rtpSalt);
    }

    /** IV = (0x0000 || SSRC || 0x0000 || 0 || SRTCP index) XOR salt (RFC 7714 §9.1). */
    private void setRtcpIv(int ssrc, int srtcpIndex) {
        iv[0] = 0;
        iv[1] = 0;
        BigEndian.setInt(iv, 2, ssrc);
        iv[6] = 0;
        iv[7] = 0;
        BigEndian.setInt(iv, 8, srtcpIndex);
        xorSalt(rtcpSalt);
    }

    private void xorSalt(byte[] salt) {
        for (int i = 0; i < AesGcm.IV_LENGTH; i++) {
            iv[i] ^= salt[i];
        }
    }
}
