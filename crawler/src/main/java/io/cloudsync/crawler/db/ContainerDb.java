package io.cloudsync.crawler.db;

import io.cloudsync.swift.SwiftTimestamp;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A Swift container DB opened <b>read-only</b> (SQLite open mode {@code SQLITE_OPEN_READONLY}):
 * this class never writes, so Swift's triggers and its {@code chexor} function are never needed.
 * Each read is its own short transaction, so Swift's writers are blocked for as little as
 * possible; a read that finds the DB locked by a writer ({@code SQLITE_BUSY}/{@code
 * SQLITE_LOCKED}) is retried per {@link LockRetry}.
 *
 * <p>Rows Swift has not merged from {@code <db>.pending} yet are not visible here (see {@code
 * io.cloudsync.crawler.pending.PendingMerger}). Works with DBs written by old Swift versions
 * (no {@code storage_policy_index}, {@code metadata} or {@code shard_range}). Not thread-safe: one
 * instance per thread, closed after use.
 */
public final class ContainerDb implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerDb.class);
  /** The columns of a {@link CrawlRow}: a tombstone's ETag and content type are never read. */
  private static final String CRAWL_COLUMNS = "SELECT ROWID, name, created_at, deleted,"
      + " CASE WHEN deleted = 0 THEN etag END, CASE WHEN deleted = 0 THEN content_type END FROM object";
  static final String LIVE_ROWS_SQL = CRAWL_COLUMNS
      + " WHERE ROWID > ? AND ROWID <= ? AND +deleted = 0 ORDER BY ROWID LIMIT ?";

  private final Path file;
  private final LockRetry retry;
  private final Connection connection;
  private final boolean objectHasPolicyIndex;
  /** {@link #crawlRowsAfter}'s query, prepared once: a crawl runs it once per chunk. */
  private PreparedStatement crawlQuery;
  /** {@link #liveRowsBetween}'s and {@link #countRowsBetween}'s queries, prepared on first use. */
  private PreparedStatement liveQuery;
  private PreparedStatement countQuery;

  private ContainerDb(Path file, LockRetry retry, Connection connection, boolean objectHasPolicyIndex) {
    this.file = file;
    this.retry = retry;
    this.connection = connection;
    this.objectHasPolicyIndex = objectHasPolicyIndex;
  }

  /** Opens a container DB read-only with {@link LockRetry#DEFAULT}. */
  public static ContainerDb open(Path dbFile) throws IOException {
    return open(dbFile, LockRetry.DEFAULT);
  }

  /**
   * Opens a container DB read-only.
   *
   * @throws NoSuchFileException when the file does not exist
   * @throws ContainerDbException when it is not a readable container DB or stays locked
   */
  public static ContainerDb open(Path dbFile, LockRetry retry) throws IOException {
    if (!Files.isRegularFile(dbFile)) {
      throw new NoSuchFileException(dbFile.toString(), null, "container DB does not exist");
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, retry.busyTimeout().toMillis()));
    String url = "jdbc:sqlite:" + dbFile.toAbsolutePath().toUri();
    Connection connection = Retrying.call(dbFile, retry, "open", () -> config.createConnection(url));
    try {
      Set<String> objectColumns = Retrying.call(dbFile, retry, "read the object table's columns",
          () -> columns(connection, "object"));
      if (objectColumns.isEmpty()) {
        throw new ContainerDbException(dbFile, "not a container DB: it has no 'object' table");
      }
      return new ContainerDb(dbFile, retry, connection, objectColumns.contains("storage_policy_index"));
    } catch (IOException | RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  /** The DB file. */
  public Path file() {
    return file;
  }

  /** Container-wide facts and metadata ({@code container_stat}, {@code shard_range}). */
  public ContainerInfo info() throws ContainerDbException {
    Map<String, String> stat = Retrying.call(file, retry, "read container_stat", this::readContainerStat);
    String account = stat.getOrDefault("account", "");
    String container = stat.getOrDefault("container", "");
    boolean sharded = shardedByFiles()
        || Retrying.call(file, retry, "read shard_range", () -> hasShardRanges(account + "/" + container));
    return new ContainerInfo(
        stat.getOrDefault("id", ""),
        account,
        container,
        timestamp(stat, "put_timestamp"),
        timestamp(stat, "delete_timestamp"),
        number(stat, "object_count", 0),
        number(stat, "bytes_used", 0),
        (int) number(stat, "storage_policy_index", 0),
        MetadataJson.parse(file, stat.get("metadata")),
        sharded);
  }

  /**
   * Every row of the {@code shard_range} table, deleted ones included, the DB's own range among
   * them (its name is the DB's {@code account/container}), in Swift's order (by upper bound, the
   * open end last); empty for DBs older than sharding.
   */
  public List<ShardRange> shardRanges() throws ContainerDbException {
    return Retrying.call(file, retry, "read shard_range", () -> {
      List<ShardRange> ranges = new ArrayList<>();
      if (columns(connection, "shard_range").isEmpty()) {
        return ranges;
      }
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT name, lower, upper, state, deleted, epoch FROM shard_range ORDER BY upper = '', upper, name");
           ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          if (name != null) {
            ranges.add(new ShardRange(name, rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5) != 0,
                rs.getString(6)));
          }
        }
      }
      return ranges;
    });
  }

  /** Up to {@code limit} object rows with {@code ROWID > rowId}, in ROWID order. */
  public List<ObjectRow> rowsAfter(long rowId, int limit) throws ContainerDbException {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    String sql = "SELECT ROWID, name, created_at, size, content_type, etag, deleted, "
        + (objectHasPolicyIndex ? "storage_policy_index" : "0 AS storage_policy_index")
        + " FROM object WHERE ROWID > ? ORDER BY ROWID LIMIT ?";
    return Retrying.call(file, retry, "read object rows after " + rowId, () -> {
      List<ObjectRow> rows = new ArrayList<>(Math.min(limit, 1024));
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setLong(1, rowId);
        statement.setInt(2, limit);
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            rows.add(row(rs));
          }
        }
      }
      return rows;
    });
  }

  /**
   * Up to {@code limit} rows with {@code ROWID > rowId}, in ROWID order, with only the columns a
   * sync decision needs ({@link CrawlRow}). SQLite walks the ROWID range of the table (no sort).
   */
  public List<CrawlRow> crawlRowsAfter(long rowId, int limit) throws ContainerDbException {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    return Retrying.call(file, retry, "read object rows after " + rowId, () -> {
      if (crawlQuery == null) {
        crawlQuery = connection.prepareStatement(
            CRAWL_COLUMNS + " WHERE ROWID > ? ORDER BY ROWID LIMIT ?");
      }
      crawlQuery.setLong(1, rowId);
      crawlQuery.setInt(2, limit);
      return crawlRows(crawlQuery, limit);
    });
  }

  /** Runs a crawl query; closing its ResultSet resets the statement, so no read lock is kept. */
  private static List<CrawlRow> crawlRows(PreparedStatement query, int limit) throws SQLException {
    List<CrawlRow> rows = new ArrayList<>(Math.min(limit, 1024));
    try (ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        long id = rs.getLong(1);
        String name = rs.getString(2);
        String createdAt = rs.getString(3);
        if (name == null || createdAt == null) {
          throw new SQLException("object row " + id + " has no " + (name == null ? "name" : "created_at"));
        }
        rows.add(new CrawlRow(id, name, createdAt, rs.getInt(4) != 0, rs.getString(5), rs.getString(6)));
      }
    }
    return rows;
  }

  /**
   * Up to {@code limit} live rows ({@code deleted = 0}) with {@code rowId < ROWID <= upTo}, in
   * ROWID order: for mappings whose tombstones need nothing, SQLite skips them instead of handing
   * each to Java. With fewer than {@code limit} rows every row up to {@code upTo} was examined, so
   * a crawl's cursor may move to {@code upTo}; {@code upTo} must have been read before (e.g.
   * {@link #maxRowId()}), as ROWIDs only grow. The unary {@code +} keeps SQLite off the
   * {@code (deleted, name)} index, which would need a sort: it walks the ROWID range.
   */
  public List<CrawlRow> liveRowsBetween(long rowId, long upTo, int limit) throws ContainerDbException {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    return Retrying.call(file, retry, "read live object rows after " + rowId, () -> {
      if (liveQuery == null) {
        liveQuery = connection.prepareStatement(LIVE_ROWS_SQL);
      }
      liveQuery.setLong(1, rowId);
      liveQuery.setLong(2, upTo);
      liveQuery.setInt(3, limit);
      return crawlRows(liveQuery, limit);
    });
  }

  /** How many rows have {@code after < ROWID <= upTo} (what a filtered crawl examined), 0 when none. */
  public long countRowsBetween(long after, long upTo) throws ContainerDbException {
    if (upTo <= after) {
      return 0;
    }
    return Retrying.call(file, retry, "count object rows after " + after, () -> {
      if (countQuery == null) {
        countQuery = connection.prepareStatement("SELECT COUNT(*) FROM object WHERE ROWID > ? AND ROWID <= ?");
      }
      countQuery.setLong(1, after);
      countQuery.setLong(2, upTo);
      try (ResultSet rs = countQuery.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }

  /**
   * Whether {@code name} has a row with a ROWID above {@code rowId} (Swift's {@code (deleted, name)}
   * index answers it): a pending update of that name will replace that row, not add one.
   */
  public boolean hasRowAfter(String name, long rowId) throws ContainerDbException {
    return Retrying.call(file, retry, "look up a row of a name", () -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT 1 FROM object WHERE deleted IN (0, 1) AND name = ? AND ROWID > ? LIMIT 1")) {
        statement.setString(1, name);
        statement.setLong(2, rowId);
        try (ResultSet rs = statement.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  /** The highest ROWID in the object table, 0 when it is empty. */
  public long maxRowId() throws ContainerDbException {
    return Retrying.call(file, retry, "read the highest ROWID", () -> {
      try (PreparedStatement statement = connection.prepareStatement("SELECT MAX(ROWID) FROM object");
           ResultSet rs = statement.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }

  /**
   * The highest ROWID the object table ever handed out (SQLite's {@code sqlite_sequence}: Swift
   * creates it {@code AUTOINCREMENT}), which reclaiming trailing tombstones does not lower, unlike
   * {@link #maxRowId()}; {@code MAX(ROWID)} for a table without a sequence. No saved cursor can be
   * above it.
   */
  public long highestRowIdEver() throws ContainerDbException {
    return Retrying.call(file, retry, "read the object table's ROWID sequence", () -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'object'), 0),"
              + " COALESCE((SELECT MAX(ROWID) FROM object), 0))");
           ResultSet rs = statement.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }

  @Override
  public void close() {
    for (PreparedStatement statement : new PreparedStatement[] {crawlQuery, liveQuery, countQuery}) {
      if (statement != null) {
        try {
          statement.close();
        } catch (SQLException e) {
          LOG.debug("closing a container DB statement failed: {}", e.toString());
        }
      }
    }
    closeQuietly(connection);
  }

  private ObjectRow row(ResultSet rs) throws SQLException {
    long rowId = rs.getLong(1);
    String name = rs.getString(2);
    String createdAt = rs.getString(3);
    if (name == null || createdAt == null) {
      throw new SQLException("object row " + rowId + " has no " + (name == null ? "name" : "created_at"));
    }
    String rawType = rs.getString(5);
    ContentTypes.Split type = ContentTypes.split(rawType == null ? "" : rawType);
    String etag = rs.getString(6);
    return new ObjectRow(rowId, name, createdAt, rs.getLong(4), type.contentType(),
        swiftBytes(rowId, type.swiftBytes()), etag == null ? "" : etag, rs.getInt(7) != 0, rs.getInt(8));
  }

  private Long swiftBytes(long rowId, String text) {
    if (text == null) {
      return null;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      LOG.warn("{}: object row {} has a non-numeric swift_bytes '{}'; ignored", file, rowId, text);
      return null;
    }
  }

  private Map<String, String> readContainerStat() throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM container_stat");
         ResultSet rs = statement.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("container_stat has no row");
      }
      ResultSetMetaData meta = rs.getMetaData();
      Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        String value = rs.getString(i);
        if (value != null) {
          values.put(meta.getColumnLabel(i), value);
        }
      }
      return values;
    }
  }

  private boolean hasShardRanges(String ownPath) throws SQLException {
    if (columns(connection, "shard_range").isEmpty()) {
      return false;
    }
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT COUNT(*) FROM shard_range WHERE deleted = 0 AND name != ?")) {
      statement.setString(1, ownPath);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() && rs.getLong(1) > 0;
      }
    }
  }

  /**
   * Swift's DB file layout: {@code <hash>_<epoch>.db} exists once sharding started; both it and
   * {@code <hash>.db} while sharding, only it when sharded.
   */
  private boolean shardedByFiles() {
    String name = file.getFileName().toString();
    if (!name.endsWith(".db")) {
      return false;
    }
    String hash = name.substring(0, name.length() - 3);
    if (hash.contains("_")) {
      return true;
    }
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(file.getParent(), hash + "_*.db")) {
      return siblings.iterator().hasNext();
    } catch (IOException e) {
      LOG.warn("{}: cannot list the DB directory to detect sharding: {}", file, e.toString());
      return false;
    }
  }

  private static Set<String> columns(Connection connection, String table) throws SQLException {
    Set<String> names = new HashSet<>();
    try (PreparedStatement statement = connection.prepareStatement("PRAGMA table_info(" + table + ")");
         ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        names.add(rs.getString("name").toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  private SwiftTimestamp timestamp(Map<String, String> stat, String column) throws ContainerDbException {
    String text = stat.getOrDefault(column, "0");
    try {
      return SwiftTimestamp.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ContainerDbException(file, "container_stat." + column + " is not a timestamp: '" + text + "'", e);
    }
  }

  private long number(Map<String, String> stat, String column, long fallback) throws ContainerDbException {
    String text = stat.get(column);
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ContainerDbException(file, "container_stat." + column + " is not a number: '" + text + "'", e);
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.debug("closing a container DB connection failed: {}", e.toString());
    }
  }

  /** Runs SQL, retrying while a writer holds the lock. */
  static final class Retrying {
    interface SqlCall<T> {
      T run() throws SQLException;
    }

    private Retrying() {
    }

    static <T> T call(Path file, LockRetry retry, String what, SqlCall<T> call) throws ContainerDbException {
      for (int attempt = 1; ; attempt++) {
        try {
          return call.run();
        } catch (SQLException e) {
          if (!isLocked(e)) {
            throw new ContainerDbException(file, "cannot " + what + ": " + e.getMessage(), e);
          }
          if (attempt >= retry.attempts()) {
            throw new ContainerDbException(file, "cannot " + what + ": still locked by a writer after "
                + attempt + " attempts (" + e.getMessage() + ")", e);
          }
          Duration pause = retry.backoff(attempt);
          LOG.debug("{}: locked while trying to {} (attempt {}/{}); retrying in {} ms", file, what,
              attempt, retry.attempts(), pause.toMillis());
          sleep(file, what, pause);
        }
      }
    }

    static boolean isLocked(SQLException e) {
      if (e instanceof SQLiteException sqlite) {
        SQLiteErrorCode code = sqlite.getResultCode();
        int primary = code.code & 0xFF;
        if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
          return true;
        }
      }
      String message = String.valueOf(e.getMessage());
      return message.contains("database is locked") || message.contains("SQLITE_BUSY")
          || message.contains("database table is locked");
    }

    private static void sleep(Path file, String what, Duration pause) throws ContainerDbException {
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ContainerDbException(file, "interrupted while waiting to " + what, e);
      }
    }
  }
}
