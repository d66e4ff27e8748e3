/** Which replica's node owns (uploads) an object row; the others only verify it. */
package io.cloudsync.crawler.ownership;
