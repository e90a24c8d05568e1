package org.parley.media.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.media.MediaConfig;
import org.parley.media.MediaMetrics;
import org.parley.media.dtls.DtlsCertificate;
import org.parley.media.sdp.SdpException;
import org.parley.media.transport.TransportHost;
import org.parley.media.transport.WebRtcTransport;

/**
 * An offer is applied on the media event loop while signaling waits a bounded time. When the wait
 * gives up, the offer must not be applied later anyway: signaling has already told the client it
 * failed, so producers appearing afterwards would be ones nobody negotiated.
 */
class NegotiationTimeoutTest {

    @Test
    void anOfferTheBusyLoopHasNotStartedIsWithdrawnWhenTheWaitGivesUp() throws Exception {
        RecordingTransportHost recording = new RecordingTransportHost();
        DefaultEventExecutor loop = new DefaultEventExecutor();
        CountDownLatch busy = new CountDownLatch(1);
        try {
            WebRtcTransport transport = new WebRtcTransport("late", new OnLoop(recording, loop));
            loop.execute(() -> {
                try {
                    busy.await(); // the loop is stuck until the negotiation has given up
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            String offer = BrowserPeer.fixture(BrowserPeer.PUBLISH_AND_THREE_SUBSCRIBES);

            assertThrows(SdpException.class, () -> transport.negotiate(offer));
            busy.countDown();
            loop.submit(() -> { }).sync(); // whatever was queued before has run by now

            assertEquals(List.of(), transport.producers());
            assertNull(transport.consumer("1"));
            assertNull(recording.router().producer("late/0"));
        } finally {
            busy.countDown();
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
            recording.releaseAll();
        }
    }

    /** The recording host with a real event loop of its own. */
    private record OnLoop(RecordingTransportHost recording, EventExecutor eventLoop) implements TransportHost {
        @Override
        public MediaConfig config() {
            return recording.config();
        }

        @Override
        public int udpPort() {
            return recording.udpPort();
        }

        @Override
        public ByteBufAllocator allocator() {
            return recording.allocator();
        }

        @Override
        public void send(ByteBuf datagram, InetSocketAddress recipient) {
            recording.send(datagram, recipient);
        }

        @Override
        public Router router() {
            return recording.router();
        }

        @Override
        public MediaMetrics metrics() {
            return recording.metrics();
        }

        @Override
        public DtlsCertificate certificate() {
            return recording.certificate();
        }

        @Override
        public Executor handshakeExecutor() {
            return recording.handshakeExecutor();
        }

        @Override
        public void addressSelected(WebRtcTransport transport, InetSocketAddress address) {
        }

        @Override
        public void transportClosed(WebRtcTransport transport) {
        }
    }
}
