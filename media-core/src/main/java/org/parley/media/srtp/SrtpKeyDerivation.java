package org.parley.media.srtp;

/**
 * The SRTP key derivation function (RFC 3711 §4.3) with the AES-CM PRF (§4.3.3) and a key derivation
 * rate of 0, so each session key is derived once from the master key and salt.
 *
 * <p>AEAD_AES_128_GCM uses the same function with a 96-bit master salt (RFC 7714 §11); the salt is
 * padded with zeros on the right to the 112 bits the PRF input has.
 */
final class SrtpKeyDerivation {
    /** RFC 3711 §4.3.1 labels. */
    static final int LABEL_RTP_ENCRYPTION = 0x00;
    static final int LABEL_RTP_AUTHENTICATION = 0x01;
    static final int LABEL_RTP_SALT = 0x02;
    static final int LABEL_RTCP_ENCRYPTION = 0x03;
    static final int LABEL_RTCP_AUTHENTICATION = 0x04;
    static final int LABEL_RTCP_SALT = 0x05;

    /** Length of the PRF input x (RFC 3711 §4.3.1): the 112-bit salt. */
    private static final int X_LENGTH = 14;
    /** The label sits just left of the 48-bit r = index DIV kdr, which is 0 for kdr 0. */
    private static final int LABEL_POSITION = X_LENGTH - 7;

    private final AesCounterMode prf;
    private final byte[] masterSalt;

    SrtpKeyDerivation(byte[] masterKey, byte[] masterSalt) {
        if (masterSalt.length > X_LENGTH) {
            throw new IllegalArgumentException("master salt longer than 14 bytes");
        }
        this.prf = new AesCounterMode(masterKey);
        this.masterSalt = masterSalt.clone();
    }

    /** Derives {@code length} bytes of session key material for {@code label}. */
    byte[] derive(int label, int length) {
        // x = key_id XOR master_salt, key_id = label || r; the PRF is AES-CM keyed with the master
        // key with IV = x * 2^16 (RFC 3711 §4.3.1, §4.3.3).
        byte[] iv = new byte[AesCounterMode.BLOCK];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
        iv[LABEL_POSITION] ^= (byte) label;
        byte[] key = new byte[length];
        prf.apply(iv, key, 0, length);
        return key;
    }
}
