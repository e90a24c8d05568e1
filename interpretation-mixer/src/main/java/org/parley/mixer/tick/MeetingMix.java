package org.parley.mixer.tick;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.parley.mixer.booth.Booth;
import org.parley.mixer.booth.BoothGroup;
import org.parley.mixer.booth.IncomingSource;
import org.parley.mixer.booth.Interpreter;
import org.parley.mixer.booth.RemovedBooth;
import org.parley.mixer.channel.LanguageChannel;
import org.parley.mixer.channel.LevelNormalizer;
import org.parley.mixer.channel.Pcm16;
import org.parley.mixer.channel.SourceFrame;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.floor.FloorMix;
import org.parley.mixer.floor.FloorSpeaker;

/**
 * The PCM mix of one meeting, advanced one frame per {@link #tick()}.
 *
 * <p>Each tick: the decoder side {@link #offer offers} the decoded frame of every needed source
 * (a source not offered is silence); {@code tick()} then mixes the floor, and walks the channels
 * in relay order — for every booth speaking into a channel it copies the booth's incoming feed
 * (the floor, or a relayed channel already produced this tick) and sums its microphones into the
 * channel's voice bus — and renders each channel's CLEAN and MIXED frames. A relay thus never
 * costs an extra frame. Afterwards {@link #output}, {@link #boothFeed} and {@link #floor()} return
 * this tick's frames, and {@link #forEachNeededSource} names what to decode for the next one.
 *
 * <p>After setup a tick allocates nothing. Not thread-safe: the tick and all control calls
 * (microphones, handovers, routing, speakers) must run on the meeting's tick thread, so every
 * control change takes effect at a frame boundary.
 */
public final class MeetingMix {

    /** Microphone on/off and handover crossfade: 5 ms equal-power, inside one 10 ms frame. */
    static final int MIC_RAMP_MILLIS = 5;
    /** Push-to-mute: fast enough to hide a cough, slow enough not to click. */
    static final int COUGH_RAMP_MILLIS = 3;
    /** Idle ⇄ live transition of a channel, and floor speakers fading in or out. */
    static final int SWITCH_RAMP_MILLIS = 5;

    private static final Lane[] NO_LANES = new Lane[0];

    private final MixSettings settings;
    private final int frameSamples;
    private final FloorMix floor;
    private final LevelNormalizer floorNormalizer;
    private final short[] floorPcm;
    private final BoothGroup booths;
    private final Map<String, Lane> lanes = new HashMap<>();
    private Lane[] plan = NO_LANES;
    private int planVersion = -1;

    public MeetingMix(MixSettings settings) {
        this.settings = settings;
        FrameFormat format = settings.format();
        this.frameSamples = format.samplesPerFrame();
        this.floor = new FloorMix(frameSamples, format.samples(SWITCH_RAMP_MILLIS));
        this.floorNormalizer = new LevelNormalizer(settings.channels().targetLevelDbfs(),
                settings.channels().maxNormalisationDb(), frameSamples, FrameFormat.SAMPLE_RATE);
        this.floorPcm = new short[frameSamples];
        this.booths = new BoothGroup(frameSamples, format.samples(MIC_RAMP_MILLIS), format.samples(COUGH_RAMP_MILLIS));
    }

    public MixSettings settings() {
        return settings;
    }

    /** Adds a language: its booth (listening to the floor, speaking into its own channel) and its channel. */
    public Booth addLanguage(String language) {
        Booth booth = booths.addBooth(language);
        laneOf(booth);
        return booth;
    }

    /**
     * Removes a language: its booth and channel (see {@link BoothGroup#removeBooth}). Booths that
     * relayed it hear the floor from the next tick on; {@link #output} and {@link #boothFeed} return
     * null for it.
     *
     * @return what changed, or null if the mix has no such language
     */
    public RemovedBooth removeLanguage(String language) {
        RemovedBooth removed = booths.removeBooth(language);
        if (removed != null) {
            lanes.remove(language);
        }
        return removed;
    }

    /** Adds an interpreter to the booth of {@code language}; its microphone is offered under {@code sourceId}. */
    public Interpreter addInterpreter(String language, String sourceId) {
        Booth booth = booths.booth(language);
        if (booth == null || floor.speaker(sourceId) != null) {
            throw new IllegalArgumentException("no booth for " + language + ", or " + sourceId + " is a floor speaker");
        }
        return booth.addInterpreter(sourceId);
    }

    /** Gives {@code sourceId} the floor from the next tick on (fading in). */
    public FloorSpeaker addFloorSpeaker(String sourceId) {
        if (booths.interpreter(sourceId) != null) {
            throw new IllegalArgumentException(sourceId + " is an interpreter");
        }
        return floor.addSpeaker(sourceId);
    }

    /** Takes the floor from {@code sourceId} (fading out during the next tick); false if it had none. */
    public boolean removeFloorSpeaker(String sourceId) {
        return floor.removeSpeaker(sourceId);
    }

    public BoothGroup booths() {
        return booths;
    }

    /** The booth of {@code language}, or null. */
    public Booth booth(String language) {
        return booths.booth(language);
    }

    /** The channel of {@code language}, or null. */
    public LanguageChannel channel(String language) {
        Lane lane = lanes.get(language);
        return lane == null ? null : lane.channel;
    }

    public FloorMix floorMix() {
        return floor;
    }

    /** {@link #offer(String, short[], int)} without an RFC 6464 level. */
    public boolean offer(String sourceId, short[] pcm) {
        return offer(sourceId, pcm, SourceFrame.NO_AUDIO_LEVEL);
    }

