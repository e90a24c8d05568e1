package org.parley.media.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.PortUnreachableException;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.bouncycastle.tls.DatagramTransport;

/**
 * Connects a {@link DtlsTestClient} to a {@link DtlsTransport} in memory: the pipe is the transport's
 * {@link DatagramSender}, and {@link #clientEnd()} is the client's {@link DatagramTransport}, which delivers each
 * datagram to {@link DtlsTransport#receive} as an event loop would (a buffer that the pipe releases afterwards).
 *
 * <p>Optionally the client end sends garbage before each real datagram, or stops delivering after a number of
 * datagrams, or the server's sends fail once the client end is closed, to imitate a hostile or vanished peer.
 */
public final class InMemoryDatagramPipe implements DatagramSender {

    private final BlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>();
    private final ClientEnd clientEnd = new ClientEnd();
    private volatile DtlsTransport server;
    private volatile Random garbage;
    private volatile int clientDatagramsLeft = Integer.MAX_VALUE;
    private volatile boolean closed;
    private volatile boolean serverSendsFailOnceClosed;

    /** Where the client's datagrams go. */
    public void connect(DtlsTransport server) {
        this.server = server;
    }

    /** Before each client datagram, also sends random bytes and a truncated copy of the datagram. */
    public void sendGarbageBeforeEachClientDatagram(long seed) {
        garbage = new Random(seed);
    }

    /** Delivers only the next {@code count} client datagrams and silently loses the rest. */
    public void deliverOnly(int count) {
        clientDatagramsLeft = count;
    }

    /** From now on, a server send after the client end closed throws, as a send to a vanished UDP peer can. */
    public void failServerSendsOnceClosed() {
        serverSendsFailOnceClosed = true;
    }

    /** The client side of the pipe, for {@link DtlsTestClient#connect}. */
    public DatagramTransport clientEnd() {
        return clientEnd;
    }

    /** Server to client. */
    @Override
    public void send(byte[] data, int offset, int length) {
        if (!closed) {
            toClient.add(Arrays.copyOfRange(data, offset, offset + length));
        } else if (serverSendsFailOnceClosed) {
            throw new UncheckedIOException(new PortUnreachableException("client end closed"));
        }
    }

    /** Makes the client end's receive fail, which ends a blocked client handshake. */
    public void close() {
        closed = true;
        toClient.add(new byte[0]); // wakes a waiting receive
    }

    /** Delivers {@code datagram} to the server as an event loop would: the server copies it, we release it. */
    public void deliverToServer(byte[] datagram, int offset, int length) {
        DtlsTransport target = server;
        if (target == null) {
            return;
        }
        ByteBuf buffer = Unpooled.copiedBuffer(datagram, offset, length);
        try {
            target.receive(buffer);
        } finally {
            buffer.release();
        }
    }

    private final class ClientEnd implements DatagramTransport {

        @Override
        public int getReceiveLimit() {
            return DtlsTestClient.MTU;
        }

        @Override
        public int getSendLimit() {
            return DtlsTestClient.MTU;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            try {
                byte[] datagram = toClient.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (closed) {
                    throw new IOException("pipe closed");
                }
                if (datagram == null) {
                    return -1;
                }
                int n = Math.min(len, datagram.length);
                System.arraycopy(datagram, 0, buf, off, n);
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("pipe closed");
            }
            if (clientDatagramsLeft <= 0) {
                return;
            }
            clientDatagramsLeft--;
            Random random = garbage;
            if (random != null) {
                byte[] noise = new byte[1 + random.nextInt(300)];
                random.nextBytes(noise);
                deliverToServer(noise, 0, noise.length);
                deliverToServer(buf, off, Math.max(1, len / 2));
            }
            deliverToServer(buf, off, len);
        }

        @Override
        public void close() {
            InMemoryDatagramPipe.this.close();
        }
    }
}
