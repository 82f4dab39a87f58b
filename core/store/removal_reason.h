#pragma once

#include <QString>

#include "types/result.h"

namespace facecase {

// Why a gallery or a gallery image is being deleted: required and recorded in the audit record
// of the deletion, because "who removed this person's booking photo, and why?" must have an
// answer months later. Trimmed; may run over several lines (newline, tab) but holds no other
// control character. Stateless; thread-safe.
class RemovalReason {
public:
    static constexpr int kMaxLength = 4000;

    // The trimmed reason, or InvalidInput saying what is wrong with it.
    static Result<QString> clean(const QString& text);
};

}  // namespace facecase
