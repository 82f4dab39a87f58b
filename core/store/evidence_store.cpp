#include "store/evidence_store.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSqlQuery>

#include "store/sql_values.h"
#include "store/store_error.h"

namespace facecase {

namespace {
// SHA-256 of a file's bytes, read in blocks; an error names the file.
Result<QString> sha256OfFile(const QString& path) {
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file)) {
        return Error::internal(QStringLiteral("%1: cannot read back the evidence copy (%2)")
                                   .arg(path, file.errorString()));
    }
    return QString::fromLatin1(hash.result().toHex());
}

// Writes `bytes` to `target` through a temporary file and a rename (a crash leaves no half
// photo under a hash name), reads it back against `sha256`, and makes it read-only: evidence is
// not edited in place.
Result<void> writeChecked(const QString& target, const QByteArray& bytes, const QString& sha256,
                          const QString& sourceName) {
    QSaveFile out(target);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit()) {
        return Error::internal(QStringLiteral("%1: cannot copy %2 into the evidence folder (%3)")
                                   .arg(target, sourceName, out.errorString()));
    }
    // Proves what reached the disk, not what was in memory.
    auto written = sha256OfFile(target);
    if (!written) return written.error();
    if (*written != sha256) {
        QFile::remove(target);
        return Error::internal(QStringLiteral("%1: the evidence copy of %2 does not read back with "
                                              "the same SHA-256 (disk problem?)")
                                   .arg(target, sourceName));
    }
    QFile::setPermissions(target, QFileDevice::ReadOwner | QFileDevice::ReadGroup);
    return {};
}

QString sha256Of(const QString& relativePath) {
    return QFileInfo(relativePath).completeBaseName();
}
}  // namespace

QString EvidenceStore::relativePath(const QString& sha256, const QString& extension) {
    return QStringLiteral("%1/%2.%3").arg(Workspace::evidenceFolderName(), sha256, extension);
}

template <typename T, typename Work>
Result<T> EvidenceStore::withConnection(Work work) const {
    if (m_connection) return work(*m_connection);
    auto opened = m_workspace.openConnection();
    if (!opened) return opened.error();
    return work(*opened);
}

Result<QString> EvidenceStore::keep(const QByteArray& bytes, const QString& sha256,
                                    const QString& extension, const QString& sourceName) const {
    const QString relative = relativePath(sha256, extension);
    return m_workspace.isPostgres() ? keepInDatabase(bytes, sha256, relative, sourceName)
                                    : keepInFolder(bytes, sha256, relative, sourceName);
}

Result<QString> EvidenceStore::keepInFolder(const QByteArray& bytes, const QString& sha256,
                                            const QString& relative,
                                            const QString& sourceName) const {
    const QString target = QDir(m_workspace.folder()).filePath(relative);
    if (!QDir().mkpath(m_workspace.evidenceFolder())) {
        return Error::internal(QStringLiteral("%1: cannot create the evidence folder")
                                   .arg(m_workspace.evidenceFolder()));
    }
    if (QFileInfo::exists(target)) {
        // Same name = same content, unless someone changed the file: then it is kept as found
        // (it may itself be evidence of tampering) and the import stops.
        auto existing = sha256OfFile(target);
        if (!existing) return existing.error();
        if (*existing == sha256) return relative;
        return Error::invalidInput(
            QStringLiteral("%1: the evidence file %2 already exists but its content no longer has "
                           "the SHA-256 in its name (altered or damaged); move it aside and "
                           "import %3 again")
                .arg(m_workspace.evidenceFolder(), QFileInfo(target).fileName(), sourceName));
    }
    if (auto written = writeChecked(target, bytes, sha256, sourceName); !written) {
        return written.error();
    }
    return relative;
}

Result<QString> EvidenceStore::keepInDatabase(const QByteArray& bytes, const QString& sha256,
                                              const QString& relative,
                                              const QString& sourceName) const {
    return withConnection<QString>([&](const DatabaseConnection& connection) -> Result<QString> {
        QSqlQuery insert(connection.database());
        insert.prepare(QStringLiteral(
            "INSERT INTO evidence (sha256, bytes, file_bytes, stored_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (sha256) DO NOTHING"));
        insert.bindValue(0, sha256);
        insert.bindValue(1, bytes);
        insert.bindValue(2, qint64(bytes.size()));
        insert.bindValue(3, sql::timestamp());
        if (!insert.exec()) {
            return databaseError(connection.databasePath(),
                                 QStringLiteral("keep %1 as evidence").arg(sourceName),
                                 insert.lastError());
        }
        return relative;
    });
}

Result<QString> EvidenceStore::localFile(const QString& relative) const {
    const QString sha256 = sha256Of(relative);
    if (!m_workspace.isPostgres()) {
        const QString path = QDir(m_workspace.folder()).filePath(relative);
        if (!QFileInfo::exists(path)) {
            return Error::notFound(QStringLiteral("%1: the evidence file is missing").arg(path));
        }
        auto actual = sha256OfFile(path);
        if (!actual) return actual.error();
        if (*actual != sha256) {
            return Error::invalidInput(QStringLiteral("%1: the evidence file no longer has the "
                                                      "SHA-256 in its name (altered or damaged)")
                                           .arg(path));
        }
        return path;
    }
    const QString cached = QDir(m_workspace.localCacheFolder()).filePath(relative);
    if (QFileInfo::exists(cached)) {
        auto actual = sha256OfFile(cached);
        if (actual && *actual == sha256) return cached;
        // A cached copy that changed is only a cache: the database holds the evidence.
        QFile::setPermissions(cached, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QFile::remove(cached);
    }
    return fetchIntoCache(sha256, cached);
}

Result<QString> EvidenceStore::fetchIntoCache(const QString& sha256, const QString& cached) const {
    return withConnection<QString>([&](const DatabaseConnection& connection) -> Result<QString> {
        QSqlQuery query(connection.database());
        query.setForwardOnly(true);
        query.prepare(QStringLiteral("SELECT bytes FROM evidence WHERE sha256 = ?"));
        query.bindValue(0, sha256);
        if (!query.exec()) {
            return databaseError(connection.databasePath(),
                                 QStringLiteral("read the evidence %1").arg(sha256),
                                 query.lastError());
        }
        if (!query.next()) {
            return Error::notFound(QStringLiteral("%1: the evidence %2 is not in the database (was "
                                                  "its case purged?)")
                                       .arg(connection.databasePath(), sha256));
        }
        const QByteArray bytes = query.value(0).toByteArray();
        query.finish();
        if (!QDir().mkpath(QFileInfo(cached).absolutePath())) {
            return Error::internal(QStringLiteral("%1: cannot create the evidence cache folder")
                                       .arg(QFileInfo(cached).absolutePath()));
        }
        if (auto written = writeChecked(cached, bytes, sha256, sha256); !written) {
            return written.error();
        }
        return cached;
    });
}

}  // namespace facecase
