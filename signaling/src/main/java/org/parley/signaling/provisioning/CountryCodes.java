package org.parley.signaling.provisioning;

import java.util.Locale;
import java.util.Set;

/** The two-letter ISO 3166-1 alpha-2 country codes, upper case, as the JDK knows them. */
final class CountryCodes {

    private static final Set<String> CODES = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);

    private CountryCodes() {
    }

    static boolean isIso3166Alpha2(String code) {
        return code.length() == 2 && CODES.contains(code);
    }
}
