/**
 * The provisioning REST API ({@code /api/meetings…}, {@code /api/statistics…}, see API.md) and the meeting access rules of
 * signaling: {@link org.parley.signaling.provisioning.ProvisioningApiHandler} parses and answers
 * HTTP requests, {@link org.parley.signaling.provisioning.MeetingProvisioning} keeps the store and the
 * live {@link org.parley.signaling.meeting.MeetingRegistry} in step, and
 * {@link org.parley.signaling.provisioning.MeetingAccess} admits token holders, logs participation and
 * ends meetings for the signaling sessions.
 */
package org.parley.signaling.provisioning;
