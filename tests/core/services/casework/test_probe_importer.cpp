// ProbeImporter on real photos: the evidence copy is the original byte for byte under its
// SHA-256, re-adding returns the same probe, a closed case and unusable files are refused with
// the file named, and an altered evidence file is never silently replaced.
#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

#include "imaging/image_loader.h"
#include "services/casework/case_catalog.h"
#include "services/casework/probe_importer.h"
#include "store/evidence_store.h"
#include "audit/audit_trail.h"
#include "store/workspace.h"
#include "store_test_support.h"
#include "support/test_data.h"

using namespace facecase;
using namespace facecase::test;

namespace {
QString sample(const QString& relative) {
    return testDataPath(QStringLiteral("detection/face-api-samples/images/") + relative);
}

QByteArray bytesOf(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
}  // namespace

class TestProbeImporter : public QObject {
    Q_OBJECT

    TestWorkspaces m_workspaces;
    QTemporaryDir m_dir;  // photos made by the tests
    QTemporaryDir m_cache;  // this workstation's cache of an agency database's evidence
    int m_serial = 0;
    std::optional<Workspace> m_workspace;
    std::optional<DatabaseConnection> m_db;
    CaseRecord m_case;

    CaseRecord openCase(const QString& number) {
        CaseRecord draft;
        draft.caseNumber = number;
        draft.purpose = QStringLiteral("Robbery at 5 Main St");
        auto created = CaseCatalog(*m_db, Actor(QStringLiteral("zoe"))).create(draft);
        if (!created) qFatal("%s", qPrintable(created.errorMessage()));
        return *created;
    }
    // The workspace's evidence, named as the folder names its files: the evidence/ folder's
    // files, or the agency database's evidence rows (named after the probes that refer to them).
    QStringList evidenceFiles() const {
        if (!m_workspace->isPostgres())
            return QDir(m_workspace->evidenceFolder()).entryList(QDir::Files | QDir::Hidden);
        QSqlQuery query(m_db->database());
        query.exec(QStringLiteral("SELECT DISTINCT substr(p.evidence_path, 10) FROM evidence e "
                                  "JOIN probes p ON p.sha256 = e.sha256 ORDER BY 1"));
        QStringList names;
        while (query.next()) names << query.value(0).toString();
        // Every evidence row belongs to a probe: a row without one would be missed above.
        if (count(*m_db, QStringLiteral("evidence")) != names.size()) names << QStringLiteral("?");
        return names;
    }
    // The bytes kept as evidence at `relative`, read back through the workspace's store.
    QByteArray evidenceBytes(const QString& relative) const {
        auto local = EvidenceStore(*m_workspace, *m_db).localFile(relative);
        return local ? bytesOf(*local) : QByteArray();
    }
    qint64 auditCount() const { return count(*m_db, QStringLiteral("audit_log")); }

private slots:
    void initTestCase() {
        FACECASE_REQUIRE_TESTDATA();
        // Evidence fetched from an agency database goes to a cache folder of the test's own.
        qputenv("XDG_CACHE_HOME", QFile::encodeName(m_cache.path()));
    }
    void init() {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        ++m_serial;
        auto workspace = m_workspaces.next();
        QVERIFY2(workspace.ok(), qPrintable(workspace.errorMessage()));
        m_workspace = *workspace;
        auto connection = workspace->openConnection();
        QVERIFY(connection.ok());
        m_db.emplace(std::move(connection).value());
        m_case = openCase(QStringLiteral("2024-CR-17"));
    }
    void cleanup() { m_db.reset(); }

