/**
 * End-to-end test harness that drives headless Chromium through the Chrome DevTools Protocol.
 *
 * <p>{@link org.parley.signaling.browser.Chromium} starts the browser (fresh profile, fake media
 * devices, loopback ICE) and opens one {@link org.parley.signaling.browser.DevToolsConnection} to
 * it; each {@link org.parley.signaling.browser.BrowserPage} is a tab on a flattened session of that
 * connection. {@link org.parley.signaling.browser.StaticResourceServer} serves test pages from
 * {@code src/test/resources/browser/}, and {@link org.parley.signaling.browser.WavFile} makes the
 * known signal the fake microphone plays. Every wait is bounded, and failures carry the page's
 * console and the tail of Chromium's stderr.
 */
package org.parley.signaling.browser;
