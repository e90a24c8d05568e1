/** The plain HTTP routes: health, Prometheus metrics and the demo app's static files. */
package org.parley.signaling.http;
