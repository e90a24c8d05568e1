package org.parley.signaling.interpretation;

import java.util.List;

/**
 * The tiers a listener with {@code tier: "auto"} moves between, best first, and the rule that moves
 * it: fed the listener's RTCP reception reports on what the server sends it (RFC 3550 §6.4.1,
 * fraction lost since the previous report), it steps down one tier on a lossy report and climbs back
 * one tier after a quiet spell.
 *
 * <ul>
 *   <li><b>Down</b> on a report with at least {@value #STEP_DOWN_LOSS_PERCENT} % lost: a link that
 *       loses that much is usually full, and the next tier sends half the bits (or a third of the
 *       packets). The first report after a change is skipped if it came within
 *       {@value #SETTLE_MILLIS} ms, since it mostly covers the old tier.
 *   <li><b>Up</b> when every report for a probe wait has lost at most {@value #STEP_UP_LOSS_PERCENT} %.
 *       The wait starts at {@value #FIRST_PROBE_MILLIS} ms and doubles, up to
 *       {@value #MAX_PROBE_MILLIS} ms, each time a step up is followed by a step down within
 *       {@value #FAILED_PROBE_MILLIS} ms, so a link that holds only the lower tier is not probed
 *       every few seconds; a step up that holds resets it.
 * </ul>
 *
 * <p>Loss is the only signal: it is what a receiver reports for audio (no transport-wide feedback
 * is negotiated for it), and libwebrtc sends one report about every five seconds, so a move takes
 * one to two reports. Not thread-safe; one per receiving m-line, on its session's thread.
 */
public final class TierLadder {

    static final double STEP_DOWN_LOSS_PERCENT = 8;
    static final double STEP_UP_LOSS_PERCENT = 2;
    static final long SETTLE_MILLIS = 3_000;
    static final long FIRST_PROBE_MILLIS = 20_000;
    static final long MAX_PROBE_MILLIS = 160_000;
    static final long FAILED_PROBE_MILLIS = 30_000;

    private final List<String> rungs;
    private int current;
    private long changedAtNanos;
    private boolean lastChangeWasUp;
    private long probeWaitMillis = FIRST_PROBE_MILLIS;
    /** When the current run of quiet reports began, or -1 after a report above the step-up loss. */
    private long quietSinceNanos;

    /**
     * @param rungs    tier names, best first; at least one
     * @param nowNanos when the listener started on the best rung
     */
    public TierLadder(List<String> rungs, long nowNanos) {
        this(rungs, rungs.isEmpty() ? null : rungs.getFirst(), nowNanos);
    }

    /**
     * @param rungs    tier names, best first; at least one
     * @param start    the rung the listener is on now; the best one if it is not on the ladder
     * @param nowNanos when the listener started on it
     */
    public TierLadder(List<String> rungs, String start, long nowNanos) {
        if (rungs.isEmpty()) {
            throw new IllegalArgumentException("a tier ladder needs at least one tier");
        }
        this.rungs = List.copyOf(rungs);
        this.current = Math.max(0, this.rungs.indexOf(start));
        this.changedAtNanos = nowNanos;
        this.quietSinceNanos = nowNanos;
    }

    /** The tier the listener should receive now. */
    public String tier() {
        return rungs.get(current);
    }

    /** The tiers, best first. */
    public List<String> rungs() {
        return rungs;
    }

    /**
     * Takes one new reception report.
     *
     * @param lossPercent what the report says was lost since the previous one, 0 to 100
     * @return the tier to move to, or null to stay
     */
    public String report(double lossPercent, long nowNanos) {
        long sinceChange = millisBetween(changedAtNanos, nowNanos);
        if (sinceChange < SETTLE_MILLIS) {
            return null;
        }
        if (lossPercent >= STEP_DOWN_LOSS_PERCENT) {
            quietSinceNanos = -1;
            if (current == rungs.size() - 1) {
                return null;
            }
            if (lastChangeWasUp && sinceChange < FAILED_PROBE_MILLIS) {
                probeWaitMillis = Math.min(probeWaitMillis * 2, MAX_PROBE_MILLIS);
            }
            return move(current + 1, false, nowNanos);
        }
        if (lossPercent > STEP_UP_LOSS_PERCENT) {
            quietSinceNanos = -1;
            return null;
        }
        if (quietSinceNanos < 0) {
            quietSinceNanos = nowNanos;
            return null;
        }
        if (lastChangeWasUp && sinceChange >= FAILED_PROBE_MILLIS) {
            probeWaitMillis = FIRST_PROBE_MILLIS; // the last step up held
        }
        if (current == 0 || millisBetween(quietSinceNanos, nowNanos) < probeWaitMillis
                || sinceChange < probeWaitMillis) {
            return null;
        }
        return move(current - 1, true, nowNanos);
    }

    /** How long the ladder waits for quiet reports before it climbs; doubles after a failed climb. */
    long probeWaitMillis() {
        return probeWaitMillis;
    }

    private String move(int rung, boolean up, long nowNanos) {
        current = rung;
        changedAtNanos = nowNanos;
        lastChangeWasUp = up;
        quietSinceNanos = nowNanos;
        return rungs.get(current);
    }

    private static long millisBetween(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }
}
