/**
 * Reading Swift ring files ({@code container.ring.gz}): partitions and primary nodes, exactly as
 * Swift's {@code swift.common.ring.Ring} computes them.
 */
package io.cloudsync.crawler.ring;
