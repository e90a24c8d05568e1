package org.parley.media.router;

/** An incoming RTP stream (one SSRC on one transport's m-line). */
public interface Producer {
    /** Stable id: {@code <transportId>/<mid>}. */
    String id();

    String transportId();

    String mid();

    long ssrc();

    String kind();
}
