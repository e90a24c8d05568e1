package org.parley.signaling.sip;

import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * Sends SIP messages from the server's UDP socket (RFC 3261 §18). Call on the channel's event loop.
 */
public final class SipTransport {

    private static final int DEFAULT_PORT = 5060;

    private final Channel channel;
    private final SipMetrics metrics;
    private final String announcedHost;

    /** @param announcedHost the host room systems reach the server at, for Contact and Via */
    public SipTransport(Channel channel, SipMetrics metrics, String announcedHost) {
        this.channel = channel;
        this.metrics = metrics;
        this.announcedHost = announcedHost;
    }

    /**
     * Where responses to a request go (RFC 3261 §18.2.2 with RFC 3581 §4): the source address of the
     * request, to its source port when the client asked for rport, else to the Via's sent-by port.
     */
    public static InetSocketAddress responseAddress(SipVia via, InetSocketAddress source) {
        int port = via.rport() >= 0 ? source.getPort() : via.port() > 0 ? via.port() : DEFAULT_PORT;
        return new InetSocketAddress(source.getAddress(), port);
    }

    /**
     * The top Via value as the server records it (RFC 3261 §18.2.1, RFC 3581 §4): {@code received}
     * set to the source address and an empty {@code rport} filled with the source port.
     */
    public static String stampVia(String via, SipVia parsed, InetSocketAddress source) {
        StringBuilder stamped = new StringBuilder(via.length() + 32);
        for (String part : via.split(";")) {
            String name = part.strip();
            if (name.equalsIgnoreCase("rport") || name.regionMatches(true, 0, "received=", 0, 9)) {
                continue;
            }
            stamped.append(stamped.isEmpty() ? "" : ";").append(part.strip());
        }
        stamped.append(";received=").append(source.getAddress().getHostAddress());
        if (parsed.rport() >= 0) {
            stamped.append(";rport=").append(source.getPort());
        }
        return stamped.toString();
    }

    /** {@code host:port}, the host in brackets if IPv6 (RFC 3261 §25.1 hostport). */
    public static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** Sends {@code message} to {@code recipient}; counts responses by status. */
    public void send(SipMessage message, InetSocketAddress recipient) {
        if (message instanceof SipResponse response) {
            metrics.responseSent(response.status());
        }
        channel.writeAndFlush(new DatagramPacket(SipEncoder.encode(message, channel.alloc()), recipient), channel.voidPromise());
    }

    /** The server's {@code host:port} as room systems reach it, for Contact and Via. */
    public String announcedHostPort() {
        String host = announcedHost.indexOf(':') >= 0 ? "[" + announcedHost + "]" : announcedHost;
        return host + ":" + ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public Channel channel() {
        return channel;
    }
}
