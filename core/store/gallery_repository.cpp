#include "store/gallery_repository.h"

#include <QJsonObject>
#include <QSqlQuery>
#include <QSqlRecord>

#include "audit/audit_trail.h"
#include "store/removal_reason.h"
#include "store/sql_values.h"
#include "store/store_error.h"
#include "store/transaction.h"

namespace facecase {

namespace {
// Names compare ignoring case: lower() on both sides, as the unique index on PostgreSQL does
// (SQLite's column is COLLATE NOCASE; for ASCII, its lower() agrees).
const QString kWhereNameIs = QStringLiteral("WHERE lower(g.name) = lower(?)");

Result<QString> normalisedName(const QString& name) {
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) return Error::invalidInput(QStringLiteral("a gallery needs a name"));
    if (trimmed.size() > GalleryRepository::kMaxNameLength) {
        return Error::invalidInput(
            QStringLiteral("gallery name too long (%1 characters, at most %2)")
                .arg(trimmed.size())
                .arg(GalleryRepository::kMaxNameLength));
    }
    for (const QChar c : trimmed) {
        // A newline or tab in a name breaks CLI tables and reports.
        if (c.category() == QChar::Other_Control) {
            return Error::invalidInput(
                QStringLiteral(
                    "gallery name \"%1\" contains a control character (newline, tab, ...)")
                    .arg(trimmed.simplified()));
        }
    }
    return trimmed;
}
}  // namespace

Result<std::vector<Gallery>> GalleryRepository::select(const QString& where,
                                                       const QVariant& value, Counts counts) const {
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    // Counts come from the indexes (images by (gallery_id, sha256), faces by
    // (gallery_id, model_id)), not from a stored counter that could drift.
    const QString countColumns =
        counts == Counts::Included
            ? QStringLiteral("(SELECT count(*) FROM images i WHERE i.gallery_id = g.id), "
                             "(SELECT count(*) FROM faces f WHERE f.gallery_id = g.id)")
            : QStringLiteral("-1, -1");
    query.prepare(
        QStringLiteral("SELECT g.id, g.name, g.description, g.created_at, g.revision, %1, g.kind "
                       "FROM galleries g %2 ORDER BY g.name, g.id")
            .arg(countColumns, where));
    if (value.isValid()) query.bindValue(0, value);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(), QStringLiteral("list the galleries"),
                             query.lastError());
    }
    std::vector<Gallery> galleries;
    while (query.next()) {
        Gallery g;
        g.id = query.value(0).toLongLong();
        g.name = query.value(1).toString();
        g.description = query.value(2).toString();
        g.createdAt = QDateTime::fromString(query.value(3).toString(), Qt::ISODateWithMs);
        g.revision = query.value(4).toLongLong();
        g.imageCount = query.value(5).toLongLong();
        g.faceCount = query.value(6).toLongLong();
        // Anything but 'real' reads as synthetic: the CHECK allows only the two, and erring
        // towards "not people" is the safe side.
        g.kind = query.value(7).toString() == QLatin1String("real") ? Gallery::Kind::Real
                                                                     : Gallery::Kind::Synthetic;
        galleries.push_back(std::move(g));
    }
    return galleries;
}

Result<Gallery> GalleryRepository::create(const QString& name, const QString& description,
                                          Gallery::Kind kind) {
    auto normalised = normalisedName(name);
    if (!normalised) return normalised.error();
    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();

    // Looked up under the write lock rather than left to the UNIQUE constraint, so the message
    // can name the existing gallery's exact spelling.
    auto existing = select(kWhereNameIs, *normalised);
    if (!existing) return existing.error();
    if (!existing->empty()) {
        return Error::invalidInput(
            QStringLiteral("a gallery named \"%1\" already exists; choose another name")
                .arg(existing->front().name));
    }

    QSqlQuery query(m_connection.database());
    query.prepare(
        QStringLiteral(
            "INSERT INTO galleries (name, description, created_at, kind) VALUES (?, ?, ?, ?) RETURNING id"));
    query.bindValue(0, *normalised);
    query.bindValue(1, sql::text(description.trimmed()));
    query.bindValue(2, sql::timestamp());
    query.bindValue(3, Gallery::kindName(kind));
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("create gallery \"%1\"").arg(*normalised),
                             query.lastError());
    }
    const qint64 id = sql::insertedId(query);
    auto created = select(QStringLiteral("WHERE g.id = ?"), id);
    if (!created) return created.error();
    if (auto committed = transaction->commit(); !committed) return committed.error();
    return created->front();
}

