package org.parley.media.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The ICE and DTLS attributes of one level of a description: {@code a=ice-ufrag}, {@code a=ice-pwd},
 * {@code a=ice-options}, {@code a=fingerprint} and {@code a=setup}.
 *
 * <p>These may stand at session level or in a media section (RFC 8839 §5.4, RFC 8122 §5,
 * RFC 4145 §4; RFC 8859 §4 puts them in the TRANSPORT category), so {@link SessionDescription}
 * and {@link MediaDescription} each own one. The values here are that level's only;
 * {@link SessionDescription#iceUfragOf(MediaDescription)} and friends apply the session-level
 * fallback. Instances are mutable and not thread-safe, like the descriptions that own them.
 */
public final class TransportAttributes {

    private String iceUfrag;
    private String icePwd;
    private String iceOptions;
    private final List<Fingerprint> fingerprints = new ArrayList<>();
    private Setup setup;

    TransportAttributes() {
    }

    public String iceUfrag() {
        return iceUfrag;
    }

    public TransportAttributes setIceUfrag(String iceUfrag) {
        this.iceUfrag = iceUfrag;
        return this;
    }

    public String icePwd() {
        return icePwd;
    }

    public TransportAttributes setIcePwd(String icePwd) {
        this.icePwd = icePwd;
        return this;
    }

    /** The {@code a=ice-options} value (e.g. {@code trickle}), or null. */
    public String iceOptions() {
        return iceOptions;
    }

    public TransportAttributes setIceOptions(String iceOptions) {
        this.iceOptions = iceOptions;
        return this;
    }

    /** The first {@code a=fingerprint}, or null; RFC 8122 §5 allows one per hash function. */
    public Fingerprint fingerprint() {
        return fingerprints.isEmpty() ? null : fingerprints.getFirst();
    }

    public List<Fingerprint> fingerprints() {
        return Collections.unmodifiableList(fingerprints);
    }

    /** Makes {@code fingerprint} the only one; null removes all. */
    public TransportAttributes setFingerprint(Fingerprint fingerprint) {
        fingerprints.clear();
        if (fingerprint != null) {
            fingerprints.add(fingerprint);
        }
        return this;
    }

    public TransportAttributes addFingerprint(Fingerprint fingerprint) {
        fingerprints.add(Objects.requireNonNull(fingerprint, "fingerprint"));
        return this;
    }

    public Setup setup() {
        return setup;
    }

    public TransportAttributes setSetup(Setup setup) {
        this.setup = setup;
        return this;
    }
}
