/**
 * Swift large objects as content: parsing a Static Large Object's raw manifest, and reading an
 * SLO's or a DLO's content in arbitrary byte ranges through the internal proxy (which joins DLOs
 * but returns an SLO's raw manifest), with bounded memory and every segment checked against what
 * the manifest promised.
 */
package io.cloudsync.largeobject;
