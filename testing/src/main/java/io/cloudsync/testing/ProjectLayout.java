package io.cloudsync.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root (the folder holding {@code test-container/}) from a module's working directory. */
public final class ProjectLayout {
  private ProjectLayout() {}

  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("test-container/saio-up.sh"))) {
        return p;
      }
    }
    throw new IllegalStateException("no test-container/saio-up.sh above " + dir);
  }
}
