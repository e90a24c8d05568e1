package org.parley.signaling.interpretation;

import java.util.ArrayList;
import java.util.List;
import org.parley.mixer.booth.Booth;
import org.parley.mixer.booth.IncomingSource;
import org.parley.mixer.booth.Interpreter;

/**
 * One booth of a running mixer as its tick thread saw it, right after a change: an immutable copy
 * that other threads may read. Microphones are named by their source ids (producer ids).
 *
 * @param language     the booth's language
 * @param incoming     what it interprets from: {@code floor} or a relayed language
 * @param outgoing     the channel its microphones speak into
 * @param interpreters its microphones, in the order they joined the mix
 * @param pendingFrom  the live microphone that offered a handover, or null
 * @param pendingTo    the microphone the handover is offered to, or null
 */
public record BoothState(String language, String incoming, String outgoing, List<Microphone> interpreters,
                         String pendingFrom, String pendingTo) {

    /** The {@code incoming} value of a booth that listens to the floor. */
    public static final String FLOOR = "floor";

    public BoothState {
        interpreters = List.copyOf(interpreters);
    }

    /**
     * One interpreter's microphone in the booth.
     *
     * @param sourceId the producer id of the microphone
     * @param live     whether it holds the booth's outgoing channel
     * @param coughing whether its push-to-mute key is held
     */
    public record Microphone(String sourceId, boolean live, boolean coughing) {
    }

    /** The live microphone's source id, or null when the booth is idle. */
    public String liveSource() {
        for (Microphone microphone : interpreters) {
            if (microphone.live()) {
                return microphone.sourceId();
            }
        }
        return null;
    }

    /** Copies {@code booth}. Mixer thread only (the control path, never the tick's mixing). */
    static BoothState of(Booth booth) {
        List<Microphone> microphones = new ArrayList<>(booth.interpreters().size());
        for (Interpreter interpreter : booth.interpreters()) {
            microphones.add(new Microphone(interpreter.id(), interpreter.isLive(), interpreter.isCoughing()));
        }
        String incoming = booth.incoming() instanceof IncomingSource.Relay(String relayed) ? relayed : FLOOR;
        return new BoothState(booth.language(), incoming, booth.outgoing(), microphones,
                idOf(booth.pendingHandoverFrom()), idOf(booth.pendingHandoverTo()));
    }

    private static String idOf(Interpreter interpreter) {
        return interpreter == null ? null : interpreter.id();
    }
}
