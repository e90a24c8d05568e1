package org.parley.signaling.store;

/**
 * An interpretation booth.
 *
 * @param language    the language the booth interprets into (ISO 639-1)
 * @param relaySource what the booth listens to by default: {@link #FLOOR}, or the language of another
 *                    booth (relay interpretation)
 */
public record Booth(String language, String relaySource) {
    /** The relay source meaning the original speech on the floor. */
    public static final String FLOOR = "floor";
}
