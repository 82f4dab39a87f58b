#pragma once

#include "services/enrollment/enrollment_input.h"

#include <QByteArray>
#include <QString>

namespace facecase {

// Reader -> worker: a file's bytes, read once and hashed, to be decoded and analysed from
// memory (never read or decoded twice). The only stage message that holds file bytes, so the
// reader-to-worker queue's capacity bounds the memory in flight.
struct EnrollmentWorkItem {
    EnrollmentInput input;
    QByteArray bytes;
    QString sha256;
    // This job stored the photo before an interruption but its item row was lost with the
    // batch in flight: analysed again to recreate the item (nothing is stored twice).
    bool recovering = false;
};

}  // namespace facecase
