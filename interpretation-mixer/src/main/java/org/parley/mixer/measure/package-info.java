/**
 * Measuring audio rather than mixing it: an {@link org.parley.mixer.measure.Fft} and a synthetic
 * {@link org.parley.mixer.measure.VoicedSignal}. Nothing on the mixing path uses them; they live in
 * this module's main code so that its tests, the signaling module's tests (tone analysis of what
 * browsers receive) and the bench (speech intelligibility, codec SNR) measure with one copy.
 */
package org.parley.mixer.measure;
