/**
 * Interpretation channels in the SFU: per meeting, an interpretation mixer whose sources are the
 * meeting's publishers (floor speakers and interpreters' microphones, tapped from their producers)
 * and whose encoded language channels are local producers in the media core's router, which
 * listeners subscribe to by (language, variant, tier).
 */
package org.parley.signaling.interpretation;
