/** Server configuration: the embedded {@code conf/parley.json}, an optional file and command line overrides. */
package org.parley.signaling.config;
