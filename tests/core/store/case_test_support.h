#pragma once

// A workspace with what the case workflow needs, for the store and service tests: a gallery of
// synthetic faces, an open case, a probe of it, and a search draft over the gallery's faces.
// Header-only; include after store_test_support.h.

#include <QTemporaryDir>
#include <optional>

#include "audit/audit_trail.h"
#include "services/casework/case_catalog.h"
#include "store/face_record_writer.h"
#include "store/gallery_repository.h"
#include "store/probe_repository.h"
#include "store/search_recorder.h"
#include "store/workspace.h"
#include "store_test_support.h"
#include "support/test_workspaces.h"

namespace facecase::test {

inline const QString kCaseModel = QStringLiteral("dlib-resnet-v1/flip-averaged");

struct CaseFixture {
    std::optional<Workspace> workspace;
    std::optional<DatabaseConnection> db;
    qint64 galleryId = 0;
    std::vector<qint64> faceIds;  // the gallery's faces, one per photo 1..n
    CaseRecord theCase;
    ProbeRecord probe;

    // Opens a workspace in `folder` with a gallery "Bookings" of `faces` photos, case
    // "2024-CR-17" and one probe of it. Fails the calling test (qFatal) if any step fails.
    static CaseFixture create(const QString& folder, int faces = 6) {
        return populate(Workspace::open(folder), faces);
    }
    // The same in the next workspace of `workspaces`: on the test's backend, SQLite or
    // PostgreSQL (FACECASE_TEST_BACKEND).
    static CaseFixture create(TestWorkspaces& workspaces, int faces = 6) {
        return populate(workspaces.next(), faces);
    }

    static CaseFixture populate(const Result<Workspace>& workspace, int faces) {
        CaseFixture f;
        if (!workspace) qFatal("%s", qPrintable(workspace.errorMessage()));
        f.workspace = *workspace;
        auto connection = workspace->openConnection();
        if (!connection) qFatal("%s", qPrintable(connection.errorMessage()));
        f.db.emplace(std::move(connection).value());
        auto gallery = GalleryRepository(*f.db).create(QStringLiteral("Bookings"));
        if (!gallery) qFatal("%s", qPrintable(gallery.errorMessage()));
        f.galleryId = gallery->id;
        FaceRecordWriter writer(*f.db, kCaseModel);
        for (int n = 1; n <= faces; ++n) {
            auto stored = writer.insert(f.galleryId, syntheticRecord(n));
            if (!stored) qFatal("%s", qPrintable(stored.errorMessage()));
            f.faceIds.push_back(stored->faceIds.front());
        }
        CaseRecord draft;
        draft.caseNumber = QStringLiteral("2024-CR-17");
        draft.purpose = QStringLiteral("Robbery at 5 Main St; warrant 88/24");
        auto created = CaseCatalog(*f.db, Actor(QStringLiteral("zoe"))).create(draft);
        if (!created) qFatal("%s", qPrintable(created.errorMessage()));
        f.theCase = *created;
        auto added = f.addProbe(f.theCase.id, QByteArray("probe photo"));
        if (!added) qFatal("%s", qPrintable(added.errorMessage()));
        f.probe = added->probe;
        return f;
    }

    Result<ProbeRepository::Added> addProbe(qint64 caseId, const QByteArray& content) const {
        ProbeRecord p;
        p.caseId = caseId;
        p.sha256 = sha256Of(content);
        p.evidencePath = QStringLiteral("evidence/%1.jpg").arg(p.sha256);
        p.originalPath = QStringLiteral("/media/usb/still-0042.jpg");
        p.fileBytes = 183211;
        p.width = 1280;
        p.height = 720;
        p.format = QStringLiteral("JPEG");
        p.declaredKind = ProbeRecord::DeclaredKind::CctvStill;
        return ProbeRepository(*db).add(p, QStringLiteral("zoe"));
    }

    // A search of the probe's face 1 whose candidates are the first `count` gallery faces at
    // distances 0.3, 0.4, 0.5, ...
    SearchRecorder::Draft searchDraft(int count = 3) const {
        SearchRecorder::Draft d;
        d.caseId = theCase.id;
        d.probeId = probe.id;
        d.faceIndex = 1;
        d.box = QRectF(412.5, 130.3, 96, 96);
        d.descriptor = syntheticDescriptor(99);
        d.quality.eyeDistancePx = 31.5;
        d.quality.eyeDistanceLevel = FaceQuality::Level::Caution;
        d.quality.warnings = {QStringLiteral("small face: 31 px between the eyes")};
        d.galleryId = galleryId;
        d.galleryName = QStringLiteral("Bookings");
        d.galleryRevision = 6;
        d.gallerySize = qint64(faceIds.size());
        d.modelKey = kCaseModel;
        d.weightsSha256 = QString(64, QLatin1Char('a'));
        d.method = QStringLiteral("exact");
        d.k = 20;
        d.threshold = 0.6;
        d.startedAt = QDateTime::currentDateTimeUtc();
        d.finishedAt = d.startedAt.addMSecs(12);
        for (int i = 0; i < count; ++i) {
            SearchRecorder::Candidate c;
            c.rank = i + 1;
            c.faceId = faceIds[std::size_t(i)];
            c.distance = 0.3 + 0.1 * i;
            c.fmr = 1e-5 * (i + 1);
            c.imageSha256 = sha256Of(QByteArray("photo ") + QByteArray::number(i + 1));
            c.subjectExternalId = QStringLiteral("B-%1").arg(i + 1);
            c.subjectName = QStringLiteral("Person %1").arg(i + 1);
            d.candidates.push_back(c);
        }
        return d;
    }

    qint64 auditCount() const { return count(*db, QStringLiteral("audit_log")); }
    bool chainIntact() const {
        auto verified = AuditTrail(*db).verify();
        return verified.ok() && verified->intact();
    }
    AuditRecord lastAudit() const {
        auto records = AuditTrail(*db).records();
        if (!records || records->empty()) qFatal("no audit records");
        return records->back();
    }
};

// The fixture's case with one recorded search of three candidates (by zoe): what the case-work
// and case-overview suites start from.
struct RecordedCase {
    CaseFixture f;
    SearchRecorder::Recorded search;

    static RecordedCase create(TestWorkspaces& workspaces) {
        RecordedCase r{CaseFixture::create(workspaces), {}};
        auto recorded = SearchRecorder(*r.f.db).record(r.f.searchDraft(3), QStringLiteral("zoe"));
        if (!recorded) qFatal("%s", qPrintable(recorded.errorMessage()));
        r.search = *recorded;
        return r;
    }
};

}  // namespace facecase::test
