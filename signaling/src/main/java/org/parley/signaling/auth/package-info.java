/**
 * Who may do what: participant {@link org.parley.signaling.auth.Role roles}, signed join tokens
 * ({@link org.parley.signaling.auth.TokenSigner}, HMAC-SHA256) and the provisioning API's
 * {@link org.parley.signaling.auth.AdminKey}.
 */
package org.parley.signaling.auth;
