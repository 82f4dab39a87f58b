#include "store/subject_repository.h"

#include <QJsonDocument>
#include <QSqlError>

#include "store/sql_values.h"
#include "store/store_error.h"

namespace facecase {

namespace {
QString compactJson(const QJsonObject& object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}
}  // namespace

SubjectRepository::SubjectRepository(const DatabaseConnection& connection)
    : m_connection(connection) {}

SubjectRepository::~SubjectRepository() = default;

Result<qint64> SubjectRepository::upsert(qint64 galleryId, const QString& externalId,
                                         const QString& name, const QJsonObject& attributes) {
    const QString& dbPath = m_connection.databasePath();
    const QString who = externalId.isEmpty() ? name : externalId;
    auto prepared = [&](std::unique_ptr<QSqlQuery>& query, const QString& sql) -> Result<void> {
        if (query) return {};
        query = std::make_unique<QSqlQuery>(m_connection.database());
        query->setForwardOnly(true);
        if (!query->prepare(sql)) {
            auto error = databaseError(dbPath, QStringLiteral("prepare the subject statements"),
                                       query->lastError());
            query.reset();
            return error;
        }
        return {};
    };
    auto failed = [&](const QSqlQuery& query) {
        return databaseError(dbPath, QStringLiteral("record subject \"%1\"").arg(who),
                             query.lastError());
    };

    if (!externalId.isEmpty()) {
        // The new attributes are merged into the old; RETURNING gives the id either way.
        const SqlDialect& dialect = m_connection.dialect();
        if (auto r = prepared(m_byExternalId,
                              QStringLiteral(
                                  "INSERT INTO subjects (gallery_id, external_id, name, attributes, "
                                  "created_at) VALUES (?, ?, ?, ?, ?) "
                                  "ON CONFLICT (gallery_id, external_id) DO UPDATE SET "
                                  "name = CASE WHEN excluded.name <> '' THEN excluded.name "
                                  "ELSE subjects.name END, "
                                  "attributes = %1 RETURNING id")
                                  .arg(dialect.jsonObjectMerge(
                                      QStringLiteral("subjects.attributes"),
                                      QStringLiteral("excluded.attributes"))));
            !r) {
            return r.error();
        }
        QSqlQuery& q = *m_byExternalId;
        q.bindValue(0, galleryId);
        q.bindValue(1, externalId);
        q.bindValue(2, sql::text(name));
        q.bindValue(3, compactJson(attributes));
        q.bindValue(4, sql::timestamp());
        if (!q.exec() || !q.next()) return failed(q);
        const qint64 id = q.value(0).toLongLong();
        q.finish();
        return id;
    }
    if (name.isEmpty()) {
        return Error::invalidInput(QStringLiteral("a subject needs an external id or a name"));
    }
    if (auto r = prepared(m_findByName,
                          QStringLiteral("SELECT id FROM subjects WHERE gallery_id = ? AND "
                                         "external_id IS NULL AND name = ? ORDER BY id LIMIT 1"));
        !r) {
        return r.error();
    }
    QSqlQuery& find = *m_findByName;
    find.bindValue(0, galleryId);
    find.bindValue(1, name);
    if (!find.exec()) return failed(find);
    if (find.next()) {
        const qint64 id = find.value(0).toLongLong();
        find.finish();
        if (attributes.isEmpty()) return id;
        if (auto r = prepared(m_updateNamed,
                              QStringLiteral("UPDATE subjects SET attributes = %1 WHERE id = ?")
                                  .arg(m_connection.dialect().jsonObjectMerge(
                                      QStringLiteral("attributes"), QStringLiteral("?"))));
            !r) {
            return r.error();
        }
        m_updateNamed->bindValue(0, compactJson(attributes));
        m_updateNamed->bindValue(1, id);
        if (!m_updateNamed->exec()) return failed(*m_updateNamed);
        return id;
    }
    find.finish();
    if (auto r = prepared(m_insertNamed,
                          QStringLiteral("INSERT INTO subjects (gallery_id, external_id, name, "
                                         "attributes, created_at) VALUES (?, NULL, ?, ?, ?) "
                                         "RETURNING id"));
        !r) {
        return r.error();
    }
    QSqlQuery& insert = *m_insertNamed;
    insert.bindValue(0, galleryId);
    insert.bindValue(1, name);
    insert.bindValue(2, compactJson(attributes));
    insert.bindValue(3, sql::timestamp());
    if (!insert.exec()) return failed(insert);
    return sql::insertedId(insert);
}

Result<qint64> SubjectRepository::count(qint64 galleryId) const {
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT count(*) FROM subjects WHERE gallery_id = ?"));
    query.bindValue(0, galleryId);
    if (!query.exec() || !query.next()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("count the subjects of gallery %1").arg(galleryId),
                             query.lastError());
    }
    return query.value(0).toLongLong();
}

}  // namespace facecase
