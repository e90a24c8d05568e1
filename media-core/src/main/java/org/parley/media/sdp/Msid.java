package org.parley.media.sdp;

/**
 * The {@code a=msid} attribute (RFC 8830 §2): which MediaStream and track an m-line carries.
 *
 * @param streamId the stream id, {@code -} for none
 * @param trackId  the application data (track id), or null
 */
public record Msid(String streamId, String trackId) {

    static Msid parse(String value) throws SdpException {
        Fields f = Fields.of(value);
        String streamId = Fields.visible(f.next("msid-id"), "msid-id");
        String trackId = f.hasNext() ? Fields.visible(f.next("msid-appdata"), "msid-appdata") : null;
        f.end("msid");
        return new Msid(streamId, trackId);
    }

    @Override
    public String toString() {
        return trackId == null ? streamId : streamId + " " + trackId;
    }
}
