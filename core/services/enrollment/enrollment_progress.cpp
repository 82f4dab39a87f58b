#include "services/enrollment/enrollment_progress.h"

namespace facecase {

qint64 EnrollmentProgress::problems() const {
    qint64 n = 0;
    for (int i = 0; i < EnrollmentItem::kStatusCount; ++i) {
        if (EnrollmentItem::isProblem(static_cast<EnrollmentItem::Status>(i))) n += byStatus[std::size_t(i)];
    }
    return n;
}

}  // namespace facecase
