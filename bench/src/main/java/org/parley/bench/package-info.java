/** Parley bench. */
package org.parley.bench;
