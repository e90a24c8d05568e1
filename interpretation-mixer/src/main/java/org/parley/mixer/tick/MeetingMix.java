package org.parley.mixer.tick;

import java.util.ArrayList;
import java.util.Arrays;
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
import org.parley.mixer.channel.Limiter;
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

    /**
     * A speaker whose contribution to the floor is quieter than this (RMS of its decoded frame) is
     * left in its own mix-minus: decoded silence or comfort noise is no echo, and its mix-minus then
     * equals the ordinary mix exactly, which lets the encoder side send the ordinary stream instead
     * of encoding its own.
     */
    public static final float MIX_MINUS_GATE_DBFS = -60f;

    private static final Lane[] NO_LANES = new Lane[0];
    private static final MixMinus[] NO_MIX_MINUS = new MixMinus[0];
    private static final SpeakerMinus[] NO_SPEAKERS = new SpeakerMinus[0];

    private final MixSettings settings;
    private final int frameSamples;
    private final FloorMix floor;
    private final LevelNormalizer floorNormalizer;
    private final short[] floorPcm;
    private final BoothGroup booths;
    private final Map<String, Lane> lanes = new HashMap<>();
    private Lane[] plan = NO_LANES;
    private int planVersion = -1;
    /** Speakers with at least one mix-minus, each with its floor-without-them of this tick. */
    private final Map<String, SpeakerMinus> minusSpeakers = new HashMap<>();
    private SpeakerMinus[] minusSpeakerList = NO_SPEAKERS;

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
            Lane lane = lanes.remove(language);
            if (lane != null) {
                for (MixMinus stream : lane.mixMinus) {
                    removeMixMinus(stream); // its speaker's floor-without-them goes with its last stream
                }
            }
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
        SpeakerMinus[] minus = minusSpeakerList;
        for (SpeakerMinus speaker : minus) {
            speaker.prepare(floor);
        }
        float[] floorFrame = floor.mix();
        for (SpeakerMinus speaker : minus) {
            speaker.floorWithout(floor, floorFrame, frameSamples);
        }
        floorNormalizer.process(floorFrame, frameSamples);
        for (SpeakerMinus speaker : minus) {
            floorNormalizer.repeat(speaker.floor, frameSamples);
        }
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
            for (MixMinus stream : lane.mixMinus) {
                lane.channel.renderWithFloor(stream.speaker.floor, stream.variant, stream.limiter, stream.work,
                        stream.pcm);
            }
        }
    }

    /**
     * Adds a mix-minus: {@code language}'s {@code variant} as it is mixed, but without the floor
     * speaker {@code speakerId}'s voice — what that speaker should hear of the channel (no echo of
     * themselves). Its frame is {@link MixMinus#output()} after each tick. Control path (tick thread);
     * allocates.
     *
     * <p>How: the floor speaker's gain-adjusted frame is subtracted from the floor sum before the soft
     * clipper, where the floor is still linear; the result is clipped, gets the real floor's
     * normalisation gain sample for sample, and the channel renders it with the same voice and floor
     * gains as the real variant and a limiter of its own ({@link LanguageChannel#renderWithFloor}). A
     * speaker who is not on the floor (yet, or any more), or is quieter than
     * {@link #MIX_MINUS_GATE_DBFS}, is absent from it: the frame then equals the ordinary one.
     *
     * @throws IllegalArgumentException if the meeting has no such language
     */
    public MixMinus addMixMinus(String speakerId, String language, Variant variant) {
        Lane lane = lanes.get(language);
        if (lane == null) {
            throw new IllegalArgumentException("no channel " + language);
        }
        SpeakerMinus speaker = minusSpeakers.computeIfAbsent(speakerId, id -> new SpeakerMinus(id, frameSamples));
        speaker.streams++;
        minusSpeakerList = minusSpeakers.values().toArray(NO_SPEAKERS);
        MixMinus stream = new MixMinus(speaker, language, variant, lane.channel.newLimiter(), frameSamples);
        lane.mixMinus = append(lane.mixMinus, stream);
        return stream;
    }

    /** Removes a mix-minus (control path); false if it was not in the mix (or its language is gone). */
    public boolean removeMixMinus(MixMinus stream) {
        Lane lane = lanes.get(stream.language);
        boolean found = lane != null && contains(lane.mixMinus, stream);
        if (found) {
            lane.mixMinus = without(lane.mixMinus, stream);
        }
        if (stream.removed) {
            return false;
        }
        stream.removed = true;
        if (--stream.speaker.streams == 0) {
            minusSpeakers.remove(stream.speaker.id);
            minusSpeakerList = minusSpeakers.values().toArray(NO_SPEAKERS);
        }
        return found;
    }

    /** Mix-minus streams in the mix now. */
    public int mixMinusCount() {
        int count = 0;
        for (Lane lane : lanes.values()) {
            count += lane.mixMinus.length;
        }
        return count;
    }

    private static MixMinus[] append(MixMinus[] all, MixMinus added) {
        MixMinus[] grown = Arrays.copyOf(all, all.length + 1);
        grown[all.length] = added;
        return grown;
    }

    private static boolean contains(MixMinus[] all, MixMinus wanted) {
        for (MixMinus stream : all) {
            if (stream == wanted) {
                return true;
            }
        }
        return false;
    }

    private static MixMinus[] without(MixMinus[] all, MixMinus removed) {
        List<MixMinus> kept = new ArrayList<>(all.length);
        for (MixMinus stream : all) {
            if (stream != removed) {
                kept.add(stream);
            }
        }
        return kept.toArray(NO_MIX_MINUS);
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

    /** One language: its booth, its channel, the booth's incoming feed, and the channel's mix-minus streams. */
    private static final class Lane {
        final Booth booth;
        final LanguageChannel channel;
        final short[] feed;
        short[] feedSource;
        Lane[] speakingBooths = NO_LANES;
        MixMinus[] mixMinus = NO_MIX_MINUS;

        Lane(Booth booth, LanguageChannel channel, int frameSamples) {
            this.booth = booth;
            this.channel = channel;
            this.feed = new short[frameSamples];
        }
    }

    /** A floor speaker someone renders a mix-minus for: the floor without them, once per tick. */
    private static final class SpeakerMinus {
        final String id;
        /** This tick's floor without this speaker, normalised like the floor. */
        final float[] floor;
        int streams;
        private FloorSpeaker speaker;

        SpeakerMinus(String id, int frameSamples) {
            this.id = id;
            this.floor = new float[frameSamples];
        }

        /** Before the floor mix: asks the speaker, if on the floor, to keep its contribution. */
        void prepare(FloorMix mix) {
            speaker = mix.speaker(id);
            if (speaker != null) {
                speaker.keepContribution();
            }
        }

        /** After the floor mix, before its normalisation: the floor without this speaker (or all of it). */
        void floorWithout(FloorMix mix, float[] floorFrame, int n) {
            FloorSpeaker was = speaker;
            speaker = null;
            if (was == null || was.measuredDbfs() < MIX_MINUS_GATE_DBFS || !mix.withoutSpeaker(was, floor)) {
                System.arraycopy(floorFrame, 0, floor, 0, n);
            }
        }
    }

    /**
     * One mix-minus stream: a channel variant without one floor speaker (see {@link #addMixMinus}).
     * Its {@link #output()} is owned by the mix and overwritten by the next tick.
     */
    public static final class MixMinus {
        private final SpeakerMinus speaker;
        private final String language;
        private final Variant variant;
        private final Limiter limiter;
        private final float[] work;
        private final short[] pcm;
        private boolean removed;

        private MixMinus(SpeakerMinus speaker, String language, Variant variant,
                         Limiter limiter, int frameSamples) {
            this.speaker = speaker;
            this.language = language;
            this.variant = variant;
            this.limiter = limiter;
            this.work = new float[frameSamples];
            this.pcm = new short[frameSamples];
        }

        public String speakerId() {
            return speaker.id;
        }

        public String language() {
            return language;
        }

        public Variant variant() {
            return variant;
        }

        /** This tick's frame; silence before the first tick. */
        public short[] output() {
            return pcm;
        }
    }
}
