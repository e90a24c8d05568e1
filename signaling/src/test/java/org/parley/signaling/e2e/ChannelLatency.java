package org.parley.signaling.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.parley.media.router.Producer;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.opus.OpusDecoder;
import org.parley.mixer.opus.OpusException;
import org.parley.mixer.tick.FrameFormat;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.config.MixerConfig;
import org.parley.signaling.interpretation.ChannelKey;
import org.parley.signaling.interpretation.MeetingChannels;
import org.parley.signaling.peer.ReceiveSlot;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.ToneAnalyzer;
import org.parley.signaling.peer.WebRtcPeer;

/**
 * Measures the latency an interpretation channel adds, through the real UDP path: a libwebrtc
 * interpreter publishes a 1 kHz tone into an in-process Parley server through a {@link LossyUdpProxy}
 * that lets it through in {@link Talkspurts} (a 120 ms burst every 500 ms); a listener keeps the
 * French clean standard channel encoded. For each burst, the latency is from the moment its first
 * packet is relayed to the server's media port (the loopback hop, tens of microseconds, included)
 * to the moment the first channel packet whose decoded audio carries the burst leaves the channel
 * producer for its consumers (SRTP and the send follow within the same event-loop task).
 *
 * <p>Not a test: a tool run by hand, see bench/README.md. Arguments: the number of bursts (default
 * 240) and the mixer tick in milliseconds, 10 or 20 (default 20).
 */
public final class ChannelLatency {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final long PERIOD_MILLIS = 500;
    private static final long BURST_MILLIS = 120;
    /** A frame louder than this starts a burst in the channel (the tone is sent at -12 dBFS)... */
    private static final double ONSET_DBFS = -40;
    /** ...if the frames before it were quieter than this. */
    private static final double SILENCE_DBFS = -55;
    private static final int SILENT_FRAMES_BEFORE_ONSET = 3;
    /** A channel onset this long after a burst's first packet is not that burst's. */
    private static final long MAX_LATENCY_NANOS = 400_000_000L;

    private ChannelLatency() {
    }

    public static void main(String[] args) throws Exception {
        int bursts = args.length > 0 ? Integer.parseInt(args[0]) : 240;
        MixerConfig mixer = new MixerConfig(args.length > 1 ? Integer.parseInt(args[1]) : 20);
        Talkspurts talkspurts = new Talkspurts(PERIOD_MILLIS, BURST_MILLIS, bursts + 10);
        // Room for a packet per tick, whatever the tier's frame.
        int frames = (int) ((bursts + 20) * PERIOD_MILLIS / mixer.frameMillis());
        ChannelPacketRecorder channel = new ChannelPacketRecorder(frames);
        System.out.printf(Locale.ROOT, "mixer tick %d ms%n", mixer.frameMillis());
        try (ParleyServer server = MediaTestServer.start(mixer);
             AdminApi api = new AdminApi(server)) {
            String meetingId = api.createMeeting("""
                    {"title": "Latency", "languages": ["fr", "en"], "floorLanguage": "en", "booths": [{"language": "fr"}]}
                    """);
            try (LossyUdpProxy proxy = new LossyUdpProxy(talkspurts);
                 SignalingClient interpreterSignaling = api.join(meetingId,
                         "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}");
                 WebRtcPeer interpreter = WebRtcPeer.publisher(1000);
                 SignalingClient listenerSignaling = api.join(meetingId,
                         "{\"role\": \"delegate\", \"name\": \"Listener\"}");
                 WebRtcPeer listener = WebRtcPeer.subscriber()) {
                ReceiveSlot slot = listener.addRecvOnlyAudio();
                listener.setAnswer(listenerSignaling.offer(listener.createOffer()).get("sdp").asText());
                listener.awaitConnected(TIMEOUT);
                ChannelKey key = new ChannelKey("fr", Variant.CLEAN, server.interpretation().orElseThrow().tiers().get("standard"));
                listenerSignaling.request(SignalingClient.message("subscribeChannel").put("mid", slot.mid())
                        .put("language", "fr").put("variant", "clean").put("tier", "standard"), TIMEOUT);
                MeetingChannels channels = server.interpretation().orElseThrow().existing(meetingId);
                Producer channelProducer = channels.producer(key);

                JsonNode answer = interpreterSignaling.offer(interpreter.createOffer());
                interpreter.setAnswer(proxy.rewriteAnswer(answer.get("sdp").asText()));
                interpreter.awaitConnected(TIMEOUT);
                interpreterSignaling.request(SignalingClient.message("micOn"), TIMEOUT);

                channelProducer.setTap(channel);
                int startOnset = talkspurts.onsetCount();
                long deadline = System.nanoTime() + Duration.ofMillis((bursts + 10) * PERIOD_MILLIS).toNanos();
                while (talkspurts.onsetCount() < startOnset + bursts + 1 && System.nanoTime() < deadline) {
                    Thread.sleep(PERIOD_MILLIS);
                }
                channelProducer.setTap(null);
                Thread.sleep(100); // a packet in the tap when it was removed
                long[] onsets = Arrays.copyOfRange(talkspurts.onsets(), startOnset + 1, talkspurts.onsetCount());
                report(onsets, channel);
            }
        }
    }

