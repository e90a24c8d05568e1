/** The signaling server's Micrometer meters (exported in Prometheus names). */
package org.parley.signaling.metrics;
