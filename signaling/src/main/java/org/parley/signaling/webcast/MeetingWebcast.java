package org.parley.signaling.webcast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.fmp4.OpusTrack;
import org.parley.mixer.hls.HlsPlaylists;
import org.parley.mixer.hls.HlsRendition;
import org.parley.mixer.hls.HlsTimeline;
import org.parley.mixer.tier.EncodedFrameSink;
import org.parley.mixer.tier.Tier;
import org.parley.signaling.interpretation.ChannelKey;
import org.parley.signaling.interpretation.MeetingChannels;

/**
 * The webcast of one meeting: a rendition per channel (the floor, then each of the meeting's
 * languages; variant {@code mixed}, the configured tier), each fed by a tap on its channel stream.
 * The renditions outlive the meeting's mixer: when it stops (everyone left) and starts again, the
 * taps move to the new one on a timeline that carries on ({@link HlsTimeline}).
 *
 * <p>Threads: {@link #sync} and the archive calls run on the webcast's maintenance thread; the HTTP
 * route reads {@link #rendition} and the playlists from event loops (immutable snapshots).
 */
final class MeetingWebcast {

    /** The webcast's channel variant: the interpreter with the floor underneath (DOMAIN.md). */
    static final Variant VARIANT = Variant.MIXED;

    private final String meetingId;
    /** Unique per start of the server: in every URL, so immutable segments never change under a cache. */
    private final String run;
    private final Tier tier;
    private final int preSkip;
    private final int segmentSamples;
    private final int windowSegments;
    private final WebcastListeners listeners = new WebcastListeners();
    /** Replaced whole on change: rendition name → rendition, floor first. */
    private volatile Map<String, HlsRendition> renditions = Map.of();
    private volatile String multivariant;
    private final Map<String, EncodedFrameSink> taps = new LinkedHashMap<>();
    private MeetingChannels attached;
    private HlsTimeline timeline;
    private WebcastArchive archive;
    private Executor archiveWriter;

    MeetingWebcast(String meetingId, String run, Tier tier, int preSkip, int segmentSamples, int windowSegments) {
        this.meetingId = meetingId;
        this.run = run;
        this.tier = tier;
        this.preSkip = preSkip;
        this.segmentSamples = segmentSamples;
        this.windowSegments = windowSegments;
        this.multivariant = HlsPlaylists.multivariant(List.of(), bandwidth());
    }

    String run() {
        return run;
    }

    /**
     * Follows the meeting: taps the running mixer {@code channels} (null: none running), with a
     * rendition for the floor and each of {@code languages}; moves to a new mixer on a continuing
     * timeline; drops the renditions of languages the meeting lost. Maintenance thread.
     */
    void sync(MeetingChannels channels, List<String> languages) {
        if (channels != attached) {
            detach();
            if (channels != null) {
                attached = channels;
                timeline = HlsTimeline.continuing(renditions.values(), segmentSamples);
            }
        }
        List<String> wanted = new ArrayList<>(languages.size() + 1);
        wanted.add(ChannelKey.FLOOR);
        wanted.addAll(languages);
        Map<String, HlsRendition> next = new LinkedHashMap<>();
        boolean changed = false;
        for (String name : wanted) {
            HlsRendition rendition = renditions.get(name);
            if (rendition == null) {
                rendition = new HlsRendition(name, new OpusTrack(1, preSkip, OpusTrack.iso639Part2(name)),
                        segmentSamples, windowSegments);
                startArchiving(rendition);
                changed = true;
            }
            next.put(name, rendition);
        }
        for (String name : renditions.keySet()) {
            if (!next.containsKey(name)) {
                changed = true;
                untap(name);
            }
        }
        if (changed) {
            renditions = java.util.Collections.unmodifiableMap(next);
            multivariant = HlsPlaylists.multivariant(playlistRenditions(), bandwidth());
            if (archive != null) {
                WebcastArchive writing = archive;
                List<HlsPlaylists.Rendition> listed = playlistRenditions();
                archiveWriter.execute(() -> writing.multivariant(listed, bandwidth()));
            }
        }
        if (attached != null) {
            for (HlsRendition rendition : next.values()) {
                if (!taps.containsKey(rendition.name())) {
                    EncodedFrameSink sink = timeline.sink(rendition);
                    // False while the mixer has not taken the language yet: tried again at the next sync.
                    if (attached.addTap(key(rendition.name()), sink)) {
                        taps.put(rendition.name(), sink);
                    }
                }
            }
        }
    }