    void importsAnExactEvidenceCopyWithItsAuditRecord() {
        const QString original = sample(QStringLiteral("sheldon/sheldon1.png"));
        const QByteArray bytes = bytesOf(original);
        QVERIFY(!bytes.isEmpty());
        const ProbeImporter importer(*m_workspace);
        auto imported = importer.import(
            *m_db, {m_case.id, original, ProbeRecord::DeclaredKind::Screenshot, {}}, QStringLiteral("zoe"));
        QVERIFY2(imported.ok(), qPrintable(imported.errorMessage()));
        QVERIFY(!imported->alreadyInCase);
        const ProbeRecord& p = imported->probe;
        QCOMPARE(p.sha256, sha256Of(bytes));
        QCOMPARE(p.evidencePath, QStringLiteral("evidence/%1.png").arg(p.sha256));
        QCOMPARE(p.originalPath, original);
        QCOMPARE(p.fileBytes, qint64(bytes.size()));
        QCOMPARE(p.format, QStringLiteral("PNG"));
        QVERIFY(p.width > 0 && p.height > 0);
        QCOMPARE(p.declaredKind, ProbeRecord::DeclaredKind::Screenshot);
        QCOMPARE(p.actor, QStringLiteral("zoe"));
        QCOMPARE(evidenceBytes(p.evidencePath), bytes);
        QCOMPARE(evidenceFiles(), QStringList{p.sha256 + QStringLiteral(".png")});

        auto records = AuditTrail(*m_db).records();
        QVERIFY(records.ok());
        const AuditRecord& audit = records->back();
        QCOMPARE(audit.action, QStringLiteral("probe_added"));
        QCOMPARE(audit.caseId, std::optional<qint64>(m_case.id));
        const QJsonObject d = audit.detailsObject();
        QCOMPARE(d.value(QStringLiteral("sha256")).toString(), p.sha256);
        QCOMPARE(d.value(QStringLiteral("original_path")).toString(), original);
        QCOMPARE(d.value(QStringLiteral("file_bytes")).toInteger(), qint64(bytes.size()));
        QCOMPARE(d.value(QStringLiteral("declared_kind")).toString(), QStringLiteral("screenshot"));
        QCOMPARE(d.value(QStringLiteral("case_number")).toString(), QStringLiteral("2024-CR-17"));
    }

    void samePhotoTwiceIsOneProbe() {
        const QString original = sample(QStringLiteral("sheldon/sheldon2.png"));
        const ProbeImporter importer(*m_workspace);
        auto first = importer.import(*m_db, {m_case.id, original, {}, {}}, QStringLiteral("zoe"));
        QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
        const qint64 auditAfterFirst = auditCount();

        // The same bytes under another name are the same photo.
        const QString copy = m_dir.filePath(QStringLiteral("renamed-copy.png"));
        QVERIFY(QFile::copy(original, copy));
        auto second = importer.import(*m_db, {m_case.id, copy, {}, {}}, QStringLiteral("zoe"));
        QVERIFY2(second.ok(), qPrintable(second.errorMessage()));
        QVERIFY(second->alreadyInCase);
        QCOMPARE(second->probe.id, first->probe.id);
        QCOMPARE(second->probe.originalPath, original);  // as first imported
        QCOMPARE(count(*m_db, QStringLiteral("probes")), qint64(1));
        QCOMPARE(auditCount(), auditAfterFirst);
        QCOMPARE(evidenceFiles().size(), 1);

        // Another case with the same photo: its own probe, the same evidence file.
        const CaseRecord other = openCase(QStringLiteral("2024-CR-18"));
        auto third = importer.import(*m_db, {other.id, original, {}, {}}, QStringLiteral("zoe"));
        QVERIFY2(third.ok(), qPrintable(third.errorMessage()));
        QVERIFY(!third->alreadyInCase);
        QVERIFY(third->probe.id != first->probe.id);
        QCOMPARE(third->probe.evidencePath, first->probe.evidencePath);
        QCOMPARE(evidenceFiles().size(), 1);
    }

    // Pasted image data (no file): the bytes become evidence unchanged, and the record says
    // where they came from instead of a path; bytes that are no image are refused by name.
    void pastedBytesBecomeEvidenceWithTheirSourceRecorded() {
        const QByteArray bytes = bytesOf(sample(QStringLiteral("sheldon/sheldon1.png")));
        QVERIFY(!bytes.isEmpty());
        const QString source = QStringLiteral("clipboard (PNG data, pasted 2026-05-02T10:41:07Z)");
        const ProbeImporter importer(*m_workspace);
        auto imported = importer.importBytes(*m_db, {m_case.id, {}, ProbeRecord::DeclaredKind::Screenshot, {}},
                                             bytes, source, QStringLiteral("zoe"));
        QVERIFY2(imported.ok(), qPrintable(imported.errorMessage()));
        const ProbeRecord& p = imported->probe;
        QCOMPARE(p.originalPath, source);
        QCOMPARE(p.sha256, sha256Of(bytes));
        QCOMPARE(p.format, QStringLiteral("PNG"));
        QCOMPARE(p.fileBytes, qint64(bytes.size()));
        QCOMPARE(evidenceBytes(p.evidencePath), bytes);

        auto junk = importer.importBytes(*m_db, {m_case.id, {}, {}, {}}, QByteArray("not a photo"),
                                         source, QStringLiteral("zoe"));
        QVERIFY(!junk.ok());
        QVERIFY2(junk.errorMessage().startsWith(source + QStringLiteral(": ")), qPrintable(junk.errorMessage()));
        auto nameless = importer.importBytes(*m_db, {m_case.id, {}, {}, {}}, bytes, QStringLiteral(" "),
                                             QStringLiteral("zoe"));
        QVERIFY(!nameless.ok());
        QCOMPARE(count(*m_db, QStringLiteral("probes")), qint64(1));
    }

