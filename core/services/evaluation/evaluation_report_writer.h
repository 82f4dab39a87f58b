#pragma once

#include "services/evaluation/evaluation_report.h"

#include <QStringList>

namespace facecase {

// Writes an EvaluationReport into a folder: evaluation.json (every number), evaluation.html
// (self-contained tables, readable in any browser and printable) and the plots it shows as
// plain SVG files beside it: roc.svg, det.svg, cmc.svg. Each file is written atomically
// (QSaveFile), so an interrupted run never leaves a half-written report.
class EvaluationReportWriter {
public:
    // The folder is created if missing. Returns the files written (absolute paths).
    static Result<QStringList> write(const EvaluationReport& report, const QString& folder);

    // The parts, for tests and other front ends.
    static QString html(const EvaluationReport& report);
    static QString rocSvg(const EvaluationReport& report);
    static QString detSvg(const EvaluationReport& report);
    static QString cmcSvg(const EvaluationReport& report);
};

}  // namespace facecase
