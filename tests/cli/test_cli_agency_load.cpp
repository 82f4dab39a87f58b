// The agency database under several facecase-cli processes at once, each its own login, and
// under a kill -9 (issue 12, "Tests"). A private PostgreSQL cluster; logins made with
// `admin user add`; real LFW photos.
//
// - Four processes at once: two enrollers into one gallery from overlapping folders, two
//   analysts searching that gallery and recording verdicts while it grows. One gallery, one
//   enrollment at a time: the enroller that finds the gallery's session lock taken is refused as
//   a whole (exit 6) with a message naming the login that holds it, and does nothing; run again
//   after the other finished, it completes and its photos already there come out as duplicates.
//   Then: one image per distinct photo with a face, no SHA-256 twice, every file on record, an
//   intact audit chain, and every audit record's actor the login that did the work.
// - kill -9 mid-enrollment: the server drops the killed session's gallery lock, the same command
//   run again resumes the job and completes it, the killed run is on record as interrupted.
#include <QCryptographicHash>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <csignal>
#include <functional>
#include <map>
#include <memory>

#include "cli_runner.h"
#include "store/database_connection.h"
#include "store/sql_dialect.h"
#include "support/private_postgres.h"
#include "support/test_data.h"

using namespace facecase;
using namespace facecase::test;

namespace {

const QString kGallery = QStringLiteral("Bookings");
// The session locks of galleries are pg_advisory_lock(kind, gallery id); the kind is 'FCAG'
// (core/services/enrollment/gallery_lock.cpp).
constexpr int kGalleryLockKind = 0x46434147;
constexpr int kWaitMs = 600'000;  // a safety net for a hung process, never a measured time

QString sha256Of(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return QString::fromLatin1(hash.result().toHex());
}

// One facecase-cli process as one login: its own PGPASSWORD, and the cache folder of the test.
// Runs a chain of commands one after the other, each made from what the previous ones printed;
// `done` is emitted after the last, or after the first that exits non-zero.
class Session : public QObject {
    Q_OBJECT
public:
    using Step = std::function<QStringList(const QList<CliRun>& earlier)>;

    Session(QProcessEnvironment environment, QList<Step> steps)
        : m_environment(std::move(environment)), m_steps(std::move(steps)) {}

    void start() { next(); }
    const QList<CliRun>& runs() const { return m_runs; }
    bool finished() const { return m_finished; }

signals:
    void done();

private:
    void next() {
        if (m_runs.size() == m_steps.size()) {
            m_finished = true;
            emit done();
            return;
        }
        m_process = std::make_unique<QProcess>();
        m_process->setProcessEnvironment(m_environment);
        connect(m_process.get(), &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
            CliRun run;
            run.exitCode = status == QProcess::NormalExit ? code : -1;
            run.out = m_process->readAllStandardOutput();
            run.err = m_process->readAllStandardError();
            m_runs << run;
            if (run.exitCode != 0) m_steps.resize(m_runs.size());  // the later steps need this one
            next();
        });
        m_process->start(cliPath(), m_steps[m_runs.size()](m_runs));
        m_process->closeWriteChannel();
    }
    QProcessEnvironment m_environment;
    QList<Step> m_steps;
    QList<CliRun> m_runs;
    std::unique_ptr<QProcess> m_process;
    bool m_finished = false;
};

}  // namespace

class TestCliAgencyLoad : public QObject {
    Q_OBJECT

    std::unique_ptr<PrivatePostgres> m_cluster;
    QTemporaryDir m_dir;
    QStringList m_lfwFiles;  // LFW photos, whole people in name order
    std::map<QString, QString> m_passwords;

