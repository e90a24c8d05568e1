package org.parley.media.srtp;

/**
 * The SRTP protection profiles Parley negotiates in DTLS-SRTP (RFC 5764 §4.1.2, RFC 7714 §14.2).
 *
 * <p>The key and salt lengths are those of the <em>master</em> key and salt that DTLS exports for
 * the profile; session keys are derived from them (RFC 3711 §4.3, RFC 7714 §11).
 */
public enum SrtpProfile {
    /** AES-128 in Galois/Counter Mode with a 16-byte tag (RFC 7714). Preferred. */
    AEAD_AES_128_GCM(0x0007, 16, 12),
    /** AES-128 in Counter Mode with HMAC-SHA1 truncated to 80 bits (RFC 3711). Mandatory to implement. */
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14);

    private static final int[] DTLS_IDS_BY_PREFERENCE = {
        AEAD_AES_128_GCM.dtlsId, AES_CM_128_HMAC_SHA1_80.dtlsId
    };

    private final int dtlsId;
    private final int keyLength;
    private final int saltLength;

    SrtpProfile(int dtlsId, int keyLength, int saltLength) {
        this.dtlsId = dtlsId;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
    }

    /** The SRTPProtectionProfile value carried in the DTLS {@code use_srtp} extension. */
    public int dtlsId() {
        return dtlsId;
    }

    /** Length of the master key in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** Length of the master salt in bytes. */
    public int saltLength() {
        return saltLength;
    }

    /** Bytes of DTLS keying material this profile needs: two keys and two salts (RFC 5764 §4.2). */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    /** Returns the profile with the given DTLS identifier, or {@code null} if Parley does not support it. */
    public static SrtpProfile fromDtlsId(int dtlsId) {
        for (SrtpProfile profile : values()) {
            if (profile.dtlsId == dtlsId) {
                return profile;
            }
        }
        return null;
    }

    /** The supported DTLS identifiers, most preferred first (a fresh array the caller may keep). */
    public static int[] dtlsIdsByPreference() {
        return DTLS_IDS_BY_PREFERENCE.clone();
    }
}
