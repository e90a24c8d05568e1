package org.parley.media.srtp;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_128_GCM (RFC 7714): AES-128-GCM with a 16-byte tag, the clear-text header as associated
 * data.
 *
 * <p>Allocation: GCM takes its IV only through {@code Cipher.init}, and {@link GCMParameterSpec} is
 * immutable, so each packet allocates one {@code GCMParameterSpec} (and the IV copy it makes), plus
 * whatever the JDK's GCM engine allocates in {@code init}. Keys, IV scratch and the {@link Cipher}
 * itself are reused. Encryption writes in place; decryption goes through a scratch array so a packet
 * whose tag fails is left as it was.
 */
final class AesGcmCipher implements SrtpCipher {
    /** RFC 7714 §12: AEAD_AES_128_GCM has a 16-octet authentication tag. */
    static final int TAG_LENGTH = 16;
    private static final int TAG_BITS = TAG_LENGTH * 8;
    private static final int IV_LENGTH = 12;
    private static final int MIN_PLAINTEXT_SCRATCH = 1500;

    private final Cipher gcm;
    private final SecretKeySpec rtpKey;
    private final SecretKeySpec rtcpKey;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final byte[] iv = new byte[IV_LENGTH];
    private final byte[] indexWord = new byte[SRTCP_INDEX_WORD_LENGTH];
    /** Decrypted payload before its tag is known good; grows, rarely, to the largest payload. */
    private byte[] plaintext = new byte[MIN_PLAINTEXT_SCRATCH];

    AesGcmCipher(SrtpSessionKeys keys) {
        try {
            gcm = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
        }
        rtpKey = new SecretKeySpec(keys.rtpEncryptionKey(), "AES");
        rtcpKey = new SecretKeySpec(keys.rtcpEncryptionKey(), "AES");
        rtpSalt = keys.rtpSalt().clone();
        rtcpSalt = keys.rtcpSalt().clone();
    }

    @Override
    public int rtpTagLength() {
        return TAG_LENGTH;
    }

    @Override
    public int rtcpTrailerLength() {
        return TAG_LENGTH + SRTCP_INDEX_WORD_LENGTH;
    }

    @Override
    public int rtcpIndexWordOffset(int length) {
        // RFC 7714 §9: ... ciphertext | authentication tag | E | SRTCP index
        return length - SRTCP_INDEX_WORD_LENGTH;
    }

