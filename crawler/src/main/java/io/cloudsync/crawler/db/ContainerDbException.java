package io.cloudsync.crawler.db;

import java.io.IOException;
import java.nio.file.Path;

/** A container DB that cannot be read; the message names the DB file and the problem. */
public class ContainerDbException extends IOException {
  public ContainerDbException(Path dbFile, String problem, Throwable cause) {
    super(dbFile + ": " + problem, cause);
  }

  public ContainerDbException(Path dbFile, String problem) {
    super(dbFile + ": " + problem);
  }
}
