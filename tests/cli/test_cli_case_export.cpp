// The case file end to end through facecase-cli: a gallery enrolled from real photos (LFW and
// the face-api samples), a case with 5 probes searched for 50 candidates each, verdicts, then
// `case export` to a folder and a ZIP with report.pdf, `case verify-export`, tampering (one byte
// flipped in manifest, an evidence image, audit.jsonl, report.pdf; a file deleted; a file
// added; SHA256SUMS reworded, a FIFO, an extra folder, duplicate and folder ZIP entries) named
// by verify-export in its text and --json output, the review gate refusing a possible match without a reason,
// and report.pdf rendered with pdftoppm (the footer notice on every page, via pdftotext; compare
// pages with aligned faces).
// Prints the export time of the 5 x 50 case.
#include "support/test_data.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

#include "cli_runner.h"
#include "store/database_connection.h"

using namespace facecase;
using test::CliRun;
using test::jsonLines;
using test::runCli;

namespace {
const QString kCase = QStringLiteral("2024-CR-42");
constexpr int kProbes = 5;
constexpr int kCandidates = 50;

QJsonObject onlyJson(const CliRun& run) {
    const auto lines = jsonLines(run.out);
    return lines.size() == 1 ? lines.front() : QJsonObject();
}

bool copyFolder(const QString& from, const QString& to) {
    QDirIterator it(from, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString source = it.next();
        const QString target = to + QLatin1Char('/') + QDir(from).relativeFilePath(source);
        if (!QDir().mkpath(QFileInfo(target).absolutePath()) || !QFile::copy(source, target)) return false;
    }
    return true;
}

bool flipByte(const QString& path, qint64 at = -1) {
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite)) return false;
    QByteArray bytes = file.readAll();
    const qint64 i = at >= 0 ? at : bytes.size() / 2;
    bytes[i] = char(bytes[i] ^ 0x01);
    return file.seek(0) && file.write(bytes) == bytes.size();
}
}  // namespace

class TestCliCaseExport : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_workspace;
    QString m_folder;  // the folder export, verified intact

    CliRun cli(const QStringList& args, int timeoutMs = 300'000) const {
        return runCli(args + QStringList{QStringLiteral("--workspace"), m_workspace}, timeoutMs);
    }
    CliRun verify(const QString& path) const {
        return runCli({QStringLiteral("case"), QStringLiteral("verify-export"), path, QStringLiteral("--json")});
    }
    static QStringList problemPaths(const CliRun& run) {
        QStringList paths;
        for (const QJsonValue& p : onlyJson(run).value(QStringLiteral("problems")).toArray())
            paths << p.toObject().value(QStringLiteral("path")).toString();
        return paths;
    }

