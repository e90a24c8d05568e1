package org.parley.media.sdp;

/**
 * The {@code a=candidate} attribute (RFC 8839 §5.1).
 *
 * @param foundation ICE foundation, 1..32 ice-chars
 * @param component  component id; 1 (RTP) with rtcp-mux
 * @param transport  transport, e.g. {@code udp}
 * @param priority   ICE priority, 0..2^32-1
 * @param address    IP address or mDNS host name
 * @param port       port, 0..65535
 * @param type       candidate type: {@code host}, {@code srflx}, {@code prflx} or {@code relay}
 * @param extensions the rest of the line ({@code raddr}, {@code rport}, {@code generation}, ...), or empty
 */
public record Candidate(String foundation, int component, String transport, long priority,
                        String address, int port, String type, String extensions) {

    /** A host candidate with no extensions, as an ICE-lite server announces itself. */
    public static Candidate host(String foundation, int component, long priority, String address, int port) {
        return new Candidate(foundation, component, "udp", priority, address, port, "host", "");
    }

    /**
     * A passive TCP host candidate (RFC 6544 §4.5): the peer connects to {@code address:port} and
     * frames packets as RFC 4571 says.
     */
    public static Candidate passiveTcpHost(String foundation, int component, long priority, String address,
                                           int port) {
        return new Candidate(foundation, component, "tcp", priority, address, port, "host", "tcptype passive");
    }

    static Candidate parse(String value) throws SdpException {
        Fields f = Fields.of(value);
        String foundation = f.next("foundation");
        if (foundation.length() > 32 || !IceCredentials.isIceChars(foundation)) {
            throw new SdpException("candidate foundation '" + foundation + "' is not 1..32 ice-chars");
        }
        int component = f.nextInt("component id", 1, 256);
        String transport = Fields.token(f.next("transport"), "transport");
        long priority = f.nextLong("priority", 1, 0xFFFF_FFFFL);
        String address = Fields.visible(f.next("connection address"), "connection address");
        int port = f.nextInt("port", 0, 65535);
        if (!f.next("'typ'").equals("typ")) {
            throw new SdpException("candidate needs 'typ' after the port");
        }
        String type = Fields.token(f.next("candidate type"), "candidate type");
        // RFC 8839 §5.1: the rest is name/value pairs (raddr, rport, extensions).
        if ((f.count() - 8) % 2 != 0) {
            throw new SdpException("candidate extensions are not name/value pairs");
        }
        return new Candidate(foundation, component, transport, priority, address, port, type, f.rest());
    }

    @Override
    public String toString() {
        return foundation + " " + component + " " + transport + " " + priority + " " + address + " " + port
                + " typ " + type + (extensions.isEmpty() ? "" : " " + extensions);
    }
}
