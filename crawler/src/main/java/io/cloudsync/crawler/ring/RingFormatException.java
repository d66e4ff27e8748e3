package io.cloudsync.crawler.ring;

import java.io.IOException;
import java.nio.file.Path;

/** A ring file that cannot be read: its message names the file and what is wrong with it. */
public class RingFormatException extends IOException {
  public RingFormatException(Path file, String problem) {
    super(file + ": " + problem);
  }

  public RingFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
