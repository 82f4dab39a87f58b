#include "report/case_report_document.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QUrl>
#include <map>

#include "matching/fmr_wording.h"
#include "report/report_images.h"
#include "audit/audit_numbers.h"
#include "store/recorded_search.h"
#include "types/display_time.h"

namespace facecase {

namespace {
QString esc(const QString& text) { return text.toHtmlEscaped(); }

// displayTime(), the app's one way to show a time, with a dash where a time is missing.
QString when(const QDateTime& time) {
    return time.isValid() ? displayTime(time) : QStringLiteral("—");
}

QString row(const QString& label, const QString& valueHtml) {
    return QStringLiteral("<tr><td class='k'>%1</td><td>%2</td></tr>").arg(esc(label), valueHtml);
}

QString boxText(const QRectF& box) {
    return QStringLiteral("x %1, y %2, %3 × %4 px")
        .arg(audit::decimal(box.x(), 0), audit::decimal(box.y(), 0), audit::decimal(box.width(), 0),
             audit::decimal(box.height(), 0));
}

QString verdictLabel(const CaseSnapshot::CandidateEntry& c) {
    switch (ReviewGate::outcomeOf(c)) {
    case ReviewGate::Outcome::PossibleMatch: return QStringLiteral("Possible match");
    case ReviewGate::Outcome::NoMatch: return QStringLiteral("No match");
    case ReviewGate::Outcome::Inconclusive: return QStringLiteral("Inconclusive");
    case ReviewGate::Outcome::NotAssessed: return QStringLiteral("Not assessed");
    }
    return {};
}

// "confirmed by ben on 2024-05-02 08:15:00 UTC: same scar" for each second review, one per line.
QString reviewLines(const VerdictRecord& v) {
    QStringList lines;
    for (const VerdictReview& r : v.reviews) {
        lines << QStringLiteral("%1 by %2 on %3: %4")
                     .arg(VerdictReview::outcomeName(r.outcome), esc(r.analyst),
                          when(r.reviewedAt), esc(r.reason.left(160)));
    }
    return lines.join(QStringLiteral("<br>"));
}

QString subjectOf(const RecordedCandidate& c) {
    QString s = c.subjectExternalId;
    if (!c.subjectName.isEmpty() && c.subjectName != s) s += s.isEmpty() ? c.subjectName : QStringLiteral(" (%1)").arg(c.subjectName);
    return s.isEmpty() ? QStringLiteral("—") : s;
}

QString fmrText(const CaseSnapshot::CandidateEntry& c) {
    if (!c.candidate.score) return QStringLiteral("—");
    return FmrWording::shortRate(FmrEstimate{*c.candidate.score, c.fmrUpperBound});
}

QString evidenceNote(const std::map<QString, ExportedEvidence>& evidence, const QString& sha256) {
    const auto e = evidence.find(sha256);
    if (e == evidence.end()) return QStringLiteral("not exported");
    if (e->second.copied()) return esc(e->second.bundlePath);
    return QStringLiteral("<span class='warn'>%1: %2</span>")
        .arg(ExportedEvidence::statusName(e->second.status), esc(e->second.detail));
}

// One line of the audit excerpt: what the record says, in a few words.
QString auditSummary(const AuditRecord& r) {
    const QJsonObject d = r.detailsObject();
    if (r.action == QLatin1String("search_run")) {
        return QStringLiteral("search %1: gallery %2 (N = %3), %4 candidates")
            .arg(d.value(QStringLiteral("search_id")).toInteger())
            .arg(d.value(QStringLiteral("gallery_name")).toString())
            .arg(d.value(QStringLiteral("gallery_size")).toInteger())
            .arg(d.value(QStringLiteral("list_length")).toInteger());
    }
    if (r.action == QLatin1String("verdict_set")) {
        const QJsonValue old = d.value(QStringLiteral("old_verdict"));
        return QStringLiteral("search %1 rank %2: %3%4")
            .arg(d.value(QStringLiteral("search_id")).toInteger())
            .arg(d.value(QStringLiteral("rank")).toInteger())
            .arg(old.isNull() ? QString() : old.toString() + QStringLiteral(" → "),
                 d.value(QStringLiteral("verdict")).toString());
    }
    if (r.action == QLatin1String("probe_added")) {
        return QStringLiteral("probe %1, %2…").arg(d.value(QStringLiteral("probe_id")).toInteger())
            .arg(d.value(QStringLiteral("sha256")).toString().left(16));
    }
    if (r.action == QLatin1String("candidate_opened")) {
        return QStringLiteral("search %1 rank %2").arg(d.value(QStringLiteral("search_id")).toInteger())
            .arg(d.value(QStringLiteral("rank")).toInteger());
    }
    const QString reason = d.value(QStringLiteral("reason")).toString();
    return reason.isEmpty() ? QString() : reason.left(80);
}

class Builder {
public:
    Builder(QTextDocument& document, const CaseReportWriter::Input& input)
        : m_doc(document), m_in(input), m_images(input.bundleFolder, input.evidence) {}

