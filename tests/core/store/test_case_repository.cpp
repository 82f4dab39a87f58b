// CaseRepository: cases as rows, SQL and row mapping only. Rows are written and read back as
// given, found by number ignoring ASCII case, listed by last activity (the newest audit record
// or search), and an SQL failure names the database and the case. The rules (text checks, a
// taken number, which status may follow which) and the audit records are CaseCatalog's, tested
// in tests/core/services/casework/test_case_catalog.cpp.
#include <QRegularExpression>
#include <QTest>
#include <optional>

#include "audit/audit_trail.h"
#include "store/case_repository.h"
#include "store/transaction.h"
#include "store_test_support.h"

using namespace facecase;
using namespace facecase::test;

namespace {
CaseRepository::NewCase row(const QString& number, const QString& openedAt) {
    CaseRepository::NewCase c;
    c.caseNumber = number;
    c.purpose = QStringLiteral("Robbery at 5 Main St; warrant 88/24");
    c.analyst = QStringLiteral("zoe");
    c.openedAt = openedAt;
    return c;
}

QDateTime utc(const QString& iso) {
    return QDateTime::fromString(iso, Qt::ISODateWithMs);
}

// `write` on a CaseRepository inside a write transaction of its own, committed when it succeeds:
// as CaseCatalog calls the repository.
template <typename Write>
auto inTransaction(const DatabaseConnection& db, Write write)
    -> decltype(write(std::declval<CaseRepository&>())) {
    auto transaction = Transaction::begin(db, Transaction::Kind::Write);
    if (!transaction) return transaction.error();
    CaseRepository cases(db);
    auto written = write(cases);
    if (!written) return written;
    if (auto committed = transaction->commit(); !committed) return committed.error();
    return written;
}

Result<qint64> insert(const DatabaseConnection& db, const CaseRepository::NewCase& c) {
    return inTransaction(db, [&](CaseRepository& cases) { return cases.insert(c); });
}

// A test's starting point: case `number` opened at `openedAt`, or the test run stops.
qint64 opened(const DatabaseConnection& db, const QString& number,
              const QString& openedAt = QStringLiteral("2026-03-01T10:00:00.000Z")) {
    auto id = insert(db, row(number, openedAt));
    if (!id) qFatal("%s", qPrintable(id.errorMessage()));
    return *id;
}
}  // namespace

class TestCaseRepository : public QObject {
    Q_OBJECT

    FreshWorkspaces m_workspaces;

private slots:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void insertsARowAndReadsItBack() {
        DatabaseConnection db = m_workspaces.next();
        CaseRepository::NewCase full =
            row(QStringLiteral("2024-CR-17"), QStringLiteral("2026-03-01T10:00:00.000Z"));
        full.title = QStringLiteral("Main St robbery");
        full.purpose = QStringLiteral("Robbery at 5 Main St\nwarrant 88/24");
        full.analyst = QStringLiteral("Det. Ruiz");
        full.retentionDays = 90;
        auto id = insert(db, full);
        QVERIFY2(id.ok(), qPrintable(id.errorMessage()));
        QVERIFY(*id > 0);

        auto read = CaseRepository(db).findById(*id);
        QVERIFY2(read.ok(), qPrintable(read.errorMessage()));
        QCOMPARE(read->id, *id);
        QCOMPARE(read->caseNumber, QStringLiteral("2024-CR-17"));
        QCOMPARE(read->title, QStringLiteral("Main St robbery"));
        QCOMPARE(read->purpose, QStringLiteral("Robbery at 5 Main St\nwarrant 88/24"));
        QCOMPARE(read->analyst, QStringLiteral("Det. Ruiz"));
        QCOMPARE(read->status, CaseRecord::Status::Open);
        QCOMPARE(read->openedAt, utc(QStringLiteral("2026-03-01T10:00:00.000Z")));
        QVERIFY(!read->closedAt.isValid());
        QCOMPARE(read->lastActivity, read->openedAt);  // nothing else happened in it
        QCOMPARE(read->retentionDays, std::optional<int>(90));
        QVERIFY(!read->isPurged());

        // No title and no period of its own: an empty title and the policy default.
        const qint64 plain = opened(db, QStringLiteral("7"));
        QCOMPARE(CaseRepository(db).findById(plain)->title, QString());
        QCOMPARE(CaseRepository(db).findById(plain)->retentionDays, std::optional<int>());

        // A row, nothing more: the audit records are the catalog's.
        QCOMPARE(count(db, QStringLiteral("audit_log")), qint64(0));
    }

