// Deleting from a gallery with `facecase-cli`, on real photos: `gallery remove-image` by id and by
// SHA-256 (the photo no longer comes back from a search, whose index cache rebuilds), its refusals
// (no reason, no or two image keys: exit 2; an image the gallery lacks: exit 1 naming both), and
// `gallery remove`, which now wants --reason as well as --yes. Every deletion and the manifest
// enrollment before them are on the audit record, and the chain verifies.
#include "audit/audit_trail.h"
#include "store/database_connection.h"
#include "support/test_data.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "cli_runner.h"

using namespace facecase;
using test::CliRun;
using test::jsonLines;
using test::runCli;

namespace {
QString samples(const QString& relative) {
    return test::testDataPath(QStringLiteral("detection/face-api-samples/images/") + relative);
}
}  // namespace

class TestCliGalleryRemove : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_workspace;
    QString m_manifest;

    QStringList ws(const QStringList& args) const {
        return args + QStringList{QStringLiteral("--workspace"), m_workspace};
    }
    // Candidates for Sheldon's fifth photo (the gallery holds his first four and Amy's).
    QJsonObject search() const {
        const CliRun run = runCli(ws({QStringLiteral("search"), QStringLiteral("--gallery"), QStringLiteral("Bookings"),
                                      QStringLiteral("--case"), QStringLiteral("G-1"), QStringLiteral("--probe-kind"),
                                      QStringLiteral("camera_photo"), QStringLiteral("--json"), QStringLiteral("--k"), QStringLiteral("8"),
                                      samples(QStringLiteral("sheldon/sheldon5.png"))}));
        if (run.exitCode != 0) qWarning("search failed: %s", run.err.constData());
        const auto lines = jsonLines(run.out);
        return lines.isEmpty() ? QJsonObject() : lines.front();
    }
    std::vector<AuditRecord> auditRecords() const {
        auto db = DatabaseConnection::open(QDir(m_workspace).filePath(QStringLiteral("facecase.sqlite")));
        if (!db) qFatal("%s", qPrintable(db.errorMessage()));
        auto records = AuditTrail(*db).records();
        if (!records) qFatal("%s", qPrintable(records.errorMessage()));
        return std::move(records).value();
    }
    QJsonObject lastRecord(const QString& action) const {
        const auto records = auditRecords();
        for (auto it = records.rbegin(); it != records.rend(); ++it)
            if (it->action == action) return it->detailsObject();
        return {};
    }