    void build() {
        QString html = QStringLiteral(
            "<html><head><style>"
            "body { font-family: 'DejaVu Sans'; font-size: 9pt; }"
            "h1 { font-size: 16pt; margin-bottom: 4px; } h2 { font-size: 13pt; margin-top: 14px; }"
            "h3 { font-size: 11pt; margin-top: 10px; }"
            "td { padding: 2px 4px; vertical-align: top; } td.k { color: #444; font-weight: bold; }"
            "th { background-color: #dde3ea; padding: 2px 4px; text-align: left; }"
            ".warn { color: #a33; } .small { font-size: 7.5pt; color: #333; }"
            ".notice { background-color: #fff4d6; font-weight: bold; padding: 6px; }"
            ".mono { font-family: 'DejaVu Sans Mono'; font-size: 7.5pt; }"
            "</style></head><body>");
        html += header();
        html += probes();
        html += searches();
        html += comparePages();
        html += auditExcerpt();
        html += QStringLiteral("</body></html>");
        m_doc.setHtml(html);
    }

private:
    QString image(const QString& name, const QImage& picture, int cssWidth) {
        const QUrl url(QStringLiteral("report://") + name);
        m_doc.addResource(QTextDocument::ImageResource, url, picture);
        const int cssHeight = picture.width() > 0 ? cssWidth * picture.height() / picture.width() : cssWidth;
        return QStringLiteral("<img src='%1' width='%2' height='%3'>").arg(url.toString()).arg(cssWidth).arg(cssHeight);
    }

    QString header() {
        const CaseRecord& c = m_in.snapshot.theCase;
        const ReviewGate::Review& r = m_in.review;
        QString h = QStringLiteral("<h1>Case file %1</h1>").arg(esc(c.caseNumber));
        h += QStringLiteral("<p class='notice'>Investigative lead only — not a positive identification. "
                            "Requires independent corroboration.</p>");
        h += QStringLiteral("<table cellspacing='0'>");
        h += row(QStringLiteral("Case number"), esc(c.caseNumber));
        h += row(QStringLiteral("Title"), c.title.isEmpty() ? QStringLiteral("—") : esc(c.title));
        h += row(QStringLiteral("Purpose / legal basis"), esc(c.purpose).replace(QLatin1Char('\n'), QStringLiteral("<br>")));
        h += row(QStringLiteral("Analyst"), esc(c.analyst));
        h += row(QStringLiteral("Status"), CaseRecord::statusName(c.status));
        h += row(QStringLiteral("Opened"), when(c.openedAt));
        h += row(QStringLiteral("Closed"), when(c.closedAt));
        h += row(QStringLiteral("Exported"), QStringLiteral("%1 by %2").arg(when(m_in.exportedAt), esc(m_in.exportedBy)));
        h += row(QStringLiteral("Review"),
                 QStringLiteral("%1 possible match(es), %2 no match, %3 inconclusive, %4 not assessed — "
                                "every candidate shown is listed")
                     .arg(r.possibleMatches).arg(r.noMatches).arg(r.inconclusive).arg(r.notAssessed));
        h += row(QStringLiteral("Audit chain head"),
                 QStringLiteral("seq %1, <span class='mono'>%2</span>").arg(m_in.snapshot.headSeq).arg(m_in.snapshot.headHash));
        h += QStringLiteral("</table>");
        return h;
    }

