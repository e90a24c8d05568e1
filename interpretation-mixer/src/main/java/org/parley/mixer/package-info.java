/** Parley interpretation-mixer. */
package org.parley.mixer;
