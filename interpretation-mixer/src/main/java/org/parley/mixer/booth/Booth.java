package org.parley.mixer.booth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The interpreters of one target language, with the booth's incoming source (floor or relay)
 * and outgoing channel (its own language, or another one for a retour).
 *
 * <p>Handovers between booth partners are two-step ({@link #requestHandover} then
 * {@link #acceptHandover}) or forced ({@link #takeOver}); either way the live microphone and its
 * successor cross-fade on equal-power ramps starting at the same frame boundary, so listeners hear
 * neither a gap nor both voices at full level.
 */
public final class Booth {

    private final String language;
    private final BoothGroup group;
    private final List<Interpreter> interpreters = new ArrayList<>();
    private final List<Interpreter> interpretersView = Collections.unmodifiableList(interpreters);
    private IncomingSource incoming = IncomingSource.FLOOR;
    private String outgoing;
    private Interpreter handoverFrom;
    private Interpreter handoverTo;

    Booth(String language, BoothGroup group) {
        this.language = language;
        this.group = group;
        this.outgoing = language;
    }

    /** The booth's target language. */
    public String language() {
        return language;
    }

    /** Adds an interpreter whose microphone stream has {@code sourceId}; ids are unique within the meeting. */
    public Interpreter addInterpreter(String sourceId) {
        Interpreter interpreter = group.newInterpreter(sourceId, this);
        interpreters.add(interpreter);
        return interpreter;
    }

    /**
     * Removes an interpreter who left the meeting. A live microphone is released at the next frame
     * boundary without a fade (its stream is gone anyway); the channel then ramps to its idle fallback.
     *
     * @return false if {@code interpreter} is not one of this booth's
     */
    public boolean removeInterpreter(Interpreter interpreter) {
        if (!interpreters.remove(interpreter)) {
            return false;
        }
        interpreter.micOff();
        if (handoverTo == interpreter) {
            handoverFrom = null;
            handoverTo = null;
        }
        group.forgetInterpreter(interpreter);
        return true;
    }

    /** The booth's interpreters (a read-only live view). */
    public List<Interpreter> interpreters() {
        return interpretersView;
    }

    /** The interpreter whose microphone is live, or null when the booth is idle. */
    public Interpreter liveInterpreter() {
        for (int i = 0; i < interpreters.size(); i++) {
            if (interpreters.get(i).isLive()) {
                return interpreters.get(i);
            }
        }
        return null;
    }

    public boolean isLive() {
        return liveInterpreter() != null;
    }

    /**
     * How many frames in a row the live interpreter has been on air without voice
     * ({@link Interpreter#silentFrames}); 0 when nobody is live. Tick thread.
     */
    public int silentFrames() {
        Interpreter live = liveInterpreter();
        return live == null ? 0 : live.silentFrames();
    }

    public IncomingSource incoming() {
        return incoming;
    }

    /** The channel this booth's microphones speak into. */
    public String outgoing() {
        return outgoing;
    }

    /**
     * Selects what the booth listens to.
     *
     * @throws RelayCycleException if a channel would come to depend on itself (the message names the cycle)
     * @throws RoutingException    if the relay language has no channel in this meeting
     */
    public void setIncoming(IncomingSource source) throws RoutingException {
        if (source == null) {
            throw new RoutingException("booth " + language + ": an incoming source (floor or relay) is required");
        }
        if (source instanceof IncomingSource.Relay(String relayed)) {
            group.requireLanguage(relayed);
        }
        group.relays().check(this, source, outgoing);
        incoming = source;
        group.relays().changed();
    }

    /**
     * Selects the channel this booth speaks into (its own language, or another for a retour).
     * Pre-select it before going live: it cannot change under a live microphone.
     *
     * @throws RelayCycleException if a channel would come to depend on itself (the message names the cycle)
     * @throws RoutingException    if the language has no channel, or a microphone of the booth is live
     */
    public void setOutgoing(String channel) throws RoutingException {
        group.requireLanguage(channel);
        Interpreter live = liveInterpreter();
        if (live != null && !channel.equals(outgoing)) {
            throw new RoutingException("booth " + language + " is live (" + live.id()
                    + "); switch the microphone off before changing the outgoing channel to " + channel);
        }
        group.relays().check(this, incoming, channel);
        outgoing = channel;
        group.relays().changed();
    }

    /**
     * The booth is removed: every interpreter's microphone goes off (releasing the interlock) and
     * leaves the group, and a pending handover is dropped.
     *
     * @return the source ids of the interpreters it had
     */
    List<String> dissolve() {
        List<String> ids = new ArrayList<>(interpreters.size());
        for (Interpreter interpreter : interpreters) {
            interpreter.micOff();
            group.forgetInterpreter(interpreter);
            ids.add(interpreter.id());
        }
        interpreters.clear();
        handoverFrom = null;
        handoverTo = null;
        return ids;
    }

    /** The relayed channel is gone: the booth listens to the floor. Removing an edge cannot close a cycle. */
    void fallBackToFloor() {
        incoming = IncomingSource.FLOOR;
    }

    /**
     * The channel of this booth's retour is gone: its live microphone goes off (its listeners were
     * the removed channel's) and the booth speaks into its own channel again.
     */
    void endRetour() {
        Interpreter live = liveInterpreter();
        if (live != null) {
            live.micOff();
        }
        outgoing = language;
    }

    /** {@code from}, live, offers the microphone to {@code to}; nothing is switched until {@code to} accepts. */
    public MicResult requestHandover(Interpreter from, Interpreter to) {
        MicResult refusal = refuseForeign(from);
        if (refusal == null) {
            refusal = refuseForeign(to);
        }
        if (refusal != null) {
            return refusal;
        }
        if (!from.isLive()) {
            return new MicResult(MicResult.Status.REFUSED_NOT_LIVE, from.id() + " is not live; nothing to hand over");
        }
        if (from == to) {
            return new MicResult(MicResult.Status.ALREADY_LIVE, from.id() + " is already live");
        }
        handoverFrom = from;
        handoverTo = to;
        return new MicResult(MicResult.Status.HANDOVER_REQUESTED, from.id() + " offers the microphone to " + to.id());
    }

    /** {@code to} accepts the pending handover offered to it: the microphones switch at the next frame boundary. */
    public MicResult acceptHandover(Interpreter to) {
        if (handoverTo != to || to == null) {
            return new MicResult(MicResult.Status.REFUSED_NO_HANDOVER_PENDING, "no handover is offered to "
                    + (to == null ? "null" : to.id()));
        }
        Interpreter from = handoverFrom;
        handoverFrom = null;
        handoverTo = null;
        if (!from.isLive()) {
            return to.micOn(); // the partner went off in the meantime: a plain mic-on, still interlocked
        }
        return switchLive(from, to);
    }

    /** {@code to} takes the microphone from the booth partner live on the outgoing channel, without waiting. */
    public MicResult takeOver(Interpreter to) {
        MicResult refusal = refuseForeign(to);
        if (refusal != null) {
            return refusal;
        }
        Interpreter holder = group.interlock().liveOn(outgoing);
        if (holder == null) {
            return to.micOn();
        }
        if (holder == to) {
            return new MicResult(MicResult.Status.ALREADY_LIVE, to.id() + " is already live");
        }
        if (holder.booth() != this) {
            return new MicResult(MicResult.Status.REFUSED_CHANNEL_BUSY, "channel " + outgoing + " is live with "
                    + holder.id() + " of booth " + holder.booth().language() + ", which must release it first");
        }
        return switchLive(holder, to);
    }

    /** The interpreter a pending handover is offered to, or null. */
    public Interpreter pendingHandoverTo() {
        return handoverTo;
    }

    /** The live interpreter that offered a pending handover, or null: the one {@link #acceptHandover} switches off. */
    public Interpreter pendingHandoverFrom() {
        return handoverFrom;
    }

    void forgetHandoverFrom(Interpreter from) {
        if (handoverFrom == from) {
            handoverFrom = null;
            handoverTo = null;
        }
    }

    private MicResult switchLive(Interpreter from, Interpreter to) {
        group.interlock().transfer(outgoing, from, to);
        from.goQuiet();
        to.goLive();
        handoverFrom = null;
        handoverTo = null;
        return new MicResult(MicResult.Status.HANDED_OVER, from.id() + " handed " + outgoing + " over to " + to.id());
    }

    /** A refusal if {@code interpreter} is not one of this booth's, else null. */
    private MicResult refuseForeign(Interpreter interpreter) {
        if (interpreter != null && interpreter.booth() == this) {
            return null;
        }
        return new MicResult(MicResult.Status.REFUSED_NOT_IN_BOOTH,
                (interpreter == null ? "null" : interpreter.id()) + " is not an interpreter of booth " + language);
    }

    /** Adds every interpreter's microphone (through its ramps) to {@code bus}, consuming this tick's frames. */
    public void mixInto(float[] bus, int n) {
        for (int i = 0; i < interpreters.size(); i++) {
            interpreters.get(i).mixInto(bus, n);
        }
    }
}