    QString probes() {
        QString h = QStringLiteral("<h2>Probes (%1)</h2>").arg(m_in.snapshot.probes.size());
        int number = 0;
        for (const ProbeRecord& p : m_in.snapshot.probes) {
            m_probeNumber[p.id] = ++number;
            std::vector<QRectF> boxes;
            QStringList warnings;
            QStringList searched;
            for (const CaseSnapshot::SearchEntry& s : m_in.snapshot.searches) {
                if (s.search.probeId != p.id) continue;
                boxes.push_back(s.search.box);
                searched << QStringLiteral("box %1 → search %2 (face %3%4)")
                                .arg(boxes.size())
                                .arg(s.search.id)
                                .arg(s.search.faceIndex)
                                .arg(s.search.manualFace ? QStringLiteral(", marked by hand") : QString());
                for (const QJsonValue& w : s.search.parameters.value(QStringLiteral("quality_warnings")).toArray()) {
                    if (!warnings.contains(w.toString())) warnings << w.toString();
                }
            }
            h += QStringLiteral("<h3>Probe #%1</h3><table cellspacing='0'><tr><td>%2</td><td><table cellspacing='0'>")
                     .arg(number)
                     .arg(image(QStringLiteral("probe-%1").arg(p.id), m_images.withBoxes(p.sha256, boxes, 600), 200));
            h += row(QStringLiteral("SHA-256"), QStringLiteral("<span class='mono'>%1</span>").arg(p.sha256));
            h += row(QStringLiteral("In bundle"), evidenceNote(m_in.evidence, p.sha256));
            h += row(QStringLiteral("Photo"), QStringLiteral("%1, %2 × %3 px, %4 bytes").arg(esc(p.format)).arg(p.width).arg(p.height).arg(p.fileBytes));
            h += row(QStringLiteral("Declared kind"), ProbeRecord::kindName(p.declaredKind) +
                                                          (p.editNote.isEmpty() ? QString() : QStringLiteral(" — ") + esc(p.editNote)));
            h += row(QStringLiteral("Imported from"), esc(p.originalPath));
            h += row(QStringLiteral("Imported"), QStringLiteral("%1 by %2").arg(when(p.importedAt), esc(p.actor)));
            h += row(QStringLiteral("Face boxes"), searched.isEmpty() ? QStringLiteral("not searched") : esc(searched.join(QStringLiteral("; "))));
            h += row(QStringLiteral("Quality warnings"), warnings.isEmpty() ? QStringLiteral("none")
                                                                            : QStringLiteral("<span class='warn'>%1</span>").arg(esc(warnings.join(QStringLiteral("; ")))));
            h += QStringLiteral("</table></td></tr></table>");
        }
        return h;
    }

