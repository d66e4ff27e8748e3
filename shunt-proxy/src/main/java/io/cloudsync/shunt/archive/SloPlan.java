package io.cloudsync.shunt.archive;

import io.cloudsync.largeobject.SloEntry;
import io.cloudsync.largeobject.SloManifest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * How a restore-on-read rebuilds a Static Large Object from its joined content: the manifest's
 * entries in order, each saying what to do with its bytes of the stream. A whole segment is
 * {@link Action#PUT} back; a byte range of a segment or a nested SLO cannot be rebuilt from the
 * stream, so it must already be in local Swift ({@link Action#CHECK}); inline data lives in the
 * manifest itself ({@link Action#SKIP}).
 *
 * @param steps one per manifest entry, in order
 * @param containers the distinct containers of the segments to PUT, in first-use order
 */
record SloPlan(List<Step> steps, List<String> containers) {
  /** What a step's bytes become. */
  enum Action { PUT, CHECK, SKIP }

  /**
   * @param segment the segment, or null for inline data
   * @param length the step's bytes in the joined content
   */
  record Step(Action action, SloEntry.Segment segment, long length) {}

  SloPlan {
    steps = List.copyOf(steps);
    containers = List.copyOf(containers);
  }

  /**
   * @throws IllegalArgumentException for an entry with no bytes (Swift never stores one), which
   *     the stream could not place
   */
  static SloPlan of(SloManifest manifest) {
    List<Step> steps = new ArrayList<>();
    LinkedHashSet<String> containers = new LinkedHashSet<>();
    for (SloEntry entry : manifest.entries()) {
      if (entry.length() <= 0) {
        throw new IllegalArgumentException("manifest entry " + steps.size() + " (" + entry + ") has no bytes");
      }
      if (entry instanceof SloEntry.Segment segment) {
        if (segment.wholeObject()) {
          containers.add(segment.container());
          steps.add(new Step(Action.PUT, segment, segment.length()));
        } else {
          steps.add(new Step(Action.CHECK, segment, segment.length()));
        }
      } else {
        steps.add(new Step(Action.SKIP, null, entry.length()));
      }
    }
    return new SloPlan(steps, new ArrayList<>(containers));
  }

  /** Bytes of the joined content. */
  long length() {
    return steps.stream().mapToLong(Step::length).sum();
  }

  /** A fresh cursor at the start of the content. */
  Cursor cursor() {
    return new Cursor(steps);
  }

  /**
   * A part of a chunk of the stream that belongs to one step.
   *
   * @param step index into {@link #steps}
   * @param bytes a view of the chunk (not a copy)
   * @param endsStep the step's last byte is in this piece
   */
  record Piece(int step, ByteBuffer bytes, boolean endsStep) {}

  /** Cuts the stream, chunk by chunk, at the steps' boundaries. Not thread-safe. */
  static final class Cursor {
    private final List<Step> steps;
    private int index;
    private long offset;
    private long beyond;

    private Cursor(List<Step> steps) {
      this.steps = steps;
    }

    /** The pieces of the next chunk; bytes past the last step are counted in {@link #beyond()}. */
    List<Piece> split(ByteBuffer chunk) {
      List<Piece> pieces = new ArrayList<>(2);
      ByteBuffer rest = chunk.duplicate();
      while (rest.hasRemaining() && index < steps.size()) {
        long length = steps.get(index).length();
        int n = (int) Math.min(length - offset, rest.remaining());
        ByteBuffer piece = rest.slice(rest.position(), n);
        rest.position(rest.position() + n);
        offset += n;
        boolean ends = offset == length;
        pieces.add(new Piece(index, piece, ends));
        if (ends) {
          index++;
          offset = 0;
        }
      }
      beyond += rest.remaining();
      return pieces;
    }

    /** Every step has had all its bytes. */
    boolean atEnd() {
      return index == steps.size();
    }

    /** Bytes received beyond the end of the content. */
    long beyond() {
      return beyond;
    }
  }
}