private slots:
    void initTestCase() {
        FACECASE_REQUIRE_TESTDATA();
        QVERIFY(m_dir.isValid());
        m_workspace = m_dir.filePath(QStringLiteral("ws"));
        m_manifest = m_dir.filePath(QStringLiteral("bookings.csv"));
        QFile manifest(m_manifest);
        QVERIFY(manifest.open(QIODevice::WriteOnly));
        manifest.write("path,subject_id,name\n");
        for (const char* person : {"amy", "sheldon"}) {
            for (int i = 1; i <= 4; ++i) {
                const QString name = QStringLiteral("%1/%1%2.png").arg(QLatin1String(person)).arg(i);
                manifest.write(QStringLiteral("%1,%2,%3\n").arg(samples(name), QLatin1String(person), QLatin1String(person)).toUtf8());
            }
        }
        manifest.close();
        const CliRun enroll = runCli(ws({QStringLiteral("enroll"), QStringLiteral("--gallery"), QStringLiteral("Bookings"),
                                         QStringLiteral("--manifest"), m_manifest}), 300'000);
        QVERIFY2(enroll.exitCode == 0, enroll.err.constData());
        // Searches belong to an open case (issue 6).
        const CliRun created = runCli(ws({QStringLiteral("case"), QStringLiteral("create"), QStringLiteral("--number"),
                                          QStringLiteral("G-1"), QStringLiteral("--purpose"), QStringLiteral("Removal tests")}));
        QVERIFY2(created.exitCode == 0, created.err.constData());
    }

    void enrollmentIsOnTheRecordWithTheManifestHash() {
        FACECASE_REQUIRE_TESTDATA();
        QFile manifest(m_manifest);
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        const QString sha = QString::fromLatin1(QCryptographicHash::hash(manifest.readAll(), QCryptographicHash::Sha256).toHex());
        const QJsonObject started = lastRecord(QStringLiteral("enrollment_started"));
        QCOMPARE(started.value(QStringLiteral("manifest_sha256")).toString(), sha);
        QCOMPARE(started.value(QStringLiteral("source")).toString(), QFileInfo(m_manifest).canonicalFilePath());
        QCOMPARE(started.value(QStringLiteral("source_kind")).toString(), QStringLiteral("manifest"));
        QCOMPARE(started.value(QStringLiteral("gallery_name")).toString(), QStringLiteral("Bookings"));
        QCOMPARE(started.value(QStringLiteral("gallery_created")).toBool(), true);
        const QJsonObject finished = lastRecord(QStringLiteral("enrollment_finished"));
        QCOMPARE(finished.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        QCOMPARE(finished.value(QStringLiteral("job_id")), started.value(QStringLiteral("job_id")));
        QCOMPARE(finished.value(QStringLiteral("files")).toInt(), 8);
        QCOMPARE(finished.value(QStringLiteral("images_enrolled")).toInt(), 8);
        QCOMPARE(finished.value(QStringLiteral("faces_enrolled")).toInt(), 8);
        QCOMPARE(finished.value(QStringLiteral("duplicates_skipped")).toInt(), 0);
        QCOMPARE(finished.value(QStringLiteral("no_face")).toInt(), 0);
    }

    void removeImageRefusals_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString name = QStringLiteral("Bookings");
        QTest::newRow("no reason") << QStringList{name, QStringLiteral("--image-id"), QStringLiteral("1")} << 2
                                   << QStringLiteral("--reason");
        QTest::newRow("blank reason") << QStringList{name, QStringLiteral("--image-id"), QStringLiteral("1"),
                                                     QStringLiteral("--reason"), QStringLiteral("  ")}
                                      << 2 << QStringLiteral("--reason");
        QTest::newRow("no image") << QStringList{name, QStringLiteral("--reason"), QStringLiteral("why")} << 2
                                  << QStringLiteral("--image-id ID or --sha256 HEX");
        QTest::newRow("two images") << QStringList{name, QStringLiteral("--image-id"), QStringLiteral("1"),
                                                   QStringLiteral("--sha256"), QString(64, QLatin1Char('a')),
                                                   QStringLiteral("--reason"), QStringLiteral("why")}
                                    << 2 << QStringLiteral("--image-id ID or --sha256 HEX");
        QTest::newRow("bad id") << QStringList{name, QStringLiteral("--image-id"), QStringLiteral("x1"),
                                               QStringLiteral("--reason"), QStringLiteral("why")}
                                << 2 << QStringLiteral("not an image id");
        QTest::newRow("no gallery") << QStringList{QStringLiteral("Nope"), QStringLiteral("--image-id"), QStringLiteral("1"),
                                                   QStringLiteral("--reason"), QStringLiteral("why")}
                                    << 1 << QStringLiteral("no gallery named \"Nope\"");
        QTest::newRow("unknown id") << QStringList{name, QStringLiteral("--image-id"), QStringLiteral("99999"),
                                                   QStringLiteral("--reason"), QStringLiteral("why")}
                                    << 1 << QStringLiteral("gallery \"Bookings\" has no image with id 99999");
        QTest::newRow("unknown sha") << QStringList{name, QStringLiteral("--sha256"), QString(64, QLatin1Char('b')),
                                                    QStringLiteral("--reason"), QStringLiteral("why")}
                                     << 1 << QStringLiteral("gallery \"Bookings\" has no image with SHA-256 bbbb");
        QTest::newRow("malformed sha") << QStringList{name, QStringLiteral("--sha256"), QStringLiteral("abc"),
                                                      QStringLiteral("--reason"), QStringLiteral("why")}
                                       << 1 << QStringLiteral("is not a SHA-256");
    }
    void removeImageRefusals() {
        FACECASE_REQUIRE_TESTDATA();
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const std::size_t records = auditRecords().size();
        const CliRun run = runCli(ws(QStringList{QStringLiteral("gallery"), QStringLiteral("remove-image")} + args));
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
        QCOMPARE(auditRecords().size(), records);
    }

    void removedImagesNoLongerComeBack() {
        FACECASE_REQUIRE_TESTDATA();
        const QJsonObject before = search();
        QCOMPARE(before.value(QStringLiteral("gallery_size")).toInt(), 8);
        const QJsonArray candidates = before.value(QStringLiteral("candidates")).toArray();
        QCOMPARE(candidates.size(), 8);
        const QJsonObject first = candidates[0].toObject();
        const QJsonObject second = candidates[1].toObject();
        QCOMPARE(first.value(QStringLiteral("subject_id")).toString(), QStringLiteral("sheldon"));
        const qint64 firstId = first.value(QStringLiteral("image_id")).toInteger();

        // By id, with --json.
        const CliRun byId = runCli(ws({QStringLiteral("gallery"), QStringLiteral("remove-image"), QStringLiteral("bookings"),
                                       QStringLiteral("--image-id"), QString::number(firstId), QStringLiteral("--reason"),
                                       QStringLiteral("Booking expunged, court order 2024/117"), QStringLiteral("--json")}));
        QVERIFY2(byId.exitCode == 0, byId.err.constData());
        const QJsonObject removed = QJsonDocument::fromJson(byId.out).object();
        QCOMPARE(removed.value(QStringLiteral("image_id")).toInteger(), firstId);
        QCOMPARE(removed.value(QStringLiteral("sha256")).toString(), first.value(QStringLiteral("image_sha256")).toString());
        QCOMPARE(removed.value(QStringLiteral("faces")).toInt(), 1);
        QCOMPARE(removed.value(QStringLiteral("subject_removed")).toBool(), false);  // Sheldon has 3 more
        const QJsonObject record = lastRecord(QStringLiteral("gallery_image_removed"));
        QCOMPARE(record.value(QStringLiteral("image_id")).toInteger(), firstId);
        QCOMPARE(record.value(QStringLiteral("gallery_name")).toString(), QStringLiteral("Bookings"));
        QCOMPARE(record.value(QStringLiteral("subject_external_id")).toString(), QStringLiteral("sheldon"));
        QCOMPARE(record.value(QStringLiteral("source_path")).toString(), first.value(QStringLiteral("image_path")).toString());
        QCOMPARE(record.value(QStringLiteral("reason")).toString(), QStringLiteral("Booking expunged, court order 2024/117"));
        QCOMPARE(record.value(QStringLiteral("faces")).toInt(), 1);

        // By SHA-256 (upper case is fine), in text.
        const QString secondSha = second.value(QStringLiteral("image_sha256")).toString();
        const CliRun bySha = runCli(ws({QStringLiteral("gallery"), QStringLiteral("remove-image"), QStringLiteral("Bookings"),
                                        QStringLiteral("--sha256"), secondSha.toUpper(), QStringLiteral("--reason"),
                                        QStringLiteral("Enrolled by mistake")}));
        QVERIFY2(bySha.exitCode == 0, bySha.err.constData());
        QVERIFY2(bySha.out.contains("Removed image"), bySha.out.constData());
        QCOMPARE(lastRecord(QStringLiteral("gallery_image_removed")).value(QStringLiteral("sha256")).toString(), secondSha);

        // Searching again: the index cache rebuilds (the revision moved) without them.
        const QJsonObject after = search();
        QCOMPARE(after.value(QStringLiteral("gallery_size")).toInt(), 6);
        for (const QJsonValue c : after.value(QStringLiteral("candidates")).toArray()) {
            QVERIFY(c.toObject().value(QStringLiteral("image_id")).toInteger() != firstId);
            QVERIFY(c.toObject().value(QStringLiteral("image_sha256")).toString() != secondSha);
        }
        // Gone means gone: a second removal finds nothing.
        const CliRun again = runCli(ws({QStringLiteral("gallery"), QStringLiteral("remove-image"), QStringLiteral("Bookings"),
                                        QStringLiteral("--image-id"), QString::number(firstId), QStringLiteral("--reason"),
                                        QStringLiteral("again")}));
        QCOMPARE(again.exitCode, 1);
        QCOMPARE(runCli(ws({QStringLiteral("audit"), QStringLiteral("verify")})).exitCode, 0);
    }

    void removeGalleryWantsAReasonAndConfirmation() {
        FACECASE_REQUIRE_TESTDATA();
        const QStringList remove{QStringLiteral("gallery"), QStringLiteral("remove"), QStringLiteral("Bookings")};
        const CliRun noReason = runCli(ws(remove + QStringList{QStringLiteral("--yes")}));
        QCOMPARE(noReason.exitCode, 2);
        QVERIFY2(noReason.err.contains("--reason"), noReason.err.constData());
        const CliRun blank = runCli(ws(remove + QStringList{QStringLiteral("--yes"), QStringLiteral("--reason"), QStringLiteral(" ")}));
        QCOMPARE(blank.exitCode, 2);
        const CliRun noYes = runCli(ws(remove + QStringList{QStringLiteral("--reason"), QStringLiteral("Retention ended")}));
        QCOMPARE(noYes.exitCode, 2);
        QVERIFY2(noYes.err.contains("--yes"), noYes.err.constData());

        const CliRun removed = runCli(ws(remove + QStringList{QStringLiteral("--yes"), QStringLiteral("--reason"),
                                                              QStringLiteral("Retention ended"), QStringLiteral("--json")}));
        QVERIFY2(removed.exitCode == 0, removed.err.constData());
        QCOMPARE(QJsonDocument::fromJson(removed.out).object().value(QStringLiteral("removed")).toBool(), true);
        const QJsonObject record = lastRecord(QStringLiteral("gallery_removed"));
        QCOMPARE(record.value(QStringLiteral("gallery_name")).toString(), QStringLiteral("Bookings"));
        QCOMPARE(record.value(QStringLiteral("kind")).toString(), QStringLiteral("real"));
        QCOMPARE(record.value(QStringLiteral("images")).toInt(), 6);
        QCOMPARE(record.value(QStringLiteral("faces")).toInt(), 6);
        QCOMPARE(record.value(QStringLiteral("reason")).toString(), QStringLiteral("Retention ended"));
        const CliRun verify = runCli(ws({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--read-only")}));
        QVERIFY2(verify.exitCode == 0, verify.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliGalleryRemove)
#include "test_cli_gallery_remove.moc"