    @Override
    public boolean protectRtp(byte[] packet, int offset, int headerLength, int length, int ssrc, long index) {
        setRtpIv(ssrc, index);
        try {
            gcm.init(Cipher.ENCRYPT_MODE, rtpKey, new GCMParameterSpec(TAG_BITS, iv));
            // RFC 7714 §8.2: the associated data is the RTP header, CSRCs and extension included.
            gcm.updateAAD(packet, offset, headerLength);
            int payload = offset + headerLength;
            gcm.doFinal(packet, payload, length - headerLength, packet, payload);
            return true;
        } catch (InvalidAlgorithmParameterException e) {
            return false; // same key and IV as the previous encryption: the JDK refuses IV reuse
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    @Override
    public boolean unprotectRtp(byte[] packet, int offset, int headerLength, int length, int ssrc, long index) {
        setRtpIv(ssrc, index);
        try {
            gcm.init(Cipher.DECRYPT_MODE, rtpKey, new GCMParameterSpec(TAG_BITS, iv));
            gcm.updateAAD(packet, offset, headerLength);
            return decryptInPlace(packet, offset + headerLength, length - headerLength);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public boolean protectRtcp(byte[] packet, int offset, int length, int ssrc, int srtcpIndex) {
        int word = SRTCP_E_FLAG | srtcpIndex;
        setRtcpIv(ssrc, srtcpIndex);
        SrtpCipher.writeInt(indexWord, 0, word);
        try {
            gcm.init(Cipher.ENCRYPT_MODE, rtcpKey, new GCMParameterSpec(TAG_BITS, iv));
            // RFC 7714 §9.2: associated data is the first 8 octets and the E|SRTCP index word.
            gcm.updateAAD(packet, offset, RTCP_CLEAR_HEADER_LENGTH);
            gcm.updateAAD(indexWord, 0, SRTCP_INDEX_WORD_LENGTH);
            int body = offset + RTCP_CLEAR_HEADER_LENGTH;
            gcm.doFinal(packet, body, length - RTCP_CLEAR_HEADER_LENGTH, packet, body);
        } catch (InvalidAlgorithmParameterException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        SrtpCipher.writeInt(packet, offset + length + TAG_LENGTH, word);
        return true;
    }

    @Override
    public boolean unprotectRtcp(byte[] packet, int offset, int length, int ssrc, int word) {
        setRtcpIv(ssrc, word & ~SRTCP_E_FLAG);
        SrtpCipher.writeInt(indexWord, 0, word);
        int sealed = length - SRTCP_INDEX_WORD_LENGTH; // everything before the E|index word
        try {
            gcm.init(Cipher.DECRYPT_MODE, rtcpKey, new GCMParameterSpec(TAG_BITS, iv));
            if ((word & SRTCP_E_FLAG) != 0) {
                gcm.updateAAD(packet, offset, RTCP_CLEAR_HEADER_LENGTH);
                gcm.updateAAD(indexWord, 0, SRTCP_INDEX_WORD_LENGTH);
                return decryptInPlace(packet, offset + RTCP_CLEAR_HEADER_LENGTH, sealed - RTCP_CLEAR_HEADER_LENGTH);
            } else {
                // RFC 7714 §9.3: unencrypted SRTCP authenticates the whole packet as associated data.
                int tagOffset = sealed - TAG_LENGTH;
                gcm.updateAAD(packet, offset, tagOffset);
                gcm.updateAAD(indexWord, 0, SRTCP_INDEX_WORD_LENGTH);
                gcm.doFinal(packet, offset + tagOffset, TAG_LENGTH, packet, offset + tagOffset);
                return true;
            }
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Finishes a decryption of {@code packet[at, at + length)}, ciphertext and tag, writing the
     * plaintext back over the ciphertext only if the tag verifies. The JDK may write to its output
     * before it rejects the tag, so the plaintext goes to scratch first.
     */
    private boolean decryptInPlace(byte[] packet, int at, int length) throws GeneralSecurityException {
        int plaintextLength = length - TAG_LENGTH;
        if (plaintext.length < plaintextLength) {
            plaintext = new byte[Math.max(plaintextLength, MIN_PLAINTEXT_SCRATCH)];
        }
        try {
            gcm.doFinal(packet, at, length, plaintext, 0);
        } catch (AEADBadTagException e) {
            return false;
        }
        System.arraycopy(plaintext, 0, packet, at, plaintextLength);
        return true;
    }

    /** IV = (0x0000 || SSRC || ROC || SEQ) XOR salt (RFC 7714 §8.1). */
    private void setRtpIv(int ssrc, long index) {
        iv[0] = 0;
        iv[1] = 0;
        SrtpCipher.writeInt(iv, 2, ssrc);
        SrtpCipher.writeInt(iv, 6, (int) (index >>> 16));
        iv[10] = (byte) (index >>> 8);
        iv[11] = (byte) index;
        xorSalt(rtpSalt);
    }

    /** IV = (0x0000 || SSRC || 0x0000 || 0 || SRTCP index) XOR salt (RFC 7714 §9.1). */
    private void setRtcpIv(int ssrc, int srtcpIndex) {
        iv[0] = 0;
        iv[1] = 0;
        SrtpCipher.writeInt(iv, 2, ssrc);
        iv[6] = 0;
        iv[7] = 0;
        SrtpCipher.writeInt(iv, 8, srtcpIndex);
        xorSalt(rtcpSalt);
    }

    private void xorSalt(byte[] salt) {
        for (int i = 0; i < IV_LENGTH; i++) {
            iv[i] ^= salt[i];
        }
    }
}
