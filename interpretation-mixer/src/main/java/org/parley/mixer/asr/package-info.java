/**
 * Speech recognition of the mixer's channels for captions: the engine interface ({@link
 * org.parley.mixer.asr.AsrEngine}, {@link org.parley.mixer.asr.AsrSession}, {@link
 * org.parley.mixer.asr.AsrListener}), the 48 to 16 kHz {@link org.parley.mixer.asr.Decimator48To16}
 * and the built-in English engine, pocketsphinx through the JDK's foreign function API ({@link
 * org.parley.mixer.asr.PocketSphinxEngine}). Recognition runs on ASR worker threads, never on the
 * mixer thread or a Netty event loop.
 */
package org.parley.mixer.asr;
