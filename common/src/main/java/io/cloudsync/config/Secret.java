package io.cloudsync.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * A credential (S3 secret key, Swift key or password). The configuration may give it as
 *
 * <ul>
 *   <li>a literal string, as swift-s3-sync did;
 *   <li>{@code "env:NAME"}: the value of environment variable {@code NAME};
 *   <li>{@code "file:/absolute/path"}: the contents of that file (UTF-8), with trailing
 *       carriage returns and newlines removed.
 * </ul>
 *
 * <p>{@link #toString()} always returns {@code ****}, so records holding a secret can be
 * logged; only {@link #reveal()} gives the value. Equality compares the values.
 */
public final class Secret {

  /** Prefix selecting an environment variable. */
  public static final String ENV_PREFIX = "env:";
  /** Prefix selecting a file. */
  public static final String FILE_PREFIX = "file:";
  /** Largest secret file read (a GCS service-account JSON is about 2.3 KiB). */
  public static final int MAX_FILE_BYTES = 64 * 1024;

  private final String value;
  private final String origin;

  private Secret(String value, String origin) {
    this.value = value;
    this.origin = origin;
  }

  /** A secret given literally (no {@code env:}/{@code file:} interpretation). */
  public static Secret of(String literal) {
    return new Secret(Objects.requireNonNull(literal, "literal"), "literal");
  }

  /**
   * Resolves a configuration value that may be a literal, {@code env:NAME} or
   * {@code file:/path}.
   *
   * @param spec the configured string
   * @param env environment lookup (e.g. {@code System::getenv}); returns null when unset
   * @return the resolved secret, never empty
   * @throws IllegalArgumentException when the variable is unset or empty, or the file
   *     cannot be read or is empty; the message names the variable or file and never
   *     contains a secret value
   */
  public static Secret resolve(String spec, Function<String, String> env) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(env, "env");
    if (spec.startsWith(ENV_PREFIX)) {
      String name = spec.substring(ENV_PREFIX.length());
      if (name.isEmpty()) {
        throw new IllegalArgumentException(
            "\"env:\" must be followed by the name of an environment variable");
      }
      String v = env.apply(name);
      if (v == null) {
        throw new IllegalArgumentException(
            "environment variable " + name + " is not set");
      }
      if (v.isEmpty()) {
        throw new IllegalArgumentException(
            "environment variable " + name + " is empty");
      }
      return new Secret(v, spec);
    }
    if (spec.startsWith(FILE_PREFIX)) {
      String name = spec.substring(FILE_PREFIX.length());
      Path path;
      try {
        path = Path.of(name);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("invalid file name in \"" + spec + "\"");
      }
      if (name.isEmpty() || !path.isAbsolute()) {
        throw new IllegalArgumentException("\"file:\" must be followed by an absolute path, got \""
            + spec + "\"");
      }
      String v = readFile(path);
      int end = v.length();
      while (end > 0 && (v.charAt(end - 1) == '\n' || v.charAt(end - 1) == '\r')) {
        end--;
      }
      v = v.substring(0, end);
      if (v.isEmpty()) {
        throw new IllegalArgumentException("secret file " + path + " is empty");
      }
      return new Secret(v, spec);
    }
    if (spec.isEmpty()) {
      throw new IllegalArgumentException("must not be empty");
    }
    return new Secret(spec, "literal");
  }

  private static String readFile(Path path) {
    try {
      if (Files.isDirectory(path)) {
        throw new IllegalArgumentException("secret file " + path + " is a directory");
      }
      if (Files.size(path) > MAX_FILE_BYTES) {
        throw new IllegalArgumentException("secret file " + path + " is larger than "
            + MAX_FILE_BYTES + " bytes");
      }
      byte[] bytes = Files.readAllBytes(path);
      return StandardCharsets.UTF_8.newDecoder()
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("secret file " + path + " does not exist");
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("secret file " + path + " is not valid UTF-8");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read secret file " + path + ": "
          + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
  }

  /** The secret value. Never log it. */
  public String reveal() {
    return value;
  }

  /**
   * Where the value came from, safe to log: {@code "literal"}, {@code "env:NAME"} or
   * {@code "file:/path"}.
   */
  public String origin() {
    return origin;
  }

  /** Always {@code ****}. */
  @Override
  public String toString() {
    return "****";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
