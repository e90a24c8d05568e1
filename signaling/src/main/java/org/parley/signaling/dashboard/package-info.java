/**
 * The operators' live view of the server: {@link org.parley.signaling.dashboard.DashboardFeed} samples
 * every meeting once a second (participants' link quality and media path, booths, channel audiences,
 * mixer load), keeps ten minutes of each participant's figures ({@link org.parley.signaling.dashboard.QualityHistory})
 * and raises alerts; {@link org.parley.signaling.dashboard.DashboardAccess} decides who may watch which
 * meetings. The wire side (the {@code watchDashboard} request, the {@code dashboard} message, one view per
 * connection) is in {@code protocol}.
 */
package org.parley.signaling.dashboard;
