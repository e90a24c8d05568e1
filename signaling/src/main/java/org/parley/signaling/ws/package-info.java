/** The WebSocket end of the pipeline: violations, rate limiting and handing text frames to the session. */
package org.parley.signaling.ws;