    /** Pairs each burst's first packet with the channel's next onset and prints the distribution. */
    private static void report(long[] burstNanos, ChannelPacketRecorder channel) throws OpusException {
        long[] channelOnsets = channelOnsets(channel);
        long[] latencies = new long[burstNanos.length];
        int matched = 0;
        int next = 0;
        for (long burst : burstNanos) {
            while (next < channelOnsets.length && channelOnsets[next] < burst) {
                next++;
            }
            if (next < channelOnsets.length && channelOnsets[next] - burst <= MAX_LATENCY_NANOS) {
                latencies[matched++] = channelOnsets[next] - burst;
                next++;
            }
        }
        Arrays.sort(latencies, 0, matched);
        System.out.printf(Locale.ROOT, "bursts %d, matched %d, channel packets %d, channel onsets %d%n",
                burstNanos.length, matched, channel.count(), channelOnsets.length);
        if (matched > 0) {
            System.out.printf(Locale.ROOT, "added latency (ms): min %.1f  p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
                    millis(latencies[0]), millis(percentile(latencies, matched, 50)),
                    millis(percentile(latencies, matched, 90)), millis(percentile(latencies, matched, 99)),
                    millis(latencies[matched - 1]));
        }
    }

    /**
     * Leave times of the channel packets whose decoded frame is the first loud one after a few
     * silent ones. Frames in between (neither silent nor loud: a burst's first audio at the very end
     * of a frame, or a concealment tail) neither start nor cancel an onset.
     */
    private static long[] channelOnsets(ChannelPacketRecorder channel) throws OpusException {
        long[] onsets = new long[channel.count()];
        int found = 0;
        int silentRun = 0;
        boolean armed = false;
        short[] pcm = new short[FrameFormat.SAMPLE_RATE * 120 / 1000];
        try (OpusDecoder decoder = OpusDecoder.create(FrameFormat.SAMPLE_RATE, 1)) {
            for (int i = 0; i < channel.count(); i++) {
                int samples = decoder.decode(channel.payload(i), 0, channel.length(i), pcm, 0, pcm.length, false);
                double level = ToneAnalyzer.rmsDbfs(Arrays.copyOf(pcm, samples));
                if (level > ONSET_DBFS) {
                    if (armed) {
                        onsets[found++] = channel.leaveNanos(i);
                    }
                    armed = false;
                }
                silentRun = level < SILENCE_DBFS ? silentRun + 1 : 0;
                armed |= silentRun >= SILENT_FRAMES_BEFORE_ONSET;
            }
        }
        return Arrays.copyOf(onsets, found);
    }

    private static long percentile(long[] sorted, int count, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, rank))];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
