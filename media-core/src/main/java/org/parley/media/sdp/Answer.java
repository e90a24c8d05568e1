package org.parley.media.sdp;

import java.util.List;

/**
 * Our answer to an offer and what it negotiated.
 *
 * @param description     the answer
 * @param sdp             the answer as SDP text, to send to the peer
 * @param media           one entry per offered m-line, in offer order
 * @param remoteIce       the peer's ICE credentials
 * @param remoteFingerprint the peer's DTLS certificate fingerprint, to check its certificate against
 * @param remoteSetup     the peer's {@code a=setup}: {@code actpass} or {@code active}; we are always
 *                        {@code passive}, so the DTLS server
 */
public record Answer(SessionDescription description, String sdp, List<NegotiatedMedia> media,
                     IceCredentials remoteIce, Fingerprint remoteFingerprint, Setup remoteSetup) {

    public Answer {
        media = List.copyOf(media);
    }

    /** The negotiated m-line with this mid, or null. */
    public NegotiatedMedia media(String mid) {
        for (NegotiatedMedia m : media) {
            if (m.mid().equals(mid)) {
                return m;
            }
        }
        return null;
    }
}
