/**
 * Accounts of people who run meetings through the web: organisers, who own the meetings they create,
 * and operators, who look after every meeting. {@link org.parley.signaling.accounts.PasswordHasher}
 * keeps their passwords as Argon2id hashes, {@link org.parley.signaling.accounts.LoginThrottle} bounds
 * password guessing per account and per source address, and
 * {@link org.parley.signaling.accounts.LoginSessions} holds the logged-in sessions behind the session
 * cookie, and {@link org.parley.signaling.accounts.DashboardTickets} hands a session over to the
 * operator dashboard's WebSocket. {@link org.parley.signaling.accounts.AddAccount} is {@code bin/parley add-account}.
 */
package org.parley.signaling.accounts;
