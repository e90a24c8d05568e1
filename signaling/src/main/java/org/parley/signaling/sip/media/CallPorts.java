package org.parley.signaling.sip.media;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.DatagramChannel;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A call's UDP sockets: RTP on an even port and RTCP on the one above (RFC 3550 §11), or RTP alone
 * when no such pair is to be had (RTCP then comes multiplexed, RFC 5761). They are bound before the
 * call exists, so until {@link #attach} they drop what they read.
 */
final class CallPorts {

    /** Attempts at an even port whose successor is free before settling for RTP alone. */
    private static final int PAIR_ATTEMPTS = 16;

    private final Channel rtp;
    /** Null when RTCP is multiplexed only. */
    private final Channel rtcp;
    private volatile CallAudio call;

    /**
     * Binds on {@code bindAddress} with ports the OS picks.
     *
     * @param bootstrap group, channel type and options for the sockets; its handler is set here
     * @throws IOException if no port can be bound
     */
    CallPorts(Bootstrap bootstrap, String bindAddress) throws IOException {
        Channel rtpChannel = null;
        Channel rtcpChannel = null;
        for (int attempt = 0; attempt < PAIR_ATTEMPTS && rtcpChannel == null; attempt++) {
            if (rtpChannel != null) {
                rtpChannel.close().awaitUninterruptibly();
            }
            rtpChannel = bind(bootstrap, bindAddress, 0, false);
            if (rtpChannel == null) {
                throw new IOException("cannot bind a UDP port on " + bindAddress);
            }
            int port = port(rtpChannel);
            if (port % 2 == 0 && port < 0xFFFF) {
                rtcpChannel = bind(bootstrap, bindAddress, port + 1, true);
            }
        }
        this.rtp = rtpChannel;
        this.rtcp = rtcpChannel;
    }

    private Channel bind(Bootstrap bootstrap, String bindAddress, int port, boolean forRtcp) {
        ChannelFuture bound = bootstrap.clone().handler(new ChannelInitializer<DatagramChannel>() {
            @Override
            protected void initChannel(DatagramChannel ch) {
                ch.pipeline().addLast(new CallDatagramHandler(forRtcp ? CallPorts.this::toRtcp : CallPorts.this::toRtp,
                        CallPorts.this::failed));
            }
        }).bind(bindAddress, port).awaitUninterruptibly();
        return bound.isSuccess() ? bound.channel() : null;
    }

    /** From now on, datagrams go to {@code owner}. */
    void attach(CallAudio owner) {
        call = owner;
    }

    Channel rtp() {
        return rtp;
    }

    /** The RTCP socket, or null if RTCP is multiplexed only. */
    Channel rtcp() {
        return rtcp;
    }

    int rtpPort() {
        return port(rtp);
    }

    /** The RTCP port, or -1 if RTCP is multiplexed only. */
    int rtcpPort() {
        return rtcp == null ? -1 : port(rtcp);
    }

    private void toRtp(ByteBuf datagram, InetSocketAddress sender) {
        CallAudio owner = call;
        if (owner != null) {
            owner.receiveRtpPort(datagram, sender);
        }
    }

    private void toRtcp(ByteBuf datagram, InetSocketAddress sender) {
        CallAudio owner = call;
        if (owner != null) {
            owner.receiveRtcpPort(datagram, sender);
        }
    }

    private void failed() {
        CallAudio owner = call;
        if (owner != null) {
            owner.handlingFailed();
        }
    }

    /** Closes both sockets and waits until their ports are free. */
    void close() {
        rtp.close().awaitUninterruptibly();
        if (rtcp != null) {
            rtcp.close().awaitUninterruptibly();
        }
    }

    private static int port(Channel channel) {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }
}
