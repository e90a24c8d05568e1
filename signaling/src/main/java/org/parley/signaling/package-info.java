/** Parley signaling. */
package org.parley.signaling;
