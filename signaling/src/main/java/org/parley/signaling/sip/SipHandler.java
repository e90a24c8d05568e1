package org.parley.signaling.sip;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads SIP datagrams: parses each, answers malformed requests with 400 when they can be addressed
 * (RFC 3261 §8.2.6, §18.3), counts what it drops, and hands requests to the transactions and
 * responses to the calls. Never lets an exception out. {@link SimpleChannelInboundHandler} releases
 * each datagram after {@link #channelRead0}; nothing here keeps a reference to its buffer.
 */
final class SipHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger LOG = LoggerFactory.getLogger(SipHandler.class);

    private final SipMetrics metrics;
    private final SipTransport transport;
    private final SipServerTransactions transactions;
    private final SipCalls calls;

    SipHandler(SipMetrics metrics, SipTransport transport, SipServerTransactions transactions, SipCalls calls) {
        this.metrics = metrics;
        this.transport = transport;
        this.transactions = transactions;
        this.calls = calls;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        InetSocketAddress source = packet.sender();
        if (SipParser.isKeepAlive(packet.content())) {
            return; // RFC 5626 §3.5.1: CRLF keep-alives need no answer over UDP
        }
        SipMessage message;
        try {
            message = SipParser.parse(packet.content());
        } catch (SipParseException e) {
            rejected(e, source);
            return;
        }
        try {
            switch (message) {
                case SipRequest request -> {
                    metrics.requestReceived(request.method());
                    transactions.received(request, source);
                }
                case SipResponse response -> {
                    if (!calls.response(response)) {
                        metrics.dropped(SipDropReason.STRAY_RESPONSE);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Failed to handle SIP {} from {}", message, source, e);
        }
    }

    /** A 400 with the parser's complaint as reason phrase when a response can be addressed, else a counted drop. */
    private void rejected(SipParseException e, InetSocketAddress source) {
        SipRequest request = e.request();
        if (request != null && addressable(request) && !request.method().equals(SipRequest.ACK)) {
            metrics.requestReceived(request.method());
            SipResponse bad = SipResponses.create(request, 400, SipTags.next());
            SipResponse withReason = new SipResponse(400, "Bad Request (" + e.getMessage().replace('\r', ' ')
                    .replace('\n', ' ') + ")", bad.headers(), "");
            transport.send(withReason, SipTransport.responseAddress(request.topVia(), source));
            return;
        }
        LOG.debug("Dropped a SIP datagram from {}: {}", source, e.getMessage());
        metrics.dropped(e.reason());
    }

    /** Whether a response can be built and sent: the headers RFC 3261 §8.2.6.2 copies are there, Via readable. */
    private static boolean addressable(SipRequest request) {
        SipHeaders headers = request.headers();
        return request.topVia() != null && headers.contains(SipHeaders.FROM) && headers.contains(SipHeaders.TO)
                && headers.contains(SipHeaders.CALL_ID) && headers.contains(SipHeaders.CSEQ);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("SIP socket error", cause); // e.g. ICMP port unreachable; the socket stays open
    }
}
