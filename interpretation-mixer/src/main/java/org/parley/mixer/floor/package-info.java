/**
 * The floor: the original speech of whoever holds the floor in the room.
 *
 * <p>{@link org.parley.mixer.floor.FloorMix} sums the current {@link org.parley.mixer.floor.FloorSpeaker}s
 * (several may be live at once), measures each speaker's level per tick and keeps the sum inside
 * full scale with a {@link org.parley.mixer.floor.SoftClipper}. Speakers fade in and out when they
 * are given or lose the floor.
 */
package org.parley.mixer.floor;
