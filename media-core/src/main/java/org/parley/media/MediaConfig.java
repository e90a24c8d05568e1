package org.parley.media;

/**
 * Settings of the media core.
 *
 * @param bindAddress      local address of the shared UDP socket and the ICE-TCP listener
 *                         (e.g. {@code 0.0.0.0} or {@code 127.0.0.1})
 * @param udpPort          the one UDP port every transport shares; 0 picks a free port (tests)
 * @param announcedAddress the address written into ICE candidates; what peers send to
 * @param ioThreads        event loop threads for the UDP socket; 0 means one per core
 * @param tcpPort          the TCP port of the passive ICE-TCP candidate (RFC 6544) every transport
 *                         also offers; 0 picks a free port (tests), {@link #TCP_DISABLED} offers none
 */
public record MediaConfig(String bindAddress, int udpPort, String announcedAddress, int ioThreads, int tcpPort) {

    /** {@link #tcpPort()} when no ICE-TCP candidate is offered. */
    public static final int TCP_DISABLED = -1;

    public MediaConfig {
        if (tcpPort < TCP_DISABLED || tcpPort > 65535) {
            throw new IllegalArgumentException("tcpPort " + tcpPort + " is not -1 (off) or 0..65535");
        }
    }

    /** UDP only: no ICE-TCP candidate. */
    public MediaConfig(String bindAddress, int udpPort, String announcedAddress, int ioThreads) {
        this(bindAddress, udpPort, announcedAddress, ioThreads, TCP_DISABLED);
    }

    /** UDP and TCP on port 10000 of every address, announced as 127.0.0.1. */
    public static MediaConfig defaults() {
        return new MediaConfig("0.0.0.0", 10000, "127.0.0.1", 0, 10000);
    }

    public MediaConfig withUdpPort(int port) {
        return new MediaConfig(bindAddress, port, announcedAddress, ioThreads, tcpPort);
    }

    public MediaConfig withTcpPort(int port) {
        return new MediaConfig(bindAddress, udpPort, announcedAddress, ioThreads, port);
    }

    /** Whether transports offer a passive ICE-TCP candidate. */
    public boolean tcpEnabled() {
        return tcpPort != TCP_DISABLED;
    }
}
