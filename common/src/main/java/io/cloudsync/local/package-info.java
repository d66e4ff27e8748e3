/**
 * The local Swift cluster as the daemon reaches it: the node-local internal proxy (reads, archive
 * deletes, account listings) and object answers read from it or from the object servers. Remote
 * Swift clusters are a store backend ({@code io.cloudsync.store.swift}); Swift's names,
 * timestamps and metadata, shared by both, are in {@code io.cloudsync.swift}.
 */
package io.cloudsync.local;
