package org.parley.media.sdp;

/**
 * The {@code a=rtpmap} attribute (RFC 8866 §6.6).
 *
 * @param payloadType RTP payload type, 0..127
 * @param encoding    encoding name as written, e.g. {@code opus}; compare ignoring case
 * @param clockRate   RTP clock rate in Hz
 * @param channels    channel count, or 0 when the line omits it (which means one channel)
 */
public record RtpMap(int payloadType, String encoding, int clockRate, int channels) {

    static RtpMap parse(String value) throws SdpException {
        Fields f = Fields.of(value);
        int pt = f.nextInt("payload type", 0, 127);
        String[] parts = f.next("encoding").split("/", -1);
        f.end("encoding");
        if (parts.length < 2 || parts.length > 3) {
            throw new SdpException("rtpmap needs <encoding>/<clock rate>[/<channels>]");
        }
        String encoding = Fields.token(parts[0], "encoding name");
        int clockRate = (int) Fields.number(parts[1], "clock rate", 1, Integer.MAX_VALUE);
        int channels = parts.length == 3 ? (int) Fields.number(parts[2], "channel count", 1, 255) : 0;
        return new RtpMap(pt, encoding, clockRate, channels);
    }

    /** Whether this is the given encoding, clock rate and channel count (RFC 8866: names are case-insensitive). */
    public boolean is(String encodingName, int rate, int channelCount) {
        return encoding.equalsIgnoreCase(encodingName) && clockRate == rate && Math.max(channels, 1) == channelCount;
    }

    @Override
    public String toString() {
        return payloadType + " " + encoding + "/" + clockRate + (channels == 0 ? "" : "/" + channels);
    }
}