Result<std::vector<Gallery>> GalleryRepository::list() const {
    return select(QString(), {});
}

Result<Gallery> GalleryRepository::findByName(const QString& name, Counts counts) const {
    auto found = select(kWhereNameIs, name.trimmed(), counts);
    if (!found) return found.error();
    if (!found->empty()) return found->front();

    auto all = list();
    if (!all) return all.error();
    QStringList names;
    for (const Gallery& g : *all) names << QStringLiteral("\"%1\"").arg(g.name);
    return Error::notFound(
        names.isEmpty()
            ? QStringLiteral("no gallery named \"%1\"; this workspace has no galleries yet")
                  .arg(name.trimmed())
            : QStringLiteral("no gallery named \"%1\"; galleries: %2")
                  .arg(name.trimmed(), names.join(QStringLiteral(", "))));
}

Result<Gallery> GalleryRepository::findById(qint64 id) const {
    auto found = select(QStringLiteral("WHERE g.id = ?"), id);
    if (!found) return found.error();
    if (found->empty()) {
        return Error::notFound(
            QStringLiteral("%1: no gallery with id %2").arg(m_connection.databasePath()).arg(id));
    }
    return found->front();
}

Result<void> GalleryRepository::requireForFaces(qint64 id, Gallery::Kind kind) const {
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    // SELECT *: a database before schema 2 (read while it is being upgraded) has no kind
    // column, and all its galleries are real.
    query.prepare(QStringLiteral("SELECT * FROM galleries WHERE id = ?"));
    query.bindValue(0, id);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(), QStringLiteral("look up the gallery"),
                             query.lastError());
    }
    if (!query.next()) {
        return Error::notFound(QStringLiteral("%1: no gallery with id %2 (was it removed?)")
                                   .arg(m_connection.databasePath())
                                   .arg(id));
    }
    const QString name = query.value(QStringLiteral("name")).toString();
    const int kindColumn = query.record().indexOf(QStringLiteral("kind"));
    const bool synthetic = kindColumn >= 0 && query.value(kindColumn).toString() ==
                                                  Gallery::kindName(Gallery::Kind::Synthetic);
    if (synthetic && kind != Gallery::Kind::Synthetic) {
        return Error::invalidInput(QStringLiteral("gallery \"%1\" is synthetic (a benchmark fixture): "
                                                  "photos cannot be enrolled into it")
                                       .arg(name));
    }
    if (!synthetic && kind == Gallery::Kind::Synthetic) {
        return Error::invalidInput(
            QStringLiteral("gallery \"%1\" holds real photos; synthetic faces go only into a "
                           "synthetic gallery of their own")
                .arg(name));
    }
    return {};
}

Result<Gallery> GalleryRepository::remove(qint64 id, const QString& actor, const QString& reason) {
    auto why = RemovalReason::clean(reason);
    if (!why) return why.error();
    auto transaction = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    // Read under the write lock, so the record's counts are exactly what is deleted.
    auto before = select(QStringLiteral("WHERE g.id = ?"), id);
    if (!before) return before.error();
    if (before->empty()) {
        return Error::notFound(
            QStringLiteral("%1: no gallery with id %2").arg(m_connection.databasePath()).arg(id));
    }
    const Gallery gallery = before->front();
    QSqlQuery query(m_connection.database());
    query.prepare(QStringLiteral("DELETE FROM galleries WHERE id = ?"));
    query.bindValue(0, id);
    if (!query.exec()) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("remove gallery \"%1\"").arg(gallery.name),
                             query.lastError());
    }

    AuditEntry entry;
    entry.action = QStringLiteral("gallery_removed");
    entry.actor = actor;
    entry.details = QJsonObject{
        {QStringLiteral("gallery_id"), gallery.id},
        {QStringLiteral("gallery_name"), gallery.name},
        {QStringLiteral("kind"), Gallery::kindName(gallery.kind)},
        {QStringLiteral("images"), gallery.imageCount},
        {QStringLiteral("faces"), gallery.faceCount},
        {QStringLiteral("revision"), gallery.revision},
        {QStringLiteral("reason"), *why},
    };
    if (auto recorded = AuditTrail(m_connection).append(*transaction, entry); !recorded) {
        return recorded.error();
    }
    if (auto committed = transaction->commit(); !committed) return committed.error();
    return gallery;
}

}  // namespace facecase
