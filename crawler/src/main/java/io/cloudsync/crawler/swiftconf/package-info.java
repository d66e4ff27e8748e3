/** Swift's own {@code swift.conf}, read as Swift reads it. */
package io.cloudsync.crawler.swiftconf;
