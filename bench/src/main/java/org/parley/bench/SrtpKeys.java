package org.parley.bench;

import org.parley.media.srtp.SrtpProfile;
import org.parley.media.srtp.SrtpTransformer;

/**
 * The SRTP master keys and salts of one connection, as DTLS would have exported them (RFC 5764
 * §4.2), made up deterministically: each side sends with its own key and receives with the other's.
 */
record SrtpKeys(SrtpProfile profile, byte[] clientKey, byte[] clientSalt, byte[] serverKey, byte[] serverSalt) {

    /** Distinct keys for each {@code connection} number. */
    static SrtpKeys of(SrtpProfile profile, int connection) {
        int seed = 4 * connection;
        return new SrtpKeys(profile,
                bytes(profile.keyLength(), seed), bytes(profile.saltLength(), seed + 1),
                bytes(profile.keyLength(), seed + 2), bytes(profile.saltLength(), seed + 3));
    }

    /** The browser's end. */
    SrtpTransformer client() {
        return SrtpTransformer.fromMasterKeys(profile, clientKey, clientSalt, serverKey, serverSalt);
    }

    /** The server's end. */
    SrtpTransformer server() {
        return SrtpTransformer.fromMasterKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed * 61 + i * 13 + 5);
        }
        return bytes;
    }
}
