// EvidenceStore on both backends (FACECASE_TEST_BACKEND): photos kept by SHA-256 in the
// workspace folder or in the agency database, read back as checked local files; a changed copy
// is caught (and on PostgreSQL, where the local copy is only a cache, replaced); a wrong name
// for the bytes is refused; missing evidence is NotFound.
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "store/evidence_store.h"
#include "store_test_support.h"
#include "support/test_workspaces.h"

using namespace facecase;
using namespace facecase::test;

class TestEvidenceStore : public QObject {
    Q_OBJECT

    QTemporaryDir m_cache;
    TestWorkspaces m_workspaces;
    std::optional<Workspace> m_workspace;
    std::optional<DatabaseConnection> m_db;

    static QByteArray photo(int n) {
        QByteArray bytes("\xff\xd8\xff\xe0 a JPEG, number ");
        bytes += QByteArray::number(n);
        bytes += QByteArray(2000, char(n));
        return bytes;
    }
    EvidenceStore store() const { return EvidenceStore(*m_workspace, *m_db); }
    static QByteArray contents(const QString& path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    static void overwrite(const QString& path, const QByteArray& bytes) {
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(bytes);
    }

private slots:
    void initTestCase() {
        // The per-user cache (PostgreSQL's local copies) goes to a folder of this test's own.
        qputenv("XDG_CACHE_HOME", QFile::encodeName(m_cache.path()));
    }
    void init() {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        m_db.reset();
        auto workspace = m_workspaces.next();
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        m_workspace = *workspace;
        auto connection = m_workspace->openConnection();
        QVERIFY2(connection.ok(), qPrintable(connection.errorMessage()));
        m_db.emplace(std::move(connection).value());
    }

    void keepsAndReadsBack() {
        const QByteArray bytes = photo(1);
        const QString sha = sha256Of(bytes);
        auto kept = store().keep(bytes, sha, QStringLiteral("jpg"), QStringLiteral("/media/1.jpg"));
        QVERIFY2(kept.ok(), qPrintable(kept.errorMessage()));
        QCOMPARE(*kept, QStringLiteral("evidence/%1.jpg").arg(sha));
        auto again = store().keep(bytes, sha, QStringLiteral("jpg"), QStringLiteral("/other.jpg"));
        QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
        QCOMPARE(*again, *kept);

        auto local = store().localFile(*kept);
        QVERIFY2(local.ok(), qPrintable(local.errorMessage()));
        QCOMPARE(contents(*local), bytes);
        QVERIFY(!(QFile::permissions(*local) & QFileDevice::WriteOwner));  // read-only copy
        if (m_workspace->isPostgres()) {
            QVERIFY(local->startsWith(m_cache.path()));  // the per-user cache of this database
            QCOMPARE(count(*m_db, QStringLiteral("evidence")), qint64(1));
        } else {
            QCOMPARE(*local, m_workspace->folder() + QLatin1Char('/') + *kept);
        }
    }

    void changedCopyIsCaught() {
        const QByteArray bytes = photo(2);
        const QString sha = sha256Of(bytes);
        auto kept = store().keep(bytes, sha, QStringLiteral("png"), QStringLiteral("/media/2.png"));
        QVERIFY(kept.ok());
        auto local = store().localFile(*kept);
        QVERIFY(local.ok());
        overwrite(*local, QByteArray("retouched"));

        auto read = store().localFile(*kept);
        if (m_workspace->isPostgres()) {
            // Only a cache: fetched again from the database, which holds the evidence.
            QVERIFY2(read.ok(), qPrintable(read.errorMessage()));
            QCOMPARE(contents(*read), bytes);
        } else {
            QVERIFY(!read.ok());
            QVERIFY2(read.errorMessage().contains(QStringLiteral("altered or damaged")),
                     qPrintable(read.errorMessage()));
            auto refused =
                store().keep(bytes, sha, QStringLiteral("png"), QStringLiteral("/media/2.png"));
            QVERIFY(!refused.ok());
            QVERIFY2(refused.errorMessage().contains(QStringLiteral("import /media/2.png again")),
                     qPrintable(refused.errorMessage()));
            QCOMPARE(contents(*local), QByteArray("retouched"));  // kept as found
        }
    }

    void wrongNameForTheBytesIsRefused() {
        const QString wrong = sha256Of(QByteArray("something else"));
        auto kept = store().keep(photo(3), wrong, QStringLiteral("jpg"), QStringLiteral("/3.jpg"));
        QVERIFY(!kept.ok());
        QVERIFY2(kept.errorMessage().contains(m_workspace->isPostgres()
                                                  ? QStringLiteral("violates check constraint")
                                                  : QStringLiteral("does not read back")),
                 qPrintable(kept.errorMessage()));
        auto read = store().localFile(EvidenceStore::relativePath(wrong, QStringLiteral("jpg")));
        QVERIFY(!read.ok());
        QCOMPARE(read.error().kind, Error::Kind::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestEvidenceStore)
#include "test_evidence_store.moc"
