package io.cloudsync.containersync;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Container-Sync-Auth} signature of Swift's container-sync
 * ({@code ContainerSyncRealms.get_sig}): hex HMAC-SHA1, keyed by the realm key, over
 * {@code METHOD\nPATH\nX-TIMESTAMP\nNONCE\nUSER-KEY} as UTF-8 bytes. {@code PATH} is the request
 * path as the receiving proxy sees it ({@code req.path}: percent-encoded, {@code /} kept), and
 * {@code X-TIMESTAMP} the request's {@code X-Timestamp} value exactly as sent ({@code 0} when the
 * request has none).
 */
public final class SyncSignature {
  private static final SecureRandom NONCES = new SecureRandom();

  private SyncSignature() {}

  /** Hex HMAC-SHA1 of the request's facts. */
  public static String sign(String method, String path, String xTimestamp, String nonce, String realmKey,
      String userKey) {
    String message = method + "\n" + path + "\n" + xTimestamp + "\n" + nonce + "\n" + userKey;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(realmKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA1 is always available", e);
    }
  }

  /** The header value: {@code <REALM> <nonce> <signature>}, with a fresh nonce (as Swift's uuid4().hex). */
  public static String header(String realm, String method, String path, String xTimestamp, String realmKey,
      String userKey) {
    byte[] random = new byte[16];
    NONCES.nextBytes(random);
    String nonce = HexFormat.of().formatHex(random);
    return realm + " " + nonce + " " + sign(method, path, xTimestamp, nonce, realmKey, userKey);
  }
}
