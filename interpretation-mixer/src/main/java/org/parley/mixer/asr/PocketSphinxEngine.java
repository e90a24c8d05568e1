package org.parley.mixer.asr;

import java.util.Locale;

/**
 * The built-in recogniser: pocketsphinx 0.8 (CMU Sphinx) in process, through the JDK's foreign
 * function API over Debian's {@code libpocketsphinx3}, with the US English model of
 * {@code pocketsphinx-en-us}. English only. Each session has a decoder of its own (pocketsphinx
 * 0.8 cannot share a loaded model between decoders), so opening one reads the model from disk
 * (about 40 MB of memory, a fraction of a second).
 */
public final class PocketSphinxEngine implements AsrEngine {

    private final PocketSphinxLibrary library;
    private final PocketSphinxModel model;

    private PocketSphinxEngine(PocketSphinxLibrary library, PocketSphinxModel model) {
        this.library = library;
        this.model = model;
    }

    /**
     * The system library and Debian's English model.
     *
     * @throws AsrUnavailableException naming the packages to install if either is missing
     */
    public static PocketSphinxEngine create() {
        return create(PocketSphinxLibrary.get(), PocketSphinxModel.english());
    }

    /**
     * An engine over a given library and model.
     *
     * @throws AsrUnavailableException naming the package to install if the model is missing
     */
    public static PocketSphinxEngine create(PocketSphinxLibrary library, PocketSphinxModel model) {
        return new PocketSphinxEngine(library, model.requireInstalled());
    }

    @Override
    public String name() {
        return "pocketsphinx";
    }

    @Override
    public boolean supports(String language) {
        String tag = language.toLowerCase(Locale.ROOT);
        return tag.equals("en") || tag.startsWith("en-");
    }

    @Override
    public AsrSession open(String language, AsrListener listener) {
        if (!supports(language)) {
            throw new AsrUnavailableException("pocketsphinx recognises English only, not " + language);
        }
        return new PocketSphinxSession(library, model, listener);
    }

    @Override
    public void close() {
        // Nothing shared: each session owns its decoder, and the library stays loaded for the JVM.
    }
}
