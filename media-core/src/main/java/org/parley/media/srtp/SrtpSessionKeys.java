package org.parley.media.srtp;

/**
 * The session keys of one direction (RFC 3711 §4.3): encryption key, authentication key (empty for
 * AEAD profiles) and salt, for SRTP and for SRTCP.
 */
record SrtpSessionKeys(
        byte[] rtpEncryptionKey, byte[] rtpAuthenticationKey, byte[] rtpSalt,
        byte[] rtcpEncryptionKey, byte[] rtcpAuthenticationKey, byte[] rtcpSalt) {

    /** HMAC-SHA1 key length, n_a = 160 bits (RFC 3711 §8.2). */
    static final int HMAC_SHA1_KEY_LENGTH = 20;

    /** Derives the session keys for {@code profile} from a master key and salt. */
    static SrtpSessionKeys derive(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        if (masterKey.length != profile.keyLength() || masterSalt.length != profile.saltLength()) {
            throw new IllegalArgumentException(
                profile + " needs a " + profile.keyLength() + "-byte key and a "
                    + profile.saltLength() + "-byte salt");
        }
        SrtpKeyDerivation kdf = new SrtpKeyDerivation(masterKey, masterSalt);
        int keyLength = profile.keyLength();
        int saltLength = profile.saltLength();
        int authLength = profile == SrtpProfile.AES_CM_128_HMAC_SHA1_80 ? HMAC_SHA1_KEY_LENGTH : 0;
        return new SrtpSessionKeys(
            kdf.derive(SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, keyLength),
            kdf.derive(SrtpKeyDerivation.LABEL_RTP_AUTHENTICATION, authLength),
            kdf.derive(SrtpKeyDerivation.LABEL_RTP_SALT, saltLength),
            kdf.derive(SrtpKeyDerivation.LABEL_RTCP_ENCRYPTION, keyLength),
            kdf.derive(SrtpKeyDerivation.LABEL_RTCP_AUTHENTICATION, authLength),
            kdf.derive(SrtpKeyDerivation.LABEL_RTCP_SALT, saltLength));
    }
}
