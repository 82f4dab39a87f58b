#pragma once

#include <QTextDocument>

#include "casefile/case_report_writer.h"

namespace facecase {

// The content of a case report as a QTextDocument (HTML plus image resources): case header,
// each probe with its face boxes, each search's parameters (N, k, threshold, model, weights)
// and candidate table with face thumbnails, distances, FMR and verdicts, one compare page per
// candidate with a verdict, and the audit excerpt with the chain head. Sizes are CSS pixels
// (1/96 inch) so the document prints at the same physical size on any device; pagination,
// the footer and the PDF are CaseReportRenderer's. Qt Gui on the calling thread.
class CaseReportDocument {
public:
    static void build(QTextDocument& document, const CaseReportWriter::Input& input);
};

}  // namespace facecase
