// End-to-end crash safety of `facecase-cli enroll`: the real binary on ~150 real LFW photos,
// SIGKILLed at several points (during start-up, mid-batch, after N commits), re-run each time,
// must end exactly where a clean run ends: same faces, no duplicate photo, an intact database,
// one job whose items cover every file once. Also Ctrl-C (exit 5, resume hint) and the
// gallery / job commands' contracts (docs/cli.md).
#include "store/database_connection.h"
#include "support/test_data.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "cli_runner.h"

#include <csignal>
#include <functional>

using namespace facecase;

namespace {
const QString kCli = test::cliPath();
using Run = test::CliRun;
using test::jsonLines;

Run cli(const QStringList& args, int timeoutMs = 120'000) { return test::runCli(args, timeoutMs); }

// Starts an enrollment and kills it with SIGKILL (or `signal`) once `when` says so, given the
// milliseconds since start, the milliseconds since the first progress line (-1 before it: the
// models are loading) and the latest progress line. Returns the last progress seen.
using KillWhen = std::function<bool(qint64, qint64, const QJsonObject&)>;
QJsonObject runUntil(const QStringList& args, const KillWhen& when,
                     int signal = SIGKILL, QProcess* keep = nullptr) {
    QProcess local;
    QProcess& p = keep ? *keep : local;
    p.start(kCli, args);
    p.waitForStarted();
    QElapsedTimer clock;
    clock.start();
    QJsonObject last;
    QByteArray pending;
    qint64 firstProgressMs = -1;
    while (p.state() != QProcess::NotRunning && clock.elapsed() < 120'000) {
        p.waitForReadyRead(10);
        pending += p.readAllStandardOutput();
        qsizetype newline;
        while ((newline = pending.indexOf('\n')) >= 0) {
            const QJsonObject line = QJsonDocument::fromJson(pending.left(newline)).object();
            pending.remove(0, newline + 1);
            if (line.value(QStringLiteral("event")).toString() == QLatin1String("progress")) {
                last = line;
                if (firstProgressMs < 0) firstProgressMs = clock.elapsed();
            }
        }
        if (when(clock.elapsed(), firstProgressMs < 0 ? -1 : clock.elapsed() - firstProgressMs, last)) {
            ::kill(pid_t(p.processId()), signal);
            break;
        }
    }
    if (!keep) p.waitForFinished(60'000);
    return last;
}

QVariant scalar(const DatabaseConnection& db, const QString& sql) {
    QSqlQuery q(db.database());
    return q.exec(sql) && q.next() ? q.value(0) : QVariant();
}

}  // namespace

class TestCliEnroll : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_photos;
    QStringList m_files;
    QJsonObject m_clean;  // the clean run's "finished" line

    QStringList enrollArgs(const QString& workspace, const QString& photos = {}) const {
        return {QStringLiteral("enroll"), QStringLiteral("--gallery"), QStringLiteral("Bookings"),
                QStringLiteral("--folder"), photos.isEmpty() ? m_photos : photos,
                QStringLiteral("--workspace"), m_dir.filePath(workspace), QStringLiteral("--json-progress"),
                QStringLiteral("--batch-size"), QStringLiteral("16"), QStringLiteral("--threads"), QStringLiteral("2")};
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        if (test::testDataRoot().isEmpty()) return;
        // Whole people from the LFW dev-test set, in name order, until ~150 photos.
        m_photos = m_dir.filePath(QStringLiteral("photos"));
        const QString lfw = test::testDataPath(QStringLiteral("lfw-devtest/images"));
        for (const QString& person : QDir(lfw).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            if (m_files.size() >= 150) break;
            QDir().mkpath(QDir(m_photos).filePath(person));
            for (const QString& name : QDir(QDir(lfw).filePath(person)).entryList(QDir::Files, QDir::Name)) {
                const QString target = QDir(m_photos).filePath(person + QLatin1Char('/') + name);
                QVERIFY(QFile::copy(QDir(lfw).filePath(person + QLatin1Char('/') + name), target));
                m_files << target;
            }
        }
        m_files.sort();
    }

    void cleanRun() {
        FACECASE_REQUIRE_TESTDATA();
        const Run run = cli(enrollArgs(QStringLiteral("clean")));
        QVERIFY2(run.exitCode == 0 || run.exitCode == 1, run.err.constData());
        const auto lines = jsonLines(run.out);
        QVERIFY(lines.size() >= 2);
        m_clean = lines.last();
        QCOMPARE(m_clean[QStringLiteral("event")].toString(), QStringLiteral("finished"));
        const QJsonObject job = m_clean[QStringLiteral("job")].toObject();
        QCOMPARE(job[QStringLiteral("status")].toString(), QStringLiteral("completed"));
        QCOMPARE(job[QStringLiteral("items")].toObject()[QStringLiteral("total")].toInt(), m_files.size());
        QVERIFY(m_clean[QStringLiteral("gallery_faces")].toInt() > 140);

        // Memory stays flat: RSS once the pipeline is warm vs at the end.
        QList<double> rss;
        for (const QJsonObject& line : lines)
            if (line[QStringLiteral("event")].toString() == QLatin1String("progress")) rss << line[QStringLiteral("rss_mb")].toDouble();
        QVERIFY(rss.size() >= 2);
        const double warm = rss[rss.size() / 4];
        qInfo("clean run: %d files, %.1f images/s; RSS %s MB", int(m_files.size()),
              m_clean[QStringLiteral("run")].toObject()[QStringLiteral("images_per_second")].toDouble(),
              qPrintable([&] { QStringList s; for (double v : rss) s << QString::number(v, 'f', 0); return s.join(QLatin1Char(' ')); }()));
        QVERIFY2(rss.last() - warm < 40, "RSS grew during the run");
    }

    // A batch never stops at one bad item: an unreadable photo and one without a face in the
    // middle of the folder each get their problem line, the others are enrolled, and exit code
    // 1 says "done, with problems listed" (6 would be "nothing done", as for a missing folder).
    void badPhotosInTheMiddleAreListedAndTheRestEnrolled() {
        FACECASE_REQUIRE_TESTDATA();
        const QDir folder(m_dir.filePath(QStringLiteral("mixed")));
        QVERIFY(folder.mkpath(QStringLiteral(".")));
        const QString samples = test::testDataPath(QStringLiteral("detection/face-api-samples/images/"));
        QVERIFY(QFile::copy(samples + QStringLiteral("amy/amy1.png"), folder.filePath(QStringLiteral("a_amy.png"))));
        QFile broken(folder.filePath(QStringLiteral("b_broken.jpg")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("\xff\xd8\xff\xe0 not the rest of a JPEG");
        broken.close();
        QVERIFY(QFile::copy(test::testDataPath(QStringLiteral("detection/dlib-faces/dogs.jpg")),
                            folder.filePath(QStringLiteral("c_dogs.jpg"))));
        QVERIFY(QFile::copy(samples + QStringLiteral("penny/penny1.png"), folder.filePath(QStringLiteral("d_penny.png"))));

        const Run run = cli({QStringLiteral("enroll"), QStringLiteral("--gallery"), QStringLiteral("Mixed"),
                             QStringLiteral("--folder"), folder.path(), QStringLiteral("--subject-from"),
                             QStringLiteral("none"), QStringLiteral("--workspace"),
                             m_dir.filePath(QStringLiteral("mixed-ws")), QStringLiteral("--json-progress")});
        QVERIFY2(run.exitCode == 1, run.err.constData());
        const QJsonObject finished = jsonLines(run.out).last();
        QCOMPARE(finished[QStringLiteral("event")].toString(), QStringLiteral("finished"));
        QCOMPARE(finished[QStringLiteral("gallery_faces")].toInt(), 2);
        const QJsonObject problems = finished[QStringLiteral("problems")].toObject();
        QCOMPARE(problems[QStringLiteral("unreadable")].toArray().size(), 1);
        QVERIFY(problems[QStringLiteral("unreadable")].toArray()[0].toObject()[QStringLiteral("path")]
                    .toString().endsWith(QStringLiteral("b_broken.jpg")));
        QCOMPARE(problems[QStringLiteral("no_face")].toArray().size(), 1);
        QVERIFY(problems[QStringLiteral("no_face")].toArray()[0].toObject()[QStringLiteral("path")]
                    .toString().endsWith(QStringLiteral("c_dogs.jpg")));

        const Run missing = cli({QStringLiteral("enroll"), QStringLiteral("--gallery"), QStringLiteral("Mixed"),
                                 QStringLiteral("--folder"), m_dir.filePath(QStringLiteral("nope")),
                                 QStringLiteral("--workspace"), m_dir.filePath(QStringLiteral("mixed-ws"))});
        QCOMPARE(missing.exitCode, 6);
        QVERIFY2(missing.err.contains("nope"), missing.err.constData());
    }

    void killedAtAnyPointThenResumedEqualsCleanRun() {
        FACECASE_REQUIRE_TESTDATA();
        QVERIFY(!m_clean.isEmpty());
        const QStringList args = enrollArgs(QStringLiteral("killed"));
        const auto done = [](const QJsonObject& p) { return p[QStringLiteral("done")].toInt(); };
        struct KillPoint {
            const char* what;
            KillWhen when;
        };
        // Done counts are cumulative over the runs (a resumed run starts at what was committed);
        // the timed kills land mid-batch while photos are in flight.
        const std::vector<KillPoint> points{
            {"0.5 s after start (loading models)", [](qint64 ms, qint64, const QJsonObject&) { return ms >= 500; }},
            {"after 16 done (right after a commit)", [&](qint64, qint64, const QJsonObject& p) { return done(p) >= 16; }},
            {"0.4 s into processing (mid-batch)", [](qint64, qint64 busy, const QJsonObject&) { return busy >= 400; }},
            {"after 64 done", [&](qint64, qint64, const QJsonObject& p) { return done(p) >= 64; }},
            {"0.3 s into processing (mid-batch)", [](qint64, qint64 busy, const QJsonObject&) { return busy >= 300; }},
            {"after 120 done", [&](qint64, qint64, const QJsonObject& p) { return done(p) >= 120; }},
        };
        for (const KillPoint& point : points) {
            const QJsonObject last = runUntil(args, point.when);
            qInfo("SIGKILL %s: last progress %d/%d done", point.what, done(last), int(m_files.size()));
            QVERIFY2(done(last) < m_files.size(), "the run finished before it could be killed");
        }
        const Run final = cli(args);
        QVERIFY2(final.exitCode == 0 || final.exitCode == 1, final.err.constData());
        const QJsonObject finished = jsonLines(final.out).last();
        QCOMPARE(finished[QStringLiteral("gallery_faces")].toInt(), m_clean[QStringLiteral("gallery_faces")].toInt());
        QCOMPARE(finished[QStringLiteral("gallery_images")].toInt(), m_clean[QStringLiteral("gallery_images")].toInt());
        const QJsonObject job = finished[QStringLiteral("job")].toObject();
        QCOMPARE(job[QStringLiteral("status")].toString(), QStringLiteral("completed"));
        QCOMPARE(job[QStringLiteral("items")].toObject(), m_clean[QStringLiteral("job")].toObject()[QStringLiteral("items")].toObject());

        auto db = DatabaseConnection::open(m_dir.filePath(QStringLiteral("killed/facecase.sqlite")));
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QCOMPARE(scalar(*db, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM images GROUP BY gallery_id, sha256 "
                                            "HAVING count(*) > 1)")).toInt(), 0);
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM faces")).toInt(), m_clean[QStringLiteral("gallery_faces")].toInt());
        // The very first kill came before any job existed; every later run resumed the one job.
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM enrollment_jobs")).toInt(), 1);
        QSqlQuery q(db->database());
        QVERIFY(q.exec(QStringLiteral("SELECT path, count(*) FROM enrollment_items GROUP BY path ORDER BY path")));
        QStringList covered;
        while (q.next()) {
            QCOMPARE(q.value(1).toInt(), 1);
            covered << q.value(0).toString();
        }
        QCOMPARE(covered, m_files);
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM enrollment_items WHERE status IN ('ok', 'several_faces') "
                                            "AND image_id IS NULL")).toInt(), 0);
        // On the audit record: every run that started the job also ended it (the killed ones as
        // "interrupted", written by the run after), the last one completed with the whole job's counts.
        const int started = scalar(*db, QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'enrollment_started'")).toInt();
        QVERIFY(started >= 2);
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'enrollment_finished'")).toInt(), started);
        QCOMPARE(scalar(*db, QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'enrollment_started' AND "
                                            "json_extract(details, '$.resumed') = 1")).toInt(), started - 1);
        const QJsonObject last = QJsonDocument::fromJson(
            scalar(*db, QStringLiteral("SELECT details FROM audit_log WHERE action = 'enrollment_finished' "
                                       "ORDER BY seq DESC LIMIT 1")).toString().toUtf8()).object();
        QCOMPARE(last[QStringLiteral("status")].toString(), QStringLiteral("completed"));
        QCOMPARE(last[QStringLiteral("images_enrolled")].toInt(), finished[QStringLiteral("gallery_images")].toInt());
        QCOMPARE(last[QStringLiteral("faces_enrolled")].toInt(), finished[QStringLiteral("gallery_faces")].toInt());
        QCOMPARE(last[QStringLiteral("files")].toInt(), int(m_files.size()));
        QCOMPARE(cli({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--read-only"), QStringLiteral("--workspace"),
                      m_dir.filePath(QStringLiteral("killed"))}).exitCode, 0);
    }

    void ctrlCStopsCleanlyAndSaysHowToResume() {
        FACECASE_REQUIRE_TESTDATA();
        const QStringList args = enrollArgs(QStringLiteral("interrupted"));
        QProcess p;
        runUntil(args, [](qint64, qint64, const QJsonObject& progress) { return progress[QStringLiteral("done")].toInt() >= 16; },
                 SIGINT, &p);
        QVERIFY(p.waitForFinished(60'000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 5);
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(err.contains("run the same command again to resume job 1"), err.constData());
        const QJsonObject finished = jsonLines(p.readAllStandardOutput()).last();
        QCOMPARE(finished[QStringLiteral("job")].toObject()[QStringLiteral("status")].toString(), QStringLiteral("cancelled"));
        QVERIFY(finished[QStringLiteral("cancelled")].toBool());

        const Run resumed = cli(args);
        QVERIFY2(resumed.exitCode == 0 || resumed.exitCode == 1, resumed.err.constData());
        const QJsonObject done = jsonLines(resumed.out).last();
        QVERIFY(done[QStringLiteral("resumed")].toBool());
        QCOMPARE(done[QStringLiteral("job")].toObject()[QStringLiteral("items")].toObject(),
                 m_clean[QStringLiteral("job")].toObject()[QStringLiteral("items")].toObject());
    }

    void galleryAndJobCommands() {
        FACECASE_REQUIRE_TESTDATA();
        const QString ws = m_dir.filePath(QStringLiteral("clean"));
        const QStringList workspace{QStringLiteral("--workspace"), ws};

        const Run list = cli(QStringList{QStringLiteral("gallery"), QStringLiteral("list"), QStringLiteral("--json")} + workspace);
        QCOMPARE(list.exitCode, 0);
        const QJsonArray galleries = QJsonDocument::fromJson(list.out).object()[QStringLiteral("galleries")].toArray();
        QCOMPARE(galleries.size(), 1);
        QCOMPARE(galleries[0].toObject()[QStringLiteral("faces")].toInt(), m_clean[QStringLiteral("gallery_faces")].toInt());

        const Run stats = cli(QStringList{QStringLiteral("gallery"), QStringLiteral("stats"), QStringLiteral("bookings"),
                                          QStringLiteral("--json")} + workspace);
        QCOMPARE(stats.exitCode, 0);
        const QJsonObject s = QJsonDocument::fromJson(stats.out).object();
        QVERIFY(s[QStringLiteral("subjects")].toInt() > 10);
        QCOMPARE(s[QStringLiteral("models")].toArray().size(), 1);
        QVERIFY(s[QStringLiteral("models")].toArray()[0].toObject()[QStringLiteral("model")].toString().endsWith(QStringLiteral("/flip-averaged")));
        QVERIFY(s[QStringLiteral("database_bytes")].toDouble() > 0);
        QCOMPARE(s[QStringLiteral("revision")].toInt(), s[QStringLiteral("faces")].toInt());
        QCOMPARE(s[QStringLiteral("enrolling")].toBool(), false);

        const Run jobs = cli(QStringList{QStringLiteral("job"), QStringLiteral("list"), QStringLiteral("--json")} + workspace);
        QCOMPARE(jobs.exitCode, 0);
        const QJsonArray jobArray = QJsonDocument::fromJson(jobs.out).object()[QStringLiteral("jobs")].toArray();
        QCOMPARE(jobArray.size(), 1);
        const qint64 id = jobArray[0].toObject()[QStringLiteral("id")].toInteger();
        const Run report = cli(QStringList{QStringLiteral("job"), QStringLiteral("report"), QString::number(id), QStringLiteral("--json")} + workspace);
        QCOMPARE(report.exitCode, 0);
        const QJsonObject items = QJsonDocument::fromJson(report.out).object()[QStringLiteral("items")].toObject();
        QVERIFY(!items.contains(QStringLiteral("ok")));  // problems only
        for (const QJsonValue group : items) {
            for (const QJsonValue item : group.toArray()) QVERIFY(!item.toObject()[QStringLiteral("message")].toString().isEmpty());
        }
        QCOMPARE(cli(QStringList{QStringLiteral("job"), QStringLiteral("report"), QStringLiteral("999")} + workspace).exitCode, 1);

        // Usage errors exit 2; remove wants a reason (for the audit log) and --yes.
        QCOMPARE(cli({QStringLiteral("enroll"), QStringLiteral("--folder"), m_photos}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("enroll"), QStringLiteral("--gallery"), QStringLiteral("X"), QStringLiteral("--folder"),
                      m_photos, QStringLiteral("--manifest"), QStringLiteral("m.csv")}).exitCode, 2);
        const Run unexplained = cli(QStringList{QStringLiteral("gallery"), QStringLiteral("remove"), QStringLiteral("Bookings"),
                                                QStringLiteral("--yes")} + workspace);
        QCOMPARE(unexplained.exitCode, 2);
        QVERIFY(unexplained.err.contains("--reason"));
        const QStringList reason{QStringLiteral("--reason"), QStringLiteral("test workspace cleared")};
        const Run refused = cli(QStringList{QStringLiteral("gallery"), QStringLiteral("remove"), QStringLiteral("Bookings")} + reason + workspace);
        QCOMPARE(refused.exitCode, 2);
        QVERIFY(refused.err.contains("--yes"));
        const Run removed = cli(QStringList{QStringLiteral("gallery"), QStringLiteral("remove"), QStringLiteral("Bookings"),
                                            QStringLiteral("--yes")} + reason + workspace);
        QCOMPARE(removed.exitCode, 0);
        const Run empty = cli(QStringList{QStringLiteral("gallery"), QStringLiteral("list"), QStringLiteral("--json")} + workspace);
        QCOMPARE(QJsonDocument::fromJson(empty.out).object()[QStringLiteral("galleries")].toArray().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCliEnroll)
#include "test_cli_enroll.moc"
