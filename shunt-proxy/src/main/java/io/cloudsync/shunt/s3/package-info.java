/**
 * Archived-object reads from S3-compatible stores over the shunt's own Netty connections: a
 * SigV4-signed {@code GET} sent on the client connection's event loop, its body handed to the
 * client as the very buffers it arrived in. The AWS SDK path ({@code S3RemoteReader}) stays the
 * reference and the fallback for everything this path does not do (errors, retries, Amazon S3
 * itself, restores).
 */
package io.cloudsync.shunt.s3;
