/**
 * What a listener of one language hears, and the signal conditioning every stage shares.
 *
 * <p>A {@link org.parley.mixer.channel.LanguageChannel} turns the floor and its voice bus (the live
 * interpreter) into two {@link org.parley.mixer.channel.Variant}s each tick. The building blocks —
 * {@link org.parley.mixer.channel.GainRamp} (click-free switching), {@link org.parley.mixer.channel.Limiter},
 * {@link org.parley.mixer.channel.LevelNormalizer}, {@link org.parley.mixer.channel.SourceFrame} and
 * {@link org.parley.mixer.channel.Pcm16} — are also used by the floor and booth stages. Samples are
 * mono floats in [-1, 1] at 48 kHz; nothing here allocates after construction.
 */
package org.parley.mixer.channel;
