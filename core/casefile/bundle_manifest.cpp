#include "casefile/bundle_manifest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtMath>

#include "casefile/case_bundle.h"
#include "audit/audit_numbers.h"
#include "store/search_recorder.h"

namespace facecase {

namespace {
QString key(const char* text) { return QString::fromLatin1(text); }

QJsonValue timeJson(const QDateTime& time) {
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonValue textOrNull(const QString& text) {
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QJsonObject evidenceJson(const std::map<QString, ExportedEvidence>& evidence, const QString& sha256) {
    const auto found = evidence.find(sha256);
    if (found == evidence.end()) {
        return QJsonObject{{key("status"), key("missing")},
                           {key("file"), QJsonValue()},
                           {key("detail"), key("not looked up")}};
    }
    const ExportedEvidence& e = found->second;
    QJsonObject object{
        {key("status"), ExportedEvidence::statusName(e.status)},
        {key("file"), e.copied() ? QJsonValue(e.bundlePath) : QJsonValue()},
        {key("source_path"), textOrNull(e.sourcePath)},
    };
    if (!e.copied()) object.insert(key("detail"), e.detail);
    if (e.status == ExportedEvidence::Status::Changed) object.insert(key("actual_sha256"), e.actualSha256);
    return object;
}

QJsonObject caseJson(const CaseRecord& c) {
    return QJsonObject{
        {key("id"), c.id},
        {key("number"), c.caseNumber},
        {key("title"), c.title},
        {key("purpose"), c.purpose},
        {key("analyst"), c.analyst},
        {key("status"), CaseRecord::statusName(c.status)},
        {key("opened_at"), timeJson(c.openedAt)},
        {key("closed_at"), timeJson(c.closedAt)},
    };
}

QJsonObject probeJson(const ProbeRecord& p, const std::map<QString, ExportedEvidence>& evidence) {
    return QJsonObject{
        {key("id"), p.id},
        {key("sha256"), p.sha256},
        {key("evidence"), evidenceJson(evidence, p.sha256)},
        {key("workspace_evidence_path"), p.evidencePath},
        {key("original_path"), p.originalPath},
        {key("file_bytes"), p.fileBytes},
        {key("width"), p.width},
        {key("height"), p.height},
        {key("format"), p.format},
        {key("declared_kind"), ProbeRecord::kindName(p.declaredKind)},
        {key("edit_note"), p.editNote},
        {key("imported_at"), timeJson(p.importedAt)},
        {key("imported_by"), p.actor},
    };
}

QJsonArray reviewsJson(const VerdictRecord& v) {
    QJsonArray reviews;
    for (const VerdictReview& r : v.reviews) {
        reviews.append(QJsonObject{{key("review_id"), r.id},
                                   {key("outcome"), VerdictReview::outcomeName(r.outcome)},
                                   {key("reason"), r.reason},
                                   {key("analyst"), r.analyst},
                                   {key("at"), timeJson(r.reviewedAt)}});
    }
    return reviews;
}

// Every setting, defaults included: what the reader needs is the policy, not what differed.
QJsonObject policyJson(const AgencyPolicy& policy) {
    QJsonObject settings;
    for (const AgencyPolicy::Setting& s : AgencyPolicy::settings()) settings.insert(s.key, policy.valueText(s.key));
    return settings;
}

QJsonObject verdictJson(const VerdictRecord& v) {
    QJsonArray marks;
    for (const VerdictRecord::Mark& m : v.marks) {
        marks.append(QJsonObject{{key("side"), VerdictRecord::sideName(m.side)},
                                 {key("x"), audit::decimal(m.position.x(), 1)},
                                 {key("y"), audit::decimal(m.position.y(), 1)},
                                 {key("label"), m.label}});
    }
    return QJsonObject{
        {key("annotation_id"), v.annotationId},
        {key("verdict"), VerdictRecord::verdictName(v.verdict)},
        {key("reason"), v.reason},
        {key("notes"), v.notes},
        {key("analyst"), v.analyst},
        {key("at"), timeJson(v.createdAt)},
        {key("marks"), marks},
        {key("reviews"), reviewsJson(v)},
    };
}

QJsonObject provenanceJson(const CandidateProvenance& p) {
    return QJsonObject{
        {key("face_id"), p.faceId},
        {key("face_index"), p.faceIndex},
        {key("face_box"), audit::box(p.box)},
        {key("quality_level"), p.qualityLevel},
        {key("manual_face"), p.manualFace},
        {key("gallery_id"), p.galleryId},
        {key("image_id"), p.imageId},
        {key("image_path"), p.imagePath},
        {key("image_sha256"), p.imageSha256},
        {key("file_bytes"), p.fileBytes},
        {key("width"), p.width},
        {key("height"), p.height},
        {key("format"), p.format},
        {key("imported_at"), p.importedAt},
        {key("source"), p.source},
        {key("job"), p.jobId ? QJsonValue(QJsonObject{{key("id"), *p.jobId},
                                                      {key("source_folder"), p.jobSourceFolder},
                                                      {key("actor"), p.jobActor}})
                             : QJsonValue()},
        {key("subject"), p.subjectId ? QJsonValue(QJsonObject{{key("id"), *p.subjectId},
                                                              {key("external_id"), p.subjectExternalId},
                                                              {key("name"), p.subjectName},
                                                              {key("attributes"), p.subjectAttributes}})
                                     : QJsonValue()},
    };
}

// Which picture of the candidate's face the bundle holds: its original photo, or (policy
// aligned_chips) its aligned chip with where the chip sits on the original (so marks, which are
// in the original's pixels, can be placed on it), or none and why.
QJsonObject candidateImageJson(const SearchReader::Candidate& c, const std::map<QString, ExportedEvidence>& evidence,
                               const ExportedChips& chips) {
    if (!chips.chipsInsteadOfOriginals) {
        const auto e = evidence.find(c.imageSha256);
        if (e != evidence.end() && e->second.copied()) {
            return QJsonObject{{key("kind"), key("original")}, {key("sha256"), c.imageSha256}, {key("file"), e->second.bundlePath}};
        }
        return QJsonObject{{key("kind"), key("none")},
                           {key("detail"), e == evidence.end() ? key("not looked up") : e->second.detail}};
    }
    const AlignedChip* chip = chips.candidate(c.id);
    if (!chip || chip->bundlePath.isEmpty()) {
        const auto problem = chips.candidateProblems.find(c.id);
        return QJsonObject{{key("kind"), key("none")},
                           {key("detail"), problem == chips.candidateProblems.end() ? key("no chip was cut") : problem->second}};
    }
    return QJsonObject{
        {key("kind"), key("aligned_chip")},
        {key("of_image_sha256"), c.imageSha256},
        {key("sha256"), chip->sha256},
        {key("file"), chip->bundlePath},
        {key("size"), FaceChip::kSize},
        {key("source_center"), QJsonObject{{key("x"), audit::decimal(chip->chip.sourceCenter.x(), 1)},
                                           {key("y"), audit::decimal(chip->chip.sourceCenter.y(), 1)}}},
        {key("source_side"), audit::decimal(chip->chip.sourceSide, 1)},
        {key("angle_degrees"), audit::decimal(qRadiansToDegrees(chip->chip.angle), 2)},
    };
}

QJsonObject candidateJson(const CaseSnapshot::CandidateEntry& entry,
                          const std::map<QString, ExportedEvidence>& evidence, const ExportedChips& chips) {
    const SearchReader::Candidate& c = entry.candidate;
    return QJsonObject{
        {key("candidate_id"), c.id},
        {key("rank"), c.rank},
        {key("distance"), audit::decimal(c.distance, SearchRecorder::kDistancePlaces)},
        {key("fmr"), c.score ? QJsonValue(audit::rate(*c.score)) : QJsonValue()},
        {key("fmr_upper_bound"), entry.fmrUpperBound},
        {key("face_id"), c.faceId ? QJsonValue(*c.faceId) : QJsonValue()},
        {key("image_sha256"), c.imageSha256},
        {key("subject_external_id"), c.subjectExternalId},
        {key("subject_name"), c.subjectName},
        {key("provenance"), entry.provenance ? QJsonValue(provenanceJson(*entry.provenance)) : QJsonValue()},
        {key("source_image"), evidenceJson(evidence, c.imageSha256)},
        {key("image"), candidateImageJson(c, evidence, chips)},
        {key("verdict"), entry.verdict ? QJsonValue(verdictJson(*entry.verdict)) : QJsonValue()},
        {key("export_status"), ReviewGate::outcomeName(ReviewGate::outcomeOf(entry))},
    };
}

QJsonObject searchJson(const CaseSnapshot::SearchEntry& entry,
                       const std::map<QString, ExportedEvidence>& evidence, const ExportedChips& chips) {
    const SearchReader::Search& s = entry.search;
    const QJsonObject& p = s.parameters;
    QJsonArray candidates;
    for (const CaseSnapshot::CandidateEntry& c : entry.candidates) candidates.append(candidateJson(c, evidence, chips));
    const QJsonValue threshold = p.value(key("threshold"));
    return QJsonObject{
        {key("search_id"), s.id},
        {key("probe_id"), s.probeId ? QJsonValue(*s.probeId) : QJsonValue()},
        {key("probe_sha256"), s.probeSha256},
        {key("face_index"), s.faceIndex},
        {key("face_box"), audit::box(s.box)},
        {key("manual_face"), s.manualFace},
        {key("gallery"), QJsonObject{{key("id"), s.galleryId ? QJsonValue(*s.galleryId) : QJsonValue()},
                                     {key("name"), s.galleryName},
                                     {key("revision"), s.galleryRevision},
                                     {key("size"), s.gallerySize()}}},
        {key("method"), p.value(key("method"))},
        {key("k"), s.k()},
        {key("threshold"), threshold.isDouble() ? QJsonValue(audit::decimal(threshold.toDouble(),
                                                                            SearchRecorder::kDistancePlaces))
                                                : QJsonValue()},
        {key("model"), s.modelKey},
        {key("weights_sha256"), p.value(key("weights_sha256"))},
        {key("software"), p.value(key("software"))},
        {key("quality_level"), p.value(key("quality_level"))},
        {key("quality_warnings"), p.value(key("quality_warnings"))},
        {key("actor"), s.actor},
        {key("started_at"), timeJson(s.startedAt)},
        {key("finished_at"), timeJson(s.finishedAt)},
        {key("audit_seq"), entry.runRecordSeq ? QJsonValue(*entry.runRecordSeq) : QJsonValue()},
        {key("list_length"), qint64(entry.candidates.size())},
        {key("candidates"), candidates},
    };
}
}  // namespace

QJsonObject BundleManifest::build(const Input& input) {
    const CaseSnapshot& snapshot = input.snapshot;
    QJsonArray probes;
    for (const ProbeRecord& p : snapshot.probes) probes.append(probeJson(p, input.evidence));
    QJsonArray searches;
    for (const CaseSnapshot::SearchEntry& s : snapshot.searches) searches.append(searchJson(s, input.evidence, input.chips));
    QJsonArray files;
    for (const BundleFile& f : input.files) {
        files.append(QJsonObject{{key("path"), f.path},
                                 {key("sha256"), f.sha256},
                                 {key("size"), f.size},
                                 {key("role"), f.role}});
    }
    const ReviewGate::Review& r = input.review;
    return QJsonObject{
        {key("schema"), CaseBundle::schema()},
        {CaseBundle::sealKey(), QString(64, QLatin1Char('0'))},
        {key("software"), input.software},
        {key("exported_at"), timeJson(input.exportedAt)},
        {key("exported_by"), input.exportedBy},
        {key("workspace"), input.workspaceFolder},
        {key("notice"), QStringLiteral("Investigative lead only — not a positive identification. "
                                       "Requires independent corroboration.")},
        {key("case"), caseJson(snapshot.theCase)},
        {key("review"), QJsonObject{{key("possible_matches"), r.possibleMatches},
                                    {key("no_matches"), r.noMatches},
                                    {key("inconclusive"), r.inconclusive},
                                    {key("not_assessed"), r.notAssessed},
                                    {key("confirmed_by_second_analyst"), r.confirmedBySecondAnalyst},
                                    {key("second_reviewer_required"), r.secondReviewerRequired},
                                    {key("rules"), QJsonArray::fromStringList(ReviewGate::rules(input.policy))}}},
        {key("policy"), policyJson(input.policy)},
        {key("probes"), probes},
        {key("searches"), searches},
        {key("audit"), QJsonObject{
                           {key("records_file"), CaseBundle::auditName()},
                           {key("chain_file"), CaseBundle::chainName()},
                           {key("records"), qint64(snapshot.caseRecords.size())},
                           {key("first_seq"), snapshot.caseRecords.empty() ? QJsonValue()
                                                                           : QJsonValue(snapshot.caseRecords.front().seq)},
                           {key("last_seq"), snapshot.caseRecords.empty() ? QJsonValue()
                                                                          : QJsonValue(snapshot.caseRecords.back().seq)},
                           {key("head_seq"), snapshot.headSeq},
                           {key("head_hash"), snapshot.headHash},
                       }},
        {key("files"), files},
    };
}

QByteArray BundleManifest::serialize(const QJsonObject& manifest) {
    const QByteArray text = QJsonDocument(manifest).toJson(QJsonDocument::Indented);
    return CaseBundle::withSeal(text, CaseBundle::sealOf(text));
}

}  // namespace facecase