    QString searches() {
        QString h;
        for (const CaseSnapshot::SearchEntry& s : m_in.snapshot.searches) {
            const RecordedSearch& q = s.search;
            const QJsonObject& p = q.parameters;
            const QJsonValue threshold = p.value(QStringLiteral("threshold"));
            h += QStringLiteral("<h2 style='page-break-before: always'>Search %1</h2><table cellspacing='0'>").arg(q.id);
            h += row(QStringLiteral("Probe"), QStringLiteral("#%1, face %2, %3%4")
                                                  .arg(q.probeId && m_probeNumber.count(*q.probeId) ? m_probeNumber[*q.probeId] : 0)
                                                  .arg(q.faceIndex)
                                                  .arg(boxText(q.box), q.manualFace ? QStringLiteral(" (marked by hand)") : QString()));
            h += row(QStringLiteral("Gallery"), QStringLiteral("%1 (revision %2), N = %3 faces")
                                                    .arg(esc(q.galleryName)).arg(q.galleryRevision).arg(q.gallerySize()));
            h += row(QStringLiteral("Method"), QStringLiteral("%1, k = %2, threshold %3")
                                                   .arg(esc(p.value(QStringLiteral("method")).toString()))
                                                   .arg(q.k())
                                                   .arg(threshold.isDouble() ? audit::decimal(threshold.toDouble(), audit::kDistancePlaces)
                                                                             : QStringLiteral("none (top-k list)")));
            h += row(QStringLiteral("Model"), esc(q.modelKey));
            h += row(QStringLiteral("Weights SHA-256"), QStringLiteral("<span class='mono'>%1</span>").arg(esc(p.value(QStringLiteral("weights_sha256")).toString())));
            h += row(QStringLiteral("Software"), esc(p.value(QStringLiteral("software")).toString()));
            h += row(QStringLiteral("Run"), QStringLiteral("%1 by %2; audit record %3")
                                                .arg(when(q.finishedAt), esc(q.actor))
                                                .arg(s.runRecordSeq ? QString::number(*s.runRecordSeq) : QStringLiteral("—")));
            QStringList warnings;
            for (const QJsonValue& w : p.value(QStringLiteral("quality_warnings")).toArray()) warnings << w.toString();
            if (!warnings.isEmpty()) {
                h += row(QStringLiteral("Quality"), QStringLiteral("<span class='warn'>%1</span>").arg(esc(warnings.join(QStringLiteral("; ")))));
            }
            h += QStringLiteral("</table><p class='small'>All %1 candidates shown to the analyst, in rank order. "
                                "Distance: smaller is more similar. FMR: how often two different people "
                                "score this close (calibrated).</p>").arg(s.candidates.size());
            h += QStringLiteral("<table border='1' cellspacing='0' cellpadding='2' width='100%' style='border-collapse: collapse; border-color: #aaa'>"
                                "<thead><tr><th>Rank</th><th>Face</th><th>Distance</th><th>FMR</th><th>Subject</th><th>Verdict</th></tr></thead>");
            for (const CaseSnapshot::CandidateEntry& c : s.candidates) {
                const QRectF box = c.provenance ? c.provenance->box : QRectF();
                // The bundle holds chips, not originals, under the aligned_chips policy.
                const AlignedChip* chip = m_in.chips.chipsInsteadOfOriginals ? m_in.chips.candidate(c.candidate.id) : nullptr;
                const QString thumb = image(QStringLiteral("thumb-%1").arg(c.candidate.id),
                                            chip ? m_images.alignedChip(*chip, 96) : m_images.faceCrop(c.candidate.imageSha256, box, 96), 40);
                QString verdict = QStringLiteral("<b>%1</b>").arg(verdictLabel(c));
                if (c.verdict) {
                    verdict += QStringLiteral("<br><span class='small'>%1 — %2</span>")
                                   .arg(esc(c.verdict->analyst), esc(c.verdict->reason.left(160)));
                    if (!c.verdict->reviews.empty()) verdict += QStringLiteral("<br><span class='small'>%1</span>").arg(reviewLines(*c.verdict));
                }
                h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td></tr>")
                         .arg(c.candidate.rank)
                         .arg(thumb, audit::decimal(c.candidate.distance, audit::kDistancePlaces), fmrText(c),
                              esc(subjectOf(c.candidate)), verdict);
            }
            h += QStringLiteral("</table>");
        }
        return h;
    }

