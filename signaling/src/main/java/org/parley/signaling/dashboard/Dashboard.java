package org.parley.signaling.dashboard;

/**
 * The operators' dashboard of a server: what it shows and who may see it.
 *
 * @param feed   the per-second samples of every meeting
 * @param access the credentials that open a view
 */
public record Dashboard(DashboardFeed feed, DashboardAccess access) {
}
