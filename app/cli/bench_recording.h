#pragma once

#include <QDateTime>
#include <QString>

#include "services/search/case_search.h"
#include "store/database_connection.h"
#include "store/workspace.h"
#include "types/result.h"

namespace facecase::cli {

// `bench gallery-search --record`: puts each timed search on record as `search --case` does
// after searching (CaseSearch::record), in a benchmark case of the bench workspace
// (kCaseNumber, opened on first use, reused after) whose one probe is a real photo imported
// through the normal probe import (ProbeImporter; a photo already in the case is reused).
//
// What a recorded search holds: the synthetic probe descriptor the gallery was searched with
// (the gallery's faces are not people, so the photo's own descriptor would find nothing
// meaningful), recorded as face 1 of the imported photo, boxed as the whole photo and marked
// as boxed by hand (no detector ran), no quality measurements. The record's size and work are
// those of a real search: the searches row, k candidates and the `search_run` audit record.
//
// Uses the calling thread's connection; keeps a reference to it.
class BenchRecording {
public:
    static inline const QString kCaseNumber = QStringLiteral("BENCH-GALLERY-SEARCH");

    // Opens (or reuses) the benchmark case and imports `photoPath` into it. Refuses a closed
    // benchmark case. `weightsSha256` is recorded with every search, as CaseSearch does.
    static Result<BenchRecording> prepare(const Workspace& workspace, const DatabaseConnection& connection,
                                          const QString& photoPath, QString weightsSha256);

    // Records one search of the gallery that started at `startedAt`.
    Result<SearchRecorder::Recorded> record(const GallerySearchOutcome& searched, const Descriptor& probe,
                                            int k, const QDateTime& startedAt) const;

    qint64 caseId() const { return m_caseId; }
    qint64 probeId() const { return m_probeId; }
    bool probeImportedNow() const { return m_probeImportedNow; }
    // The case's recorded searches, as the database counts them.
    Result<qint64> searchesInCase() const;

private:
    BenchRecording(const DatabaseConnection& connection, QString actor, QString weightsSha256)
        : m_connection(&connection), m_actor(std::move(actor)), m_weightsSha256(std::move(weightsSha256)) {}

    const DatabaseConnection* m_connection;
    QString m_actor;
    QString m_weightsSha256;
    qint64 m_caseId = 0;
    qint64 m_probeId = 0;
    QRectF m_photo;  // the whole probe photo, upright pixels
    bool m_probeImportedNow = false;
};

}  // namespace facecase::cli
