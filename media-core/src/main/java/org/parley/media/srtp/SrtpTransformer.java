package org.parley.media.srtp;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Objects;

/**
 * SRTP and SRTCP (RFC 3711, RFC 7714) for one transport, both directions, in place on Netty buffers.
 *
 * <p>Every method transforms the readable bytes of the given buffer, which must hold exactly one
 * packet starting at {@code readerIndex}. Protecting appends the tag (and the SRTCP index), growing
 * {@code writerIndex} and, if needed, the buffer; unprotecting drops them, shrinking
 * {@code writerIndex}. The caller keeps ownership of the buffer: nothing here retains or releases
 * it. On any result other than {@link SrtpResult#OK} the readable bytes are left as they were.
 * Bad input never throws; it yields a {@link SrtpResult}.
 *
 * <p>State for an SSRC (rollover counter, replay window, SRTCP index) is allocated the first time the
 * SSRC is sent, or received with a valid tag; at most {@link #MAX_SSRCS} SSRCs per direction and per
 * protocol are tracked. After that no call allocates: the ciphers are initialised once and work in
 * preallocated arrays (AES-GCM is assembled from AES/ECB and a table-driven GHASH for that reason,
 * since {@code javax.crypto} GCM needs a {@code Cipher.init} and allocations per packet).
 *
 * <p>Not thread-safe. The two directions are independent: the caller serializes {@code protect*}
 * calls among themselves and {@code unprotect*} calls among themselves (for instance, each on its
 * event loop), but a protect may run concurrently with an unprotect.
 */
public final class SrtpTransformer {
    /** Maximum SSRCs tracked per direction, separately for SRTP and SRTCP. */
    public static final int MAX_SSRCS = 64;

    private final SrtpProfile profile;
    private final OutboundSrtpContext outbound;
    private final InboundSrtpContext inbound;

    SrtpTransformer(SrtpProfile profile, SrtpSessionKeys outboundKeys, SrtpSessionKeys inboundKeys) {
        this.profile = profile;
        this.outbound = new OutboundSrtpContext(SrtpCipher.create(profile, outboundKeys), MAX_SSRCS);
        this.inbound = new InboundSrtpContext(SrtpCipher.create(profile, inboundKeys), MAX_SSRCS);
    }

    /**
     * Creates the transformer from the keying material DTLS exported with the label
     * {@code EXTRACTOR-dtls_srtp}: client_write_key | server_write_key | client_write_salt |
     * server_write_salt (RFC 5764 §4.2). The DTLS server sends with the server_write key and salt.
     *
     * @throws IllegalArgumentException if {@code material} is not {@link SrtpProfile#keyingMaterialLength()} long
     */
    public static SrtpTransformer fromDtlsKeyingMaterial(
            SrtpProfile profile, byte[] material, boolean localIsDtlsServer) {
        Objects.requireNonNull(profile, "profile");
        if (material.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException(profile + " needs " + profile.keyingMaterialLength()
                + " bytes of keying material, got " + material.length);
        }
        int keyLength = profile.keyLength();
        int saltLength = profile.saltLength();
        byte[] clientKey = Arrays.copyOfRange(material, 0, keyLength);
        byte[] serverKey = Arrays.copyOfRange(material, keyLength, 2 * keyLength);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * keyLength, 2 * keyLength + saltLength);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * keyLength + saltLength, material.length);
        return localIsDtlsServer
            ? fromMasterKeys(profile, serverKey, serverSalt, clientKey, clientSalt)
            : fromMasterKeys(profile, clientKey, clientSalt, serverKey, serverSalt);
    }

    /**
     * Creates the transformer from explicit master keys and salts: this side's (outbound) and the
     * peer's (inbound). Session keys are derived with key derivation rate 0 (RFC 3711 §4.3).
     *
     * @throws IllegalArgumentException if a key or salt does not have the profile's length
     */
    public static SrtpTransformer fromMasterKeys(SrtpProfile profile,
            byte[] outboundKey, byte[] outboundSalt, byte[] inboundKey, byte[] inboundSalt) {
        Objects.requireNonNull(profile, "profile");
        return new SrtpTransformer(profile,
            SrtpSessionKeys.derive(profile, outboundKey, outboundSalt),
            SrtpSessionKeys.derive(profile, inboundKey, inboundSalt));
    }

    /** The negotiated protection profile. */
    public SrtpProfile profile() {
        return profile;
    }

    /** Encrypts and authenticates an RTP packet, appending the tag (RFC 3711 §3.3, RFC 7714 §8). */
    public SrtpResult protectRtp(ByteBuf packet) {
        return outbound.protectRtp(packet, false);
    }

    /**
     * Protects a retransmission of an RTP packet already sent (RFC 4585 §6.2.1 NACK answered on the
     * same SSRC). The caller must resend it byte-identical to its first transmission: the same index
     * then yields the same ciphertext, so reusing the keystream or GCM IV discloses nothing new.
     */
    public SrtpResult protectRtpRetransmission(ByteBuf packet) {
        return outbound.protectRtp(packet, true);
    }

    /** Verifies, replay-checks and decrypts an SRTP packet, removing the tag. */
    public SrtpResult unprotectRtp(ByteBuf packet) {
        return inbound.unprotectRtp(packet);
    }

    /** Encrypts and authenticates an RTCP (compound) packet, appending the SRTCP index and tag (RFC 3711 §3.4, RFC 7714 §9). */
    public SrtpResult protectRtcp(ByteBuf packet) {
        return outbound.protectRtcp(packet);
    }

    /** Verifies, replay-checks and decrypts an SRTCP packet, removing the SRTCP index and tag. */
    public SrtpResult unprotectRtcp(ByteBuf packet) {
        return inbound.unprotectRtcp(packet);
    }
}
