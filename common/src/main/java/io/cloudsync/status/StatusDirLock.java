package io.cloudsync.status;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code status_dir}, so two daemons never share progress files (each node
 * of a test cluster on one host needs its own status_dir). Released on close or process exit.
 */
public final class StatusDirLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private StatusDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock, or throws {@link IllegalStateException} naming the directory when another process holds it. */
  public static StatusDirLock acquire(Path statusDir) throws IOException {
    Files.createDirectories(statusDir);
    Path lockFile = statusDir.resolve(".cloudsync.lock");
    FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new IllegalStateException("status_dir " + statusDir + " is in use by another cloudsync daemon ("
          + lockFile + " is locked); give each daemon its own status_dir");
    }
    return new StatusDirLock(channel, lock);
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
