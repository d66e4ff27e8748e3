package io.cloudsync.migrate.plan;

/** What one pass does with one name, from the merge of the source and local listings. */
public sealed interface Decision {
  /** The source object is missing locally, or newer than the local copy: copy it. */
  record Copy(Entry source, Entry local) implements Decision {}

  /** Same name on both sides and the local copy is as new as the source or newer: nothing to do. */
  record InSync(Entry source, Entry local) implements Decision {}

  /** Only local: a candidate for deletion, if the migrator wrote it (see the copy ledger). */
  record LocalOnly(Entry local) implements Decision {}
}
