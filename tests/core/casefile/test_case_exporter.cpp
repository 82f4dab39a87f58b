// Case bundles end to end in core: export to a folder and to a ZIP, verify; flip one byte in
// any file, delete one, add one -> the verifier names that file; missing and changed candidate
// sources are recorded, not skipped; the case_exported record and the chain; and the export time
// of a case with 5 probes x 50 candidates.
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <functional>
#include <zip.h>

#include "casefile/case_bundle.h"
#include "casefile/case_exporter.h"
#include "casefile/export_verifier.h"
#include "casefile/file_digest.h"
#include "casefile_test_support.h"
#include "policy/policy_store.h"

using namespace facecase;
using namespace facecase::test;

namespace {
using Kind = ExportVerification::Problem::Kind;

// Changes the ZIP in place with libzip, as someone repacking a tampered bundle would.
void editZip(const QString& path, const std::function<void(zip_t*, std::vector<QByteArray>&)>& edit) {
    int code = 0;
    zip_t* archive = zip_open(QFile::encodeName(path).constData(), 0, &code);
    QVERIFY2(archive, "cannot open the ZIP");
    std::vector<QByteArray> keepAlive;  // buffers libzip reads at zip_close
    keepAlive.reserve(4);
    edit(archive, keepAlive);
    QVERIFY2(zip_close(archive) == 0, zip_strerror(archive));
}

QByteArray readZipEntry(zip_t* archive, const QString& name) {
    const zip_int64_t index = zip_name_locate(archive, name.toUtf8().constData(), 0);
    zip_stat_t stat;
    zip_stat_index(archive, zip_uint64_t(index), 0, &stat);
    QByteArray bytes(qsizetype(stat.size), Qt::Uninitialized);
    zip_file_t* file = zip_fopen_index(archive, zip_uint64_t(index), 0);
    zip_fread(file, bytes.data(), stat.size);
    zip_fclose(file);
    return bytes;
}

QByteArray flipped(QByteArray bytes) {
    bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x01);
    return bytes;
}

bool names(const ExportVerification& v, const QString& path, Kind kind) {
    for (const ExportVerification::Problem& p : v.problems) {
        if (p.path == path && p.kind == kind) return true;
    }
    return false;
}

// Stands in for core/services' LandmarkChipSource (the fixture's photos are not real images):
// "cuts" a chip only from bytes with the recorded SHA-256, as the real one does.
class FakeChipSource final : public FaceChipSource {
public:
    int calls = 0;
    Result<AlignedChip> chip(const Face& face) override {
        ++calls;
        auto digest = FileDigest::ofFile(face.photoPath);
        if (!digest) return digest.error();
        if (digest->sha256 != face.sha256) return Error::invalidInput(QStringLiteral("changed"));
        AlignedChip chip;
        chip.chip.sourceCenter = face.box.center();
        chip.chip.sourceSide = face.box.width();
        chip.png = "chip of " + face.sha256.toLatin1() + ' ' + QByteArray::number(face.box.x());
        return chip;
    }
};

QString describe(const ExportVerification& v) {
    QStringList lines;
    for (const ExportVerification::Problem& p : v.problems)
        lines << p.path + QStringLiteral(": ") + ExportVerification::kindName(p.kind) + QStringLiteral(" — ") + p.detail;
    return lines.join(QLatin1Char('\n'));
}
}  // namespace

class TestCaseExporter : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_serial = 0;

    QString freshFolder() { return m_dir.filePath(QString::number(++m_serial)); }

    static CaseExporter::Summary exportTo(const ExportFixture& e, const QString& out) {
        CaseExporter::Options options;
        options.output = out;
        options.actor = QStringLiteral("zoe");
        options.software = QStringLiteral("FaceCase test");
        auto exported = CaseExporter(*e.f.workspace, *e.f.db).exportCase(e.f.theCase.id, options);
        if (!exported) qFatal("%s", qPrintable(exported.errorMessage()));
        return *exported;
    }

    // A fixture exported to a folder or ZIP, with a verdict, verified intact.
    struct Exported {
        ExportFixture e;
        CaseExporter::Summary summary;
        QString candidateFile;  // the bundle path of rank 1's source image
    };
    Exported exported(bool zip) {
        const QString folder = freshFolder();
        Exported x{ExportFixture::create(folder), {}, {}};
        if (!x.e.verdict(0, 1, VerdictRecord::Verdict::PossibleMatch, QStringLiteral("ear shape agrees")).ok()) qFatal("verdict");
        x.summary = exportTo(x.e, folder + (zip ? QStringLiteral("/case.zip") : QStringLiteral("/case")));
        x.candidateFile = CaseBundle::evidencePath(sha256Of("photo 1"), QStringLiteral("jpg"));
        return x;
    }

