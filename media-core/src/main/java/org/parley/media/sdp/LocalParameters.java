package org.parley.media.sdp;

import java.util.Objects;

/**
 * What our side of a transport puts into every answer.
 *
 * @param ice              our ICE credentials; the same on every m-line, since everything is bundled
 * @param fingerprint      hash of our DTLS certificate
 * @param candidateAddress address of our single host candidate (the announced address)
 * @param candidatePort    the shared UDP port
 * @param cname            our RTCP CNAME, written on the SSRCs we send (RFC 7022)
 * @param ssrcAllocator    picks our SSRC for each m-line we send on
 */
public record LocalParameters(IceCredentials ice, Fingerprint fingerprint, String candidateAddress,
                              int candidatePort, String cname, SsrcAllocator ssrcAllocator) {

    public LocalParameters {
        Objects.requireNonNull(ice, "ice");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(candidateAddress, "candidateAddress");
        Objects.requireNonNull(cname, "cname");
        // The CNAME becomes part of a=ssrc and a=msid values, which are space-separated.
        if (cname.isEmpty() || cname.chars().anyMatch(c -> c <= ' ' || c >= 0x7F)) {
            throw new IllegalArgumentException("cname must be visible ASCII without spaces: '" + cname + "'");
        }
        Objects.requireNonNull(ssrcAllocator, "ssrcAllocator");
        if (candidatePort < 1 || candidatePort > 65535) {
            throw new IllegalArgumentException("candidatePort " + candidatePort + " is not in 1..65535");
        }
    }
}
