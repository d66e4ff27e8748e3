package io.cloudsync.sync.objectserver;

import java.util.Locale;

/**
 * Which object-server answers need the proxy pipeline to become what a client would read. An
 * object server returns the stored bytes and headers as they are: for an encrypted object that is
 * ciphertext, for a symlink the link, for a DLO the empty manifest object, and any system metadata
 * belongs to some middleware that may transform the object. Such objects are read through the
 * internal proxy instead; plain objects, the overwhelming majority, are the same either way.
 */
final class ProxyOnlyObjects {
  private ProxyOnlyObjects() {
  }

  /**
   * Why an object with a header of this name must be read through the proxy, or null when the
   * header is harmless.
   */
  static String reason(String headerName) {
    String name = headerName.toLowerCase(Locale.ROOT);
    if (name.startsWith("x-object-sysmeta-crypto-") || name.startsWith("x-object-transient-sysmeta-crypto-")) {
      return "encrypted at rest (only the proxy's encryption middleware decrypts it)";
    }
    if (name.startsWith("x-object-sysmeta-symlink-")) {
      return "a symlink";
    }
    if (name.equals("x-object-manifest")) {
      return "a DLO manifest";
    }
    if (name.startsWith("x-object-sysmeta-") || name.startsWith("x-object-transient-sysmeta-")) {
      return "carries middleware system metadata (" + name + ")";
    }
    return null;
  }
}
