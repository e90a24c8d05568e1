package org.parley.mixer.booth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The booths of one meeting, with the interlock and relay graph they share. Every booth's
 * language is also a channel that booths may relay from or speak into.
 *
 * <p>Not thread-safe: confine to the meeting's tick thread, like everything in the mixer.
 */
public final class BoothGroup {

    private final int frameSamples;
    private final int micRampSamples;
    private final int coughRampSamples;
    private final List<Booth> booths = new ArrayList<>();
    private final List<Booth> boothsView = Collections.unmodifiableList(booths);
    private final Map<String, Booth> boothsByLanguage = new HashMap<>();
    private final Map<String, Interpreter> interpretersById = new HashMap<>();
    private final Interlock interlock = new Interlock();
    private final RelayGraph relays = new RelayGraph(booths);

    /**
     * @param frameSamples     samples per tick
     * @param micRampSamples   microphone on/off and handover crossfade length (≤ one frame)
     * @param coughRampSamples push-to-mute ramp length
     */
    public BoothGroup(int frameSamples, int micRampSamples, int coughRampSamples) {
        if (micRampSamples > frameSamples || coughRampSamples > frameSamples) {
            throw new IllegalArgumentException("ramps must fit in one frame of " + frameSamples + " samples");
        }
        this.frameSamples = frameSamples;
        this.micRampSamples = micRampSamples;
        this.coughRampSamples = coughRampSamples;
    }

    /** Adds the booth (and thereby the channel) of {@code language}, listening to the floor, speaking into its own channel. */
    public Booth addBooth(String language) {
        if (language == null || language.isEmpty() || boothsByLanguage.containsKey(language)) {
            throw new IllegalArgumentException("language missing or already has a booth: " + language);
        }
        Booth booth = new Booth(language, this);
        booths.add(booth);
        boothsByLanguage.put(language, booth);
        relays.changed();
        return booth;
    }

    /**
     * Removes the booth (and thereby the channel) of {@code language}: its interpreters leave the
     * meeting's booths with their microphones off, booths that relayed its channel listen to the floor
     * again, and a retour into it ends (the booth speaks into its own channel, microphone off). No
     * channel depends on the removed one afterwards, so the relay graph stays whole.
     *
     * @return what changed, or null if {@code language} has no booth
     */
    public RemovedBooth removeBooth(String language) {
        Booth removed = boothsByLanguage.remove(language);
        if (removed == null) {
            return null;
        }
        booths.remove(removed);
        List<String> interpreters = removed.dissolve();
        List<String> nowOnFloor = new ArrayList<>();
        List<String> retourEnded = new ArrayList<>();
        for (Booth booth : booths) {
            if (booth.incoming() instanceof IncomingSource.Relay(String relayed) && relayed.equals(language)) {
                booth.fallBackToFloor();
                nowOnFloor.add(booth.language());
            }
            if (booth.outgoing().equals(language)) {
                booth.endRetour();
                retourEnded.add(booth.language());
            }
        }
        relays.changed();
        return new RemovedBooth(language, interpreters, nowOnFloor, retourEnded);
    }

    /** The booth of {@code language}, or null. */
    public Booth booth(String language) {
        return boothsByLanguage.get(language);
    }

    /** The booths in the order they were added (a read-only live view). */
    public List<Booth> booths() {
        return boothsView;
    }

    /** The interpreter whose microphone stream has {@code sourceId}, or null. */
    public Interpreter interpreter(String sourceId) {
        return interpretersById.get(sourceId);
    }

    public Interlock interlock() {
        return interlock;
    }

    public RelayGraph relays() {
        return relays;
    }

    Interpreter newInterpreter(String sourceId, Booth booth) {
        if (sourceId == null || sourceId.isEmpty() || interpretersById.containsKey(sourceId)) {
            throw new IllegalArgumentException("interpreter id missing or already in use: " + sourceId);
        }
        Interpreter interpreter = new Interpreter(sourceId, booth, interlock, frameSamples, micRampSamples,
                coughRampSamples);
        interpretersById.put(sourceId, interpreter);
        return interpreter;
    }

    void forgetInterpreter(Interpreter interpreter) {
        interpretersById.remove(interpreter.id(), interpreter);
    }

    void requireLanguage(String language) throws RoutingException {
        if (language == null || !boothsByLanguage.containsKey(language)) {
            throw new RoutingException("no channel for language " + language + " in this meeting");
        }
    }
}
