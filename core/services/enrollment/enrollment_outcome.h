#pragma once

#include "services/enrollment/enrollment_input.h"
#include "store/enrollment_item.h"
#include "store/face_record_writer.h"

#include <QString>

#include <optional>

namespace facecase {

// Reader or worker -> writer: what became of one input, and what to store. Holds no pixels.
struct EnrollmentOutcome {
    EnrollmentInput input;
    QString sha256;  // empty when the bytes were never read
    EnrollmentItem::Status status = EnrollmentItem::Status::Ok;
    int faceCount = 0;
    QString message;
    std::optional<EnrollmentRecord> record;  // the photo and its enrolled face, to store
    std::optional<qint64> existingImageId;   // duplicate: the gallery's copy
    bool recovering = false;                 // see EnrollmentWorkItem::recovering
};

}  // namespace facecase
