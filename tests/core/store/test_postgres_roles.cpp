// The agency's roles, enforced by PostgreSQL itself (postgres_roles.h, the actor triggers of
// schema_postgres.cpp): each login tries what its role must not do, through FaceCase's own
// classes and, where FaceCase would refuse first, through plain SQL as a modified client
// would. Every refusal must come from the database and read as a sentence. A private cluster
// (tests/support/private_postgres); fails, never skips, without postgresql-15.
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <QThread>
#include <memory>

#include "audit/audit_trail.h"
#include "case_test_support.h"
#include "policy/policy_store.h"
#include "services/casework/case_catalog.h"
#include "services/casework/case_work.h"
#include "store/face_record_writer.h"
#include "store/gallery_image_remover.h"
#include "store/gallery_repository.h"
#include "store/postgres_roles.h"
#include "support/private_postgres.h"

using namespace facecase;
using namespace facecase::test;

namespace {
const QString kPassword = QStringLiteral("correct horse battery staple");
}  // namespace

class TestPostgresRoles : public QObject {
    Q_OBJECT

    std::unique_ptr<PrivatePostgres> m_cluster;
    CaseFixture m_fixture;  // made by the superuser: a gallery, case 2024-CR-17, a probe
    QString m_database;
    std::map<QString, std::unique_ptr<DatabaseConnection>> m_logins;

    const DatabaseConnection& as(const char* login) {
        return *m_logins.at(QString::fromLatin1(login));
    }

    Result<void> addLogin(const QString& login, AgencyRole role) {
        if (auto r = m_cluster->createLoginRole(login, kPassword); !r) return r;
        auto granted = m_cluster->superuserQuery(
            QStringLiteral("GRANT %1 TO %2").arg(AgencyRoles::groupRole(role), login));
        if (!granted) return granted.error();
        PostgresAddress address;
        address.host = PrivatePostgres::host();
        address.port = m_cluster->port();
        address.database = m_database;
        address.user = login;
        qputenv("PGPASSWORD", kPassword.toUtf8());
        auto connection = DatabaseConnection::open(address);
        m_cluster->lendSuperuserPasswordToLibpq();
        if (!connection) return connection.error();
        m_logins[login] = std::make_unique<DatabaseConnection>(std::move(connection).value());
        return {};
    }

    static CaseRecord caseDraft(const QString& number) {
        CaseRecord draft;
        draft.caseNumber = number;
        draft.purpose = QStringLiteral("Burglary at 12 Elm St; warrant 91/24");
        return draft;
    }

    static AuditEntry entryBy(const QString& actor) {
        AuditEntry entry;
        entry.actor = actor;
        entry.action = QStringLiteral("test_record");
        return entry;
    }

