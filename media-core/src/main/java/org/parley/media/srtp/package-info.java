/**
 * SRTP and SRTCP (RFC 3711) with AES_CM_128_HMAC_SHA1_80 and AEAD_AES_128_GCM (RFC 7714), keyed by
 * DTLS-SRTP (RFC 5764), transforming packets in place on Netty buffers.
 *
 * <p>{@link org.parley.media.srtp.SrtpTransformer} is the entry point: one per transport, built from
 * the DTLS exporter output, with {@code protect}/{@code unprotect} for RTP and RTCP returning an
 * {@link org.parley.media.srtp.SrtpResult}.
 */
package org.parley.media.srtp;