private slots:
    void roundTrip_data() {
        QTest::addColumn<bool>("zip");
        QTest::newRow("folder") << false;
        QTest::newRow("zip") << true;
    }
    void roundTrip() {
        QFETCH(bool, zip);
        Exported x = exported(zip);
        const CaseExporter::Summary& s = x.summary;
        QCOMPARE(s.zip, zip);
        // Probe + 3 candidate photos, audit.jsonl, audit-chain.json, manifest.json, SHA256SUMS.
        QCOMPARE(s.fileCount, 8);
        QVERIFY(s.notCopied.empty());
        auto verified = ExportVerifier::verify(s.output);
        QVERIFY2(verified.ok(), qPrintable(verified.errorMessage()));
        QVERIFY2(verified->ok(), qPrintable(describe(*verified)));
        QCOMPARE(verified->filesChecked, 6);  // every file but manifest.json and SHA256SUMS
        QCOMPARE(verified->manifestSha256, s.manifestSha256);
        QCOMPARE(verified->caseNumber, QStringLiteral("2024-CR-17"));
        QVERIFY(verified->auditRecords >= 4);  // case, probe, search, verdict

        // The export is on record: the last record, right after the head the bundle names,
        // carrying the manifest's SHA-256; the workspace's chain stays intact.
        const AuditRecord last = x.e.f.lastAudit();
        QCOMPARE(last.action, QStringLiteral("case_exported"));
        QCOMPARE(last.seq, s.auditSeq);
        QCOMPARE(last.prevHash, s.headHash);
        QCOMPARE(verified->headHash, s.headHash);
        const QJsonObject details = last.detailsObject();
        QCOMPARE(details.value(QStringLiteral("manifest_sha256")).toString(), s.manifestSha256);
        QCOMPARE(details.value(QStringLiteral("files")).toInt(), 8);
        QCOMPARE(details.value(QStringLiteral("format")).toString(), zip ? QStringLiteral("zip") : QStringLiteral("folder"));
        QVERIFY(x.e.f.chainIntact());
        if (zip) QCOMPARE(details.value(QStringLiteral("zip_sha256")).toString(), FileDigest::ofFile(s.output)->sha256);
    }

    void flippedByteIsNamed_data() {
        QTest::addColumn<bool>("zip");
        QTest::addColumn<QString>("file");
        for (bool zip : {false, true}) {
            const char* form = zip ? "zip" : "folder";
            for (const char* file : {"manifest.json", "audit.jsonl", "audit-chain.json", "SHA256SUMS", "candidate"}) {
                QTest::addRow("%s %s", form, file) << zip << QString::fromLatin1(file);
            }
        }
    }
    void flippedByteIsNamed() {
        QFETCH(bool, zip);
        QFETCH(QString, file);
        Exported x = exported(zip);
        const QString target = file == QLatin1String("candidate") ? x.candidateFile : file;
        if (zip) {
            editZip(x.summary.output, [&](zip_t* archive, std::vector<QByteArray>& buffers) {
                buffers.push_back(flipped(readZipEntry(archive, target)));
                zip_source_t* source = zip_source_buffer(archive, buffers.back().constData(), zip_uint64_t(buffers.back().size()), 0);
                const zip_int64_t index = zip_name_locate(archive, target.toUtf8().constData(), 0);
                QVERIFY(zip_file_replace(archive, zip_uint64_t(index), source, 0) == 0);
            });
        } else {
            QFile f(x.summary.output + QLatin1Char('/') + target);
            QVERIFY(f.open(QIODevice::ReadWrite));
            const QByteArray bytes = flipped(f.readAll());
            QVERIFY(f.seek(0) && f.write(bytes) == bytes.size());
        }
        auto verified = ExportVerifier::verify(x.summary.output);
        QVERIFY2(verified.ok(), qPrintable(verified.errorMessage()));
        QVERIFY(!verified->ok());
        QVERIFY2(names(*verified, target, Kind::Changed), qPrintable(describe(*verified)));
        // Only that file is blamed (the audit files may add chain findings about themselves).
        for (const ExportVerification::Problem& p : verified->problems) QVERIFY2(p.path == target, qPrintable(describe(*verified)));
    }

    void flippedByteInsideTheZipFileIsCaught() {
        // Not repacked: one byte of a stored entry changed in the archive itself. libzip's CRC
        // check refuses the entry, and the verifier names it.
        Exported x = exported(true);
        QFile f(x.summary.output);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QByteArray bytes = f.readAll();
        const qsizetype at = bytes.indexOf("photo 1");
        QVERIFY(at > 0);
        bytes[at + 2] = 'X';
        QVERIFY(f.seek(0) && f.write(bytes) == bytes.size());
        f.close();
        auto verified = ExportVerifier::verify(x.summary.output);
        QVERIFY2(verified.ok(), qPrintable(verified.errorMessage()));
        QVERIFY2(names(*verified, x.candidateFile, Kind::Changed), qPrintable(describe(*verified)));
    }

    void missingAndExtraFilesAreNamed_data() {
        QTest::addColumn<bool>("zip");
        QTest::newRow("folder") << false;
        QTest::newRow("zip") << true;
    }
    void missingAndExtraFilesAreNamed() {
        QFETCH(bool, zip);
        Exported x = exported(zip);
        const QString extra = QStringLiteral("evidence/planted.jpg");
        if (zip) {
            editZip(x.summary.output, [&](zip_t* archive, std::vector<QByteArray>& buffers) {
                QVERIFY(zip_delete(archive, zip_uint64_t(zip_name_locate(archive, x.candidateFile.toUtf8().constData(), 0))) == 0);
                buffers.push_back(QByteArray("not from the export"));
                zip_source_t* source = zip_source_buffer(archive, buffers.back().constData(), zip_uint64_t(buffers.back().size()), 0);
                QVERIFY(zip_file_add(archive, extra.toUtf8().constData(), source, 0) >= 0);
            });
        } else {
            QVERIFY(QFile::remove(x.summary.output + QLatin1Char('/') + x.candidateFile));
            ExportFixture::writeFile(x.summary.output + QLatin1Char('/') + extra, "not from the export");
        }
        auto verified = ExportVerifier::verify(x.summary.output);
        QVERIFY2(verified.ok(), qPrintable(verified.errorMessage()));
        QVERIFY2(names(*verified, x.candidateFile, Kind::Missing), qPrintable(describe(*verified)));
        QVERIFY2(names(*verified, extra, Kind::Extra), qPrintable(describe(*verified)));
        QCOMPARE(verified->problems.size(), std::size_t(2));
    }

    void missingOrChangedSourceIsRecordedNotSkipped() {
        const QString folder = freshFolder();
        ExportFixture e = ExportFixture::create(folder);
        QVERIFY(QFile::remove(e.sourceFolder + QStringLiteral("/2.jpg")));
        ExportFixture::writeFile(e.sourceFolder + QStringLiteral("/3.jpg"), "photo 3, retouched");
        const CaseExporter::Summary s = exportTo(e, folder + QStringLiteral("/case"));
        QCOMPARE(s.notCopied.size(), std::size_t(2));
        QFile file(s.output + QStringLiteral("/manifest.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray candidates = QJsonDocument::fromJson(file.readAll()).object()
                                          .value(QStringLiteral("searches")).toArray()[0].toObject()
                                          .value(QStringLiteral("candidates")).toArray();
        const auto source = [&](int i) { return candidates[i].toObject().value(QStringLiteral("source_image")).toObject(); };
        QCOMPARE(source(0).value(QStringLiteral("status")).toString(), QStringLiteral("copied"));
        QCOMPARE(source(1).value(QStringLiteral("status")).toString(), QStringLiteral("missing"));
        QVERIFY(source(1).value(QStringLiteral("file")).isNull());
        QCOMPARE(source(2).value(QStringLiteral("status")).toString(), QStringLiteral("changed"));
        QCOMPARE(source(2).value(QStringLiteral("actual_sha256")).toString(), sha256Of("photo 3, retouched"));
        QVERIFY(!QFileInfo::exists(s.output + QLatin1Char('/') + CaseBundle::evidencePath(sha256Of("photo 3"), QStringLiteral("jpg"))));
        auto verified = ExportVerifier::verify(s.output);
        QVERIFY2(verified.ok() && verified->ok(), qPrintable(verified.ok() ? describe(*verified) : verified.errorMessage()));
        QCOMPARE((e.f.lastAudit().detailsObject().value(QStringLiteral("evidence_not_copied")).toInt()), 2);
    }

    void alignedChipsPolicyExportsChipsNotOriginals() {
        const QString folder = freshFolder();
        ExportFixture e = ExportFixture::create(folder, 6, 1, 3);
        QVERIFY(e.verdict(0, 1, VerdictRecord::Verdict::PossibleMatch, QStringLiteral("ear shape agrees")).ok());
        PolicyStore policies(*e.f.db);
        const QString pass = QStringLiteral("long passphrase 123");
        QVERIFY(policies.setSupervisorPassphrase({}, pass, QStringLiteral("sup")).ok());
        auto changed = policies.change({{QStringLiteral("export.candidate_images"), QStringLiteral("aligned_chips")}}, pass,
                                       QStringLiteral("originals stay in the agency"), QStringLiteral("sup"));
        QVERIFY2(changed.ok(), qPrintable(changed.errorMessage()));

        FakeChipSource chips;
        CaseExporter::Options options;
        options.output = folder + QStringLiteral("/case");
        options.actor = QStringLiteral("zoe");
        options.chips = &chips;
        auto exported = CaseExporter(*e.f.workspace, *e.f.db).exportCase(e.f.theCase.id, options);
        QVERIFY2(exported.ok(), qPrintable(exported.errorMessage()));
        QVERIFY(exported->notCopied.empty());  // withheld by policy is not a finding
        QCOMPARE(chips.calls, 3 + 1);           // every candidate's face, and the compare page's probe

        // evidence/: the probe original and one PNG per candidate chip; no candidate original.
        const QDir evidence(exported->output + QStringLiteral("/evidence"));
        QStringList expected{QFileInfo(CaseBundle::evidencePath(sha256Of("probe photo"), QStringLiteral("jpg"))).fileName()};
        QFile manifestFile(exported->output + QStringLiteral("/manifest.json"));
        QVERIFY(manifestFile.open(QIODevice::ReadOnly));
        const QJsonArray candidates = QJsonDocument::fromJson(manifestFile.readAll()).object()
                                          .value(QStringLiteral("searches")).toArray()[0].toObject()
                                          .value(QStringLiteral("candidates")).toArray();
        QCOMPARE(candidates.size(), 3);
        QString firstChip;
        for (const QJsonValue& value : candidates) {
            const QJsonObject c = value.toObject();
            const QJsonObject image = c.value(QStringLiteral("image")).toObject();
            QCOMPARE(image.value(QStringLiteral("kind")).toString(), QStringLiteral("aligned_chip"));
            QCOMPARE(image.value(QStringLiteral("of_image_sha256")).toString(), c.value(QStringLiteral("image_sha256")).toString());
            const QString file = image.value(QStringLiteral("file")).toString();
            QCOMPARE(file, CaseBundle::evidencePath(image.value(QStringLiteral("sha256")).toString(), QStringLiteral("png")));
            auto digest = FileDigest::ofFile(exported->output + QLatin1Char('/') + file);
            QVERIFY2(digest.ok(), qPrintable(file));
            QCOMPARE(digest->sha256, image.value(QStringLiteral("sha256")).toString());
            QCOMPARE(c.value(QStringLiteral("source_image")).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("withheld"));
            expected << QFileInfo(file).fileName();
            if (firstChip.isEmpty()) firstChip = file;
        }
        expected.sort();
        QCOMPARE(evidence.entryList(QDir::Files, QDir::Name), expected);
        for (int n = 1; n <= 6; ++n)
            QVERIFY(!QFileInfo::exists(evidence.filePath(QFileInfo(CaseBundle::evidencePath(sha256Of(QByteArray("photo ") + QByteArray::number(n)), QStringLiteral("jpg"))).fileName())));

        auto verified = ExportVerifier::verify(exported->output);
        QVERIFY2(verified.ok() && verified->ok(), qPrintable(verified.ok() ? describe(*verified) : verified.errorMessage()));
        QFile chip(exported->output + QLatin1Char('/') + firstChip);
        QVERIFY(chip.open(QIODevice::ReadOnly));
        const QByteArray bytes = flipped(chip.readAll());
        chip.close();
        QVERIFY(chip.open(QIODevice::WriteOnly | QIODevice::Truncate) && chip.write(bytes) == bytes.size());
        chip.close();
        auto tampered = ExportVerifier::verify(exported->output);
        QVERIFY(tampered.ok() && !tampered->ok());
        QVERIFY2(names(*tampered, firstChip, Kind::Changed), qPrintable(describe(*tampered)));
    }

    void existingOutputIsNotOverwritten() {
        const QString folder = freshFolder();
        ExportFixture e = ExportFixture::create(folder);
        ExportFixture::writeFile(folder + QStringLiteral("/taken/file.txt"), "mine");
        ExportFixture::writeFile(folder + QStringLiteral("/taken.zip"), "mine");
        const qint64 before = e.f.auditCount();
        for (const QString& out : QStringList{folder + QStringLiteral("/taken"), folder + QStringLiteral("/taken.zip")}) {
            CaseExporter::Options options;
            options.output = out;
            options.actor = QStringLiteral("zoe");
            auto refused = CaseExporter(*e.f.workspace, *e.f.db).exportCase(e.f.theCase.id, options);
            QVERIFY(!refused.ok());
            QVERIFY2(refused.errorMessage().startsWith(out), qPrintable(refused.errorMessage()));
        }
        QCOMPARE(e.f.auditCount(), before);
        QCOMPARE(fileFingerprint(folder + QStringLiteral("/taken.zip")), fileFingerprint(folder + QStringLiteral("/taken/file.txt")));
    }

    void fiveProbesFiftyCandidatesTiming() {
        const QString folder = freshFolder();
        ExportFixture e = ExportFixture::create(folder, 50, 5, 50);
        for (std::size_t s = 0; s < 5; ++s) {
            QVERIFY(e.verdict(s, 1, VerdictRecord::Verdict::PossibleMatch, QStringLiteral("ear shape agrees")).ok());
            QVERIFY(e.verdict(s, 2, VerdictRecord::Verdict::NoMatch, QStringLiteral("different nose")).ok());
        }
        for (bool zip : {false, true}) {
            QElapsedTimer timer;
            timer.start();
            const CaseExporter::Summary s = exportTo(e, folder + (zip ? QStringLiteral("/case.zip") : QStringLiteral("/case")));
            const qint64 exportMs = timer.restart();
            auto verified = ExportVerifier::verify(s.output);
            const qint64 verifyMs = timer.elapsed();
            QVERIFY2(verified.ok() && verified->ok(), "5 x 50 bundle does not verify");
            QCOMPARE(s.candidates, 250);
            QCOMPARE(s.fileCount, 5 + 50 + 4);  // probes, distinct candidate photos, audit x2, manifest, sums
            qInfo("5 probes x 50 candidates, %s without report: export %lld ms, verify %lld ms, %d files, %lld bytes",
                  zip ? "zip" : "folder", exportMs, verifyMs, s.fileCount, s.bytes);
        }
    }
};

QTEST_GUILESS_MAIN(TestCaseExporter)
#include "test_case_exporter.moc"
