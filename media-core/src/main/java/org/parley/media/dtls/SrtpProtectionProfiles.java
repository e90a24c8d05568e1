package org.parley.media.dtls;

import org.bouncycastle.tls.SRTPProtectionProfile;

/** The DTLS-SRTP protection profiles this package can negotiate and how much keying material each one needs. */
final class SrtpProtectionProfiles {

    private SrtpProtectionProfiles() {
    }

    /**
     * RFC 5764 §4.2: the exporter yields client key, server key, client salt and server salt, so twice the master key
     * and master salt lengths of the profile (RFC 5764 §4.1.2, RFC 7714 §12). Returns {@code -1} for an unknown
     * profile.
     */
    static int keyingMaterialLength(int profile) {
        return switch (profile) {
            case SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80,
                 SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32 -> 2 * (16 + 14);
            case SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM -> 2 * (16 + 12);
            case SRTPProtectionProfile.SRTP_AEAD_AES_256_GCM -> 2 * (32 + 12);
            default -> -1;
        };
    }

    /** The first of {@code preferred} that the peer also offered, or {@code -1} if there is none. */
    static int select(int[] preferred, int[] offered) {
        for (int ours : preferred) {
            for (int theirs : offered) {
                if (ours == theirs) {
                    return ours;
                }
            }
        }
        return -1;
    }
}
