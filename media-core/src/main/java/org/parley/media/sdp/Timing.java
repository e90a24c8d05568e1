package org.parley.media.sdp;

/** The {@code t=} line (RFC 8866 §5.9); WebRTC always uses {@code 0 0}, an unbounded session. */
public record Timing(long start, long stop) {

    public static final Timing UNBOUNDED = new Timing(0, 0);

    static Timing parse(String value) throws SdpException {
        Fields f = Fields.of(value);
        Timing t = new Timing(f.nextLong("start-time", 0, Long.MAX_VALUE), f.nextLong("stop-time", 0, Long.MAX_VALUE));
        f.end("t= times");
        return t;
    }

    @Override
    public String toString() {
        return start + " " + stop;
    }
}
