/**
 * What the mixer's bindings to system C libraries through the JDK's foreign function API share:
 * finding and opening the library ({@link org.parley.mixer.ffm.SharedLibraries}).
 */
package org.parley.mixer.ffm;
