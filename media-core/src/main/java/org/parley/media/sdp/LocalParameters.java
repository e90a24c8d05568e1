package org.parley.media.sdp;

import java.util.Objects;

/**
 * What our side of a transport puts into every answer.
 *
 * @param ice              our ICE credentials; the same on every m-line, since everything is bundled
 * @param fingerprint      hash of our DTLS certificate
 * @param candidateAddress address of our single host candidate (the announced address)
 * @param candidatePort    the shared UDP port
 * @param tcpCandidatePort the port of our passive ICE-TCP host candidate (RFC 6544), or -1 for none
 * @param cname            our RTCP CNAME, written on the SSRCs we send (RFC 7022)
 * @param ssrcAllocator    picks our SSRC for each m-line we send on
 */
public record LocalParameters(IceCredentials ice, Fingerprint fingerprint, String candidateAddress,
                              int candidatePort, int tcpCandidatePort, String cname,
                              SsrcAllocator ssrcAllocator) {

    /** {@link #tcpCandidatePort()} when there is no TCP candidate. */
    public static final int NO_TCP_CANDIDATE = -1;

    /** Parameters with the UDP candidate only. */
    public LocalParameters(IceCredentials ice, Fingerprint fingerprint, String candidateAddress,
                           int candidatePort, String cname, SsrcAllocator ssrcAllocator) {
        this(ice, fingerprint, candidateAddress, candidatePort, NO_TCP_CANDIDATE, cname, ssrcAllocator);
    }

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
        if (tcpCandidatePort != NO_TCP_CANDIDATE && (tcpCandidatePort < 1 || tcpCandidatePort > 65535)) {
            throw new IllegalArgumentException("tcpCandidatePort " + tcpCandidatePort + " is not -1 or 1..65535");
        }
    }
}