    // The GUI's route: the file work off the database thread (one read, one decode), then only
    // the row on the database thread; the decoded photo is what the pipeline analyses next.
    void preparedOnceThenRecorded() {
        const QString original = sample(QStringLiteral("penny/penny1.png"));
        const ProbeImporter importer(*m_workspace);
        const quint64 decodesBefore = ImageLoader::decodesStarted();
        auto prepared = importer.prepare(original);
        QVERIFY2(prepared.ok(), qPrintable(prepared.errorMessage()));
        QCOMPARE(ImageLoader::decodesStarted() - decodesBefore, quint64(1));
        QCOMPARE(prepared->photo.sha256, sha256Of(bytesOf(original)));
        QCOMPARE(prepared->source, original);
        QVERIFY(!prepared->photo.image.isNull());
        QCOMPARE(count(*m_db, QStringLiteral("probes")), qint64(0));  // nothing on record yet
        QCOMPARE(evidenceBytes(prepared->evidencePath), bytesOf(original));  // kept already

        auto recorded = importer.record(*m_db, {m_case.id, original, ProbeRecord::DeclaredKind::CameraPhoto, {}},
                                        *prepared, QStringLiteral("zoe"));
        QVERIFY2(recorded.ok(), qPrintable(recorded.errorMessage()));
        QCOMPARE(recorded->probe.sha256, prepared->photo.sha256);
        QCOMPARE(recorded->probe.evidencePath, prepared->evidencePath);
        QCOMPARE(recorded->probe.width, prepared->photo.image.width());
        QCOMPARE(ImageLoader::decodesStarted() - decodesBefore, quint64(1));  // recording decodes nothing

        // Recording in a closed case is refused and audited, like an import.
        QVERIFY(CaseCatalog(*m_db, Actor(QStringLiteral("zoe"))).close(m_case.id).ok());
        auto refused = importer.record(*m_db, {m_case.id, original, {}, {}}, *prepared, QStringLiteral("zoe"));
        QVERIFY(!refused.ok());
        QCOMPARE(scalar(*m_db, QStringLiteral("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1")).toString(),
                 QStringLiteral("probe_refused"));
    }

    void closedCaseIsRefusedBeforeAnythingIsCopied() {
        QVERIFY(CaseCatalog(*m_db, Actor(QStringLiteral("zoe"))).close(m_case.id).ok());
        const qint64 auditBefore = auditCount();
        auto imported = ProbeImporter(*m_workspace).import(
            *m_db, {m_case.id, sample(QStringLiteral("sheldon/sheldon1.png")), {}, {}}, QStringLiteral("zoe"));
        QVERIFY(!imported.ok());
        QVERIFY2(imported.errorMessage().startsWith(
                     QStringLiteral("case \"2024-CR-17\" is closed: reopen it (facecase-cli case "
                                    "reopen 2024-CR-17")),
                 qPrintable(imported.errorMessage()));
        QVERIFY(imported.errorMessage().endsWith(QStringLiteral("to add a probe")));
        QCOMPARE(evidenceFiles(), QStringList());
        QCOMPARE(count(*m_db, QStringLiteral("probes")), qint64(0));
        // The refused attempt is on the case's record (issue 6: refused actions are audited).
        QCOMPARE(auditCount(), auditBefore + 1);
        QCOMPARE(scalar(*m_db, QStringLiteral("SELECT action || ' ' || case_id FROM audit_log ORDER BY seq DESC LIMIT 1"))
                     .toString(),
                 QStringLiteral("probe_refused %1").arg(m_case.id));
    }

