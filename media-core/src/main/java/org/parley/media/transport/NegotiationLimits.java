package org.parley.media.transport;

/**
 * What one transport's offers may ask for. Each accepted sending m-line costs a {@link
 * org.parley.media.router.Producer} (with, once received with NACK, a 768 KB retransmission buffer,
 * and for the mixer a decoder and a queue); each receiving line a {@link org.parley.media.router.Consumer}.
 * A later offer may add lines but never removes them (RFC 3264 §8), so without these bounds one
 * peer re-offering new mids would grow the server's heap without end.
 *
 * @param mediaLines m-lines in one offer, accepted or not; an offer lists all of the transport's lines
 * @param producers  producers the transport may have at once (sending m-lines accepted so far)
 * @param consumers  consumers the transport may have at once (receiving m-lines accepted so far)
 */
public record NegotiationLimits(int mediaLines, int producers, int consumers) {

    /** The defaults of {@code conf/parley.json}: a web client uses 1 sending and a few receiving lines. */
    public static final NegotiationLimits DEFAULTS = new NegotiationLimits(64, 4, 64);

    public NegotiationLimits {
        if (mediaLines < 1 || producers < 0 || consumers < 0) {
            throw new IllegalArgumentException("limits must be positive: " + mediaLines + "/" + producers + "/" + consumers);
        }
    }

    /** Names of the limits, as in the {@code limits} configuration and the refusal metric's {@code limit} label. */
    public enum Limit {
        MEDIA_LINES("mlinesPerTransport"),
        PRODUCERS("producersPerParticipant"),
        CONSUMERS("consumersPerParticipant");

        private final String configName;

        Limit(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }
}
