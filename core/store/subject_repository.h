#pragma once

#include <QJsonObject>
#include <QSqlQuery>
#include <QString>
#include <memory>

#include "store/database_connection.h"
#include "types/result.h"

namespace facecase {

// The people of a gallery, as an import names them. A subject is found by its external id
// (booking number) when there is one, else by its name among the subjects without one.
// upsert() merges: attribute keys are added or overwritten, a non-empty name replaces the old
// one. Runs in the caller's transaction when one is open. Uses the calling thread's connection;
// not thread-safe; the connection must outlive the repository.
// Cost: one indexed statement with an external id; a name-only lookup scans the gallery's
// subjects without external id (callers that upsert many should cache the ids).
class SubjectRepository {
public:
    explicit SubjectRepository(const DatabaseConnection& connection);
    ~SubjectRepository();

    // Needs a non-empty externalId or name. Returns the subject's id.
    Result<qint64> upsert(qint64 galleryId, const QString& externalId, const QString& name,
                          const QJsonObject& attributes = {});
    Result<qint64> count(qint64 galleryId) const;

private:
    const DatabaseConnection& m_connection;
    std::unique_ptr<QSqlQuery> m_byExternalId;
    std::unique_ptr<QSqlQuery> m_findByName;
    std::unique_ptr<QSqlQuery> m_insertNamed;
    std::unique_ptr<QSqlQuery> m_updateNamed;
};

}  // namespace facecase