    /** Takes every tap off the mixer (the webcast was turned off, the meeting's mixer stopped). */
    void detach() {
        if (attached != null) {
            for (String name : List.copyOf(taps.keySet())) {
                untap(name);
            }
        }
        attached = null;
        taps.clear();
    }

    private void untap(String name) {
        EncodedFrameSink sink = taps.remove(name);
        if (sink != null && attached != null) {
            attached.removeTap(key(name), sink);
        }
    }

    private ChannelKey key(String name) {
        return new ChannelKey(name, VARIANT, tier);
    }

    /** The rendition called {@code name} (a language code or {@code floor}), or null. Any thread. */
    HlsRendition rendition(String name) {
        return renditions.get(name);
    }

    List<HlsRendition> renditions() {
        return List.copyOf(renditions.values());
    }

    /** The multivariant playlist now. Any thread. */
    String multivariant() {
        return multivariant;
    }

    /** The live media playlist of {@code rendition}. Any thread. */
    String livePlaylist(HlsRendition rendition) {
        var snapshot = rendition.window().snapshot();
        return HlsPlaylists.media(HlsPlaylists.Kind.LIVE, segmentSamples / 48_000, "init.mp4", "",
                snapshot.segments(), snapshot.discontinuitySequence());
    }

    WebcastListeners listeners() {
        return listeners;
    }

    /** Starts writing every rendition's segments from now on into {@code archive}, on {@code writer}. Maintenance thread. */
    void startArchive(WebcastArchive newArchive, Executor writer) {
        stopArchive();
        archive = newArchive;
        archiveWriter = writer;
        for (HlsRendition rendition : renditions.values()) {
            startArchiving(rendition);
        }
        List<HlsPlaylists.Rendition> listed = playlistRenditions();
        writer.execute(() -> newArchive.multivariant(listed, bandwidth()));
    }

    private void startArchiving(HlsRendition rendition) {
        WebcastArchive writing = archive;
        if (writing == null) {
            return;
        }
        Executor writer = archiveWriter;
        String name = rendition.name();
        byte[] init = rendition.initSegment();
        writer.execute(() -> writing.startRendition(name, init));
        // On the mixer thread: only hands the finished segment over.
        rendition.archive(segment -> writer.execute(() -> writing.segment(name, segment)));
    }

    /** Stops the archive; its playlists end once the segments queued before are written. Maintenance thread. */
    WebcastArchive stopArchive() {
        WebcastArchive stopped = archive;
        if (stopped == null) {
            return null;
        }
        for (HlsRendition rendition : renditions.values()) {
            rendition.archive(null);
        }
        archive = null;
        archiveWriter.execute(stopped::finish);
        return stopped;
    }

    private List<HlsPlaylists.Rendition> playlistRenditions() {
        List<HlsPlaylists.Rendition> listed = new ArrayList<>();
        for (String name : renditions.keySet()) {
            boolean floor = ChannelKey.FLOOR.equals(name);
            listed.add(new HlsPlaylists.Rendition(displayName(name), floor ? null : name,
                    run + "/" + name + "/live.m3u8", floor));
        }
        return listed;
    }

    /**
     * NAME of a rendition: the language in its own language (what a viewer looks for in a player's
     * menu), and for the floor, which carries whatever is spoken and so has no LANGUAGE, "Original (floor)".
     */
    static String displayName(String name) {
        if (ChannelKey.FLOOR.equals(name)) {
            return "Original (floor)";
        }
        Locale language = Locale.of(name);
        String own = language.getDisplayLanguage(language);
        if (own.isEmpty() || own.equals(name)) {
            return name;
        }
        return own.substring(0, 1).toUpperCase(language) + own.substring(1);
    }

    /** BANDWIDTH of the audio-only variant: the tier's bitrate with a margin for variable rate and the container. */
    private long bandwidth() {
        return tier.bitrate() * 5L / 4;
    }

    String meetingId() {
        return meetingId;
    }

    int segmentSeconds() {
        return segmentSamples / 48_000;
    }
}
