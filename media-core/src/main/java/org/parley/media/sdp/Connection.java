package org.parley.media.sdp;

/** The {@code c=} line (RFC 8866 §5.7), e.g. {@code IN IP4 0.0.0.0}. */
public record Connection(String netType, String addrType, String address) {

    /** What JSEP writes when candidates carry the real address (RFC 8829 §5.2.1). */
    public static final Connection UNSPECIFIED_IP4 = new Connection("IN", "IP4", "0.0.0.0");

    static Connection parse(String value) throws SdpException {
        Fields f = Fields.of(value);
        Connection c = new Connection(Fields.token(f.next("nettype"), "nettype"),
                Fields.token(f.next("addrtype"), "addrtype"), Fields.visible(f.next("connection-address"), "connection address"));
        f.end("c= address");
        return c;
    }

    @Override
    public String toString() {
        return netType + " " + addrType + " " + address;
    }
}
