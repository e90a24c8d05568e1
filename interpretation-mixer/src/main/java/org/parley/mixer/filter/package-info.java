/** FIR filter design shared by the mixer's resamplers ({@link org.parley.mixer.filter.KaiserLowPass}). */
package org.parley.mixer.filter;
