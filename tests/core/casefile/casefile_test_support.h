#pragma once

// A case ready to export, for the casefile tests: CaseFixture's workspace with the probe's
// evidence file on disk, every gallery photo as a real file at its recorded path (bytes
// "photo n", so its SHA-256 is the one recorded), and recorded searches. Header-only.

#include <QDir>
#include <QFile>

#include "case_test_support.h"
#include "services/casework/case_work.h"
#include "store/verdict_repository.h"

namespace facecase::test {

struct ExportFixture {
    CaseFixture f;
    QString sourceFolder;  // where the gallery photos live
    std::vector<SearchRecorder::Recorded> searches;

    // `faces` gallery photos; `probes` probes (the fixture's plus more), each searched once with
    // `candidates` candidates. Fails the calling test (qFatal) if a step fails.
    static ExportFixture create(const QString& folder, int faces = 6, int probes = 1, int candidates = 3) {
        ExportFixture e{CaseFixture::create(folder + QStringLiteral("/ws"), faces), folder + QStringLiteral("/bookings"), {}};
        QDir().mkpath(e.sourceFolder);
        for (int n = 1; n <= faces; ++n) {
            const QString path = QDir(e.sourceFolder).filePath(QStringLiteral("%1.jpg").arg(n));
            writeFile(path, QByteArray("photo ") + QByteArray::number(n));
            QSqlQuery update(e.f.db->database());
            update.prepare(QStringLiteral("UPDATE images SET path = ? WHERE sha256 = ?"));
            update.addBindValue(path);
            update.addBindValue(sha256Of(QByteArray("photo ") + QByteArray::number(n)));
            if (!update.exec()) qFatal("%s", qPrintable(update.lastError().text()));
        }
        std::vector<std::pair<ProbeRecord, QByteArray>> all{{e.f.probe, QByteArray("probe photo")}};
        for (int p = 2; p <= probes; ++p) {
            const QByteArray bytes = QByteArray("probe photo ") + QByteArray::number(p);
            auto added = e.f.addProbe(e.f.theCase.id, bytes);
            if (!added) qFatal("%s", qPrintable(added.errorMessage()));
            all.emplace_back(added->probe, bytes);
        }
        for (const auto& [probe, bytes] : all) {
            writeFile(e.f.workspace->folder() + QLatin1Char('/') + probe.evidencePath, bytes);
            SearchRecorder::Draft draft = e.f.searchDraft(candidates);
            draft.probeId = probe.id;
            auto recorded = SearchRecorder(*e.f.db).record(draft, QStringLiteral("zoe"));
            if (!recorded) qFatal("%s", qPrintable(recorded.errorMessage()));
            e.searches.push_back(*recorded);
        }
        return e;
    }

    static void writeFile(const QString& path, const QByteArray& bytes) {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) qFatal("cannot write %s", qPrintable(path));
    }

    Result<VerdictRecord> verdict(std::size_t search, std::size_t rank, VerdictRecord::Verdict v, const QString& reason) const {
        CaseWork::VerdictDraft d;
        d.candidateId = searches[search].candidateIds[rank - 1];
        d.verdict = v;
        d.reason = reason;
        d.marks.push_back({VerdictRecord::Mark::Side::Probe, QPointF(120, 88), QStringLiteral("left ear")});
        return CaseWork(*f.db, Actor(QStringLiteral("zoe"))).setVerdict(d);
    }

    // A possible-match verdict without a reason, as schema 1 and 2 allowed (before the trigger
    // of schema 3): the state the review gate must catch.
    void legacyPossibleMatchWithoutReason(std::size_t search, std::size_t rank) const {
        const qint64 candidate = searches[search].candidateIds[rank - 1];
        for (const QString& sql : {QStringLiteral("DROP TRIGGER annotations_verdict_needs_reason"),
                                   QStringLiteral("INSERT INTO annotations (case_id, search_id, candidate_id, kind, verdict, "
                                                  "analyst, created_at, reason) VALUES (%1, %2, %3, 'verdict', "
                                                  "'possible_match', 'old-version', '2023-01-01T00:00:00.000Z', '')")
                                       .arg(f.theCase.id)
                                       .arg(searches[search].searchId)
                                       .arg(candidate)}) {
            if (auto done = f.db->exec(sql, QStringLiteral("set up a legacy verdict")); !done) qFatal("%s", qPrintable(done.errorMessage()));
        }
    }
};

}  // namespace facecase::test
