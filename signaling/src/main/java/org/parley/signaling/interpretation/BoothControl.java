package org.parley.signaling.interpretation;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.parley.mixer.booth.Booth;
import org.parley.mixer.booth.IncomingSource;
import org.parley.mixer.booth.Interpreter;
import org.parley.mixer.booth.MicResult;
import org.parley.mixer.booth.RelayCycleException;
import org.parley.mixer.booth.RoutingException;
import org.parley.mixer.tick.MeetingMix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The booth desk of a running mixer: handovers between booth partners and each booth's routing
 * (relay and retour). Every command runs on the mixer thread at the next tick, so a switch falls on
 * a frame boundary, and completes its future there; callers continue on their own executor.
 * Microphones are named by their source ids (producer ids).
 */
public final class BoothControl {

    private static final Logger LOG = LoggerFactory.getLogger(BoothControl.class);

    private final MeetingChannels channels;

    BoothControl(MeetingChannels channels) {
        this.channels = channels;
    }

    /** The live microphone {@code fromSource} offers the booth's channel to its partner {@code toSource}. */
    public CompletableFuture<MicResult> requestHandover(String fromSource, String toSource) {
        return channels.control(mix -> {
            Interpreter from = mix.booths().interpreter(fromSource);
            Interpreter to = mix.booths().interpreter(toSource);
            if (from == null || to == null) {
                return notInTheMix(from == null ? fromSource : toSource);
            }
            return from.booth().requestHandover(from, to);
        });
    }

    /** {@code toSource} accepts the handover offered to it: both microphones cross-fade at the next frame. */
    public CompletableFuture<MicSwitch> acceptHandover(String toSource) {
        return channels.control(mix -> {
            Interpreter to = mix.booths().interpreter(toSource);
            if (to == null) {
                return new MicSwitch(notInTheMix(toSource), null);
            }
            Interpreter from = to.booth().pendingHandoverFrom();
            return MicSwitch.from(to.booth().acceptHandover(to), from);
        });
    }

    /** {@code toSource} takes the live microphone from its booth partner without asking. */
    public CompletableFuture<MicSwitch> takeOver(String toSource) {
        return channels.control(mix -> {
            Interpreter to = mix.booths().interpreter(toSource);
            if (to == null) {
                return new MicSwitch(notInTheMix(toSource), null);
            }
            Interpreter holder = mix.booths().interlock().liveOn(to.booth().outgoing());
            return MicSwitch.from(to.booth().takeOver(to), holder);
        });
    }

    /** The booth of {@code booth} interprets from {@code source}: {@link BoothState#FLOOR} or a language (relay). */
    public CompletableFuture<Routing> setIncoming(String booth, String source) {
        return channels.control(mix -> listen(mix, booth, source));
    }

    /** The booth of {@code booth} speaks into {@code channel} (a retour when it is not its own language). */
    public CompletableFuture<Routing> setOutgoing(String booth, String channel) {
        return channels.control(mix -> route(mix, booth, target -> {
            Interpreter live = target.liveInterpreter();
            if (live != null && !channel.equals(target.outgoing())) {
                return new Routing(Routing.Status.BOOTH_BUSY, "booth " + booth + " is live (" + live.id()
                        + "); switch the microphone off before changing its outgoing channel");
            }
            target.setOutgoing(channel);
            return null;
        }));
    }

    /** At the mixer's start: each configured booth listens to its default source; a refusal is logged and skipped. */
    void applyRelaySources(Map<String, String> relaySources) {
        if (relaySources.isEmpty()) {
            return;
        }
        channels.control(mix -> {
            for (Map.Entry<String, String> booth : relaySources.entrySet()) {
                Routing routing = listen(mix, booth.getKey(), booth.getValue());
                if (routing.status() != Routing.Status.CHANGED) {
                    LOG.warn("Meeting {}: booth {} cannot relay {}: {}", channels.meetingId(), booth.getKey(),
                            booth.getValue(), routing.message());
                }
            }
            return null;
        });
    }

    private static Routing listen(MeetingMix mix, String booth, String source) {
        IncomingSource incoming = BoothState.FLOOR.equals(source) ? IncomingSource.FLOOR : IncomingSource.relay(source);
        return route(mix, booth, target -> {
            target.setIncoming(incoming);
            return null;
        });
    }

    private static Routing route(MeetingMix mix, String booth, RoutingChange change) {
        Booth target = mix.booth(booth);
        if (target == null) {
            return new Routing(Routing.Status.UNKNOWN_LANGUAGE, "the mixer has no booth " + booth);
        }
        try {
            Routing refusal = change.apply(target);
            return refusal != null ? refusal : new Routing(Routing.Status.CHANGED, "booth " + booth + " listens to "
                    + target.incoming() + " and speaks into " + target.outgoing());
        } catch (RelayCycleException e) {
            return new Routing(Routing.Status.RELAY_CYCLE, e.getMessage());
        } catch (RoutingException e) {
            return new Routing(Routing.Status.UNKNOWN_LANGUAGE, e.getMessage());
        }
    }

    private static MicResult notInTheMix(String sourceId) {
        return new MicResult(MicResult.Status.REFUSED_NOT_IN_BOOTH, sourceId + " is not a microphone in a booth");
    }

    /** A routing change on the mixer thread; returns a refusal, or null once applied. */
    private interface RoutingChange {
        Routing apply(Booth booth) throws RoutingException;
    }

    /**
     * The outcome of a handover or take-over.
     *
     * @param result         what the mixer did
     * @param previousSource the microphone that went quiet when the channel crossed over, or null
     */
    public record MicSwitch(MicResult result, String previousSource) {
        static MicSwitch from(MicResult result, Interpreter previous) {
            boolean crossed = result.status() == MicResult.Status.HANDED_OVER && previous != null;
            return new MicSwitch(result, crossed ? previous.id() : null);
        }
    }

    /**
     * The outcome of a routing change.
     *
     * @param message what changed, or why not (a cycle is named channel by channel)
     */
    public record Routing(Status status, String message) {
        /** What a routing change did. */
        public enum Status {
            CHANGED,
            /** No channel for that language in the mixer. */
            UNKNOWN_LANGUAGE,
            /** The change would make a channel depend on itself. */
            RELAY_CYCLE,
            /** The outgoing channel cannot change under a live microphone. */
            BOOTH_BUSY
        }
    }
}
