#pragma once

#include <QSqlQuery>
#include <QString>
#include <memory>
#include <vector>

#include "store/database_connection.h"
#include "store/enrollment_item.h"
#include "types/result.h"

namespace facecase {

// The per-file rows of enrollment jobs. The enrollment reader asks exists() for every file of
// a resumed job (one indexed lookup, ~10 us: memory stays flat for any job size); the writer
// records items with record(), inside its own batch transaction when it has one open.
// Uses the calling thread's connection; not thread-safe. Keeps a reference to `connection`
// (and prepared statements on it): the connection must outlive the repository.
class EnrollmentItemRepository {
public:
    explicit EnrollmentItemRepository(const DatabaseConnection& connection);
    ~EnrollmentItemRepository();

    // Whether job `jobId` already has a row for `path` (whatever its status).
    Result<bool> exists(qint64 jobId, const QString& path) const;
    // Inserts the row, or replaces the job's row for the same path.
    Result<void> record(const EnrollmentItem& item);
    // The job's rows with one of `statuses` (all when empty), by status then path.
    Result<std::vector<EnrollmentItem>> list(qint64 jobId,
                                             const std::vector<EnrollmentItem::Status>& statuses = {}) const;

private:
    const DatabaseConnection& m_connection;
    mutable std::unique_ptr<QSqlQuery> m_exists;
    std::unique_ptr<QSqlQuery> m_record;
};

}  // namespace facecase
