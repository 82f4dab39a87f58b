#include "store/open_case_guard.h"

#include "store/case_repository.h"

namespace facecase {

Result<CaseRecord> OpenCaseGuard::require(const DatabaseConnection& connection, qint64 caseId,
                                          const QString& action) {
    auto found = CaseRepository(connection).findById(caseId);
    if (!found) return found.error();
    // Reopening would not help: say so rather than send the analyst to a refusal.
    if (found->isPurged()) return Error::invalidInput(found->purgedNotice());
    if (found->status != CaseRecord::Status::Open) {
        return Error::invalidInput(
            QStringLiteral("case \"%1\" is %2: reopen it (facecase-cli case reopen %1, or Case ▸ "
                           "Reopen) to %3")
                .arg(found->caseNumber, CaseRecord::statusName(found->status), action));
    }
    return found;
}

}  // namespace facecase
