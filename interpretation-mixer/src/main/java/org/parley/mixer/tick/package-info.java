/**
 * The per-tick orchestration of one meeting's mix.
 *
 * <p>{@link org.parley.mixer.tick.MeetingMix} is handed each tick's decoded frames per source, computes
 * the floor, then every channel in relay order (each booth's incoming feed, its microphones, the
 * channel's CLEAN and MIXED variants), and tells the decoder side which sources it needs next tick.
 * {@link org.parley.mixer.tick.FrameFormat} fixes the tick length (10 or 20 ms at 48 kHz).
 */
package org.parley.mixer.tick;