    QString url(const QString& login) const {
        return QStringLiteral("postgresql://%1@%2:%3/%4")
            .arg(login, PrivatePostgres::host())
            .arg(m_cluster->port())
            .arg(m_cluster->database());
    }
    // The environment a login's process runs in: its password where libpq finds it, and the
    // index/evidence cache in the test's folder rather than the user's ~/.cache.
    QProcessEnvironment environmentOf(const QString& login) const {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("PGPASSWORD"), m_passwords.at(login));
        environment.insert(QStringLiteral("XDG_CACHE_HOME"), m_dir.filePath(QStringLiteral("cache")));
        return environment;
    }
    void addLogin(const QString& login, const QString& role) {
        const QString password = login + QStringLiteral(" has a long password");
        const CliRun added = runCliWithInput(
            {QStringLiteral("admin"), QStringLiteral("user"), QStringLiteral("add"), login,
             QStringLiteral("--role"), role, QStringLiteral("--password-stdin"),
             QStringLiteral("--workspace"), url(m_cluster->superuser())},
            password.toUtf8() + '\n');
        QVERIFY2(added.exitCode == 0, added.err.constData());
        m_passwords[login] = password;
    }
    QString sql(const QString& query) const {
        auto result = m_cluster->superuserQuery(query);
        if (!result) qWarning("%s: %s", qPrintable(query), qPrintable(result.errorMessage()));
        return result.ok() ? *result : QStringLiteral("<error>");
    }
    // Copies the LFW photos [from, to) into DIR/<person>/<photo>; returns the copies' paths.
    QStringList copyPhotos(const QString& folder, qsizetype from, qsizetype to) const {
        QStringList copies;
        const QDir target(m_dir.filePath(folder));
        for (qsizetype i = from; i < to; ++i) {
            const QFileInfo source(m_lfwFiles[i]);
            const QString person = source.dir().dirName();
            target.mkpath(person);
            const QString copy = target.filePath(person + QLatin1Char('/') + source.fileName());
            if (!QFile::copy(source.filePath(), copy)) return {};
            copies << copy;
        }
        return copies;
    }
    QStringList enrollArgs(const QString& folder, const QString& login) const {
        return {QStringLiteral("enroll"), QStringLiteral("--gallery"), kGallery,
                QStringLiteral("--folder"), m_dir.filePath(folder), QStringLiteral("--json-progress"),
                QStringLiteral("--batch-size"), QStringLiteral("16"), QStringLiteral("--threads"),
                QStringLiteral("1"), QStringLiteral("--workspace"), url(login)};
    }
    CliRun runAs(const QString& login, const QStringList& args) const {
        Session session(environmentOf(login), {[args](const QList<CliRun>&) { return args; }});
        QEventLoop loop;
        connect(&session, &Session::done, &loop, &QEventLoop::quit);
        QTimer::singleShot(kWaitMs, &loop, &QEventLoop::quit);
        session.start();
        if (!session.finished()) loop.exec();
        return session.runs().value(0);
    }
    // An analyst's chain: open a case, then `rounds` times search the probe and set a verdict on
    // the first candidate.
    QList<Session::Step> analystSteps(const QString& login, const QString& caseNumber,
                                      const QString& probe, int rounds) const {
        const QString workspace = url(login);
        QList<Session::Step> steps{[=](const QList<CliRun>&) {
            return QStringList{QStringLiteral("case"), QStringLiteral("create"), QStringLiteral("--number"),
                               caseNumber, QStringLiteral("--purpose"),
                               QStringLiteral("Load test: robbery lead %1").arg(caseNumber),
                               QStringLiteral("--workspace"), workspace};
        }};
        for (int round = 1; round <= rounds; ++round) {
            steps << [=](const QList<CliRun>&) {
                return QStringList{QStringLiteral("search"), QStringLiteral("--case"), caseNumber,
                                   QStringLiteral("--gallery"), kGallery, QStringLiteral("--k"),
                                   QStringLiteral("5"), QStringLiteral("--probe-kind"),
                                   QStringLiteral("camera_photo"), QStringLiteral("--json"), probe,
                                   QStringLiteral("--workspace"), workspace};
            };
            steps << [=](const QList<CliRun>& earlier) {
                const QJsonObject line = jsonLines(earlier.last().out).value(0);
                return QStringList{QStringLiteral("verdict"), QStringLiteral("set"), QStringLiteral("--case"),
                                   caseNumber, QStringLiteral("--search"),
                                   QString::number(line.value(QStringLiteral("search_id")).toInteger()),
                                   QStringLiteral("--rank"), QStringLiteral("1"), QStringLiteral("--verdict"),
                                   QStringLiteral("inconclusive"), QStringLiteral("--reason"),
                                   QStringLiteral("round %1: ears hidden, nose and brow agree").arg(round),
                                   QStringLiteral("--json"), QStringLiteral("--workspace"), workspace};
            };
        }
        return steps;
    }
    void verifyAuditChain() {
        const CliRun verified = runAs(QStringLiteral("sven"), {QStringLiteral("audit"), QStringLiteral("verify"),
                                                               QStringLiteral("--json"), QStringLiteral("--workspace"),
                                                               url(QStringLiteral("sven"))});
        QVERIFY2(verified.exitCode == 0, verified.err.constData());
        QVERIFY2(QJsonDocument::fromJson(verified.out).object().value(QStringLiteral("intact")).toBool(),
                 verified.out.constData());
    }
    // No photo twice in a gallery (the UNIQUE constraint's promise, checked on the rows), and one
    // face per image: `enroll` keeps the largest face of a photo.
    void verifyNoDuplicates() {
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM images GROUP BY gallery_id, sha256 "
                                    "HAVING count(*) > 1) twice")),
                 QStringLiteral("0"));
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM images")), sql(QStringLiteral("SELECT count(*) FROM faces")));
    }
    QString bookingsImages() const {
        return sql(QStringLiteral("SELECT count(*) FROM images WHERE gallery_id = (SELECT id FROM galleries "
                                  "WHERE name = '%1')").arg(kGallery));
    }
    // The images expected from these files: one per distinct photo (by SHA-256) that has a face.
    int expectedImages(const QStringList& files) const {
        QSet<QString> distinct;
        for (const QString& file : files) distinct.insert(sha256Of(file));
        const QStringList faceless =
            sql(QStringLiteral("SELECT DISTINCT sha256 FROM enrollment_items WHERE status IN "
                               "('no_face', 'unreadable', 'failed')"))
                .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (const QString& sha : faceless) distinct.remove(sha);
        return int(distinct.size());
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        FACECASE_REQUIRE_TESTDATA();
        auto cluster = PrivatePostgres::start(QStringLiteral("agency"));
        QVERIFY2(cluster.ok(), qPrintable(cluster.errorMessage()));
        m_cluster = std::move(cluster).value();
        m_cluster->lendSuperuserPasswordToLibpq();  // for `admin user add`, run as the owner
        m_passwords[m_cluster->superuser()] = QString::fromLocal8Bit(qgetenv("PGPASSWORD"));
        const std::pair<const char*, const char*> logins[] = {
            {"erik", "enroller"}, {"emma", "enroller"}, {"anna", "analyst"}, {"arne", "analyst"},
            {"sven", "supervisor"}};
        for (const auto& [login, role] : logins) {
            addLogin(QString::fromLatin1(login), QString::fromLatin1(role));
        }
        const QString lfw = testDataPath(QStringLiteral("lfw-devtest/images"));
        for (const QString& person : QDir(lfw).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            if (m_lfwFiles.size() >= 460) break;
            const QDir dir(QDir(lfw).filePath(person));
            for (const QString& name : dir.entryList(QDir::Files, QDir::Name)) m_lfwFiles << dir.filePath(name);
        }
        QVERIFY(m_lfwFiles.size() >= 460);
    }
    void cleanupTestCase() { m_cluster.reset(); }

    void fourLoginsAtOnce() {
        FACECASE_REQUIRE_TESTDATA();
        // The gallery exists with a few photos before the analysts search it: erik's seed.
        const QStringList seed = copyPhotos(QStringLiteral("seed"), 0, 12);
        const QStringList first = copyPhotos(QStringLiteral("first"), 0, 180);    // erik
        const QStringList second = copyPhotos(QStringLiteral("second"), 90, 270);  // emma
        QVERIFY(!seed.isEmpty() && !first.isEmpty() && !second.isEmpty());
        const CliRun seeded = runAs(QStringLiteral("erik"), enrollArgs(QStringLiteral("seed"), QStringLiteral("erik")));
        QVERIFY2(seeded.exitCode == 0 || seeded.exitCode == 1, seeded.err.constData());
        const QString probe = seed[1];

        const auto once = [](const QStringList& args) { return QList<Session::Step>{[args](const QList<CliRun>&) { return args; }}; };
        std::map<QString, std::unique_ptr<Session>> sessions;
        sessions[QStringLiteral("erik")] = std::make_unique<Session>(
            environmentOf(QStringLiteral("erik")), once(enrollArgs(QStringLiteral("first"), QStringLiteral("erik"))));
        sessions[QStringLiteral("emma")] = std::make_unique<Session>(
            environmentOf(QStringLiteral("emma")), once(enrollArgs(QStringLiteral("second"), QStringLiteral("emma"))));
        constexpr int kRounds = 3;
        sessions[QStringLiteral("anna")] = std::make_unique<Session>(
            environmentOf(QStringLiteral("anna")),
            analystSteps(QStringLiteral("anna"), QStringLiteral("2026-AG-1"), probe, kRounds));
        sessions[QStringLiteral("arne")] = std::make_unique<Session>(
            environmentOf(QStringLiteral("arne")),
            analystSteps(QStringLiteral("arne"), QStringLiteral("2026-AG-2"), probe, kRounds));
        QEventLoop loop;
        int running = int(sessions.size());
        for (auto& [login, session] : sessions) {
            connect(session.get(), &Session::done, &loop, [&] {
                if (--running == 0) loop.quit();
            });
        }
        QTimer::singleShot(kWaitMs, &loop, &QEventLoop::quit);
        for (auto& [login, session] : sessions) session->start();
        loop.exec();
        for (auto& [login, session] : sessions) QVERIFY2(session->finished(), qPrintable(login + QStringLiteral(" hung")));

        // The analysts: every search found candidates while the gallery grew, every verdict set.
        for (const QString& analyst : {QStringLiteral("anna"), QStringLiteral("arne")}) {
            const QList<CliRun>& runs = sessions[analyst]->runs();
            QCOMPARE(runs.size(), 1 + 2 * kRounds);
            for (const CliRun& run : runs) QVERIFY2(run.exitCode == 0, run.err.constData());
            for (int round = 0; round < kRounds; ++round) {
                const QJsonObject found = jsonLines(runs[1 + 2 * round].out).value(0);
                QCOMPARE(found.value(QStringLiteral("candidates")).toArray().size(), 5);
                const QJsonObject verdict = QJsonDocument::fromJson(runs[2 + 2 * round].out).object();
                QCOMPARE(verdict.value(QStringLiteral("analyst")).toString(), analyst);
                QCOMPARE(verdict.value(QStringLiteral("search_id")).toInteger(),
                         found.value(QStringLiteral("search_id")).toInteger());
            }
        }

        // The enrollers: one ran, the other was refused before it did anything, naming the first.
        const CliRun& erik = sessions[QStringLiteral("erik")]->runs().value(0);
        const CliRun& emma = sessions[QStringLiteral("emma")]->runs().value(0);
        const bool erikWon = erik.exitCode != 6;
        const CliRun& winner = erikWon ? erik : emma;
        const CliRun& loser = erikWon ? emma : erik;
        const QString winnerLogin = erikWon ? QStringLiteral("erik") : QStringLiteral("emma");
        const QString loserLogin = erikWon ? QStringLiteral("emma") : QStringLiteral("erik");
        QVERIFY2(winner.exitCode == 0 || winner.exitCode == 1, winner.err.constData());
        QVERIFY2(loser.exitCode == 6,
                 qPrintable(QStringLiteral("both enrollments ran (exits %1, %2): the second did not "
                                           "meet the first one's lock")
                                .arg(erik.exitCode)
                                .arg(emma.exitCode)));
        const QString refusal = QString::fromUtf8(loser.err);
        QVERIFY2(refusal.contains(QStringLiteral("gallery \"%1\" is in use by %2 (").arg(kGallery, winnerLogin)),
                 qPrintable(refusal));
        QVERIFY2(refusal.contains(QStringLiteral("wait for its enrollment to finish")), qPrintable(refusal));
        QCOMPARE(jsonLines(loser.out).last().value(QStringLiteral("event")).toString(), QStringLiteral("error"));
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM enrollment_jobs WHERE actor = '%1' AND "
                                    "source_folder = '%2'")
                         .arg(loserLogin, m_dir.filePath(erikWon ? QStringLiteral("second") : QStringLiteral("first")))),
                 QStringLiteral("0"));

        // Run again once the first is done: it completes, what is there already is a duplicate.
        const CliRun again = runAs(loserLogin, enrollArgs(erikWon ? QStringLiteral("second") : QStringLiteral("first"),
                                                          loserLogin));
        QVERIFY2(again.exitCode == 0 || again.exitCode == 1, again.err.constData());
        const QJsonObject finished = jsonLines(again.out).last();
        QCOMPARE(finished.value(QStringLiteral("job")).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("completed"));
        // Duplicates: its photos the other runs enrolled (the folders' overlap, and the seed).
        const QStringList loserFiles = erikWon ? second : first;
        const QStringList otherFiles = seed + (erikWon ? first : second);
        QCOMPARE(finished.value(QStringLiteral("run")).toObject().value(QStringLiteral("by_status")).toObject()
                     .value(QStringLiteral("duplicate")).toInt(),
                 expectedImages(loserFiles) + expectedImages(otherFiles) - expectedImages(loserFiles + otherFiles));

        // Exact counts: every file on record once per job, one image per distinct photo with a face.
        const QStringList all = seed + first + second;
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM enrollment_items")), QString::number(all.size()));
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM enrollment_jobs WHERE status = 'completed'")),
                 QStringLiteral("3"));
        QCOMPARE(bookingsImages(), QString::number(expectedImages(all)));
        QCOMPARE(finished.value(QStringLiteral("gallery_images")).toInt(), expectedImages(all));
        verifyNoDuplicates();
        verifyAuditChain();

        // Every record's actor is the login that did the work: the jobs' enrollers, the cases'
        // analysts (case, probe, search, verdict records), the owner for the logins.
        QCOMPARE(sql(QStringLiteral("SELECT string_agg(source_folder || ' ' || actor, '|' ORDER BY id) FROM enrollment_jobs")),
                 QStringList({m_dir.filePath(QStringLiteral("seed")) + QStringLiteral(" erik"),
                              m_dir.filePath(erikWon ? QStringLiteral("first") : QStringLiteral("second")) +
                                  QLatin1Char(' ') + winnerLogin,
                              m_dir.filePath(erikWon ? QStringLiteral("second") : QStringLiteral("first")) +
                                  QLatin1Char(' ') + loserLogin})
                     .join(QLatin1Char('|')));
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM audit_log a JOIN enrollment_jobs j ON "
                                    "CAST(CAST(a.details AS jsonb) ->> 'job_id' AS bigint) = j.id "
                                    "WHERE a.action LIKE 'enrollment_%' AND a.actor <> j.actor")),
                 QStringLiteral("0"));
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM audit_log WHERE action LIKE 'enrollment_%'")),
                 QStringLiteral("6"));  // started + finished of three jobs; the refusal wrote nothing
        QCOMPARE(sql(QStringLiteral("SELECT string_agg(c.analyst || ' ' || a.action || ' ' || a.n, '|' "
                                    "ORDER BY c.analyst, a.action) FROM (SELECT case_id, action, "
                                    "count(*) AS n FROM audit_log WHERE case_id IS NOT NULL GROUP BY "
                                    "case_id, action) a JOIN cases c ON c.id = a.case_id")),
                 QStringLiteral("anna case_created 1|anna probe_added 1|anna search_run 3|anna verdict_set 3|"
                                "arne case_created 1|arne probe_added 1|arne search_run 3|arne verdict_set 3"));
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM audit_log a JOIN cases c ON c.id = a.case_id "
                                    "WHERE a.actor <> c.analyst")),
                 QStringLiteral("0"));
        QCOMPARE(sql(QStringLiteral("SELECT string_agg(DISTINCT actor, ' ' ORDER BY actor) FROM audit_log "
                                    "WHERE action LIKE 'user_%'")),
                 m_cluster->superuser());
        QCOMPARE(sql(QStringLiteral("SELECT string_agg(DISTINCT actor, ' ' ORDER BY actor) FROM audit_log")),
                 QStringLiteral("anna arne emma erik facecase_admin sven"));
    }

    // Two enrollers started at once into a gallery that does not exist yet: both look it up,
    // find nothing and go to create it. The test holds the writers' lock (the one every write
    // transaction takes, SqlDialect::kWriterLockKey) until both wait for it there, so the second
    // create always finds the gallery the first one made. It must enroll into that gallery (or be
    // refused by its session lock), never stop on "already exists".
    void twoEnrollersCreateOneGallery() {
        FACECASE_REQUIRE_TESTDATA();
        const QStringList photos = copyPhotos(QStringLiteral("walk-ins"), 460 - 8, 460);
        QVERIFY(!photos.isEmpty());
        const auto args = [&](const QString& login) {
            QStringList enroll = enrollArgs(QStringLiteral("walk-ins"), login);
            enroll[2] = QStringLiteral("Walk-ins");
            return enroll;
        };
        Session erik(environmentOf(QStringLiteral("erik")), {[&](const QList<CliRun>&) { return args(QStringLiteral("erik")); }});
        Session emma(environmentOf(QStringLiteral("emma")), {[&](const QList<CliRun>&) { return args(QStringLiteral("emma")); }});

        PostgresAddress address;
        address.host = PrivatePostgres::host();
        address.port = m_cluster->port();
        address.database = m_cluster->database();
        address.user = m_cluster->superuser();
        auto writers = DatabaseConnection::open(address);
        QVERIFY2(writers.ok(), qPrintable(writers.errorMessage()));
        QSqlQuery hold(writers->database());
        QVERIFY(hold.exec(QStringLiteral("BEGIN")));
        QVERIFY(hold.exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(SqlDialect::kWriterLockKey)));

        QEventLoop loop;
        const auto bothDone = [&] {
            if (erik.finished() && emma.finished()) loop.quit();
        };
        connect(&erik, &Session::done, &loop, bothDone);
        connect(&emma, &Session::done, &loop, bothDone);
        erik.start();
        emma.start();
        // Both load their models, find no gallery and queue for the writers' lock.
        const QString waiting = QStringLiteral(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = %1")
                                    .arg(SqlDialect::kWriterLockKey);
        QElapsedTimer clock;
        clock.start();
        while (sql(waiting) != QLatin1String("2") && clock.elapsed() < kWaitMs && !(erik.finished() || emma.finished()))
            QCoreApplication::processEvents();
        QCOMPARE(sql(waiting), QStringLiteral("2"));
        QVERIFY(hold.exec(QStringLiteral("COMMIT")));
        QTimer::singleShot(kWaitMs, &loop, &QEventLoop::quit);
        if (!(erik.finished() && emma.finished())) loop.exec();

        int enrolled = 0;
        for (const Session* session : {&erik, &emma}) {
            const CliRun run = session->runs().value(0);
            QVERIFY2(!run.err.contains("already exists"), run.err.constData());
            QVERIFY2(run.exitCode <= 1 || (run.exitCode == 6 && run.err.contains("is in use by")),
                     run.err.constData());
            enrolled += run.exitCode <= 1;
        }
        QVERIFY(enrolled >= 1);
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM galleries WHERE name = 'Walk-ins'")), QStringLiteral("1"));
    }

    void killedMidEnrollmentThenResumed() {
        FACECASE_REQUIRE_TESTDATA();
        const QStringList files = copyPhotos(QStringLiteral("killed"), 280, 460);
        QVERIFY(!files.isEmpty());
        const QStringList args = enrollArgs(QStringLiteral("killed"), QStringLiteral("emma"));
        const QString itemsSoFar = sql(QStringLiteral("SELECT count(*) FROM enrollment_items"));

        // Killed once it reports photos committed and before it is done.
        QProcess enroll;
        enroll.setProcessEnvironment(environmentOf(QStringLiteral("emma")));
        QEventLoop loop;
        QByteArray pending;
        int doneAtKill = -1;
        connect(&enroll, &QProcess::readyReadStandardOutput, &loop, [&] {
            pending += enroll.readAllStandardOutput();
            qsizetype newline;
            while ((newline = pending.indexOf('\n')) >= 0) {
                const QJsonObject line = QJsonDocument::fromJson(pending.left(newline)).object();
                pending.remove(0, newline + 1);
                const int done = line.value(QStringLiteral("done")).toInt();
                if (line.value(QStringLiteral("event")).toString() == QLatin1String("progress") && done >= 32 &&
                    doneAtKill < 0) {
                    doneAtKill = done;
                    ::kill(pid_t(enroll.processId()), SIGKILL);
                }
            }
        });
        connect(&enroll, &QProcess::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(kWaitMs, &loop, &QEventLoop::quit);
        enroll.start(cliPath(), args);
        loop.exec();
        QCOMPARE(enroll.state(), QProcess::NotRunning);
        QCOMPARE(enroll.exitStatus(), QProcess::CrashExit);
        QVERIFY2(doneAtKill >= 32 && doneAtKill < files.size(), "the run finished before it was killed");
        QCOMPARE(sql(QStringLiteral("SELECT status FROM enrollment_jobs ORDER BY id DESC LIMIT 1")),
                 QStringLiteral("running"));

        // The server ends the dead client's session and with it the gallery lock: taking the
        // lock here waits for that (no timed wait), then gives it back.
        const QString galleryId = sql(QStringLiteral("SELECT id FROM galleries WHERE name = '%1'").arg(kGallery));
        QCOMPARE(sql(QStringLiteral("SET statement_timeout = '600s'; SELECT pg_advisory_lock(%1, %2); "
                                    "SELECT pg_advisory_unlock(%1, %2)")
                         .arg(kGalleryLockKind)
                         .arg(galleryId)),
                 QStringLiteral("t"));
        const CliRun stats = runAs(QStringLiteral("sven"), {QStringLiteral("gallery"), QStringLiteral("stats"), kGallery,
                                                            QStringLiteral("--json"), QStringLiteral("--workspace"),
                                                            url(QStringLiteral("sven"))});
        QVERIFY2(stats.exitCode == 0, stats.err.constData());
        QCOMPARE(QJsonDocument::fromJson(stats.out).object().value(QStringLiteral("enrolling")).toBool(), false);

        // The same command again: the killed job is marked interrupted, then resumed to the end.
        const CliRun again = runAs(QStringLiteral("emma"), args);
        QVERIFY2(again.exitCode == 0 || again.exitCode == 1, again.err.constData());
        const QJsonObject finished = jsonLines(again.out).last();
        QVERIFY(finished.value(QStringLiteral("resumed")).toBool());
        const QJsonObject job = finished.value(QStringLiteral("job")).toObject();
        QCOMPARE(job.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        const QString jobId = QString::number(job.value(QStringLiteral("id")).toInteger());
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM enrollment_items WHERE job_id = %1").arg(jobId)),
                 QString::number(files.size()));
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM enrollment_items")),
                 QString::number(itemsSoFar.toInt() + files.size()));
        QCOMPARE(sql(QStringLiteral("SELECT string_agg(CAST(details AS jsonb) ->> 'status', ' ' ORDER BY seq) "
                                    "FROM audit_log WHERE action = 'enrollment_finished' AND "
                                    "CAST(details AS jsonb) ->> 'job_id' = '%1'")
                         .arg(jobId)),
                 QStringLiteral("interrupted completed"));
        QCOMPARE(sql(QStringLiteral("SELECT string_agg(actor, ' ' ORDER BY seq) FROM audit_log WHERE "
                                    "action LIKE 'enrollment_%' AND CAST(details AS jsonb) ->> 'job_id' = '%1'")
                         .arg(jobId)),
                 QStringLiteral("emma emma emma emma"));

        // Images: those of the earlier test plus one per distinct new photo with a face.
        QStringList all;
        for (const QString& folder : {QStringLiteral("seed"), QStringLiteral("first"), QStringLiteral("second"),
                                      QStringLiteral("killed")}) {
            QDir dir(m_dir.filePath(folder));
            for (const QString& person : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
                for (const QString& name : QDir(dir.filePath(person)).entryList(QDir::Files))
                    all << dir.filePath(person + QLatin1Char('/') + name);
        }
        QCOMPARE(bookingsImages(), QString::number(expectedImages(all)));
        QCOMPARE(finished.value(QStringLiteral("gallery_images")).toInt(), expectedImages(all));
        verifyNoDuplicates();
        verifyAuditChain();
    }
};

QTEST_GUILESS_MAIN(TestCliAgencyLoad)
#include "test_cli_agency_load.moc"
