// Case bundles end to end in core: export to a folder and to a ZIP, verify; flip one byte in
// any file, delete one, add one -> the verifier names that file; every other tampering of issue
// 13 (SHA256SUMS in any form but the exporter's, folders, symbolic links and FIFOs in a bundle
// folder, folder / duplicate / inconsistent entries and zip bombs in a ZIP, files over their
// size limit) is refused naming the file; missing and changed candidate sources are recorded,
// not skipped; the case_exported record and the chain; and the export time of a case with
// 5 probes x 50 candidates.
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QtEndian>
#include <cstring>
#include <functional>
#include <sys/stat.h>
#include <zip.h>

#include "casefile/bundle_limits.h"
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

// Puts `bytes` in place of the entry `name`, repacked.
void replaceZipEntry(const QString& zipPath, const QString& name, const QByteArray& bytes) {
    editZip(zipPath, [&](zip_t* archive, std::vector<QByteArray>& buffers) {
        buffers.push_back(bytes);
        zip_source_t* source = zip_source_buffer(archive, buffers.back().constData(), zip_uint64_t(buffers.back().size()), 0);
        const zip_int64_t index = zip_name_locate(archive, name.toUtf8().constData(), 0);
        QVERIFY(index >= 0 && zip_file_replace(archive, zip_uint64_t(index), source, 0) == 0);
    });
}

// A libzip source of `size` zero bytes made as libzip reads them: a zip bomb's payload, which
// libzip deflates a block at a time (1 GiB becomes about 1 MiB) and nobody holds whole.
struct Zeros {
    zip_uint64_t size = 0;
    zip_uint64_t left = 0;
};
zip_int64_t zerosSource(void* state, void* data, zip_uint64_t length, zip_source_cmd_t command) {
    auto* zeros = static_cast<Zeros*>(state);
    switch (command) {
    case ZIP_SOURCE_OPEN: zeros->left = zeros->size; return 0;
    case ZIP_SOURCE_READ: {
        const zip_uint64_t n = std::min(length, zeros->left);
        std::memset(data, 0, n);
        zeros->left -= n;
        return zip_int64_t(n);
    }
    case ZIP_SOURCE_CLOSE: return 0;
    case ZIP_SOURCE_STAT: {
        auto* stat = static_cast<zip_stat_t*>(data);
        zip_stat_init(stat);
        stat->size = zeros->size;
        stat->valid |= ZIP_STAT_SIZE;
        return sizeof(*stat);
    }
    case ZIP_SOURCE_ERROR: return 0;
    case ZIP_SOURCE_FREE: delete zeros; return 0;
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                              ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default: return -1;
    }
}
constexpr zip_uint64_t kBombBytes = zip_uint64_t(1) << 30;

void replaceWithBomb(const QString& zipPath, const QString& name) {
    editZip(zipPath, [&](zip_t* archive, std::vector<QByteArray>&) {
        zip_source_t* source = zip_source_function(archive, zerosSource, new Zeros{kBombBytes, 0});
        const zip_int64_t index = zip_name_locate(archive, name.toUtf8().constData(), 0);
        QVERIFY(index >= 0 && zip_file_replace(archive, zip_uint64_t(index), source, 0) == 0);
        QVERIFY(zip_set_file_compression(archive, zip_uint64_t(index), ZIP_CM_DEFLATE, 1) == 0);
    });
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size());
}

// Byte surgery on a ZIP as a forger would do it, without repacking: where the local header
// (first occurrence of the name) and the central directory record (last one) of `name` start.
struct EntryHeaders {
    qsizetype local = -1;
    qsizetype central = -1;
};
EntryHeaders headersOf(const QByteArray& zip, const QString& name) {
    const QByteArray n = name.toUtf8();
    EntryHeaders h{zip.indexOf(n) - 30, zip.lastIndexOf(n) - 46};
    if (h.local < 0 || h.central <= h.local || zip.mid(h.local, 4) != "PK\x03\x04" || zip.mid(h.central, 4) != "PK\x01\x02") return {};
    return h;
}

void setDeclaredSize(const QString& zipPath, const QString& name, quint32 size) {
    QByteArray zip = readAll(zipPath);
    const EntryHeaders h = headersOf(zip, name);
    QVERIFY2(h.local >= 0, qPrintable(name));
    qToLittleEndian<quint32>(size, zip.data() + h.local + 22);
    qToLittleEndian<quint32>(size, zip.data() + h.central + 24);
    writeAll(zipPath, zip);
}

