package org.parley.signaling.protocol;

/**
 * Whether a connection may try a {@code join} now ({@code limits.joinsPerSecondPerAddress}: the joins of its
 * source address). Asked once per {@code join} request, before the meeting is looked at.
 */
@FunctionalInterface
public interface JoinAdmission {

    /** Admits every join (connections with no source address to limit, e.g. tests of the protocol alone). */
    JoinAdmission UNLIMITED = () -> true;

    /** Takes one join of the connection's allowance; false if there is none left now. */
    boolean tryJoin();
}
