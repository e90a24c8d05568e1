package org.parley.media.sdp;

/**
 * The {@code o=} line (RFC 8866 §5.2). An answerer keeps {@code sessionId} for the life of the
 * session and increments {@code sessionVersion} with every new description (RFC 3264 §8).
 */
public record Origin(String username, String sessionId, long sessionVersion,
                     String netType, String addrType, String address) {

    static Origin parse(String value) throws SdpException {
        Fields f = Fields.of(value);
        if (f.count() != 6) {
            throw new SdpException("o= line needs 6 fields, found " + f.count());
        }
        String username = Fields.visible(f.next("username"), "username");
        String sessionId = f.next("sess-id");
        Fields.number(sessionId, "sess-id", 0, Long.MAX_VALUE);
        long version = f.nextLong("sess-version", 0, Long.MAX_VALUE);
        return new Origin(username, sessionId, version, Fields.token(f.next("nettype"), "nettype"),
                Fields.token(f.next("addrtype"), "addrtype"), Fields.visible(f.next("unicast-address"), "unicast-address"));
    }

    @Override
    public String toString() {
        return username + " " + sessionId + " " + sessionVersion + " " + netType + " " + addrType + " " + address;
    }
}
