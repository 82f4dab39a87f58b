#pragma once

#include "types/result.h"

#include <QByteArrayView>

namespace facecase {

// Runs libjpeg over a whole JPEG and treats its data warnings as errors. libjpeg (and so OpenCV)
// only *warns* about corrupt or missing entropy-coded data — bad Huffman codes, a premature end —
// and then returns an image filled with grey or garbage, with the warning printed to stderr and
// lost to the caller. This pass catches them, silently. It decodes at 1/8 scale into one row
// (Huffman decoding of every block, almost no IDCT): 10-25% of a full decode's time.
// Stateless and thread-safe (each call has its own libjpeg state).
class JpegEntropyChecker {
public:
    static Result<void> check(QByteArrayView bytes);
};

}  // namespace facecase