    /**
     * Hands over the decoded frame of {@code sourceId} for the coming tick (copied; {@code pcm}
     * stays the caller's).
     *
     * @param rfc6464Level the client-to-mixer audio level sent with the frame (RFC 6464 §3, 0..127), or -1
     * @return false if the source is unknown (e.g. a speaker who already left) or the frame is not one frame long
     */
    public boolean offer(String sourceId, short[] pcm, int rfc6464Level) {
        SourceFrame frame = frameOf(sourceId);
        return frame != null && frame.offer(pcm, rfc6464Level);
    }

    /** Mixes one frame: floor, then booths and channels in relay order. */
    public void tick() {
        if (planVersion != booths.relays().version()) {
            rebuildPlan();
        }
        float[] floorFrame = floor.mix();
        floorNormalizer.process(floorFrame, frameSamples);
        Pcm16.toShort(floorFrame, floorPcm, frameSamples);
        for (Lane lane : plan) {
            float[] bus = lane.channel.voiceBus();
            boolean live = false;
            for (Lane speaking : lane.speakingBooths) {
                // The feed's source (floor or a relayed channel) precedes this lane in the plan.
                System.arraycopy(speaking.feedSource, 0, speaking.feed, 0, frameSamples);
                speaking.booth.mixInto(bus, frameSamples);
                live |= speaking.booth.isLive();
            }
            lane.channel.render(floorFrame, live);
        }
    }

    /**
     * This tick's frame of {@code language}'s {@code variant}: owned by the mix, overwritten by the
     * next tick; null if the meeting has no such language.
     */
    public short[] output(String language, Variant variant) {
        Lane lane = lanes.get(language);
        return lane == null ? null : lane.channel.output(variant);
    }

    /** What the booth of {@code language} hears this tick (floor or relay); owned by the mix; null if unknown. */
    public short[] boothFeed(String language) {
        Lane lane = lanes.get(language);
        return lane == null ? null : lane.feed;
    }

    /** This tick's floor (all floor speakers, normalised); owned by the mix. */
    public short[] floor() {
        return floorPcm;
    }

    /**
     * Names every source whose frame the next tick needs: floor speakers (including one fading out)
     * and interpreter microphones that are live or still fading. Others need not be decoded.
     */
    public void forEachNeededSource(Consumer<? super String> sink) {
        List<FloorSpeaker> speakers = floor.speakers();
        for (int i = 0; i < speakers.size(); i++) {
            sink.accept(speakers.get(i).id());
        }
        List<Booth> all = booths.booths();
        for (int b = 0; b < all.size(); b++) {
            List<Interpreter> interpreters = all.get(b).interpreters();
            for (int i = 0; i < interpreters.size(); i++) {
                if (interpreters.get(i).isAudible()) {
                    sink.accept(interpreters.get(i).id());
                }
            }
        }
    }

    /** The needed sources as a new list (convenience for control code; allocates). */
    public List<String> neededSources() {
        List<String> needed = new ArrayList<>();
        forEachNeededSource(needed::add);
        return needed;
    }

    /** Whether the next tick needs {@code sourceId}'s frame. */
    public boolean isNeeded(String sourceId) {
        if (floor.speaker(sourceId) != null) {
            return true;
        }
        Interpreter interpreter = booths.interpreter(sourceId);
        return interpreter != null && interpreter.isAudible();
    }

    private SourceFrame frameOf(String sourceId) {
        FloorSpeaker speaker = floor.speaker(sourceId);
        if (speaker != null) {
            return speaker.frame();
        }
        Interpreter interpreter = booths.interpreter(sourceId);
        return interpreter == null ? null : interpreter.mic();
    }

    private Lane laneOf(Booth booth) {
        return lanes.computeIfAbsent(booth.language(), language -> new Lane(booth, new LanguageChannel(language,
                frameSamples, FrameFormat.SAMPLE_RATE, settings.channels(),
                settings.format().samples(SWITCH_RAMP_MILLIS)), frameSamples));
    }

    /** Runs on routing changes only (control path): orders lanes and resolves each booth's feed and channel. */
    private void rebuildPlan() {
        for (Booth booth : booths.booths()) {
            laneOf(booth);
        }
        List<String> order = booths.relays().evaluationOrder();
        Lane[] next = new Lane[order.size()];
        for (int i = 0; i < next.length; i++) {
            next[i] = lanes.get(order.get(i));
        }
        for (Lane lane : next) {
            List<Lane> speaking = new ArrayList<>();
            for (Lane other : next) {
                if (other.booth.outgoing().equals(lane.booth.language())) {
                    speaking.add(other);
                }
            }
            lane.speakingBooths = speaking.toArray(NO_LANES);
            lane.feedSource = lane.booth.incoming() instanceof IncomingSource.Relay(String relayed)
                    ? lanes.get(relayed).channel.output(Variant.CLEAN)
                    : floorPcm;
        }
        plan = next;
        planVersion = booths.relays().version();
    }

    /** One language: its booth, its channel, and the booth's incoming feed. */
    private static final class Lane {
        final Booth booth;
        final LanguageChannel channel;
        final short[] feed;
        short[] feedSource;
        Lane[] speakingBooths = NO_LANES;

        Lane(Booth booth, LanguageChannel channel, int frameSamples) {
            this.booth = booth;
            this.channel = channel;
            this.feed = new short[frameSamples];
        }
    }
}
