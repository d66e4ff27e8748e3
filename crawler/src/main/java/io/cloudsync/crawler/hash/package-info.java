/**
 * Swift's {@code hash_path}: the salted MD5 of {@code /account/container[/object]} that places a
 * container on the ring and names its DB directory.
 */
package io.cloudsync.crawler.hash;
