#pragma once

// Helpers shared by the store tests: synthetic but realistic records, file fingerprints and
// one-value SQL reads. Header-only; each test executable includes it once.

#include <QCryptographicHash>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QVariant>

#include <QTemporaryDir>
#include <optional>

#include "audit/audit_trail.h"
#include "store/database_connection.h"
#include "store/face_record_writer.h"
#include "store/workspace.h"
#include "support/test_workspaces.h"

namespace facecase::test {

// A new workspace per call on the test's backend (TestWorkspaces: SQLite folders, or databases
// of a private PostgreSQL cluster when FACECASE_TEST_BACKEND=postgresql), and a connection to
// it; the last workspace stays open (a connection needs its workspace alive). Aborts the test
// executable when either cannot be opened: nothing else could run meaningfully.
class FreshWorkspaces {
public:
    DatabaseConnection next() {
        auto workspace = m_workspaces.next();
        if (!workspace) qFatal("%s", qPrintable(workspace.errorMessage()));
        m_workspace = *workspace;
        auto connection = m_workspace->openConnection();
        if (!connection) qFatal("%s", qPrintable(connection.errorMessage()));
        return std::move(connection).value();
    }
    // Another connection to the workspace next() opened last, as a second analyst's
    // workstation has its own.
    DatabaseConnection another() {
        auto connection = m_workspace->openConnection();
        if (!connection) qFatal("%s", qPrintable(connection.errorMessage()));
        return std::move(connection).value();
    }

private:
    TestWorkspaces m_workspaces;
    std::optional<Workspace> m_workspace;
};

// Every audit record of the workspace, in order.
inline std::vector<AuditRecord> auditRecordsOf(const DatabaseConnection& db) {
    auto records = AuditTrail(db).records();
    if (!records) qFatal("%s", qPrintable(records.errorMessage()));
    return *records;
}

inline QString sha256Of(const QByteArray& bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

// Fingerprint of a file's bytes, for "left exactly as it was" checks. Empty if missing.
inline QByteArray fileFingerprint(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
}

// The first column of the first row of `sql`, or an invalid QVariant on error (with a warning
// in the test log naming the statement).
inline QVariant scalar(const DatabaseConnection& connection, const QString& sql) {
    QSqlQuery query(connection.database());
    query.setForwardOnly(true);
    if (!query.exec(sql)) {
        qInfo("scalar(%s) failed: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        return {};
    }
    return query.next() ? query.value(0) : QVariant();
}

// An SQL literal of `bytes` as the connection's backend spells one (x'…' is a bit string on
// PostgreSQL).
inline QString blobLiteral(const DatabaseConnection& connection, const QByteArray& bytes) {
    const QString hex = QString::fromLatin1(bytes.toHex());
    return connection.dialect().backend() == SqlBackend::Sqlite
               ? QStringLiteral("x'%1'").arg(hex)
               : QStringLiteral("CAST('\\x%1' AS bytea)").arg(hex);
}

// An SQL expression reading the top-level `key` of the JSON object text in `column` as text:
// SQLite's json_extract, PostgreSQL's ->> on the text cast to jsonb (the audit log's details
// are TEXT on both).
inline QString jsonField(const DatabaseConnection& connection, const QString& column,
                         const QString& key) {
    return connection.dialect().backend() == SqlBackend::Sqlite
               ? QStringLiteral("json_extract(%1, '$.%2')").arg(column, key)
               : QStringLiteral("(CAST(%1 AS jsonb) ->> '%2')").arg(column, key);
}

// Makes every INSERT into `table` whose new row meets `condition` (SQL on NEW) fail with
// `message`, the way a full disk or a bug would fail it halfway: a trigger on either backend.
inline Result<void> injectInsertFailure(const DatabaseConnection& connection, const QString& table,
                                        const QString& condition, const QString& message) {
    if (connection.dialect().backend() == SqlBackend::Sqlite) {
        return connection.exec(
            QStringLiteral("CREATE TRIGGER test_abort BEFORE INSERT ON %1 WHEN %2 BEGIN "
                           "SELECT RAISE(ABORT, '%3'); END")
                .arg(table, condition, message),
            QStringLiteral("inject a failure"));
    }
    if (auto r = connection.exec(
            QStringLiteral("CREATE FUNCTION test_abort() RETURNS trigger LANGUAGE plpgsql AS "
                           "$$ BEGIN RAISE EXCEPTION '%1'; END $$")
                .arg(message),
            QStringLiteral("inject a failure"));
        !r) {
        return r;
    }
    return connection.exec(QStringLiteral("CREATE TRIGGER test_abort BEFORE INSERT ON %1 FOR "
                                          "EACH ROW WHEN (%2) EXECUTE FUNCTION test_abort()")
                               .arg(table, condition),
                           QStringLiteral("inject a failure"));
}

inline Result<void> removeInsertFailure(const DatabaseConnection& connection, const QString& table) {
    return connection.exec(connection.dialect().backend() == SqlBackend::Sqlite
                               ? QStringLiteral("DROP TRIGGER test_abort")
                               : QStringLiteral("DROP TRIGGER test_abort ON %1").arg(table),
                           QStringLiteral("remove the injected failure"));
}

// How the backend words a broken foreign key in its error message.
inline QString foreignKeyFailureText(const DatabaseConnection& connection) {
    return connection.dialect().backend() == SqlBackend::Sqlite
               ? QStringLiteral("FOREIGN KEY constraint failed")
               : QStringLiteral("violates foreign key constraint");
}

// How far a gallery's revision moves for `faces` face changes made in `transactions` write
// transactions (each touching that gallery only): one per face on SQLite, one per transaction
// on PostgreSQL (Gallery::revision).
inline qint64 revisionBumps(qint64 faces, qint64 transactions) {
    return testBackend() == SqlBackend::Sqlite ? faces : transactions;
}

inline qint64 count(const DatabaseConnection& connection, const QString& table) {
    return scalar(connection, QStringLiteral("SELECT count(*) FROM %1").arg(table)).toLongLong();
}

// A descriptor like dlib's: 128 values around 0 with norm ~1.4. Deterministic per `seed`.
inline Descriptor syntheticDescriptor(quint64 seed) {
    QRandomGenerator rng(static_cast<quint32>(seed * 2654435761u + 1));
    Descriptor d;
    for (float& v : d.values) v = static_cast<float>(rng.generateDouble() * 0.25 - 0.125);
    return d;
}

// A face with every column filled the way the pipeline fills it.
inline FaceRecord syntheticFace(int index, quint64 seed) {
    FaceRecord face;
    face.index = index;
    face.box.rect = QRectF(100.0 * index + 0.5, 80.25, 180.0, 180.0);
    face.box.detectorScore = 1.25;
    for (int i = 0; i < Landmarks::kCount; ++i) {
        face.landmarks.points[std::size_t(i)] =
            QPointF(100.0 * index + 110.0 + i * 2.5, 90.0 + (i % 17) * 9.75);
    }
    face.quality.eyeDistancePx = 62.5;
    face.quality.sharpness = 143.2;
    face.quality.yawDegrees = -4.1;
    face.quality.rollDegrees = 1.3;
    face.quality.brightness = 121.0;
    face.quality.contrast = 48.6;
    face.descriptor = syntheticDescriptor(seed);
    return face;
}

// Photo number `n` (distinct bytes, so a distinct SHA-256) with `faces` faces.
inline EnrollmentRecord syntheticRecord(int n, int faces = 1) {
    EnrollmentRecord record;
    record.image.sha256 = sha256Of(QByteArray("photo ") + QByteArray::number(n));
    record.image.path = QStringLiteral("/evidence/bookings/%1.jpg").arg(n, 6, 10, QLatin1Char('0'));
    record.image.fileBytes = 48213 + n;
    record.image.width = 480;
    record.image.height = 600;
    record.image.format = QStringLiteral("JPEG");
    record.image.source = QStringLiteral("enrollment");
    for (int i = 1; i <= faces; ++i) {
        record.faces.push_back(syntheticFace(i, quint64(n) * 16 + quint64(i)));
    }
    return record;
}

}  // namespace facecase::test
