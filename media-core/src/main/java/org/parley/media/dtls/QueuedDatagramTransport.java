package org.parley.media.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.netty.buffer.ByteBuf;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.TlsTimeoutException;

/**
 * Bridges datagrams pushed by a Netty event loop to Bouncy Castle's blocking, pull-based {@link DatagramTransport}.
 *
 * <p>{@link #offer} never blocks: it copies the datagram into a bounded queue or drops it. {@link #receive} runs on the
 * handshake thread and waits on that queue. Until {@link #handshakeFinished()} a receive past the handshake deadline
 * throws {@link TlsTimeoutException}, so a silent peer ends the handshake even before it sent a ClientHello.
 * {@link #close()} only closes the receive side: it wakes the reader, whose receive then throws
 * {@link InterruptedIOException}, while close_notify can still be sent.
 */
final class QueuedDatagramTransport implements DatagramTransport {

    /**
     * Chrome and libwebrtc use the same 1200-byte DTLS MTU: it fits the IPv6 minimum link MTU (RFC 8200 §5) with
     * room for headers and TURN framing, so handshake flights are never IP-fragmented.
     */
    static final int SEND_LIMIT = 1200;
    /** Larger than any datagram a path without IP fragmentation carries; longer ones are dropped. */
    static final int RECEIVE_LIMIT = 1500;

    private final DatagramSender sender;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final ArrayDeque<byte[]> queue;
    private final LongAdder dropped = new LongAdder();

    // Guarded by lock.
    private boolean closed;
    private boolean handshaking = true;
    private long handshakeDeadlineNanos;
    private boolean handshakeTimedOut;

    QueuedDatagramTransport(DatagramSender sender, int capacity, long handshakeTimeoutNanos) {
        this.sender = sender;
        this.capacity = capacity;
        this.queue = new ArrayDeque<>(capacity);
        this.handshakeDeadlineNanos = System.nanoTime() + handshakeTimeoutNanos;
    }

    /**
     * Copies the readable bytes of {@code datagram} into the queue without changing its reader index. The caller keeps
     * ownership of the buffer. Returns {@code false} (and counts a drop) if the datagram is empty or too long, the
     * queue is full or the transport is closed.
     */
    boolean offer(ByteBuf datagram) {
        int length = datagram.readableBytes();
        if (length == 0 || length > RECEIVE_LIMIT) {
            dropped.increment();
            return false;
        }
        byte[] copy = new byte[length];
        datagram.getBytes(datagram.readerIndex(), copy);
        lock.lock();
        try {
            if (closed || queue.size() >= capacity) {
                dropped.increment();
                return false;
            }
            queue.addLast(copy);
            readable.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    void countDrop() {
        dropped.increment();
    }

    long droppedDatagrams() {
        return dropped.sum();
    }

    /** Restarts the handshake deadline, so that it counts from {@code start()} rather than from construction. */
    void restartHandshakeDeadline(long handshakeTimeoutNanos) {
        lock.lock();
        try {
            handshakeDeadlineNanos = System.nanoTime() + handshakeTimeoutNanos;
        } finally {
            lock.unlock();
        }
    }

    /** Lifts the handshake deadline. */
    void handshakeFinished() {
        lock.lock();
        try {
            handshaking = false;
        } finally {
            lock.unlock();
        }
    }

    boolean handshakeTimedOut() {
        lock.lock();
        try {
            return handshakeTimedOut;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        byte[] datagram;
        lock.lock();
        try {
            // DatagramReceiver contract: zero means no timeout.
            long waitNanos = waitMillis == 0 ? Long.MAX_VALUE : TimeUnit.MILLISECONDS.toNanos(waitMillis);
            while (true) {
                long untilDeadline = handshakeDeadlineNanos - System.nanoTime();
                // Checked before polling so that a peer that keeps sending cannot stretch the handshake.
                if (handshaking && untilDeadline <= 0) {
                    handshakeTimedOut = true;
                    throw new TlsTimeoutException("DTLS handshake timed out");
                }
                datagram = queue.pollFirst();
                if (datagram != null) {
                    break;
                }
                if (closed) {
                    // Bouncy Castle passes this exception type through without failing the record layer, so
                    // close_notify can still be sent afterwards; returning -1 would make it retry until its timeout.
                    throw new InterruptedIOException("DTLS transport closed");
                }
                if (handshaking) {
                    waitNanos = Math.min(waitNanos, untilDeadline);
                }
                if (waitNanos <= 0) {
                    return -1;
                }
                waitNanos = readable.awaitNanos(waitNanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a DTLS datagram");
        } finally {
            lock.unlock();
        }
        // A datagram longer than the caller's buffer is truncated; the record layer then drops the broken record.
        int n = Math.min(len, datagram.length);
        System.arraycopy(datagram, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        try {
            sender.send(buf, off, len);
        } catch (RuntimeException e) {
            throw new IOException("DTLS datagram sender failed", e);
        }
    }

    /**
     * Stops accepting datagrams, discards queued ones and wakes a waiting {@link #receive}; sending still works.
     * Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
