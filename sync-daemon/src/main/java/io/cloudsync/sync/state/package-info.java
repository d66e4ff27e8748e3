/**
 * What a running daemon tells {@code cloudsync status} beyond the cursors: per mapping whether it
 * is blocked (why, since when), bytes copied per container and target, the last and the next
 * pass; written beside the status files as {@code <status_dir>/.cloudsync-daemon.json}.
 */
package io.cloudsync.sync.state;
