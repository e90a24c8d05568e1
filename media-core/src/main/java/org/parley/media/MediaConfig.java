package org.parley.media;

/**
 * Settings of the media core.
 *
 * <p>There is no thread count: the media core serves its one UDP socket (and the ICE-TCP connections)
 * on a single event loop thread, so every transport's state and the Router run there without locks
 * (see {@link MediaServer}). The former {@code ioThreads} setting was never used and is gone.
 *
 * @param bindAddress      local address of the shared UDP socket and the ICE-TCP listener
 *                         (e.g. {@code 0.0.0.0} or {@code 127.0.0.1})
 * @param announcedAddress the address written into ICE candidates; what peers send to
 * @param udpPort          the one UDP port every transport shares; 0 picks a free port (tests)
 * @param tcpPort          the TCP port of the passive ICE-TCP candidate (RFC 6544) every transport
 *                         also offers; 0 picks a free port (tests), {@link #TCP_DISABLED} offers none
 */
// The addresses come first so that a call written for the former (bind, udpPort, announced, ioThreads[, tcpPort])
// shape fails to compile rather than silently taking its thread count for a TCP port.
public record MediaConfig(String bindAddress, String announcedAddress, int udpPort, int tcpPort) {

    /** {@link #tcpPort()} when no ICE-TCP candidate is offered. */
    public static final int TCP_DISABLED = -1;

    public MediaConfig {
        if (tcpPort < TCP_DISABLED || tcpPort > 65535) {
            throw new IllegalArgumentException("tcpPort " + tcpPort + " is not -1 (off) or 0..65535");
        }
    }

    /** UDP only: no ICE-TCP candidate. */
    public static MediaConfig udpOnly(String bindAddress, String announcedAddress, int udpPort) {
        return new MediaConfig(bindAddress, announcedAddress, udpPort, TCP_DISABLED);
    }

    /** UDP and TCP on port 10000 of every address, announced as 127.0.0.1. */
    public static MediaConfig defaults() {
        return new MediaConfig("0.0.0.0", "127.0.0.1", 10000, 10000);
    }

    public MediaConfig withUdpPort(int port) {
        return new MediaConfig(bindAddress, announcedAddress, port, tcpPort);
    }

    public MediaConfig withTcpPort(int port) {
        return new MediaConfig(bindAddress, announcedAddress, udpPort, port);
    }

    /** Whether transports offer a passive ICE-TCP candidate. */
    public boolean tcpEnabled() {
        return tcpPort != TCP_DISABLED;
    }
}
