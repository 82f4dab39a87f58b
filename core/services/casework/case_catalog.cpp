#include "services/casework/case_catalog.h"

namespace facecase {

// Each call is the repository's transaction with the workspace's actor: CaseRepository still
// holds the checks and the audit records (moving them means moving its own tests, which
// exercise them directly); nothing is added on top, so app and CLI behave exactly as before.

Result<CaseRecord> CaseCatalog::create(const CaseRecord& draft) const {
    return CaseRepository(m_connection).create(draft, m_actor.name());
}

Result<std::vector<CaseRecord>> CaseCatalog::list() const {
    return CaseRepository(m_connection).list();
}

Result<CaseRecord> CaseCatalog::findByNumber(const QString& caseNumber) const {
    return CaseRepository(m_connection).findByNumber(caseNumber);
}

Result<CaseRecord> CaseCatalog::findById(qint64 id) const {
    return CaseRepository(m_connection).findById(id);
}

Result<CaseRecord> CaseCatalog::close(qint64 id, const QString& reason) const {
    return CaseRepository(m_connection).close(id, m_actor.name(), reason);
}

Result<CaseRecord> CaseCatalog::reopen(qint64 id, const QString& reason) const {
    return CaseRepository(m_connection).reopen(id, m_actor.name(), reason);
}

Result<CaseRecord> CaseCatalog::setRetention(qint64 id, std::optional<int> days,
                                             const QString& reason) const {
    return CaseRepository(m_connection).setRetention(id, days, m_actor.name(), reason);
}

}  // namespace facecase
