#pragma once

#include <QDateTime>

#include "services/retention/purge_counts.h"
#include "store/case_record.h"

namespace facecase {

// A closed case past its retention period, with what purging it would remove. Plain value.
struct ExpiredCase {
    CaseRecord record;
    int retentionDays = 0;        // the case's own period, or the policy default
    bool policyDefault = false;   // true when retentionDays is the policy's
    QDateTime expiredAt;          // closedAt + retentionDays, UTC
    PurgeCounts counts;
};

}  // namespace facecase
