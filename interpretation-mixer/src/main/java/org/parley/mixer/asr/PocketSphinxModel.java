package org.parley.mixer.asr;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a pocketsphinx model lies: the acoustic model directory ({@code -hmm}), the language model
 * ({@code -lm}) and the pronunciation dictionary ({@code -dict}).
 */
public record PocketSphinxModel(Path acousticModel, Path languageModel, Path dictionary) {

    /** System property naming a directory laid out like Debian's en-us model, used instead of it. */
    public static final String DIRECTORY_PROPERTY = "parley.pocketsphinx.model";

    /** Where Debian's {@code pocketsphinx-en-us} installs US English. */
    public static final Path DEBIAN_EN_US = Path.of("/usr/share/pocketsphinx/model/en-us");

    static final String MISSING_MESSAGE = "pocketsphinx English model not found: install the"
            + " pocketsphinx-en-us package (apt-get install pocketsphinx-en-us)";

    /** US English as {@code pocketsphinx-en-us} lays it out under {@code directory}. */
    public static PocketSphinxModel englishIn(Path directory) {
        return new PocketSphinxModel(directory.resolve("en-us"), directory.resolve("en-us.lm.bin"),
                directory.resolve("cmudict-en-us.dict"));
    }

    /** US English from {@value #DIRECTORY_PROPERTY} if set, else from Debian's package. */
    public static PocketSphinxModel english() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        return englishIn(configured == null || configured.isBlank() ? DEBIAN_EN_US : Path.of(configured));
    }

    /**
     * This model, if all of its files are there.
     *
     * @throws AsrUnavailableException naming the package to install and the first file missing
     */
    public PocketSphinxModel requireInstalled() {
        if (!Files.isRegularFile(acousticModel.resolve("mdef"))) {
            throw new AsrUnavailableException(MISSING_MESSAGE + "; no " + acousticModel.resolve("mdef"));
        }
        for (Path file : new Path[] {languageModel, dictionary}) {
            if (!Files.isRegularFile(file)) {
                throw new AsrUnavailableException(MISSING_MESSAGE + "; no " + file);
            }
        }
        return this;
    }
}
