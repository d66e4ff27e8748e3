package io.cloudsync.crawler.swiftconf;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.ini4j.Config;
import org.ini4j.Ini;

/**
 * Reads {@code swift.conf} the way Swift's ConfigParser does: the file as Latin-1 so any bytes pass
 * through unchanged, option names case-insensitive, no escapes, no inline comments, the last of
 * repeated sections or options wins.
 */
public final class SwiftConfFile {
  private SwiftConfFile() {
  }

  /**
   * @param what why the file is needed, for the message when it is missing (e.g. "the hash path
   *     prefix and suffix")
   * @throws IOException naming the file when it is missing or not an ini file
   */
  public static Ini read(Path swiftConf, String what) throws IOException {
    Ini ini = new Ini();
    Config config = new Config();
    config.setEscape(false);
    config.setLowerCaseOption(true);
    config.setMultiSection(false);
    config.setMultiOption(false);
    config.setEmptyOption(true);
    ini.setConfig(config);
    try (Reader reader = Files.newBufferedReader(swiftConf, StandardCharsets.ISO_8859_1)) {
      ini.load(reader);
    } catch (NoSuchFileException e) {
      throw new IOException(swiftConf + ": file not found (swift.conf is needed for " + what + ")", e);
    } catch (IOException e) {
      throw new IOException(swiftConf + ": cannot parse as an ini file: " + e.getMessage(), e);
    }
    return ini;
  }
}
