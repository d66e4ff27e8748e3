package io.cloudsync.migrate.state;

import io.cloudsync.swift.SwiftTimestamp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * What the migrator wrote: per local container and object, the {@code X-Timestamp} of its copy.
 * It is the migrator's marker. A source delete removes the local object only while the local
 * listing still shows exactly that time, and then with a DELETE at that time (offset +1), so Swift
 * itself refuses (409) if anything newer — a local PUT or POST, which both take a new time — landed
 * meanwhile. (Transient sysmeta cannot be the marker behind a proxy with {@code gatekeeper}, which
 * strips it from every request: the internal proxy of Swift 2.30 as packaged and in the test
 * cluster.) One SQLite file per migration; thread-safe.
 */
public final class CopyLedger implements AutoCloseable {
  private final Connection db;

  public CopyLedger(Path file) throws IOException {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
        s.execute("CREATE TABLE IF NOT EXISTS copied (container TEXT NOT NULL, name TEXT NOT NULL,"
            + " ts TEXT NOT NULL, PRIMARY KEY (container, name))");
      }
    } catch (SQLException e) {
      throw new IOException("cannot open the migration ledger " + file + ": " + e.getMessage(), e);
    }
  }

  /** Records that the migrator wrote {@code name} with {@code time}. */
  public synchronized void copied(String container, String name, SwiftTimestamp time) throws IOException {
    try (PreparedStatement p = db.prepareStatement("INSERT OR REPLACE INTO copied VALUES (?, ?, ?)")) {
      p.setString(1, container);
      p.setString(2, name);
      p.setString(3, time.internal());
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IOException("cannot write the migration ledger: " + e.getMessage(), e);
    }
  }

  /**
   * Records a local object whose time equals its source's: a migrated copy (a local write takes a
   * time of its own), possibly by another node; kept as it is when already recorded.
   */
  public synchronized void seenInSync(String container, String name, SwiftTimestamp time) throws IOException {
    try (PreparedStatement p = db.prepareStatement("INSERT OR IGNORE INTO copied VALUES (?, ?, ?)")) {
      p.setString(1, container);
      p.setString(2, name);
      p.setString(3, time.internal());
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IOException("cannot write the migration ledger: " + e.getMessage(), e);
    }
  }

  /** The time the migrator wrote {@code name} with, if it did. */
  public synchronized Optional<SwiftTimestamp> lookup(String container, String name) throws IOException {
    try (PreparedStatement p = db.prepareStatement("SELECT ts FROM copied WHERE container = ? AND name = ?")) {
      p.setString(1, container);
      p.setString(2, name);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? Optional.of(SwiftTimestamp.parse(r.getString(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IOException("cannot read the migration ledger: " + e.getMessage(), e);
    }
  }

  /** Forgets {@code name} (deleted, or overwritten locally: no longer the migrator's). */
  public synchronized void forget(String container, String name) throws IOException {
    try (PreparedStatement p = db.prepareStatement("DELETE FROM copied WHERE container = ? AND name = ?")) {
      p.setString(1, container);
      p.setString(2, name);
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IOException("cannot write the migration ledger: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      // closing: nothing left to lose
    }
  }
}
