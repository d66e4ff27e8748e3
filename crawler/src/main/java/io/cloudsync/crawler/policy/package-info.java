/** Swift's storage policies as {@code swift.conf} defines them, and each one's object ring. */
package io.cloudsync.crawler.policy;
