/** Meetings and their participants, independent of the wire protocol. */
package org.parley.signaling.meeting;