private slots:
    void initTestCase() {
        FACECASE_REQUIRE_TESTDATA();
        const QDir root(m_dir.path());
        m_workspace = root.filePath(QStringLiteral("ws"));
        // Gallery: the first photo of 60 LFW people and photos 1-3 of four face-api people.
        QVERIFY(root.mkpath(QStringLiteral("gallery")));
        const QDir lfw(test::testDataPath(QStringLiteral("lfw-devtest/images")));
        QStringList people = lfw.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        QVERIFY(people.size() >= 60);
        QStringList probes;
        for (const QString& person : people.mid(0, 60)) {
            const QString first = lfw.filePath(QStringLiteral("%1/%1_0001.jpg").arg(person));
            QVERIFY(QFile::link(first, root.filePath(QStringLiteral("gallery/%1_0001.jpg").arg(person))));
            const QString second = lfw.filePath(QStringLiteral("%1/%1_0002.jpg").arg(person));
            if (probes.isEmpty() && QFile::exists(second)) probes << second;
        }
        for (const QString& person : {QStringLiteral("howard"), QStringLiteral("penny"), QStringLiteral("raj"), QStringLiteral("sheldon")}) {
            for (int i = 1; i <= 3; ++i) {
                const QString name = QStringLiteral("%1%2.png").arg(person).arg(i);
                QVERIFY(QFile::link(test::testDataPath(QStringLiteral("detection/face-api-samples/images/%1/%2").arg(person, name)),
                                    root.filePath(QStringLiteral("gallery/") + name)));
            }
            probes << test::testDataPath(QStringLiteral("detection/face-api-samples/images/") + person + QLatin1Char('/') + person + QStringLiteral("5.png"));
        }
        QCOMPARE(probes.size(), kProbes);
        const CliRun enroll = cli({QStringLiteral("enroll"), QStringLiteral("--gallery"), QStringLiteral("mixed"),
                                   QStringLiteral("--folder"), root.filePath(QStringLiteral("gallery"))});
        // Exit 1 means "items to review" (a few LFW photos hold two faces; the largest is
        // enrolled); the searches below prove the gallery holds enough faces.
        QVERIFY2(enroll.exitCode == 0 || enroll.exitCode == 1, enroll.err.constData());
        const CliRun created = cli({QStringLiteral("case"), QStringLiteral("create"), QStringLiteral("--number"), kCase,
                                    QStringLiteral("--title"), QStringLiteral("Bank robbery"), QStringLiteral("--purpose"),
                                    QStringLiteral("Robbery at 5 Main St; warrant 88/24")});
        QVERIFY2(created.exitCode == 0, created.err.constData());
        for (const QString& probe : probes) {
            const CliRun search = cli({QStringLiteral("search"), QStringLiteral("--gallery"), QStringLiteral("mixed"),
                                       QStringLiteral("--case"), kCase, QStringLiteral("--k"), QString::number(kCandidates),
                                       QStringLiteral("--probe-kind"), QStringLiteral("camera_photo"), QStringLiteral("--json"), probe});
            QVERIFY2(search.exitCode == 0, QByteArray(search.err + search.out.left(300)).constData());
            const QJsonObject line = onlyJson(search);
            QCOMPARE(line.value(QStringLiteral("candidates")).toArray().size(), kCandidates);
            const QStringList target{QStringLiteral("--case"), kCase, QStringLiteral("--search"),
                                     QString::number(line.value(QStringLiteral("search_id")).toInteger())};
            CliRun verdict = cli(QStringList{QStringLiteral("verdict"), QStringLiteral("set"), QStringLiteral("--rank"), QStringLiteral("1"),
                                             QStringLiteral("--verdict"), QStringLiteral("possible_match"), QStringLiteral("--reason"),
                                             QStringLiteral("ear shape, hairline and nose agree"), QStringLiteral("--mark"),
                                             QStringLiteral("probe:60,60:left eye corner")} + target);
            QVERIFY2(verdict.exitCode == 0, verdict.err.constData());
            verdict = cli(QStringList{QStringLiteral("verdict"), QStringLiteral("set"), QStringLiteral("--rank"), QStringLiteral("2"),
                                      QStringLiteral("--verdict"), QStringLiteral("no_match"), QStringLiteral("--reason"),
                                      QStringLiteral("different nose bridge")} + target);
            QVERIFY2(verdict.exitCode == 0, verdict.err.constData());
        }
    }

    void exportAndVerifyFolderAndZip() {
        for (const QString& name : {QStringLiteral("bundle"), QStringLiteral("bundle.zip")}) {
            const QString out = QDir(m_dir.path()).filePath(name);
            QElapsedTimer timer;
            timer.start();
            const CliRun exported = cli({QStringLiteral("case"), QStringLiteral("export"), kCase, QStringLiteral("--out"), out,
                                         QStringLiteral("--json")});
            const qint64 wallMs = timer.elapsed();
            QVERIFY2(exported.exitCode == 0, exported.err.constData());
            const QJsonObject summary = onlyJson(exported);
            QCOMPARE(summary.value(QStringLiteral("candidates")).toInt(), kProbes * kCandidates);
            QCOMPARE(summary.value(QStringLiteral("possible_matches")).toInt(), kProbes);
            QCOMPARE(summary.value(QStringLiteral("not_assessed")).toInt(), kProbes * (kCandidates - 2));
            QVERIFY(summary.value(QStringLiteral("evidence_not_copied")).toArray().isEmpty());
            qInfo("case export, %d probes x %d candidates with report.pdf, %s: %lld ms inside, %lld ms wall (process), %d files, %lld bytes",
                  kProbes, kCandidates, qPrintable(name), summary.value(QStringLiteral("elapsed_ms")).toInteger(), wallMs,
                  summary.value(QStringLiteral("files")).toInt(), summary.value(QStringLiteral("bytes")).toInteger());

            const CliRun verified = verify(out);
            QVERIFY2(verified.exitCode == 0, verified.out.constData());
            QCOMPARE(onlyJson(verified).value(QStringLiteral("ok")).toBool(), true);
            QCOMPARE(onlyJson(verified).value(QStringLiteral("manifest_sha256")).toString(),
                     summary.value(QStringLiteral("manifest_sha256")).toString());
        }
        m_folder = QDir(m_dir.path()).filePath(QStringLiteral("bundle"));
        QVERIFY(QFile::exists(m_folder + QStringLiteral("/report.pdf")));

        // Both exports are on record and the workspace's chain is intact.
        const CliRun audit = cli({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--json")});
        QVERIFY2(audit.exitCode == 0, audit.err.constData());
        const CliRun records = cli({QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--case"), kCase});
        QCOMPARE(records.out.count("\"action\":\"case_exported\""), 2);
    }

    void tamperedFileIsNamed_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("manifest") << QStringLiteral("manifest.json");
        QTest::newRow("audit") << QStringLiteral("audit.jsonl");
        QTest::newRow("report") << QStringLiteral("report.pdf");
        QTest::newRow("evidence") << QString();  // the first evidence image
    }
    void tamperedFileIsNamed() {
        QFETCH(QString, file);
        QVERIFY(!m_folder.isEmpty());
        if (file.isEmpty()) file = QStringLiteral("evidence/") + QDir(m_folder + QStringLiteral("/evidence")).entryList(QDir::Files).front();
        const QString copy = QDir(m_dir.path()).filePath(QStringLiteral("tampered-") + QFileInfo(file).baseName());
        QVERIFY(copyFolder(m_folder, copy));
        QVERIFY(flipByte(copy + QLatin1Char('/') + file));
        const CliRun run = verify(copy);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(problemPaths(run).contains(file), run.out.constData());
        const CliRun text = runCli({QStringLiteral("case"), QStringLiteral("verify-export"), copy});
        QCOMPARE(text.exitCode, 1);
        QVERIFY2(text.out.contains(file.toUtf8()), text.out.constData());
    }

    void deletedAndExtraFilesAreNamed() {
        const QString copy = QDir(m_dir.path()).filePath(QStringLiteral("tampered-files"));
        QVERIFY(copyFolder(m_folder, copy));
        QVERIFY(QFile::remove(copy + QStringLiteral("/report.pdf")));
        QFile extra(copy + QStringLiteral("/evidence/extra.png"));
        QVERIFY(extra.open(QIODevice::WriteOnly) && extra.write("planted") == 7);
        extra.close();
        const CliRun run = verify(copy);
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(problemPaths(run), QStringList({QStringLiteral("report.pdf"), QStringLiteral("evidence/extra.png")}));
    }

    void flippedByteInZipIsNamed() {
        // One byte of the stored report.pdf changed inside the archive: libzip's CRC check.
        const QString zip = QDir(m_dir.path()).filePath(QStringLiteral("tampered.zip"));
        QVERIFY(QFile::copy(QDir(m_dir.path()).filePath(QStringLiteral("bundle.zip")), zip));
        QFile file(zip);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const qint64 pdf = file.readAll().indexOf("%PDF-");
        file.close();
        QVERIFY(pdf > 0);
        QVERIFY(flipByte(zip, pdf + 2000));
        const CliRun run = verify(zip);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(problemPaths(run).contains(QStringLiteral("report.pdf")), run.out.constData());
    }

    // Issue 13: each way of tampering refused with the file or entry named, in the text output
    // and in --json (which lists every problem and is printed for a broken ZIP too), exit 1.
    void tamperedBundleIsRefusedInBothOutputs_data() {
        QTest::addColumn<QString>("tamper");
        QTest::addColumn<QString>("path");  // "evidence": the first evidence file
        QTest::newRow("SHA256SUMS: wrong hash before the right one") << "sums wrong first" << "SHA256SUMS";
        QTest::newRow("SHA256SUMS: CRLF") << "sums crlf" << "SHA256SUMS";
        QTest::newRow("FIFO for an evidence file") << "fifo" << "evidence";
        QTest::newRow("extra folder") << "folder" << "notes";
        QTest::newRow("ZIP: duplicate entry") << "zip duplicate" << "evidence";
        QTest::newRow("ZIP: folder entry with data") << "zip folder entry" << "evidence1/";
    }
    void tamperedBundleIsRefusedInBothOutputs() {
        QFETCH(QString, tamper);
        QFETCH(QString, path);
        QVERIFY(!m_folder.isEmpty());
        const QStringList evidence = QDir(m_folder + QStringLiteral("/evidence")).entryList(QDir::Files, QDir::Name);
        QVERIFY(evidence.size() >= 2);
        const QString first = QStringLiteral("evidence/") + evidence[0];
        const QString second = QStringLiteral("evidence/") + evidence[1];
        if (path == QLatin1String("evidence")) path = first;
        const bool zip = tamper.startsWith(QLatin1String("zip"));
        const QString copy = QDir(m_dir.path()).filePath(QStringLiteral("issue13-%1%2").arg(QString::fromUtf8(QTest::currentDataTag()), zip ? QStringLiteral(".zip") : QString()));
        if (zip) {
            QVERIFY(QFile::copy(QDir(m_dir.path()).filePath(QStringLiteral("bundle.zip")), copy));
            // Renamed in its local header and central directory record alike (same length).
            const auto [from, to] = tamper == QLatin1String("zip duplicate") ? std::pair(second, first)
                                                                              : std::pair(QStringLiteral("report.pdf"), path);
            QFile file(copy);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QByteArray bytes = file.readAll();
            QCOMPARE(bytes.count(from.toUtf8()), 2);
            bytes.replace(from.toUtf8(), to.toUtf8());
            QVERIFY(file.seek(0) && file.write(bytes) == bytes.size());
        } else {
            QVERIFY(copyFolder(m_folder, copy));
            const QString sums = copy + QStringLiteral("/SHA256SUMS");
            if (tamper == QLatin1String("fifo")) {
                QVERIFY(QFile::remove(copy + QLatin1Char('/') + first));
                QCOMPARE(::mkfifo(QFile::encodeName(copy + QLatin1Char('/') + first).constData(), 0600), 0);
            } else if (tamper == QLatin1String("folder")) {
                QVERIFY(QDir(copy).mkdir(QStringLiteral("notes")));
            } else {
                QFile file(sums);
                QVERIFY(file.open(QIODevice::ReadOnly));
                QByteArray bytes = file.readAll();
                file.close();
                if (tamper == QLatin1String("sums crlf")) {
                    bytes.replace("\n", "\r\n");
                } else {
                    const qsizetype line = bytes.indexOf(QByteArray("  " + first.toUtf8())) - 64;
                    QVERIFY(line >= 0);
                    bytes.insert(line, QByteArray(64, '0') + "  " + first.toUtf8() + '\n');
                }
                QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size());
            }
        }
        const CliRun run = verify(copy);
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(onlyJson(run).value(QStringLiteral("ok")).toBool(true), false);
        QVERIFY2(problemPaths(run).contains(path), run.out.constData());
        const CliRun text = runCli({QStringLiteral("case"), QStringLiteral("verify-export"), copy});
        QCOMPARE(text.exitCode, 1);
        QVERIFY2(text.out.contains(QByteArray(path.toUtf8() + ": ")), text.out.constData());
    }

    void notAZipStillGivesItsJson() {
        // No end-of-central-directory record: not a bundle at all, still one JSON object.
        const QString zip = QDir(m_dir.path()).filePath(QStringLiteral("garbage.zip"));
        QFile file(zip);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(QByteArray(4096, 'z')) == 4096);
        file.close();
        const CliRun run = verify(zip);
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(onlyJson(run).value(QStringLiteral("ok")).toBool(true), false);
        QCOMPARE(problemPaths(run), QStringList{QStringLiteral("garbage.zip")});
        QVERIFY2(run.err.contains("no end-of-central-directory record"), run.err.constData());
    }

    void reportPagesCarryTheNotice() {
        const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
        const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
        if (pdftoppm.isEmpty() || pdftotext.isEmpty()) {
            QSKIP("pdftoppm/pdftotext not found: install poppler-utils (installer/setup.sh lists it)");
        }
        const QString pdf = m_folder + QStringLiteral("/report.pdf");
        QProcess text;
        text.start(pdftotext, {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
        QVERIFY(text.waitForFinished(60'000));
        const QList<QByteArray> pages = text.readAllStandardOutput().split('\f');
        int checked = 0;
        int comparePages = 0;
        for (QByteArray page : pages) {
            if (page.trimmed().isEmpty()) continue;
            page.replace("\xef\xac\x81", "fi");  // pdftotext reports the font's "fi" ligature as U+FB01
            ++checked;
            QVERIFY2(page.contains("Investigative lead only — not a positive identification. Requires independent corroboration."),
                     page.left(400).constData());
            if (!page.contains("Compare: search")) continue;
            // Both faces aligned by core (the probe's landmarks re-fitted in its recorded box).
            ++comparePages;
            QVERIFY2(page.contains("aligned") && !page.contains("could not align"), page.left(600).constData());
        }
        QCOMPARE(comparePages, 2 * kProbes);
        // Header and probes, 5 searches, 5 compare pages per possible match + 5 no match, audit.
        QVERIFY2(checked >= 1 + kProbes + 2 * kProbes + 1, qPrintable(QString::number(checked)));
        QVERIFY(pages.front().contains(kCase.toUtf8()));
        QProcess render;
        const QString prefix = QDir(m_dir.path()).filePath(QStringLiteral("page"));
        render.start(pdftoppm, {QStringLiteral("-r"), QStringLiteral("50"), QStringLiteral("-png"), QStringLiteral("-f"),
                                QStringLiteral("1"), QStringLiteral("-l"), QStringLiteral("2"), pdf, prefix});
        QVERIFY(render.waitForFinished(60'000));
        QCOMPARE(render.exitCode(), 0);
        QVERIFY(QFileInfo(prefix + QStringLiteral("-01.png")).size() > 10'000);
    }

    void reviewGateRefusesPossibleMatchWithoutReason() {
        // A possible match recorded before schema 3 required reasons (trigger dropped to write it).
        auto db = DatabaseConnection::open(m_workspace + QStringLiteral("/facecase.sqlite"));
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        QVERIFY(db->exec(QStringLiteral("DROP TRIGGER annotations_verdict_needs_reason"), QStringLiteral("drop")).ok());
        QVERIFY(db->exec(QStringLiteral(
                             "INSERT INTO annotations (case_id, search_id, candidate_id, kind, verdict, analyst, created_at, reason) "
                             "SELECT s.case_id, s.id, c.id, 'verdict', 'possible_match', 'old-version', '2023-01-01T00:00:00.000Z', '' "
                             "FROM candidates c JOIN searches s ON s.id = c.search_id WHERE s.id = (SELECT min(id) FROM searches) AND c.rank = 3"),
                         QStringLiteral("insert")).ok());
        const QString out = QDir(m_dir.path()).filePath(QStringLiteral("refused"));
        CliRun run = cli({QStringLiteral("case"), QStringLiteral("export"), kCase, QStringLiteral("--out"), out});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("rank 3: the possible-match verdict by old-version gives no reason"), run.err.constData());
        QVERIFY(!QFileInfo::exists(out));
        const CliRun fixed = cli({QStringLiteral("verdict"), QStringLiteral("set"), QStringLiteral("--case"), kCase, QStringLiteral("--search"),
                                  QStringLiteral("1"), QStringLiteral("--rank"), QStringLiteral("3"), QStringLiteral("--verdict"),
                                  QStringLiteral("possible_match"), QStringLiteral("--reason"), QStringLiteral("scar above the left eyebrow")});
        QVERIFY2(fixed.exitCode == 0, fixed.err.constData());
        run = cli({QStringLiteral("case"), QStringLiteral("export"), kCase, QStringLiteral("--out"), out, QStringLiteral("--page-size"),
                   QStringLiteral("letter")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(verify(out).exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestCliCaseExport)
#include "test_cli_case_export.moc"