    QString comparePages() {
        QString h;
        for (const CaseSnapshot::SearchEntry& s : m_in.snapshot.searches) {
            for (const CaseSnapshot::CandidateEntry& c : s.candidates) {
                if (!c.verdict) continue;
                const VerdictRecord& v = *c.verdict;
                std::vector<ReportImages::Mark> probeMarks;
                std::vector<ReportImages::Mark> candidateMarks;
                QString markList;
                for (std::size_t i = 0; i < v.marks.size(); ++i) {
                    const VerdictRecord::Mark& m = v.marks[i];
                    const ReportImages::Mark mark{m.position, int(i) + 1};
                    (m.side == VerdictRecord::Mark::Side::Probe ? probeMarks : candidateMarks).push_back(mark);
                    markList += QStringLiteral("%1. %2 (%3, %4, %5)<br>")
                                    .arg(i + 1)
                                    .arg(esc(m.label), VerdictRecord::sideName(m.side), audit::decimal(m.position.x(), 1),
                                         audit::decimal(m.position.y(), 1));
                }
                const QRectF candidateBox = c.provenance ? c.provenance->box : QRectF();
                h += QStringLiteral("<h2 style='page-break-before: always'>Compare: search %1, rank %2 — %3</h2>")
                         .arg(s.search.id).arg(c.candidate.rank).arg(verdictLabel(c));
                const Face probe{QStringLiteral("probe-%1").arg(c.candidate.id), m_in.chips.probe(s.search.id),
                                 s.search.probeSha256, s.search.box, probeMarks, true};
                const Face candidate{QStringLiteral("cand-%1").arg(c.candidate.id), m_in.chips.candidate(c.candidate.id),
                                     c.candidate.imageSha256, candidateBox, candidateMarks, !m_in.chips.chipsInsteadOfOriginals};
                h += QStringLiteral("<table cellspacing='6'><tr><th>Probe (face %1)</th><th>Candidate: %2</th></tr>"
                                    "<tr><td>%3</td><td>%4</td></tr><tr><td>%5</td><td>%6</td></tr></table>")
                         .arg(s.search.faceIndex)
                         .arg(esc(subjectOf(c.candidate)), mainFace(probe), mainFace(candidate), contextFace(probe),
                              contextFace(candidate));
                h += QStringLiteral("<p class='small'>Top: the aligned 150 × 150 faces the descriptor compared (eyes and "
                                    "mouth at fixed positions), marks mapped onto them. Below: the face box with a "
                                    "quarter margin from the evidence copy, for context.%1</p>")
                         .arg(probe.chip && candidate.chip ? QString()
                                                           : QStringLiteral(" A face that could not be aligned (no landmark "
                                                                            "model, or its photo is not in the bundle) is shown "
                                                                            "as that crop instead."));
                h += QStringLiteral("<table cellspacing='0'>");
                h += row(QStringLiteral("Distance / FMR"), QStringLiteral("%1 / %2").arg(audit::decimal(c.candidate.distance, audit::kDistancePlaces), fmrText(c)));
                h += row(QStringLiteral("Verdict"), QStringLiteral("<b>%1</b> by %2, %3").arg(verdictLabel(c), esc(v.analyst), when(v.createdAt)));
                h += row(QStringLiteral("Reason"), esc(v.reason).replace(QLatin1Char('\n'), QStringLiteral("<br>")));
                if (!v.reviews.empty()) h += row(QStringLiteral("Second review"), reviewLines(v));
                if (!v.notes.isEmpty()) h += row(QStringLiteral("Notes"), esc(v.notes).replace(QLatin1Char('\n'), QStringLiteral("<br>")));
                h += row(QStringLiteral("Marks"), markList.isEmpty() ? QStringLiteral("none") : markList);
                if (c.provenance) {
                    const CandidateProvenance& p = *c.provenance;
                    h += row(QStringLiteral("Candidate photo"), QStringLiteral("%1<br><span class='mono'>%2</span>").arg(esc(p.imagePath), p.imageSha256));
                    h += row(QStringLiteral("Enrolled"), QStringLiteral("%1, source %2%3").arg(esc(displayTime(p.importedAt)), esc(p.source),
                                                                                              p.jobId ? QStringLiteral(", job %1 by %2").arg(*p.jobId).arg(esc(p.jobActor)) : QString()));
                } else {
                    h += row(QStringLiteral("Candidate photo"), QStringLiteral("the gallery face was removed since the search"));
                }
                const AlignedChip* bundledChip = m_in.chips.candidate(c.candidate.id);
                h += row(QStringLiteral("In bundle"),
                         bundledChip && !bundledChip->bundlePath.isEmpty()
                             ? QStringLiteral("%1 (aligned chip; the original is withheld by the agency policy)").arg(esc(bundledChip->bundlePath))
                             : evidenceNote(m_in.evidence, c.candidate.imageSha256));
                h += QStringLiteral("</table>");
            }
        }
        return h;
    }