    static Result<AuditRecord> appendAs(const DatabaseConnection& db, const QString& actor) {
        auto transaction = Transaction::begin(db, Transaction::Kind::Write);
        if (!transaction) return transaction.error();
        auto appended = AuditTrail(db).append(*transaction, entryBy(actor));
        if (!appended) return appended.error();
        if (auto committed = transaction->commit(); !committed) return committed.error();
        return appended;
    }

#define VERIFY_REFUSED(result, words)                                                         \
    do {                                                                                      \
        const auto& r_ = (result);                                                            \
        QVERIFY2(!r_.ok(), "allowed, must be refused");                                       \
        QVERIFY2(r_.errorMessage().contains(words), qPrintable(r_.errorMessage()));           \
        QVERIFY2(!r_.errorMessage().contains(QLatin1Char('\n')), qPrintable(r_.errorMessage())); \
    } while (false)

private slots:
    void initTestCase() {
        auto cluster = PrivatePostgres::start(QStringLiteral("agency"));
        QVERIFY2(cluster.ok(), qPrintable(cluster.errorMessage()));
        m_cluster = std::move(cluster).value();
        m_cluster->lendSuperuserPasswordToLibpq();
        m_database = m_cluster->database();
        m_fixture = CaseFixture::populate(
            Workspace::open(QStringLiteral("postgresql://%1@%2:%3/%4")
                                .arg(m_cluster->superuser(), PrivatePostgres::host())
                                .arg(m_cluster->port())
                                .arg(m_database)),
            4);
        for (const auto& [login, role] :
             {std::pair{QStringLiteral("alice"), AgencyRole::Analyst},
              std::pair{QStringLiteral("bob"), AgencyRole::Analyst},
              std::pair{QStringLiteral("eve"), AgencyRole::Enroller},
              std::pair{QStringLiteral("sam"), AgencyRole::Supervisor},
              std::pair{QStringLiteral("audrey"), AgencyRole::Auditor}}) {
            auto added = addLogin(login, role);
            QVERIFY2(added.ok(), qPrintable(added.errorMessage()));
        }
    }
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }
    void cleanupTestCase() {
        m_logins.clear();
        m_fixture = {};
        m_cluster.reset();
    }

    void auditorReadsEverythingAndWritesNothing() {
        QCOMPARE(scalar(as("audrey"), QStringLiteral("SELECT count(*) FROM cases")).toLongLong(),
                 qint64(1));
        QVERIFY(scalar(as("audrey"), QStringLiteral("SELECT count(*) FROM audit_log"))
                    .toLongLong() > 0);
        VERIFY_REFUSED(CaseCatalog(as("audrey"), Actor(QStringLiteral("audrey")))
                           .create(caseDraft(QStringLiteral("2024-CR-90"))),
                       QStringLiteral("your database login is not allowed to do this"));
        VERIFY_REFUSED(appendAs(as("audrey"), QStringLiteral("zoe")),
                       QStringLiteral("the actor must be your database login \"audrey\""));
        for (const char* sql : {"INSERT INTO galleries (name, created_at) VALUES ('x', 'y')",
                                "UPDATE cases SET title = 'x'", "DELETE FROM probes",
                                "INSERT INTO policy_settings VALUES ('k', 'v', 'a', 'audrey')"}) {
            VERIFY_REFUSED(as("audrey").exec(QString::fromLatin1(sql), QStringLiteral("write")),
                           QStringLiteral("permission denied for table"));
        }
    }

    void noRoleChangesOrRemovesAuditRecords() {
        const qint64 records = count(as("audrey"), QStringLiteral("audit_log"));
        for (const char* login : {"alice", "eve", "sam", "audrey"}) {
            for (const char* sql : {"UPDATE audit_log SET actor = 'mallory'",
                                    "DELETE FROM audit_log", "TRUNCATE audit_log"}) {
                auto refused =
                    as(login).exec(QString::fromLatin1(sql), QStringLiteral("edit the audit log"));
                QVERIFY2(!refused.ok(), sql);
                QVERIFY2(refused.errorMessage().contains(
                             QStringLiteral("permission denied for table audit_log")),
                         qPrintable(refused.errorMessage()));
            }
        }
        QCOMPARE(count(as("audrey"), QStringLiteral("audit_log")), records);
    }

    // The database writes down who is logged in; a client claiming another name is refused.
    void analystActsUnderTheirOwnLoginOnly() {
        auto created = CaseCatalog(as("alice"), Actor(QStringLiteral("alice")))
                           .create(caseDraft(QStringLiteral("2024-CR-91")));
        QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
        QCOMPARE(scalar(as("alice"), QStringLiteral("SELECT actor FROM audit_log WHERE action = "
                                                    "'case_created' ORDER BY seq DESC LIMIT 1"))
                     .toString(),
                 QStringLiteral("alice"));
        VERIFY_REFUSED(appendAs(as("alice"), QStringLiteral("bob")),
                       QStringLiteral("the actor must be your database login \"alice\", not "
                                      "\"bob\""));
        VERIFY_REFUSED(CaseCatalog(as("alice"), Actor(QStringLiteral("bob")))
                           .create(caseDraft(QStringLiteral("2024-CR-92"))),
                       QStringLiteral("the actor must be your database login \"alice\""));
        QCOMPARE(scalar(as("alice"), QStringLiteral("SELECT count(*) FROM cases WHERE "
                                                    "case_number = '2024-CR-92'"))
                     .toLongLong(),
                 qint64(0));
    }

    void galleriesAreTheEnrollersBusiness() {
        VERIFY_REFUSED(GalleryRepository(as("alice")).create(QStringLiteral("Alice's own")),
                       QStringLiteral("your database login is not allowed to do this"));
        auto created = GalleryRepository(as("eve")).create(QStringLiteral("Case 42 images"));
        QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
        VERIFY_REFUSED(CaseCatalog(as("eve"), Actor(QStringLiteral("eve")))
                           .create(caseDraft(QStringLiteral("2024-CR-93"))),
                       QStringLiteral("your database login is not allowed to do this"));

        // Her removals go into the gallery's change log, which only the database writes
        // (schema_v5.cpp): no role may write or edit it, every role reads it.
        // Her faces keep their chip and thumbnail (schema 6): enrollers write them, every role
        // reads them, no other role writes them.
        EnrollmentRecord withImages = syntheticRecord(902);
        withImages.faces.front().images = FaceImages{QByteArray("chip"), QStringLiteral("jpeg"),
                                                     QByteArray("thumb"), QStringLiteral("jpeg")};
        auto stored = FaceRecordWriter(as("eve"), QStringLiteral("dlib-resnet-v1/flip-averaged"))
                          .insertBatch(created->id, {syntheticRecord(901), withImages});
        QVERIFY2(stored.ok(), qPrintable(stored.errorMessage()));
        const qint64 withImagesId = stored->back().faceIds.front();
        for (const char* login : {"alice", "eve", "sam", "audrey"}) {
            QCOMPARE(scalar(as(login), QStringLiteral("SELECT count(*) FROM face_images WHERE "
                                                      "face_id = %1").arg(withImagesId))
                         .toInt(),
                     1);
        }
        for (const char* login : {"alice", "sam", "audrey"}) {
            VERIFY_REFUSED(as(login).exec(QStringLiteral("DELETE FROM face_images"),
                                          QStringLiteral("remove stored chips")),
                           QStringLiteral("permission denied for table face_images"));
        }
        GalleryImageKey key;
        key.imageId = stored->front().imageId;
        auto removed = GalleryImageRemover(as("eve"))
                           .remove(created->id, key, QStringLiteral("eve"),
                                   QStringLiteral("Enrolled by mistake"));
        QVERIFY2(removed.ok(), qPrintable(removed.errorMessage()));
        const QString logged =
            QStringLiteral("SELECT face_id FROM face_changes WHERE gallery_id = %1").arg(created->id);
        QCOMPARE(scalar(as("audrey"), logged).toLongLong(), stored->front().faceIds.front());
        for (const char* login : {"alice", "eve", "sam", "audrey"}) {
            for (const QString& sql :
                 {QStringLiteral("INSERT INTO face_changes (gallery_id, face_id, kind, revision) "
                                 "VALUES (%1, 1, 'removed', 1)")
                      .arg(created->id),
                  QStringLiteral("UPDATE face_changes SET revision = 1"),
                  QStringLiteral("DELETE FROM face_changes")}) {
                VERIFY_REFUSED(as(login).exec(sql, QStringLiteral("write the change log")),
                               QStringLiteral("permission denied for table face_changes"));
            }
        }
    }

    // The supervisor role replaces the passphrase; the GRANT holds even for plain SQL.
    void policyIsTheSupervisorsBusiness() {
        const std::vector<PolicyStore::Change> change{
            {QStringLiteral("retention.days_after_close"), QStringLiteral("400")}};
        const QString reason = QStringLiteral("County retention schedule 2025");
        VERIFY_REFUSED(PolicyStore(as("alice")).change(change, QString(), reason,
                                                      QStringLiteral("alice")),
                       QStringLiteral("your database login alice is not a supervisor"));
        QCOMPARE(scalar(as("alice"), QStringLiteral("SELECT actor FROM audit_log WHERE action = "
                                                    "'policy_change_refused' ORDER BY seq DESC "
                                                    "LIMIT 1"))
                     .toString(),
                 QStringLiteral("alice"));
        VERIFY_REFUSED(as("alice").exec(QStringLiteral("INSERT INTO policy_settings VALUES "
                                                       "('retention.days_after_close', '1', "
                                                       "'2026-01-01T00:00:00.000Z', 'alice')"),
                                        QStringLiteral("change the policy")),
                       QStringLiteral("permission denied for table policy_settings"));
        auto changed =
            PolicyStore(as("sam")).change(change, QString(), reason, QStringLiteral("sam"));
        QVERIFY2(changed.ok(), qPrintable(changed.errorMessage()));
        auto policy = PolicyStore(as("audrey")).load();
        QVERIFY2(policy.ok(), qPrintable(policy.errorMessage()));
        QCOMPARE(policy->valueText(QStringLiteral("retention.days_after_close")),
                 QStringLiteral("400"));
    }

    // Four sessions at once, each its own login, each opening cases as fast as it can: the
    // writers' advisory lock keeps one linear chain, every record is its writer's, no case lost.
    void concurrentAnalystsKeepOneChain() {
        // Each thread connects for itself; passwords from a pgpass file (PGPASSWORD is one per
        // process and would race).
        const QString pgpass = QDir(m_cluster->directory()).filePath(QStringLiteral("pgpass"));
        QFile file(pgpass);
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (const char* login : {"alice", "bob", "sam", "audrey"}) {
            file.write(QStringLiteral("%1:%2:%3:%4:%5\n")
                           .arg(PrivatePostgres::host())
                           .arg(m_cluster->port())
                           .arg(m_database, QString::fromLatin1(login), kPassword)
                           .toUtf8());
        }
        file.close();
        QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        qputenv("PGPASSFILE", QFile::encodeName(pgpass));
        qunsetenv("PGPASSWORD");

        constexpr int kCasesEach = 25;
        const QStringList writers{QStringLiteral("alice"), QStringLiteral("bob"),
                                  QStringLiteral("sam")};
        std::vector<QString> failures(std::size_t(writers.size() + 1));
        std::vector<std::unique_ptr<QThread>> threads;
        for (qsizetype w = 0; w <= writers.size(); ++w) {
            threads.emplace_back(QThread::create([&, w] {
                const bool auditor = w == writers.size();
                PostgresAddress address;
                address.host = PrivatePostgres::host();
                address.port = m_cluster->port();
                address.database = m_database;
                address.user = auditor ? QStringLiteral("audrey") : writers[w];
                auto db = DatabaseConnection::open(address);
                if (!db) {
                    failures[std::size_t(w)] = db.errorMessage();
                    return;
                }
                for (int i = 0; i < kCasesEach; ++i) {
                    if (auditor) {  // reads the chain while it grows
                        auto verified = AuditTrail(*db).verify();
                        if (!verified || !verified->intact()) {
                            failures[std::size_t(w)] = QStringLiteral("chain read mid-way broken");
                            return;
                        }
                        continue;
                    }
                    auto created = CaseCatalog(*db, Actor(address.user))
                                       .create(caseDraft(QStringLiteral("2025-%1-%2")
                                                             .arg(address.user)
                                                             .arg(i)));
                    if (!created) {
                        failures[std::size_t(w)] = created.errorMessage();
                        return;
                    }
                }
            }));
        }
        for (auto& thread : threads) thread->start();
        for (auto& thread : threads) QVERIFY(thread->wait());
        m_cluster->lendSuperuserPasswordToLibpq();
        qunsetenv("PGPASSFILE");
        for (const QString& failure : failures) QVERIFY2(failure.isEmpty(), qPrintable(failure));

        auto verified = AuditTrail(as("audrey")).verify();
        QVERIFY(verified.ok());
        QVERIFY2(verified->intact(),
                 verified->intact() ? "" : qPrintable(verified->firstBreak->explanation));
        for (const QString& login : writers) {
            QCOMPARE(scalar(as("audrey"),
                            QStringLiteral("SELECT count(*) FROM audit_log a JOIN cases c ON "
                                           "c.id = a.case_id WHERE a.action = 'case_created' "
                                           "AND a.actor = '%1' AND c.case_number LIKE '2025-%1-%%'")
                                .arg(login))
                         .toLongLong(),
                     qint64(kCasesEach));
        }
        QCOMPARE(scalar(as("audrey"), QStringLiteral("SELECT count(*) FROM cases WHERE "
                                                     "case_number LIKE '2025-%'"))
                     .toLongLong(),
                 qint64(kCasesEach * writers.size()));
    }

    // A verdict's second review must be by another login: FaceCase refuses first, and a client
    // that skips FaceCase's check meets the database's.
    void secondReviewerIsAnotherLogin() {
        auto search = SearchRecorder(*m_fixture.db).record(m_fixture.searchDraft(2),
                                                           QStringLiteral("zoe"));
        QVERIFY2(search.ok(), qPrintable(search.errorMessage()));
        CaseWork::VerdictDraft verdict;
        verdict.candidateId = search->candidateIds.front();
        verdict.verdict = VerdictRecord::Verdict::PossibleMatch;
        verdict.reason = QStringLiteral("Same scar above the left eyebrow; ear shape agrees");
        auto set = CaseWork(as("alice"), Actor(QStringLiteral("alice"))).setVerdict(verdict);
        QVERIFY2(set.ok(), qPrintable(set.errorMessage()));

        const QString ownReview =
            QStringLiteral("INSERT INTO verdict_reviews (annotation_id, outcome, reason, analyst, "
                           "reviewed_at) VALUES (%1, 'confirmed', 'agree', '%2', "
                           "'2026-01-01T00:00:00.000Z')")
                .arg(set->annotationId);
        VERIFY_REFUSED(as("alice").exec(ownReview.arg(QStringLiteral("alice")),
                                        QStringLiteral("review")),
                       QStringLiteral("the reviewing analyst must differ from the one who set "
                                      "the verdict"));
        VERIFY_REFUSED(as("alice").exec(ownReview.arg(QStringLiteral("bob")),
                                        QStringLiteral("review")),
                       QStringLiteral("the analyst must be your database login \"alice\""));

        CaseWork::ReviewDraft review;
        review.candidateId = verdict.candidateId;
        review.outcome = VerdictReview::Outcome::Confirmed;
        review.reason = QStringLiteral("Compared independently: scar and ear agree");
        auto reviewed = CaseWork(as("bob"), Actor(QStringLiteral("bob"))).reviewVerdict(review);
        QVERIFY2(reviewed.ok(), qPrintable(reviewed.errorMessage()));
        QCOMPARE(reviewed->analyst, QStringLiteral("bob"));
    }
};

QTEST_GUILESS_MAIN(TestPostgresRoles)
#include "test_postgres_roles.moc"