    void unusableFilesAreNamed_data() {
        QTest::addColumn<QString>("content");  // empty: the file does not exist
        QTest::addColumn<QString>("reason");
        QTest::newRow("missing") << QString() << QStringLiteral("no such file");
        QTest::newRow("not an image") << QStringLiteral("just some text, not a photo") << QStringLiteral("not");
        QTest::newRow("truncated PNG") << QStringLiteral("\x89PNG\r\n\x1a\n") << QStringLiteral("PNG");
    }
    void unusableFilesAreNamed() {
        QFETCH(QString, content);
        QFETCH(QString, reason);
        const QString path = m_dir.filePath(QStringLiteral("bad-%1.jpg").arg(m_serial));
        if (!content.isEmpty()) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content.toLatin1());
        }
        auto imported = ProbeImporter(*m_workspace).import(*m_db, {m_case.id, path, {}, {}}, QStringLiteral("zoe"));
        QVERIFY(!imported.ok());
        QVERIFY2(imported.errorMessage().startsWith(path + QStringLiteral(": ")), qPrintable(imported.errorMessage()));
        QVERIFY2(imported.errorMessage().contains(reason), qPrintable(imported.errorMessage()));
        qInfo("%s", qPrintable(imported.errorMessage()));
        QCOMPARE(evidenceFiles(), QStringList());
        QCOMPARE(count(*m_db, QStringLiteral("probes")), qint64(0));
    }

    void editedImageNeedsANote() {
        const QString original = sample(QStringLiteral("sheldon/sheldon3.png"));
        const ProbeImporter importer(*m_workspace);
        auto refused = importer.import(
            *m_db, {m_case.id, original, ProbeRecord::DeclaredKind::EditedImage, QStringLiteral("  ")},
            QStringLiteral("zoe"));
        QVERIFY(!refused.ok());
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("an edited image needs a note")),
                 qPrintable(refused.errorMessage()));
        QCOMPARE(count(*m_db, QStringLiteral("probes")), qint64(0));
        QCOMPARE(evidenceFiles(), QStringList());  // refused before anything is copied
        QCOMPARE(scalar(*m_db, QStringLiteral("SELECT %1 FROM audit_log WHERE action = 'probe_refused'")
                                     .arg(jsonField(*m_db, QStringLiteral("details"), QStringLiteral("declared_kind"))))
                     .toString(),
                 QStringLiteral("edited_image"));
        auto accepted = importer.import(
            *m_db, {m_case.id, original, ProbeRecord::DeclaredKind::EditedImage, QStringLiteral("cropped")},
            QStringLiteral("zoe"));
        QVERIFY2(accepted.ok(), qPrintable(accepted.errorMessage()));
        QCOMPARE(accepted->probe.editNote, QStringLiteral("cropped"));
    }

    // An evidence file whose content no longer matches its name is left as found.
    void alteredEvidenceIsNotReplaced() {
        if (m_workspace->isPostgres())
            QSKIP("a folder's file; the agency database's CHECK guards its evidence names "
                  "(test_evidence_store)");
        const QString original = sample(QStringLiteral("sheldon/sheldon1.png"));
        const QString sha = sha256Of(bytesOf(original));
        QVERIFY(QDir().mkpath(m_workspace->evidenceFolder()));
        const QString evidence = QDir(m_workspace->evidenceFolder()).filePath(sha + QStringLiteral(".png"));
        {
            QFile file(evidence);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("tampered");
        }
        auto imported = ProbeImporter(*m_workspace).import(*m_db, {m_case.id, original, {}, {}}, QStringLiteral("zoe"));
        QVERIFY(!imported.ok());
        QVERIFY2(imported.errorMessage().contains(QStringLiteral("altered or damaged")), qPrintable(imported.errorMessage()));
        QCOMPARE(bytesOf(evidence), QByteArray("tampered"));
        QCOMPARE(count(*m_db, QStringLiteral("probes")), qint64(0));
    }

    // On an agency database the evidence goes into the database: no file appears in the
    // current directory (where an import that took the empty folder() for a path would write).
    void agencyEvidenceLeavesNoFileBehind() {
        if (!m_workspace->isPostgres())
            QSKIP("a SQLite workspace keeps its evidence in its folder; see the @postgresql run");
        static const QRegularExpression evidenceName(QStringLiteral("^[0-9a-f]{64}\\."));
        const QStringList before = QDir::current().entryList(QDir::Files | QDir::Hidden);
        auto imported = ProbeImporter(*m_workspace).import(
            *m_db, {m_case.id, sample(QStringLiteral("sheldon/sheldon1.png")), {}, {}}, QStringLiteral("zoe"));
        QVERIFY2(imported.ok(), qPrintable(imported.errorMessage()));
        QCOMPARE(count(*m_db, QStringLiteral("evidence")), qint64(1));
        QCOMPARE(QDir::current().entryList(QDir::Files | QDir::Hidden).filter(evidenceName),
                 before.filter(evidenceName));
    }
};

QTEST_GUILESS_MAIN(TestProbeImporter)
#include "test_probe_importer.moc"
