#include "services/retention/evidence_sweeper.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>

#include "store/sql_values.h"
#include "store/store_error.h"
#include "store/transaction.h"

namespace facecase {

void EvidenceSweeper::Outcome::merge(const Outcome& other) {
    deleted += other.deleted;
    stillReferenced += other.stillReferenced;
    failed += other.failed;
}

EvidenceSweeper::EvidenceSweeper(Workspace workspace, const DatabaseConnection& connection)
    : m_workspace(std::move(workspace)), m_connection(connection) {}

QString EvidenceSweeper::insideEvidence(const QString& relative) const {
    const QString evidence = QDir::cleanPath(m_workspace.evidenceFolder());
    const QString absolute = QDir::cleanPath(QDir(m_workspace.folder()).filePath(relative));
    // A stored path is written by FaceCase, but the database is a file anyone can edit: never
    // follow one out of the evidence folder.
    if (!absolute.startsWith(evidence + QLatin1Char('/'))) return {};
    return absolute;
}

void EvidenceSweeper::remove(const QString& relative, Outcome& outcome) const {
    if (m_workspace.isPostgres()) {
        removeRow(QFileInfo(relative).completeBaseName(), relative, outcome);
        return;
    }
    const QString path = insideEvidence(relative);
    if (path.isEmpty()) {
        outcome.failed << QStringLiteral("%1: not inside the evidence folder, left alone")
                              .arg(relative);
        return;
    }
    QFile file(path);
    if (!file.exists()) {
        outcome.deleted << relative;
        return;
    }
    // Evidence copies are read-only (ProbeImporter); some platforms refuse to delete those.
    file.setPermissions(file.permissions() | QFileDevice::WriteOwner);
    if (file.remove()) {
        outcome.deleted << relative;
    } else {
        outcome.failed << QStringLiteral("%1: %2").arg(relative, file.errorString());
    }
}

void EvidenceSweeper::removeRow(const QString& sha256, const QString& relative,
                                Outcome& outcome) const {
    QSqlQuery remove(m_connection.database());
    remove.prepare(QStringLiteral("DELETE FROM evidence WHERE sha256 = ?"));
    remove.bindValue(0, sha256);
    if (remove.exec()) {
        outcome.deleted << relative;
    } else {
        outcome.failed << QStringLiteral("%1: %2").arg(
                              relative, databaseReason(m_connection.databasePath(), remove.lastError()));
    }
}

Result<EvidenceSweeper::Outcome> EvidenceSweeper::removeUnreferenced(
    const QStringList& relativePaths) const {
    Outcome outcome;
    if (relativePaths.isEmpty()) return outcome;
    auto lock = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!lock) return lock.error();
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT EXISTS (SELECT 1 FROM probes WHERE evidence_path = ?) "
        "    OR EXISTS (SELECT 1 FROM searches WHERE probe_evidence_path = ?)"));
    for (const QString& relative : relativePaths) {
        query.bindValue(0, relative);
        query.bindValue(1, relative);
        if (!query.exec() || !query.next()) {
            return databaseError(m_connection.databasePath(),
                                 QStringLiteral("check who uses %1").arg(relative),
                                 query.lastError());
        }
        const bool used = query.value(0).toBool();
        query.finish();
        if (used) {
            outcome.stillReferenced << relative;
        } else {
            remove(relative, outcome);
        }
    }
    // SQLite: nothing was written, the transaction only held the lock while files went.
    // PostgreSQL: the evidence rows were deleted in it, under the same lock.
    if (!m_workspace.isPostgres()) {
        lock->rollback();
    } else if (auto committed = lock->commit(); !committed) {
        return committed.error();
    }
    return outcome;
}

Result<EvidenceSweeper::Outcome> EvidenceSweeper::sweepOrphans(const QDateTime& now) const {
    Outcome outcome;
    const QDateTime clock = now.isValid() ? now : QDateTime::currentDateTimeUtc();
    auto lock = Transaction::begin(m_connection, Transaction::Kind::Write);
    if (!lock) return lock.error();
    if (m_workspace.isPostgres()) {
        // The evidence rows nothing refers to, older than the grace an import in flight needs
        // (it keeps the bytes before the probe row that refers to them).
        QSqlQuery orphans(m_connection.database());
        orphans.setForwardOnly(true);
        orphans.prepare(QStringLiteral(
            "SELECT e.sha256 FROM evidence e WHERE e.stored_at < ? "
            "AND NOT EXISTS (SELECT 1 FROM probes p WHERE p.sha256 = e.sha256) "
            "AND NOT EXISTS (SELECT 1 FROM searches s WHERE s.probe_sha256 = e.sha256) "
            "ORDER BY e.sha256"));
        orphans.bindValue(0, sql::timestamp(clock.addSecs(-kOrphanGraceSeconds)));
        if (!orphans.exec()) {
            return databaseError(m_connection.databasePath(),
                                 QStringLiteral("list the evidence nobody uses"), orphans.lastError());
        }
        QStringList unused;
        while (orphans.next()) unused << orphans.value(0).toString();
        orphans.finish();
        for (const QString& sha256 : unused) {
            removeRow(sha256, Workspace::evidenceFolderName() + QLatin1Char('/') + sha256, outcome);
        }
        if (auto committed = lock->commit(); !committed) return committed.error();
        return outcome;
    }
    QSqlQuery query(m_connection.database());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT evidence_path FROM probes "
                                   "UNION SELECT probe_evidence_path FROM searches"))) {
        return databaseError(m_connection.databasePath(),
                             QStringLiteral("list the evidence files in use"), query.lastError());
    }
    QSet<QString> used;
    while (query.next()) used.insert(QDir::cleanPath(query.value(0).toString()));

    // Only names ProbeImporter writes: a file someone put there by hand, or a half-written
    // temporary file of an import in flight, is not ours to delete.
    static const QRegularExpression evidenceName(
        QStringLiteral("^[0-9a-f]{64}\\.[a-z0-9]{1,8}$"));
    const QFileInfoList files =
        QDir(m_workspace.evidenceFolder()).entryInfoList(QDir::Files | QDir::Hidden, QDir::Name);
    for (const QFileInfo& info : files) {
        if (!evidenceName.match(info.fileName()).hasMatch()) continue;
        const QString relative = Workspace::evidenceFolderName() + QLatin1Char('/') + info.fileName();
        if (used.contains(relative)) continue;
        if (info.lastModified().secsTo(clock) < kOrphanGraceSeconds) continue;
        remove(relative, outcome);
    }
    lock->rollback();
    return outcome;
}

}  // namespace facecase