    // One side of a compare page: its aligned chip when core could cut one, and its evidence copy.
    struct Face {
        QString name;              // resource name prefix
        const AlignedChip* chip;   // null: could not align
        QString sha256;            // of the photo
        QRectF box;
        const std::vector<ReportImages::Mark>& marks;
        bool originalInBundle;     // false when the policy exports chips instead of originals
    };

    // The aligned chip, or the crop labelled as such when there is none.
    QString mainFace(const Face& f) {
        if (f.chip) {
            return image(f.name + QStringLiteral("-chip"), m_images.alignedChip(*f.chip, 450, f.marks), 220) +
                   QStringLiteral("<br><span class='small'>aligned</span>");
        }
        return image(f.name + QStringLiteral("-crop"), m_images.faceCrop(f.sha256, f.box, 450, f.marks), 220) +
               QStringLiteral("<br><span class='small warn'>crop (could not align)</span>");
    }

    // The crop as context under a chip; nothing when the crop is already the main picture.
    QString contextFace(const Face& f) {
        if (!f.chip) return QString();
        if (!f.originalInBundle) return QStringLiteral("<span class='small'>original not exported (agency policy)</span>");
        return image(f.name + QStringLiteral("-ctx"), m_images.faceCrop(f.sha256, f.box, 300, f.marks), 140) +
               QStringLiteral("<br><span class='small'>crop from the evidence copy</span>");
    }

    QString auditExcerpt() {
        const CaseSnapshot& s = m_in.snapshot;
        QString h = QStringLiteral("<h2 style='page-break-before: always'>Audit excerpt</h2>");
        h += QStringLiteral("<p>The %1 audit records of this case, from the workspace's hash-chained log "
                            "(audit.jsonl and audit-chain.json in the bundle hold them in full). Chain head at "
                            "export: seq %2, hash <span class='mono'>%3</span>. The export itself is the "
                            "next record, whose prev_hash is this head.</p>")
                 .arg(s.caseRecords.size()).arg(s.headSeq).arg(s.headHash);
        h += QStringLiteral("<table border='1' cellspacing='0' cellpadding='2' width='100%' style='border-collapse: collapse; border-color: #aaa'>"
                            "<thead><tr><th>Seq</th><th>Time</th><th>Actor</th><th>Action</th><th>What</th><th>Hash</th></tr></thead>");
        for (const AuditRecord& r : s.caseRecords) {
            h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td class='mono'>%6…</td></tr>")
                     .arg(r.seq)
                     .arg(esc(displayTime(r.at)), esc(r.actor), esc(r.action), esc(auditSummary(r)), r.hash.left(16));
        }
        h += QStringLiteral("</table>");
        return h;
    }

    QTextDocument& m_doc;
    const CaseReportWriter::Input& m_in;
    ReportImages m_images;
    std::map<qint64, int> m_probeNumber;
};
}  // namespace

void CaseReportDocument::build(QTextDocument& document, const CaseReportWriter::Input& input) {
    Builder(document, input).build();
}

}  // namespace facecase
