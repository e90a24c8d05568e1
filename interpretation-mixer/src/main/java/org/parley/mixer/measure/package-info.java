/**
 * Measuring audio rather than mixing it: an {@link org.parley.mixer.measure.Fft}. Nothing on the
 * mixing path uses it; it lives in this module's main code so that the signaling module's tests
 * (tone analysis of what browsers receive) and the bench (speech intelligibility) share one copy.
 */
package org.parley.mixer.measure;
