#include "services/evaluation/evaluation_report_writer.h"

#include "evaluation/svg_chart.h"

#include <QDir>
#include <QJsonDocument>
#include <QSaveFile>

#include <algorithm>

namespace facecase {

namespace {

const QString kColours[] = {QStringLiteral("#1f77b4"), QStringLiteral("#d62728"),
                            QStringLiteral("#2ca02c"), QStringLiteral("#9467bd"),
                            QStringLiteral("#ff7f0e"), QStringLiteral("#8c564b")};

QString colour(std::size_t i) {
    return kColours[i % std::size(kColours)];
}

QString pct(double v) {
    return QStringLiteral("%1%").arg(100 * v, 0, 'f', 2);
}

QString rate(double v) {
    return QString::number(v, 'g', 4);
}

QString esc(const QString& s) {
    return s.toHtmlEscaped();
}

// The curves of the whole set and of each group that has one: one series per curve.
template <class Point>
std::vector<SvgChart::Series> curves(const EvaluationReport& r, Point point) {
    std::vector<SvgChart::Series> series;
    const auto add = [&](const QString& name, const std::vector<TradeoffPoint>& curve) {
        SvgChart::Series s{name, colour(series.size()), {}, false};
        for (const TradeoffPoint& p : curve) s.points.push_back(point(p));
        series.push_back(std::move(s));
    };
    add(QStringLiteral("all"), r.verification.curve);
    for (const SubgroupSummary& g : r.groups)
        if (g.verification) add(g.group, g.verification->curve);
    return series;
}

Result<void> save(const QString& path, const QByteArray& bytes) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error::invalidInput(QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
    return {};
}

QString row(const QStringList& cells, bool header = false) {
    const QString tag = header ? QStringLiteral("th") : QStringLiteral("td");
    QString out = QStringLiteral("<tr>");
    for (const QString& c : cells) out += QStringLiteral("<%1>%2</%1>").arg(tag, c);
    return out + QStringLiteral("</tr>\n");
}

QString identificationRows(const QString& label, const IdentificationReport& id) {
    QStringList cells{esc(label), QString::number(id.gallerySize), QString::number(id.matedSearches),
                      QString::number(id.nonMatedSearches), pct(id.rank1), pct(id.rank10)};
    for (const FnirAtFpir& f : id.fnirAtFpir)
        cells << (f.resolvable ? QStringLiteral("%1 (T %2)").arg(pct(f.fnir), rate(f.threshold))
                               : QStringLiteral("n/a (needs %1 non-mated)")
                                     .arg(std::ceil(1.0 / f.targetFpir)));
    return row(cells);
}

}  // namespace

QString EvaluationReportWriter::rocSvg(const EvaluationReport& r) {
    SvgChart chart(QStringLiteral("ROC: true match rate vs false match rate"),
                   QStringLiteral("FMR (log scale)"), QStringLiteral("TMR = 1 - FNMR"));
    chart.setLogX(true);
    chart.setYRange(0, 1);
    chart.setLegendAtBottom(true);
    for (auto& s : curves(r, [](const TradeoffPoint& p) { return std::pair{p.fmr, 1 - p.fnmr}; }))
        chart.addSeries(std::move(s));
    return chart.toSvg();
}

QString EvaluationReportWriter::detSvg(const EvaluationReport& r) {
    SvgChart chart(QStringLiteral("DET: false non-match rate vs false match rate"),
                   QStringLiteral("FMR (log scale)"), QStringLiteral("FNMR (log scale)"));
    chart.setLogX(true);
    chart.setLogY(true);
    for (auto& s : curves(r, [](const TradeoffPoint& p) { return std::pair{p.fmr, p.fnmr}; }))
        chart.addSeries(std::move(s));
    return chart.toSvg();
}

QString EvaluationReportWriter::cmcSvg(const EvaluationReport& r) {
    SvgChart chart(QStringLiteral("CMC: mated searches with the mate within rank r (N = %1)")
                       .arg(r.identification.gallerySize),
                   QStringLiteral("rank r"), QStringLiteral("hit rate"));
    chart.setXRange(1, std::max(2, r.identification.maxRank));
    chart.setLegendAtBottom(true);
    const auto add = [&](const QString& name, const IdentificationReport& id) {
        SvgChart::Series s{name, colour(0), {}, true};
        for (std::size_t i = 0; i < id.cmc.size(); ++i) s.points.emplace_back(double(i + 1), id.cmc[i]);
        return s;
    };
    std::vector<SvgChart::Series> series{add(QStringLiteral("all"), r.identification)};
    for (const SubgroupSummary& g : r.groups)
        if (g.identification) series.push_back(add(g.group, *g.identification));
    double lowest = 1;
    for (std::size_t i = 0; i < series.size(); ++i) {
        series[i].colour = colour(i);
        for (const auto& p : series[i].points) lowest = std::min(lowest, p.second);
    }
    // Hit rates sit near the top: start the axis just below the lowest so differences show.
    chart.setYRange(std::max(0.0, std::floor(lowest * 10 - 0.5) / 10), 1);
    for (auto& s : series) chart.addSeries(std::move(s));
    return chart.toSvg();
}

QString EvaluationReportWriter::html(const EvaluationReport& r) {
    const VerificationSummary& v = r.verification;
    QString h;
    h += QStringLiteral(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>FaceCase evaluation</title>\n<style>body{font-family:sans-serif;max-width:60em;"
        "margin:2em auto;padding:0 1em}table{border-collapse:collapse;margin:0.5em 0 1.5em}"
        "td,th{border:1px solid #bbb;padding:0.25em 0.6em;text-align:left}th{background:#eee}"
        "p.protocol{font-size:0.9em;color:#333}img{max-width:100%}</style></head><body>\n");
    h += QStringLiteral("<h1>FaceCase evaluation report</h1>\n<table>\n");
    h += row({QStringLiteral("Dataset"), esc(r.dataset)});
    h += row({QStringLiteral("Model"), esc(r.modelKey)});
    h += row({QStringLiteral("Descriptor mode"), esc(r.descriptorMode)});
    h += row({QStringLiteral("FaceCase version"), esc(r.facecaseVersion)});
    h += row({QStringLiteral("Date (UTC)"), esc(r.createdUtc)});
    h += row({QStringLiteral("Command"), QStringLiteral("<code>%1</code>").arg(esc(r.command))});
    h += row({QStringLiteral("Decision threshold (distance)"), rate(r.threshold)});
    h += QStringLiteral("</table>\n");

    h += QStringLiteral("<h2>Acquisition and quality</h2>\n<table>\n");
    h += row({QStringLiteral("Identities"), QString::number(r.identities)});
    h += row({QStringLiteral("Photos"), QString::number(r.photos)});
    h += row({QStringLiteral("Photos with a usable face"), QString::number(r.photosUsed)});
    h += row({QStringLiteral("Failure to acquire"),
              QStringLiteral("%1 (%2): %3 unreadable, %4 without a face")
                  .arg(r.photos - r.photosUsed)
                  .arg(pct(r.photos > 0 ? double(r.photos - r.photosUsed) / r.photos : 0.0))
                  .arg(r.unreadablePhotos)
                  .arg(r.photosWithoutFace)});
    for (const auto& [level, count] : r.qualityLevels)
        h += row({QStringLiteral("Face quality: %1").arg(esc(level)), QString::number(count)});
    h += QStringLiteral("</table>\n");
    if (!r.problems.isEmpty()) {
        h += QStringLiteral("<details><summary>Unusable photos (%1)</summary><ul>\n").arg(r.problems.size());
        for (const QString& p : r.problems) h += QStringLiteral("<li>%1</li>\n").arg(esc(p));
        h += QStringLiteral("</ul></details>\n");
    }

    h += QStringLiteral("<h2>Verification (1:1)</h2>\n<p class=\"protocol\">%1</p>\n<table>\n")
             .arg(esc(EvaluationReport::verificationProtocol()));
    h += row({QStringLiteral("Operating point"), QStringLiteral("Threshold"), QStringLiteral("FMR"),
              QStringLiteral("FNMR")},
             true);
    const auto point = [&](const QString& name, const TradeoffPoint& p) {
        h += row({name, rate(p.threshold), rate(p.fmr), rate(p.fnmr)});
    };
    point(QStringLiteral("Configured threshold"), v.atThreshold);
    point(QStringLiteral("Best balanced accuracy (%1)")
              .arg(pct(1 - (v.bestBalanced.fmr + v.bestBalanced.fnmr) / 2)),
          v.bestBalanced);
    point(QStringLiteral("Equal error rate"), v.equalError);
    for (std::size_t i = 0; i < v.atFmr.size(); ++i)
        point(QStringLiteral("FMR &le; %1").arg(rate(VerificationSummary::kFmrTargets[i])), v.atFmr[i]);
    h += QStringLiteral("</table>\n<p>%1 genuine pairs, %2 impostor pairs; AUC %3.</p>\n")
             .arg(v.genuinePairs)
             .arg(v.impostorPairs)
             .arg(v.auc, 0, 'f', 5);
    h += QStringLiteral("<p><img src=\"roc.svg\" alt=\"ROC curve\"> <img src=\"det.svg\" "
                        "alt=\"DET curve\"></p>\n");

    const IdentificationReport& id = r.identification;
    h += QStringLiteral("<h2>Identification (1:N)</h2>\n<p class=\"protocol\">%1</p>\n")
             .arg(esc(EvaluationReport::identificationProtocol()));
    h += QStringLiteral("<p>Gallery N = %1 (identities held out: %2).</p>\n<table>\n")
             .arg(id.gallerySize)
             .arg(r.heldOutIdentities);
    QStringList head{QStringLiteral("Searches"), QStringLiteral("N"), QStringLiteral("Mated"),
                     QStringLiteral("Non-mated"), QStringLiteral("Rank 1"),
                     QStringLiteral("Rank %1").arg(std::min(10, id.maxRank))};
    for (const FnirAtFpir& f : id.fnirAtFpir) head << QStringLiteral("FNIR at FPIR %1").arg(rate(f.targetFpir));
    h += row(head, true);
    h += identificationRows(QStringLiteral("all"), id);
    h += QStringLiteral("</table>\n<p><img src=\"cmc.svg\" alt=\"CMC curve\"></p>\n");

    if (!r.groupsFile.isEmpty()) {
        h += QStringLiteral("<h2>Subgroups</h2>\n<p>Groups from %1; %2 identities without a group "
                            "are left out of this section; %3 identities of the file are not in "
                            "the set. Impostor pairs are within a group.</p>\n<table>\n")
                 .arg(esc(r.groupsFile))
                 .arg(r.identitiesWithoutGroup)
                 .arg(r.groupIdentitiesNotInSet.size());
        h += row({QStringLiteral("Group"), QStringLiteral("Identities"), QStringLiteral("Photos"),
                  QStringLiteral("Genuine pairs"), QStringLiteral("Impostor pairs"),
                  QStringLiteral("FMR at threshold"), QStringLiteral("FNMR at threshold"),
                  QStringLiteral("AUC")},
                 true);
        for (const SubgroupSummary& g : r.groups) {
            QStringList cells{esc(g.group), QString::number(g.identities), QString::number(g.photosUsed)};
            if (g.verification)
                cells << QString::number(g.verification->genuinePairs)
                      << QString::number(g.verification->impostorPairs)
                      << rate(g.verification->atThreshold.fmr) << rate(g.verification->atThreshold.fnmr)
                      << QString::number(g.verification->auc, 'f', 5);
            else
                cells << QStringLiteral("no genuine or impostor pairs") << QString() << QString()
                      << QString() << QString();
            h += row(cells);
        }
        h += QStringLiteral("</table>\n<p>FMR ratio (highest / lowest group): %1. %2</p>\n<table>\n")
                 .arg(r.fmrRatio ? QString::number(*r.fmrRatio, 'f', 2) : QStringLiteral("n/a"),
                      esc(r.fmrRatioNote));
        h += row(head, true);
        for (const SubgroupSummary& g : r.groups)
            if (g.identification) h += identificationRows(g.group, *g.identification);
        h += QStringLiteral("</table>\n");
    }
    h += QStringLiteral("<p>Every number is in <a href=\"evaluation.json\">evaluation.json</a>.</p>\n"
                        "</body></html>\n");
    return h;
}

Result<QStringList> EvaluationReportWriter::write(const EvaluationReport& report, const QString& folder) {
    QDir dir(folder);
    if (!dir.mkpath(QStringLiteral(".")))
        return Error::invalidInput(QStringLiteral("%1: cannot create the folder").arg(folder));
    const std::pair<QString, QByteArray> files[] = {
        {QStringLiteral("roc.svg"), rocSvg(report).toUtf8()},
        {QStringLiteral("det.svg"), detSvg(report).toUtf8()},
        {QStringLiteral("cmc.svg"), cmcSvg(report).toUtf8()},
        {QStringLiteral("evaluation.json"), QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented)},
        {QStringLiteral("evaluation.html"), html(report).toUtf8()},
    };
    QStringList written;
    for (const auto& [name, bytes] : files) {
        const QString path = dir.absoluteFilePath(name);
        if (auto saved = save(path, bytes); !saved) return saved.error();
        written << path;
    }
    return written;
}

}  // namespace facecase
