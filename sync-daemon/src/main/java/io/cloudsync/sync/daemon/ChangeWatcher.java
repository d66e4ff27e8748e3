package io.cloudsync.sync.daemon;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the daemon loop which containers changed since it last asked, so that a write reaches the
 * remote store in about the time of its transfer instead of waiting up to {@code poll_interval}.
 *
 * <p>Each watched directory is a container DB's own directory ({@code .../containers/<part>/
 * <suffix>/<hash>/}): the container server appends every object update to the {@code .pending}
 * file there and rewrites the DB in place, so any change to a container shows up as a file event
 * in it. On Linux the JDK's {@link WatchService} is inotify, one watch per directory.
 *
 * <p>Watching is an accelerator, never a dependency: the loop still polls every container every
 * {@code poll_interval}. When the watch service is unavailable, or the kernel refuses another
 * watch ({@code fs.inotify.max_user_watches}), the containers not watched are simply found by
 * the poll, and one log line says so.
 *
 * <p>One named daemon thread takes events; keys are handed out in {@link #await}, after a short
 * settle time that gathers a burst of writes into one wake-up.
 *
 * @param <K> what the caller wants back for a changed directory (the daemon's container jobs)
 */
final class ChangeWatcher<K> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeWatcher.class);

  private final WatchService service;
  private final Duration settle;
  private final Map<Path, Set<K>> keysByDir = new ConcurrentHashMap<>();
  private final Map<WatchKey, Path> dirsByWatch = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  /** Keys whose directory changed and that {@link #await} has not handed out yet; guarded by {@link #lock}. */
  private final Set<K> changed = new LinkedHashSet<>();
  /** Set by {@link #wake}, consumed by {@link #await}; guarded by {@link #lock}. */
  private boolean woken;
  private volatile boolean refused;

  private ChangeWatcher(WatchService service, Duration settle) {
    this.service = service;
    this.settle = settle;
  }

  /** A watcher that watches nothing: {@link #await} just waits. */
  static <K> ChangeWatcher<K> none() {
    return new ChangeWatcher<>(null, Duration.ZERO);
  }

  /**
   * Starts watching on a thread called {@code threadName}; without a usable watch service the
   * returned watcher watches nothing and {@link #await} just waits.
   */
  static <K> ChangeWatcher<K> start(String threadName, Duration settle) {
    WatchService service;
    try {
      service = FileSystems.getDefault().newWatchService();
    } catch (IOException | UnsupportedOperationException e) {
      LOG.info("container changes are not watched ({}); they are found every poll_interval", e.getMessage());
      return none();
    }
    ChangeWatcher<K> watcher = new ChangeWatcher<>(service, settle);
    Thread thread = new Thread(watcher::takeEvents, threadName);
    thread.setDaemon(true);
    thread.start();
    return watcher;
  }

  /** Reports {@code key} when {@code dir} changes; cheap when the pair is already watched. */
  void watch(Path dir, K key) {
    if (service == null) {
      return;
    }
    Set<K> keys = keysByDir.get(dir);
    if (keys == null) {
      if (refused) {
        return;
      }
      try {
        WatchKey watchKey = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        dirsByWatch.put(watchKey, dir);
      } catch (IOException e) {
        refused = true;
        LOG.warn("cannot watch more container directories ({}): containers not watched yet are found every "
            + "poll_interval; raise fs.inotify.max_user_watches for faster sync", e.getMessage());
        return;
      } catch (ClosedWatchServiceException e) {
        return;
      }
      keys = keysByDir.computeIfAbsent(dir, d -> ConcurrentHashMap.newKeySet());
    }
    keys.add(key);
  }

  /**
   * Waits until a watched directory changes, {@link #wake} is called, or {@code timeout} passes,
   * and returns the keys of the directories that changed (empty on a timeout or a wake-up). A
   * change is held for the settle time first, so that a burst of writes comes back as one set.
   */
  Set<K> await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (changed.isEmpty() && !woken) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Set.of();
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      if (!woken) {
        long settled = Math.min(deadline, System.nanoTime() + settle.toNanos());
        for (long left = settled - System.nanoTime(); left > 0 && !woken; left = settled - System.nanoTime()) {
          lock.wait(Math.max(1, left / 1_000_000));
        }
      }
      if (woken) {
        woken = false;
        return Set.of();
      }
      Set<K> out = Set.copyOf(changed);
      changed.clear();
      return out;
    }
  }

  /** Makes a pending or the next {@link #await} return at once. */
  void wake() {
    synchronized (lock) {
      woken = true;
      lock.notifyAll();
    }
  }

  private void takeEvents() {
    try {
      while (true) {
        WatchKey watchKey = service.take();
        watchKey.pollEvents();
        Path dir = dirsByWatch.get(watchKey);
        Set<K> keys = dir == null ? null : keysByDir.get(dir);
        if (!watchKey.reset()) { // the directory is gone: the container was deleted or moved
          dirsByWatch.remove(watchKey);
          if (dir != null) {
            keysByDir.remove(dir);
          }
        }
        if (keys != null && !keys.isEmpty()) {
          synchronized (lock) {
            changed.addAll(keys);
            lock.notifyAll();
          }
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed: the daemon is stopping
    }
  }

  @Override
  public void close() {
    wake();
    if (service != null) {
      try {
        service.close();
      } catch (IOException e) {
        LOG.debug("closing the watch service: {}", e.getMessage());
      }
    }
  }
}