    void findsByNumberIgnoringAsciiCaseAndNamesWhatIsMissing() {
        DatabaseConnection db = m_workspaces.next();
        const qint64 id = opened(db, QStringLiteral("2024-CR-17"));
        const CaseRepository cases(db);
        auto found = cases.findByNumber(QStringLiteral(" 2024-cr-17\t"));
        QVERIFY2(found.ok(), qPrintable(found.errorMessage()));
        QCOMPARE(found->id, id);
        QCOMPARE(cases.withNumber(QStringLiteral("2024-cR-17"))->size(), std::size_t(1));
        QVERIFY(cases.withNumber(QStringLiteral("2024-CR-18"))->empty());

        auto missing = cases.findByNumber(QStringLiteral("2024-CR-18"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);
        QCOMPARE(missing.errorMessage(),
                 QStringLiteral("%1: no case numbered \"2024-CR-18\"").arg(db.databasePath()));
        auto noId = cases.findById(12345);
        QCOMPARE(noId.error().kind, Error::Kind::NotFound);
        QCOMPARE(noId.errorMessage(),
                 QStringLiteral("%1: no case with id 12345").arg(db.databasePath()));
    }

    // The column is case-sensitive (v1): databases written before the ASCII-case rule may hold
    // numbers that differ only in case. The exact spelling wins; otherwise the latest activity.
    void numbersDifferingOnlyInCaseFromOlderDatabases() {
        DatabaseConnection db = m_workspaces.next();
        const qint64 upper = opened(db, QStringLiteral("2024-CR-17"));
        const qint64 lower =
            opened(db, QStringLiteral("2024-cr-17"), QStringLiteral("2026-03-02T10:00:00.000Z"));
        const CaseRepository cases(db);
        auto both = cases.withNumber(QStringLiteral("2024-Cr-17"));
        QVERIFY(both.ok());
        QCOMPARE(both->size(), std::size_t(2));
        QCOMPARE(both->front().id, lower);  // most recent activity first
        QCOMPARE(cases.findByNumber(QStringLiteral("2024-CR-17"))->id, upper);
        QCOMPARE(cases.findByNumber(QStringLiteral("2024-cr-17"))->id, lower);
        QCOMPARE(cases.findByNumber(QStringLiteral("2024-Cr-17"))->id, lower);
    }

    void updatesStatusAndRetentionColumns() {
        DatabaseConnection db = m_workspaces.next();
        const qint64 id = opened(db, QStringLiteral("2024-CR-17"));
        const QString number = QStringLiteral("2024-CR-17");
        const auto read = [&] { return CaseRepository(db).findById(id).value(); };

        auto closed = inTransaction(db, [&](CaseRepository& cases) {
            return cases.updateStatus(id, number, CaseRecord::Status::Closed,
                                      QStringLiteral("2026-03-05T09:30:00.000Z"));
        });
        QVERIFY2(closed.ok(), qPrintable(closed.errorMessage()));
        QCOMPARE(read().status, CaseRecord::Status::Closed);
        QCOMPARE(read().closedAt, utc(QStringLiteral("2026-03-05T09:30:00.000Z")));
        QCOMPARE(read().expiresAt(730), read().closedAt.addDays(730));  // on the policy's period

        auto kept = inTransaction(
            db, [&](CaseRepository& cases) { return cases.updateRetention(id, number, 90); });
        QVERIFY2(kept.ok(), qPrintable(kept.errorMessage()));
        QCOMPARE(read().retentionDays, std::optional<int>(90));
        QCOMPARE(read().expiresAt(730), read().closedAt.addDays(90));

        auto reopened = inTransaction(db, [&](CaseRepository& cases) {
            return cases.updateStatus(id, number, CaseRecord::Status::Open, QString());
        });
        QVERIFY2(reopened.ok(), qPrintable(reopened.errorMessage()));
        QCOMPARE(read().status, CaseRecord::Status::Open);
        QVERIFY(!read().closedAt.isValid());
        QVERIFY(!read().expiresAt(730).isValid());  // none while open
        QCOMPARE(read().openedAt, utc(QStringLiteral("2026-03-01T10:00:00.000Z")));

        auto policy = inTransaction(db, [&](CaseRepository& cases) {
            return cases.updateRetention(id, number, std::nullopt);
        });
        QVERIFY2(policy.ok(), qPrintable(policy.errorMessage()));
        QCOMPARE(read().retentionDays, std::optional<int>());
        QCOMPARE(count(db, QStringLiteral("audit_log")), qint64(0));
    }

    // The repository checks nothing itself; what the schema refuses comes back naming the
    // database, what was being done and the case.
    void sqlFailuresNameTheDatabaseAndTheCase() {
        DatabaseConnection db = m_workspaces.next();
        const qint64 id = opened(db, QStringLiteral("2024-CR-17"));

        auto twice = insert(
            db, row(QStringLiteral("2024-CR-17"), QStringLiteral("2026-03-02T10:00:00.000Z")));
        QVERIFY(!twice.ok());
        QVERIFY2(twice.errorMessage().startsWith(
                     QStringLiteral("%1: cannot open case \"2024-CR-17\"").arg(db.databasePath())),
                 qPrintable(twice.errorMessage()));

        // Closed without a closing time: the schema's CHECK (status = 'open') = (closed_at IS
        // NULL).
        auto noTime = inTransaction(db, [&](CaseRepository& cases) {
            return cases.updateStatus(id, QStringLiteral("2024-CR-17"), CaseRecord::Status::Closed,
                                      QString());
        });
        QVERIFY(!noTime.ok());
        QVERIFY2(noTime.errorMessage().startsWith(
                     QStringLiteral("%1: cannot close case \"2024-CR-17\"").arg(db.databasePath())),
                 qPrintable(noTime.errorMessage()));
        QCOMPARE(count(db, QStringLiteral("cases")), qint64(1));
        QCOMPARE(CaseRepository(db).findById(id)->status, CaseRecord::Status::Open);
    }

    void listsByLastActivity() {
        DatabaseConnection db = m_workspaces.next();
        CaseRepository::NewCase first =
            row(QStringLiteral("A-1"), QStringLiteral("2026-01-01T10:00:00.000Z"));
        first.title = QStringLiteral("first");
        auto a = insert(db, first);
        QVERIFY(a.ok());
        const qint64 b =
            opened(db, QStringLiteral("B-2"), QStringLiteral("2026-01-02T10:00:00.000Z"));
        const CaseRepository cases(db);
        auto listed = cases.list();
        QVERIFY(listed.ok());
        QCOMPARE(listed->size(), std::size_t(2));
        QCOMPARE(listed->front().caseNumber, QStringLiteral("B-2"));
        QCOMPARE(listed->back().title, QStringLiteral("first"));

        // An audit record about A, later than B's opening, makes A the most recent.
        {
            auto transaction = Transaction::begin(db, Transaction::Kind::Write);
            QVERIFY(transaction.ok());
            AuditEntry entry;
            entry.action = QStringLiteral("case_closed");
            entry.actor = QStringLiteral("zoe");
            entry.caseId = *a;
            entry.at = utc(QStringLiteral("2026-01-03T10:00:00.000Z"));
            QVERIFY(AuditTrail(db).append(*transaction, entry).ok());
            QVERIFY(transaction->commit().ok());
        }
        listed = cases.list();
        QCOMPARE(listed->front().caseNumber, QStringLiteral("A-1"));
        QCOMPARE(listed->front().lastActivity, utc(QStringLiteral("2026-01-03T10:00:00.000Z")));

        // A search counts as activity too (searches are written by the search service; here
        // by hand, finishing after everything else).
        QVERIFY(db.exec(QStringLiteral("INSERT INTO descriptor_models (id, name, dimensions) "
                                       "VALUES (1, 'test', 128)"),
                        QStringLiteral("add a model"))
                    .ok());
        QVERIFY(db.exec(QStringLiteral(
                            "INSERT INTO searches (case_id, gallery_name, gallery_revision, "
                            "probe_sha256, probe_evidence_path, probe_face_index, probe_box_x, "
                            "probe_box_y, probe_box_width, probe_box_height, probe_descriptor, "
                            "model_id, actor, started_at, finished_at) VALUES (%1, 'g', 1, "
                            "'%2', 'evidence/x.jpg', 1, 0, 0, 10, 10, %3, 1, "
                            "'zoe', '2090-01-01T00:00:00.000Z', '2090-01-01T00:00:02.000Z')")
                            .arg(b)
                            .arg(QString(64, QLatin1Char('0')), blobLiteral(db, QByteArray(1, '\0'))),
                        QStringLiteral("add a search"))
                    .ok());
        listed = cases.list();
        QCOMPARE(listed->front().caseNumber, QStringLiteral("B-2"));
        QCOMPARE(listed->front().lastActivity,
                 QDateTime(QDate(2090, 1, 1), QTime(0, 0, 2), Qt::UTC));
    }

    void purgedRowReadsBackAsPurgedAndStaysClosed() {
        DatabaseConnection db = m_workspaces.next();
        const qint64 id =
            opened(db, QStringLiteral("P-1"), QStringLiteral("2026-01-01T10:00:00.000Z"));
        const QString number = QStringLiteral("P-1");
        auto closed = inTransaction(db, [&](CaseRepository& cases) {
            return cases.updateStatus(id, number, CaseRecord::Status::Closed,
                                      QStringLiteral("2026-02-01T00:00:00.000Z"));
        });
        QVERIFY2(closed.ok(), qPrintable(closed.errorMessage()));
        // CasePurger (core/services/retention) sets purged_at; here by hand.
        QVERIFY(db.exec(QStringLiteral("UPDATE cases SET purged_at = '2026-03-04T05:06:07.000Z' "
                                       "WHERE id = %1")
                            .arg(id),
                        QStringLiteral("mark purged"))
                    .ok());
        auto found = CaseRepository(db).findById(id);
        QVERIFY(found.ok());
        QVERIFY(found->isPurged());
        QCOMPARE(found->purgedAt, QDateTime(QDate(2026, 3, 4), QTime(5, 6, 7), Qt::UTC));
        QCOMPARE(found->status, CaseRecord::Status::Closed);

        // The schema keeps it closed (cases_purged_stay_closed), in words meant for developers:
        // CaseCatalog refuses first, naming the purge.
        auto reopened = inTransaction(db, [&](CaseRepository& cases) {
            return cases.updateStatus(id, number, CaseRecord::Status::Open, QString());
        });
        QVERIFY(!reopened.ok());
        QVERIFY2(reopened.errorMessage().startsWith(
                     QStringLiteral("%1: cannot reopen case \"P-1\"").arg(db.databasePath())),
                 qPrintable(reopened.errorMessage()));
        QCOMPARE(CaseRepository(db).findById(id)->status, CaseRecord::Status::Closed);
    }
};

QTEST_GUILESS_MAIN(TestCaseRepository)
#include "test_case_repository.moc"
