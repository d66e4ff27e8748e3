/**
 * The delete guard ({@code max_deletes_per_pass}): when one pass of a mapping would delete more
 * remote objects than the limit, its deletes are held — none performed, uploads go on — and the
 * hold is persisted beside the status files until an operator releases it
 * ({@code cloudsync release-deletes}) or raises the limit.
 */
package io.cloudsync.sync.hold;