QByteArray entryOf(const QString& zipPath, const QString& name) {
    int code = 0;
    zip_t* archive = zip_open(QFile::encodeName(zipPath).constData(), ZIP_RDONLY, &code);
    if (!archive) return {};
    const QByteArray bytes = readZipEntry(archive, name);
    zip_discard(archive);
    return bytes;
}

QByteArray flipped(QByteArray bytes) {
    bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x01);
    return bytes;
}

bool names(const ExportVerification& v, const QString& path, Kind kind, const QString& detail = {}) {
    for (const ExportVerification::Problem& p : v.problems) {
        if (p.path == path && p.kind == kind && p.detail.contains(detail)) return true;
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
        // SHA256SUMS is on record too (it cannot be inside the bundle it lists).
        QCOMPARE(details.value(QStringLiteral("sums_sha256")).toString(), s.sumsSha256);
        QCOMPARE(verified->sumsSha256, s.sumsSha256);
        QCOMPARE(s.sumsSha256.size(), 64);
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
            replaceZipEntry(x.summary.output, target, flipped(entryOf(x.summary.output, target)));
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

    // SHA256SUMS in any form but the one the exporter writes is refused, naming the line.
    void checksumsInAnyOtherFormAreRefused_data() {
        QTest::addColumn<bool>("zip");
        QTest::addColumn<QString>("tamper");
        QTest::addColumn<QString>("detail");
        const std::vector<std::pair<const char*, const char*>> rows{
            {"wrong hash before the right one", "lists evidence/"},
            {"duplicated line", "repeats the line for evidence/"},
            {"reordered", "is out of order"},
            {"no final newline", "no final newline"},
            {"byte-order mark", "byte-order mark"},
            {"CRLF", "ends in CR LF"},
            {"one space", "is not \"<64 lower-case hex>  <relative path>\""},
            {"upper-case hex", "is not \"<64 lower-case hex>  <relative path>\""},
            {"binary-mode star", "is not \"<64 lower-case hex>  <relative path>\""},
            {"blank line", "is not \"<64 lower-case hex>  <relative path>\""},
            {"dot path", "is not \"<64 lower-case hex>  <relative path>\""},
            // Well formed, sorted, once each: only the rebuild from the sealed manifest sees it.
            {"a line for SHA256SUMS itself", "is not the SHA256SUMS the exporter writes for this manifest.json"},
        };
        for (bool zip : {false, true}) {
            for (const auto& [tamper, detail] : rows) {
                QTest::addRow("%s %s", zip ? "zip" : "folder", tamper) << zip << QString::fromLatin1(tamper) << QString::fromUtf8(detail);
            }
        }
    }
    void checksumsInAnyOtherFormAreRefused() {
        QFETCH(bool, zip);
        QFETCH(QString, tamper);
        QFETCH(QString, detail);
        Exported x = exported(zip);
        const QString sumsName = CaseBundle::checksumsName();
        const QString sumsPath = x.summary.output + QLatin1Char('/') + sumsName;
        QByteArray sums = zip ? entryOf(x.summary.output, sumsName) : readAll(sumsPath);
        QVERIFY(sums.endsWith('\n'));
        QByteArrayList lines = sums.left(sums.size() - 1).split('\n');
        const auto at = std::find_if(lines.begin(), lines.end(), [&](const QByteArray& l) { return l.endsWith(x.candidateFile.toUtf8()); });
        const qsizetype candidate = at == lines.end() ? -1 : qsizetype(at - lines.begin());
        QVERIFY(candidate >= 0);
        if (tamper == QLatin1String("wrong hash before the right one")) {
            // `sha256sum -c` reports this line FAILED; a checker keeping the last line would pass.
            lines.insert(candidate, QByteArray(64, 'a') + "  " + x.candidateFile.toUtf8());
        } else if (tamper == QLatin1String("duplicated line")) {
            lines.insert(candidate, lines[candidate]);
        } else if (tamper == QLatin1String("reordered")) {
            lines.swapItemsAt(0, 1);
        } else if (tamper == QLatin1String("upper-case hex")) {
            lines[0] = lines[0].left(64).toUpper() + lines[0].mid(64);
        } else if (tamper == QLatin1String("one space")) {
            lines[0].remove(64, 1);
        } else if (tamper == QLatin1String("binary-mode star")) {
            lines[0][65] = '*';
        } else if (tamper == QLatin1String("blank line")) {
            lines.insert(1, QByteArray());
        } else if (tamper == QLatin1String("dot path")) {
            lines[0].insert(66, "./");
        } else if (tamper == QLatin1String("a line for SHA256SUMS itself")) {
            lines.prepend(QByteArray(64, 'b') + "  " + sumsName.toUtf8());  // "SHA256SUMS" sorts first
        }
        sums = lines.join('\n') + '\n';
        if (tamper == QLatin1String("no final newline")) sums.chop(1);
        if (tamper == QLatin1String("byte-order mark")) sums.prepend("\xEF\xBB\xBF");
        if (tamper == QLatin1String("CRLF")) sums.replace("\n", "\r\n");
        if (zip) {
            replaceZipEntry(x.summary.output, sumsName, sums);
        } else {
            writeAll(sumsPath, sums);
        }
        auto verified = ExportVerifier::verify(x.summary.output);
        QVERIFY2(verified.ok(), qPrintable(verified.errorMessage()));
        const Kind kind = tamper == QLatin1String("a line for SHA256SUMS itself") ? Kind::Changed : Kind::Malformed;
        QVERIFY2(names(*verified, sumsName, kind, detail), qPrintable(describe(*verified)));
        for (const ExportVerification::Problem& p : verified->problems) QVERIFY2(p.path == sumsName, qPrintable(describe(*verified)));
        if (tamper == QLatin1String("wrong hash before the right one")) {
            QVERIFY2(names(*verified, sumsName, Kind::Changed, QStringLiteral("disagrees with manifest.json")), qPrintable(describe(*verified)));
        }
    }

    // Every byte of a bundle folder is accounted for, and only regular files are opened.
    void folderHoldsOnlyRegularListedFiles_data() {
        QTest::addColumn<QString>("tamper");
        QTest::addColumn<QString>("path");  // "candidate" for the candidate's evidence file
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("detail");
        QTest::newRow("empty extra folder") << "notes" << "notes" << int(Kind::Extra) << "a folder the exporter never writes";
        QTest::newRow("folder in evidence") << "evidence/more" << "evidence/more" << int(Kind::Extra) << "a folder";
        QTest::newRow("extra symbolic link") << "link" << "evidence/copy.jpg" << int(Kind::Malformed) << "a symbolic link";
        QTest::newRow("symbolic link for evidence") << "link in place" << "candidate" << int(Kind::Malformed) << "a symbolic link";
        QTest::newRow("FIFO for evidence") << "fifo" << "candidate" << int(Kind::Malformed) << "not a regular file";
        QTest::newRow("FIFO for manifest.json") << "fifo" << "manifest.json" << int(Kind::Malformed) << "not a regular file";
        QTest::newRow("FIFO for SHA256SUMS") << "fifo" << "SHA256SUMS" << int(Kind::Malformed) << "not a regular file";
    }
    void folderHoldsOnlyRegularListedFiles() {
        QFETCH(QString, tamper);
        QFETCH(QString, path);
        QFETCH(int, kind);
        QFETCH(QString, detail);
        Exported x = exported(false);
        if (path == QLatin1String("candidate")) path = x.candidateFile;
        const QDir bundle(x.summary.output);
        const QString target = bundle.filePath(path);
        const QString outside = QFileInfo(x.summary.output).absolutePath() + QStringLiteral("/outside.jpg");
        QVERIFY(QFile::copy(bundle.filePath(x.candidateFile), outside));  // the same bytes
        if (tamper == QLatin1String("link") || tamper == QLatin1String("link in place")) {
            if (QFileInfo::exists(target)) QVERIFY(QFile::remove(target));
            QVERIFY(QFile::link(outside, target));
        } else if (tamper == QLatin1String("fifo")) {
            QVERIFY(QFile::remove(target));
            // Opening this for reading would wait for a writer forever: the verifier must not.
            QCOMPARE(::mkfifo(QFile::encodeName(target).constData(), 0600), 0);
        } else {
            QVERIFY(bundle.mkpath(path));
        }
        auto verified = ExportVerifier::verify(x.summary.output);
        QVERIFY2(verified.ok(), qPrintable(verified.errorMessage()));
        QVERIFY2(names(*verified, path, Kind(kind), detail), qPrintable(describe(*verified)));
        QVERIFY2(!names(*verified, path, Kind::Missing), qPrintable(describe(*verified)));  // said once, as what it is
    }

    // A ZIP is refused entry by entry: folder entries, duplicates, local headers that contradict
    // the central directory, bytes of no entry. The bundle is still read and every entry named.
    void zipHoldsOnlyConsistentFileEntries_data() {
        QTest::addColumn<QString>("tamper");
        QTest::addColumn<QString>("path");  // "candidate", "second" (rank 2's file), "zeros"
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("detail");
        QTest::newRow("folder entry with data") << "folder with data" << "evidence/" << int(Kind::Extra) << "a folder entry carrying 14 bytes";
        QTest::newRow("empty folder entry") << "folder" << "evidence/" << int(Kind::Extra) << "a folder entry";
        QTest::newRow("duplicate entry") << "duplicate" << "candidate" << int(Kind::Malformed) << "lists it more than once";
        QTest::newRow("local name differs") << "central name" << "zeros" << int(Kind::Malformed) << "its local header names it \"evidence/";
        QTest::newRow("local size differs") << "local size" << "audit.jsonl" << int(Kind::Malformed) << "its local header says CRC-32";
        QTest::newRow("archive comment") << "comment" << "case.zip" << int(Kind::Extra) << "archive comment";
        QTest::newRow("bytes before the first entry") << "prefix" << "SHA256SUMS" << int(Kind::Extra) << "belong to no entry";
    }
    void zipHoldsOnlyConsistentFileEntries() {
        QFETCH(QString, tamper);
        QFETCH(QString, path);
        QFETCH(int, kind);
        QFETCH(QString, detail);
        Exported x = exported(true);
        const QString zipPath = x.summary.output;
        const QString second = CaseBundle::evidencePath(sha256Of("photo 2"), QStringLiteral("jpg"));
        const QString zeros = CaseBundle::evidencePath(QString(64, QLatin1Char('0')), QStringLiteral("jpg"));
        if (path == QLatin1String("candidate")) path = x.candidateFile;
        if (path == QLatin1String("zeros")) path = zeros;
        if (tamper == QLatin1String("folder with data") || tamper == QLatin1String("folder") || tamper == QLatin1String("comment")) {
            editZip(zipPath, [&](zip_t* archive, std::vector<QByteArray>& buffers) {
                if (tamper == QLatin1String("folder")) {
                    QVERIFY(zip_dir_add(archive, "evidence", ZIP_FL_ENC_UTF_8) >= 0);
                } else if (tamper == QLatin1String("comment")) {
                    QVERIFY(zip_set_archive_comment(archive, "hello", 5) == 0);
                } else {
                    buffers.push_back(QByteArray("hidden payload"));
                    zip_source_t* source = zip_source_buffer(archive, buffers.back().constData(), zip_uint64_t(buffers.back().size()), 0);
                    QVERIFY(zip_file_add(archive, "evidence/", source, ZIP_FL_ENC_UTF_8) >= 0);
                }
            });
        } else {
            QByteArray bytes = readAll(zipPath);
            const EntryHeaders h = headersOf(bytes, tamper == QLatin1String("local size") ? path : second);
            QVERIFY(h.local >= 0);
            const qsizetype nameAt = tamper == QLatin1String("local size") ? 0 : h.central + 46;
            if (tamper == QLatin1String("duplicate")) {
                // Both headers of rank 2's file renamed to rank 1's: one name, two entries.
                bytes.replace(h.local + 30, second.size(), x.candidateFile.toUtf8());
                bytes.replace(nameAt, second.size(), x.candidateFile.toUtf8());
            } else if (tamper == QLatin1String("central name")) {
                bytes.replace(nameAt, second.size(), zeros.toUtf8());
            } else if (tamper == QLatin1String("local size")) {
                qToLittleEndian<quint32>(qFromLittleEndian<quint32>(bytes.constData() + h.local + 22) + 1, bytes.data() + h.local + 22);
            } else if (tamper == QLatin1String("prefix")) {
                // 16 bytes put before the first entry, every offset moved to match.
                QVERIFY(bytes.startsWith("PK\x03\x04"));
                const qsizetype end = bytes.lastIndexOf("PK\x05\x06");
                const quint32 directory = qFromLittleEndian<quint32>(bytes.constData() + end + 16);
                for (qsizetype at = directory; at < end; at = bytes.indexOf("PK\x01\x02", at + 4)) {
                    if (at < 0) break;
                    qToLittleEndian<quint32>(qFromLittleEndian<quint32>(bytes.constData() + at + 42) + 16, bytes.data() + at + 42);
                }
                qToLittleEndian<quint32>(directory + 16, bytes.data() + end + 16);
                bytes.prepend(QByteArray(16, 'x'));
            }
            writeAll(zipPath, bytes);
        }
        auto verified = ExportVerifier::verify(zipPath);
        QVERIFY2(verified.ok(), qPrintable(verified.errorMessage()));
        QVERIFY2(names(*verified, path, Kind(kind), detail), qPrintable(describe(*verified)));
    }

    // A ZIP entry is inflated with a running count: past what it may hold it stops, never held.
    void zipBombIsStoppedAtItsLimit_data() {
        QTest::addColumn<QString>("entry");  // "candidate" for the evidence file
        QTest::addColumn<bool>("lies");      // the declared size forged to the expected one
        QTest::addColumn<QString>("detail");
        QTest::newRow("evidence, declared") << "candidate" << false << "declares 1073741824 bytes inflated, more than the 7";
        QTest::newRow("evidence, declared size forged") << "candidate" << true << "more than the 7 bytes it may have";
        QTest::newRow("manifest.json, declared") << "manifest.json" << false
                                                 << QStringLiteral("more than the %1").arg(BundleLimits::kManifestBytes);
        QTest::newRow("manifest.json, declared size forged") << "manifest.json" << true
                                                             << QStringLiteral("more than the %1 bytes").arg(BundleLimits::kManifestBytes);
    }
    void zipBombIsStoppedAtItsLimit() {
        QFETCH(QString, entry);
        QFETCH(bool, lies);
        QFETCH(QString, detail);
        Exported x = exported(true);
        if (entry == QLatin1String("candidate")) entry = x.candidateFile;
        replaceWithBomb(x.summary.output, entry);
        QVERIFY2(QFileInfo(x.summary.output).size() < 8 << 20, "the bomb is small");
        if (lies) setDeclaredSize(x.summary.output, entry, 7);
        auto verified = ExportVerifier::verify(x.summary.output);
        QVERIFY2(verified.ok(), qPrintable(verified.errorMessage()));
        QVERIFY2(names(*verified, entry, Kind::Changed, detail), qPrintable(describe(*verified)));
    }

    // The files read whole or line by line have limits; past them they are refused, named.
    void filesOverTheirLimitAreRefused_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("detail");
        QTest::newRow("manifest.json") << "manifest.json" << int(Kind::Changed)
                                       << QStringLiteral("more than the %1 bytes").arg(BundleLimits::kManifestBytes);
        QTest::newRow("SHA256SUMS") << "SHA256SUMS" << int(Kind::Changed)
                                    << QStringLiteral("more than the %1 bytes").arg(BundleLimits::kChecksumsBytes);
        QTest::newRow("audit.jsonl line") << "audit.jsonl" << int(Kind::Chain)
                                          << QStringLiteral("is longer than %1 bytes").arg(BundleLimits::kAuditLineBytes);
    }
    void filesOverTheirLimitAreRefused() {
        QFETCH(QString, file);
        QFETCH(int, kind);
        QFETCH(QString, detail);
        Exported x = exported(false);
        const QString path = x.summary.output + QLatin1Char('/') + file;
        QFile f(path);
        QVERIFY(f.open(QIODevice::Append));
        const qint64 limit = file == QLatin1String("audit.jsonl")     ? BundleLimits::kAuditLineBytes
                             : file == QLatin1String("manifest.json") ? BundleLimits::kManifestBytes
                                                                      : BundleLimits::kChecksumsBytes;
        QVERIFY(f.write(QByteArray(limit + 1, 'x')) == limit + 1);
        f.close();
        auto verified = ExportVerifier::verify(x.summary.output);
        QVERIFY2(verified.ok(), qPrintable(verified.errorMessage()));
        QVERIFY2(names(*verified, file, Kind(kind), detail), qPrintable(describe(*verified)));
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
