package org.parley.signaling.sip.media;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.parley.media.router.Producer;
import org.parley.media.router.RtpTap;

/**
 * The calls listening to each interpretation channel. A {@link Producer} has one {@link RtpTap};
 * several calls may hear the same channel, so the tap on a channel producer is a fan-out owned here
 * (nothing else taps the local channel producers: {@code MeetingChannels} taps publishers only).
 * Thread-safe: changes under this object's lock, the fan-out reads a copy-on-write array.
 */
final class ChannelTaps {

    /** Guarded by {@code this}. */
    private final Map<Producer, FanOut> fanOuts = new HashMap<>();

    /** {@code downlink} sees {@code channel}'s packets from the next one on. */
    synchronized void add(Producer channel, ChannelDownlink downlink) {
        FanOut fanOut = fanOuts.get(channel);
        if (fanOut == null) {
            fanOut = new FanOut();
            fanOuts.put(channel, fanOut);
            channel.setTap(fanOut);
        }
        fanOut.add(downlink);
    }

    /** {@code downlink} no longer sees {@code channel}'s packets; the last one out removes the tap. */
    synchronized void remove(Producer channel, ChannelDownlink downlink) {
        FanOut fanOut = fanOuts.get(channel);
        if (fanOut != null && fanOut.remove(downlink)) {
            channel.setTap(null);
            fanOuts.remove(channel);
        }
    }

    /** Channels tapped now. */
    synchronized int size() {
        return fanOuts.size();
    }

    /** Hands each packet of one channel to every downlink listening to it. Media event loop. */
    private static final class FanOut implements RtpTap {

        private static final ChannelDownlink[] NONE = new ChannelDownlink[0];

        /** Copy-on-write under the {@link ChannelTaps} lock. */
        private volatile ChannelDownlink[] downlinks = NONE;

        @Override
        public void onRtp(Producer producer, ByteBuf packet, long nowNanos) {
            for (ChannelDownlink downlink : downlinks) {
                downlink.offer(producer, packet);
            }
        }

        void add(ChannelDownlink downlink) {
            ChannelDownlink[] current = downlinks;
            ChannelDownlink[] grown = Arrays.copyOf(current, current.length + 1);
            grown[current.length] = downlink;
            downlinks = grown;
        }

        /** @return whether none is left */
        boolean remove(ChannelDownlink downlink) {
            ChannelDownlink[] current = downlinks;
            for (int i = 0; i < current.length; i++) {
                if (current[i] == downlink) {
                    ChannelDownlink[] shrunk = new ChannelDownlink[current.length - 1];
                    System.arraycopy(current, 0, shrunk, 0, i);
                    System.arraycopy(current, i + 1, shrunk, i, current.length - i - 1);
                    downlinks = shrunk;
                    break;
                }
            }
            return downlinks.length == 0;
        }
    }
}
