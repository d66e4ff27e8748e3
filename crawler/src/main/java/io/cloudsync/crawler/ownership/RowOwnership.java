package io.cloudsync.crawler.ownership;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * container-crawler's (0.1.4+) row ownership: the owner of an object row is node {@code
 * int(last 6 hex digits of sha1(utf-8 name), 16) % nodeCount}. It depends on the name only, so
 * every replica of a container agrees on it (ROWIDs differ between replicas).
 */
public final class RowOwnership {
  private RowOwnership() {
  }

  /** The index of the primary node that owns {@code objectName} among {@code nodeCount} nodes. */
  public static int ownerIndex(String objectName, int nodeCount) {
    Objects.requireNonNull(objectName, "objectName");
    if (nodeCount < 1) {
      throw new IllegalArgumentException("nodeCount must be at least 1, got " + nodeCount);
    }
    byte[] sha1 = sha1().digest(objectName.getBytes(StandardCharsets.UTF_8));
    int n = sha1.length;
    int last24Bits = ((sha1[n - 3] & 0xFF) << 16) | ((sha1[n - 2] & 0xFF) << 8) | (sha1[n - 1] & 0xFF);
    return last24Bits % nodeCount;
  }

  /** Whether node {@code nodeIndex} of {@code nodeCount} owns {@code objectName}. */
  public static boolean owns(String objectName, int nodeIndex, int nodeCount) {
    if (nodeIndex < 0 || nodeIndex >= nodeCount) {
      throw new IllegalArgumentException("node index " + nodeIndex + " is outside 0.." + (nodeCount - 1));
    }
    return ownerIndex(objectName, nodeCount) == nodeIndex;
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }
}
