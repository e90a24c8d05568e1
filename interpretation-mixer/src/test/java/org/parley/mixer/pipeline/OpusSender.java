package org.parley.mixer.pipeline;

import org.parley.mixer.opus.Application;
import org.parley.mixer.opus.OpusEncoder;
import org.parley.mixer.opus.OpusException;
import org.parley.mixer.opus.Signal;

/** A test participant: encodes a signal 20 ms at a time and sends each packet to a {@link SourceInput}. */
final class OpusSender implements AutoCloseable {

    static final int FRAME = 960;

    private final SourceInput input;
    private final long ssrc;
    private final short[] signal;
    private final OpusEncoder encoder;
    private final short[] frame = new short[FRAME];
    private final byte[] packet = new byte[OpusEncoder.MAX_PACKET_BYTES];
    private int sequence = 65_500; // wraps during the test
    private long timestamp = 4_294_000_000L;
    private int position;

    /** A fullband sender at 64 kbit/s: the codec barely touches a test tone. */
    static OpusSender clear(SourceInput input, long ssrc, short[] signal) {
        OpusSender sender = new OpusSender(input, ssrc, signal, Application.AUDIO);
        sender.encoder.setBitrate(64_000);
        return sender;
    }

    /** A browser-like speech sender: 24 kbit/s with in-band FEC for 10 % loss. */
    static OpusSender withFec(SourceInput input, long ssrc, short[] signal) {
        OpusSender sender = new OpusSender(input, ssrc, signal, Application.VOIP);
        sender.encoder.setBitrate(24_000);
        sender.encoder.setSignal(Signal.VOICE);
        sender.encoder.setInbandFec(true);
        sender.encoder.setPacketLossPercent(10);
        return sender;
    }

    private OpusSender(SourceInput input, long ssrc, short[] signal, Application application) {
        this.input = input;
        this.ssrc = ssrc;
        this.signal = signal;
        this.encoder = OpusEncoder.create(48_000, 1, application);
    }

    /** Encodes the next 20 ms; hands the packet over unless {@code lost}. */
    void send(boolean lost) {
        for (int i = 0; i < FRAME; i++) {
            frame[i] = signal[(position + i) % signal.length];
        }
        position = (position + FRAME) % signal.length;
        int length;
        try {
            length = encoder.encode(frame, 0, FRAME, packet, 0, packet.length);
        } catch (OpusException e) {
            throw new AssertionError(e);
        }
        if (!lost && !input.offer(ssrc, sequence & 0xFFFF, timestamp & 0xFFFF_FFFFL, false, -1, System.nanoTime(),
                packet, 0, length)) {
            throw new AssertionError("handoff refused a packet");
        }
        sequence++;
        timestamp += FRAME;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
